/* Copying a whole store into an empty one (werkroute migrate-store): every
 * table in foreign key order, keeping the ids, inside one transaction on the
 * target, verified per table by row count and checksum before it commits.
 * Direction-neutral: SQLite to PostgreSQL or back. Also the row counts that
 * werkroute backup prints. Reads tables whole, not through the door: these
 * are operator commands on the database, like pg_dump. */
#ifndef WR_TRANSFER_H
#define WR_TRANSFER_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "rc.h"

#define TRANSFER_MAX_TABLES 64
#define TRANSFER_NAME_MAX 64
#define TRANSFER_CHECKSUM_LEN 32

/* One table: rows and checksum in the source and, after a copy, in the
 * target. The checksum is BLAKE2b over the canonical text of every row in
 * primary key order: "col1\x1fcol2\x1f...\x1e", NULL as a NUL byte. */
struct transfer_table {
    char name[TRANSFER_NAME_MAX];
    int64_t rows;
    unsigned char checksum[TRANSFER_CHECKSUM_LEN];
    int64_t target_rows;
    unsigned char target_checksum[TRANSFER_CHECKSUM_LEN];
};

struct transfer_report {
    int ntables;
    struct transfer_table tables[TRANSFER_MAX_TABLES];
};

/* transfer_copy copies every table of src into dst, which must hold the same
 * schema (same migration version: the caller migrates both) and no rows. In
 * one transaction on dst it inserts the rows in batches, resets
 * PostgreSQL's identity sequences past the copied ids, then reads every
 * table back and compares count and checksum with the source; it commits
 * only when all match, else nothing is written. On SQLite the source's write
 * lock is held meanwhile, so nobody writes it during the copy. report gets
 * every table (the target columns once verified). Errors (message on
 * stderr): RC_INVALID when either side has a table the copier does not know
 * (derived search tables *_fts* and *_search*, schema_migrations and
 * SQLite's own excepted) or the sides' columns differ; RC_CONFLICT when dst
 * holds rows; RC_STORE when the verification found a difference; store
 * errors as they come. */
enum rc transfer_copy(struct db *src, struct db *dst, struct transfer_report *report);

/* transfer_table_ok tells whether a copied table's target matches its
 * source. */
bool transfer_table_ok(const struct transfer_table *t);

/* transfer_check_empty returns RC_OK when no table the copier knows has a
 * row in db (tables not created yet count as empty), else RC_CONFLICT with
 * a message naming the first table that has. */
enum rc transfer_check_empty(struct db *db);

/* transfer_count fills report with every data table of db in name order
 * (SQLite's internals, schema_migrations and derived search tables
 * excepted) and its row count; no checksums. */
enum rc transfer_count(struct db *db, struct transfer_report *report);

/* transfer_checksum counts and hashes one table of db as transfer_copy does
 * (table must be one it knows). RC_INVALID for a table that is not there. */
enum rc transfer_checksum(struct db *db, const char *table, int64_t *rows,
                          unsigned char checksum[TRANSFER_CHECKSUM_LEN]);

#endif
