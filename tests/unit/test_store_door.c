/* The store and the one door (src/store/door.c) on a real SQLite file:
 * residents, cases and notes as two klantmanagers of different
 * municipalities, a klantmanager of another organisation, a resident and
 * the privacy officer see them; the audit log; sessions; migrations; and
 * the group-commit audit writer under concurrent reads.
 *
 * The region: Dordrecht (GM0505) and Papendrecht (GM0590). The Sociale
 * Dienst Drechtsteden (municipal) serves both; km_a works for Dordrecht
 * only, km_b for Papendrecht only. Werkplein Dordrecht (municipal, a second
 * organisation) serves Dordrecht; km_c works there. fg is the privacy
 * officer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "audit.h"
#include "bsn.h"
#include "directory.h"
#include "door.h"
#include "password.h"
#include "resident.h"
#include "sessions.h"
#include "store.h"
#include "store_fixture.h"

#include "banned.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct {
    int64_t org_drechtsteden, org_werkplein;
    struct who km_a, km_b, km_c, fg;
} fx;

/* ---- helpers ---- */

static int64_t count_residents(void)
{
    return sql_int("SELECT count(*) FROM residents");
}

/* Audit rows for action, narrowed by resident (>0), case (>0), username
 * (non-NULL), allowed (0 or 1; -1 for either) and reason (non-NULL). */
static int64_t audit_count(const char *action, int64_t resident_id, int64_t case_id,
                           const char *username, int allowed, const char *reason)
{
    static const char SQL[] = "SELECT count(*) FROM audit_log WHERE action = $1"
                              " AND ($2 = 0 OR resident_id = $2) AND ($3 = 0 OR case_id = $3)"
                              " AND ($4 = '' OR username = $4) AND ($5 < 0 OR allowed = $5)"
                              " AND ($6 = '' OR reason = $6)";
    struct db *db = take_db();
    struct db_stmt *st;
    assert_rc(db_prepare(db, SQL, &st), RC_OK);
    db_bind_text(st, 1, action);
    db_bind_int(st, 2, resident_id);
    db_bind_int(st, 3, case_id);
    db_bind_text(st, 4, username ? username : "");
    db_bind_int(st, 5, allowed);
    db_bind_text(st, 6, reason ? reason : "");
    bool row = false;
    assert_rc(db_step(st, &row), RC_OK);
    assert_true(row);
    int64_t v = db_col_int(st, 0);
    db_done(st);
    give_db();
    return v;
}

static struct resident new_resident(const char *first, const char *last, const char *municipality)
{
    return (struct resident){
        .bsn = next_bsn(),
        .first_name = first,
        .last_name = last,
        .birth_date = "1985-03-14",
        .postcode = "3311 AB",
        .municipality = municipality,
    };
}

/* make_resident creates a resident as w and returns its id. */
static int64_t make_resident(const struct who *w, const char *first, const char *last,
                             const char *municipality)
{
    struct resident r = new_resident(first, last, municipality);
    struct field_errors errs;
    assert_rc(door_resident_create(as(w), &r, &errs), RC_OK);
    assert_int_equal(errs.count, 0);
    assert_true(r.id > 0);
    return r.id;
}

static int64_t open_case(const struct who *w, int64_t resident_id)
{
    struct case_file c;
    assert_rc(door_case_open(as(w), resident_id, &c), RC_OK);
    assert_true(c.id > 0);
    return c.id;
}

static bool search_finds(const struct who *w, const char *q, int64_t id)
{
    struct resident *list;
    int n;
    int64_t total;
    assert_rc(door_resident_search(as(w), q, 100, 0, &list, &n, &total), RC_OK);
    assert_true(total >= n);
    for (int i = 0; i < n; i++)
        if (list[i].id == id)
            return true;
    return false;
}

static bool is_timestamp(const char *s)
{
    /* "2026-11-25T16:30:00Z" as timestamp_now writes it. */
    return s && strlen(s) == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
           s[16] == ':' && s[19] == 'Z';
}

/* ---- fixtures ---- */

static int group_setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    if (sfx_open("door", 20000000))
        return -1;
    struct db *db = store_acquire(sfx.store);
    enum rc rc = add_org(db, "Sociale Dienst Drechtsteden", ORG_MUNICIPAL, SFX_BOTH, 2,
                         &fx.org_drechtsteden);
    if (!rc)
        rc = add_org(db, "Werkplein Dordrecht", ORG_MUNICIPAL, SFX_ONLY_0505, 1, &fx.org_werkplein);
    if (!rc)
        rc = add_user(db, &fx.km_a, "km_a", "Annemiek de Vries", ROLE_CASE_MANAGER,
                      fx.org_drechtsteden, SFX_ONLY_0505, 1, 0);
    if (!rc)
        rc = add_user(db, &fx.km_b, "km_b", "Bram Jansen", ROLE_CASE_MANAGER, fx.org_drechtsteden,
                      SFX_ONLY_0590, 1, 0);
    if (!rc)
        rc = add_user(db, &fx.km_c, "km_c", "Carla Smit", ROLE_CASE_MANAGER, fx.org_werkplein,
                      SFX_ONLY_0505, 1, 0);
    if (!rc)
        rc = add_user(db, &fx.fg, "fg", "Frank Gerrits", ROLE_AUDITOR, fx.org_drechtsteden, NULL, 0,
                      0);
    store_release(sfx.store, db);
    if (rc) {
        fprintf(stderr, "directory setup failed: %s\n", rc_name(rc));
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    return sfx_close();
}

/* ---- migrations ---- */

static void test_migrations(void **state)
{
    (void)state;
    int latest = store_latest_version();
    assert_true(latest >= 1);
    /* The fresh file got every migration. */
    assert_int_equal(sfx.first_applied, latest);
    int version = -1;
    assert_rc(store_schema_version(sfx.store, &version), RC_OK);
    assert_int_equal(version, latest);
    /* Running again changes nothing. */
    int applied = -1;
    assert_rc(store_migrate(sfx.store, &applied), RC_OK);
    assert_int_equal(applied, 0);
    assert_rc(store_migrate(sfx.store, NULL), RC_OK);
    assert_rc(store_schema_version(sfx.store, &version), RC_OK);
    assert_int_equal(version, latest);
    assert_int_equal(sql_int("SELECT count(*) FROM schema_migrations"), latest);
}

/* ---- residents ---- */

static void test_resident_create_read_search(void **state)
{
    (void)state;
    struct resident r = {
        .bsn = " 111222333 ",
        .first_name = "Jürgen",
        .last_name = "Müller",
        .birth_date = "1980-05-17",
        .postcode = "3311ab",
        .municipality = "GM0505",
        .email = "j.muller@example.nl",
    };
    struct field_errors errs;
    int64_t before = count_residents();
    assert_rc(door_resident_create(as(&fx.km_a), &r, &errs), RC_OK);
    assert_int_equal(errs.count, 0);
    assert_true(r.id > 0);
    assert_string_equal(r.bsn, "111222333");
    assert_string_equal(r.postcode, "3311 AB");
    assert_int_equal(r.pc4, 3311);
    assert_int_equal(count_residents(), before + 1);

    /* What is stored is the normalised form. */
    assert_string_equal(sql_text_id("SELECT postcode FROM residents WHERE id = $1", r.id),
                        "3311 AB");
    assert_int_equal(sql_int_id("SELECT pc4 FROM residents WHERE id = $1", r.id), 3311);

    struct resident got;
    assert_rc(door_resident_get(as(&fx.km_a), r.id, &got), RC_OK);
    assert_int_equal(got.id, r.id);
    assert_string_equal(got.bsn, "111222333");
    assert_string_equal(got.first_name, "Jürgen");
    assert_string_equal(got.prefix, "");
    assert_string_equal(got.last_name, "Müller");
    assert_string_equal(got.birth_date, "1980-05-17");
    assert_string_equal(got.postcode, "3311 AB");
    assert_int_equal(got.pc4, 3311);
    assert_string_equal(got.municipality, "GM0505");
    assert_string_equal(got.municipality_name, "Dordrecht");
    assert_string_equal(got.email, "j.muller@example.nl");
    assert_string_equal(got.phone, "");
    assert_true(is_timestamp(got.created_at));
    assert_string_equal(got.created_at, got.updated_at);

    /* Accent- and case-insensitive, by name, BSN, postcode in both forms. */
    static const char *const finds[] = {"muller",        "JURGEN",        "Müller",
                                        "jürgen müller", "MÜLLER jurgen", "111222333",
                                        "3311AB",        "3311 ab",       "1980-05-17"};
    for (size_t i = 0; i < ARRAY_LEN(finds); i++)
        if (!search_finds(&fx.km_a, finds[i], r.id))
            fail_msg("search \"%s\" did not find Jürgen Müller", finds[i]);
    /* And only what matches every word. */
    static const char *const misses[] = {
        "mueller", "muller jansen", "3312AB", "111222334", "%", "_", "\\"};
    for (size_t i = 0; i < ARRAY_LEN(misses); i++)
        if (search_finds(&fx.km_a, misses[i], r.id))
            fail_msg("search \"%s\" found Jürgen Müller", misses[i]);

    /* A taken BSN is a conflict, and nothing is written. */
    struct resident dup = new_resident("Piet", "Puk", "GM0505");
    dup.bsn = "111222333";
    int64_t creates = audit_count("resident.create", 0, 0, NULL, -1, NULL);
    assert_rc(door_resident_create(as(&fx.km_a), &dup, &errs), RC_CONFLICT);
    assert_non_null(errs.msg[RF_BSN]);
    assert_string_equal(errs.msg[RF_BSN], "field.bsn_taken");
    assert_int_equal(count_residents(), before + 1);
    assert_int_equal(sql_int_text("SELECT count(*) FROM residents WHERE bsn = $1", "111222333"), 1);
    assert_int_equal(audit_count("resident.create", 0, 0, NULL, -1, NULL), creates);
}

static void expect_invalid(struct resident r, enum resident_field field)
{
    struct field_errors errs;
    int64_t before = count_residents();
    enum rc rc = door_resident_create(as(&fx.km_a), &r, &errs);
    if (rc != RC_INVALID)
        fail_msg("%s: got %s, want invalid", resident_field_name(field), rc_name(rc));
    if (!errs.msg[field])
        fail_msg("no message for %s", resident_field_name(field));
    for (int f = 0; f < RF_COUNT; f++)
        if (f != (int)field && errs.msg[f])
            fail_msg("unexpected message %s for %s while testing %s", errs.msg[f],
                     resident_field_name((enum resident_field)f), resident_field_name(field));
    assert_int_equal(errs.count, 1);
    assert_int_equal(count_residents(), before);
}

static void test_resident_invalid_input(void **state)
{
    (void)state;
    int64_t creates = audit_count("resident.create", 0, 0, NULL, -1, NULL);
    int64_t before = count_residents();
    struct resident r;

    static const char *const bad_bsn[] = {"123456789", "12345678",  "1234567820",
                                          "12345678a", "000000000", ""};
    for (size_t i = 0; i < ARRAY_LEN(bad_bsn); i++) {
        r = new_resident("Sanne", "Bakker", "GM0505");
        r.bsn = bad_bsn[i];
        expect_invalid(r, RF_BSN);
    }
    static const char *const bad_postcode[] = {"0311 AB", "33111AB", "3311 A", "3311  AB",
                                               "3311 SS", "AB 3311", ""};
    for (size_t i = 0; i < ARRAY_LEN(bad_postcode); i++) {
        r = new_resident("Sanne", "Bakker", "GM0505");
        r.postcode = bad_postcode[i];
        expect_invalid(r, RF_POSTCODE);
    }
    static const char *const bad_date[] = {
        "1980-02-30", "17-05-1980",       "1980-5-17", "2999-01-01",
        "1800-01-01", "1980-05-17T00:00", ""};
    for (size_t i = 0; i < ARRAY_LEN(bad_date); i++) {
        r = new_resident("Sanne", "Bakker", "GM0505");
        r.birth_date = bad_date[i];
        expect_invalid(r, RF_BIRTH_DATE);
    }
    r = new_resident("", "Bakker", "GM0505");
    expect_invalid(r, RF_FIRST_NAME);
    r = new_resident("Sanne", "Bak\nker", "GM0505");
    expect_invalid(r, RF_LAST_NAME);
    r = new_resident("Sanne", "Bakker", "GM0505");
    r.email = "geen-adres";
    expect_invalid(r, RF_EMAIL);
    /* A municipality that is not in the region. */
    r = new_resident("Sanne", "Bakker", "GM9999");
    expect_invalid(r, RF_MUNICIPALITY);
    r = new_resident("Sanne", "Bakker", "Dordrecht");
    expect_invalid(r, RF_MUNICIPALITY);

    /* Several problems at once are all reported. */
    r = new_resident("Sanne", "Bakker", "GM0505");
    r.bsn = "123456789";
    r.postcode = "postcode";
    struct field_errors errs;
    assert_rc(door_resident_create(as(&fx.km_a), &r, &errs), RC_INVALID);
    assert_non_null(errs.msg[RF_BSN]);
    assert_non_null(errs.msg[RF_POSTCODE]);
    assert_int_equal(errs.count, 2);

    assert_int_equal(count_residents(), before);
    assert_int_equal(audit_count("resident.create", 0, 0, NULL, -1, NULL), creates);
}

static void test_resident_text_stored_verbatim(void **state)
{
    (void)state;
    static const char xss[] = "<script>alert(1)</script>";
    static const char sqli[] = "'; DROP TABLE residents; --";
    static const char sqli2[] = "Robert'); DELETE FROM residents WHERE ('1'='1";
    struct resident r = new_resident(xss, sqli, "GM0505");
    r.prefix = "van 't"; /* a real Dutch tussenvoegsel with a quote */
    struct field_errors errs;
    int64_t before = count_residents();
    assert_rc(door_resident_create(as(&fx.km_a), &r, &errs), RC_OK);
    struct resident r2 = new_resident(sqli2, "Tables", "GM0505");
    assert_rc(door_resident_create(as(&fx.km_a), &r2, &errs), RC_OK);
    assert_int_equal(count_residents(), before + 2);

    struct resident got;
    assert_rc(door_resident_get(as(&fx.km_a), r.id, &got), RC_OK);
    assert_string_equal(got.first_name, xss);
    assert_string_equal(got.last_name, sqli);
    assert_string_equal(got.prefix, "van 't");
    assert_string_equal(sql_text_id("SELECT first_name FROM residents WHERE id = $1", r.id), xss);
    assert_string_equal(sql_text_id("SELECT last_name FROM residents WHERE id = $1", r.id), sqli);
    assert_rc(door_resident_get(as(&fx.km_a), r2.id, &got), RC_OK);
    assert_string_equal(got.first_name, sqli2);

    /* The table survived and still holds everyone. */
    assert_int_equal(
        sql_int(
            db_url_is_postgresql(sfx.url)
                ? "SELECT count(*) FROM information_schema.tables WHERE table_name = 'residents'"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'residents'"),
        1);
    assert_true(count_residents() >= 2);

    /* Searching with the same text is just a search. */
    assert_true(search_finds(&fx.km_a, "DROP TABLE residents", r.id));
    assert_true(search_finds(&fx.km_a, "<script>", r.id));
    assert_true(search_finds(&fx.km_a, "van 't", r.id));
    assert_true(search_finds(&fx.km_a, "('1'='1", r2.id));
    assert_int_equal(count_residents(), before + 2);
}

static void test_resident_update(void **state)
{
    (void)state;
    int64_t id = make_resident(&fx.km_a, "Fatima", "el Amrani", "GM0505");
    struct resident old;
    assert_rc(door_resident_get(as(&fx.km_a), id, &old), RC_OK);

    struct resident r = old;
    r.last_name = "El Amrani";
    r.postcode = "3312cd";
    r.bsn = NULL; /* not editable: the door keeps the stored one */
    struct field_errors errs;
    assert_rc(door_resident_update(as(&fx.km_a), &r, &errs), RC_OK);
    struct resident got;
    assert_rc(door_resident_get(as(&fx.km_a), id, &got), RC_OK);
    assert_string_equal(got.last_name, "El Amrani");
    assert_string_equal(got.postcode, "3312 CD");
    assert_int_equal(got.pc4, 3312);
    assert_string_equal(got.bsn, old.bsn);
    assert_true(search_finds(&fx.km_a, "3312CD", id));
    assert_false(search_finds(&fx.km_a, "3311AB el amrani", id));
    assert_int_equal(audit_count("resident.update", id, 0, "km_a", 1, NULL), 1);

    /* The BSN cannot change. */
    r = got;
    r.bsn = next_bsn();
    assert_rc(door_resident_update(as(&fx.km_a), &r, &errs), RC_INVALID);
    assert_non_null(errs.msg[RF_BSN]);
    /* Nor can km_a move the file to a municipality they do not serve. */
    r = got;
    r.municipality = "GM0590";
    assert_rc(door_resident_update(as(&fx.km_a), &r, &errs), RC_FORBIDDEN);
    assert_non_null(errs.msg[RF_MUNICIPALITY]);
    assert_rc(door_resident_get(as(&fx.km_a), id, &got), RC_OK);
    assert_string_equal(got.bsn, old.bsn);
    assert_string_equal(got.municipality, "GM0505");
    assert_int_equal(audit_count("resident.update", id, 0, NULL, 1, NULL), 1);
    assert_int_equal(audit_count("resident.update", id, 0, "km_a", 0, "municipality"), 1);
}

/* ---- the tenant line ---- */

static void test_cross_municipality_isolation(void **state)
{
    (void)state;
    int64_t id = make_resident(&fx.km_a, "Anouk", "Verhoeven", "GM0505");
    int64_t case_id = open_case(&fx.km_a, id);
    struct note nt;
    assert_rc(door_note_create(as(&fx.km_a), case_id, NOTE_PROFESSIONALS, "Eerste gesprek", &nt),
              RC_OK);
    int64_t notes = sql_int_id("SELECT count(*) FROM notes WHERE case_id = $1", case_id);
    int64_t cases = sql_int_id("SELECT count(*) FROM cases WHERE resident_id = $1", id);

    /* km_b (Papendrecht) learns nothing about a Dordrecht file. */
    struct door *d = as(&fx.km_b);
    struct resident r;
    memset(&r, 0x5a, sizeof(r));
    assert_rc(door_resident_get(d, id, &r), RC_NOT_FOUND);
    assert_null(r.bsn);
    assert_null(r.last_name);

    assert_false(search_finds(&fx.km_b, "verhoeven", id));
    assert_false(search_finds(&fx.km_b, "", id));
    struct resident *list;
    int n;
    int64_t total;
    assert_rc(door_resident_search(as(&fx.km_b), "anouk verhoeven", 100, 0, &list, &n, &total),
              RC_OK);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);

    d = as(&fx.km_b);
    struct case_file *cl = (struct case_file *)1;
    n = -1;
    assert_rc(door_case_list(d, id, &cl, &n), RC_NOT_FOUND);
    assert_int_equal(n, 0);
    struct case_file c;
    memset(&c, 0x5a, sizeof(c));
    assert_rc(door_case_get(d, case_id, &c), RC_NOT_FOUND);
    assert_null(c.resident_name);
    struct note *nl = (struct note *)1;
    n = -1;
    assert_rc(door_note_list(d, case_id, &nl, &n), RC_NOT_FOUND);
    assert_int_equal(n, 0);
    struct case_transition *hist;
    assert_rc(door_case_history(d, case_id, &hist, &n), RC_NOT_FOUND);
    assert_int_equal(n, 0);

    /* Writes to it are refused just the same, and change nothing. */
    struct resident upd = new_resident("Anouk", "Gewijzigd", "GM0505");
    upd.id = id;
    upd.bsn = NULL;
    struct field_errors errs;
    assert_rc(door_resident_update(d, &upd, &errs), RC_NOT_FOUND);
    assert_string_equal(sql_text_id("SELECT last_name FROM residents WHERE id = $1", id),
                        "Verhoeven");
    assert_rc(door_case_open(d, id, &c), RC_NOT_FOUND);
    assert_int_equal(sql_int_id("SELECT count(*) FROM cases WHERE resident_id = $1", id), cases);
    assert_rc(door_case_transition(d, case_id, CASE_INTAKE, NULL, &c), RC_NOT_FOUND);
    assert_string_equal(sql_text_id("SELECT phase FROM cases WHERE id = $1", case_id),
                        "aanmelding");
    assert_rc(door_note_create(d, case_id, NOTE_PROFESSIONALS, "Poging", &nt), RC_NOT_FOUND);
    assert_int_equal(sql_int_id("SELECT count(*) FROM notes WHERE case_id = $1", case_id), notes);

    /* km_b may not register someone in Dordrecht either. */
    int64_t before = count_residents();
    int64_t refused = audit_count("resident.create", 0, 0, "km_b", 0, "municipality");
    struct resident nr = new_resident("Daan", "de Wit", "GM0505");
    const char *bsn = nr.bsn;
    assert_rc(door_resident_create(as(&fx.km_b), &nr, &errs), RC_FORBIDDEN);
    assert_non_null(errs.msg[RF_MUNICIPALITY]);
    assert_null(errs.msg[RF_BSN]);
    assert_int_equal(count_residents(), before);
    assert_int_equal(sql_int_text("SELECT count(*) FROM residents WHERE bsn = $1", bsn), 0);
    assert_int_equal(audit_count("resident.create", 0, 0, "km_b", 0, "municipality"), refused + 1);

    /* ... but in Papendrecht they may, and km_a then cannot see that one. */
    int64_t pap = make_resident(&fx.km_b, "Daan", "de Wit", "GM0590");
    assert_rc(door_resident_get(as(&fx.km_b), pap, &r), RC_OK);
    assert_string_equal(r.municipality_name, "Papendrecht");
    assert_rc(door_resident_get(as(&fx.km_a), pap, &r), RC_NOT_FOUND);
    assert_false(search_finds(&fx.km_a, "de wit", pap));
    assert_true(search_finds(&fx.km_b, "de wit", pap));

    /* A second municipal organisation serving Dordrecht sees the file. */
    assert_rc(door_resident_get(as(&fx.km_c), id, &r), RC_OK);
    assert_true(search_finds(&fx.km_c, "verhoeven", id));
}

/* ---- cases ---- */

static void test_case_state_machine(void **state)
{
    (void)state;
    int64_t id = make_resident(&fx.km_a, "Mehmet", "Yilmaz", "GM0505");
    struct case_file c;
    struct door *d = as(&fx.km_a);
    assert_rc(door_case_open(d, id, &c), RC_OK);
    int64_t case_id = c.id;
    assert_true(case_id > 0);
    assert_int_equal(c.resident_id, id);
    assert_int_equal(c.phase, CASE_AANMELDING);
    assert_int_equal(c.case_manager_id, fx.km_a.id);
    assert_string_equal(c.case_manager_name, fx.km_a.display_name);
    assert_string_equal(c.close_reason, "");
    assert_string_equal(c.closed_at, "");
    assert_true(is_timestamp(c.opened_at));
    assert_string_equal(c.municipality, "GM0505");
    assert_string_equal(c.resident_name, "Mehmet Yilmaz");

    struct case_file *list;
    int n;
    assert_rc(door_case_list(d, id, &list, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, case_id);

    /* Skipping a phase is a conflict; the phase stays. */
    assert_rc(door_case_transition(d, case_id, CASE_PLAN, NULL, &c), RC_CONFLICT);
    assert_rc(door_case_transition(d, case_id, CASE_NAZORG, NULL, &c), RC_CONFLICT);
    assert_rc(door_case_transition(d, case_id, CASE_AANMELDING, NULL, &c), RC_CONFLICT);
    /* A reason only comes with closing. */
    assert_rc(door_case_transition(d, case_id, CASE_INTAKE, "werk", &c), RC_INVALID);
    assert_rc(door_case_get(d, case_id, &c), RC_OK);
    assert_int_equal(c.phase, CASE_AANMELDING);

    assert_rc(door_case_transition(d, case_id, CASE_INTAKE, NULL, &c), RC_OK);
    assert_int_equal(c.phase, CASE_INTAKE);
    assert_rc(door_case_transition(d, case_id, CASE_INTAKE, NULL, &c), RC_CONFLICT);

    /* Closing needs a known reason. */
    assert_rc(door_case_transition(d, case_id, CASE_AFGESLOTEN, NULL, &c), RC_INVALID);
    assert_rc(door_case_transition(d, case_id, CASE_AFGESLOTEN, "", &c), RC_INVALID);
    assert_rc(door_case_transition(d, case_id, CASE_AFGESLOTEN, "Werk", &c), RC_INVALID);
    assert_rc(door_case_transition(d, case_id, CASE_AFGESLOTEN, "pensioen", &c), RC_INVALID);
    assert_rc(door_case_get(d, case_id, &c), RC_OK);
    assert_int_equal(c.phase, CASE_INTAKE);
    assert_string_equal(c.closed_at, "");

    assert_rc(door_case_transition(d, case_id, CASE_AFGESLOTEN, "werk", &c), RC_OK);
    assert_int_equal(c.phase, CASE_AFGESLOTEN);
    assert_string_equal(c.close_reason, "werk");
    assert_true(is_timestamp(c.closed_at));
    assert_rc(door_case_get(d, case_id, &c), RC_OK);
    assert_int_equal(c.phase, CASE_AFGESLOTEN);
    assert_true(is_timestamp(c.closed_at));

    /* Nothing leaves afgesloten. */
    for (int p = 0; p < CASE_PHASE_COUNT; p++) {
        enum rc rc = door_case_transition(d, case_id, (enum case_phase)p,
                                          p == CASE_AFGESLOTEN ? "anders" : NULL, &c);
        if (rc != RC_CONFLICT)
            fail_msg("afgesloten -> %s: got %s, want conflict", case_phase_name((enum case_phase)p),
                     rc_name(rc));
    }
    assert_rc(door_case_get(d, case_id, &c), RC_OK);
    assert_int_equal(c.phase, CASE_AFGESLOTEN);
    assert_string_equal(c.close_reason, "werk");

    /* The history holds every move that happened, and only those. */
    struct case_transition *h;
    assert_rc(door_case_history(as(&fx.km_a), case_id, &h, &n), RC_OK);
    assert_int_equal(n, 3);
    static const char *const from[] = {"", "aanmelding", "intake"};
    static const char *const to[] = {"aanmelding", "intake", "afgesloten"};
    static const char *const reason[] = {"", "", "werk"};
    for (int i = 0; i < n; i++) {
        assert_string_equal(h[i].from_phase, from[i]);
        assert_string_equal(h[i].to_phase, to[i]);
        assert_string_equal(h[i].reason, reason[i]);
        assert_string_equal(h[i].by, fx.km_a.display_name);
        assert_true(is_timestamp(h[i].at));
        if (i > 0) {
            assert_true(h[i].id > h[i - 1].id);
            assert_true(strcmp(h[i].at, h[i - 1].at) >= 0);
        }
    }
    assert_int_equal(audit_count("case.create", id, case_id, "km_a", 1, NULL), 1);
    assert_int_equal(audit_count("case.transition", id, case_id, "km_a", 1, NULL), 2);
    assert_int_equal(audit_count("case.transition", 0, case_id, NULL, -1, NULL), 2);
}

static void test_case_full_route(void **state)
{
    (void)state;
    int64_t id = make_resident(&fx.km_a, "Lotte", "Visser", "GM0505");
    int64_t case_id = open_case(&fx.km_a, id);
    struct door *d = as(&fx.km_a);
    struct case_file c;
    /* Forward, plan revised, placement ended early, then closed. */
    static const enum case_phase route[] = {CASE_INTAKE,     CASE_PLAN,       CASE_UITVOERING,
                                            CASE_PLAN,       CASE_UITVOERING, CASE_NAZORG,
                                            CASE_UITVOERING, CASE_NAZORG};
    for (size_t i = 0; i < ARRAY_LEN(route); i++) {
        assert_rc(door_case_transition(d, case_id, route[i], NULL, &c), RC_OK);
        assert_int_equal(c.phase, route[i]);
        assert_string_equal(c.closed_at, "");
    }
    assert_rc(door_case_transition(d, case_id, CASE_AFGESLOTEN, "opleiding", &c), RC_OK);
    assert_string_equal(c.close_reason, "opleiding");
    struct case_transition *h;
    int n;
    assert_rc(door_case_history(d, case_id, &h, &n), RC_OK);
    assert_int_equal(n, (int)ARRAY_LEN(route) + 2);
    assert_string_equal(h[4].from_phase, "uitvoering"); /* the plan revised */
    assert_string_equal(h[4].to_phase, "plan");
    assert_string_equal(h[n - 1].to_phase, "afgesloten");
    assert_string_equal(h[n - 1].reason, "opleiding");
    assert_int_equal(audit_count("case.transition", id, case_id, NULL, 1, NULL),
                     (int64_t)ARRAY_LEN(route) + 1);
}

/* ---- notes ---- */

static bool has_note(const struct note *list, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (list[i].id == id)
            return true;
    return false;
}

static void test_note_visibility(void **state)
{
    (void)state;
    int64_t id = make_resident(&fx.km_a, "Sophie", "Mulder", "GM0505");
    int64_t other = make_resident(&fx.km_a, "Noah", "de Boer", "GM0505");
    int64_t case_id = open_case(&fx.km_a, id);
    int64_t other_case = open_case(&fx.km_a, other);

    struct note prof, internal_a, shared, internal_c, other_shared;
    struct door *d = as(&fx.km_a);
    assert_rc(door_note_create(d, case_id, NOTE_PROFESSIONALS, "Gesprek gehad.\nVolgt.", &prof),
              RC_OK);
    assert_true(prof.id > 0);
    assert_int_equal(prof.author_org, fx.org_drechtsteden);
    assert_rc(door_note_create(d, case_id, NOTE_INTERNAL, "Intern: schuldhulp loopt", &internal_a),
              RC_OK);
    assert_rc(door_note_create(d, case_id, NOTE_RESIDENT, "Afspraak op 3 maart", &shared), RC_OK);
    assert_rc(door_note_create(d, other_case, NOTE_RESIDENT, "Voor Noah", &other_shared), RC_OK);
    assert_rc(door_note_create(as(&fx.km_c), case_id, NOTE_INTERNAL, "Intern van het Werkplein",
                               &internal_c),
              RC_OK);
    assert_int_equal(internal_c.author_org, fx.org_werkplein);

    /* km_a sees its own organisation's internal note, not the Werkplein's. */
    struct note *list;
    int n;
    assert_rc(door_note_list(as(&fx.km_a), case_id, &list, &n), RC_OK);
    assert_int_equal(n, 3);
    assert_true(has_note(list, n, prof.id));
    assert_true(has_note(list, n, internal_a.id));
    assert_true(has_note(list, n, shared.id));
    assert_false(has_note(list, n, internal_c.id));
    for (int i = 0; i < n; i++) {
        if (list[i].id == prof.id) {
            assert_string_equal(list[i].text, "Gesprek gehad.\nVolgt.");
            assert_string_equal(list[i].author_name, fx.km_a.display_name);
            assert_int_equal(list[i].visibility, NOTE_PROFESSIONALS);
            assert_true(is_timestamp(list[i].created_at));
        }
    }

    /* km_c, same municipality, other organisation: the reverse. */
    assert_rc(door_note_list(as(&fx.km_c), case_id, &list, &n), RC_OK);
    assert_int_equal(n, 3);
    assert_true(has_note(list, n, prof.id));
    assert_false(has_note(list, n, internal_a.id));
    assert_true(has_note(list, n, shared.id));
    assert_true(has_note(list, n, internal_c.id));

    /* Bad notes are refused before anything is written. */
    int64_t notes = sql_int_id("SELECT count(*) FROM notes WHERE case_id = $1", case_id);
    struct note bad;
    d = as(&fx.km_a);
    assert_rc(door_note_create(d, case_id, NOTE_PROFESSIONALS, "", &bad), RC_INVALID);
    assert_rc(door_note_create(d, case_id, NOTE_PROFESSIONALS, NULL, &bad), RC_INVALID);
    assert_rc(door_note_create(d, case_id, NOTE_PROFESSIONALS, "bel\x01", &bad), RC_INVALID);
    assert_rc(door_note_create(d, case_id, NOTE_PROFESSIONALS, "\xc3\x28", &bad), RC_INVALID);
    assert_rc(door_note_create(d, case_id, NOTE_VISIBILITY_COUNT, "tekst", &bad), RC_INVALID);
    assert_rc(door_note_create(d, 987654321, NOTE_PROFESSIONALS, "tekst", &bad), RC_NOT_FOUND);
    assert_int_equal(sql_int_id("SELECT count(*) FROM notes WHERE case_id = $1", case_id), notes);

    /* The resident, logged in with an account linked to the file, sees the
     * file and only the notes shared with them. */
    struct who res;
    enum rc rc = add_user(take_db(), &res, "sophie.mulder", "Sophie Mulder", ROLE_RESIDENT,
                          fx.org_drechtsteden, NULL, 0, id);
    give_db();
    assert_rc(rc, RC_OK);
    assert_int_equal(res.actor.own_resident_id, id);
    assert_int_equal(sql_int_id("SELECT resident_id FROM users WHERE id = $1", res.id), id);

    struct resident r;
    assert_rc(door_resident_get(as(&res), id, &r), RC_OK);
    assert_string_equal(r.last_name, "Mulder");
    assert_rc(door_resident_get(as(&res), other, &r), RC_NOT_FOUND);
    struct case_file *cases;
    assert_rc(door_case_list(as(&res), id, &cases, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_rc(door_case_list(as(&res), other, &cases, &n), RC_NOT_FOUND);

    /* A resident writes no notes (for now). Whether that answers not_found
     * or forbidden, nothing is written and the refusal is recorded. */
    rc = door_note_create(as(&res), case_id, NOTE_RESIDENT, "Mag ik dit?", &bad);
    if (rc != RC_NOT_FOUND && rc != RC_FORBIDDEN)
        fail_msg("resident writes a note: got %s", rc_name(rc));
    assert_int_equal(sql_int_id("SELECT count(*) FROM notes WHERE case_id = $1", case_id), notes);
    assert_int_equal(audit_count("note.create", id, case_id, NULL, 1, NULL), 4);
    assert_int_equal(audit_count("note.create", id, case_id, "sophie.mulder", 0, NULL), 1);

    assert_rc(door_note_list(as(&res), other_case, &list, &n), RC_NOT_FOUND);
    assert_int_equal(n, 0);
    n = -1;
    assert_rc(door_note_list(as(&res), case_id, &list, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, shared.id);
    assert_string_equal(list[0].text, "Afspraak op 3 maart");
    assert_int_equal(audit_count("note.read", id, case_id, "sophie.mulder", 1, NULL), 1);
}

/* ---- the audit log ---- */

static void test_audit_trail(void **state)
{
    (void)state;
    int64_t id = make_resident(&fx.km_a, "Emma", "Hendriks", "GM0505");
    const int64_t missing_resident = 900000001, missing_case = 900000002;

    struct resident r;
    assert_rc(door_resident_get(as(&fx.km_a), id, &r), RC_OK);
    assert_rc(door_resident_get(as(&fx.km_b), id, &r), RC_NOT_FOUND);
    assert_rc(door_resident_get(as(&fx.km_a), missing_resident, &r), RC_NOT_FOUND);
    struct case_file c;
    assert_rc(door_case_get(as(&fx.km_a), missing_case, &c), RC_NOT_FOUND);

    int64_t case_id = open_case(&fx.km_a, id);
    assert_rc(door_case_get(as(&fx.km_b), case_id, &c), RC_NOT_FOUND);
    struct door *d = as(&fx.km_a);
    assert_rc(door_case_transition(d, case_id, CASE_INTAKE, NULL, &c), RC_OK);
    assert_rc(door_case_transition(d, case_id, CASE_NAZORG, NULL, &c), RC_CONFLICT);
    struct note nt;
    assert_rc(door_note_create(d, case_id, NOTE_PROFESSIONALS, "Intake gepland", &nt), RC_OK);

    /* Reads, allowed and refused. */
    assert_int_equal(audit_count("resident.read", id, 0, "km_a", 1, NULL), 1);
    assert_int_equal(audit_count("resident.read", id, 0, "km_b", 0, "municipality"), 1);
    assert_int_equal(audit_count("resident.read", id, 0, "km_b", 1, NULL), 0);
    assert_int_equal(audit_count("resident.read", missing_resident, 0, "km_a", 0, "not_found"), 1);
    assert_int_equal(audit_count("case.read", 0, missing_case, "km_a", 0, "not_found"), 1);
    assert_int_equal(audit_count("case.read", id, case_id, "km_b", 0, "municipality"), 1);
    /* Writes: exactly one record each. */
    assert_int_equal(audit_count("resident.create", id, 0, NULL, -1, NULL), 1);
    assert_int_equal(audit_count("resident.create", id, 0, "km_a", 1, NULL), 1);
    assert_int_equal(audit_count("case.create", id, case_id, "km_a", 1, NULL), 1);
    assert_int_equal(audit_count("case.transition", id, case_id, "km_a", 1, NULL), 1);
    assert_int_equal(audit_count("case.transition", 0, case_id, NULL, -1, NULL), 1);
    assert_int_equal(audit_count("note.create", id, case_id, "km_a", 1, NULL), 1);

    /* Who, as what, from where. */
    struct audit_record *recs;
    int n;
    int64_t total;
    enum rc rc = audit_search(take_db(), &sfx.ta, id, "km_b", 10, 0, &recs, &n, &total);
    give_db();
    assert_rc(rc, RC_OK);
    assert_int_equal(total, 2);
    assert_int_equal(n, 2);
    /* Newest first: the case, then the resident. */
    assert_string_equal(recs[0].action, "case.read");
    assert_int_equal(recs[0].case_id, case_id);
    assert_string_equal(recs[1].action, "resident.read");
    assert_int_equal(recs[1].case_id, 0);
    for (int i = 0; i < n; i++) {
        assert_int_equal(recs[i].user_id, fx.km_b.id);
        assert_string_equal(recs[i].username, "km_b");
        assert_string_equal(recs[i].role, "case_manager");
        assert_int_equal(recs[i].resident_id, id);
        assert_false(recs[i].allowed);
        assert_string_equal(recs[i].reason, "municipality");
        assert_string_equal(recs[i].ip, TEST_IP);
        assert_true(is_timestamp(recs[i].at));
    }

    /* The privacy officer, and only they, read the log. */
    struct audit_record *list;
    d = as(&fx.km_a);
    assert_rc(door_audit_search(d, id, NULL, 50, 0, &list, &n, &total), RC_FORBIDDEN);
    assert_int_equal(n, 0);
    assert_int_equal(audit_count("audit.read", id, 0, "km_a", 0, "role"), 1);

    int64_t rows = sql_int_id("SELECT count(*) FROM audit_log WHERE resident_id = $1", id);
    assert_rc(door_audit_search(as(&fx.fg), id, NULL, 50, 0, &list, &n, &total), RC_OK);
    assert_int_equal(total, rows);
    assert_int_equal(n, (int)rows);
    for (int i = 0; i < n; i++) {
        assert_int_equal(list[i].resident_id, id);
        if (i > 0)
            assert_true(list[i].id < list[i - 1].id); /* newest first */
    }
    assert_int_equal(audit_count("audit.read", id, 0, "fg", 1, NULL), 1);
    /* The officer's own look is in the log now, for the next look. */
    assert_int_equal(sql_int_id("SELECT count(*) FROM audit_log WHERE resident_id = $1", id),
                     rows + 1);

    /* Filter by user, and page. */
    assert_rc(door_audit_search(as(&fx.fg), 0, "km_b", 2, 0, &list, &n, &total), RC_OK);
    assert_true(total >= 2);
    assert_int_equal(n, 2);
    for (int i = 0; i < n; i++)
        assert_string_equal(list[i].username, "km_b");
    int64_t newest = list[0].id;
    assert_rc(door_audit_search(as(&fx.fg), 0, "km_b", 2, 1, &list, &n, &total), RC_OK);
    assert_true(n >= 1);
    assert_true(list[0].id < newest);
    assert_int_equal(audit_count("audit.read", 0, 0, "fg", 1, NULL), 3);
}

/* door.h: every read goes through the door and "records the answer in the
 * audit log, allowed or refused". Each allowed read adds exactly one row. */
static void test_every_read_is_audited(void **state)
{
    (void)state;
    int64_t id = make_resident(&fx.km_a, "Julia", "van Dijk", "GM0505");
    int64_t case_id = open_case(&fx.km_a, id);
    struct note nt;
    assert_rc(door_note_create(as(&fx.km_a), case_id, NOTE_PROFESSIONALS, "Kennismaking", &nt),
              RC_OK);
    struct door *d = as(&fx.km_a);
    int n;

    int64_t before = audit_count("resident.read", id, 0, "km_a", 1, NULL);
    struct resident r;
    assert_rc(door_resident_get(d, id, &r), RC_OK);
    assert_int_equal(audit_count("resident.read", id, 0, "km_a", 1, NULL), before + 1);

    before = audit_count("resident.search", id, 0, "km_a", 1, NULL);
    struct resident *found;
    int64_t total;
    assert_rc(door_resident_search(d, "julia van dijk", 10, 0, &found, &n, &total), RC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(audit_count("resident.search", id, 0, "km_a", 1, NULL), before + 1);

    before = audit_count("case.read", id, 0, "km_a", 1, NULL);
    struct case_file *cases;
    assert_rc(door_case_list(d, id, &cases, &n), RC_OK);
    assert_int_equal(audit_count("case.read", id, 0, "km_a", 1, NULL), before + 1);

    before = audit_count("case.read", id, case_id, "km_a", 1, NULL);
    struct case_file c;
    assert_rc(door_case_get(d, case_id, &c), RC_OK);
    assert_int_equal(audit_count("case.read", id, case_id, "km_a", 1, NULL), before + 1);

    before = audit_count("note.read", id, case_id, "km_a", 1, NULL);
    struct note *notes;
    assert_rc(door_note_list(d, case_id, &notes, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(audit_count("note.read", id, case_id, "km_a", 1, NULL), before + 1);

    /* The history says who moved the file when: a read of the file too. */
    before = audit_count("case.read", id, case_id, "km_a", 1, NULL);
    struct case_transition *h;
    assert_rc(door_case_history(d, case_id, &h, &n), RC_OK);
    assert_int_equal(n, 1);
    if (audit_count("case.read", id, case_id, "km_a", 1, NULL) != before + 1)
        fail_msg("door_case_history returned the history without an audit record");
}

/* ---- sessions ---- */

static void test_sessions(void **state)
{
    (void)state;
    const int64_t now = 1767225600; /* 2026-01-01T00:00:00Z */
    const int64_t idle = 1800, max = 4000;
    char token[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1], hash[TOKEN_HASH_LEN + 1];
    struct session s;
    struct db *db = take_db();

    assert_rc(sessions_create(db, fx.km_a.id, false, "192.0.2.7", now, token, csrf), RC_OK);
    assert_int_equal(strlen(token), TOKEN_TEXT_LEN);
    assert_int_equal(strlen(csrf), TOKEN_TEXT_LEN);
    assert_string_not_equal(token, csrf);

    memset(&s, 0, sizeof(s));
    assert_rc(sessions_lookup(db, token, now + 10, idle, max, &s), RC_OK);
    assert_int_equal(s.user_id, fx.km_a.id);
    assert_false(s.bearer);
    assert_string_equal(s.csrf, csrf);
    assert_int_equal(s.created_at, now);
    assert_int_equal(s.last_seen, now);

    /* Only the hash is stored. */
    token_hash(token, hash);
    assert_string_not_equal(hash, token);
    give_db();
    assert_int_equal(sql_int_text("SELECT count(*) FROM sessions WHERE token_hash = $1", hash), 1);
    assert_int_equal(sql_int_text("SELECT count(*) FROM sessions WHERE token_hash = $1"
                                  " OR csrf = $1 OR ip = $1",
                                  token),
                     0);
    assert_int_equal(
        sql_int_text(
            "SELECT count(*) FROM sessions WHERE replace(token_hash, $1, '') <> token_hash", token),
        0);
    db = take_db();

    /* Wrong tokens. */
    char other[TOKEN_TEXT_LEN + 1];
    token_new(other);
    assert_rc(sessions_lookup(db, other, now + 10, idle, max, &s), RC_UNAUTHORIZED);
    snprintf(other, sizeof(other), "%s", token);
    other[TOKEN_TEXT_LEN - 1] = other[TOKEN_TEXT_LEN - 1] == 'A' ? 'B' : 'A';
    assert_rc(sessions_lookup(db, other, now + 10, idle, max, &s), RC_UNAUTHORIZED);
    other[TOKEN_TEXT_LEN - 1] = '\0';
    assert_rc(sessions_lookup(db, other, now + 10, idle, max, &s), RC_UNAUTHORIZED);
    assert_rc(sessions_lookup(db, "", now + 10, idle, max, &s), RC_UNAUTHORIZED);
    assert_rc(sessions_lookup(db, NULL, now + 10, idle, max, &s), RC_UNAUTHORIZED);
    assert_rc(sessions_lookup(db, hash, now + 10, idle, max, &s), RC_UNAUTHORIZED);
    assert_rc(sessions_lookup(db, csrf, now + 10, idle, max, &s), RC_UNAUTHORIZED);
    /* ... did not hurt the right one. */
    assert_rc(sessions_lookup(db, token, now + 20, idle, max, &s), RC_OK);

    /* Use keeps it alive: last_seen moves (at most once a minute). */
    assert_rc(sessions_lookup(db, token, now + 1000, idle, max, &s), RC_OK);
    assert_int_equal(s.last_seen, now + 1000);
    assert_rc(sessions_lookup(db, token, now + 1000 + idle, idle, max, &s), RC_OK);
    assert_int_equal(s.last_seen, now + 1000 + idle);
    /* Past the maximum age it ends however busy it is. */
    assert_rc(sessions_lookup(db, token, now + max + 1, idle, max, &s), RC_UNAUTHORIZED);
    assert_rc(sessions_lookup(db, token, now + 1000 + idle, idle, max, &s), RC_UNAUTHORIZED);

    /* Idle too long. */
    assert_rc(sessions_create(db, fx.km_a.id, true, "192.0.2.7", now, token, csrf), RC_OK);
    assert_rc(sessions_lookup(db, token, now + 5, idle, max, &s), RC_OK);
    assert_true(s.bearer);
    assert_rc(sessions_lookup(db, token, now + idle + 1, idle, max, &s), RC_UNAUTHORIZED);
    /* An expired session is gone, not just refused this once. */
    assert_rc(sessions_lookup(db, token, now + 5, idle, max, &s), RC_UNAUTHORIZED);
    token_hash(token, hash);
    give_db();
    assert_int_equal(sql_int_text("SELECT count(*) FROM sessions WHERE token_hash = $1", hash), 0);
    db = take_db();

    /* Logging out ends it. */
    assert_rc(sessions_create(db, fx.km_b.id, false, NULL, now, token, csrf), RC_OK);
    assert_rc(sessions_lookup(db, token, now + 1, idle, max, &s), RC_OK);
    assert_int_equal(s.user_id, fx.km_b.id);
    assert_rc(sessions_delete(db, token), RC_OK);
    assert_rc(sessions_lookup(db, token, now + 2, idle, max, &s), RC_UNAUTHORIZED);

    /* Two sessions are independent. */
    char t1[TOKEN_TEXT_LEN + 1], t2[TOKEN_TEXT_LEN + 1];
    assert_rc(sessions_create(db, fx.km_a.id, false, "", now, t1, csrf), RC_OK);
    assert_rc(sessions_create(db, fx.km_b.id, false, "", now, t2, csrf), RC_OK);
    assert_string_not_equal(t1, t2);
    assert_rc(sessions_delete(db, t1), RC_OK);
    assert_rc(sessions_lookup(db, t1, now + 1, idle, max, &s), RC_UNAUTHORIZED);
    assert_rc(sessions_lookup(db, t2, now + 1, idle, max, &s), RC_OK);
    assert_int_equal(s.user_id, fx.km_b.id);

    /* purge removes only expired ones. */
    assert_rc(sessions_purge(db, now + idle + 1, idle, max), RC_OK);
    assert_rc(sessions_lookup(db, t2, now + 2, idle, max, &s), RC_UNAUTHORIZED);
    give_db();
}

/* ---- group commit under concurrent reads ---- */

#define READERS 4
#define READS_PER_THREAD 200

struct reader {
    pthread_t thread;
    int64_t resident_id;
    char ip[32];
    atomic_int *failures;
};

static void *reader_main(void *arg)
{
    struct reader *rd = arg;
    struct arena a;
    arena_init(&a);
    for (int i = 0; i < READS_PER_THREAD; i++) {
        struct door d;
        door_init(&d, sfx.store, &a, &fx.km_a.actor, fx.km_a.username, rd->ip);
        struct resident r;
        enum rc rc = door_resident_get(&d, rd->resident_id, &r);
        if (rc || r.id != rd->resident_id || strcmp(r.last_name, "de Jong") != 0)
            atomic_fetch_add(rd->failures, 1);
        door_release(&d);
        if (i % 50 == 49) {
            arena_release(&a);
            arena_init(&a);
        }
    }
    arena_release(&a);
    return NULL;
}

static void test_group_commit(void **state)
{
    (void)state;
    int64_t id = make_resident(&fx.km_a, "Sem", "de Jong", "GM0505");
    close_door(); /* the readers need the pool */
    int64_t before = audit_count("resident.read", id, 0, "km_a", 1, NULL);
    int64_t all_before = sql_int("SELECT count(*) FROM audit_log");

    atomic_int failures = 0;
    struct reader readers[READERS];
    for (int t = 0; t < READERS; t++) {
        readers[t].resident_id = id;
        readers[t].failures = &failures;
        snprintf(readers[t].ip, sizeof(readers[t].ip), "198.51.100.%d", t + 1);
        assert_int_equal(pthread_create(&readers[t].thread, NULL, reader_main, &readers[t]), 0);
    }
    for (int t = 0; t < READERS; t++)
        assert_int_equal(pthread_join(readers[t].thread, NULL), 0);

    assert_int_equal(atomic_load(&failures), 0);
    assert_int_equal(audit_count("resident.read", id, 0, "km_a", 1, NULL),
                     before + READERS * READS_PER_THREAD);
    /* Nothing else was written, nothing twice, and each thread's records
     * are its own. */
    assert_int_equal(sql_int("SELECT count(*) FROM audit_log"),
                     all_before + READERS * READS_PER_THREAD);
    for (int t = 0; t < READERS; t++)
        assert_int_equal(sql_int_text("SELECT count(*) FROM audit_log WHERE ip = $1"
                                      " AND action = 'resident.read'",
                                      readers[t].ip),
                         READS_PER_THREAD);
}

/* The writer itself, without the pool of two in between, so many appends
 * wait at once and share batches. */
#define WRITERS 8
#define APPENDS_PER_WRITER 50
#define ENTRIES_PER_APPEND 4

struct writer {
    pthread_t thread;
    char username[32];
    atomic_int *failures;
};

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    for (int i = 0; i < APPENDS_PER_WRITER; i++) {
        struct audit_entry e[ENTRIES_PER_APPEND];
        for (int k = 0; k < ENTRIES_PER_APPEND; k++)
            e[k] = (struct audit_entry){.username = w->username,
                                        .role = "case_manager",
                                        .resident_id = i * ENTRIES_PER_APPEND + k + 1,
                                        .action = "test.writer",
                                        .allowed = true,
                                        .reason = "test",
                                        .ip = "203.0.113.1"};
        if (audit_append(store_audit(sfx.store), e, ENTRIES_PER_APPEND) != RC_OK)
            atomic_fetch_add(w->failures, 1);
    }
    return NULL;
}

static void test_audit_writer_batches(void **state)
{
    (void)state;
    /* One append of many entries: all of them, in order, strings copied. */
    enum { MANY = 300 };
    struct audit_entry *many = arena_alloc(&sfx.ta, sizeof(*many) * MANY);
    for (int i = 0; i < MANY; i++) {
        char *name = arena_printf(&sfx.ta, "batch-%d", i);
        many[i] = (struct audit_entry){.username = name,
                                       .role = "auditor",
                                       .resident_id = i + 1,
                                       .action = "test.batch",
                                       .allowed = i % 2 == 0,
                                       .reason = "test",
                                       .ip = NULL};
    }
    assert_rc(audit_append(store_audit(sfx.store), many, MANY), RC_OK);
    memset(many, 0, sizeof(*many) * MANY); /* the writer kept its own copies */
    assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'test.batch'"), MANY);
    assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'test.batch'"
                             " AND username = 'batch-' || (resident_id - 1)"
                             " AND allowed = (resident_id % 2) AND ip = ''"
                             " AND resident_id = id - (SELECT min(id) FROM audit_log"
                             " WHERE action = 'test.batch') + 1"),
                     MANY);
    assert_rc(audit_append(store_audit(sfx.store), NULL, 0), RC_OK);

    atomic_int failures = 0;
    struct writer writers[WRITERS];
    for (int t = 0; t < WRITERS; t++) {
        writers[t].failures = &failures;
        snprintf(writers[t].username, sizeof(writers[t].username), "writer-%d", t);
        assert_int_equal(pthread_create(&writers[t].thread, NULL, writer_main, &writers[t]), 0);
    }
    for (int t = 0; t < WRITERS; t++)
        assert_int_equal(pthread_join(writers[t].thread, NULL), 0);
    assert_int_equal(atomic_load(&failures), 0);
    assert_int_equal(sql_int("SELECT count(*) FROM audit_log WHERE action = 'test.writer'"),
                     WRITERS * APPENDS_PER_WRITER * ENTRIES_PER_APPEND);
    for (int t = 0; t < WRITERS; t++) {
        assert_int_equal(
            sql_int_text("SELECT count(*) FROM audit_log WHERE username = $1", writers[t].username),
            APPENDS_PER_WRITER * ENTRIES_PER_APPEND);
        /* Each thread's entries keep their order. */
        assert_int_equal(sql_int_text("SELECT count(*) FROM audit_log a WHERE username = $1"
                                      " AND EXISTS (SELECT 1 FROM audit_log b"
                                      " WHERE b.username = a.username"
                                      " AND b.resident_id > a.resident_id AND b.id < a.id)",
                                      writers[t].username),
                         0);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, sfx_test_begin, sfx_test_end)
    const struct CMUnitTest tests[] = {
        T(test_migrations),
        T(test_resident_create_read_search),
        T(test_resident_invalid_input),
        T(test_resident_text_stored_verbatim),
        T(test_resident_update),
        T(test_cross_municipality_isolation),
        T(test_case_state_machine),
        T(test_case_full_route),
        T(test_note_visibility),
        T(test_audit_trail),
        T(test_every_read_is_audited),
        T(test_sessions),
        T(test_group_commit),
        T(test_audit_writer_batches),
    };
#undef T
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
