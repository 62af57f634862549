/* The PostgreSQL backend of db.h, on libpq. Statements are prepared on the
 * server once per connection (named s1, s2, ...) and cached by the address
 * of their SQL text; parameters travel as text and the server infers their
 * types. A result is fetched whole and stepped through row by row. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "db_internal.h"
#include "banned.h"

struct pg_stmt {
    struct db_stmt base;
    const char *sql;
    char name[16];
    int nparams;
    char *values[DB_MAX_PARAMS];
    PGresult *res;
    int row, nrows;
    bool executed;
};

struct pg_db {
    struct db base;
    PGconn *conn;
    struct pg_stmt **cache;
    int ncached, capacity, next_name;
    bool in_tx;
    bool broken;
    char errmsg[512];
};

static const struct db_ops pg_ops;

static struct pg_db *PG(struct db *db)
{
    return (struct pg_db *)db;
}

static struct pg_stmt *ST(struct db_stmt *st)
{
    return (struct pg_stmt *)st;
}

static void remember_error(struct pg_db *db, const char *msg)
{
    snprintf(db->errmsg, sizeof(db->errmsg), "%s", msg ? msg : "");
    size_t n = strlen(db->errmsg);
    while (n && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
        db->errmsg[--n] = '\0';
}

/* Maps a failed result (or none) to an rc by its SQLSTATE. */
static enum rc map_result(struct pg_db *db, PGresult *res)
{
    if (PQstatus(db->conn) != CONNECTION_OK) {
        db->broken = true;
        remember_error(db, PQerrorMessage(db->conn));
        return RC_UNAVAILABLE;
    }
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    remember_error(db, res ? PQresultErrorMessage(res) : PQerrorMessage(db->conn));
    if (!state)
        return RC_STORE;
    if (strncmp(state, "23", 2) == 0)
        return RC_CONFLICT;
    if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
        return RC_BUSY;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0) {
        db->broken = true;
        return RC_UNAVAILABLE;
    }
    if (strncmp(state, "22", 2) == 0)
        return RC_INVALID;
    fprintf(stderr, "werkroute: postgresql: %s (%s)\n", db->errmsg, state);
    return RC_STORE;
}

static enum rc setup_session(struct pg_db *db)
{
    PGresult *res = PQexec(db->conn, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';"
                                     " SET client_min_messages = warning;"
                                     /* Compiling a query costs more than our short
                                      * queries take. */
                                     " SET jit = off");
    enum rc rc = PQresultStatus(res) == PGRES_COMMAND_OK ? RC_OK : map_result(db, res);
    PQclear(res);
    return rc;
}

/* Creates the database named in url by connecting to the maintenance
 * database "postgres" of the same server. */
static enum rc create_database(const char *url, const char *dbname)
{
    const char *keys[] = {"dbname", "dbname", NULL};
    const char *vals[] = {url, "postgres", NULL};
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    enum rc rc = RC_OK;
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "werkroute: postgresql: %s", PQerrorMessage(conn));
        rc = RC_UNAVAILABLE;
    } else {
        char *ident = PQescapeIdentifier(conn, dbname, strlen(dbname));
        char sql[512];
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s ENCODING 'UTF8' TEMPLATE template0",
                 ident ? ident : "\"\"");
        PQfreemem(ident);
        PGresult *res = PQexec(conn, sql);
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            fprintf(stderr, "werkroute: postgresql: %s", PQresultErrorMessage(res));
            rc = RC_STORE;
        } else {
            fprintf(stderr, "werkroute: created database %s\n", dbname);
        }
        PQclear(res);
    }
    PQfinish(conn);
    return rc;
}

enum rc db_pg_open(const char *url, bool create, struct db **out)
{
    *out = NULL;
    struct pg_db *db = xcalloc(1, sizeof(*db));
    db->base.ops = &pg_ops;
    db->conn = PQconnectdb(url);
    if (PQstatus(db->conn) != CONNECTION_OK && create) {
        /* A missing database is made for init and demo, as a missing SQLite
         * file is; any other failure is reported as it is. */
        const char *name = PQdb(db->conn);
        bool missing = strstr(PQerrorMessage(db->conn), "does not exist") != NULL;
        if (missing && name && *name && create_database(url, name) == RC_OK) {
            PQfinish(db->conn);
            db->conn = PQconnectdb(url);
        }
    }
    if (PQstatus(db->conn) != CONNECTION_OK) {
        fprintf(stderr, "werkroute: postgresql: %s", PQerrorMessage(db->conn));
        PQfinish(db->conn);
        free(db);
        return RC_UNAVAILABLE;
    }
    enum rc rc = setup_session(db);
    if (rc) {
        fprintf(stderr, "werkroute: postgresql: %s\n", db->errmsg);
        PQfinish(db->conn);
        free(db);
        return rc;
    }
    *out = &db->base;
    return RC_OK;
}

static void clear_cache(struct pg_db *db)
{
    for (int i = 0; i < db->ncached; i++) {
        struct pg_stmt *st = db->cache[i];
        PQclear(st->res);
        for (int k = 0; k < st->nparams; k++)
            free(st->values[k]);
        free(st);
    }
    db->ncached = 0;
}

static void pg_close(struct db *base)
{
    struct pg_db *db = PG(base);
    clear_cache(db);
    free(db->cache);
    PQfinish(db->conn);
    free(db);
}

static enum rc pg_exec(struct db *base, const char *sql)
{
    struct pg_db *db = PG(base);
    PGresult *res = PQexec(db->conn, sql);
    ExecStatusType s = PQresultStatus(res);
    enum rc rc = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? RC_OK : map_result(db, res);
    if (rc && rc != RC_BUSY && rc != RC_CONFLICT)
        fprintf(stderr, "werkroute: sql: %s\n", db->errmsg);
    PQclear(res);
    return rc;
}

/* prepare_named prepares sql on the server as statement name and returns a
 * new statement that is not in the cache. */
static enum rc prepare_named(struct pg_db *db, const char *sql, const char *name,
                             struct pg_stmt **out)
{
    if (db->broken)
        return RC_UNAVAILABLE;
    PGresult *res = PQprepare(db->conn, name, sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        enum rc rc = map_result(db, res);
        PQclear(res);
        if (rc != RC_UNAVAILABLE)
            fprintf(stderr, "werkroute: prepare: %s\n  in: %s\n", db->errmsg, sql);
        return rc;
    }
    PQclear(res);
    res = PQdescribePrepared(db->conn, name);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        enum rc rc = map_result(db, res);
        PQclear(res);
        return rc;
    }
    int nparams = PQnparams(res);
    PQclear(res);
    if (nparams > DB_MAX_PARAMS)
        db_stmt_bug(sql, nparams);
    struct pg_stmt *st = xcalloc(1, sizeof(*st));
    st->base.db = &db->base;
    st->sql = sql;
    snprintf(st->name, sizeof(st->name), "%s", name);
    st->nparams = nparams;
    *out = st;
    return RC_OK;
}

static enum rc pg_prepare(struct db *base, const char *sql, struct db_stmt **out)
{
    struct pg_db *db = PG(base);
    for (int i = 0; i < db->ncached; i++) {
        if (db->cache[i]->sql == sql) {
            *out = &db->cache[i]->base;
            return RC_OK;
        }
    }
    char name[16];
    snprintf(name, sizeof(name), "s%d", ++db->next_name);
    struct pg_stmt *st;
    enum rc rc = prepare_named(db, sql, name, &st);
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

/* An uncached statement owns a copy of its text and has a name of its own
 * (u1, u2, ...), deallocated on the server by db_finalize. */
static enum rc pg_prepare_uncached(struct db *base, const char *sql, struct db_stmt **out)
{
    struct pg_db *db = PG(base);
    char name[16];
    snprintf(name, sizeof(name), "u%d", ++db->next_name);
    char *copy = xstrdup(sql);
    struct pg_stmt *st;
    enum rc rc = prepare_named(db, copy, name, &st);
    if (rc) {
        free(copy);
        return rc;
    }
    *out = &st->base;
    return RC_OK;
}

static void pg_done(struct db_stmt *base);

static void pg_finalize(struct db_stmt *base)
{
    struct pg_stmt *st = ST(base);
    struct pg_db *db = PG(base->db);
    pg_done(base);
    /* Inside a failed transaction DEALLOCATE fails too; the statement then
     * lives on the server until the connection closes, which is harmless. */
    if (!db->broken && PQstatus(db->conn) == CONNECTION_OK) {
        char sql[32];
        snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
        PQclear(PQexec(db->conn, sql));
    }
    free((char *)st->sql);
    free(st);
}

static void set_value(struct pg_stmt *st, int n, char *value)
{
    if (n < 1 || n > st->nparams)
        db_stmt_bug(st->sql, n);
    free(st->values[n - 1]);
    st->values[n - 1] = value;
}

static void pg_bind_text(struct db_stmt *st, int n, const char *s)
{
    set_value(ST(st), n, s ? xstrdup(s) : NULL);
}

static void pg_bind_int(struct db_stmt *st, int n, int64_t v)
{
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)v);
    set_value(ST(st), n, xstrdup(text));
}

static void pg_bind_null(struct db_stmt *st, int n)
{
    set_value(ST(st), n, NULL);
}

static enum rc pg_step(struct db_stmt *base, bool *row)
{
    struct pg_stmt *st = ST(base);
    struct pg_db *db = PG(base->db);
    *row = false;
    if (!st->executed) {
        st->executed = true;
        if (db->broken)
            return RC_UNAVAILABLE;
        st->res = PQexecPrepared(db->conn, st->name, st->nparams, (const char *const *)st->values,
                                 NULL, NULL, 0);
        ExecStatusType s = PQresultStatus(st->res);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
            enum rc rc = map_result(db, st->res);
            PQclear(st->res);
            st->res = NULL;
            return rc;
        }
        st->nrows = s == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
        st->row = -1;
    }
    if (!st->res)
        return RC_OK;
    if (st->row + 1 < st->nrows) {
        st->row++;
        *row = true;
    }
    return RC_OK;
}

static const char *pg_col_text(struct db_stmt *base, int col)
{
    struct pg_stmt *st = ST(base);
    if (!st->res || st->row < 0 || col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
        return "";
    return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_col_int(struct db_stmt *base, int col)
{
    const char *v = pg_col_text(base, col);
    if (!strcmp(v, "t"))
        return 1;
    return strtoll(v, NULL, 10);
}

static bool pg_col_is_null(struct db_stmt *base, int col)
{
    struct pg_stmt *st = ST(base);
    return !st->res || st->row < 0 || PQgetisnull(st->res, st->row, col);
}

static void pg_done(struct db_stmt *base)
{
    struct pg_stmt *st = ST(base);
    PQclear(st->res);
    st->res = NULL;
    st->executed = false;
    st->row = -1;
    st->nrows = 0;
    for (int k = 0; k < st->nparams; k++) {
        free(st->values[k]);
        st->values[k] = NULL;
    }
}

static enum rc pg_begin(struct db *db, bool write)
{
    enum rc rc = pg_exec(db, write ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
    if (!rc)
        PG(db)->in_tx = true;
    return rc;
}

static void pg_rollback(struct db *base)
{
    struct pg_db *db = PG(base);
    if (!db->broken && PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
        PGresult *res = PQexec(db->conn, "ROLLBACK");
        PQclear(res);
    }
    db->in_tx = false;
}

static enum rc pg_commit(struct db *base)
{
    enum rc rc = pg_exec(base, "COMMIT");
    if (rc) {
        pg_rollback(base);
        return rc;
    }
    PG(base)->in_tx = false;
    return RC_OK;
}

static bool pg_in_transaction(struct db *db)
{
    return PG(db)->in_tx;
}

static const char *pg_errmsg(struct db *db)
{
    return PG(db)->errmsg;
}

static bool pg_broken(struct db *base)
{
    struct pg_db *db = PG(base);
    return db->broken || PQstatus(db->conn) != CONNECTION_OK;
}

/* After a lost connection the server-side prepared statements are gone too:
 * drop the cache and start over. */
static enum rc pg_reconnect(struct db *base)
{
    struct pg_db *db = PG(base);
    clear_cache(db);
    db->in_tx = false;
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK) {
        db->broken = true;
        remember_error(db, PQerrorMessage(db->conn));
        return RC_UNAVAILABLE;
    }
    db->broken = false;
    return setup_session(db);
}

/* A PostgreSQL database is backed up with its own tools (README). */
static enum rc pg_backup(struct db *db, const char *path)
{
    (void)path;
    remember_error(PG(db), "back up PostgreSQL with pg_dump or pg_basebackup");
    fprintf(stderr, "werkroute: %s\n", PG(db)->errmsg);
    return RC_INVALID;
}

static const struct db_ops pg_ops = {
    .kind = DB_POSTGRESQL,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .prepare_uncached = pg_prepare_uncached,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_is_null = pg_col_is_null,
    .done = pg_done,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_transaction = pg_in_transaction,
    .errmsg = pg_errmsg,
    .broken = pg_broken,
    .reconnect = pg_reconnect,
    .backup = pg_backup,
};
