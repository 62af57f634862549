#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>
#include <time.h>

#include "date.h"

#include "banned.h"

static void expect_date(const char *s, int y, int m, int d)
{
    struct date t = {0, 0, 0};
    assert_true(date_parse(s, &t));
    assert_int_equal(t.year, y);
    assert_int_equal(t.month, m);
    assert_int_equal(t.day, d);
}

static void expect_bad(const char *s)
{
    struct date t = {7, 7, 7};
    assert_false(date_parse(s, &t));
    /* A failed parse leaves the output alone. */
    assert_int_equal(t.year, 7);
    assert_int_equal(t.month, 7);
    assert_int_equal(t.day, 7);
}

static void test_parse_valid(void **state)
{
    (void)state;
    expect_date("2024-03-03", 2024, 3, 3);
    expect_date("2024-02-29", 2024, 2, 29);
    expect_date("2000-02-29", 2000, 2, 29); /* divisible by 400 */
    expect_date("1900-01-01", 1900, 1, 1);
    expect_date("2100-12-31", 2100, 12, 31);
    expect_date("1999-12-31", 1999, 12, 31);
    expect_date("2023-04-30", 2023, 4, 30);
    expect_date("2023-01-31", 2023, 1, 31);
}

static void test_parse_invalid_calendar(void **state)
{
    (void)state;
    expect_bad("2023-02-29");
    expect_bad("1900-02-29"); /* divisible by 100, not 400 */
    expect_bad("2100-02-29");
    expect_bad("2024-02-30");
    expect_bad("2024-04-31");
    expect_bad("2024-06-31");
    expect_bad("2024-09-31");
    expect_bad("2024-11-31");
    expect_bad("2024-13-01");
    expect_bad("2024-00-10");
    expect_bad("2024-01-00");
    expect_bad("2024-01-32");
    expect_bad("1899-12-31");
    expect_bad("2101-01-01");
    expect_bad("0000-01-01");
}

static void test_parse_invalid_shape(void **state)
{
    (void)state;
    expect_bad(NULL);
    expect_bad("");
    expect_bad("2024-1-01");
    expect_bad("2024-01-1");
    expect_bad("24-01-01");
    expect_bad("2024-01-01x");
    expect_bad("2024-01-01 ");
    expect_bad(" 2024-01-01");
    expect_bad("2024-01-01T00:00:00Z");
    expect_bad("2024/01/01");
    expect_bad("20240101");
    expect_bad("01-01-2024");
    expect_bad("2024-+1-01");
    expect_bad("2024- 1-01");
    expect_bad("2024-01");
    expect_bad("2024");
    expect_bad("\xef\xbc\x92"
               "024-01-01");
}

static void test_valid(void **state)
{
    (void)state;
    struct date d = {2024, 2, 29};
    assert_true(date_valid(&d));
    d.year = 2023;
    assert_false(date_valid(&d));
    assert_false(date_valid(NULL));
}

static void test_format(void **state)
{
    (void)state;
    char out[11];
    struct date d = {2024, 3, 3};
    date_format(&d, out);
    assert_string_equal(out, "2024-03-03");
    d = (struct date){1900, 1, 1};
    date_format(&d, out);
    assert_string_equal(out, "1900-01-01");
    d = (struct date){2024, 2, 30};
    date_format(&d, out);
    assert_string_equal(out, "");
    d = (struct date){123456, 12, 12};
    date_format(&d, out);
    assert_string_equal(out, "");
}

static void test_format_roundtrip(void **state)
{
    (void)state;
    /* Every day from 1900 to 2100 formats and parses back to itself. */
    int days = 0;
    for (int y = 1900; y <= 2100; y++)
        for (int m = 1; m <= 12; m++)
            for (int dd = 1; dd <= 31; dd++) {
                struct date d = {y, m, dd}, back;
                char out[11];
                date_format(&d, out);
                if (!date_valid(&d)) {
                    assert_string_equal(out, "");
                    continue;
                }
                days++;
                assert_true(date_parse(out, &back));
                assert_memory_equal(&d, &back, sizeof(d));
            }
    /* 201 years, 49 of them leap (1900 and 2100 are not). */
    assert_int_equal(days, 201 * 365 + 49);
}

static void test_format_nl(void **state)
{
    (void)state;
    static const struct {
        struct date d;
        const char *want;
    } cases[] = {
        {{2024, 3, 3}, "3 maart 2024"},       {{2024, 1, 1}, "1 januari 2024"},
        {{2024, 2, 29}, "29 februari 2024"},  {{2024, 4, 15}, "15 april 2024"},
        {{2024, 5, 5}, "5 mei 2024"},         {{2024, 6, 10}, "10 juni 2024"},
        {{2024, 7, 20}, "20 juli 2024"},      {{2024, 8, 31}, "31 augustus 2024"},
        {{2030, 9, 30}, "30 september 2030"}, {{1950, 10, 1}, "1 oktober 1950"},
        {{2100, 11, 11}, "11 november 2100"}, {{1900, 12, 31}, "31 december 1900"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[32];
        date_format_nl(&cases[i].d, out);
        assert_string_equal(out, cases[i].want);
    }
    char out[32];
    struct date bad = {2024, 13, 1};
    date_format_nl(&bad, out);
    assert_string_equal(out, "");
}

static void test_timestamp_now(void **state)
{
    (void)state;
    char ts[21];
    time_t before = time(NULL);
    timestamp_now(ts);
    time_t after = time(NULL);
    assert_int_equal(strlen(ts), 20);
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    const char *end = strptime(ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    assert_non_null(end);
    assert_int_equal(*end, '\0');
    time_t t = timegm(&tm);
    assert_true(t >= before && t <= after);
    char nl[40];
    assert_true(timestamp_format_nl(ts, nl));
}

static void test_today(void **state)
{
    (void)state;
    struct date d;
    assert_true(date_today(&d));
    assert_true(date_valid(&d));
    char ts[21], day[11];
    timestamp_now(ts);
    date_format(&d, day);
    /* Equal unless the test straddles midnight UTC. */
    if (memcmp(ts, day, 10) != 0) {
        assert_true(date_today(&d));
        date_format(&d, day);
        assert_memory_equal(ts, day, 10);
    }
}

static void test_age(void **state)
{
    (void)state;
    struct date b = {2000, 6, 15};
    struct date t = {2024, 6, 14};
    assert_int_equal(date_age_years(&b, &t), 23);
    t.day = 15;
    assert_int_equal(date_age_years(&b, &t), 24);
    t = (struct date){2024, 12, 31};
    assert_int_equal(date_age_years(&b, &t), 24);
    t = (struct date){2025, 1, 1};
    assert_int_equal(date_age_years(&b, &t), 24);
    t = (struct date){2000, 6, 15};
    assert_int_equal(date_age_years(&b, &t), 0);
    t = (struct date){2000, 6, 14};
    assert_int_equal(date_age_years(&b, &t), -1);

    /* Leap-day birthdays: older on 1 March in common years. */
    b = (struct date){2004, 2, 29};
    t = (struct date){2022, 2, 28};
    assert_int_equal(date_age_years(&b, &t), 17);
    t = (struct date){2022, 3, 1};
    assert_int_equal(date_age_years(&b, &t), 18);
    t = (struct date){2024, 2, 29};
    assert_int_equal(date_age_years(&b, &t), 20);
    t = (struct date){2024, 2, 28};
    assert_int_equal(date_age_years(&b, &t), 19);
}

static void test_timestamp_format_nl(void **state)
{
    (void)state;
    char out[40];
    assert_true(timestamp_format_nl("2026-11-25T16:30:00Z", out));
    assert_string_equal(out, "25 november 2026 16:30");
    assert_true(timestamp_format_nl("2024-03-03T09:05:59Z", out));
    assert_string_equal(out, "3 maart 2024 09:05");
    assert_true(timestamp_format_nl("2024-02-29T00:00:00Z", out));
    assert_string_equal(out, "29 februari 2024 00:00");
    assert_true(timestamp_format_nl("2030-09-30T23:59:59Z", out));
    assert_string_equal(out, "30 september 2030 23:59");

    static const char *const bad[] = {
        "",
        "2026-11-25",
        "2026-11-25T16:30Z",
        "2026-11-25T16:30:00",
        "2026-11-25T16:30:00+01:00",
        "2026-11-25T16:30:00.123Z",
        "2026-11-25 16:30:00Z",
        "2026-11-25T16:30:00Zx",
        "2026-11-25T24:00:00Z",
        "2026-11-25T16:60:00Z",
        "2026-11-25T16:30:60Z",
        "2023-02-29T16:30:00Z",
        "2026-11-25T1:30:00Z",
        "2026-11-25t16:30:00z",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(out, 'x', sizeof(out));
        assert_false(timestamp_format_nl(bad[i], out));
        assert_string_equal(out, "");
    }
    assert_false(timestamp_format_nl(NULL, out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_invalid_calendar),
        cmocka_unit_test(test_parse_invalid_shape),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_roundtrip),
        cmocka_unit_test(test_format_nl),
        cmocka_unit_test(test_timestamp_now),
        cmocka_unit_test(test_today),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_timestamp_format_nl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
