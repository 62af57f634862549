#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "form.h"

#include "banned.h"

static enum rc parse(struct arena *a, const char *s, struct form *f)
{
    return form_parse(a, s, strlen(s), f);
}

static void test_basic(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct form f;
    assert_int_equal(parse(&a, "name=Jan+de+Vries&plaats=IJmuiden&leeg=", &f), RC_OK);
    assert_int_equal(f.n, 3);
    assert_string_equal(f.fields[0].name, "name");
    assert_string_equal(f.fields[0].value, "Jan de Vries");
    assert_string_equal(form_get(&f, "plaats"), "IJmuiden");
    assert_string_equal(form_get(&f, "leeg"), "");
    assert_null(form_get(&f, "missing"));
    assert_null(form_get(&f, "Name")); /* names are case-sensitive */
    arena_release(&a);
}

static void test_empty(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct form f = {(struct form_field *)&f, 99};
    assert_int_equal(form_parse(&a, "", 0, &f), RC_OK);
    assert_int_equal(f.n, 0);
    assert_null(f.fields);
    assert_null(form_get(&f, "x"));
    assert_int_equal(form_parse(&a, NULL, 0, &f), RC_OK);
    assert_int_equal(f.n, 0);
    /* Only separators: no fields. */
    assert_int_equal(parse(&a, "&&&", &f), RC_OK);
    assert_int_equal(f.n, 0);
    arena_release(&a);
}

static void test_decoding(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct form f;
    /* %-escapes in both cases, a literal '+' as %2B, UTF-8, '=' in a value. */
    assert_int_equal(parse(&a, "q=caf%C3%a9+%2B+co%C3%B6peratie&e%3Dq=a=b&%26=%25", &f), RC_OK);
    assert_int_equal(f.n, 3);
    assert_string_equal(form_get(&f, "q"), "caf\xc3\xa9 + co\xc3\xb6peratie");
    assert_string_equal(form_get(&f, "e=q"), "a=b");
    assert_string_equal(form_get(&f, "&"), "%");
    /* Raw UTF-8, as browsers do not always escape it in a query. */
    assert_int_equal(parse(&a, "plaats=\xc4\xb2muiden", &f), RC_OK);
    assert_string_equal(form_get(&f, "plaats"), "\xc4\xb2muiden");
    arena_release(&a);
}

static void test_parts_without_value_and_empty_parts(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct form f;
    assert_int_equal(parse(&a, "&flag&&x=1&=noname&", &f), RC_OK);
    assert_int_equal(f.n, 3);
    assert_string_equal(f.fields[0].name, "flag");
    assert_string_equal(f.fields[0].value, "");
    assert_string_equal(f.fields[1].name, "x");
    assert_string_equal(f.fields[1].value, "1");
    assert_string_equal(f.fields[2].name, "");
    assert_string_equal(f.fields[2].value, "noname");
    arena_release(&a);
}

static void test_repeated_names(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct form f;
    assert_int_equal(parse(&a, "skill=lassen&x=1&skill=heftruck&skill=&skill=koken", &f), RC_OK);
    assert_string_equal(form_get(&f, "skill"), "lassen");
    assert_int_equal(form_count(&f, "skill"), 4);
    assert_int_equal(form_count(&f, "x"), 1);
    assert_int_equal(form_count(&f, "y"), 0);
    const char *want[] = {"lassen", "heftruck", "", "koken"};
    int pos = 0, i = 0;
    for (const char *v; (v = form_next(&f, "skill", &pos));) {
        assert_true(i < 4);
        assert_string_equal(v, want[i]);
        i++;
    }
    assert_int_equal(i, 4);
    /* Exhausted stays exhausted. */
    assert_null(form_next(&f, "skill", &pos));
    pos = 0;
    assert_null(form_next(&f, "nope", &pos));
    arena_release(&a);
}

static void test_not_nul_terminated(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct form f;
    const char body[] = {'a', '=', '1', '&', 'b', '=', '2', 'X', 'Y'};
    assert_int_equal(form_parse(&a, body, 7, &f), RC_OK);
    assert_int_equal(f.n, 2);
    assert_string_equal(form_get(&f, "b"), "2");
    arena_release(&a);
}

static void test_malformed(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct form f;
    const char *bad[] = {
        "a=%",      "a=%4",   "a=%zz",  "a=%4g",           "%=1",         "a=1&b=%G0",
        "a=%00",    "a%00=1", "a=%C3",  "a=%C3%28",        "a=%ED%A0%80", "a=%F4%90%80%80",
        "a=%C0%AF", "a=\xff", "\xc3=1", "ok=1&bad=%e2%82",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        f.n = 42;
        assert_int_equal(parse(&a, bad[i], &f), RC_INVALID);
        assert_int_equal(f.n, 0);
        assert_null(f.fields);
    }
    /* A raw NUL inside the given length. */
    const char nul[] = "a=1\0b=2";
    assert_int_equal(form_parse(&a, nul, sizeof(nul) - 1, &f), RC_INVALID);
    arena_release(&a);
}

static void test_field_limit(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct buf b;
    buf_init(&b, 1 << 20);
    for (int i = 0; i < FORM_MAX_FIELDS; i++)
        assert_int_equal(buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i), RC_OK);
    struct form f;
    assert_int_equal(form_parse(&a, b.data, b.len, &f), RC_OK);
    assert_int_equal(f.n, FORM_MAX_FIELDS);
    assert_string_equal(form_get(&f, "f199"), "199");
    /* Empty parts do not count towards the limit. */
    assert_int_equal(buf_puts(&b, "&&&"), RC_OK);
    assert_int_equal(form_parse(&a, b.data, b.len, &f), RC_OK);
    assert_int_equal(buf_puts(&b, "x"), RC_OK);
    assert_int_equal(form_parse(&a, b.data, b.len, &f), RC_TOO_BIG);
    assert_int_equal(f.n, 0);
    assert_null(f.fields);
    buf_release(&b);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_decoding),
        cmocka_unit_test(test_parts_without_value_and_empty_parts),
        cmocka_unit_test(test_repeated_names),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_field_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
