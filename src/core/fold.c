#include "fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"

#include "banned.h"

bool utf8_valid(const char *s, size_t len)
{
    if (!s)
        return len == 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c == 0)
                return false;
            i++;
            continue;
        }
        /* The lead byte fixes the length and, for E0, ED, F0 and F4, a
         * narrower range for the second byte: that is what rules out
         * overlongs, surrogates and values past U+10FFFF (RFC 3629 table). */
        size_t n;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return false;
        }
        if (len - i < n)
            return false;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return false;
        for (size_t k = 2; k < n; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                return false;
        i += n;
    }
    return true;
}

/* Decodes one code point from valid UTF-8 and returns its length. */
static size_t utf8_decode(const unsigned char *p, int32_t *cp)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (p[0] < 0xE0) {
        *cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if (p[0] < 0xF0) {
        *cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return 3;
    }
    *cp = ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
}

static bool is_control(int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* Explicit bidi embeddings, overrides and isolates (LRE..RLO, LRI..PDI). */
static bool is_bidi_control(int32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static bool text_check(const char *s, size_t maxchars, bool multiline)
{
    if (!s)
        return false;
    size_t len = strlen(s);
    if (!utf8_valid(s, len))
        return false;
    const unsigned char *p = (const unsigned char *)s;
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += utf8_decode(p + i, &cp);
        if (++chars > maxchars)
            return false;
        if (is_bidi_control(cp))
            return false;
        bool line_break = cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x2028 || cp == 0x2029;
        if (line_break) {
            if (!multiline)
                return false;
        } else if (is_control(cp)) {
            return false;
        }
    }
    return true;
}

bool text_clean(const char *s, size_t maxchars)
{
    return text_check(s, maxchars, false);
}

bool text_clean_multiline(const char *s, size_t maxchars)
{
    return text_check(s, maxchars, true);
}

/* Letters that utf8proc keeps because Unicode gives them no decomposition,
 * but that a Dutch user types without the stroke or as two letters. Keys are
 * the case-folded forms. */
static const struct {
    int32_t cp;
    const char *ascii;
} fold_extra[] = {
    {0x00E6, "ae"}, /* æ */
    {0x00F0, "d"},  /* ð */
    {0x00F8, "o"},  /* ø */
    {0x00FE, "th"}, /* þ */
    {0x0111, "d"},  /* đ */
    {0x0127, "h"},  /* ħ */
    {0x0131, "i"},  /* dotless ı */
    {0x0142, "l"},  /* ł */
    {0x0153, "oe"}, /* œ */
    {0x0167, "t"},  /* ŧ */
};

static const char *fold_extra_lookup(int32_t cp)
{
    for (size_t i = 0; i < sizeof(fold_extra) / sizeof(fold_extra[0]); i++)
        if (fold_extra[i].cp == cp)
            return fold_extra[i].ascii;
    return NULL;
}

static bool is_fold_space(int32_t cp)
{
    if (is_control(cp))
        return true;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP;
}

char *fold_search_key(struct arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    if (!utf8_valid(s, len))
        return NULL;
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                   UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE |
                                   UTF8PROC_LUMP;
    const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
    /* utf8proc_decompose rather than utf8proc_map: we own the buffer, so an
     * allocation failure aborts like everywhere else instead of surfacing. A
     * first pass with no buffer returns the size needed. */
    utf8proc_ssize_t need = utf8proc_decompose(in, (utf8proc_ssize_t)len, NULL, 0, opts);
    if (need < 0)
        return NULL;
    utf8proc_int32_t *cps = xmalloc(((size_t)need + 1) * sizeof(*cps));
    utf8proc_ssize_t n = utf8proc_decompose(in, (utf8proc_ssize_t)len, cps, need, opts);
    if (n < 0 || n > need) {
        free(cps);
        return NULL;
    }
    /* Each code point takes at most 4 bytes, the longest spelled-out
     * replacement 2, a collapsed space 1. */
    char *out = arena_alloc(a, (size_t)n * 4 + 1);
    size_t o = 0;
    bool pending_space = false;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int32_t cp = cps[i];
        if (is_fold_space(cp)) {
            pending_space = o > 0;
            continue;
        }
        if (pending_space) {
            out[o++] = ' ';
            pending_space = false;
        }
        const char *ascii = fold_extra_lookup(cp);
        if (ascii) {
            size_t k = strlen(ascii);
            memcpy(out + o, ascii, k);
            o += k;
        } else {
            o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + o);
        }
    }
    out[o] = '\0';
    free(cps);
    return out;
}
