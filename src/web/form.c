#include "form.h"

#include <stdbool.h>
#include <string.h>

#include "urlcode.h"

#include "banned.h"

enum rc form_parse(struct arena *a, const char *s, size_t len, struct form *out)
{
    out->fields = NULL;
    out->n = 0;
    if (len == 0)
        return RC_OK;
    /* url_decode rejects a NUL too; checking the raw input here keeps that
     * guarantee independent of how it treats a NUL it did not decode. */
    if (memchr(s, '\0', len))
        return RC_INVALID;

    /* Count the non-empty parts first so the array is allocated once and a
     * flood of fields is refused before anything is decoded. */
    int count = 0;
    for (size_t i = 0; i < len;) {
        const char *amp = memchr(s + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - s) : len;
        if (end > i && ++count > FORM_MAX_FIELDS)
            return RC_TOO_BIG;
        i = end + 1;
    }
    if (count == 0)
        return RC_OK;

    struct form_field *fields = arena_alloc(a, (size_t)count * sizeof(*fields));
    int n = 0;
    for (size_t i = 0; i < len;) {
        const char *amp = memchr(s + i, '&', len - i);
        size_t end = amp ? (size_t)(amp - s) : len;
        if (end > i) {
            const char *part = s + i;
            size_t part_len = end - i;
            const char *eq = memchr(part, '=', part_len);
            size_t name_len = eq ? (size_t)(eq - part) : part_len;
            char *name = url_decode(a, part, name_len, true);
            char *value =
                eq ? url_decode(a, eq + 1, part_len - name_len - 1, true) : arena_strdup(a, "");
            if (!name || !value)
                return RC_INVALID;
            fields[n].name = name;
            fields[n].value = value;
            n++;
        }
        i = end + 1;
    }
    out->fields = fields;
    out->n = n;
    return RC_OK;
}

const char *form_next(const struct form *f, const char *name, int *pos)
{
    for (int i = *pos < 0 ? 0 : *pos; i < f->n; i++) {
        if (strcmp(f->fields[i].name, name) == 0) {
            *pos = i + 1;
            return f->fields[i].value;
        }
    }
    *pos = f->n;
    return NULL;
}

const char *form_get(const struct form *f, const char *name)
{
    int pos = 0;
    return form_next(f, name, &pos);
}

int form_count(const struct form *f, const char *name)
{
    int count = 0;
    for (int i = 0; i < f->n; i++)
        count += strcmp(f->fields[i].name, name) == 0;
    return count;
}
