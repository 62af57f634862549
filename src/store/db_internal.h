/* Private to the db layer: the operations every backend implements. A
 * backend's connection and statement structs start with struct db and
 * struct db_stmt, so db.c can dispatch on db->ops. */
#ifndef WR_DB_INTERNAL_H
#define WR_DB_INTERNAL_H

#include "db.h"

#define DB_MAX_PARAMS 256 /* the audit writer inserts 16 rows of 11 at once */

struct db_ops {
    enum db_kind kind;
    void (*close)(struct db *db);
    enum rc (*exec)(struct db *db, const char *sql);
    enum rc (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
    enum rc (*prepare_uncached)(struct db *db, const char *sql, struct db_stmt **out);
    void (*finalize)(struct db_stmt *st);
    void (*bind_text)(struct db_stmt *st, int n, const char *s);
    void (*bind_int)(struct db_stmt *st, int n, int64_t v);
    void (*bind_null)(struct db_stmt *st, int n);
    enum rc (*step)(struct db_stmt *st, bool *row);
    const char *(*col_text)(struct db_stmt *st, int col);
    int64_t (*col_int)(struct db_stmt *st, int col);
    bool (*col_is_null)(struct db_stmt *st, int col);
    void (*done)(struct db_stmt *st);
    enum rc (*begin)(struct db *db, bool write);
    enum rc (*commit)(struct db *db);
    void (*rollback)(struct db *db);
    bool (*in_transaction)(struct db *db);
    const char *(*errmsg)(struct db *db);
    bool (*broken)(struct db *db);
    enum rc (*reconnect)(struct db *db);
    enum rc (*backup)(struct db *db, const char *path);
};

struct db {
    const struct db_ops *ops;
};

struct db_stmt {
    struct db *db;
};

enum rc db_sqlite_open(const char *path, bool create, struct db **out);
enum rc db_pg_open(const char *url, bool create, struct db **out);

/* db_stmt_bug reports a programming error (an unknown $n) and aborts. */
void db_stmt_bug(const char *sql, int n) __attribute__((noreturn));

#endif
