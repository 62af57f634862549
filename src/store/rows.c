#include "rows.h"

#include "banned.h"

enum rc rows_one(struct db_stmt *st, struct arena *a, rows_reader *read, void *out)
{
    bool row;
    enum rc rc = db_step(st, &row);
    if (!rc && !row)
        rc = RC_NOT_FOUND;
    if (!rc)
        read(st, a, out);
    db_done(st);
    return rc;
}

enum rc rows_all(struct db_stmt *st, struct arena *a, size_t size, int limit, rows_reader *read,
                 struct rows *out)
{
    int cap = 0, count = 0;
    char *list = NULL;
    bool row;
    enum rc rc;
    while (!(rc = db_step(st, &row)) && row && (limit <= 0 || count < limit)) {
        list = arena_grow(a, list, size, &cap, count);
        read(st, a, list + (size_t)count++ * size);
    }
    db_done(st);
    out->list = list;
    out->n = count;
    return rc;
}
