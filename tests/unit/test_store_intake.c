/* The intake of a case through the one door (src/store/door_intake.c) on a
 * real store (SQLite, and PostgreSQL as unit-pg/): versions and the ladder
 * history, the ESCO labels of skills and wishes, refused input, and who may
 * read or write it: the klantmanager of the case's municipality writes; one
 * of another municipality, or a jobcoach without a referral, gets
 * RC_NOT_FOUND (audited); a jobcoach with an accepted referral reads it
 * without the benefit and cannot write.
 *
 * The region: Dordrecht (GM0505) and Papendrecht (GM0590). km_a works for
 * Dordrecht, km_b for Papendrecht, both at the Sociale Dienst; coach works
 * for Drechtwerk (the social work company). ESCO is the small sample in
 * tests/data/esco-official. */
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
#include "date.h"
#include "directory.h"
#include "door.h"
#include "door_intake.h"
#include "esco.h"
#include "password.h"
#include "store.h"
#include "store_fixture.h"

#include "banned.h"

#define OCC "http://data.europa.eu/esco/occupation/"
#define SKILL "http://data.europa.eu/esco/skill/"
#define LASSER OCC "7aedaa07-3884-4c5b-88f9-80997b2aa54b"
#define BARMAN OCC "2f5e38a0-6578-4665-bdbd-e2ab505be140"
#define WELDING SKILL "530cb489-d900-46ab-9350-4d50ccd49eea"     /* lastechnieken */
#define ARC_WELDING SKILL "27d26fd6-5795-4f0a-884e-112df7c68314" /* booglastechnieken ... */
#define OXY_FUEL SKILL "14b4a40e-da80-452a-86d6-88a959052219"    /* English only */
#define UNKNOWN SKILL "00000000-0000-0000-0000-000000000000"

static struct {
    int64_t org_sd, org_dw;
    struct who km_a, km_b, coach;
} fx;

static int64_t intake_rows(int64_t case_id)
{
    return sql_int_id("SELECT count(*) FROM intakes WHERE case_id = $1", case_id);
}

/* Audit rows for action on case_id by username, allowed (0/1) with reason. */
static int64_t audit_count(const char *action, int64_t case_id, const char *username, int allowed,
                           const char *reason)
{
    static const char SQL[] = "SELECT count(*) FROM audit_log WHERE action = $1 AND case_id = $2"
                              " AND username = $3 AND allowed = $4 AND reason = $5";
    struct db *db = take_db();
    struct db_stmt *st;
    assert_rc(db_prepare(db, SQL, &st), RC_OK);
    db_bind_text(st, 1, action);
    db_bind_int(st, 2, case_id);
    db_bind_text(st, 3, username);
    db_bind_int(st, 4, allowed);
    db_bind_text(st, 5, reason);
    bool row = false;
    assert_rc(db_step(st, &row), RC_OK);
    assert_true(row);
    int64_t v = db_col_int(st, 0);
    db_done(st);
    give_db();
    return v;
}

/* A case of a new Dordrecht resident, opened by km_a. */
static int64_t new_case(void)
{
    struct resident r = {
        .bsn = next_bsn(),
        .first_name = "Samira",
        .last_name = "Bouzid",
        .birth_date = "1990-06-01",
        .postcode = "3311 AB",
        .municipality = "GM0505",
    };
    struct field_errors errs;
    assert_rc(door_resident_create(as(&fx.km_a), &r, &errs), RC_OK);
    struct case_file c;
    assert_rc(door_case_open(as(&fx.km_a), r.id, &c), RC_OK);
    return c.id;
}

static const char *days_ago(int days)
{
    struct date t;
    assert_true(date_today(&t));
    /* Walk back day by day: plain and clearly right. */
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 0; i < days; i++) {
        if (--t.day == 0) {
            if (--t.month == 0) {
                t.month = 12;
                t.year--;
            }
            bool leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
            t.day = t.month == 2 && leap ? 29 : mdays[t.month - 1];
        }
    }
    char out[11];
    date_format(&t, out);
    return arena_strdup(&sfx.ta, out);
}

static struct intake_skill skills[3];
static const char *wishes[2];
static struct intake_language languages[2];

static struct intake an_intake(int ladder_step, const char *measured_on)
{
    skills[0] = (struct intake_skill){OXY_FUEL, SKILL_ZELF};
    skills[1] = (struct intake_skill){WELDING, SKILL_WAARGENOMEN};
    skills[2] = (struct intake_skill){ARC_WELDING, SKILL_ZELF};
    wishes[0] = LASSER;
    wishes[1] = BARMAN;
    languages[0] = (struct intake_language){"tr", CEFR_C2};
    languages[1] = (struct intake_language){"nl", CEFR_A2};
    return (struct intake){
        .hours_per_week = 32,
        .max_travel_km = 20,
        .licences = (1u << LICENCE_B) | (1u << LICENCE_AM),
        .barriers = (1u << BARRIER_TAAL) | (1u << BARRIER_VERVOER),
        .ladder_step = ladder_step,
        .ladder_measured_on = measured_on,
        .benefit = "Participatiewet, norm alleenstaande",
        .route = ROUTE_ONTWIKKELEN,
        .route_motivation = "Lassen in een werkfit-traject, met taalles ernaast.",
        .skills = skills,
        .nskills = 3,
        .wishes = wishes,
        .nwishes = 2,
        .languages = languages,
        .nlanguages = 2,
    };
}

static int put(const struct who *w, int64_t case_id, struct intake in, enum rc want,
               struct intake_errors *errs)
{
    struct intake_errors own;
    int version = -1;
    assert_rc(door_intake_put(as(w), case_id, &in, errs ? errs : &own, &version), want);
    return version;
}

/* ---- fixtures ---- */

static int group_setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    if (sfx_open("intake", 31000000))
        return -1;
    struct db *db = store_acquire(sfx.store);
    char sample[1100];
    snprintf(sample, sizeof(sample), "%s/../data/esco-official", test_source_dir());
    struct esco_import_report report;
    enum rc rc = esco_import(db, sample, &report);
    if (!rc)
        rc = add_org(db, "Sociale Dienst Drechtsteden", ORG_MUNICIPAL, SFX_BOTH, 2, &fx.org_sd);
    if (!rc)
        rc = add_org(db, "Drechtwerk", ORG_SOCIAL_WORK_COMPANY, SFX_BOTH, 2, &fx.org_dw);
    if (!rc)
        rc =
            add_user(db, &fx.km_a, "km_a", NULL, ROLE_CASE_MANAGER, fx.org_sd, SFX_ONLY_0505, 1, 0);
    if (!rc)
        rc =
            add_user(db, &fx.km_b, "km_b", NULL, ROLE_CASE_MANAGER, fx.org_sd, SFX_ONLY_0590, 1, 0);
    if (!rc)
        rc = add_user(db, &fx.coach, "coach", NULL, ROLE_JOB_COACH, fx.org_dw, SFX_BOTH, 2, 0);
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

/* ---- tests ---- */

static void test_versions_and_history(void **state)
{
    (void)state;
    int64_t case_id = new_case();
    struct intake_record rec;
    assert_rc(door_intake_get(as(&fx.km_a), case_id, &rec), RC_OK);
    assert_int_equal(rec.version, 0);
    assert_int_equal(rec.data.nskills, 0);
    assert_string_equal(rec.data.ladder_measured_on, "");
    struct intake_history *hist;
    int n = -1;
    assert_rc(door_intake_versions(as(&fx.km_a), case_id, &hist, &n), RC_OK);
    assert_int_equal(n, 0);

    const char *then = days_ago(200), *now = days_ago(3);
    assert_int_equal(put(&fx.km_a, case_id, an_intake(2, then), RC_OK, NULL), 1);
    struct intake second = an_intake(4, now);
    second.route = ROUTE_WERK;
    second.route_motivation = "Klaar voor betaald werk als lasser.";
    second.nskills = 2; /* the arc welding skill is dropped */
    second.barriers = 1u << BARRIER_DIGITALE_VAARDIGHEDEN;
    assert_int_equal(put(&fx.km_a, case_id, second, RC_OK, NULL), 2);
    assert_int_equal(intake_rows(case_id), 2);

    assert_rc(door_intake_get(as(&fx.km_a), case_id, &rec), RC_OK);
    assert_int_equal(rec.version, 2);
    assert_int_equal(rec.case_id, case_id);
    assert_int_equal(rec.data.ladder_step, 4);
    assert_string_equal(rec.data.ladder_measured_on, now);
    assert_int_equal(rec.data.route, ROUTE_WERK);
    assert_string_equal(rec.data.route_motivation, "Klaar voor betaald werk als lasser.");
    assert_int_equal(rec.data.hours_per_week, 32);
    assert_int_equal(rec.data.max_travel_km, 20);
    assert_int_equal(rec.data.licences, (1u << LICENCE_B) | (1u << LICENCE_AM));
    assert_int_equal(rec.data.barriers, 1u << BARRIER_DIGITALE_VAARDIGHEDEN);
    assert_string_equal(rec.data.benefit, "Participatiewet, norm alleenstaande");
    assert_false(rec.benefit_hidden);
    assert_string_equal(rec.by, "km_a");
    assert_int_equal(strlen(rec.created_at), 20);
    /* Skills by label: the Dutch one, then the English-only one. */
    assert_int_equal(rec.data.nskills, 2);
    assert_string_equal(rec.data.skills[0].uri, WELDING);
    assert_int_equal(rec.data.skills[0].level, SKILL_WAARGENOMEN);
    assert_string_equal(rec.skill_concepts[0].label, "lastechnieken");
    assert_string_equal(rec.skill_concepts[0].label_lang, "nl");
    assert_string_equal(rec.data.skills[1].uri, OXY_FUEL);
    assert_int_equal(rec.data.skills[1].level, SKILL_ZELF);
    assert_string_equal(rec.skill_concepts[1].label, "operate oxy-fuel welding torch");
    assert_string_equal(rec.skill_concepts[1].label_lang, "en");
    assert_string_equal(rec.skill_concepts[1].group_label,
                        "verbinden van onderdelen met behulp van las- en soldeertechnieken");
    assert_int_equal(rec.data.nwishes, 2);
    assert_string_equal(rec.data.wishes[0], BARMAN);
    assert_string_equal(rec.wish_concepts[0].label, "barman/barvrouw");
    assert_string_equal(rec.data.wishes[1], LASSER);
    assert_string_equal(rec.wish_concepts[1].label, "lasser");
    /* Languages by code. */
    assert_int_equal(rec.data.nlanguages, 2);
    assert_string_equal(rec.data.languages[0].code, "nl");
    assert_int_equal(rec.data.languages[0].level, CEFR_A2);
    assert_string_equal(rec.data.languages[1].code, "tr");
    assert_int_equal(rec.data.languages[1].level, CEFR_C2);

    /* The ladder then and now, newest first. */
    assert_rc(door_intake_versions(as(&fx.km_a), case_id, &hist, &n), RC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(hist[0].version, 2);
    assert_int_equal(hist[0].ladder_step, 4);
    assert_string_equal(hist[0].ladder_measured_on, now);
    assert_int_equal(hist[0].route, ROUTE_WERK);
    assert_string_equal(hist[0].by, "km_a");
    assert_int_equal(hist[1].version, 1);
    assert_int_equal(hist[1].ladder_step, 2);
    assert_string_equal(hist[1].ladder_measured_on, then);
    assert_int_equal(hist[1].route, ROUTE_ONTWIKKELEN);

    /* The case follows the route decided; version 1 is kept as it was. */
    struct case_file c;
    assert_rc(door_case_get(as(&fx.km_a), case_id, &c), RC_OK);
    assert_int_equal(c.route, ROUTE_WERK);
    assert_int_equal(sql_int_id("SELECT count(*) FROM intake_skills x JOIN intakes i ON i.id ="
                                " x.intake_id WHERE i.case_id = $1 AND i.version = 1",
                                case_id),
                     3);
    assert_string_equal(
        sql_text_id("SELECT barriers FROM intakes WHERE case_id = $1 AND version = 1", case_id),
        "taal,vervoer");
    assert_string_equal(
        sql_text_id("SELECT driving_licences FROM intakes WHERE case_id = $1 AND version = 2",
                    case_id),
        "AM,B");
    /* Saving and reading were audited; km_a read the benefit. */
    assert_int_equal(audit_count("case.update", case_id, "km_a", 1, "municipality"), 2);
    assert_true(audit_count("benefit.read", case_id, "km_a", 1, "municipality") >= 1);
}

static void test_refused_input_writes_nothing(void **state)
{
    (void)state;
    int64_t case_id = new_case();
    const char *today = days_ago(0);
    struct intake_errors errs;

    struct intake in = an_intake(3, today);
    in.route_motivation = "   ";
    put(&fx.km_a, case_id, in, RC_INVALID, &errs);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.msg[IF_ROUTE_MOTIVATION], "field.motivation_required");

    in = an_intake(3, today);
    skills[1].uri = UNKNOWN;
    put(&fx.km_a, case_id, in, RC_INVALID, &errs);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.msg[IF_SKILLS], "field.esco_unknown");

    in = an_intake(3, today);
    wishes[1] = WELDING; /* a skill is no occupation */
    put(&fx.km_a, case_id, in, RC_INVALID, &errs);
    assert_string_equal(errs.msg[IF_WISHES], "field.esco_unknown");

    in = an_intake(7, "2099-12-31");
    put(&fx.km_a, case_id, in, RC_INVALID, &errs);
    assert_int_equal(errs.count, 2);
    assert_string_equal(errs.msg[IF_LADDER_STEP], "field.ladder_step");
    assert_string_equal(errs.msg[IF_LADDER_MEASURED_ON], "field.date_future");

    /* Nothing of it was stored, not even the route of the case. */
    assert_int_equal(intake_rows(case_id), 0);
    assert_string_equal(sql_text_id("SELECT route FROM cases WHERE id = $1", case_id), "");
    assert_int_equal(audit_count("case.update", case_id, "km_a", 1, "municipality"), 0);
    /* The first valid save is version 1. */
    assert_int_equal(put(&fx.km_a, case_id, an_intake(3, today), RC_OK, NULL), 1);
}

static void test_other_municipality(void **state)
{
    (void)state;
    int64_t case_id = new_case();
    assert_int_equal(put(&fx.km_a, case_id, an_intake(3, days_ago(1)), RC_OK, NULL), 1);
    struct intake_record rec;
    assert_rc(door_intake_get(as(&fx.km_b), case_id, &rec), RC_NOT_FOUND);
    assert_int_equal(rec.version, 0);
    assert_int_equal(rec.data.nskills, 0);
    struct intake_history *hist;
    int n;
    assert_rc(door_intake_versions(as(&fx.km_b), case_id, &hist, &n), RC_NOT_FOUND);
    assert_int_equal(n, 0);
    put(&fx.km_b, case_id, an_intake(5, days_ago(0)), RC_NOT_FOUND, NULL);
    /* Answered as a case that does not exist, and each refusal audited. */
    put(&fx.km_a, 987654321, an_intake(5, days_ago(0)), RC_NOT_FOUND, NULL);
    assert_int_equal(intake_rows(case_id), 1);
    assert_int_equal(audit_count("case.read", case_id, "km_b", 0, "municipality"), 2);
    assert_int_equal(audit_count("case.update", case_id, "km_b", 0, "municipality"), 1);
    assert_int_equal(audit_count("case.update", 987654321, "km_a", 0, "not_found"), 1);
}

static void test_jobcoach(void **state)
{
    (void)state;
    int64_t case_id = new_case();
    assert_int_equal(put(&fx.km_a, case_id, an_intake(3, days_ago(10)), RC_OK, NULL), 1);
    struct intake_record rec;
    struct intake_history *hist;
    int n;

    /* Without a referral (or with one that is only asked for): nothing. */
    assert_rc(door_intake_get(as(&fx.coach), case_id, &rec), RC_NOT_FOUND);
    insert_referral(case_id, fx.org_dw, "aangevraagd");
    assert_rc(door_intake_get(as(&fx.coach), case_id, &rec), RC_NOT_FOUND);
    assert_rc(door_intake_versions(as(&fx.coach), case_id, &hist, &n), RC_NOT_FOUND);
    assert_int_equal(audit_count("case.read", case_id, "coach", 0, "no_referral"), 3);

    /* With an accepted referral: the intake without the benefit. */
    insert_referral(case_id, fx.org_dw, "geaccepteerd");
    assert_rc(door_intake_get(as(&fx.coach), case_id, &rec), RC_OK);
    assert_int_equal(rec.version, 1);
    assert_true(rec.benefit_hidden);
    assert_string_equal(rec.data.benefit, "");
    assert_int_equal(rec.data.nskills, 3);
    assert_int_equal(rec.data.ladder_step, 3);
    assert_string_equal(rec.data.route_motivation,
                        "Lassen in een werkfit-traject, met taalles ernaast.");
    assert_rc(door_intake_versions(as(&fx.coach), case_id, &hist, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(audit_count("case.read", case_id, "coach", 1, "referral"), 2);
    assert_int_equal(audit_count("benefit.read", case_id, "coach", 1, "referral"), 0);

    /* ...and cannot change it. */
    put(&fx.coach, case_id, an_intake(6, days_ago(0)), RC_NOT_FOUND, NULL);
    assert_int_equal(intake_rows(case_id), 1);
    assert_int_equal(audit_count("case.update", case_id, "coach", 0, "role"), 1);
    /* The klantmanager still reads the benefit. */
    assert_rc(door_intake_get(as(&fx.km_a), case_id, &rec), RC_OK);
    assert_false(rec.benefit_hidden);
    assert_string_equal(rec.data.benefit, "Participatiewet, norm alleenstaande");
}

static void test_closed_case(void **state)
{
    (void)state;
    int64_t case_id = new_case();
    struct case_file c;
    assert_rc(door_case_transition(as(&fx.km_a), case_id, CASE_AFGESLOTEN, "verhuisd", &c), RC_OK);
    put(&fx.km_a, case_id, an_intake(3, days_ago(0)), RC_CONFLICT, NULL);
    assert_int_equal(intake_rows(case_id), 0);
    struct intake_record rec;
    assert_rc(door_intake_get(as(&fx.km_a), case_id, &rec), RC_OK);
    assert_int_equal(rec.version, 0);
}

static void test_no_route_clears_it(void **state)
{
    (void)state;
    int64_t case_id = new_case();
    put(&fx.km_a, case_id, an_intake(2, days_ago(0)), RC_OK, NULL);
    assert_string_equal(sql_text_id("SELECT route FROM cases WHERE id = $1", case_id),
                        "ontwikkelen");
    struct intake in = an_intake(2, days_ago(0));
    in.route = ROUTE_NONE;
    in.route_motivation = "";
    in.nskills = in.nwishes = in.nlanguages = 0;
    in.benefit = NULL;
    assert_int_equal(put(&fx.km_a, case_id, in, RC_OK, NULL), 2);
    assert_string_equal(sql_text_id("SELECT route FROM cases WHERE id = $1", case_id), "");
    struct intake_record rec;
    assert_rc(door_intake_get(as(&fx.km_a), case_id, &rec), RC_OK);
    assert_int_equal(rec.data.nskills + rec.data.nwishes + rec.data.nlanguages, 0);
    assert_string_equal(rec.data.benefit, "");
}

#define T(f) cmocka_unit_test_setup_teardown(f, sfx_test_begin, sfx_test_end)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_versions_and_history), T(test_refused_input_writes_nothing),
        T(test_other_municipality),   T(test_jobcoach),
        T(test_closed_case),          T(test_no_route_clears_it),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
