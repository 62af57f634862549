/* Matching on a real store (SQLite, and PostgreSQL as unit-pg/): the index
 * kept current by the door's writes equals one rebuilt from the store after
 * a random sequence of creates, updates and closures; what must not count
 * (birth date, names, benefit, barriers, other languages) changes no score;
 * an expired availability drops a resident out and asks for re-confirming;
 * and who sees what of proposals and placements: the employer only its own,
 * anonymous until the resident consents and the professional shares.
 *
 * The region: Dordrecht (GM0505) and Papendrecht (GM0590). ESCO is the small
 * sample in tests/data/esco-official (a welder with three essential and two
 * optional skills, a bartender, a contact tracing agent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "date.h"
#include "door.h"
#include "door_intake.h"
#include "door_match.h"
#include "door_proposal.h"
#include "door_consent.h"
#include "door_tasks.h"
#include "esco.h"
#include "network.h"
#include "store.h"
#include "store_fixture.h"

#include "banned.h"

#define OCC "http://data.europa.eu/esco/occupation/"
#define SKILL "http://data.europa.eu/esco/skill/"
#define WELDER OCC "7aedaa07-3884-4c5b-88f9-80997b2aa54b"
#define BARMAN OCC "2f5e38a0-6578-4665-bdbd-e2ab505be140"
#define TRACER OCC "46d0568d-7415-4643-94aa-89d2470fbe3c"
#define WELDING SKILL "530cb489-d900-46ab-9350-4d50ccd49eea"     /* essential */
#define ARC_WELDING SKILL "27d26fd6-5795-4f0a-884e-112df7c68314" /* essential */
#define OXY_FUEL SKILL "14b4a40e-da80-452a-86d6-88a959052219"    /* essential */
#define CUTTING SKILL "2973b3bc-5893-4b3d-8953-22ef677a162f"     /* optional */

static const char *const all_skills[] = {WELDING, ARC_WELDING, OXY_FUEL, CUTTING};
static const char *const all_occupations[] = {WELDER, BARMAN, TRACER};
static const char *const postcodes[] = {"3311 AB", "3351 AA", "3361 AA", "1011 AB"};

static struct {
    int64_t org_sd, org_emp, org_emp2;
    struct who km_a, km_b, adviser, adviser_b, boss, boss2;
    uint64_t rng;
} fx;

static unsigned rnd(unsigned n)
{
    fx.rng = fx.rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(fx.rng >> 33) % n;
}

static const char *day(int offset)
{
    struct date t;
    assert_true(date_today(&t));
    struct date d = date_add_days(&t, offset);
    char out[11];
    date_format(&d, out);
    return arena_strdup(&sfx.ta, out);
}

/* ---- making things through the door ---- */

static int64_t new_resident(const struct who *km, const char *postcode, const char *first,
                            const char *birth)
{
    struct resident r = {
        .bsn = next_bsn(),
        .first_name = first,
        .last_name = "Jansen",
        .birth_date = birth,
        .postcode = postcode,
        .municipality = km->actor.municipalities[0],
    };
    struct field_errors errs;
    assert_rc(door_resident_create(as(km), &r, &errs), RC_OK);
    return r.id;
}

static int64_t open_case(const struct who *km, int64_t resident_id)
{
    struct case_file c;
    assert_rc(door_case_open(as(km), resident_id, &c), RC_OK);
    return c.id;
}

static void move(const struct who *km, int64_t case_id, enum case_phase to)
{
    struct case_file c;
    assert_rc(door_case_transition(as(km), case_id, to, to == CASE_AFGESLOTEN ? "werk" : "", &c),
              RC_OK);
}

struct profile {
    unsigned skills; /* bits of all_skills */
    unsigned wishes; /* bits of all_occupations */
    int hours, km;
    enum case_route route;
    const char *benefit;
    unsigned barriers;
    int ladder;
    bool other_language;
};

static void put_intake(const struct who *km, int64_t case_id, const struct profile *p)
{
    struct intake_skill *skills = arena_alloc(&sfx.ta, sizeof(*skills) * 4);
    const char **wishes = arena_alloc(&sfx.ta, sizeof(*wishes) * 3);
    struct intake_language *langs = arena_alloc(&sfx.ta, sizeof(*langs) * 2);
    int ns = 0, nw = 0, nl = 0;
    for (int i = 0; i < 4; i++)
        if (p->skills & (1u << i))
            skills[ns++] = (struct intake_skill){all_skills[i], SKILL_ZELF};
    for (int i = 0; i < 3; i++)
        if (p->wishes & (1u << i))
            wishes[nw++] = all_occupations[i];
    langs[nl++] = (struct intake_language){"nl", CEFR_B1};
    if (p->other_language)
        langs[nl++] = (struct intake_language){"ar", CEFR_C2};
    struct intake in = {
        .hours_per_week = p->hours,
        .max_travel_km = p->km,
        .licences = 1u << LICENCE_B,
        .barriers = p->barriers,
        .ladder_step = p->ladder ? p->ladder : 4,
        .ladder_measured_on = day(-10),
        .benefit = p->benefit ? p->benefit : "Participatiewet, norm alleenstaande",
        .route = p->route,
        .route_motivation = p->route == ROUTE_NONE ? "" : "Kan met begeleiding aan de slag.",
        .skills = skills,
        .nskills = ns,
        .wishes = wishes,
        .nwishes = nw,
        .languages = langs,
        .nlanguages = nl,
    };
    struct intake_errors errs;
    int version = 0;
    assert_rc(door_intake_put(as(km), case_id, &in, &errs, &version), RC_OK);
}

static void confirm(const struct who *w, int64_t case_id, int days_ago)
{
    struct availability av;
    assert_rc(door_availability_confirm(as(w), case_id, day(-days_ago), 3, &av), RC_OK);
}

/* A resident of km's municipality in matching: case in uitvoering. */
static int64_t matched_case(const struct who *km, const char *postcode, const struct profile *p,
                            int64_t *resident_id)
{
    int64_t r = new_resident(km, postcode, "Samira", "1990-06-01");
    int64_t c = open_case(km, r);
    move(km, c, CASE_INTAKE);
    put_intake(km, c, p);
    move(km, c, CASE_PLAN);
    move(km, c, CASE_UITVOERING);
    confirm(km, c, 0);
    if (resident_id)
        *resident_id = r;
    return c;
}

static int64_t new_vacancy(const struct who *w, int64_t employer, const char *occupation,
                           int hours, const char *postcode)
{
    struct vacancy_input in = {.employer_id = employer,
                               .occupation_uri = occupation,
                               .kind = "regulier",
                               .hours_per_week = hours,
                               .places = 1,
                               .postcode = postcode,
                               .nskills = -1};
    struct vacancy v;
    struct door_field_errors errs;
    assert_rc(network_vacancy_create(as(w), &in, &v, &errs), RC_OK);
    return v.id;
}

static bool index_equal(void)
{
    bool equal = false;
    assert_rc(door_match_index_equal_rebuild(as(&fx.adviser), &equal), RC_OK);
    close_door();
    return equal;
}

/* The score of case_id for vacancy_id as the adviser sees it; -1 when the
 * case is not among the candidates. */
static float score_of(int64_t vacancy_id, int64_t case_id, struct match_why *why)
{
    struct match_candidate *list;
    int n = 0;
    assert_rc(door_match_residents(as(&fx.adviser), vacancy_id, 100, &list, &n), RC_OK);
    for (int i = 0; i < n; i++)
        if (list[i].case_id == case_id) {
            if (why)
                *why = list[i].why;
            return list[i].why.score;
        }
    return -1;
}

/* ---- fixtures ---- */

static int group_setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    fx.rng = 20261201;
    if (sfx_open("match", 35000000))
        return -1;
    struct db *db = store_acquire(sfx.store);
    char sample[1100];
    snprintf(sample, sizeof(sample), "%s/../data/esco-official", test_source_dir());
    struct esco_import_report report;
    enum rc rc = esco_import(db, sample, &report);
    static const struct network_pc4 areas[] = {
        {3311, 518139, 46686, "GM0505"},
        {3351, 518312, 46809, "GM0590"},
        {3361, 518201, 47722, "GM0610"},
        {1011, 523710, 49041, "GM0363"},
    };
    if (!rc)
        rc = network_pc4_import(db, areas, 4);
    if (!rc)
        rc = add_org(db, "Sociale Dienst Drechtsteden", ORG_MUNICIPAL, SFX_BOTH, 2, &fx.org_sd);
    if (!rc)
        rc = add_user(db, &fx.km_a, "km_a", NULL, ROLE_CASE_MANAGER, fx.org_sd, SFX_ONLY_0505, 1,
                      0);
    if (!rc)
        rc = add_user(db, &fx.km_b, "km_b", NULL, ROLE_CASE_MANAGER, fx.org_sd, SFX_ONLY_0590, 1,
                      0);
    if (!rc)
        rc = add_user(db, &fx.adviser, "adviser", NULL, ROLE_EMPLOYER_ADVISER, fx.org_sd, SFX_BOTH,
                      2, 0);
    if (!rc)
        rc = add_user(db, &fx.adviser_b, "adviser_b", NULL, ROLE_EMPLOYER_ADVISER, fx.org_sd,
                      SFX_ONLY_0590, 1, 0);
    store_release(sfx.store, db);
    if (rc) {
        fprintf(stderr, "setup failed: %s\n", rc_name(rc));
        return -1;
    }
    /* Two employers, made by the adviser; each with a user of its own. */
    struct arena a;
    arena_init(&a);
    struct door d;
    door_init(&d, sfx.store, &a, &fx.adviser.actor, "adviser", TEST_IP);
    struct employer e;
    struct door_field_errors errs;
    struct employer_input in = {.name = "Lasbedrijf Merwede", .kvk = "1234 5678",
                                .postcode = "3311AB", .pso_level = "trede1"};
    rc = network_employer_create(&d, &in, &e, &errs);
    fx.org_emp = e.id;
    struct employer_input in2 = {.name = "Café De Brug", .kvk = "87654321",
                                 .postcode = "3351 AA", .pso_level = ""};
    if (!rc)
        rc = network_employer_create(&d, &in2, &e, &errs);
    fx.org_emp2 = e.id;
    door_release(&d);
    arena_release(&a);
    db = store_acquire(sfx.store);
    if (!rc)
        rc = add_user(db, &fx.boss, "boss", NULL, ROLE_EMPLOYER, fx.org_emp, SFX_BOTH, 2, 0);
    if (!rc)
        rc = add_user(db, &fx.boss2, "boss2", NULL, ROLE_EMPLOYER, fx.org_emp2, SFX_BOTH, 2, 0);
    store_release(sfx.store, db);
    if (rc) {
        fprintf(stderr, "setup of the employers failed: %s\n", rc_name(rc));
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    return sfx_close();
}

/* ---- the index follows the store ---- */

static void test_index_follows_the_store(void **state)
{
    (void)state;
    struct match_stats st;
    assert_rc(door_match_build(as(&fx.adviser), &st), RC_OK);
    close_door();
    int64_t cases[40], vacancies[12];
    const struct who *kms[40];
    int ncases = 0, nvacancies = 0;
    static const enum case_route routes[] = {ROUTE_WERK, ROUTE_ONTWIKKELEN, ROUTE_BESCHUT,
                                             ROUTE_ONDERSTEUNING};
    for (int step = 0; step < 160; step++) {
        unsigned op = rnd(8);
        if (ncases < 3 || op == 0) {
            if (ncases == 40)
                continue;
            const struct who *km = rnd(2) ? &fx.km_a : &fx.km_b;
            int64_t r = new_resident(km, postcodes[rnd(4)], "Aylin", "1985-03-04");
            kms[ncases] = km;
            cases[ncases++] = open_case(km, r);
        } else if (nvacancies < 2 || op == 1) {
            if (nvacancies == 12)
                continue;
            vacancies[nvacancies++] =
                new_vacancy(&fx.adviser, rnd(2) ? fx.org_emp : fx.org_emp2,
                            all_occupations[rnd(3)], 8 + (int)rnd(30), postcodes[rnd(4)]);
        } else if (op == 2 || op == 3) {
            int k = (int)rnd((unsigned)ncases);
            struct case_file c;
            assert_rc(door_case_get(as(kms[k]), cases[k], &c), RC_OK);
            if (c.phase == CASE_AFGESLOTEN)
                continue; /* a closed case takes no intake (door_intake.h) */
            struct profile p = {.skills = rnd(16), .wishes = rnd(8), .hours = (int)rnd(41),
                                .km = (int)rnd(60), .route = routes[rnd(4)]};
            put_intake(kms[k], cases[k], &p);
        } else if (op == 4) {
            int k = (int)rnd((unsigned)ncases);
            struct case_file c;
            assert_rc(door_case_get(as(kms[k]), cases[k], &c), RC_OK);
            enum case_phase next[CASE_PHASE_COUNT];
            int n = 0;
            case_phase_next(c.phase, next, &n);
            if (n)
                move(kms[k], cases[k], next[rnd((unsigned)n)]);
        } else if (op == 5) {
            int k = (int)rnd((unsigned)ncases);
            struct case_file c;
            assert_rc(door_case_get(as(kms[k]), cases[k], &c), RC_OK);
            struct availability av;
            enum rc want = c.phase == CASE_AFGESLOTEN ? RC_CONFLICT : RC_OK;
            assert_rc(door_availability_confirm(as(kms[k]), cases[k], day(-(int)rnd(120)), 3, &av),
                      want);
        } else if (op == 6) {
            int k = (int)rnd((unsigned)ncases);
            struct case_file c;
            assert_rc(door_case_get(as(kms[k]), cases[k], &c), RC_OK);
            struct resident r;
            assert_rc(door_resident_get(as(kms[k]), c.resident_id, &r), RC_OK);
            /* Move within the municipality: Dordrecht's or Papendrecht's postcode. */
            r.postcode = kms[k] == &fx.km_a ? (rnd(2) ? "3311 AB" : "1011 AB") : "3351 AA";
            struct field_errors errs;
            assert_rc(door_resident_update(as(kms[k]), &r, &errs), RC_OK);
        } else {
            int k = (int)rnd((unsigned)nvacancies);
            struct vacancy v;
            assert_rc(network_vacancy_get(as(&fx.adviser), vacancies[k], &v), RC_OK);
            struct vacancy_input in = {.occupation_uri = all_occupations[rnd(3)],
                                       .kind = "detachering",
                                       .hours_per_week = 4 + (int)rnd(36),
                                       .places = 2,
                                       .postcode = postcodes[rnd(4)],
                                       .status = rnd(3) ? "open" : "gesloten",
                                       .nskills = -1};
            struct door_field_errors errs;
            assert_rc(network_vacancy_update(as(&fx.adviser), vacancies[k], &in, &v, &errs),
                      RC_OK);
        }
        if (step % 8 == 7 && !index_equal())
            fail_msg("the index differs from a rebuild after step %d (op %u)", step, op);
    }
    assert_true(index_equal());
    assert_rc(door_match_build(as(&fx.adviser), &st), RC_OK);
    assert_true(st.residents > 0);
    assert_true(st.workplaces > 0);
    /* The check can fail: a change past the door is not in the index. */
    struct db *db = take_db();
    assert_rc(db_exec(db, "UPDATE vacancies SET hours_per_week = hours_per_week % 40 + 1"),
              RC_OK);
    give_db();
    assert_false(index_equal());
    assert_rc(door_match_rebuild(as(&fx.adviser), &st), RC_OK);
    assert_true(index_equal());
}

/* ---- fairness ---- */

static void assert_same_why(const struct match_why *a, const struct match_why *b)
{
    assert_true(a->score == b->score);
    assert_true(a->distance_km == b->distance_km);
    assert_true(a->hours_fit == b->hours_fit);
    assert_int_equal(a->wish, b->wish);
    assert_int_equal(a->nessential_matched, b->nessential_matched);
    assert_int_equal(a->nessential_missing, b->nessential_missing);
    assert_int_equal(a->noptional_matched, b->noptional_matched);
}

static void test_what_must_not_count_changes_no_score(void **state)
{
    (void)state;
    struct profile p = {.skills = 0x3, .wishes = 0x1, .hours = 24, .km = 40,
                        .route = ROUTE_WERK};
    int64_t resident_id;
    int64_t case_id = matched_case(&fx.km_a, "3311 AB", &p, &resident_id);
    int64_t v = new_vacancy(&fx.adviser, fx.org_emp, WELDER, 32, "3351 AA");
    struct match_why before, after;
    float score = score_of(v, case_id, &before);
    assert_true(score > 0);

    /* Age, name (and with it gender and origin as a name may suggest). */
    struct resident r;
    assert_rc(door_resident_get(as(&fx.km_a), resident_id, &r), RC_OK);
    r.birth_date = "1961-12-31";
    r.first_name = "Mohammed";
    r.last_name = "El Amrani";
    struct field_errors ferrs;
    assert_rc(door_resident_update(as(&fx.km_a), &r, &ferrs), RC_OK);
    assert_true(score_of(v, case_id, &after) == score);
    assert_same_why(&before, &after);

    /* Benefit, health and other barriers, the ladder, another language. */
    struct profile q = p;
    q.benefit = "WW tot maart, daarna bijstand";
    q.barriers = (1u << BARRIER_PSYCHISCH) | (1u << BARRIER_SCHULDEN) | (1u << BARRIER_TAAL);
    q.ladder = 2;
    q.other_language = true;
    put_intake(&fx.km_a, case_id, &q);
    assert_true(score_of(v, case_id, &after) == score);
    assert_same_why(&before, &after);

    /* The same after a rebuild from the store. */
    struct match_stats st;
    assert_rc(door_match_rebuild(as(&fx.adviser), &st), RC_OK);
    assert_true(score_of(v, case_id, &after) == score);
    assert_same_why(&before, &after);

    /* What does count changes it: the check can fail. */
    struct profile more = q;
    more.skills = 0x7;
    put_intake(&fx.km_a, case_id, &more);
    assert_true(score_of(v, case_id, &after) > score);
    assert_int_equal(after.nessential_matched, 3);
    assert_int_equal(after.nessential_missing, 0);
}

/* ---- ranking from ESCO's own relations ---- */

static void test_essential_above_optional_above_other(void **state)
{
    (void)state;
    int64_t v = new_vacancy(&fx.adviser, fx.org_emp, WELDER, 24, "3311 AB");
    /* The same place and hours; only the skills differ. */
    struct profile essential = {.skills = 0x7, .hours = 24, .km = 30, .route = ROUTE_WERK};
    struct profile optional = {.skills = 0x8, .hours = 24, .km = 30, .route = ROUTE_WERK};
    struct profile other = {.wishes = 0x4, .hours = 24, .km = 30, .route = ROUTE_WERK};
    int64_t a = matched_case(&fx.km_a, "3311 AB", &essential, NULL);
    int64_t b = matched_case(&fx.km_a, "3311 AB", &optional, NULL);
    int64_t c = matched_case(&fx.km_a, "3311 AB", &other, NULL);
    struct match_why why;
    float sa = score_of(v, a, &why);
    assert_int_equal(why.nessential_matched, 3);
    assert_string_equal(why.essential_matched[0].uri[0] ? "labelled" : "", "labelled");
    float sb = score_of(v, b, NULL);
    float sc = score_of(v, c, NULL);
    assert_true(sa > sb);
    assert_true(sb > 0);
    /* Another occupation's wish shares nothing with the welder: no match. */
    assert_true(sc < 0);
    struct match_why pair;
    assert_rc(door_match_explain_pair(as(&fx.adviser), c, v, &pair), RC_OK);
    assert_int_equal(pair.filter, MATCH_NOTHING_SHARED);
}

/* ---- why there is no match ---- */

static void test_excluded_with_the_reason(void **state)
{
    (void)state;
    struct profile p = {.skills = 0x7, .wishes = 0x1, .hours = 32, .km = 30,
                        .route = ROUTE_WERK};
    int64_t resident_id;
    int64_t c = matched_case(&fx.km_a, "3311 AB", &p, &resident_id);
    /* In Amsterdam: shares every skill, but 80 km away. */
    int64_t far = new_vacancy(&fx.adviser, fx.org_emp, WELDER, 32, "1011 AB");
    /* Nearby, but another occupation without a shared skill. */
    int64_t other = new_vacancy(&fx.adviser, fx.org_emp2, TRACER, 32, "3311 AB");
    struct match_offer *offers, *left;
    int n = 0, nleft = 0;
    int64_t audits = sql_int("SELECT count(*) FROM audit_log WHERE action = 'profile.read'");
    assert_rc(door_match_workplaces(as(&fx.adviser), resident_id, 100, &offers, &n, &left, &nleft),
              RC_OK);
    /* One question, one record: the matches and why the others fall out. */
    assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'profile.read'"),
                     audits + 1);
    for (int i = 0; i < n; i++) {
        assert_true(offers[i].vacancy_id != far);
        assert_true(offers[i].vacancy_id != other);
    }
    offers = left;
    n = nleft;
    bool seen_far = false;
    for (int i = 0; i < n; i++) {
        assert_true(offers[i].vacancy_id != other); /* nothing shared: not a candidate at all */
        assert_true(offers[i].why.filter != MATCH_OK);
        if (offers[i].vacancy_id == far) {
            seen_far = true;
            assert_int_equal(offers[i].why.filter, MATCH_TOO_FAR);
            assert_true(offers[i].why.distance_km > 60);
            assert_int_equal(offers[i].why.nessential_matched, 3);
        }
    }
    assert_true(seen_far);
    assert_rc(door_match_workplaces(as(&fx.boss), resident_id, 10, &offers, &n, &left, &nleft),
              RC_NOT_FOUND);
    (void)c;
}

/* ---- availability ---- */

static void test_expired_availability_drops_out(void **state)
{
    (void)state;
    struct profile p = {.skills = 0x7, .wishes = 0x1, .hours = 32, .km = 30,
                        .route = ROUTE_WERK};
    int64_t c = matched_case(&fx.km_a, "3311 AB", &p, NULL);
    int64_t v = new_vacancy(&fx.adviser, fx.org_emp, WELDER, 32, "3311 AB");
    assert_true(score_of(v, c, NULL) > 0);
    /* Confirmed 100 days ago: three months have passed. */
    confirm(&fx.km_a, c, 100);
    assert_true(score_of(v, c, NULL) < 0);
    struct availability av;
    assert_rc(door_availability_get(as(&fx.km_a), c, &av), RC_OK);
    assert_true(av.expired);
    struct task_list t;
    assert_rc(door_tasks(as(&fx.km_a), 50, &t), RC_OK);
    bool asked = false;
    for (int i = 0; i < t.n; i++)
        asked |= t.items[i].kind == TASK_AVAILABILITY && t.items[i].case_id == c;
    assert_true(asked);
    assert_rc(door_tasks(as(&fx.adviser), 50, &t), RC_OK);
    assert_true(t.count[TASK_AVAILABILITY] >= 1);
    /* Re-confirmed: back in. */
    confirm(&fx.adviser, c, 0);
    assert_true(score_of(v, c, NULL) > 0);
}

/* ---- proposals and placements: who sees what ---- */

static void test_proposal_to_placement(void **state)
{
    (void)state;
    struct profile p = {.skills = 0x7, .wishes = 0x1, .hours = 32, .km = 30,
                        .route = ROUTE_WERK};
    int64_t resident_id;
    int64_t c = matched_case(&fx.km_a, "3311 AB", &p, &resident_id);
    int64_t v = new_vacancy(&fx.adviser, fx.org_emp, WELDER, 32, "3311 AB");

    /* Another employer sees neither the workplace nor a candidate. */
    struct vacancy seen;
    assert_rc(network_vacancy_get(as(&fx.boss2), v, &seen), RC_NOT_FOUND);
    struct match_candidate *cands;
    int n;
    assert_rc(door_match_residents(as(&fx.boss), v, 10, &cands, &n), RC_FORBIDDEN);
    /* An adviser for Papendrecht only does not get Dordrecht's residents. */
    assert_rc(door_match_residents(as(&fx.adviser_b), v, 100, &cands, &n), RC_OK);
    for (int i = 0; i < n; i++)
        assert_true(cands[i].case_id != c);

    struct proposal pr;
    assert_rc(door_proposal_create(as(&fx.adviser), v, c, true, &pr), RC_OK);
    assert_int_equal(pr.status, PROPOSAL_VOORGESTELD);
    struct proposal twice;
    assert_rc(door_proposal_create(as(&fx.adviser), v, c, true, &twice), RC_CONFLICT);

    /* Without the resident's consent the employer sees an anonymous profile. */
    struct proposal as_boss;
    assert_rc(door_proposal_get(as(&fx.boss), pr.id, &as_boss), RC_OK);
    assert_true(as_boss.anonymous);
    assert_int_equal(as_boss.resident_id, 0);
    assert_int_equal(as_boss.case_id, 0);
    assert_null(strstr(as_boss.candidate, "Samira"));
    assert_int_equal(as_boss.why.nessential_matched, 3);
    assert_rc(door_proposal_get(as(&fx.boss2), pr.id, &as_boss), RC_NOT_FOUND);
    struct resident r;
    assert_rc(door_resident_get(as(&fx.boss), resident_id, &r), RC_NOT_FOUND);

    /* The employer gives feedback, but cannot switch the profile on. */
    assert_rc(door_proposal_step(as(&fx.boss), pr.id, "gesprek", "", &as_boss), RC_OK);
    assert_rc(door_proposal_share(as(&fx.boss), pr.id, true, &as_boss), RC_FORBIDDEN);

    /* With consent and the switch on, the employer sees who it is. */
    struct consent k;
    struct door_field_errors errs;
    struct consent_input ci = {.scope = "profiel_werkgevers", .given_on = day(0),
                               .how = "digitaal"};
    assert_rc(door_consent_create(as(&fx.km_a), resident_id, &ci, &k, &errs), RC_OK);
    assert_rc(door_proposal_get(as(&fx.boss), pr.id, &as_boss), RC_OK);
    assert_false(as_boss.anonymous);
    assert_non_null(strstr(as_boss.candidate, "Samira"));
    /* The proposal names the candidate; the resident's file stays closed. */
    assert_rc(door_resident_get(as(&fx.boss), resident_id, &r), RC_NOT_FOUND);
    /* Switched off again: anonymous at once. */
    assert_rc(door_proposal_share(as(&fx.adviser), pr.id, false, &pr), RC_OK);
    assert_rc(door_proposal_get(as(&fx.boss), pr.id, &as_boss), RC_OK);
    assert_true(as_boss.anonymous);

    /* Steps backwards or out of order are refused. */
    assert_rc(door_proposal_step(as(&fx.adviser), pr.id, "voorgesteld", "", &twice), RC_CONFLICT);
    assert_rc(door_proposal_step(as(&fx.adviser), pr.id, "afgewezen", "", &twice), RC_INVALID);
    assert_rc(door_proposal_step(as(&fx.adviser), pr.id, "proefplaatsing", "", &pr), RC_OK);

    /* The employer cannot record the placement; the adviser can. */
    struct placement_input in = {.starts_on = day(-176), .contract = "bepaalde_tijd",
                                 .hours_per_week = 32, .wage_cents = 1450,
                                 .loonwaarde_pct = 65, .subsidy = "loonkostensubsidie",
                                 .job_coach = "Gerda Mulder"};
    struct placement pl;
    assert_rc(door_placement_create(as(&fx.boss), pr.id, &in, &pl, &errs), RC_FORBIDDEN);
    struct placement_input bad = in;
    bad.loonwaarde_pct = 140;
    assert_rc(door_placement_create(as(&fx.adviser), pr.id, &bad, &pl, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].field, "loonwaarde_pct");
    assert_rc(door_placement_create(as(&fx.adviser), pr.id, &in, &pl, &errs), RC_OK);
    struct placement again;
    assert_rc(door_placement_create(as(&fx.adviser), pr.id, &in, &again, &errs), RC_CONFLICT);
    assert_rc(door_proposal_get(as(&fx.adviser), pr.id, &pr), RC_OK);
    assert_int_equal(pr.status, PROPOSAL_GEPLAATST);

    /* The checks fall due 6 and 12 months after the start. */
    struct date start, due;
    assert_true(date_parse(in.starts_on, &start));
    char want[11];
    assert_true(placement_check_due(&start, 6, &due));
    date_format(&due, want);
    assert_int_equal(pl.checks[0].months, 6);
    assert_string_equal(pl.checks[0].due_on, want);
    assert_int_equal(pl.checks[1].months, 12);
    assert_int_equal(pl.checks[0].lasted, -1);

    /* Placed: the case is in aftercare and out of matching. */
    struct case_file cf;
    assert_rc(door_case_get(as(&fx.km_a), c, &cf), RC_OK);
    assert_int_equal(cf.phase, CASE_NAZORG);
    assert_true(score_of(v, c, NULL) < 0);

    /* The 6-month check is due within days: the adviser's task. */
    struct task_list t;
    assert_rc(door_tasks(as(&fx.adviser), 50, &t), RC_OK);
    bool task = false;
    for (int i = 0; i < t.n; i++)
        task |= t.items[i].kind == TASK_PLACEMENT_CHECK && t.items[i].placement_id == pl.id;
    assert_true(task);
    assert_rc(door_placement_check(as(&fx.adviser), pl.id, 6, true, "Werkt er nog.", &pl), RC_OK);
    assert_int_equal(pl.checks[0].lasted, 1);
    assert_rc(door_tasks(as(&fx.adviser), 50, &t), RC_OK);
    for (int i = 0; i < t.n; i++)
        assert_false(t.items[i].kind == TASK_PLACEMENT_CHECK && t.items[i].placement_id == pl.id);

    /* The employer sees its placement, anonymously; the other nothing. */
    assert_rc(door_placement_get(as(&fx.boss), pl.id, &pl), RC_OK);
    assert_int_equal(pl.resident_id, 0);
    assert_rc(door_placement_get(as(&fx.boss2), pl.id, &pl), RC_NOT_FOUND);

    /* The resident sees their own proposal, and no one else's. */
    struct who self, other;
    struct db *udb = take_db();
    assert_rc(add_user(udb, &self, "self", NULL, ROLE_RESIDENT, fx.org_sd, SFX_ONLY_0505, 1,
                       resident_id),
              RC_OK);
    give_db();
    int64_t someone_else = new_resident(&fx.km_a, "3311 AB", "Kees", "1970-01-01");
    udb = take_db();
    assert_rc(add_user(udb, &other, "other", NULL, ROLE_RESIDENT, fx.org_sd, SFX_ONLY_0505, 1,
                       someone_else),
              RC_OK);
    give_db();
    struct proposal *mine;
    int nmine = 0;
    assert_rc(door_proposal_list(as(&self), 0, 0, 50, &mine, &nmine), RC_OK);
    assert_int_equal(nmine, 1);
    assert_int_equal(mine[0].id, pr.id);
    assert_false(mine[0].anonymous);
    assert_rc(door_proposal_list(as(&other), 0, 0, 50, &mine, &nmine), RC_OK);
    assert_int_equal(nmine, 0);

    /* Every step was audited. */
    int64_t steps = sql_int_id("SELECT count(*) FROM audit_log WHERE action = 'proposal.write'"
                               " AND case_id = $1 AND allowed = 1",
                               c);
    assert_int_equal(steps, 4); /* proposed, gesprek, switched off, proefplaatsing */
    assert_true(sql_int_id("SELECT count(*) FROM audit_log WHERE action = 'proposal.write'"
                           " AND case_id = $1 AND allowed = 0",
                           c) >= 1); /* the employer's switch */
    assert_int_equal(sql_int_id("SELECT count(*) FROM audit_log WHERE action = 'placement.write'"
                                " AND case_id = $1 AND allowed = 1",
                                c),
                     2); /* the placement and its check */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_index_follows_the_store, sfx_test_begin,
                                        sfx_test_end),
        cmocka_unit_test_setup_teardown(test_what_must_not_count_changes_no_score,
                                        sfx_test_begin, sfx_test_end),
        cmocka_unit_test_setup_teardown(test_essential_above_optional_above_other,
                                        sfx_test_begin, sfx_test_end),
        cmocka_unit_test_setup_teardown(test_excluded_with_the_reason, sfx_test_begin,
                                        sfx_test_end),
        cmocka_unit_test_setup_teardown(test_expired_availability_drops_out, sfx_test_begin,
                                        sfx_test_end),
        cmocka_unit_test_setup_teardown(test_proposal_to_placement, sfx_test_begin,
                                        sfx_test_end),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
