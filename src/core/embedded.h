/* Files built into the binary by tools/embed.c: templates, migrations and
 * static assets. The table ends with a zeroed entry. */
#ifndef WR_EMBEDDED_H
#define WR_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;          /* e.g. "templates/layout.html", "static/app.css" */
    const unsigned char *data; /* NUL-terminated for convenience */
    size_t size;
};

extern const struct embedded_file embedded_files[];

/* embedded_find returns the file with exactly this name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
