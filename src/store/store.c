#include "store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "audit.h"
#include "date.h"
#include "embedded.h"
#include "banned.h"

struct store {
    char *url;
    struct db **conns;
    bool *busy;
    unsigned nconns;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    struct audit_writer *audit;
    struct matching *matching; /* door_match.c: the matching index, once built */
};

enum rc store_open(const char *url, unsigned pool_size, bool create, struct store **out)
{
    *out = NULL;
    if (pool_size < 1)
        pool_size = 1;
    struct store *s = xcalloc(1, sizeof(*s));
    s->url = xstrdup(url);
    s->conns = xcalloc(pool_size, sizeof(*s->conns));
    s->busy = xcalloc(pool_size, sizeof(*s->busy));
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->freed, NULL);
    enum rc rc = RC_OK;
    for (unsigned i = 0; i < pool_size; i++) {
        /* Only the first connection may create the file. */
        rc = db_open(url, create && i == 0, &s->conns[i]);
        if (rc)
            goto fail;
        s->nconns++;
    }
    rc = audit_writer_start(url, &s->audit);
    if (rc)
        goto fail;
    *out = s;
    return RC_OK;
fail:
    store_close(s);
    return rc;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    audit_writer_stop(s->audit);
    matching_free(s->matching);
    for (unsigned i = 0; i < s->nconns; i++)
        db_close(s->conns[i]);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->freed);
    free(s->conns);
    free(s->busy);
    free(s->url);
    free(s);
}

struct db *store_acquire(struct store *s)
{
    pthread_mutex_lock(&s->lock);
    for (;;) {
        for (unsigned i = 0; i < s->nconns; i++) {
            if (!s->busy[i]) {
                s->busy[i] = true;
                pthread_mutex_unlock(&s->lock);
                /* A connection lost earlier (the server restarted) is tried
                 * again here; if it is still away the request gets 503. */
                if (db_broken(s->conns[i]))
                    db_reconnect(s->conns[i]);
                return s->conns[i];
            }
        }
        pthread_cond_wait(&s->freed, &s->lock);
    }
}

void store_release(struct store *s, struct db *db)
{
    if (!db)
        return;
    /* A handler that bailed out mid-transaction must not leak it. */
    if (db_in_transaction(db))
        db_rollback(db);
    pthread_mutex_lock(&s->lock);
    for (unsigned i = 0; i < s->nconns; i++)
        if (s->conns[i] == db)
            s->busy[i] = false;
    pthread_cond_signal(&s->freed);
    pthread_mutex_unlock(&s->lock);
}

enum rc store_has_residents(struct db *db, bool *exist)
{
    static const char SQL[] = "SELECT EXISTS (SELECT 1 FROM residents)";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    bool row = false;
    rc = db_step(st, &row);
    *exist = !rc && row && db_col_int(st, 0) != 0;
    db_done(st);
    return rc;
}

struct audit_writer *store_audit(struct store *s)
{
    return s->audit;
}

const char *store_url(const struct store *s)
{
    return s->url;
}

/* Each store has its own migrations, with the same versions. */
static const char *migration_prefix(enum db_kind kind)
{
    return kind == DB_POSTGRESQL ? "migrations/postgresql/" : "migrations/sqlite/";
}

/* Migration files are named NNN_description.sql; NNN is the version. */
static int migration_version(const char *name, enum db_kind kind)
{
    const char *prefix = migration_prefix(kind);
    if (strncmp(name, prefix, strlen(prefix)) != 0)
        return 0;
    const char *base = name + strlen(prefix);
    char *end;
    long v = strtol(base, &end, 10);
    return (end != base && *end == '_' && v > 0 && v < 100000) ? (int)v : 0;
}

int store_latest_version(void)
{
    int latest = 0;
    for (const struct embedded_file *f = embedded_files; f->name; f++) {
        int v = migration_version(f->name, DB_SQLITE);
        if (v > latest)
            latest = v;
    }
    return latest;
}

static enum rc ensure_version_table(struct db *db)
{
    return db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                       " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
}

static enum rc read_version(struct db *db, int *version)
{
    struct db_stmt *st;
    enum rc rc = db_prepare(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", &st);
    if (rc)
        return rc;
    bool row;
    rc = db_step(st, &row);
    *version = (!rc && row) ? (int)db_col_int(st, 0) : 0;
    db_done(st);
    return rc;
}

enum rc store_schema_version(struct store *s, int *version)
{
    struct db *db = store_acquire(s);
    enum rc rc = ensure_version_table(db);
    if (!rc)
        rc = read_version(db, version);
    store_release(s, db);
    return rc;
}

enum rc store_migrate(struct store *s, int *applied)
{
    struct db *db = store_acquire(s);
    int count = 0, current = 0;
    enum rc rc = ensure_version_table(db);
    if (!rc)
        rc = read_version(db, &current);
    int latest = store_latest_version();
    if (!rc && current > latest) {
        fprintf(stderr, "werkroute: database schema %d is newer than this program (%d)\n", current,
                latest);
        rc = RC_CONFLICT;
    }
    /* Apply versions in order; each in a transaction of its own, so a failed
     * step leaves the database at the previous version. */
    for (int v = current + 1; !rc && v <= latest; v++) {
        const struct embedded_file *file = NULL;
        for (const struct embedded_file *f = embedded_files; f->name; f++)
            if (migration_version(f->name, db_kind(db)) == v)
                file = f;
        if (!file) {
            fprintf(stderr, "werkroute: migration %d is missing\n", v);
            rc = RC_STORE;
            break;
        }
        rc = db_begin(db, true);
        if (rc)
            break;
        rc = db_exec(db, (const char *)file->data);
        if (!rc) {
            struct db_stmt *st;
            rc = db_prepare(db,
                            "INSERT INTO schema_migrations (version, applied_at) "
                            "VALUES ($1, $2)",
                            &st);
            if (!rc) {
                char now[21];
                timestamp_now(now);
                db_bind_int(st, 1, v);
                db_bind_text(st, 2, now);
                rc = db_step_done(st);
                db_done(st);
            }
        }
        if (rc) {
            fprintf(stderr, "werkroute: migration %s failed\n", file->name);
            db_rollback(db);
            break;
        }
        rc = db_commit(db);
        if (!rc)
            count++;
    }
    store_release(s, db);
    if (applied)
        *applied = count;
    return rc;
}

struct matching *store_matching(struct store *s)
{
    pthread_mutex_lock(&s->lock);
    if (!s->matching)
        s->matching = matching_new();
    struct matching *m = s->matching;
    pthread_mutex_unlock(&s->lock);
    return m;
}
