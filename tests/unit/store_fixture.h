/* What the tests of the store and the one door share (linked into every
 * tests/unit/test_store_*.c): a fresh store on the URL of test_store_url.h
 * with the test region's two municipalities, users as the door sees them, a
 * door opened as one of them, a connection lent for checks by SQL, and fresh
 * BSNs. The state is one global, sfx; each test keeps its own fixture (fx)
 * for its organisations, users and data.
 *
 * The region: Dordrecht (GM0505) and Papendrecht (GM0590), labour market
 * region AM39 Drechtsteden. */
#ifndef WR_TEST_STORE_FIXTURE_H
#define WR_TEST_STORE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "arena.h"
#include "directory.h"
#include "door.h"
#include "password.h"
#include "store.h"

/* The address the door records in the audit log. */
#define TEST_IP "192.0.2.20"

#define assert_rc(expr, want)                                                                      \
    do {                                                                                           \
        enum rc rc_got_ = (expr);                                                                  \
        enum rc rc_want_ = (want);                                                                 \
        if (rc_got_ != rc_want_)                                                                   \
            fail_msg("%s: got %s, want %s", #expr, rc_name(rc_got_), rc_name(rc_want_));           \
    } while (0)

/* One user of the test region, as the door sees them. */
struct who {
    int64_t id;
    const char *username;
    const char *display_name;
    struct policy_actor actor;
};

struct store_fixture {
    char name[32];
    char dir[64];
    char url[200];
    struct store *store; /* a pool of two connections */
    struct arena arena;  /* lives as long as the group */
    int first_applied;   /* migrations applied when the store was made */
    char hash[PASSWORD_HASH_MAX];
    uint32_t next_bsn_prefix;

    /* Per test: an arena and at most one open door, so together with the
     * connection lent by take_db the pool of two never runs dry. */
    struct arena ta;
    struct door door;
    bool door_open;
    struct db *db; /* lent by take_db, given back by sfx_test_end */
};

extern struct store_fixture sfx;

/* Municipality lists of the region for organisations and users. */
extern const char *SFX_BOTH[2];      /* GM0505, GM0590 */
extern const char *SFX_ONLY_0505[1]; /* Dordrecht */
extern const char *SFX_ONLY_0590[1]; /* Papendrecht */

/* sfx_open makes a fresh, migrated store named name (in a new directory
 * /tmp/werkroute-<name>-XXXXXX for SQLite) with the region's municipalities;
 * BSNs start at bsn_prefix. 0, or -1 with a message. For a group setup. */
int sfx_open(const char *name, uint32_t bsn_prefix);

/* sfx_close closes the store and removes its directory: -1 when anything
 * but the store's own files was left there. For a group teardown. */
int sfx_close(void);

/* sfx_test_begin and sfx_test_end give each test its arena, and close the
 * door and give back the lent connection after it (also after a failed
 * assertion). */
int sfx_test_begin(void **state);
int sfx_test_end(void **state);

/* as opens the door for w, closing the one that was open. */
struct door *as(const struct who *w);
void close_door(void);

/* take_db lends a connection that sfx_test_end gives back should an
 * assertion fail while it is held; give_db gives it back. */
struct db *take_db(void);
void give_db(void);

/* test_source_dir returns the directory of the tests' sources (tests/unit),
 * for the sample data beside it. */
const char *test_source_dir(void);

/* next_bsn returns a fresh valid BSN in the test's arena. */
const char *next_bsn(void);

/* The first column of the one row of sql (a string literal: the db layer
 * caches statements by address) with $1 bound to nothing, id or text. */
int64_t sql_int(const char *sql);
int64_t sql_int_id(const char *sql, int64_t id);
int64_t sql_int_text(const char *sql, const char *text);
const char *sql_text_id(const char *sql, int64_t id); /* in the test's arena */

/* add_org creates an organisation serving municipalities. */
enum rc add_org(struct db *db, const char *name, enum org_kind kind, const char **municipalities,
                int n, int64_t *id);

/* add_user creates a user (display_name NULL: the username) and fills w with
 * it and its actor. */
enum rc add_user(struct db *db, struct who *w, const char *username, const char *display_name,
                 enum role role, int64_t org, const char **municipalities, int n,
                 int64_t resident_id);

/* insert_referral writes a referral of case_id to org with status by SQL,
 * past the door (for tests of who sees what). */
void insert_referral(int64_t case_id, int64_t org, const char *status);

#endif
