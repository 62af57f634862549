/* The store: a pool of database connections, the schema migrations, and the
 * group-commit audit writer. Personal data is reached only through door.h;
 * directory.h and sessions.h hold the region's organisations, users and
 * sessions. See docs/internals/store.md. */
#ifndef WR_STORE_H
#define WR_STORE_H

#include <stdbool.h>

#include "db.h"
#include "rc.h"

struct store;
struct audit_writer;

/* store_open opens pool_size connections to url plus one for the audit
 * writer. create=true creates a missing SQLite file (init, demo). */
enum rc store_open(const char *url, unsigned pool_size, bool create, struct store **out);
/* store_close waits for the audit writer to commit what it holds. */
void store_close(struct store *s);

/* store_migrate applies the pending migrations in order, each in its own
 * transaction. *applied gets how many ran (may be NULL). */
enum rc store_migrate(struct store *s, int *applied);
/* store_schema_version is the highest applied migration, 0 for none. */
enum rc store_schema_version(struct store *s, int *version);
/* store_latest_version is the highest migration this binary knows. */
int store_latest_version(void);

/* store_acquire lends a connection (waits until one is free); give it back
 * with store_release. A connection is used by one thread at a time. */
struct db *store_acquire(struct store *s);
void store_release(struct store *s, struct db *db);

/* store_has_residents tells whether any resident exists (reads no personal
 * data: used to refuse filling a demo region into a live database). */
enum rc store_has_residents(struct db *db, bool *exist);

struct audit_writer *store_audit(struct store *s);
const char *store_url(const struct store *s);

/* The matching state of this store (door_match.c), made on first use and
 * freed with the store. */
struct matching;
struct matching *store_matching(struct store *s);
struct matching *matching_new(void);
void matching_free(struct matching *m);

#endif
