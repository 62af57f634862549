#include "html.h"

#include <string.h>

#include "banned.h"

static const char *html_entity(char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        /* Numeric: &apos; is not HTML 4 and older parsers miss it. */
        return "&#39;";
    default:
        return NULL;
    }
}

enum rc html_escape_n(struct buf *out, const char *s, size_t n)
{
    if (!s || n == 0)
        return buf_append(out, "", 0);
    size_t start_len = out->len;
    enum rc rc = RC_OK;
    size_t run = 0; /* start of the bytes not yet copied */
    for (size_t i = 0; i < n; i++) {
        const char *entity = html_entity(s[i]);
        if (!entity)
            continue;
        /* Copy plain runs in one append instead of byte by byte. */
        rc = buf_append(out, s + run, i - run);
        if (rc)
            goto out;
        rc = buf_puts(out, entity);
        if (rc)
            goto out;
        run = i + 1;
    }
    rc = buf_append(out, s + run, n - run);
out:
    if (rc && out->data) {
        /* Leave no half-escaped text behind. */
        out->len = start_len;
        out->data[start_len] = '\0';
    }
    return rc;
}

enum rc html_escape(struct buf *out, const char *s)
{
    return html_escape_n(out, s, s ? strlen(s) : 0);
}
