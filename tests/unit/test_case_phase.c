#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "case_phase.h"

#include "banned.h"

#define A CASE_AANMELDING
#define I CASE_INTAKE
#define P CASE_PLAN
#define U CASE_UITVOERING
#define N CASE_NAZORG
#define X CASE_AFGESLOTEN

/* allowed[from][to], written out in full so the table is the specification. */
/* clang-format off */
static const bool allowed[CASE_PHASE_COUNT][CASE_PHASE_COUNT] = {
    /*           A  I  P  U  N  X */
    [A] = {0, 1, 0, 0, 0, 1},
    [I] = {0, 0, 1, 0, 0, 1},
    [P] = {0, 0, 0, 1, 0, 1},
    [U] = {0, 0, 1, 0, 1, 1},
    [N] = {0, 0, 0, 1, 0, 1},
    [X] = {0, 0, 0, 0, 0, 0},
};
/* clang-format on */

static void test_phase_names(void **state)
{
    (void)state;
    static const char *const want[CASE_PHASE_COUNT] = {
        "aanmelding", "intake", "plan", "uitvoering", "nazorg", "afgesloten",
    };
    for (int p = 0; p < CASE_PHASE_COUNT; p++) {
        assert_string_equal(case_phase_name((enum case_phase)p), want[p]);
        enum case_phase back = CASE_PHASE_COUNT;
        assert_true(case_phase_parse(want[p], &back));
        assert_int_equal(back, p);
    }
    assert_null(case_phase_name(CASE_PHASE_COUNT));
    assert_null(case_phase_name((enum case_phase)(-1)));
    assert_null(case_phase_name((enum case_phase)1000));

    enum case_phase out = CASE_NAZORG;
    static const char *const bad[] = {
        "", "Intake", "INTAKE", " intake", "intake ", "intak", "intakes", "closed", "0",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(case_phase_parse(bad[i], &out));
    assert_false(case_phase_parse(NULL, &out));
    assert_int_equal(out, CASE_NAZORG);
}

static void test_reason_names(void **state)
{
    (void)state;
    static const char *const want[CLOSE_REASON_COUNT] = {
        "werk", "opleiding", "verhuisd", "zorg", "overleden", "anders",
    };
    for (int r = 0; r < CLOSE_REASON_COUNT; r++) {
        assert_string_equal(close_reason_name((enum close_reason)r), want[r]);
        enum close_reason back = CLOSE_REASON_COUNT;
        assert_true(close_reason_parse(want[r], &back));
        assert_int_equal(back, r);
    }
    assert_null(close_reason_name(CLOSE_REASON_COUNT));
    assert_null(close_reason_name((enum close_reason)(-1)));
    enum close_reason out = CLOSE_ZORG;
    assert_false(close_reason_parse(NULL, &out));
    assert_false(close_reason_parse("", &out));
    assert_false(close_reason_parse("Werk", &out));
    assert_false(close_reason_parse("werk ", &out));
    assert_false(close_reason_parse("overig", &out));
    assert_int_equal(out, CLOSE_ZORG);
}

static void test_route_names(void **state)
{
    (void)state;
    static const char *const want[CASE_ROUTE_COUNT] = {
        "", "werk", "ontwikkelen", "ondersteuning", "beschut",
    };
    for (int r = 0; r < CASE_ROUTE_COUNT; r++) {
        assert_string_equal(case_route_name((enum case_route)r), want[r]);
        enum case_route back = CASE_ROUTE_COUNT;
        assert_true(case_route_parse(want[r], &back));
        assert_int_equal(back, r);
    }
    assert_int_equal(ROUTE_NONE, 0);
    assert_null(case_route_name(CASE_ROUTE_COUNT));
    assert_null(case_route_name((enum case_route)(-1)));
    enum case_route out = ROUTE_BESCHUT;
    assert_false(case_route_parse(NULL, &out));
    assert_false(case_route_parse("none", &out));
    assert_false(case_route_parse("Werk", &out));
    assert_false(case_route_parse(" ", &out));
    assert_int_equal(out, ROUTE_BESCHUT);
}

/* Every one of the 36 pairs against the table. */
static void test_transition_allowed_all_pairs(void **state)
{
    (void)state;
    int count = 0;
    for (int f = 0; f < CASE_PHASE_COUNT; f++)
        for (int t = 0; t < CASE_PHASE_COUNT; t++) {
            bool got = case_transition_allowed((enum case_phase)f, (enum case_phase)t);
            if (got != allowed[f][t])
                fail_msg("%s -> %s: got %d", case_phase_name((enum case_phase)f),
                         case_phase_name((enum case_phase)t), got);
            count += got;
        }
    assert_int_equal(count, 11); /* 2+2+2+3+2+0 */
}

static void test_transition_out_of_range(void **state)
{
    (void)state;
    enum case_phase bad[] = {CASE_PHASE_COUNT, (enum case_phase)(-1), (enum case_phase)99};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        for (int p = 0; p < CASE_PHASE_COUNT; p++) {
            assert_false(case_transition_allowed(bad[i], (enum case_phase)p));
            assert_false(case_transition_allowed((enum case_phase)p, bad[i]));
            assert_int_equal(case_transition_check(bad[i], (enum case_phase)p, NULL), RC_INVALID);
            assert_int_equal(case_transition_check((enum case_phase)p, bad[i], NULL), RC_INVALID);
        }
        int n = 99;
        enum case_phase out[CASE_PHASE_COUNT];
        case_phase_next(bad[i], out, &n);
        assert_int_equal(n, 0);
    }
}

/* Every pair with no reason, "", each valid reason and junk reasons. */
static void test_transition_check_all_pairs(void **state)
{
    (void)state;
    static const char *const junk[] = {"Werk", "overig", " werk", "werk\n"};
    for (int f = 0; f < CASE_PHASE_COUNT; f++)
        for (int t = 0; t < CASE_PHASE_COUNT; t++) {
            enum case_phase from = (enum case_phase)f, to = (enum case_phase)t;
            if (!allowed[f][t]) {
                /* Not allowed wins over anything about the reason. */
                assert_int_equal(case_transition_check(from, to, NULL), RC_CONFLICT);
                assert_int_equal(case_transition_check(from, to, ""), RC_CONFLICT);
                assert_int_equal(case_transition_check(from, to, "werk"), RC_CONFLICT);
                assert_int_equal(case_transition_check(from, to, "overig"), RC_CONFLICT);
                continue;
            }
            if (to == CASE_AFGESLOTEN) {
                assert_int_equal(case_transition_check(from, to, NULL), RC_INVALID);
                assert_int_equal(case_transition_check(from, to, ""), RC_INVALID);
                for (int r = 0; r < CLOSE_REASON_COUNT; r++)
                    assert_int_equal(
                        case_transition_check(from, to, close_reason_name((enum close_reason)r)),
                        RC_OK);
                for (size_t j = 0; j < sizeof(junk) / sizeof(junk[0]); j++)
                    assert_int_equal(case_transition_check(from, to, junk[j]), RC_INVALID);
            } else {
                assert_int_equal(case_transition_check(from, to, NULL), RC_OK);
                assert_int_equal(case_transition_check(from, to, ""), RC_OK);
                for (int r = 0; r < CLOSE_REASON_COUNT; r++)
                    assert_int_equal(
                        case_transition_check(from, to, close_reason_name((enum close_reason)r)),
                        RC_INVALID);
                for (size_t j = 0; j < sizeof(junk) / sizeof(junk[0]); j++)
                    assert_int_equal(case_transition_check(from, to, junk[j]), RC_INVALID);
            }
        }
}

static void test_next_matches_table(void **state)
{
    (void)state;
    for (int f = 0; f < CASE_PHASE_COUNT; f++) {
        enum case_phase out[CASE_PHASE_COUNT];
        int n = -1;
        case_phase_next((enum case_phase)f, out, &n);
        bool seen[CASE_PHASE_COUNT] = {0};
        for (int i = 0; i < n; i++) {
            assert_true(allowed[f][out[i]]);
            assert_false(seen[out[i]]); /* no duplicates */
            seen[out[i]] = true;
        }
        for (int t = 0; t < CASE_PHASE_COUNT; t++)
            assert_int_equal(seen[t], allowed[f][t]);
    }
}

static void test_next_order(void **state)
{
    (void)state;
    static const struct {
        enum case_phase from;
        int n;
        enum case_phase want[CASE_PHASE_COUNT];
    } cases[] = {
        {A, 2, {I, X}},    {I, 2, {P, X}}, {P, 2, {U, X}},
        {U, 3, {N, P, X}}, {N, 2, {X, U}}, {X, 0, {0}},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum case_phase out[CASE_PHASE_COUNT];
        int n = -1;
        case_phase_next(cases[i].from, out, &n);
        assert_int_equal(n, cases[i].n);
        for (int j = 0; j < n; j++)
            assert_int_equal(out[j], cases[i].want[j]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phase_names),
        cmocka_unit_test(test_reason_names),
        cmocka_unit_test(test_route_names),
        cmocka_unit_test(test_transition_allowed_all_pairs),
        cmocka_unit_test(test_transition_out_of_range),
        cmocka_unit_test(test_transition_check_all_pairs),
        cmocka_unit_test(test_next_matches_table),
        cmocka_unit_test(test_next_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
