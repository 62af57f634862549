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
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* arena_defer makes arena_release call fn(ptr): for objects owned elsewhere
 * (a jansson value, a prepared statement) that must die with the request. */
void arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

#endif
