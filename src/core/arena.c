#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "alloc.h"

#define ARENA_CHUNK_SIZE 8192

struct arena_chunk {
    struct arena_chunk *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

struct arena_defer {
    struct arena_defer *next;
    void (*fn)(void *);
    void *ptr;
};

void arena_init(struct arena *a)
{
    a->chunks = NULL;
    a->defers = NULL;
}

void arena_release(struct arena *a)
{
    /* Deferred cleanups live in the chunks, so run them before freeing. */
    for (struct arena_defer *d = a->defers; d; d = d->next)
        d->fn(d->ptr);
    a->defers = NULL;
    struct arena_chunk *c = a->chunks;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->chunks = NULL;
}

void *arena_alloc(struct arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    struct arena_chunk *c = a->chunks;
    if (!c || c->size - c->used < size) {
        size_t chunk = size > ARENA_CHUNK_SIZE / 2 ? size : ARENA_CHUNK_SIZE;
        c = xmalloc(sizeof(*c) + chunk);
        c->used = 0;
        c->size = chunk;
        /* A large one-off block goes behind the current chunk so the
         * remaining space of the current chunk stays usable. */
        if (size > ARENA_CHUNK_SIZE / 2 && a->chunks) {
            c->next = a->chunks->next;
            a->chunks->next = c;
        } else {
            c->next = a->chunks;
            a->chunks = c;
        }
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    n = strnlen(s, n); /* never reads past the end of a shorter s */
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *arena_strtrim(struct arena *a, const char *s)
{
    if (!s)
        return NULL;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(struct arena *a, void *array, size_t elem, int *cap, int count)
{
    if (array && count < *cap)
        return array;
    int bigger = *cap ? *cap * 2 : 8;
    void *copy = arena_alloc(a, elem * (size_t)bigger);
    if (array && count)
        memcpy(copy, array, elem * (size_t)count);
    *cap = bigger;
    return copy;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
    struct arena_defer *d = arena_alloc(a, sizeof(*d));
    d->fn = fn;
    d->ptr = ptr;
    d->next = a->defers;
    a->defers = d;
}
