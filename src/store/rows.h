/* Reading rows of a statement into the request's arena: the one row of a
 * lookup by key, or all rows into a growing array. Each table keeps its own
 * row reader (a static function that copies the columns of the current row
 * into its struct); these are the loops they share. */
#ifndef WR_ROWS_H
#define WR_ROWS_H

#include <stddef.h>

#include "arena.h"
#include "db.h"

/* A row reader copies the current row of st into the struct at row (its
 * strings allocated in a). */
typedef void rows_reader(struct db_stmt *st, struct arena *a, void *row);

/* rows_one steps the prepared and bound st once and reads that row into out.
 * RC_NOT_FOUND when there is no row, else the error of db_step. Always ends
 * with db_done(st). */
enum rc rows_one(struct db_stmt *st, struct arena *a, rows_reader *read, void *out);

/* An array of rows in the arena: n elements from list (NULL when none). */
struct rows {
    void *list;
    int n;
};

/* rows_all reads the rows of the prepared and bound st, at most limit of them
 * when limit > 0, into an arena array of elements of size bytes. out holds
 * the rows read even when a step fails (its error is returned). Always ends
 * with db_done(st). */
enum rc rows_all(struct db_stmt *st, struct arena *a, size_t size, int limit, rows_reader *read,
                 struct rows *out);

#endif
