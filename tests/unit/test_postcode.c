#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "postcode.h"

#include "banned.h"

static void expect_ok(const char *in, const char *canon, int want_pc4)
{
    char out[8];
    int pc4 = -1;
    assert_int_equal(postcode_normalize(in, out, &pc4), RC_OK);
    assert_string_equal(out, canon);
    assert_int_equal(pc4, want_pc4);
}

static void expect_invalid(const char *in)
{
    char out[8];
    memset(out, 'x', sizeof(out));
    int pc4 = -1;
    assert_int_equal(postcode_normalize(in, out, &pc4), RC_INVALID);
    assert_string_equal(out, "");
    assert_int_equal(pc4, -1);
}

static void test_accepts(void **state)
{
    (void)state;
    expect_ok("1234AB", "1234 AB", 1234);
    expect_ok("1234 AB", "1234 AB", 1234);
    expect_ok("1234 ab", "1234 AB", 1234);
    expect_ok("1234aB", "1234 AB", 1234);
    expect_ok("  1234ab  ", "1234 AB", 1234);
    expect_ok("\t9999 zz\r\n", "9999 ZZ", 9999);
    expect_ok("1000AA", "1000 AA", 1000);
    expect_ok("7511 JE", "7511 JE", 7511);
    /* Only SA, SD and SS are excluded; other S pairs and A/D/S elsewhere are fine. */
    expect_ok("1234SB", "1234 SB", 1234);
    expect_ok("1234AS", "1234 AS", 1234);
    expect_ok("1234DS", "1234 DS", 1234);
}

static void test_rejects_shape(void **state)
{
    (void)state;
    expect_invalid(NULL);
    expect_invalid("");
    expect_invalid("   ");
    expect_invalid("1234");
    expect_invalid("1234A");
    expect_invalid("1234ABC");
    expect_invalid("123AB");
    expect_invalid("12345AB");
    expect_invalid("1234  AB"); /* two inner spaces */
    expect_invalid("1234\tAB"); /* inner tab */
    expect_invalid("12 34AB");
    expect_invalid("1234-AB");
    expect_invalid("1234A B");
    expect_invalid("AB1234");
    expect_invalid("1234 A1");
    expect_invalid("1234 AB x");
    expect_invalid("1234 \xc3\x84"
                   "B"); /* Ä */
    expect_invalid("\xef\xbc\x91"
                   "234AB"); /* fullwidth 1 */
}

static void test_rejects_rules(void **state)
{
    (void)state;
    expect_invalid("0123AB");
    expect_invalid("0000AA");
    expect_invalid("1234SA");
    expect_invalid("1234 sd");
    expect_invalid("1234 Ss");
}

static void test_null_pc4(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(postcode_normalize("2511cv", out, NULL), RC_OK);
    assert_string_equal(out, "2511 CV");
    assert_int_equal(postcode_normalize("2511", out, NULL), RC_INVALID);
}

static void test_embedded_nul(void **state)
{
    (void)state;
    const char s[] = "1234\0AB";
    expect_invalid(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts),       cmocka_unit_test(test_rejects_shape),
        cmocka_unit_test(test_rejects_rules), cmocka_unit_test(test_null_pc4),
        cmocka_unit_test(test_embedded_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
