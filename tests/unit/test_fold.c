#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "arena.h"
#include "fold.h"

#include "banned.h"

static bool valid_str(const char *s)
{
    return utf8_valid(s, strlen(s));
}

static void test_utf8_valid_accepts(void **state)
{
    (void)state;
    assert_true(utf8_valid("", 0));
    assert_true(utf8_valid(NULL, 0));
    assert_true(valid_str("plain ascii"));
    assert_true(valid_str("co\xc3\xb6peratie")); /* ö */
    assert_true(valid_str("\xc2\x80"));          /* U+0080, smallest 2-byte */
    assert_true(valid_str("\xdf\xbf"));          /* U+07FF */
    assert_true(valid_str("\xe0\xa0\x80"));      /* U+0800, smallest 3-byte */
    assert_true(valid_str("\xed\x9f\xbf"));      /* U+D7FF, just below surrogates */
    assert_true(valid_str("\xee\x80\x80"));      /* U+E000, just above */
    assert_true(valid_str("\xef\xbf\xbf"));      /* U+FFFF */
    assert_true(valid_str("\xf0\x90\x80\x80"));  /* U+10000, smallest 4-byte */
    assert_true(valid_str("\xf0\x9f\x98\x80"));  /* emoji */
    assert_true(valid_str("\xf4\x8f\xbf\xbf"));  /* U+10FFFF */
    /* len limits what is looked at: a cut after a whole character is fine. */
    assert_true(utf8_valid("ab\xc3\xb6", 2));
}

static void test_utf8_valid_rejects(void **state)
{
    (void)state;
    assert_false(utf8_valid(NULL, 1));
    assert_false(valid_str("\x80")); /* lone continuation */
    assert_false(valid_str("\xbf"));
    assert_false(valid_str("\xc3")); /* truncated 2-byte */
    assert_false(valid_str("\xc3x"));
    assert_false(valid_str("\xe2\x82"));       /* truncated 3-byte */
    assert_false(valid_str("\xf0\x9f\x98"));   /* truncated 4-byte */
    assert_false(utf8_valid("ab\xc3\xb6", 3)); /* cut inside a character */
    assert_false(valid_str("\xc0\x80"));       /* overlong NUL */
    assert_false(valid_str("\xc0\xaf"));       /* overlong '/' */
    assert_false(valid_str("\xc1\xbf"));
    assert_false(valid_str("\xe0\x80\xaf")); /* overlong 3-byte */
    assert_false(valid_str("\xe0\x9f\xbf"));
    assert_false(valid_str("\xf0\x80\x80\xaf")); /* overlong 4-byte */
    assert_false(valid_str("\xf0\x8f\xbf\xbf"));
    assert_false(valid_str("\xed\xa0\x80"));             /* U+D800 */
    assert_false(valid_str("\xed\xbf\xbf"));             /* U+DFFF */
    assert_false(valid_str("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair */
    assert_false(valid_str("\xf4\x90\x80\x80"));         /* U+110000 */
    assert_false(valid_str("\xf5\x80\x80\x80"));
    assert_false(valid_str("\xf8\x88\x80\x80\x80")); /* 5-byte form */
    assert_false(valid_str("\xfe"));
    assert_false(valid_str("\xff"));
    assert_false(valid_str("\xe2\x28\xa1")); /* bad continuation */
    assert_false(valid_str("\xe2\x82\x28"));
    assert_false(valid_str("\xf0\x9f\x28\x80"));
    assert_false(utf8_valid("a\0b", 3)); /* embedded NUL */
    assert_false(utf8_valid("\0", 1));
}

struct fold_case {
    const char *in, *want;
};

static void test_fold_required(void **state)
{
    (void)state;
    static const struct fold_case cases[] = {
        {"\xc4\xb2muiden", "ijmuiden"}, /* Ĳmuiden, ligature U+0132 */
        {"IJmuiden", "ijmuiden"},
        {"co\xc3\xb6peratie", "cooperatie"},  /* coöperatie, precomposed */
        {"coo\xcc\x88peratie", "cooperatie"}, /* o + combining diaeresis */
        {"M\xc3\xbcller", "muller"},          /* Müller */
        {"\xc3\x89LODIE", "elodie"},          /* ÉLODIE */
        {"\xc3\x87"
         "elik",
         "celik"},                 /* Çelik */
        {"\xc3\x98ster", "oster"}, /* Øster: no decomposition, mapped */
        {"S\xc3\xb8rensen", "sorensen"},
        {"\xc3\x86sop", "aesop"}, /* Æ */
        {"Stra\xc3\x9f"
         "e",
         "strasse"}, /* ß via case folding */
        {"\xc5\x81\xc3\xb3"
         "d\xc5\xba",
         "lodz"}, /* Łódź */
        {"\xc4\x90or\xc4\x91"
         "evi\xc4\x87",
         "dordevic"},
        {"\xc3\x9e\xc3\xb3r", "thor"},   /* Þór */
        {"\xc5\x92uvre", "oeuvre"},      /* Œ */
        {"\xc4\xb0stanbul", "istanbul"}, /* İ with dot above */
        {"Y\xc4\xb1lmaz", "yilmaz"},     /* dotless ı */
        {"\xef\xac\x81"
         "ets",
         "fiets"},                                       /* ﬁ ligature */
        {"\xef\xbc\xa1\xef\xbd\x82\xef\xbd\x83", "abc"}, /* fullwidth */
        {"Ren\xc3\xa9"
         "e de Vr\xc3\xae"
         "es",
         "renee de vries"},
    };
    struct arena a;
    arena_init(&a);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = fold_search_key(&a, cases[i].in);
        assert_non_null(got);
        assert_string_equal(got, cases[i].want);
    }
    arena_release(&a);
}

static void test_fold_whitespace(void **state)
{
    (void)state;
    static const struct fold_case cases[] = {
        {"", ""},
        {"   ", ""},
        {"\t\r\n", ""},
        {"  Jan   de  Vries  ", "jan de vries"},
        {"Jan\tde\nVries", "jan de vries"},
        {"Jan\xc2\xa0"
         "de",
         "jan de"}, /* no-break space */
        {"Jan\xe2\x80\x83"
         "de",
         "jan de"}, /* em space */
        {"Jan\xe2\x80\xa8"
         "de",
         "jan de"}, /* line separator */
        {"Jan\x01\x7f"
         "de",
         "jan de"}, /* controls */
        {"Jan\xc2\x85"
         "de",
         "jan de"}, /* NEL (C1) */
        {"ver\xc2\xad"
         "huisd",
         "verhuisd"}, /* soft hyphen dropped */
        {"ab\xe2\x80\x8b"
         "cd",
         "abcd"},                                /* zero-width space dropped */
        {"Jan\xe2\x80\x90Pieter", "jan-pieter"}, /* U+2010 hyphen lumped */
        {"\xe2\x80\x99t Hoen", "'t hoen"},       /* right single quote lumped */
        {"\xcc\x81"
         "abc",
         "abc"},                 /* leading stray mark */
        {"a \xcc\x81 b", "a b"}, /* a mark alone between spaces */
    };
    struct arena a;
    arena_init(&a);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = fold_search_key(&a, cases[i].in);
        assert_non_null(got);
        assert_string_equal(got, cases[i].want);
    }
    arena_release(&a);
}

static void test_fold_invalid(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_null(fold_search_key(&a, NULL));
    assert_null(fold_search_key(&a, "M\xfcller")); /* Latin-1, not UTF-8 */
    assert_null(fold_search_key(&a, "\xc0\x80"));
    assert_null(fold_search_key(&a, "\xed\xa0\x80"));
    assert_null(fold_search_key(&a, "abc\xe2\x82"));
    arena_release(&a);
}

/* Folding is idempotent and its output is valid UTF-8 with no upper case
 * ASCII and no space at either end. */
static void test_fold_properties(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "\xc4\xb2muiden",
        "M\xc3\xbcller  en  Zn.",
        "\xe5\xa4\xa7\xe9\x98\xaa",                         /* 大阪 */
        "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", /* Москва */
        "\xd8\xa3\xd8\xad\xd9\x85\xd8\xaf",                 /* أحمد */
        "\xf0\x9f\x98\x80 smile",
        "  \xc3\x85SE  ",
        "x",
    };
    struct arena a;
    arena_init(&a);
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        const char *once = fold_search_key(&a, inputs[i]);
        assert_non_null(once);
        assert_true(utf8_valid(once, strlen(once)));
        const char *twice = fold_search_key(&a, once);
        assert_non_null(twice);
        assert_string_equal(once, twice);
        size_t n = strlen(once);
        if (n) {
            assert_true(once[0] != ' ');
            assert_true(once[n - 1] != ' ');
        }
        assert_null(strstr(once, "  "));
        for (size_t k = 0; k < n; k++)
            assert_false(once[k] >= 'A' && once[k] <= 'Z');
    }
    /* Cyrillic is lower-cased, not transliterated. */
    assert_string_equal(fold_search_key(&a, "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0"),
                        "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0");
    arena_release(&a);
}

static void test_fold_long(void **state)
{
    (void)state;
    /* Many expanding characters in a row: the output buffer must hold them. */
    static const char unit[] = "\xc3\x86\xef\xac\x83\xc3\x9f"; /* Æ ﬃ ß -> ae ffi ss */
    char in[sizeof(unit) * 500];
    size_t o = 0;
    for (int i = 0; i < 500; i++) {
        memcpy(in + o, unit, sizeof(unit) - 1);
        o += sizeof(unit) - 1;
    }
    in[o] = '\0';
    struct arena a;
    arena_init(&a);
    const char *got = fold_search_key(&a, in);
    assert_non_null(got);
    assert_int_equal(strlen(got), 500 * 7);
    assert_memory_equal(got, "aeffiss", 7);
    arena_release(&a);
}

static void test_text_clean(void **state)
{
    (void)state;
    assert_true(text_clean("", 10));
    assert_true(text_clean("Jan de Vries", 100));
    assert_true(text_clean("M\xc3\xbcller", 6)); /* 6 code points, 7 bytes */
    assert_false(text_clean("M\xc3\xbcller", 5));
    assert_true(text_clean("\xf0\x9f\x98\x80", 1)); /* one code point, four bytes */
    assert_false(text_clean("ab", 1));
    assert_true(text_clean("ab", 2));
    assert_false(text_clean("a", 0));
    assert_true(text_clean("", 0));
    assert_true(text_clean("\xd8\xa3\xd8\xad\xd9\x85\xd8\xaf", 4)); /* Arabic */
    assert_true(text_clean("a\xe2\x80\x8d"
                           "b",
                           10)); /* ZWJ stays allowed */

    assert_false(text_clean(NULL, 10));
    assert_false(text_clean("a\nb", 10));
    assert_false(text_clean("a\rb", 10));
    assert_false(text_clean("a\tb", 10));
    assert_false(text_clean("a\x1b[31mb", 20));
    assert_false(text_clean("a\x7f", 10));
    assert_false(text_clean("a\xc2\x85", 10)); /* NEL */
    assert_false(text_clean("a\xc2\x9f", 10)); /* last C1 */
    assert_true(text_clean("a\xc2\xa0"
                           "b",
                           10)); /* NBSP is not a control */
    assert_false(text_clean("a\xe2\x80\xa8"
                            "b",
                            10)); /* U+2028 */
    assert_false(text_clean("a\xe2\x80\xa9"
                            "b",
                            10)); /* U+2029 */
    assert_false(text_clean("a\xe2\x80\xae"
                            "b",
                            10)); /* RLO */
    assert_false(text_clean("a\xe2\x80\xaa"
                            "b",
                            10)); /* LRE */
    assert_false(text_clean("a\xe2\x81\xa6"
                            "b",
                            10)); /* LRI */
    assert_false(text_clean("a\xe2\x81\xa9"
                            "b",
                            10));                 /* PDI */
    assert_false(text_clean("M\xfcller", 10));    /* Latin-1 */
    assert_false(text_clean("\xed\xa0\x80", 10)); /* surrogate */
}

static void test_text_clean_multiline(void **state)
{
    (void)state;
    assert_true(text_clean_multiline("regel 1\nregel 2\r\n\tingesprongen", 100));
    assert_true(text_clean_multiline("a\xe2\x80\xa8"
                                     "b",
                                     10));
    assert_true(text_clean_multiline("a\xe2\x80\xa9"
                                     "b",
                                     10));
    assert_true(text_clean_multiline("a\r\nb", 4));
    assert_false(text_clean_multiline("a\r\nb", 3));
    assert_true(text_clean_multiline("", 0));
    assert_false(text_clean_multiline(NULL, 10));
    assert_false(text_clean_multiline("a\x0b"
                                      "b",
                                      10)); /* vertical tab */
    assert_false(text_clean_multiline("a\x0c"
                                      "b",
                                      10)); /* form feed */
    assert_false(text_clean_multiline("a\x01"
                                      "b",
                                      10));
    assert_false(text_clean_multiline("a\x7f", 10));
    assert_false(text_clean_multiline("a\xc2\x80", 10));
    assert_false(text_clean_multiline("a\xe2\x80\xae"
                                      "b",
                                      10));
    assert_false(text_clean_multiline("\xc3", 10));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid_accepts),
        cmocka_unit_test(test_utf8_valid_rejects),
        cmocka_unit_test(test_fold_required),
        cmocka_unit_test(test_fold_whitespace),
        cmocka_unit_test(test_fold_invalid),
        cmocka_unit_test(test_fold_properties),
        cmocka_unit_test(test_fold_long),
        cmocka_unit_test(test_text_clean),
        cmocka_unit_test(test_text_clean_multiline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
