#include "store_fixture.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsn.h"
#include "test_store_url.h"

#include "banned.h"

struct store_fixture sfx;

const char *SFX_BOTH[2] = {"GM0505", "GM0590"};
const char *SFX_ONLY_0505[1] = {"GM0505"};
const char *SFX_ONLY_0590[1] = {"GM0590"};

int sfx_open(const char *name, uint32_t bsn_prefix)
{
    memset(&sfx, 0, sizeof(sfx));
    sfx.next_bsn_prefix = bsn_prefix;
    arena_init(&sfx.arena);
    if (password_init() || password_hash("een lang genoeg wachtwoord", sfx.hash)) {
        fprintf(stderr, "password setup failed\n");
        return -1;
    }
    snprintf(sfx.name, sizeof(sfx.name), "%s", name);
    snprintf(sfx.dir, sizeof(sfx.dir), "/tmp/werkroute-%s-XXXXXX", name);
    if (!mkdtemp(sfx.dir)) {
        perror("mkdtemp");
        return -1;
    }
    if (!test_store_url(sfx.url, sizeof(sfx.url), sfx.dir, name))
        return -1;
    if (store_open(sfx.url, 2, true, &sfx.store) || store_migrate(sfx.store, &sfx.first_applied)) {
        fprintf(stderr, "store setup failed\n");
        return -1;
    }
    static const struct municipality dordrecht = {"GM0505", "Dordrecht", "AM39", "Drechtsteden"};
    static const struct municipality papendrecht = {"GM0590", "Papendrecht", "AM39",
                                                    "Drechtsteden"};
    struct db *db = store_acquire(sfx.store);
    enum rc rc = directory_municipality_put(db, &dordrecht);
    if (!rc)
        rc = directory_municipality_put(db, &papendrecht);
    store_release(sfx.store, db);
    if (rc) {
        fprintf(stderr, "region setup failed: %s\n", rc_name(rc));
        return -1;
    }
    return 0;
}

int sfx_close(void)
{
    store_close(sfx.store);
    arena_release(&sfx.arena);
    /* Only the store's own files may be left: anything else fails the group. */
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        char p[160];
        snprintf(p, sizeof(p), "%s/%s.db%s", sfx.dir, sfx.name, suffixes[i]);
        unlink(p);
    }
    if (rmdir(sfx.dir) != 0) {
        perror(sfx.dir);
        return -1;
    }
    return 0;
}

int sfx_test_begin(void **state)
{
    (void)state;
    arena_init(&sfx.ta);
    sfx.door_open = false;
    return 0;
}

int sfx_test_end(void **state)
{
    (void)state;
    close_door();
    give_db();
    arena_release(&sfx.ta);
    return 0;
}

struct door *as(const struct who *w)
{
    if (sfx.door_open)
        door_release(&sfx.door);
    door_init(&sfx.door, sfx.store, &sfx.ta, &w->actor, w->username, TEST_IP);
    sfx.door_open = true;
    return &sfx.door;
}

void close_door(void)
{
    if (sfx.door_open)
        door_release(&sfx.door);
    sfx.door_open = false;
}

struct db *take_db(void)
{
    assert_null(sfx.db);
    sfx.db = store_acquire(sfx.store);
    return sfx.db;
}

void give_db(void)
{
    if (sfx.db)
        store_release(sfx.store, sfx.db);
    sfx.db = NULL;
}

const char *test_source_dir(void)
{
    static char dir[1024];
    snprintf(dir, sizeof(dir), "%s", __FILE__);
    return dirname(dir);
}

const char *next_bsn(void)
{
    char *out = arena_alloc(&sfx.ta, 10);
    while (!bsn_complete(sfx.next_bsn_prefix++, out))
        ;
    return out;
}

/* one_row prepares sql, binds $1 (an id, a text, or nothing) and steps to
 * its one row; the caller reads it, then calls db_done and give_db. */
static struct db_stmt *one_row(const char *sql, const int64_t *id, const char *text)
{
    struct db *db = take_db();
    struct db_stmt *st;
    assert_rc(db_prepare(db, sql, &st), RC_OK);
    if (id)
        db_bind_int(st, 1, *id);
    else if (text)
        db_bind_text(st, 1, text);
    bool row = false;
    assert_rc(db_step(st, &row), RC_OK);
    assert_true(row);
    return st;
}

static int64_t int_of(struct db_stmt *st)
{
    int64_t v = db_col_int(st, 0);
    db_done(st);
    give_db();
    return v;
}

int64_t sql_int(const char *sql)
{
    return int_of(one_row(sql, NULL, NULL));
}

int64_t sql_int_id(const char *sql, int64_t id)
{
    return int_of(one_row(sql, &id, NULL));
}

int64_t sql_int_text(const char *sql, const char *text)
{
    return int_of(one_row(sql, NULL, text));
}

const char *sql_text_id(const char *sql, int64_t id)
{
    struct db_stmt *st = one_row(sql, &id, NULL);
    const char *v = arena_strdup(&sfx.ta, db_col_text(st, 0));
    db_done(st);
    give_db();
    return v;
}

enum rc add_org(struct db *db, const char *name, enum org_kind kind, const char **municipalities,
                int n, int64_t *id)
{
    struct organisation o = {
        .name = name, .kind = kind, .municipalities = municipalities, .nmunicipalities = n};
    return directory_organisation_create(db, &o, id);
}

enum rc add_user(struct db *db, struct who *w, const char *username, const char *display_name,
                 enum role role, int64_t org, const char **municipalities, int n,
                 int64_t resident_id)
{
    struct user u = {
        .username = username,
        .display_name = display_name ? display_name : username,
        .role = role,
        .organisation_id = org,
        .resident_id = resident_id,
        .municipalities = municipalities,
        .nmunicipalities = n,
    };
    int64_t id = 0;
    enum rc rc = directory_user_create(db, &u, sfx.hash, &id);
    struct user got;
    if (!rc)
        rc = directory_user_get(db, &sfx.arena, id, &got);
    if (rc)
        return rc;
    w->id = got.id;
    w->username = got.username;
    w->display_name = got.display_name;
    directory_actor(&got, &w->actor);
    return RC_OK;
}

void insert_referral(int64_t case_id, int64_t org, const char *status)
{
    static const char SQL[] = "INSERT INTO referrals (case_id, organisation_id, purpose,"
                              " legal_basis, status, created_at)"
                              " VALUES ($1, $2, 'Werkfit-traject', 'Participatiewet', $3,"
                              " '2026-01-05T09:00:00Z')";
    struct db *db = take_db();
    struct db_stmt *st;
    assert_rc(db_prepare(db, SQL, &st), RC_OK);
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, org);
    db_bind_text(st, 3, status);
    assert_rc(db_step_done(st), RC_OK);
    db_done(st);
    give_db();
}
