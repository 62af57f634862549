#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "db.h"
#include "banned.h"

#define DB_MAX_PARAMS 32

struct db_stmt {
    struct db *db;
    const char *sql; /* the caller's text: cache key by address */
    sqlite3_stmt *stmt;
    int param_index[DB_MAX_PARAMS + 1]; /* $n -> SQLite index, 0 when absent */
};

/* The statement cache grows and never evicts: SQL texts are static and few,
 * and a statement handed out must stay valid while its caller steps it. */
struct db {
    sqlite3 *conn;
    struct db_stmt **cache;
    int ncached, capacity;
    bool in_tx;
};

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

enum rc db_open(const char *url, bool create, struct db **out)
{
    *out = NULL;
    if (strncmp(url, "sqlite:", 7) != 0) {
        fprintf(stderr, "werkroute: %s: unsupported database url (expected sqlite:PATH)\n", url);
        return RC_INVALID;
    }
    const char *path = url + 7;
    if (!*path) {
        fprintf(stderr, "werkroute: database url has no path\n");
        return RC_INVALID;
    }
    struct db *db = xcalloc(1, sizeof(*db));
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
    enum rc r = db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                            "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
                            "PRAGMA temp_store=MEMORY;");
    if (r) {
        fprintf(stderr, "werkroute: %s: %s\n", path, sqlite3_errmsg(db->conn));
        db_close(db);
        return r;
    }
    *out = db;
    return RC_OK;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->ncached; i++) {
        sqlite3_finalize(db->cache[i]->stmt);
        free(db->cache[i]);
    }
    free(db->cache);
    sqlite3_close(db->conn);
    free(db);
}

enum rc db_exec(struct db *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(db->conn, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "werkroute: sql: %s\n", err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        return map_error(rc);
    }
    return RC_OK;
}

enum rc db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    for (int i = 0; i < db->ncached; i++) {
        if (db->cache[i]->sql == sql) {
            *out = db->cache[i];
            return RC_OK;
        }
    }
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "werkroute: prepare: %s\n  in: %s\n", sqlite3_errmsg(db->conn), sql);
        return map_error(rc);
    }
    if (db->ncached == db->capacity) {
        db->capacity = db->capacity ? db->capacity * 2 : 64;
        db->cache = xrealloc(db->cache, sizeof(*db->cache) * (size_t)db->capacity);
    }
    struct db_stmt *st = xcalloc(1, sizeof(*st));
    db->cache[db->ncached++] = st;
    st->db = db;
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

static int param(struct db_stmt *st, int n)
{
    if (n < 1 || n > DB_MAX_PARAMS || !st->param_index[n]) {
        fprintf(stderr, "werkroute: bug: no parameter $%d in: %s\n", n, st->sql);
        abort();
    }
    return st->param_index[n];
}

void db_bind_text(struct db_stmt *st, int n, const char *s)
{
    if (!s)
        sqlite3_bind_null(st->stmt, param(st, n));
    else
        sqlite3_bind_text(st->stmt, param(st, n), s, -1, SQLITE_TRANSIENT);
}

void db_bind_int(struct db_stmt *st, int n, int64_t v)
{
    sqlite3_bind_int64(st->stmt, param(st, n), v);
}

void db_bind_null(struct db_stmt *st, int n)
{
    sqlite3_bind_null(st->stmt, param(st, n));
}

enum rc db_step(struct db_stmt *st, bool *row)
{
    int rc = sqlite3_step(st->stmt);
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return RC_OK;
    enum rc r = map_error(rc);
    if (r == RC_STORE)
        fprintf(stderr, "werkroute: sql: %s\n", sqlite3_errmsg(st->db->conn));
    return r;
}

enum rc db_step_done(struct db_stmt *st)
{
    bool row;
    enum rc rc;
    do {
        rc = db_step(st, &row);
    } while (!rc && row);
    return rc;
}

const char *db_col_text(struct db_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st->stmt, col);
    return s ? (const char *)s : "";
}

int64_t db_col_int(struct db_stmt *st, int col)
{
    return sqlite3_column_int64(st->stmt, col);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(st->stmt, col) == SQLITE_NULL;
}

void db_done(struct db_stmt *st)
{
    sqlite3_reset(st->stmt);
    sqlite3_clear_bindings(st->stmt);
}

enum rc db_begin(struct db *db, bool write)
{
    enum rc rc = db_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
    if (!rc)
        db->in_tx = true;
    return rc;
}

enum rc db_commit(struct db *db)
{
    enum rc rc = db_exec(db, "COMMIT");
    if (rc) {
        db_rollback(db);
        return rc;
    }
    db->in_tx = false;
    return RC_OK;
}

void db_rollback(struct db *db)
{
    if (!sqlite3_get_autocommit(db->conn))
        sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = false;
}

bool db_in_transaction(struct db *db)
{
    return db->in_tx;
}

const char *db_errmsg(struct db *db)
{
    return sqlite3_errmsg(db->conn);
}
