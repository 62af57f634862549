/* The thin database layer under the store: one connection, prepared
 * statements with $1..$n parameters (bound by name, so one SQL text serves
 * SQLite and PostgreSQL), transactions. No SQL dialect leaks above store/.
 * See docs/internals/store.md. */
#ifndef WR_DB_H
#define WR_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "rc.h"

struct db;
struct db_stmt;

enum db_kind { DB_SQLITE, DB_POSTGRESQL };

/* db_open connects to url: "sqlite:PATH" or "postgresql://..." (libpq's URI
 * or, with an empty host part, its PG* environment and service files).
 * create=true creates a missing SQLite file or PostgreSQL database. On
 * failure *out is NULL and a message went to stderr. */
enum rc db_open(const char *url, bool create, struct db **out);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
bool db_url_is_postgresql(const char *url);

/* db_broken tells that the connection was lost; db_reconnect tries once to
 * get it back (RC_UNAVAILABLE when the server is still away). */
bool db_broken(struct db *db);
enum rc db_reconnect(struct db *db);

/* db_exec runs one or more statements without parameters (migrations). */
enum rc db_exec(struct db *db, const char *sql);

/* db_prepare returns a statement owned by the connection and cached by its
 * SQL text: call db_done when finished so it can be reused. */
enum rc db_prepare(struct db *db, const char *sql, struct db_stmt **out);
void db_bind_text(struct db_stmt *st, int n, const char *s);
void db_bind_int(struct db_stmt *st, int n, int64_t v);
void db_bind_null(struct db_stmt *st, int n);
/* db_bind_id binds an id, or NULL for 0 (an optional reference). */
void db_bind_id(struct db_stmt *st, int n, int64_t id);
/* db_step advances: RC_OK with *row true for a row, false when done.
 * RC_CONFLICT for a constraint, RC_BUSY for a lock or serialization failure
 * (retry the transaction), RC_UNAVAILABLE when the connection is lost. */
enum rc db_step(struct db_stmt *st, bool *row);
/* Column accessors; text is "" for NULL and lives until the next step. */
const char *db_col_text(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
bool db_col_is_null(struct db_stmt *st, int col);
/* db_done resets the statement and clears its bindings. */
void db_done(struct db_stmt *st);

/* db_step_done steps to the end (for writes). */
enum rc db_step_done(struct db_stmt *st);

/* db_prepare_uncached prepares SQL built at run time (db_prepare caches by
 * the address of a static text, so it must not get a buffer). The caller
 * owns the statement: step, db_done and rebind it as usual, then free it
 * with db_finalize; sql may be freed once this returns. Errors as
 * db_prepare. */
enum rc db_prepare_uncached(struct db *db, const char *sql, struct db_stmt **out);
/* db_finalize frees a statement of db_prepare_uncached (NULL is fine). */
void db_finalize(struct db_stmt *st);

/* Transactions. db_begin(write=true) takes the write lock at once on SQLite
 * (no deadlock on a lock upgrade) and runs REPEATABLE READ on PostgreSQL (a
 * concurrent change of the same rows fails with RC_BUSY: retry). */
enum rc db_begin(struct db *db, bool write);
enum rc db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_transaction(struct db *db);

/* db_backup copies the whole database into a new SQLite file at path (which
 * may exist empty) with SQLite's online backup, in steps, from one snapshot:
 * consistent while other connections write. SQLite only: RC_INVALID for
 * PostgreSQL (use pg_dump). RC_BUSY when the snapshot cannot be taken; a
 * message went to stderr on failure, and path may then hold a partial copy
 * for the caller to remove. */
enum rc db_backup(struct db *db, const char *path);

/* The last error message of this connection, for logs. */
const char *db_errmsg(struct db *db);

#endif
