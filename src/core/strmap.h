/* A hash map from strings to 64-bit values, for lookups by a key such as a
 * URI while reading or writing reference data. The map borrows its keys:
 * they must outlive it (an arena's strings, typically). */
#ifndef WR_STRMAP_H
#define WR_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap {
    const char **keys; /* NULL for an empty slot */
    int64_t *values;
    size_t cap, count;
};

void strmap_init(struct strmap *m);
/* strmap_release frees the table (not the keys). */
void strmap_release(struct strmap *m);
/* strmap_get sets *value (may be NULL) and returns true when key is there. */
bool strmap_get(const struct strmap *m, const char *key, int64_t *value);
/* strmap_put sets key to value; true when the key is new, false when an
 * existing value was replaced. */
bool strmap_put(struct strmap *m, const char *key, int64_t value);

#endif
