#include "idmap.h"

#include <stdlib.h>

#include "alloc.h"
#include "banned.h"

#define IDMAP_EMPTY INT64_MIN

static size_t hash_id(int64_t id, size_t cap)
{
    /* Ids are dense and sequential: mix them so neighbours spread out. */
    uint64_t x = (uint64_t)id * 0x9E3779B97F4A7C15u;
    return (size_t)(x >> 17) & (cap - 1);
}

void idmap_init(struct idmap *m)
{
    m->keys = NULL;
    m->values = NULL;
    m->cap = m->count = 0;
}

void idmap_release(struct idmap *m)
{
    free(m->keys);
    free(m->values);
    idmap_init(m);
}

static size_t find(const struct idmap *m, int64_t id)
{
    size_t i = hash_id(id, m->cap);
    while (m->keys[i] != IDMAP_EMPTY && m->keys[i] != id)
        i = (i + 1) & (m->cap - 1);
    return i;
}

bool idmap_get(const struct idmap *m, int64_t id, uint32_t *value)
{
    if (m->count == 0 || id == IDMAP_EMPTY)
        return false;
    size_t i = find(m, id);
    if (m->keys[i] != id)
        return false;
    if (value)
        *value = m->values[i];
    return true;
}

static void grow(struct idmap *m)
{
    struct idmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = xmalloc(m->cap * sizeof(*m->keys));
    m->values = xmalloc(m->cap * sizeof(*m->values));
    for (size_t i = 0; i < m->cap; i++)
        m->keys[i] = IDMAP_EMPTY;
    m->count = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i] != IDMAP_EMPTY)
            idmap_put(m, old.keys[i], old.values[i]);
    free(old.keys);
    free(old.values);
}

void idmap_put(struct idmap *m, int64_t id, uint32_t value)
{
    if ((m->count + 1) * 4 > m->cap * 3)
        grow(m);
    size_t i = find(m, id);
    if (m->keys[i] != id) {
        m->keys[i] = id;
        m->count++;
    }
    m->values[i] = value;
}

bool idmap_remove(struct idmap *m, int64_t id)
{
    if (m->count == 0 || id == IDMAP_EMPTY)
        return false;
    size_t i = find(m, id);
    if (m->keys[i] != id)
        return false;
    /* Backward-shift deletion keeps every probe chain unbroken without
     * tombstones: move later entries of the chain into the hole. */
    size_t hole = i;
    for (size_t j = (i + 1) & (m->cap - 1); m->keys[j] != IDMAP_EMPTY; j = (j + 1) & (m->cap - 1)) {
        size_t home = hash_id(m->keys[j], m->cap);
        /* j may move into hole unless its home lies cyclically in (hole, j]. */
        bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (!stays) {
            m->keys[hole] = m->keys[j];
            m->values[hole] = m->values[j];
            hole = j;
        }
    }
    m->keys[hole] = IDMAP_EMPTY;
    m->count--;
    return true;
}
