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

/* db_open connects to url ("sqlite:PATH"). create=false refuses to create a
 * missing SQLite file. On failure *out is NULL and a message went to stderr. */
enum rc db_open(const char *url, bool create, struct db **out);
void db_close(struct db *db);

/* db_exec runs one or more statements without parameters (migrations). */
enum rc db_exec(struct db *db, const char *sql);

/* db_prepare returns a statement owned by the connection and cached by its
 * SQL text: call db_done when finished so it can be reused. */
enum rc db_prepare(struct db *db, const char *sql, struct db_stmt **out);
void db_bind_text(struct db_stmt *st, int n, const char *s);
void db_bind_int(struct db_stmt *st, int n, int64_t v);
void db_bind_null(struct db_stmt *st, int n);
/* db_step advances: RC_OK with *row true for a row, false when done. */
enum rc db_step(struct db_stmt *st, bool *row);
/* Column accessors; text is "" for NULL and lives until the next step. */
const char *db_col_text(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
bool db_col_is_null(struct db_stmt *st, int col);
/* db_done resets the statement and clears its bindings. */
void db_done(struct db_stmt *st);

/* db_run prepares, binds nothing, steps once to the end: for simple writes
 * after binding, use db_prepare + binds + db_step_done. */
enum rc db_step_done(struct db_stmt *st);

/* Transactions. db_begin(write=true) takes the write lock at once so two
 * writers never deadlock on a lock upgrade. */
enum rc db_begin(struct db *db, bool write);
enum rc db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_transaction(struct db *db);

/* The last error message of this connection, for logs. */
const char *db_errmsg(struct db *db);

#endif
