#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "urlcode.h"

#include "banned.h"

static struct arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_release(&arena);
    return 0;
}

static const char *dec(const char *s, bool plus)
{
    return url_decode(&arena, s, strlen(s), plus);
}

static void test_decode_ok(void **state)
{
    (void)state;
    assert_string_equal(dec("", false), "");
    assert_string_equal(dec("abc", false), "abc");
    assert_string_equal(dec("a%20b", false), "a b");
    assert_string_equal(dec("a+b", false), "a+b");
    assert_string_equal(dec("a+b", true), "a b");
    assert_string_equal(dec("a%2Bb", true), "a+b"); /* an encoded plus stays a plus */
    assert_string_equal(dec("%41%42%43", false), "ABC");
    assert_string_equal(dec("%c3%a9%C3%A9", false), "\xc3\xa9\xc3\xa9"); /* either case */
    assert_string_equal(dec("M%C3%BCller", true), "M\xc3\xbcller");
    assert_string_equal(dec("%25", false), "%");
    assert_string_equal(dec("%2525", false), "%25"); /* decoded once only */
    assert_string_equal(dec("%F0%9F%98%80", false), "\xf0\x9f\x98\x80");
    assert_string_equal(dec("a=1&b=2", false), "a=1&b=2");
    /* Raw UTF-8 in the input is allowed when it is valid. */
    assert_string_equal(dec("M\xc3\xbcller", false), "M\xc3\xbcller");
    assert_string_equal(url_decode(&arena, NULL, 0, false), "");
}

static void test_decode_len(void **state)
{
    (void)state;
    /* Only len bytes count, even when an escape is cut by it. */
    assert_string_equal(url_decode(&arena, "ab%20cd", 2, false), "ab");
    assert_string_equal(url_decode(&arena, "ab%20cd", 5, false), "ab ");
    assert_null(url_decode(&arena, "ab%20cd", 4, false));
    assert_null(url_decode(&arena, "ab%20cd", 3, false));
}

static void test_decode_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "%", "%4", "a%", "a%4", "%zz", "%4g", "%g4", "%%41", "% 41", "%+41", "%-1", "100%",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_null(dec(bad[i], false));
        assert_null(dec(bad[i], true));
    }
    assert_null(url_decode(&arena, NULL, 3, false));
}

static void test_decode_rejects_bad_text(void **state)
{
    (void)state;
    assert_null(dec("%00", false));
    assert_null(dec("a%00b", false));
    assert_null(url_decode(&arena, "a\0b", 3, false)); /* raw NUL */
    assert_null(dec("%C3", false));                    /* truncated sequence */
    assert_null(dec("%C3%28", false));
    assert_null(dec("%C0%AF", false));       /* overlong '/' */
    assert_null(dec("%ED%A0%80", false));    /* surrogate */
    assert_null(dec("%F4%90%80%80", false)); /* past U+10FFFF */
    assert_null(dec("%FF", false));
    assert_null(dec("M%FCller", false));  /* Latin-1 escape */
    assert_null(dec("M\xfcller", false)); /* raw Latin-1 */
}

static void expect_encode(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, 4096);
    assert_int_equal(url_encode(&b, in), RC_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    buf_release(&b);
}

static void test_encode(void **state)
{
    (void)state;
    expect_encode("", "");
    expect_encode(NULL, "");
    expect_encode("abcXYZ019-_.~", "abcXYZ019-_.~");
    expect_encode("a b", "a%20b");
    expect_encode("a+b", "a%2Bb");
    expect_encode("a&b=c/d?e#f%g", "a%26b%3Dc%2Fd%3Fe%23f%25g");
    expect_encode("M\xc3\xbcller", "M%C3%BCller");
    expect_encode("\xf0\x9f\x98\x80", "%F0%9F%98%80");
    expect_encode("<\"'>", "%3C%22%27%3E");
    expect_encode("\x01\x7f\xff", "%01%7F%FF");
}

static void test_encode_all_bytes_roundtrip(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    for (int c = 1; c < 128; c++) {
        char in[2] = {(char)c, '\0'};
        buf_reset(&b);
        assert_int_equal(url_encode(&b, in), RC_OK);
        bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                          (c >= '0' && c <= '9') || strchr("-_.~", c);
        assert_int_equal(b.len, unreserved ? 1 : 3);
        const char *back = url_decode(&arena, b.data, b.len, true);
        assert_non_null(back);
        assert_string_equal(back, in);
    }
    /* A longer mixed string survives encode + decode with either plus rule. */
    const char *s = "Coöperatie 'De Eendracht' & Zn. + 100% \xe2\x82\xac/\xf0\x9f\x98\x80";
    buf_reset(&b);
    assert_int_equal(url_encode(&b, s), RC_OK);
    assert_string_equal(url_decode(&arena, b.data, b.len, true), s);
    assert_string_equal(url_decode(&arena, b.data, b.len, false), s);
    buf_release(&b);
}

static void test_encode_too_big(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "q="), RC_OK);
    assert_int_equal(url_encode(&b, "ab c"), RC_OK); /* "ab%20c": 6 bytes, exactly full */
    assert_string_equal(b.data, "q=ab%20c");
    assert_int_equal(url_encode(&b, "x"), RC_TOO_BIG);
    assert_string_equal(b.data, "q=ab%20c");
    buf_release(&b);

    /* Fails half way: what was appended of this call is taken back. */
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "q="), RC_OK);
    assert_int_equal(url_encode(&b, "abc def"), RC_TOO_BIG);
    assert_string_equal(b.data, "q=");
    assert_int_equal(b.len, 2);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_ok),        cmocka_unit_test(test_decode_len),
        cmocka_unit_test(test_decode_malformed), cmocka_unit_test(test_decode_rejects_bad_text),
        cmocka_unit_test(test_encode),           cmocka_unit_test(test_encode_all_bytes_roundtrip),
        cmocka_unit_test(test_encode_too_big),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
