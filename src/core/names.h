/* Tables of names indexed by an enum: the name of a value and the value of a
 * name. Each module keeps its own static table and its typed public functions
 * (role_name, role_parse, ...); this is the lookup they share. Pure logic. */
#ifndef WR_NAMES_H
#define WR_NAMES_H

#include <stdbool.h>

/* names_at returns names[i] when 0 <= i < count, else NULL (a negative value
 * cast into an enum is out of range too). */
const char *names_at(const char *const *names, int count, int i);

/* names_index returns the index of the entry of names equal to name (exact,
 * case-sensitive), or -1 when there is none or name is NULL. */
int names_index(const char *const *names, int count, const char *name);

/* NAMES_FUNCTIONS defines the pair of typed functions of one enum:
 *   const char *name_fn(enum type v)  names[v], or missing outside the enum;
 *   bool parse_fn(const char *name, enum type *out)
 *                                     sets *out from an exact name, false
 *                                     (leaving *out alone) for an unknown name
 *                                     or NULL.
 * names must be an array with one entry per value of the enum (checked at
 * compile time against count). */
#define NAMES_FUNCTIONS(type, name_fn, parse_fn, names, count, missing)                            \
    _Static_assert(sizeof(names) / sizeof((names)[0]) == (count), "one name per " #type);          \
    const char *name_fn(enum type v)                                                               \
    {                                                                                              \
        const char *n = names_at(names, count, (int)v);                                            \
        return n ? n : (missing);                                                                  \
    }                                                                                              \
    bool parse_fn(const char *name, enum type *out)                                                \
    {                                                                                              \
        int i = names_index(names, count, name);                                                   \
        if (i < 0)                                                                                 \
            return false;                                                                          \
        *out = (enum type)i;                                                                       \
        return true;                                                                               \
    }

#endif
