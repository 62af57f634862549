/* A region allocator: everything a request allocates lives in its arena and
 * is freed at once by arena_release. Allocation never fails (aborts on OOM). */
#ifndef WR_ARENA_H
#define WR_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena_defer;

struct arena {
    struct arena_chunk *chunks;
    struct arena_defer *defers;
};

void arena_init(struct arena *a);
/* arena_release runs the deferred cleanups (last first) and frees all memory. */
void arena_release(struct arena *a);

/* Returns zeroed memory aligned for any type, owned by the arena. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
/* arena_strndup copies at most n bytes of s, stopping at its end. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* arena_strtrim copies s without surrounding ASCII white space (NULL for
 * NULL). */
const char *arena_strtrim(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* arena_grow makes room for one more element in an arena array of *cap
 * elements of size elem holding count: it returns array itself when there is
 * room, else a copy with twice the capacity (the old one stays in the arena
 * until release). Start with array NULL and *cap 0. */
void *arena_grow(struct arena *a, void *array, size_t elem, int *cap, int count);
/* arena_defer makes arena_release call fn(ptr): for objects owned elsewhere
 * (a jansson value, a prepared statement) that must die with the request. */
void arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

#endif
