#include "pc4_areas.h"

#include "arena.h"
#include "network.h"
#include "refdata.h"
#include "banned.h"

enum rc pc4_areas_load(struct store *store, const char *data_dir, int *n)
{
    struct arena a;
    arena_init(&a);
    struct refdata_pc4_centroid *rows;
    enum rc rc = refdata_pc4_centroids(&a, data_dir, &rows, n);
    if (!rc) {
        struct network_pc4 *list = arena_alloc(&a, sizeof(*list) * (size_t)(*n + 1));
        for (int i = 0; i < *n; i++)
            list[i] = (struct network_pc4){rows[i].pc4, rows[i].lat_e4, rows[i].lon_e4,
                                           rows[i].municipality};
        struct db *db = store_acquire(store);
        rc = network_pc4_import(db, list, *n);
        store_release(store, db);
    }
    arena_release(&a);
    return rc;
}
