#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

void strmap_init(struct strmap *m)
{
    memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof(*m));
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* slot finds key's slot, or the empty one where it belongs; cap is a power
 * of two and the table is never full. */
static size_t slot(const struct strmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

bool strmap_get(const struct strmap *m, const char *key, int64_t *value)
{
    if (!m->cap)
        return false;
    size_t i = slot(m, key);
    if (!m->keys[i])
        return false;
    if (value)
        *value = m->values[i];
    return true;
}

/* grow doubles the table when it is over half full: probes stay short. */
static void grow(struct strmap *m)
{
    struct strmap bigger = {.cap = m->cap ? m->cap * 2 : 64};
    bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
    bigger.values = xcalloc(bigger.cap, sizeof(*bigger.values));
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i]) {
            size_t j = slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.values[j] = m->values[i];
        }
    }
    bigger.count = m->count;
    strmap_release(m);
    *m = bigger;
}

bool strmap_put(struct strmap *m, const char *key, int64_t value)
{
    if ((m->count + 1) * 2 > m->cap)
        grow(m);
    size_t i = slot(m, key);
    bool added = !m->keys[i];
    if (added) {
        m->keys[i] = key;
        m->count++;
    }
    m->values[i] = value;
    return added;
}
