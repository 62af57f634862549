#include "urlcode.h"

#include <string.h>

#include "fold.h"

#include "banned.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *url_decode(struct arena *a, const char *s, size_t len, bool plus_is_space)
{
    if (!s && len)
        return NULL;
    /* Decoding never lengthens the text. */
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            if (len - i < 3)
                return NULL;
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return NULL;
            out[o++] = (char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out[o++] = ' ';
        } else {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    /* Checked after decoding: %C3%A9 is fine, %C3 alone or %00 is not. */
    if (!utf8_valid(out, o))
        return NULL;
    return out;
}

static bool is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

enum rc url_encode(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return buf_append(out, "", 0);
    size_t start_len = out->len;
    enum rc rc = RC_OK;
    const unsigned char *p = (const unsigned char *)s;
    size_t run = 0;
    size_t i;
    for (i = 0; p[i]; i++) {
        if (is_unreserved(p[i]))
            continue;
        rc = buf_append(out, s + run, i - run);
        if (rc)
            goto out;
        char esc[3] = {'%', hex[p[i] >> 4], hex[p[i] & 0x0F]};
        rc = buf_append(out, esc, sizeof(esc));
        if (rc)
            goto out;
        run = i + 1;
    }
    rc = buf_append(out, s + run, i - run);
out:
    if (rc && out->data) {
        /* Leave no half-encoded text behind. */
        out->len = start_len;
        out->data[start_len] = '\0';
    }
    return rc;
}
