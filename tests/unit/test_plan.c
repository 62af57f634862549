/* The pure rules of the plan van aanpak and the catalogue (src/core/plan.c):
 * names, the checks on a plan sent for a new version, the changes an
 * activity may go through, THE BUDGET RULE and money in Dutch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "plan.h"

#include "banned.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_names_round_trip(void **state)
{
    (void)state;
    static const char *const kinds[] = {
        "training", "werkfit", "jobcoaching", "werkervaringsplaats", "beschut_werk", "plusdienst"};
    static const char *const units[] = {"uur", "dag", "week", "maand", "traject"};
    static const char *const statuses[] = {"gepland", "lopend", "afgerond", "gestopt"};
    static const char *const hows[] = {"handtekening", "mondeling", "digitaal"};
    assert_int_equal(ARRAY_LEN(kinds), SERVICE_KIND_COUNT);
    assert_int_equal(ARRAY_LEN(units), SERVICE_UNIT_COUNT);
    assert_int_equal(ARRAY_LEN(statuses), ACTIVITY_STATUS_COUNT);
    assert_int_equal(ARRAY_LEN(hows), AGREEMENT_HOW_COUNT);
    for (int i = 0; i < SERVICE_KIND_COUNT; i++) {
        enum service_kind k = SERVICE_PLUSDIENST;
        assert_string_equal(service_kind_name((enum service_kind)i), kinds[i]);
        assert_true(service_kind_parse(kinds[i], &k));
        assert_int_equal(k, i);
    }
    for (int i = 0; i < SERVICE_UNIT_COUNT; i++) {
        enum service_unit u = UNIT_TRAJECT;
        assert_string_equal(service_unit_name((enum service_unit)i), units[i]);
        assert_true(service_unit_parse(units[i], &u));
        assert_int_equal(u, i);
    }
    for (int i = 0; i < ACTIVITY_STATUS_COUNT; i++) {
        enum activity_status s = ACTIVITY_GESTOPT;
        assert_string_equal(activity_status_name((enum activity_status)i), statuses[i]);
        assert_true(activity_status_parse(statuses[i], &s));
        assert_int_equal(s, i);
    }
    for (int i = 0; i < AGREEMENT_HOW_COUNT; i++) {
        enum agreement_how h = AGREED_DIGITAAL;
        assert_string_equal(agreement_how_name((enum agreement_how)i), hows[i]);
        assert_true(agreement_how_parse(hows[i], &h));
        assert_int_equal(h, i);
    }
    /* Out of range and unknown names. */
    assert_string_equal(service_kind_name(SERVICE_KIND_COUNT), "");
    assert_string_equal(service_unit_name((enum service_unit) - 1), "");
    assert_string_equal(activity_status_name(ACTIVITY_STATUS_COUNT), "");
    assert_string_equal(agreement_how_name(AGREEMENT_HOW_COUNT), "");
    enum activity_status s = ACTIVITY_LOPEND;
    static const char *const bad[] = {"", "Gepland", "gepland ", "stopped", "gestop"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++)
        assert_false(activity_status_parse(bad[i], &s));
    assert_false(activity_status_parse(NULL, &s));
    assert_int_equal(s, ACTIVITY_LOPEND); /* untouched */
    enum service_kind k;
    assert_false(service_kind_parse("beschut werk", &k));
    enum service_unit u;
    assert_false(service_unit_parse("uren", &u));
    enum agreement_how h;
    assert_false(agreement_how_parse("schriftelijk", &h));
    assert_string_equal(budget_verdict_name(BUDGET_OVER_BUDGET), "over_budget");
    assert_string_equal(budget_verdict_name(BUDGET_VERDICT_COUNT), "");
}

/* ---- plan_check ---- */

static struct plan_goal goals[PLAN_MAX_GOALS + 1];
static struct plan_activity acts[PLAN_MAX_ACTIVITIES + 1];

static struct plan_activity activity(void)
{
    return (struct plan_activity){
        .goal = 1,
        .service_id = 7,
        .responsible = "Gerda Mulder (Drechtwerk)",
        .units = 3,
        .starts_on = "2026-02-01",
        .ends_on = "",
        .status = ACTIVITY_GEPLAND,
        .stop_reason = "",
    };
}

/* A valid plan of ngoals goals and nacts activities. */
static struct plan valid_plan(int ngoals, int nacts)
{
    for (int i = 0; i < ngoals; i++)
        goals[i] = (struct plan_goal){0, "Werkritme opdoen in een werkervaringsplaats"};
    for (int i = 0; i < nacts; i++)
        acts[i] = activity();
    return (struct plan){
        .goals = goals, .ngoals = ngoals, .activities = acts, .nactivities = nacts};
}

/* Checks p and asserts exactly one problem, on part/index/field with msg. */
static void expect_one(struct plan *p, const char *part, int index, const char *field,
                       const char *msg)
{
    struct plan_errors errs;
    assert_false(plan_check(p, &errs));
    if (errs.count != 1)
        fail_msg("want 1 problem (%s %s), got %d, first %s.%s %s", field, msg, errs.count,
                 errs.list[0].part, errs.list[0].field, errs.list[0].msg);
    assert_string_equal(errs.list[0].part, part);
    assert_int_equal(errs.list[0].index, index);
    assert_string_equal(errs.list[0].field, field);
    assert_string_equal(errs.list[0].msg, msg);
}

static void test_plan_check_valid(void **state)
{
    (void)state;
    struct plan_errors errs;
    struct plan p = valid_plan(2, 3);
    goals[0].position = 9; /* set by the check */
    acts[1].goal = 0;      /* an activity without a goal */
    acts[2].goal = 2;
    acts[2].key = 4;
    acts[2].status = ACTIVITY_AFGEROND;
    acts[2].ends_on = "2026-02-01"; /* one day: end on the start date */
    acts[1].responsible = NULL;     /* optional */
    acts[1].ends_on = NULL;
    acts[1].stop_reason = NULL;
    assert_true(plan_check(&p, &errs));
    assert_int_equal(errs.count, 0);
    assert_int_equal(goals[0].position, 1);
    assert_int_equal(goals[1].position, 2);
    assert_string_equal(acts[1].responsible, "");
    assert_string_equal(acts[1].ends_on, "");
    assert_string_equal(acts[1].stop_reason, "");
    /* An empty plan is a plan too (the first version may be goals only). */
    p = valid_plan(0, 0);
    assert_true(plan_check(&p, &errs));
    /* The limits themselves are fine. */
    p = valid_plan(PLAN_MAX_GOALS, PLAN_MAX_ACTIVITIES);
    assert_true(plan_check(&p, &errs));
    char longest[PLAN_GOAL_MAX_CHARS * 2 + 1];
    for (int i = 0; i < PLAN_GOAL_MAX_CHARS; i++)
        memcpy(longest + 2 * i, "\xC3\xA9", 2); /* é: two bytes, one character */
    longest[PLAN_GOAL_MAX_CHARS * 2] = '\0';
    p = valid_plan(1, 0);
    goals[0].text = longest;
    assert_true(plan_check(&p, &errs));
}

static void test_plan_check_goals(void **state)
{
    (void)state;
    struct plan p = valid_plan(3, 0);
    goals[1].text = "";
    expect_one(&p, "goals", 1, "text", "field.required");
    p = valid_plan(3, 0);
    goals[2].text = NULL;
    expect_one(&p, "goals", 2, "text", "field.required");
    p = valid_plan(2, 0);
    goals[0].text = "Doel met een\x01stuurteken";
    expect_one(&p, "goals", 0, "text", "field.text");
    p = valid_plan(2, 0);
    goals[0].text = "ongeldig \xC3\x28 UTF-8";
    expect_one(&p, "goals", 0, "text", "field.text");
    p = valid_plan(2, 0);
    goals[1].text = "regel\nnieuwe regel";
    expect_one(&p, "goals", 1, "text", "field.text");
    char too_long[PLAN_GOAL_MAX_CHARS + 2];
    memset(too_long, 'a', PLAN_GOAL_MAX_CHARS + 1);
    too_long[PLAN_GOAL_MAX_CHARS + 1] = '\0';
    p = valid_plan(1, 0);
    goals[0].text = too_long;
    expect_one(&p, "goals", 0, "text", "field.too_long");
    p = valid_plan(PLAN_MAX_GOALS + 1, 0);
    expect_one(&p, "", 0, "goals", "plan.field_too_many_goals");
    p = valid_plan(0, PLAN_MAX_ACTIVITIES + 1);
    struct plan_errors errs;
    assert_false(plan_check(&p, &errs));
    assert_string_equal(errs.list[0].field, "activities");
}

static void test_plan_check_activities(void **state)
{
    (void)state;
    struct plan p;
    /* goal positions: 0 (none) and 1..ngoals only */
    p = valid_plan(1, 2);
    acts[1].goal = 2;
    expect_one(&p, "activities", 1, "goal", "plan.field_goal");
    p = valid_plan(1, 1);
    acts[0].goal = -1;
    expect_one(&p, "activities", 0, "goal", "plan.field_goal");
    p = valid_plan(0, 1);
    acts[0].goal = 1; /* no goals at all */
    expect_one(&p, "activities", 0, "goal", "plan.field_goal");

    p = valid_plan(1, 1);
    acts[0].service_id = 0;
    expect_one(&p, "activities", 0, "service_id", "plan.field_service");

    /* units 1..PLAN_MAX_UNITS */
    static const int64_t bad_units[] = {0, -1, PLAN_MAX_UNITS + 1, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < ARRAY_LEN(bad_units); i++) {
        p = valid_plan(1, 1);
        acts[0].units = bad_units[i];
        expect_one(&p, "activities", 0, "units", "plan.field_units");
    }
    p = valid_plan(1, 1);
    acts[0].units = PLAN_MAX_UNITS;
    struct plan_errors errs;
    assert_true(plan_check(&p, &errs));

    /* dates */
    static const char *const bad_dates[] = {
        "", "2026-2-01", "2026-02-30", "01-02-2026", "2026-02-01T00:00:00Z", "morgen"};
    for (size_t i = 0; i < ARRAY_LEN(bad_dates); i++) {
        p = valid_plan(1, 1);
        acts[0].starts_on = bad_dates[i];
        expect_one(&p, "activities", 0, "starts_on", "field.date");
    }
    p = valid_plan(1, 1);
    acts[0].starts_on = NULL;
    expect_one(&p, "activities", 0, "starts_on", "field.date");
    p = valid_plan(1, 1);
    acts[0].ends_on = "2026-13-01";
    expect_one(&p, "activities", 0, "ends_on", "field.date");
    p = valid_plan(1, 1);
    acts[0].ends_on = "2026-01-31"; /* the day before the start */
    expect_one(&p, "activities", 0, "ends_on", "plan.field_ends_before");
    p = valid_plan(1, 1);
    acts[0].starts_on = "2026-02-31";
    acts[0].ends_on = "2026-01-01"; /* no comparison against an invalid start */
    expect_one(&p, "activities", 0, "starts_on", "field.date");

    /* afgerond and gestopt need an end date; gestopt a reason */
    p = valid_plan(1, 1);
    acts[0].status = ACTIVITY_AFGEROND;
    expect_one(&p, "activities", 0, "ends_on", "plan.field_ends_required");
    p = valid_plan(1, 1);
    acts[0].status = ACTIVITY_GESTOPT;
    acts[0].ends_on = "2026-03-01";
    expect_one(&p, "activities", 0, "stop_reason", "plan.field_stop_reason");
    p = valid_plan(1, 1);
    acts[0].status = ACTIVITY_GESTOPT;
    acts[0].ends_on = "2026-03-01";
    acts[0].stop_reason = "Inwoner is verhuisd";
    assert_true(plan_check(&p, &errs));
    p = valid_plan(1, 1);
    acts[0].status = ACTIVITY_LOPEND;
    acts[0].stop_reason = "Niet nodig";
    expect_one(&p, "activities", 0, "stop_reason", "plan.field_stop_reason_not_needed");
    p = valid_plan(1, 1);
    acts[0].status = ACTIVITY_STATUS_COUNT;
    expect_one(&p, "activities", 0, "status", "plan.field_status");
    p = valid_plan(1, 1);
    acts[0].status = ACTIVITY_GESTOPT;
    acts[0].ends_on = "2026-03-01";
    acts[0].stop_reason = "reden\x7f";
    expect_one(&p, "activities", 0, "stop_reason", "field.text");

    /* responsible: optional, clean, at most 100 characters */
    char name[PLAN_RESPONSIBLE_MAX_CHARS + 2];
    memset(name, 'x', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    p = valid_plan(1, 1);
    acts[0].responsible = name;
    expect_one(&p, "activities", 0, "responsible", "field.too_long");
    p = valid_plan(1, 1);
    acts[0].responsible = "Gerda\xE2\x80\xAE Mulder"; /* a right-to-left override */
    expect_one(&p, "activities", 0, "responsible", "field.text");

    /* keys: positive and once */
    p = valid_plan(1, 3);
    acts[0].key = 2;
    acts[2].key = 2;
    expect_one(&p, "activities", 2, "key", "plan.field_key_twice");
    p = valid_plan(1, 1);
    acts[0].key = -3;
    expect_one(&p, "activities", 0, "key", "plan.field_key");

    /* several problems are all reported */
    p = valid_plan(1, 2);
    goals[0].text = "";
    acts[0].units = 0;
    acts[1].starts_on = "x";
    assert_false(plan_check(&p, &errs));
    assert_int_equal(errs.count, 3);
}

static void test_plan_error_overflow(void **state)
{
    (void)state;
    struct plan_errors errs;
    memset(&errs, 0, sizeof(errs));
    for (int i = 0; i < PLAN_MAX_ERRORS + 5; i++)
        plan_error_add(&errs, "goals", i, "text", "field.required");
    assert_int_equal(errs.count, PLAN_MAX_ERRORS + 5);
    assert_int_equal(errs.list[PLAN_MAX_ERRORS - 1].index, PLAN_MAX_ERRORS - 1);
    /* A plan with every activity wrong reports them all, keeping the first. */
    struct plan p = valid_plan(0, PLAN_MAX_ACTIVITIES);
    for (int i = 0; i < PLAN_MAX_ACTIVITIES; i++)
        acts[i].units = 0;
    assert_false(plan_check(&p, &errs));
    assert_true(errs.count >= PLAN_MAX_ACTIVITIES);
}

static void test_plan_changes(void **state)
{
    (void)state;
    struct plan_errors errs;
    memset(&errs, 0, sizeof(errs));
    struct plan_activity prev = activity(), next = activity();
    /* A new activity starts gepland or lopend. */
    for (int s = 0; s < ACTIVITY_STATUS_COUNT; s++) {
        memset(&errs, 0, sizeof(errs));
        next.status = (enum activity_status)s;
        bool ok = plan_check_change(NULL, &next, 4, &errs);
        assert_int_equal(ok, s == ACTIVITY_GEPLAND || s == ACTIVITY_LOPEND);
        if (!ok) {
            assert_int_equal(errs.list[0].index, 4);
            assert_string_equal(errs.list[0].msg, "plan.field_new_status");
        }
    }
    /* Statuses: forward from gepland and lopend; afgerond and gestopt are final. */
    /* clang-format off */
    static const bool allowed[ACTIVITY_STATUS_COUNT][ACTIVITY_STATUS_COUNT] = {
        /*            G  L  A  S */
        [ACTIVITY_GEPLAND]  = {1, 1, 1, 1},
        [ACTIVITY_LOPEND]   = {1, 1, 1, 1},
        [ACTIVITY_AFGEROND] = {0, 0, 1, 0},
        [ACTIVITY_GESTOPT]  = {0, 0, 0, 1},
    };
    /* clang-format on */
    for (int f = 0; f < ACTIVITY_STATUS_COUNT; f++)
        for (int t = 0; t < ACTIVITY_STATUS_COUNT; t++) {
            memset(&errs, 0, sizeof(errs));
            prev.status = (enum activity_status)f;
            next.status = (enum activity_status)t;
            if (plan_check_change(&prev, &next, 0, &errs) != allowed[f][t])
                fail_msg("%s -> %s", activity_status_name(prev.status),
                         activity_status_name(next.status));
        }
    /* The service of an activity stays. */
    memset(&errs, 0, sizeof(errs));
    prev.status = next.status = ACTIVITY_LOPEND;
    next.service_id = prev.service_id + 1;
    assert_false(plan_check_change(&prev, &next, 2, &errs));
    assert_string_equal(errs.list[0].field, "service_id");
    assert_string_equal(errs.list[0].msg, "plan.field_service_fixed");
    /* Only what has not started may be left out. */
    for (int s = 0; s < ACTIVITY_STATUS_COUNT; s++) {
        prev.status = (enum activity_status)s;
        assert_int_equal(plan_check_removal(&prev), s == ACTIVITY_GEPLAND);
    }
}

/* ---- the budget rule ---- */

static const struct service_terms werkfit = {
    .service_id = 1,
    .municipality = "GM0482",
    .price_cents = 325000, /* € 3.250 per traject */
    .has_budget = true,
    .budget_cents = 500000, /* € 5.000 a year */
    .has_places = true,
    .places = 2,
    .ordered_by = "case_manager",
};

static struct budget_order order(const struct service_terms *t, int64_t units)
{
    return (struct budget_order){.terms = t, .role = "case_manager", .units = units};
}

static void test_budget_new_activity(void **state)
{
    (void)state;
    struct budget_order o = order(&werkfit, 1);
    struct budget_answer a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OK);
    assert_int_equal(a.cost_cents, 325000);
    assert_int_equal(a.extra_cents, 325000);
    assert_int_equal(a.remaining_cents, 500000);

    /* A second one does not fit what is left. */
    o.committed_cents = 325000;
    o.places_used = 1;
    a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OVER_BUDGET);
    assert_int_equal(a.remaining_cents, 175000);
    assert_int_equal(a.cost_cents, 325000);

    /* Exactly at the budget is fine; one cent over is not. */
    o.committed_cents = 500000 - 325000;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OK);
    o.committed_cents = 500000 - 325000 + 1;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OVER_BUDGET);

    /* A budget lowered below what is committed leaves a negative remainder. */
    o.committed_cents = 600000;
    a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OVER_BUDGET);
    assert_int_equal(a.remaining_cents, -100000);
}

static void test_budget_places(void **state)
{
    (void)state;
    struct service_terms t = werkfit;
    t.has_budget = false;
    struct budget_order o = order(&t, 1);
    o.places_used = 1;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OK);
    o.places_used = 2;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NO_PLACES);
    o.places_used = 3; /* places lowered below what is in use */
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NO_PLACES);
    /* Zero places: never orderable. */
    t.places = 0;
    o.places_used = 0;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NO_PLACES);
    /* No limit on places. */
    t.has_places = false;
    o.places_used = 1000000;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OK);
    /* Over budget is told before full. */
    t = werkfit;
    o.terms = &t;
    o.places_used = 2;
    o.committed_cents = 500000;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OVER_BUDGET);
}

static void test_budget_terms_and_roles(void **state)
{
    (void)state;
    struct budget_order o = order(NULL, 1);
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NOT_OFFERED);
    o = order(&werkfit, 1);
    o.role = "job_coach";
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NOT_ORDERABLE);
    o.role = "";
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NOT_ORDERABLE);
    o.role = NULL;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NOT_ORDERABLE);
    struct service_terms t = werkfit;
    t.ordered_by = "manager";
    o = order(&t, 1);
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NOT_ORDERABLE);

    assert_true(budget_role_may_order("case_manager", "case_manager"));
    assert_true(budget_role_may_order("manager,case_manager", "case_manager"));
    assert_true(budget_role_may_order(" manager , case_manager ", "case_manager"));
    assert_true(budget_role_may_order("case_manager,manager", "manager"));
    assert_false(budget_role_may_order("case_manager", "manager"));
    assert_false(budget_role_may_order("case_manager", "case"));
    assert_false(budget_role_may_order("case_managers", "case_manager"));
    assert_false(budget_role_may_order("", "case_manager"));
    assert_false(budget_role_may_order(",,", "case_manager"));
    assert_false(budget_role_may_order(NULL, "case_manager"));
}

static void test_budget_zero_price_and_no_budget(void **state)
{
    (void)state;
    /* A free service (paid from elsewhere) fits even an exhausted budget. */
    struct service_terms t = werkfit;
    t.price_cents = 0;
    struct budget_order o = order(&t, 40);
    o.committed_cents = t.budget_cents;
    struct budget_answer a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OK);
    assert_int_equal(a.cost_cents, 0);
    assert_int_equal(a.remaining_cents, 0);
    /* A zero budget refuses anything that costs. */
    t = werkfit;
    t.budget_cents = 0;
    o = order(&t, 1);
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OVER_BUDGET);
    /* No budget (NULL in the store): no limit, remaining INT64_MAX. */
    t = werkfit;
    t.has_budget = false;
    o = order(&t, PLAN_MAX_UNITS);
    o.committed_cents = INT64_MAX / 2;
    a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OK);
    assert_int_equal(a.cost_cents, 325000LL * PLAN_MAX_UNITS);
    assert_true(a.remaining_cents == INT64_MAX);
}

static void test_budget_overflow(void **state)
{
    (void)state;
    struct service_terms t = werkfit;
    t.has_budget = false;
    t.price_cents = INT64_MAX / 2;
    struct budget_order o = order(&t, 3); /* price × units passes INT64_MAX */
    struct budget_answer a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OVER_BUDGET);
    o.units = 2; /* INT64_MAX - 1: still counts */
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OK);
    /* committed + extra passing INT64_MAX */
    t.price_cents = 1000;
    o = order(&t, 1);
    o.committed_cents = INT64_MAX - 10;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OVER_BUDGET);
    /* previous cost + extra passing INT64_MAX */
    o = order(&t, 5);
    o.previous_units = 1;
    o.previous_cost_cents = INT64_MAX - 100;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OVER_BUDGET);
    /* with a budget too */
    t = werkfit;
    t.price_cents = INT64_MAX;
    o = order(&t, 2);
    assert_int_equal(budget_decide(&o).verdict, BUDGET_OVER_BUDGET);
}

static void test_budget_enlarged_and_reduced(void **state)
{
    (void)state;
    struct service_terms jc = {.price_cents = 8500, /* € 85 per uur */
                               .has_budget = true,
                               .budget_cents = 120000,
                               .has_places = true,
                               .places = 1,
                               .ordered_by = "case_manager"};
    /* 10 hours ordered at € 80 before; 4 more at today's € 85. */
    struct budget_order o = order(&jc, 14);
    o.previous_units = 10;
    o.previous_cost_cents = 80000;
    o.committed_cents = 80000;
    o.places_used = 1; /* its own place, and every place taken: no new one needed */
    struct budget_answer a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OK);
    assert_int_equal(a.extra_cents, 34000);
    assert_int_equal(a.cost_cents, 114000);
    assert_int_equal(a.remaining_cents, 40000);
    /* 5 more do not fit (€ 425 > € 400 left). */
    o.units = 15;
    a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OVER_BUDGET);
    assert_int_equal(a.extra_cents, 42500);
    /* The same units: its own cost, whatever the terms are now, even none. */
    o.units = 10;
    o.terms = NULL;
    a = budget_decide(&o);
    assert_int_equal(a.verdict, BUDGET_OK);
    assert_int_equal(a.cost_cents, 80000);
    assert_int_equal(a.extra_cents, 0);
    /* Fewer units: the cost scales down, rounded down. */
    o.units = 3;
    o.previous_cost_cents = 80001;
    assert_int_equal(budget_decide(&o).cost_cents, 24000);
    o.units = 1;
    o.previous_units = PLAN_MAX_UNITS;
    o.previous_cost_cents = INT64_MAX; /* no overflow in the scaling */
    assert_true(budget_decide(&o).cost_cents == INT64_MAX / PLAN_MAX_UNITS);
    /* More units of a service the municipality no longer buys. */
    o = order(NULL, 12);
    o.previous_units = 10;
    o.previous_cost_cents = 80000;
    assert_int_equal(budget_decide(&o).verdict, BUDGET_NOT_OFFERED);
}

static void test_money_format(void **state)
{
    (void)state;
    static const struct {
        int64_t cents;
        const char *want;
    } cases[] = {
        {0, "\xE2\x82\xAC 0,00"},
        {5, "\xE2\x82\xAC 0,05"},
        {100, "\xE2\x82\xAC 1,00"},
        {175000, "\xE2\x82\xAC 1.750,00"},
        {99999, "\xE2\x82\xAC 999,99"},
        {123456789, "\xE2\x82\xAC 1.234.567,89"},
        {-5, "-\xE2\x82\xAC 0,05"},
        {-100000, "-\xE2\x82\xAC 1.000,00"},
        {INT64_MAX, "\xE2\x82\xAC 92.233.720.368.547.758,07"},
        {INT64_MIN, "-\xE2\x82\xAC 92.233.720.368.547.758,08"},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char out[32];
        money_format_nl(cases[i].cents, out);
        assert_string_equal(out, cases[i].want);
    }
}

static void test_money_parse(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int64_t cents;
    } good[] = {
        {"0", 0},
        {"3250", 325000},
        {"3.250", 325000},
        {"3.250,5", 325050},
        {"3.250,50", 325050},
        {" \xE2\x82\xAC 3.250,00 ", 325000},
        {"\xE2\x82\xAC"
         "3250",
         325000},
        {"1.000.000", 100000000},
        {"0,05", 5},
        {"999.999.999.999,99", 99999999999999LL},
    };
    for (size_t i = 0; i < ARRAY_LEN(good); i++) {
        int64_t c = -1;
        if (!money_parse_nl(good[i].in, &c))
            fail_msg("\"%s\" refused", good[i].in);
        assert_int_equal(c, good[i].cents);
    }
    static const char *const bad[] = {
        "",         " ",    "-5",     "3,",     "3,505",    "3250.50",       "3.25",
        "32.50,00", ".250", "3..250", "1.0000", "1e3",      "3 250",         "€",
        "\xE2\x82", "abc",  "12,3x",  ",50",    "1.000.00", "1000000000000", "3.250,5 0",
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        int64_t c = 7;
        if (money_parse_nl(bad[i], &c))
            fail_msg("\"%s\" accepted as %lld", bad[i], (long long)c);
        assert_int_equal(c, 7);
    }
    assert_false(money_parse_nl(NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_plan_check_valid),
        cmocka_unit_test(test_plan_check_goals),
        cmocka_unit_test(test_plan_check_activities),
        cmocka_unit_test(test_plan_error_overflow),
        cmocka_unit_test(test_plan_changes),
        cmocka_unit_test(test_budget_new_activity),
        cmocka_unit_test(test_budget_places),
        cmocka_unit_test(test_budget_terms_and_roles),
        cmocka_unit_test(test_budget_zero_price_and_no_budget),
        cmocka_unit_test(test_budget_overflow),
        cmocka_unit_test(test_budget_enlarged_and_reduced),
        cmocka_unit_test(test_money_format),
        cmocka_unit_test(test_money_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
