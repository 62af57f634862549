/* Percent-encoding for query strings and form bodies (RFC 3986, and the
 * application/x-www-form-urlencoded variant where '+' is a space). */
#ifndef WR_URLCODE_H
#define WR_URLCODE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "rc.h"

/* url_decode decodes the len bytes at s (%XX in either case; '+' as a space
 * when plus_is_space, as form bodies and query strings use it) into a
 * NUL-terminated string allocated in the arena. Returns NULL for a malformed
 * escape ("%zz", a '%' with fewer than two hex digits after it), or when the
 * result is not valid UTF-8 or contains a NUL byte (%00), so the result is
 * always safe as a C string and for utf8_valid callers. */
char *url_decode(struct arena *a, const char *s, size_t len, bool plus_is_space);

/* url_encode appends s to out with every byte except the unreserved
 * A-Z a-z 0-9 - _ . ~ written as %XX (upper-case hex; a space is %20).
 * NULL is treated as "". Returns RC_TOO_BIG when out's maximum would be
 * passed, and then leaves out as it was. */
enum rc url_encode(struct buf *out, const char *s);

#endif
