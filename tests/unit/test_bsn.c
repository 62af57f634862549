#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "bsn.h"

#include "banned.h"

/* Computed by hand: 111222333 -> 66, 123456782 -> 154, 999999990 -> 396,
 * 200000007 -> 11, all multiples of 11. */
static void test_valid(void **state)
{
    (void)state;
    assert_true(bsn_valid("111222333"));
    assert_true(bsn_valid("123456782"));
    assert_true(bsn_valid("999999990"));
    assert_true(bsn_valid("200000007"));
    /* A leading zero is allowed: 012345672 -> 8+14+18+20+20+18+14-2 = 110. */
    assert_true(bsn_valid("012345672"));
}

static void test_invalid(void **state)
{
    (void)state;
    assert_false(bsn_valid(NULL));
    assert_false(bsn_valid(""));
    assert_false(bsn_valid("111222334")); /* wrong check digit */
    assert_false(bsn_valid("123456781"));
    assert_false(bsn_valid("12345678"));   /* 8 digits */
    assert_false(bsn_valid("1234567820")); /* 10 digits */
    assert_false(bsn_valid("12345678a"));
    assert_false(bsn_valid("abcdefghi"));
    assert_false(bsn_valid(" 123456782"));
    assert_false(bsn_valid("123456782 "));
    assert_false(bsn_valid("1234 56782"));
    assert_false(bsn_valid("123.456.782"));
    assert_false(bsn_valid("-23456782"));
    assert_false(bsn_valid("+23456782"));
    /* Fullwidth or other non-ASCII digits are not digits here. */
    assert_false(bsn_valid("\xef\xbc\x91"
                           "23456782"));
}

static void test_zero_sum_rejected(void **state)
{
    (void)state;
    /* Both pass "sum % 11 == 0" but have sum 0. */
    assert_false(bsn_valid("000000000"));
    assert_false(bsn_valid("000000012")); /* 2*1 - 2 = 0 */
    assert_false(bsn_valid("100000009")); /* 9 - 9 = 0 */
}

static void test_embedded_nul(void **state)
{
    (void)state;
    const char s[] = "12345\0"
                     "782";
    assert_false(bsn_valid(s));
}

static void test_complete_known(void **state)
{
    (void)state;
    char out[10];
    assert_true(bsn_complete(12345678, out));
    assert_string_equal(out, "123456782");
    assert_true(bsn_complete(11122233, out));
    assert_string_equal(out, "111222333");
    assert_true(bsn_complete(99999999, out));
    assert_string_equal(out, "999999990");
    assert_true(bsn_complete(1234567, out)); /* zero padded */
    assert_string_equal(out, "012345672");
    assert_true(bsn_complete(20000000, out));
    assert_string_equal(out, "200000007");
}

static void test_complete_impossible(void **state)
{
    (void)state;
    char out[10];
    memset(out, 'x', sizeof(out));
    assert_false(bsn_complete(5, out)); /* partial 10: check digit would be 10 */
    assert_string_equal(out, "");
    assert_false(bsn_complete(0, out));         /* 000000000 */
    assert_false(bsn_complete(1, out));         /* 000000012, sum 0 */
    assert_false(bsn_complete(10000000, out));  /* 100000009, sum 0 */
    assert_false(bsn_complete(100000000, out)); /* out of range */
    assert_false(bsn_complete(UINT32_MAX, out));
}

/* Every completed prefix must validate and keep the prefix; every refused
 * prefix must have no valid completion at all. */
static void test_complete_agrees_with_valid(void **state)
{
    (void)state;
    unsigned ok = 0, refused = 0;
    for (uint32_t p = 0; p <= 99999999u; p += (p < 2000 ? 1 : 7919)) {
        char out[10];
        if (bsn_complete(p, out)) {
            ok++;
            assert_true(bsn_valid(out));
            char prefix[9];
            memcpy(prefix, out, 8);
            prefix[8] = '\0';
            char expect[16];
            snprintf(expect, sizeof(expect), "%08u", (unsigned)p);
            assert_string_equal(prefix, expect);
        } else {
            refused++;
            char cand[16];
            for (int d = 0; d <= 9; d++) {
                snprintf(cand, sizeof(cand), "%08u%d", (unsigned)p, d);
                assert_false(bsn_valid(cand));
            }
        }
    }
    /* Roughly one prefix in eleven has no check digit. */
    assert_true(ok > 10 * refused / 2);
    assert_true(refused > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_zero_sum_rejected),
        cmocka_unit_test(test_embedded_nul),
        cmocka_unit_test(test_complete_known),
        cmocka_unit_test(test_complete_impossible),
        cmocka_unit_test(test_complete_agrees_with_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
