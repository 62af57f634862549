/* application/x-www-form-urlencoded: POSTed form bodies and query strings,
 * decoded into name/value pairs in an arena. */
#ifndef WR_FORM_H
#define WR_FORM_H

#include <stddef.h>

#include "arena.h"
#include "rc.h"

/* More fields than this is not a form a page of ours sends. */
#define FORM_MAX_FIELDS 200

struct form_field {
    const char *name, *value;
};

struct form {
    struct form_field *fields; /* in the order sent; NULL when n is 0 */
    int n;
};

/* form_parse splits s (len bytes, need not be NUL-terminated) on '&', splits
 * each part at its first '=' and %-decodes both sides with '+' as space. A
 * part without '=' is a name with value ""; empty parts ("a=1&&b=2", a
 * trailing '&') are skipped. Names and values are NUL-terminated copies in a.
 * Returns RC_INVALID on a malformed %-escape, invalid UTF-8 or a NUL (raw or
 * %00) in any name or value, RC_TOO_BIG on more than FORM_MAX_FIELDS fields;
 * on error *out is empty ({NULL, 0}). */
enum rc form_parse(struct arena *a, const char *s, size_t len, struct form *out);

/* form_get returns the first value for name, or NULL when absent. The string
 * is owned by the arena form_parse used. */
const char *form_get(const struct form *f, const char *name);

/* form_next iterates over all values for name in order: start with *pos = 0
 * and call until it returns NULL.
 *     int pos = 0;
 *     for (const char *v; (v = form_next(f, "skill", &pos));) ...
 */
const char *form_next(const struct form *f, const char *name, int *pos);

/* form_count returns how many fields are called name. */
int form_count(const struct form *f, const char *name);

#endif
