/* Allocation wrappers that never return NULL: on out-of-memory they print a
 * message and abort, so callers need no NULL checks (git's xmalloc). */
#ifndef WR_ALLOC_H
#define WR_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xstrdup returns a malloc'ed copy the caller frees. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
