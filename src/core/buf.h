/* A growable byte buffer with a hard maximum set at init: past it the append
 * fails with RC_TOO_BIG and the buffer keeps what it had (curl's dynbuf). The
 * contents are always NUL-terminated. */
#ifndef WR_BUF_H
#define WR_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "rc.h"

struct buf {
    char *data;
    size_t len, cap, max;
};

void buf_init(struct buf *b, size_t max);
/* buf_release frees the contents; the struct can be buf_init'ed again. */
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
enum rc buf_append(struct buf *b, const void *data, size_t len);
enum rc buf_puts(struct buf *b, const char *s);
enum rc buf_putc(struct buf *b, char c);
enum rc buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* buf_detach hands the malloc'ed contents to the caller and empties b. */
char *buf_detach(struct buf *b, size_t *len);

#endif
