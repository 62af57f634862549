/* A hash map from 64-bit ids to 32-bit slots, with removal: how the
 * matching index finds a resident's or workplace's slot by its database id. */
#ifndef WR_IDMAP_H
#define WR_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idmap {
    int64_t *keys; /* IDMAP_EMPTY for a free cell */
    uint32_t *values;
    size_t cap, count;
};

void idmap_init(struct idmap *m);
void idmap_release(struct idmap *m);
/* idmap_get sets *value (may be NULL) and returns true when id is there. */
bool idmap_get(const struct idmap *m, int64_t id, uint32_t *value);
/* idmap_put sets id to value; id must not be INT64_MIN (the empty mark). */
void idmap_put(struct idmap *m, int64_t id, uint32_t value);
/* idmap_remove returns true when id was there. */
bool idmap_remove(struct idmap *m, int64_t id);

#endif
