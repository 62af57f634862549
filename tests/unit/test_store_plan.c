/* The service catalogue (src/store/catalogue.c) and the plan van aanpak
 * through the one door (src/store/door_plan.c), on SQLite and, as
 * unit-pg/test_store_plan, on PostgreSQL: versions and activity keys, the
 * resident's agreement, the budget rule and places against the resident's
 * municipality, and who may read or write a plan (with every refusal in
 * the audit log).
 *
 * The region: Dordrecht (GM0505) and Papendrecht (GM0590), served by the
 * Sociale Dienst Drechtsteden; km_a works for Dordrecht, km_b for
 * Papendrecht. Drechtwerk (the social work company) provides the services;
 * its jobcoach sees a case only through an accepted referral. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "bsn.h"
#include "catalogue.h"
#include "date.h"
#include "directory.h"
#include "door.h"
#include "door_plan.h"
#include "password.h"
#include "store.h"
#include "store_fixture.h"

#include "banned.h"

#define YEAR 2026
#define YEAR_TEXT "2026"

static struct {
    int64_t org_sd, org_dw, org_davinci;
    struct who km_a, km_b, jobcoach;
    int64_t werkfit, jobcoaching, beschut, vca; /* service ids */
} fx;

/* ---- helpers ---- */

static int64_t audit_count(const char *action, int64_t case_id, const char *username, int allowed,
                           const char *reason)
{
    static const char SQL[] = "SELECT count(*) FROM audit_log WHERE action = $1"
                              " AND ($2 = 0 OR case_id = $2) AND ($3 = '' OR username = $3)"
                              " AND ($4 < 0 OR allowed = $4) AND ($5 = '' OR reason = $5)";
    struct db *db = take_db();
    struct db_stmt *st;
    assert_rc(db_prepare(db, SQL, &st), RC_OK);
    db_bind_text(st, 1, action);
    db_bind_int(st, 2, case_id);
    db_bind_text(st, 3, username ? username : "");
    db_bind_int(st, 4, allowed);
    db_bind_text(st, 5, reason ? reason : "");
    bool row = false;
    assert_rc(db_step(st, &row), RC_OK);
    int64_t v = db_col_int(st, 0);
    db_done(st);
    give_db();
    return v;
}

static int64_t count_versions(int64_t case_id)
{
    return sql_int_id("SELECT count(*) FROM plans WHERE case_id = $1", case_id);
}

static int64_t count_activities(int64_t case_id)
{
    return sql_int_id("SELECT count(*) FROM plan_activities a JOIN plans p ON p.id = a.plan_id"
                      " WHERE p.case_id = $1",
                      case_id);
}

/* A new resident of municipality with a case in phase plan, as w. */
static int64_t new_case(const struct who *w, const char *municipality)
{
    struct resident r = {.bsn = next_bsn(),
                         .first_name = "Noor",
                         .last_name = "Plantinga",
                         .birth_date = "1990-06-01",
                         .postcode = "3311 AB",
                         .municipality = municipality};
    struct field_errors errs;
    assert_rc(door_resident_create(as(w), &r, &errs), RC_OK);
    struct case_file c;
    assert_rc(door_case_open(as(w), r.id, &c), RC_OK);
    assert_rc(door_case_transition(as(w), c.id, CASE_INTAKE, NULL, &c), RC_OK);
    assert_rc(door_case_transition(as(w), c.id, CASE_PLAN, NULL, &c), RC_OK);
    return c.id;
}

/* Plans are built in the test's arena: at most 8 goals and activities. */
struct draft {
    struct plan p;
    struct plan_goal goals[8];
    struct plan_activity acts[8];
};

static struct plan *draft_new(struct draft *dr)
{
    memset(dr, 0, sizeof(*dr));
    dr->p.goals = dr->goals;
    dr->p.activities = dr->acts;
    return &dr->p;
}

static void draft_goal(struct draft *dr, const char *text)
{
    dr->goals[dr->p.ngoals++] = (struct plan_goal){0, text};
}

static struct plan_activity *draft_activity(struct draft *dr, int64_t key, int64_t service,
                                            int64_t units, const char *starts_on)
{
    struct plan_activity *a = &dr->acts[dr->p.nactivities++];
    *a = (struct plan_activity){.key = key,
                                .goal = dr->p.ngoals > 0 ? 1 : 0,
                                .service_id = service,
                                .responsible = "Gerda Mulder",
                                .units = units,
                                .starts_on = starts_on,
                                .ends_on = "",
                                .status = ACTIVITY_GEPLAND,
                                .stop_reason = ""};
    return a;
}

/* Copies the current version of a plan (as read) into a draft to edit. */
static struct plan *draft_from(struct draft *dr, const struct plan *cur)
{
    draft_new(dr);
    for (int i = 0; i < cur->ngoals; i++)
        dr->goals[dr->p.ngoals++] = cur->goals[i];
    for (int i = 0; i < cur->nactivities; i++)
        dr->acts[dr->p.nactivities++] = cur->activities[i];
    return &dr->p;
}

static enum rc put(const struct who *w, int64_t case_id, struct plan *in, struct plan *out,
                   struct plan_errors *errs, struct plan_refusal *ref)
{
    return door_plan_put(as(w), case_id, in, out, errs, ref);
}

/* Puts in as w and asserts it is stored. */
static void put_ok(const struct who *w, int64_t case_id, struct plan *in, struct plan *out)
{
    struct plan_errors errs;
    struct plan_refusal ref;
    enum rc rc = put(w, case_id, in, out, &errs, &ref);
    if (rc)
        fail_msg("put: %s (%d problems, first %s.%s %s; verdict %s)", rc_name(rc), errs.count,
                 errs.count ? errs.list[0].part : "", errs.count ? errs.list[0].field : "",
                 errs.count ? errs.list[0].msg : "", budget_verdict_name(ref.verdict));
}

static enum rc add_service(struct db *db, int64_t provider, const char *name,
                           enum service_kind kind, enum service_unit unit, int64_t *id)
{
    struct service s = {.provider_id = provider, .name = name, .kind = kind, .unit = unit};
    struct plan_errors errs;
    return catalogue_service_create(db, &s, &errs, id);
}

static enum rc add_terms(struct db *db, int64_t service, const char *municipality, int64_t price,
                         int64_t budget, int64_t places)
{
    struct service_terms t = {.service_id = service,
                              .municipality = municipality,
                              .price_cents = price,
                              .has_budget = budget >= 0,
                              .budget_cents = budget,
                              .has_places = places >= 0,
                              .places = places,
                              .ordered_by = "case_manager"};
    struct plan_errors errs;
    return catalogue_terms_set(db, &t, &errs);
}

/* ---- fixtures ---- */

static int group_setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    if (sfx_open("plan", 30000000))
        return -1;
    struct db *db = store_acquire(sfx.store);
    enum rc rc = add_org(db, "Sociale Dienst Drechtsteden", ORG_MUNICIPAL, SFX_BOTH, 2, &fx.org_sd);
    if (!rc)
        rc = add_org(db, "Drechtwerk", ORG_SOCIAL_WORK_COMPANY, SFX_BOTH, 2, &fx.org_dw);
    if (!rc)
        rc = add_org(db, "Da Vinci College Contractonderwijs", ORG_OTHER, SFX_BOTH, 2,
                     &fx.org_davinci);
    if (!rc)
        rc =
            add_user(db, &fx.km_a, "km_a", NULL, ROLE_CASE_MANAGER, fx.org_sd, SFX_ONLY_0505, 1, 0);
    if (!rc)
        rc =
            add_user(db, &fx.km_b, "km_b", NULL, ROLE_CASE_MANAGER, fx.org_sd, SFX_ONLY_0590, 1, 0);
    if (!rc)
        rc =
            add_user(db, &fx.jobcoach, "jobcoach", NULL, ROLE_JOB_COACH, fx.org_dw, SFX_BOTH, 2, 0);
    /* Werkfit: € 3.250 a traject, Dordrecht € 5.000 a year; Papendrecht no limit.
     * Jobcoaching: € 85 an hour, no budget. Beschut werk: one place in Dordrecht.
     * VCA: only Papendrecht buys it. */
    if (!rc)
        rc = add_service(db, fx.org_dw, "Werkfit-traject", SERVICE_WERKFIT, UNIT_TRAJECT,
                         &fx.werkfit);
    if (!rc)
        rc = add_service(db, fx.org_dw, "Jobcoaching", SERVICE_JOBCOACHING, UNIT_UUR,
                         &fx.jobcoaching);
    if (!rc)
        rc = add_service(db, fx.org_dw, "Beschut werk", SERVICE_BESCHUT_WERK, UNIT_MAAND,
                         &fx.beschut);
    if (!rc)
        rc = add_service(db, fx.org_davinci, "Basiscursus VCA", SERVICE_TRAINING, UNIT_TRAJECT,
                         &fx.vca);
    if (!rc)
        rc = add_terms(db, fx.werkfit, "GM0505", 325000, 500000, -1);
    if (!rc)
        rc = add_terms(db, fx.werkfit, "GM0590", 325000, -1, -1);
    if (!rc)
        rc = add_terms(db, fx.jobcoaching, "GM0505", 8500, -1, -1);
    if (!rc)
        rc = add_terms(db, fx.beschut, "GM0505", 210000, -1, 1);
    if (!rc)
        rc = add_terms(db, fx.vca, "GM0590", 45000, 1000000, 10);
    store_release(sfx.store, db);
    if (rc) {
        fprintf(stderr, "setup failed: %s\n", rc_name(rc));
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    return sfx_close();
}

/* ---- the catalogue ---- */

static const struct catalogue_terms *terms_of(const struct service *s, const char *code)
{
    for (int i = 0; i < s->nterms; i++)
        if (strcmp(s->terms[i].terms.municipality, code) == 0)
            return &s->terms[i];
    return NULL;
}

static void test_catalogue(void **state)
{
    (void)state;
    struct db *db = take_db();
    struct service *list;
    int n;
    assert_rc(catalogue_list(db, &sfx.ta, "", false, YEAR, &list, &n), RC_OK);
    assert_int_equal(n, 4);
    /* By provider name, then service name. */
    assert_string_equal(list[0].provider_name, "Da Vinci College Contractonderwijs");
    assert_string_equal(list[1].name, "Beschut werk");
    assert_string_equal(list[3].name, "Werkfit-traject");
    assert_int_equal(list[3].kind, SERVICE_WERKFIT);
    assert_int_equal(list[3].unit, UNIT_TRAJECT);
    assert_int_equal(list[3].nterms, 2);
    const struct catalogue_terms *t = terms_of(&list[3], "GM0505");
    assert_non_null(t);
    assert_string_equal(t->municipality_name, "Dordrecht");
    assert_int_equal(t->terms.price_cents, 325000);
    assert_true(t->terms.has_budget);
    assert_int_equal(t->terms.budget_cents, 500000);
    assert_false(t->terms.has_places);
    assert_string_equal(t->terms.ordered_by, "case_manager");
    assert_false(terms_of(&list[3], "GM0590")->terms.has_budget);

    /* One municipality: only what it buys, with only its terms. */
    assert_rc(catalogue_list(db, &sfx.ta, "GM0590", false, YEAR, &list, &n), RC_OK);
    assert_int_equal(n, 2);
    for (int i = 0; i < n; i++) {
        assert_int_equal(list[i].nterms, 1);
        assert_string_equal(list[i].terms[0].terms.municipality, "GM0590");
    }
    assert_rc(catalogue_list(db, &sfx.ta, "GM9999", false, YEAR, &list, &n), RC_OK);
    assert_int_equal(n, 0);

    /* A Plusdienst with a target group, then switched off. */
    struct service s = {.provider_id = fx.org_dw,
                        .name = "Taalcoaching op de werkvloer",
                        .kind = SERVICE_PLUSDIENST,
                        .unit = UNIT_UUR,
                        .target_group = "Statushouders",
                        .description = "Een taalcoach op de werkplek.\nTwee uur per week."};
    struct plan_errors errs;
    int64_t id = 0;
    assert_rc(catalogue_service_create(db, &s, &errs, &id), RC_OK);
    assert_true(id > 0);
    struct service got;
    assert_rc(catalogue_get(db, &sfx.ta, id, YEAR, &got), RC_OK);
    assert_string_equal(got.target_group, "Statushouders");
    assert_string_equal(got.provider_name, "Drechtwerk");
    assert_true(got.active);
    assert_int_equal(got.nterms, 0);
    s.id = id;
    s.active = false;
    s.name = "Taalcoaching";
    assert_rc(catalogue_service_update(db, &s, &errs), RC_OK);
    assert_rc(catalogue_get(db, &sfx.ta, id, YEAR, &got), RC_OK);
    assert_false(got.active);
    assert_string_equal(got.name, "Taalcoaching");
    assert_rc(catalogue_list(db, &sfx.ta, "", false, YEAR, &list, &n), RC_OK);
    assert_int_equal(n, 4);
    assert_rc(catalogue_list(db, &sfx.ta, "", true, YEAR, &list, &n), RC_OK);
    assert_int_equal(n, 5);

    /* Bad input: each problem named; nothing written. */
    struct service bad = {.provider_id = fx.org_dw,
                          .name = "",
                          .kind = SERVICE_KIND_COUNT,
                          .unit = (enum service_unit) - 1};
    assert_rc(catalogue_service_create(db, &bad, &errs, &id), RC_INVALID);
    assert_int_equal(errs.count, 3);
    bad = (struct service){.provider_id = fx.org_sd, .name = "Budgetcoaching"};
    assert_rc(catalogue_service_create(db, &bad, &errs, &id), RC_INVALID);
    assert_string_equal(errs.list[0].field, "provider_id"); /* a municipality provides nothing */
    bad.provider_id = 987654;
    assert_rc(catalogue_service_create(db, &bad, &errs, &id), RC_INVALID);
    bad = (struct service){.provider_id = fx.org_dw, .name = "Jobcoaching"};
    assert_rc(catalogue_service_create(db, &bad, &errs, &id), RC_CONFLICT);
    assert_string_equal(errs.list[0].msg, "catalogue.field_name_taken");
    bad.name = "Naam met \x1b escape";
    assert_rc(catalogue_service_create(db, &bad, &errs, &id), RC_INVALID);
    assert_string_equal(errs.list[0].msg, "field.text");
    bad.id = 987654;
    bad.name = "Bestaat niet";
    assert_rc(catalogue_service_update(db, &bad, &errs), RC_NOT_FOUND);

    struct service_terms bt = {.service_id = fx.jobcoaching,
                               .municipality = "GM0590",
                               .price_cents = -1,
                               .has_budget = true,
                               .budget_cents = TERMS_MAX_BUDGET_CENTS + 1,
                               .has_places = true,
                               .places = -1,
                               .ordered_by = "case_manager,baas"};
    assert_rc(catalogue_terms_set(db, &bt, &errs), RC_INVALID);
    assert_int_equal(errs.count, 4);
    bt = (struct service_terms){
        .service_id = fx.jobcoaching, .municipality = "GM9999", .ordered_by = "case_manager"};
    assert_rc(catalogue_terms_set(db, &bt, &errs), RC_INVALID);
    assert_string_equal(errs.list[0].field, "municipality");
    bt.municipality = "GM0590";
    bt.service_id = 987654;
    assert_rc(catalogue_terms_set(db, &bt, &errs), RC_NOT_FOUND);
    /* Set, replace and end terms. */
    bt.service_id = fx.jobcoaching;
    bt.price_cents = 8000;
    bt.ordered_by = " case_manager , manager ";
    assert_rc(catalogue_terms_set(db, &bt, &errs), RC_OK);
    bt.price_cents = 9000;
    assert_rc(catalogue_terms_set(db, &bt, &errs), RC_OK);
    assert_rc(catalogue_get(db, &sfx.ta, fx.jobcoaching, YEAR, &got), RC_OK);
    assert_int_equal(got.nterms, 2);
    assert_int_equal(terms_of(&got, "GM0590")->terms.price_cents, 9000);
    assert_rc(catalogue_terms_delete(db, fx.jobcoaching, "GM0590"), RC_OK);
    assert_rc(catalogue_terms_delete(db, fx.jobcoaching, "GM0590"), RC_NOT_FOUND);
    give_db();
}

/* ---- versions and keys ---- */

static void test_versions_keep_keys(void **state)
{
    (void)state;
    int64_t case_id = new_case(&fx.km_a, "GM0505");
    struct plan cur;
    struct case_file c;
    assert_rc(door_plan_get(as(&fx.km_a), case_id, &cur, &c), RC_OK);
    assert_int_equal(cur.version, 0);
    assert_int_equal(cur.ngoals, 0);
    assert_int_equal(cur.nactivities, 0);
    assert_string_equal(c.municipality, "GM0505");

    struct draft dr;
    struct plan *p = draft_new(&dr);
    draft_goal(&dr, "Werkritme opdoen");
    draft_goal(&dr, "Veilig werken op de bouwplaats");
    draft_activity(&dr, 0, fx.jobcoaching, 20, YEAR_TEXT "-03-01");
    put_ok(&fx.km_a, case_id, p, &cur);
    assert_int_equal(cur.version, 1);
    assert_false(cur.agreed);
    assert_int_equal(cur.ngoals, 2);
    assert_int_equal(cur.goals[1].position, 2);
    assert_string_equal(cur.goals[1].text, "Veilig werken op de bouwplaats");
    assert_int_equal(cur.nactivities, 1);
    const struct plan_activity *a = &cur.activities[0];
    assert_int_equal(a->key, 1);
    assert_int_equal(a->cost_cents, 20 * 8500);
    assert_string_equal(a->service_name, "Jobcoaching");
    assert_string_equal(a->provider_name, "Drechtwerk");
    assert_int_equal(a->kind, SERVICE_JOBCOACHING);
    assert_int_equal(a->unit, UNIT_UUR);
    assert_string_equal(a->responsible, "Gerda Mulder");
    assert_int_equal(cur.total_cost_cents, 20 * 8500);
    assert_int_equal(audit_count("case.update", case_id, "km_a", 1, "municipality"), 1);

    /* Version 2: the activity runs and gets a second goal; a new one comes. */
    p = draft_from(&dr, &cur);
    dr.acts[0].status = ACTIVITY_LOPEND;
    dr.acts[0].goal = 2;
    draft_activity(&dr, 0, fx.jobcoaching, 4, YEAR_TEXT "-06-01");
    put_ok(&fx.km_a, case_id, p, &cur);
    assert_int_equal(cur.version, 2);
    assert_int_equal(cur.nactivities, 2);
    assert_int_equal(cur.activities[0].key, 1);
    assert_int_equal(cur.activities[0].status, ACTIVITY_LOPEND);
    assert_int_equal(cur.activities[0].goal, 2);
    assert_int_equal(cur.activities[0].cost_cents, 20 * 8500);
    assert_int_equal(cur.activities[1].key, 2);

    /* Version 3 leaves the planned one out; version 4 adds one: key 3, not 2. */
    p = draft_from(&dr, &cur);
    p->nactivities = 1;
    put_ok(&fx.km_a, case_id, p, &cur);
    assert_int_equal(cur.nactivities, 1);
    p = draft_from(&dr, &cur);
    draft_activity(&dr, 0, fx.jobcoaching, 2, YEAR_TEXT "-07-01");
    put_ok(&fx.km_a, case_id, p, &cur);
    assert_int_equal(cur.version, 4);
    assert_int_equal(cur.activities[1].key, 3);

    /* Fewer hours: the cost scales down. */
    p = draft_from(&dr, &cur);
    dr.acts[0].units = 10;
    put_ok(&fx.km_a, case_id, p, &cur);
    assert_int_equal(cur.activities[0].cost_cents, 10 * 8500);

    struct plan_version *vs;
    int nv;
    assert_rc(door_plan_versions(as(&fx.km_a), case_id, &vs, &nv), RC_OK);
    assert_int_equal(nv, 5);
    assert_int_equal(vs[0].version, 5);
    assert_int_equal(vs[4].version, 1);
    assert_int_equal(vs[4].ngoals, 2);
    assert_int_equal(vs[4].nactivities, 1);
    assert_int_equal(vs[4].total_cost_cents, 20 * 8500);
    assert_string_equal(vs[0].created_by, "km_a");
    assert_int_equal(count_versions(case_id), 5);

    /* What may not change, with nothing written. */
    int64_t before = count_activities(case_id);
    struct plan_errors errs;
    struct plan_refusal ref;
    p = draft_from(&dr, &cur);
    dr.acts[0].key = 99; /* no such activity */
    assert_rc(put(&fx.km_a, case_id, p, NULL, &errs, &ref), RC_INVALID);
    assert_string_equal(errs.list[0].msg, "plan.field_key_unknown");
    p = draft_from(&dr, &cur);
    p->nactivities = 0; /* the running activity left out */
    assert_rc(put(&fx.km_a, case_id, p, NULL, &errs, &ref), RC_INVALID);
    assert_string_equal(errs.list[0].msg, "plan.field_removed_started");
    p = draft_from(&dr, &cur);
    dr.acts[0].service_id = fx.werkfit;
    assert_rc(put(&fx.km_a, case_id, p, NULL, &errs, &ref), RC_INVALID);
    assert_string_equal(errs.list[0].msg, "plan.field_service_fixed");
    p = draft_from(&dr, &cur);
    dr.acts[0].status = ACTIVITY_AFGEROND; /* no end date */
    assert_rc(put(&fx.km_a, case_id, p, NULL, &errs, &ref), RC_INVALID);
    assert_string_equal(errs.list[0].field, "ends_on");
    p = draft_from(&dr, &cur);
    draft_activity(&dr, 0, 987654, 1, YEAR_TEXT "-07-01");
    assert_rc(put(&fx.km_a, case_id, p, NULL, &errs, &ref), RC_INVALID);
    assert_string_equal(errs.list[0].msg, "plan.field_service_unknown");
    assert_int_equal(errs.list[0].index, 2);
    p = draft_from(&dr, &cur);
    draft_activity(&dr, 0, fx.vca, 1, YEAR_TEXT "-07-01"); /* Dordrecht does not buy it */
    assert_rc(put(&fx.km_a, case_id, p, NULL, &errs, &ref), RC_INVALID);
    assert_string_equal(errs.list[0].msg, "plan.field_not_offered");
    assert_int_equal(count_versions(case_id), 5);
    assert_int_equal(count_activities(case_id), before);

    /* Stopped: final, with its reason; then the case closes and the plan with it. */
    p = draft_from(&dr, &cur);
    dr.acts[0].status = ACTIVITY_GESTOPT;
    dr.acts[0].ends_on = YEAR_TEXT "-05-01";
    dr.acts[0].stop_reason = "Inwoner is aan het werk";
    put_ok(&fx.km_a, case_id, p, &cur);
    assert_string_equal(cur.activities[0].stop_reason, "Inwoner is aan het werk");
    p = draft_from(&dr, &cur);
    dr.acts[0].status = ACTIVITY_LOPEND;
    dr.acts[0].stop_reason = "";
    assert_rc(put(&fx.km_a, case_id, p, NULL, &errs, &ref), RC_INVALID);
    assert_string_equal(errs.list[0].msg, "plan.field_status_final");
    struct case_file closed;
    assert_rc(door_case_transition(as(&fx.km_a), case_id, CASE_AFGESLOTEN, "werk", &closed), RC_OK);
    p = draft_from(&dr, &cur);
    assert_rc(put(&fx.km_a, case_id, p, NULL, &errs, &ref), RC_CONFLICT);
    assert_string_equal(errs.list[0].msg, "plan.case_closed");
}

/* ---- agreement ---- */

static void test_agreement(void **state)
{
    (void)state;
    int64_t case_id = new_case(&fx.km_a, "GM0505");
    struct plan_errors errs;
    struct plan cur;
    char today[11], tomorrow[11];
    struct date d;
    assert_true(date_today(&d));
    date_format(&d, today);
    /* There is nothing to agree with yet. */
    assert_rc(door_plan_agree(as(&fx.km_a), case_id, today, AGREED_MONDELING, &errs, NULL),
              RC_CONFLICT);
    assert_string_equal(errs.list[0].msg, "plan.no_plan");

    struct draft dr;
    struct plan *p = draft_new(&dr);
    draft_goal(&dr, "Nederlands op B1-niveau");
    put_ok(&fx.km_a, case_id, p, &cur);
    assert_false(cur.agreed);
    assert_string_equal(cur.agreed_on, "");

    /* Bad dates and ways, and a date in the future or before the version. */
    d.day++;
    if (!date_valid(&d)) {
        d.day = 1;
        if (++d.month > 12) {
            d.month = 1;
            d.year++;
        }
    }
    date_format(&d, tomorrow);
    assert_rc(door_plan_agree(as(&fx.km_a), case_id, tomorrow, AGREED_MONDELING, &errs, NULL),
              RC_INVALID);
    assert_string_equal(errs.list[0].msg, "plan.field_agreed_future");
    assert_rc(door_plan_agree(as(&fx.km_a), case_id, "2000-01-01", AGREED_MONDELING, &errs, NULL),
              RC_INVALID);
    assert_string_equal(errs.list[0].msg, "plan.field_agreed_before_version");
    assert_rc(door_plan_agree(as(&fx.km_a), case_id, "gisteren", AGREEMENT_HOW_COUNT, &errs, NULL),
              RC_INVALID);
    assert_int_equal(errs.count, 2);

    assert_rc(door_plan_agree(as(&fx.km_a), case_id, today, AGREED_HANDTEKENING, &errs, &cur),
              RC_OK);
    assert_true(cur.agreed);
    assert_string_equal(cur.agreed_on, today);
    assert_int_equal(cur.agreed_how, AGREED_HANDTEKENING);
    assert_rc(door_plan_get(as(&fx.km_a), case_id, &cur, NULL), RC_OK);
    assert_true(cur.agreed);
    /* Once is enough. */
    assert_rc(door_plan_agree(as(&fx.km_a), case_id, today, AGREED_DIGITAAL, &errs, NULL),
              RC_CONFLICT);
    assert_string_equal(errs.list[0].msg, "plan.already_agreed");

    /* A new version awaits a new agreement; the old one keeps its own. */
    p = draft_from(&dr, &cur);
    draft_goal(&dr, "Rijbewijs B halen");
    put_ok(&fx.km_a, case_id, p, &cur);
    assert_int_equal(cur.version, 2);
    assert_false(cur.agreed);
    struct plan_version *vs;
    int nv;
    assert_rc(door_plan_versions(as(&fx.km_a), case_id, &vs, &nv), RC_OK);
    assert_int_equal(nv, 2);
    assert_false(vs[0].agreed);
    assert_true(vs[1].agreed);
    assert_int_equal(vs[1].agreed_how, AGREED_HANDTEKENING);
    assert_rc(door_plan_agree(as(&fx.km_a), case_id, today, AGREED_DIGITAAL, &errs, &cur), RC_OK);
    assert_int_equal(cur.agreed_how, AGREED_DIGITAAL);
}

/* ---- the budget rule ---- */

static void test_over_budget(void **state)
{
    (void)state;
    /* Dordrecht buys Werkfit at € 3.250 with € 5.000 a year: one fits. */
    int64_t first = new_case(&fx.km_a, "GM0505");
    int64_t second = new_case(&fx.km_a, "GM0505");
    struct draft dr;
    struct plan cur;
    struct plan *p = draft_new(&dr);
    draft_goal(&dr, "Werkfit worden");
    draft_activity(&dr, 0, fx.werkfit, 1, YEAR_TEXT "-02-01");
    put_ok(&fx.km_a, first, p, &cur);
    assert_int_equal(cur.activities[0].cost_cents, 325000);

    struct db *db = take_db();
    struct service s;
    assert_rc(catalogue_get(db, &sfx.ta, fx.werkfit, YEAR, &s), RC_OK);
    give_db();
    assert_int_equal(terms_of(&s, "GM0505")->spent_cents, 325000);
    assert_int_equal(terms_of(&s, "GM0505")->places_used, 1);
    assert_int_equal(terms_of(&s, "GM0590")->spent_cents, 0);

    int64_t updates = audit_count("case.update", second, NULL, -1, NULL);
    p = draft_new(&dr);
    draft_goal(&dr, "Werkfit worden");
    draft_activity(&dr, 0, fx.werkfit, 1, YEAR_TEXT "-03-01");
    struct plan_errors errs;
    struct plan_refusal ref;
    assert_rc(put(&fx.km_a, second, p, NULL, &errs, &ref), RC_CONFLICT);
    assert_int_equal(ref.verdict, BUDGET_OVER_BUDGET);
    assert_int_equal(ref.activity, 0);
    assert_string_equal(ref.service_name, "Werkfit-traject");
    assert_string_equal(ref.municipality_name, "Dordrecht");
    assert_int_equal(ref.remaining_cents, 175000);
    assert_int_equal(ref.cost_cents, 325000);
    /* Nothing written, nothing audited as done. */
    assert_int_equal(count_versions(second), 0);
    assert_int_equal(audit_count("case.update", second, NULL, -1, NULL), updates);

    /* Next year's budget is another budget. */
    dr.acts[0].starts_on = "2027-01-04";
    put_ok(&fx.km_a, second, p, &cur);
    assert_int_equal(cur.version, 1);

    /* The first case's own traject may stay, be cut, not be doubled. */
    assert_rc(door_plan_get(as(&fx.km_a), first, &cur, NULL), RC_OK);
    p = draft_from(&dr, &cur);
    dr.acts[0].status = ACTIVITY_LOPEND;
    put_ok(&fx.km_a, first, p, &cur);
    p = draft_from(&dr, &cur);
    dr.acts[0].units = 2;
    assert_rc(put(&fx.km_a, first, p, NULL, &errs, &ref), RC_CONFLICT);
    assert_int_equal(ref.verdict, BUDGET_OVER_BUDGET);
    assert_int_equal(ref.cost_cents, 325000);
    assert_int_equal(ref.remaining_cents, 175000);

    /* Papendrecht buys it without a budget: the resident's municipality counts. */
    int64_t elsewhere = new_case(&fx.km_b, "GM0590");
    p = draft_new(&dr);
    draft_activity(&dr, 0, fx.werkfit, 3, YEAR_TEXT "-02-01");
    put_ok(&fx.km_b, elsewhere, p, &cur);
    assert_int_equal(cur.activities[0].cost_cents, 3 * 325000);

    /* Two new ones in one version count together: exactly at the budget is
     * fine, a cent more is not. */
    db = take_db();
    assert_rc(add_terms(db, fx.vca, "GM0590", 45000, 90000, -1), RC_OK);
    give_db();
    int64_t two = new_case(&fx.km_b, "GM0590");
    p = draft_new(&dr);
    draft_activity(&dr, 0, fx.vca, 1, YEAR_TEXT "-04-01");
    draft_activity(&dr, 0, fx.vca, 1, YEAR_TEXT "-09-01");
    put_ok(&fx.km_b, two, p, &cur);
    assert_int_equal(cur.total_cost_cents, 90000);
    int64_t three = new_case(&fx.km_b, "GM0590");
    p = draft_new(&dr);
    draft_activity(&dr, 0, fx.vca, 1, YEAR_TEXT "-04-01");
    assert_rc(put(&fx.km_b, three, p, NULL, &errs, &ref), RC_CONFLICT);
    assert_int_equal(ref.remaining_cents, 0);
    db = take_db();
    assert_rc(add_terms(db, fx.vca, "GM0590", 45000, 1000000, 10), RC_OK);
    give_db();
}

static void test_places_full(void **state)
{
    (void)state;
    /* Dordrecht has one place in beschut werk. */
    int64_t first = new_case(&fx.km_a, "GM0505");
    int64_t second = new_case(&fx.km_a, "GM0505");
    struct draft dr;
    struct plan cur;
    struct plan *p = draft_new(&dr);
    draft_activity(&dr, 0, fx.beschut, 6, YEAR_TEXT "-01-15");
    put_ok(&fx.km_a, first, p, &cur);

    struct plan_errors errs;
    struct plan_refusal ref;
    p = draft_new(&dr);
    draft_activity(&dr, 0, fx.beschut, 6, YEAR_TEXT "-02-01");
    assert_rc(put(&fx.km_a, second, p, NULL, &errs, &ref), RC_CONFLICT);
    assert_int_equal(ref.verdict, BUDGET_NO_PLACES);
    assert_int_equal(ref.places, 1);
    assert_string_equal(ref.service_name, "Beschut werk");
    assert_int_equal(count_versions(second), 0);

    /* The holder may have more months: no new place needed. */
    p = draft_from(&dr, &cur);
    dr.acts[0].units = 12;
    put_ok(&fx.km_a, first, p, &cur);
    assert_int_equal(cur.activities[0].cost_cents, 12 * 210000);

    /* Once the place is given back (afgerond), the other resident gets it. */
    p = draft_from(&dr, &cur);
    dr.acts[0].status = ACTIVITY_AFGEROND;
    dr.acts[0].ends_on = YEAR_TEXT "-03-31";
    put_ok(&fx.km_a, first, p, &cur);
    p = draft_new(&dr);
    draft_activity(&dr, 0, fx.beschut, 6, YEAR_TEXT "-04-01");
    put_ok(&fx.km_a, second, p, &cur);
    /* Two new ones in one version need two places. */
    int64_t third = new_case(&fx.km_a, "GM0505");
    struct db *db = take_db();
    assert_rc(add_terms(db, fx.beschut, "GM0505", 210000, -1, 2), RC_OK);
    give_db();
    p = draft_new(&dr);
    draft_activity(&dr, 0, fx.beschut, 1, YEAR_TEXT "-05-01");
    draft_activity(&dr, 0, fx.beschut, 1, YEAR_TEXT "-06-01");
    assert_rc(put(&fx.km_a, third, p, NULL, &errs, &ref), RC_CONFLICT);
    assert_int_equal(ref.verdict, BUDGET_NO_PLACES);
    assert_int_equal(ref.activity, 1);
    assert_int_equal(count_versions(third), 0);
}

/* ---- who may read and write ---- */

static void test_access(void **state)
{
    (void)state;
    int64_t case_id = new_case(&fx.km_a, "GM0505");
    struct draft dr;
    struct plan cur;
    struct plan *p = draft_new(&dr);
    draft_goal(&dr, "Werkervaring opdoen");
    draft_activity(&dr, 0, fx.jobcoaching, 10, YEAR_TEXT "-05-01");
    put_ok(&fx.km_a, case_id, p, &cur);
    struct plan_errors errs;
    struct plan_refusal ref;
    struct plan_version *vs;
    int nv;
    char today[11];
    struct date d;
    date_today(&d);
    date_format(&d, today);

    /* Another municipality's klantmanager: as if there were no such case. */
    int64_t refused = audit_count("case.read", case_id, "km_b", 0, "municipality");
    assert_rc(door_plan_get(as(&fx.km_b), case_id, &cur, NULL), RC_NOT_FOUND);
    assert_int_equal(cur.version, 0);
    assert_rc(door_plan_versions(as(&fx.km_b), case_id, &vs, &nv), RC_NOT_FOUND);
    assert_int_equal(audit_count("case.read", case_id, "km_b", 0, "municipality"), refused + 2);
    p = draft_new(&dr);
    draft_goal(&dr, "Overgenomen");
    assert_rc(put(&fx.km_b, case_id, p, NULL, &errs, &ref), RC_NOT_FOUND);
    assert_rc(door_plan_agree(as(&fx.km_b), case_id, today, AGREED_MONDELING, &errs, NULL),
              RC_NOT_FOUND);
    assert_int_equal(audit_count("case.update", case_id, "km_b", 0, "municipality"), 2);
    assert_int_equal(count_versions(case_id), 1);
    /* And a case that does not exist answers the same, audited too. */
    assert_rc(door_plan_get(as(&fx.km_a), 987654321, &cur, NULL), RC_NOT_FOUND);
    assert_int_equal(audit_count("case.read", 987654321, "km_a", 0, "not_found"), 1);

    /* A jobcoach without a referral sees nothing. */
    assert_rc(door_plan_get(as(&fx.jobcoach), case_id, &cur, NULL), RC_NOT_FOUND);
    assert_int_equal(audit_count("case.read", case_id, "jobcoach", 0, "no_referral"), 1);
    /* A referral awaiting the answer is not enough. */
    insert_referral(case_id, fx.org_dw, "aangevraagd");
    assert_rc(door_plan_get(as(&fx.jobcoach), case_id, &cur, NULL), RC_NOT_FOUND);
    /* Accepted: the jobcoach reads the plan, audited, but cannot change it. */
    insert_referral(case_id, fx.org_dw, "geaccepteerd");
    assert_rc(door_plan_get(as(&fx.jobcoach), case_id, &cur, NULL), RC_OK);
    assert_int_equal(cur.version, 1);
    assert_string_equal(cur.activities[0].service_name, "Jobcoaching");
    assert_int_equal(audit_count("case.read", case_id, "jobcoach", 1, "referral"), 1);
    assert_rc(door_plan_versions(as(&fx.jobcoach), case_id, &vs, &nv), RC_OK);
    assert_int_equal(nv, 1);
    p = draft_from(&dr, &cur);
    dr.acts[0].status = ACTIVITY_LOPEND;
    assert_rc(put(&fx.jobcoach, case_id, p, NULL, &errs, &ref), RC_NOT_FOUND);
    assert_rc(door_plan_agree(as(&fx.jobcoach), case_id, today, AGREED_MONDELING, &errs, NULL),
              RC_NOT_FOUND);
    assert_int_equal(audit_count("case.update", case_id, "jobcoach", 0, "role"), 2);
    assert_int_equal(count_versions(case_id), 1);
    /* Another organisation's accepted referral gives this one nothing. */
    int64_t other = new_case(&fx.km_a, "GM0505");
    insert_referral(other, fx.org_davinci, "geaccepteerd");
    assert_rc(door_plan_get(as(&fx.jobcoach), other, &cur, NULL), RC_NOT_FOUND);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, sfx_test_begin, sfx_test_end)
    const struct CMUnitTest tests[] = {
        T(test_catalogue),   T(test_versions_keep_keys), T(test_agreement),
        T(test_over_budget), T(test_places_full),        T(test_access),
    };
#undef T
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
