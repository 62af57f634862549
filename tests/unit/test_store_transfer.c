/* Copying a store (src/store/transfer.c, werkroute migrate-store): a small
 * SQLite store filled through the door is copied into the store under test
 * (a SQLite file, or PostgreSQL for the unit-pg variant). Rows, ids and
 * checksums must match; a second copy into the same target, and a source
 * with a table the copier does not know, are refused; the target hands out
 * fresh ids afterwards; the checksum sees a changed value and NULL vs "". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "bsn.h"
#include "case_phase.h"
#include "directory.h"
#include "door.h"
#include "password.h"
#include "resident.h"
#include "sessions.h"
#include "store.h"
#include "store_fixture.h"
#include "test_store_url.h"
#include "transfer.h"

#include "banned.h"

static struct {
    char dir[64];
    char source_url[160];
    char target_url[160];
    struct store *source, *target;
    struct arena arena;
    struct policy_actor km;
    int64_t km_id;
    int64_t max_resident_id;
    uint32_t next_bsn_prefix;
} fx;

/* The SQL texts are literals: the db layer caches statements by address. */
static int64_t store_int(struct store *s, const char *sql)
{
    struct db *db = store_acquire(s);
    struct db_stmt *st;
    assert_rc(db_prepare(db, sql, &st), RC_OK);
    bool row = false;
    assert_rc(db_step(st, &row), RC_OK);
    assert_true(row);
    int64_t v = db_col_int(st, 0);
    db_done(st);
    store_release(s, db);
    return v;
}

static void exec(struct store *s, const char *sql)
{
    struct db *db = store_acquire(s);
    enum rc rc = db_exec(db, sql);
    store_release(s, db);
    assert_rc(rc, RC_OK);
}

static enum rc copy(struct transfer_report *report)
{
    struct db *from = store_acquire(fx.source), *to = store_acquire(fx.target);
    enum rc rc = transfer_copy(from, to, report);
    store_release(fx.target, to);
    store_release(fx.source, from);
    return rc;
}

static int64_t make_resident(struct store *s, const char *first, const char *prefix,
                             const char *last, const char *email)
{
    char bsn[10];
    while (!bsn_complete(fx.next_bsn_prefix++, bsn))
        ;
    struct resident r = {.bsn = bsn,
                         .first_name = first,
                         .prefix = prefix,
                         .last_name = last,
                         .birth_date = "1979-02-28",
                         .postcode = "3311 AB",
                         .municipality = "GM0505",
                         .email = email};
    struct door d;
    struct field_errors errs;
    door_init(&d, s, &fx.arena, &fx.km, "km", TEST_IP);
    enum rc rc = door_resident_create(&d, &r, &errs);
    door_release(&d);
    assert_rc(rc, RC_OK);
    return r.id;
}

/* fill_source makes a small region: municipalities, an organisation, users
 * (one without a resident: NULL), residents with accents and quotes, a
 * case that is open (closed_at NULL) and one closed, notes, a session. */
static int fill_source(void)
{
    static const struct municipality dordrecht = {"GM0505", "Dordrecht", "AM39", "Drechtsteden"};
    static const struct municipality zwijndrecht = {"GM0642", "Zwijndrecht", "AM39",
                                                    "Drechtsteden"};
    static const char *both[] = {"GM0505", "GM0642"};
    static const char *only_0505[] = {"GM0505"};
    struct organisation org = {.name = "Sociale Dienst Drechtsteden",
                               .kind = ORG_MUNICIPAL,
                               .municipalities = both,
                               .nmunicipalities = 2};
    char hash[PASSWORD_HASH_MAX];
    if (password_hash("een lang genoeg wachtwoord", hash))
        return -1;
    struct db *db = store_acquire(fx.source);
    int64_t org_id = 0;
    enum rc rc = directory_municipality_put(db, &dordrecht);
    if (!rc)
        rc = directory_municipality_put(db, &zwijndrecht);
    if (!rc)
        rc = directory_organisation_create(db, &org, &org_id);
    struct user km = {.username = "km",
                      .display_name = "Klant Manager",
                      .role = ROLE_CASE_MANAGER,
                      .organisation_id = org_id,
                      .municipalities = only_0505,
                      .nmunicipalities = 1};
    if (!rc)
        rc = directory_user_create(db, &km, hash, &fx.km_id);
    struct user got;
    if (!rc)
        rc = directory_user_get(db, &fx.arena, fx.km_id, &got);
    if (!rc)
        directory_actor(&got, &fx.km);
    char token[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];
    if (!rc)
        rc = sessions_create(db, fx.km_id, true, TEST_IP, 1764000000, token, csrf);
    store_release(fx.source, db);
    if (rc) {
        fprintf(stderr, "source setup failed: %s\n", rc_name(rc));
        return -1;
    }
    return 0;
}

static int group_setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    fx.next_bsn_prefix = 30000000;
    arena_init(&fx.arena);
    if (password_init())
        return -1;
    snprintf(fx.dir, sizeof(fx.dir), "/tmp/werkroute-transfer-XXXXXX");
    if (!mkdtemp(fx.dir)) {
        perror("mkdtemp");
        return -1;
    }
    snprintf(fx.source_url, sizeof(fx.source_url), "sqlite:%s/source.db", fx.dir);
    if (!test_store_url(fx.target_url, sizeof(fx.target_url), fx.dir, "target"))
        return -1;
    if (store_open(fx.source_url, 2, true, &fx.source) || store_migrate(fx.source, NULL) ||
        store_open(fx.target_url, 2, true, &fx.target) || store_migrate(fx.target, NULL)) {
        fprintf(stderr, "store setup failed\n");
        return -1;
    }
    return fill_source();
}

static int group_teardown(void **state)
{
    (void)state;
    store_close(fx.source);
    store_close(fx.target);
    arena_release(&fx.arena);
    static const char *const files[] = {"source.db", "source.db-wal", "source.db-shm",
                                        "target.db", "target.db-wal", "target.db-shm"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char p[160];
        snprintf(p, sizeof(p), "%s/%s", fx.dir, files[i]);
        unlink(p);
    }
    return rmdir(fx.dir) == 0 ? 0 : -1;
}

static const struct transfer_table *find(const struct transfer_report *r, const char *name)
{
    for (int i = 0; i < r->ntables; i++)
        if (!strcmp(r->tables[i].name, name))
            return &r->tables[i];
    fail_msg("table %s is not in the report", name);
    return NULL;
}

static void test_copy(void **state)
{
    (void)state;
    make_resident(fx.source, "Jürgen", "", "Müller", "");
    make_resident(fx.source, "Ayşe", "van der", "Berg-O'Neill", "a.berg@example.nl");
    int64_t third = make_resident(fx.source, "Zoë", "", "\"de\" Vries \\ Smit", "");
    struct door d;
    struct case_file open_case, closed_case;
    struct note note;
    door_init(&d, fx.source, &fx.arena, &fx.km, "km", TEST_IP);
    assert_rc(door_case_open(&d, third, &open_case), RC_OK);
    assert_rc(door_case_open(&d, third, &closed_case), RC_OK);
    assert_rc(door_case_transition(&d, closed_case.id, CASE_INTAKE, NULL, &closed_case), RC_OK);
    assert_rc(door_case_transition(&d, closed_case.id, CASE_AFGESLOTEN, close_reason_name(0),
                                   &closed_case),
              RC_OK);
    assert_rc(door_note_create(&d, open_case.id, NOTE_PROFESSIONALS,
                               "Regel één\nregel twee — ‘aanhalingstekens’ \"dubbel\" \\ ;", &note),
              RC_OK);
    door_release(&d);
    fx.max_resident_id = store_int(fx.source, "SELECT max(id) FROM residents");

    struct transfer_report report;
    assert_rc(copy(&report), RC_OK);
    assert_int_equal(report.ntables, 41);
    for (int i = 0; i < report.ntables; i++) {
        const struct transfer_table *t = &report.tables[i];
        if (!transfer_table_ok(t))
            fail_msg("table %s: %lld rows copied to %lld, checksums differ", t->name,
                     (long long)t->rows, (long long)t->target_rows);
    }
    assert_int_equal(find(&report, "residents")->rows, 3);
    assert_int_equal(find(&report, "cases")->rows, 2);
    assert_int_equal(find(&report, "sessions")->rows, 1);
    assert_true(find(&report, "audit_log")->rows >= 5);
    /* Parents come before children. */
    assert_string_equal(report.tables[0].name, "municipalities");

    /* The same checksum computed afresh on each side, and the same ids. */
    int64_t rows_a, rows_b;
    unsigned char sum_a[TRANSFER_CHECKSUM_LEN], sum_b[TRANSFER_CHECKSUM_LEN];
    struct db *a = store_acquire(fx.source), *b = store_acquire(fx.target);
    assert_rc(transfer_checksum(a, "notes", &rows_a, sum_a), RC_OK);
    assert_rc(transfer_checksum(b, "notes", &rows_b, sum_b), RC_OK);
    store_release(fx.target, b);
    store_release(fx.source, a);
    assert_int_equal(rows_a, 1);
    assert_int_equal(rows_b, 1);
    assert_memory_equal(sum_a, sum_b, TRANSFER_CHECKSUM_LEN);
    assert_int_equal(store_int(fx.target, "SELECT max(id) FROM residents"), fx.max_resident_id);

    /* The target hands out fresh ids (PostgreSQL: its sequences were reset),
     * and its search finds copied residents. */
    int64_t fresh = make_resident(fx.target, "Nieuw", "", "Na de verhuizing", "");
    assert_true(fresh > fx.max_resident_id);
    door_init(&d, fx.target, &fx.arena, &fx.km, "km", TEST_IP);
    struct resident *found;
    int n;
    int64_t total;
    assert_rc(door_resident_search(&d, "muller", 10, 0, &found, &n, &total), RC_OK);
    door_release(&d);
    assert_int_equal(total, 1);
}

static void test_second_copy_refused(void **state)
{
    (void)state;
    int64_t before = store_int(fx.target, "SELECT count(*) FROM residents");
    struct transfer_report report;
    assert_rc(copy(&report), RC_CONFLICT);
    assert_int_equal(store_int(fx.target, "SELECT count(*) FROM residents"), before);
    struct db *db = store_acquire(fx.target);
    assert_rc(transfer_check_empty(db), RC_CONFLICT);
    store_release(fx.target, db);
}

static void test_unknown_table_refused(void **state)
{
    (void)state;
    struct transfer_report report;
    exec(fx.source, "CREATE TABLE extra_things (id INTEGER PRIMARY KEY)");
    assert_rc(copy(&report), RC_INVALID);
    exec(fx.source, "DROP TABLE extra_things");
    /* Whatever its name: a table called like a search index holds rows too. */
    exec(fx.source, "CREATE TABLE notes_search_words (id INTEGER PRIMARY KEY)");
    assert_rc(copy(&report), RC_INVALID);
    exec(fx.source, "DROP TABLE notes_search_words");
}

/* Last: it changes the target. */
static void test_checksum_sees_changes(void **state)
{
    (void)state;
    static const char *const changes[] = {
        "UPDATE residents SET first_name = 'Jurgen' WHERE first_name = 'Jürgen'",
        "UPDATE cases SET closed_at = '' WHERE closed_at IS NULL",
    };
    static const char *const tables[] = {"residents", "cases"};
    for (int i = 0; i < 2; i++) {
        int64_t rows_a, rows_b;
        unsigned char sum_a[TRANSFER_CHECKSUM_LEN], sum_b[TRANSFER_CHECKSUM_LEN];
        struct db *db = store_acquire(fx.target);
        assert_rc(transfer_checksum(db, tables[i], &rows_a, sum_a), RC_OK);
        assert_rc(db_exec(db, changes[i]), RC_OK);
        assert_rc(transfer_checksum(db, tables[i], &rows_b, sum_b), RC_OK);
        store_release(fx.target, db);
        assert_int_equal(rows_a, rows_b);
        if (!memcmp(sum_a, sum_b, TRANSFER_CHECKSUM_LEN))
            fail_msg("checksum of %s did not change", tables[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_second_copy_refused),
        cmocka_unit_test(test_unknown_table_refused),
        cmocka_unit_test(test_checksum_sees_changes),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
