#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "db_internal.h"
#include "banned.h"

struct sq_stmt {
    struct db_stmt base;
    const char *sql; /* the caller's text: cache key by address */
    sqlite3_stmt *stmt;
    int param_index[DB_MAX_PARAMS + 1]; /* $n -> SQLite index, 0 when absent */
};

/* The statement cache grows and never evicts: SQL texts are static and few,
 * and a statement handed out must stay valid while its caller steps it. */
struct sq_db {
    struct db base;
    sqlite3 *conn;
    struct sq_stmt **cache;
    int ncached, capacity;
    bool in_tx;
};

static const struct db_ops sqlite_ops;

static struct sq_db *SQ(struct db *db)
{
    return (struct sq_db *)db;
}

static struct sq_stmt *ST(struct db_stmt *st)
{
    return (struct sq_stmt *)st;
}

static enum rc sq_exec(struct db *db, const char *sql);
static void sq_close(struct db *db);

static enum rc map_error(int code)
{
    switch (code & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return RC_OK;
    case SQLITE_CONSTRAINT:
        return RC_CONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return RC_BUSY;
    case SQLITE_NOMEM:
        fprintf(stderr, "werkroute: sqlite out of memory\n");
        abort();
    case SQLITE_TOOBIG:
        return RC_TOO_BIG;
    default:
        return RC_STORE;
    }
}

enum rc db_sqlite_open(const char *path, bool create, struct db **out)
{
    *out = NULL;
    if (!*path) {
        fprintf(stderr, "werkroute: database url has no path\n");
        return RC_INVALID;
    }
    struct sq_db *db = xcalloc(1, sizeof(*db));
    db->base.ops = &sqlite_ops;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &db->conn, flags, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "werkroute: %s: %s\n", path,
                db->conn ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
        sqlite3_close(db->conn);
        free(db);
        return RC_IO;
    }
    sqlite3_extended_result_codes(db->conn, 1);
    sqlite3_busy_timeout(db->conn, 10000);
    /* WAL lets readers run beside the writer; synchronous=FULL makes every
     * acknowledged commit survive a crash (group commit keeps it cheap). */
    enum rc r = sq_exec(&db->base, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                   "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
                                   "PRAGMA temp_store=MEMORY;");
    if (r) {
        fprintf(stderr, "werkroute: %s: %s\n", path, sqlite3_errmsg(db->conn));
        sq_close(&db->base);
        return r;
    }
    *out = &db->base;
    return RC_OK;
}

static void sq_close(struct db *base)
{
    struct sq_db *db = SQ(base);
    for (int i = 0; i < db->ncached; i++) {
        sqlite3_finalize(db->cache[i]->stmt);
        free(db->cache[i]);
    }
    free(db->cache);
    sqlite3_close(db->conn);
    free(db);
}

static enum rc sq_exec(struct db *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(SQ(db)->conn, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "werkroute: sql: %s\n", err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        return map_error(rc);
    }
    return RC_OK;
}

/* compile prepares sql into a new statement that is not in the cache. */
static enum rc compile(struct sq_db *db, const char *sql, unsigned flags, struct sq_stmt **out)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v3(db->conn, sql, -1, flags, &stmt, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "werkroute: prepare: %s\n  in: %s\n", sqlite3_errmsg(db->conn), sql);
        return map_error(rc);
    }
    struct sq_stmt *st = xcalloc(1, sizeof(*st));
    st->base.db = &db->base;
    st->sql = sql;
    st->stmt = stmt;
    /* SQLite numbers $n by first appearance: look each name up once. */
    for (int n = 1; n <= DB_MAX_PARAMS; n++) {
        char name[8];
        snprintf(name, sizeof(name), "$%d", n);
        st->param_index[n] = sqlite3_bind_parameter_index(stmt, name);
    }
    *out = st;
    return RC_OK;
}

static enum rc sq_prepare(struct db *base, const char *sql, struct db_stmt **out)
{
    struct sq_db *db = SQ(base);
    for (int i = 0; i < db->ncached; i++) {
        if (db->cache[i]->sql == sql) {
            *out = &db->cache[i]->base;
            return RC_OK;
        }
    }
    struct sq_stmt *st;
    enum rc rc = compile(db, sql, SQLITE_PREPARE_PERSISTENT, &st);
    if (rc)
        return rc;
    if (db->ncached == db->capacity) {
        db->capacity = db->capacity ? db->capacity * 2 : 64;
        db->cache = xrealloc(db->cache, sizeof(*db->cache) * (size_t)db->capacity);
    }
    db->cache[db->ncached++] = st;
    *out = &st->base;
    return RC_OK;
}

/* An uncached statement owns a copy of its text (for error messages). */
static enum rc sq_prepare_uncached(struct db *base, const char *sql, struct db_stmt **out)
{
    char *copy = xstrdup(sql);
    struct sq_stmt *st;
    enum rc rc = compile(SQ(base), copy, 0, &st);
    if (rc) {
        free(copy);
        return rc;
    }
    *out = &st->base;
    return RC_OK;
}

static void sq_finalize(struct db_stmt *base)
{
    struct sq_stmt *st = ST(base);
    sqlite3_finalize(st->stmt);
    free((char *)st->sql);
    free(st);
}

static int param(struct sq_stmt *st, int n)
{
    if (n < 1 || n > DB_MAX_PARAMS || !st->param_index[n])
        db_stmt_bug(st->sql, n);
    return st->param_index[n];
}

static void sq_bind_text(struct db_stmt *base, int n, const char *s)
{
    struct sq_stmt *st = ST(base);
    if (!s)
        sqlite3_bind_null(st->stmt, param(st, n));
    else
        sqlite3_bind_text(st->stmt, param(st, n), s, -1, SQLITE_TRANSIENT);
}

static void sq_bind_int(struct db_stmt *base, int n, int64_t v)
{
    struct sq_stmt *st = ST(base);
    sqlite3_bind_int64(st->stmt, param(st, n), v);
}

static void sq_bind_null(struct db_stmt *base, int n)
{
    struct sq_stmt *st = ST(base);
    sqlite3_bind_null(st->stmt, param(st, n));
}

static enum rc sq_step(struct db_stmt *base, bool *row)
{
    struct sq_stmt *st = ST(base);
    int rc = sqlite3_step(st->stmt);
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return RC_OK;
    enum rc r = map_error(rc);
    if (r == RC_STORE)
        fprintf(stderr, "werkroute: sql: %s\n", sqlite3_errmsg(SQ(base->db)->conn));
    return r;
}

static const char *sq_col_text(struct db_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(ST(st)->stmt, col);
    return s ? (const char *)s : "";
}

static int64_t sq_col_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(ST(st)->stmt, col);
}

static bool sq_col_is_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(ST(st)->stmt, col) == SQLITE_NULL;
}

static void sq_done(struct db_stmt *st)
{
    sqlite3_reset(ST(st)->stmt);
    sqlite3_clear_bindings(ST(st)->stmt);
}

static enum rc sq_begin(struct db *db, bool write)
{
    enum rc rc = sq_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
    if (!rc)
        SQ(db)->in_tx = true;
    return rc;
}

static void sq_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(SQ(db)->conn))
        sqlite3_exec(SQ(db)->conn, "ROLLBACK", NULL, NULL, NULL);
    SQ(db)->in_tx = false;
}

static enum rc sq_commit(struct db *db)
{
    enum rc rc = sq_exec(db, "COMMIT");
    if (rc) {
        sq_rollback(db);
        return rc;
    }
    SQ(db)->in_tx = false;
    return RC_OK;
}

static bool sq_in_transaction(struct db *db)
{
    return SQ(db)->in_tx;
}

static const char *sq_errmsg(struct db *db)
{
    return sqlite3_errmsg(SQ(db)->conn);
}

/* A SQLite file does not go away under a running process. */
static bool sq_broken(struct db *db)
{
    (void)db;
    return false;
}

static enum rc sq_reconnect(struct db *db)
{
    (void)db;
    return RC_OK;
}

/* Pages copied per backup step; between steps the server's writers go on. */
#define BACKUP_PAGES_PER_STEP 256

/* A read transaction held across the steps pins one snapshot: the backup
 * then never restarts when another connection commits (SQLite restarts it
 * only when a new read transaction finds the file changed), and in WAL mode
 * the writers are not blocked meanwhile. */
static enum rc sq_backup(struct db *base, const char *path)
{
    struct sq_db *db = SQ(base);
    if (!sqlite3_get_autocommit(db->conn)) {
        fprintf(stderr, "werkroute: backup: connection is inside a transaction\n");
        return RC_INVALID;
    }
    sqlite3 *dest = NULL;
    int rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "werkroute: %s: %s\n", path,
                dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
        sqlite3_close(dest);
        return RC_IO;
    }
    enum rc r = sq_exec(base, "BEGIN; SELECT count(*) FROM sqlite_schema");
    if (r) {
        sq_rollback(base);
        sqlite3_close(dest);
        return r;
    }
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", db->conn, "main");
    if (!b) {
        fprintf(stderr, "werkroute: backup: %s\n", sqlite3_errmsg(dest));
        rc = sqlite3_errcode(dest);
    } else {
        do {
            rc = sqlite3_backup_step(b, BACKUP_PAGES_PER_STEP);
        } while (rc == SQLITE_OK);
        int finish = sqlite3_backup_finish(b);
        if (rc == SQLITE_DONE)
            rc = finish;
        if (rc != SQLITE_OK)
            fprintf(stderr, "werkroute: backup to %s: %s\n", path, sqlite3_errstr(rc));
    }
    sq_rollback(base);
    if (sqlite3_close(dest) != SQLITE_OK && rc == SQLITE_OK)
        rc = SQLITE_IOERR;
    return rc == SQLITE_OK ? RC_OK : map_error(rc);
}

static const struct db_ops sqlite_ops = {
    .kind = DB_SQLITE,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .prepare_uncached = sq_prepare_uncached,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .col_is_null = sq_col_is_null,
    .done = sq_done,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_transaction = sq_in_transaction,
    .errmsg = sq_errmsg,
    .broken = sq_broken,
    .reconnect = sq_reconnect,
    .backup = sq_backup,
};
