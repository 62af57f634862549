/* Dispatch from the db.h interface to the backend of a connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "banned.h"

bool db_url_is_postgresql(const char *url)
{
    return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

enum rc db_open(const char *url, bool create, struct db **out)
{
    *out = NULL;
    if (url && strncmp(url, "sqlite:", 7) == 0)
        return db_sqlite_open(url + 7, create, out);
    if (db_url_is_postgresql(url))
        return db_pg_open(url, create, out);
    fprintf(stderr,
            "werkroute: %s: unsupported database url (expected sqlite:PATH or "
            "postgresql://...)\n",
            url ? url : "(none)");
    return RC_INVALID;
}

void db_stmt_bug(const char *sql, int n)
{
    fprintf(stderr, "werkroute: bug: no parameter $%d in: %s\n", n, sql);
    abort();
}

void db_close(struct db *db)
{
    if (db)
        db->ops->close(db);
}

enum db_kind db_kind(const struct db *db)
{
    return db->ops->kind;
}

enum rc db_exec(struct db *db, const char *sql)
{
    return db->ops->exec(db, sql);
}

enum rc db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    return db->ops->prepare(db, sql, out);
}

enum rc db_prepare_uncached(struct db *db, const char *sql, struct db_stmt **out)
{
    return db->ops->prepare_uncached(db, sql, out);
}

void db_finalize(struct db_stmt *st)
{
    if (st)
        st->db->ops->finalize(st);
}

void db_bind_text(struct db_stmt *st, int n, const char *s)
{
    st->db->ops->bind_text(st, n, s);
}

void db_bind_int(struct db_stmt *st, int n, int64_t v)
{
    st->db->ops->bind_int(st, n, v);
}

void db_bind_null(struct db_stmt *st, int n)
{
    st->db->ops->bind_null(st, n);
}

void db_bind_id(struct db_stmt *st, int n, int64_t id)
{
    if (id)
        db_bind_int(st, n, id);
    else
        db_bind_null(st, n);
}

enum rc db_step(struct db_stmt *st, bool *row)
{
    return st->db->ops->step(st, row);
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
    return st->db->ops->col_text(st, col);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
    return st->db->ops->col_int(st, col);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
    return st->db->ops->col_is_null(st, col);
}

void db_done(struct db_stmt *st)
{
    st->db->ops->done(st);
}

enum rc db_begin(struct db *db, bool write)
{
    return db->ops->begin(db, write);
}

enum rc db_commit(struct db *db)
{
    return db->ops->commit(db);
}

void db_rollback(struct db *db)
{
    db->ops->rollback(db);
}

bool db_in_transaction(struct db *db)
{
    return db->ops->in_transaction(db);
}

const char *db_errmsg(struct db *db)
{
    return db->ops->errmsg(db);
}

bool db_broken(struct db *db)
{
    return db->ops->broken(db);
}

enum rc db_reconnect(struct db *db)
{
    return db->ops->reconnect(db);
}

enum rc db_backup(struct db *db, const char *path)
{
    return db->ops->backup(db, path);
}
