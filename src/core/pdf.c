/* The PDF writer. The file it writes is PDF 1.4 and as plain as the format
 * allows (ISO 32000-1 section 7):
 *
 *   %PDF-1.4                      header, then a comment with bytes >= 0x80
 *                                 so tools treat the file as binary
 *   1 0 obj  Catalog  -> 2 0 R
 *   2 0 obj  Pages    /Kids [6 0 R 8 0 R ...] /Count M
 *   3 0 obj  Font F1  Helvetica, WinAnsiEncoding
 *   4 0 obj  Font F2  Helvetica-Bold, WinAnsiEncoding
 *   5 0 obj  Info     /Title /Producer /CreationDate
 *   6+2i     Page i   -> its content stream 7+2i
 *   7+2i     content stream of page i (body, then footer)
 *   xref                          one 20-byte line per object: its byte offset
 *   trailer, startxref <offset of "xref">, %%EOF
 *
 * Helvetica and Helvetica-Bold are two of the 14 standard fonts every viewer
 * has, so nothing is embedded; their widths are still needed to wrap lines,
 * hence the tables below. While the document is built, the body of every page
 * goes into one buffer; pdf_finish knows the page count and adds the footers. */
#include "pdf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "date.h"

#include "banned.h"

/* The lowest a line of the body may reach, and where the footer sits. */
#define BOTTOM 70.87 /* 25 mm */
#define FOOTER_BASELINE 36.0
#define COLUMN_GUTTER 8.0
#define BULLET_INDENT 14.0
#define ROW_GAP 3.0
/* A heading wants this much room under it, or it moves to the next page. */
#define KEEP_WITH_HEADING 28.0

/* Advance widths in 1/1000 em of the WinAnsi codes 0x20..0xFF, from Adobe's
 * AFM files for the standard fonts (the same metrics every viewer uses for
 * them). Codes WinAnsi leaves undefined (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D)
 * are 0: the encoder never produces them. */
/* clang-format off: one row per 8 codes */
static const unsigned short helvetica_widths[224] = {
    /* 0x20 */ 278,  278,  355, 556, 556,  889,  667,  191,
    /* 0x28 */ 333,  333,  389, 584, 278,  333,  278,  278,
    /* 0x30 */ 556,  556,  556, 556, 556,  556,  556,  556,
    /* 0x38 */ 556,  556,  278, 278, 584,  584,  584,  556,
    /* 0x40 */ 1015, 667,  667, 722, 722,  667,  611,  778,
    /* 0x48 */ 722,  278,  500, 667, 556,  833,  722,  778,
    /* 0x50 */ 667,  778,  722, 667, 611,  722,  667,  944,
    /* 0x58 */ 667,  667,  611, 278, 278,  278,  469,  556,
    /* 0x60 */ 333,  556,  556, 500, 556,  556,  278,  556,
    /* 0x68 */ 556,  222,  222, 500, 222,  833,  556,  556,
    /* 0x70 */ 556,  556,  333, 500, 278,  556,  500,  722,
    /* 0x78 */ 500,  500,  500, 334, 260,  334,  584,  0,
    /* 0x80 */ 556,  0,    222, 556, 333,  1000, 556,  556,
    /* 0x88 */ 333,  1000, 667, 333, 1000, 0,    611,  0,
    /* 0x90 */ 0,    222,  222, 333, 333,  350,  556,  1000,
    /* 0x98 */ 333,  1000, 500, 333, 944,  0,    500,  667,
    /* 0xA0 */ 278,  333,  556, 556, 556,  556,  260,  556,
    /* 0xA8 */ 333,  737,  370, 556, 584,  333,  737,  333,
    /* 0xB0 */ 400,  584,  333, 333, 333,  556,  537,  278,
    /* 0xB8 */ 333,  333,  365, 556, 834,  834,  834,  611,
    /* 0xC0 */ 667,  667,  667, 667, 667,  667,  1000, 722,
    /* 0xC8 */ 667,  667,  667, 667, 278,  278,  278,  278,
    /* 0xD0 */ 722,  722,  778, 778, 778,  778,  778,  584,
    /* 0xD8 */ 778,  722,  722, 722, 722,  667,  667,  611,
    /* 0xE0 */ 556,  556,  556, 556, 556,  556,  889,  500,
    /* 0xE8 */ 556,  556,  556, 556, 278,  278,  278,  278,
    /* 0xF0 */ 556,  556,  556, 556, 556,  556,  556,  584,
    /* 0xF8 */ 611,  556,  556, 556, 556,  500,  556,  500,
};

static const unsigned short helvetica_bold_widths[224] = {
    /* 0x20 */ 278, 333,  474, 556, 556,  889,  722,  238,
    /* 0x28 */ 333, 333,  389, 584, 278,  333,  278,  278,
    /* 0x30 */ 556, 556,  556, 556, 556,  556,  556,  556,
    /* 0x38 */ 556, 556,  333, 333, 584,  584,  584,  611,
    /* 0x40 */ 975, 722,  722, 722, 722,  667,  611,  778,
    /* 0x48 */ 722, 278,  556, 722, 611,  833,  722,  778,
    /* 0x50 */ 667, 778,  722, 667, 611,  722,  667,  944,
    /* 0x58 */ 667, 667,  611, 333, 278,  333,  584,  556,
    /* 0x60 */ 333, 556,  611, 556, 611,  556,  333,  611,
    /* 0x68 */ 611, 278,  278, 556, 278,  889,  611,  611,
    /* 0x70 */ 611, 611,  389, 556, 333,  611,  556,  778,
    /* 0x78 */ 556, 556,  500, 389, 280,  389,  584,  0,
    /* 0x80 */ 556, 0,    278, 556, 500,  1000, 556,  556,
    /* 0x88 */ 333, 1000, 667, 333, 1000, 0,    611,  0,
    /* 0x90 */ 0,   278,  278, 500, 500,  350,  556,  1000,
    /* 0x98 */ 333, 1000, 556, 333, 944,  0,    500,  667,
    /* 0xA0 */ 278, 333,  556, 556, 556,  556,  280,  556,
    /* 0xA8 */ 333, 737,  370, 556, 584,  333,  737,  333,
    /* 0xB0 */ 400, 584,  333, 333, 333,  611,  556,  278,
    /* 0xB8 */ 333, 333,  365, 556, 834,  834,  834,  611,
    /* 0xC0 */ 722, 722,  722, 722, 722,  722,  1000, 722,
    /* 0xC8 */ 667, 667,  667, 667, 278,  278,  278,  278,
    /* 0xD0 */ 722, 722,  778, 778, 778,  778,  778,  584,
    /* 0xD8 */ 778, 722,  722, 722, 722,  667,  667,  611,
    /* 0xE0 */ 556, 556,  556, 556, 556,  556,  889,  556,
    /* 0xE8 */ 556, 556,  556, 556, 278,  278,  278,  278,
    /* 0xF0 */ 611, 611,  611, 611, 611,  611,  611,  584,
    /* 0xF8 */ 611, 611,  611, 611, 611,  556,  611,  556,
};
/* clang-format on */

struct style_spec {
    bool bold;
    double size, leading; /* font size and line height, in points */
    double before, after; /* space above (not at a page top) and below */
    double gray;          /* 0 black .. 1 white */
};

static const struct style_spec style_specs[] = {
    [PDF_TITLE] = {true, 18, 23, 0, 8, 0},   [PDF_HEADING] = {true, 13, 17, 10, 3, 0},
    [PDF_BODY] = {false, 10, 14, 0, 5, 0},   [PDF_BOLD] = {true, 10, 14, 0, 5, 0},
    [PDF_SMALL] = {false, 8, 11, 0, 4, 0.4},
};

static const struct style_spec *style_spec_of(enum pdf_style style)
{
    if ((int)style < 0 || (size_t)style >= sizeof(style_specs) / sizeof(style_specs[0]))
        return NULL;
    return &style_specs[style];
}

static unsigned glyph_width(const struct style_spec *st, unsigned char c)
{
    if (c < 0x20)
        return 0;
    return st->bold ? helvetica_bold_widths[c - 0x20] : helvetica_widths[c - 0x20];
}

/* ---- UTF-8 to WinAnsi ---- */

/* Decodes the UTF-8 sequence at s (len > 0 bytes available) into *cp and
 * returns its length, or returns 0 when s does not start a valid sequence:
 * a stray continuation byte, an overlong form, a surrogate, a value past
 * U+10FFFF or a sequence cut short. The second byte's range per lead byte
 * is what rules those out (RFC 3629, section 4). */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
        v = (v << 6) | (s[k] & 0x3F);
    }
    *cp = v;
    return n;
}

/* The characters cp1252 has in 0x80..0x9F, where Latin-1 has controls, plus
 * a few look-alikes that are better shown as their plain form than as '?'. */
static const struct {
    uint16_t cp;
    unsigned char byte;
} winansi_extras[] = {
    {0x20AC, 0x80}, /* € */
    {0x201A, 0x82}, /* ‚ */
    {0x0192, 0x83}, /* ƒ */
    {0x201E, 0x84}, /* „ */
    {0x2026, 0x85}, /* … */
    {0x2020, 0x86}, /* † */
    {0x2021, 0x87}, /* ‡ */
    {0x02C6, 0x88}, /* ˆ */
    {0x2030, 0x89}, /* ‰ */
    {0x0160, 0x8A}, /* Š */
    {0x2039, 0x8B}, /* ‹ */
    {0x0152, 0x8C}, /* Œ */
    {0x017D, 0x8E}, /* Ž */
    {0x2018, 0x91}, /* ‘ */
    {0x2019, 0x92}, /* ’ */
    {0x201C, 0x93}, /* “ */
    {0x201D, 0x94}, /* ” */
    {0x2022, 0x95}, /* • */
    {0x2013, 0x96}, /* – */
    {0x2014, 0x97}, /* — */
    {0x02DC, 0x98}, /* ˜ */
    {0x2122, 0x99}, /* ™ */
    {0x0161, 0x9A}, /* š */
    {0x203A, 0x9B}, /* › */
    {0x0153, 0x9C}, /* œ */
    {0x017E, 0x9E}, /* ž */
    {0x0178, 0x9F}, /* Ÿ */
    /* Look-alikes: hyphens and minus, spaces, the non-breaking ones as 0xA0. */
    {0x2010, '-'},  /* hyphen */
    {0x2011, '-'},  /* non-breaking hyphen */
    {0x2212, '-'},  /* minus */
    {0x2002, ' '},  /* en space */
    {0x2003, ' '},  /* em space */
    {0x2009, ' '},  /* thin space */
    {0x200A, ' '},  /* hair space */
    {0x2007, 0xA0}, /* figure space */
    {0x202F, 0xA0}, /* narrow no-break space */
};

/* Code points that take no room: soft hyphen, zero-width space and joiners,
 * word joiner, byte order mark. They are dropped rather than shown as '?'. */
static bool is_invisible(uint32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

/* A letter followed by a combining accent (decomposed text, as some systems
 * send it) becomes the precomposed letter when cp1252 has one. */
static const struct {
    uint16_t mark;
    const char *base;
    const char *composed; /* cp1252 bytes, one per letter of base */
} compositions[] = {
    {0x0300, "AEIOUaeiou", "\xC0\xC8\xCC\xD2\xD9\xE0\xE8\xEC\xF2\xF9"},
    {0x0301, "AEIOUYaeiouy", "\xC1\xC9\xCD\xD3\xDA\xDD\xE1\xE9\xED\xF3\xFA\xFD"},
    {0x0302, "AEIOUaeiou", "\xC2\xCA\xCE\xD4\xDB\xE2\xEA\xEE\xF4\xFB"},
    {0x0303, "ANOano", "\xC3\xD1\xD5\xE3\xF1\xF5"},
    {0x0308, "AEIOUYaeiouy", "\xC4\xCB\xCF\xD6\xDC\x9F\xE4\xEB\xEF\xF6\xFC\xFF"},
    {0x030A, "Aa", "\xC5\xE5"},
    {0x030C, "SZsz", "\x8A\x8E\x9A\x9E"},
    {0x0327, "Cc", "\xC7\xE7"},
};

/* Returns the composed byte of base + mark, or 0 if cp1252 has none. */
static unsigned char compose(unsigned char base, uint32_t mark)
{
    for (size_t i = 0; i < sizeof(compositions) / sizeof(compositions[0]); i++) {
        if (compositions[i].mark != mark)
            continue;
        const char *hit = base ? strchr(compositions[i].base, base) : NULL;
        if (hit)
            return (unsigned char)compositions[i].composed[hit - compositions[i].base];
        return 0;
    }
    return 0;
}

/* Converts len bytes of UTF-8 at in to WinAnsi bytes at out and returns how
 * many it wrote. out needs len bytes: no character is longer in WinAnsi than
 * in UTF-8 (Ĳ is two bytes in both, a bad byte becomes one '?'). '\n' is
 * kept as a line break; the only control byte in the result. */
static size_t winansi_encode(const char *in, size_t len, unsigned char *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, n = 0;
    while (i < len) {
        uint32_t cp;
        size_t step = utf8_next(s + i, len - i, &cp);
        if (step == 0) {
            out[n++] = '?';
            i++;
            continue;
        }
        i += step;
        if (cp == '\r' || is_invisible(cp)) {
            /* dropped */
        } else if (cp == '\n' || (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF)) {
            out[n++] = (unsigned char)cp;
        } else if (cp == '\t') {
            out[n++] = ' ';
        } else if (cp == 0x0132 || cp == 0x0133) {
            /* The Dutch IJ ligature is not in cp1252; its two letters are. */
            out[n++] = cp == 0x0132 ? 'I' : 'i';
            out[n++] = cp == 0x0132 ? 'J' : 'j';
        } else if (cp >= 0x0300 && cp <= 0x036F) {
            unsigned char c = n ? compose(out[n - 1], cp) : 0;
            if (c)
                out[n - 1] = c;
            else
                out[n++] = '?';
        } else {
            unsigned char c = '?';
            for (size_t k = 0; k < sizeof(winansi_extras) / sizeof(winansi_extras[0]); k++)
                if (winansi_extras[k].cp == cp)
                    c = winansi_extras[k].byte;
            out[n++] = c;
        }
    }
    return n;
}

/* ---- Line breaking ---- */

static size_t trim_spaces(const unsigned char *s, size_t end)
{
    while (end > 0 && s[end - 1] == ' ')
        end--;
    return end;
}

/* Finds the first line of the len > 0 bytes at s that fits in limit (1/1000
 * em): returns its length without trailing spaces and sets *next to where the
 * following line starts. It breaks at the last space, or after a hyphen
 * inside a word, that keeps the line within limit; a word longer than a line
 * is broken between letters. Every line takes at least one byte, so a caller
 * looping over the text always advances, even with a letter wider than limit. */
static size_t fit_line(const struct style_spec *st, const unsigned char *s, size_t len, long limit,
                       size_t *next)
{
    long width = 0;
    size_t brk = 0; /* the end of the line if it has to break here; 0: no break yet */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == '\n') {
            *next = i + 1;
            return trim_spaces(s, i);
        }
        if (c == ' ') {
            /* Spaces never overflow a line: trailing ones are not drawn. */
            if (i > 0 && s[i - 1] != ' ')
                brk = i;
            width += glyph_width(st, c);
            continue;
        }
        long w = glyph_width(st, c);
        if (width + w > limit) {
            size_t end = brk ? brk : (i ? i : 1);
            size_t start = end;
            while (start < len && s[start] == ' ')
                start++;
            *next = start;
            return trim_spaces(s, end);
        }
        width += w;
        if (c == '-' && i > 0 && s[i - 1] != ' ' && s[i - 1] != '-')
            brk = i + 1;
    }
    *next = len;
    return trim_spaces(s, len);
}

static long limit_units(const struct style_spec *st, double width)
{
    /* Rounded down, so a line that fits in units fits in points too. */
    return (long)floor(width * 1000.0 / st->size);
}

static double width_points(const struct style_spec *st, const unsigned char *s, size_t len)
{
    unsigned long units = 0;
    for (size_t i = 0; i < len; i++)
        units += glyph_width(st, s[i]);
    return (double)units * st->size / 1000.0;
}

/* ---- Content stream output ---- */

/* A number as PDF content wants it: at most two decimals, no exponent, and a
 * '.' whatever the locale (printf's %f writes a decimal comma under a Dutch
 * LC_NUMERIC). */
struct num {
    char s[32];
};

static struct num num(double v)
{
    struct num n;
    long h = lround(v * 100);
    const char *sign = h < 0 ? "-" : "";
    if (h < 0)
        h = -h;
    if (h % 100 == 0)
        snprintf(n.s, sizeof(n.s), "%s%ld", sign, h / 100);
    else if (h % 10 == 0)
        snprintf(n.s, sizeof(n.s), "%s%ld.%ld", sign, h / 100, (h % 100) / 10);
    else
        snprintf(n.s, sizeof(n.s), "%s%ld.%02ld", sign, h / 100, h % 100);
    return n;
}

/* Appends s as a PDF literal string: ( ) and \ are escaped with '\'; other
 * bytes, 0x80..0xFF included, stand for themselves. */
static enum rc put_string(struct buf *b, const unsigned char *s, size_t len)
{
    enum rc rc = buf_putc(b, '(');
    size_t run = 0;
    for (size_t i = 0; !rc && i < len; i++) {
        if (s[i] != '(' && s[i] != ')' && s[i] != '\\')
            continue;
        rc = buf_append(b, s + run, i - run);
        if (!rc)
            rc = buf_putc(b, '\\');
        run = i;
    }
    if (!rc)
        rc = buf_append(b, s + run, len - run);
    if (!rc)
        rc = buf_putc(b, ')');
    return rc;
}

/* Appends one line of text: its own text object, so no state leaks from one
 * line to the next. Font F1 is Helvetica, F2 Helvetica-Bold. */
static enum rc put_text(struct buf *b, const struct style_spec *st, double x, double baseline,
                        const unsigned char *s, size_t len)
{
    enum rc rc = buf_printf(b, "BT /F%d %s Tf %s g %s %s Td ", st->bold ? 2 : 1, num(st->size).s,
                            num(st->gray).s, num(x).s, num(baseline).s);
    if (!rc)
        rc = put_string(b, s, len);
    if (!rc)
        rc = buf_puts(b, " Tj ET\n");
    return rc;
}

/* Where the baseline of a line goes when its box starts at top: the box's
 * middle falls halfway up the capitals (about 0.7 em for Helvetica). */
static double baseline_of(double top, double leading, double size)
{
    return top - leading / 2 - size * 0.35;
}

/* ---- Pages ---- */

static enum rc new_page(struct pdf *p)
{
    if (p->npages >= PDF_MAX_PAGES)
        return RC_TOO_BIG;
    if (p->npages == p->page_cap) {
        p->page_cap = p->page_cap ? p->page_cap * 2 : 8;
        p->page_start = xrealloc(p->page_start, (size_t)p->page_cap * sizeof(*p->page_start));
    }
    p->page_start[p->npages++] = p->content.len;
    p->y = PDF_PAGE_HEIGHT - PDF_MARGIN;
    p->at_page_top = true;
    return RC_OK;
}

/* Makes sure height points fit below the cursor, starting a new page if
 * not. On a page that is still empty nothing is gained by breaking, so what
 * is taller than a page is placed anyway (and broken by its caller). */
static enum rc ensure_room(struct pdf *p, double height)
{
    if (p->npages == 0)
        return new_page(p);
    if (p->at_page_top || p->y - height >= BOTTOM - 1e-9)
        return RC_OK;
    return new_page(p);
}

/* Every public call starts here: a failed or finished document takes no more. */
static enum rc check_open(struct pdf *p)
{
    if (p->failed)
        return p->failed;
    if (p->finished)
        return RC_INVALID;
    return RC_OK;
}

/* Records the first error: every later call returns it. */
static enum rc fail(struct pdf *p, enum rc rc)
{
    if (rc && !p->failed)
        p->failed = rc;
    return rc;
}

/* One column of a row: its text (WinAnsi), style and place on the line. */
struct cell {
    const unsigned char *text;
    size_t len, pos;
    const struct style_spec *st;
    double x, width;
    long limit;
};

/* Sets out a row of cells side by side, line by line; the row takes as
 * many lines as its longest cell (at least one). With keep, the row (and
 * extra points below it) moves to the next page when it does not fit on
 * this one but would on an empty one; otherwise pages break between its
 * lines. */
static enum rc add_row(struct pdf *p, struct cell *cells, int n, bool keep, double extra)
{
    double leading = 0;
    int lines = 1;
    for (int i = 0; i < n; i++) {
        struct cell *c = &cells[i];
        if (c->st->leading > leading)
            leading = c->st->leading;
        c->limit = limit_units(c->st, c->width);
        c->pos = 0;
        int count = 0;
        for (size_t pos = 0, next; pos < c->len; pos = next) {
            fit_line(c->st, c->text + pos, c->len - pos, c->limit, &next);
            next += pos;
            count++;
        }
        if (count > lines)
            lines = count;
    }
    enum rc rc = RC_OK;
    /* Moving a row that would not fit on an empty page either only wastes
     * the rest of this one. */
    if (keep && lines * leading + extra <= PDF_PAGE_HEIGHT - PDF_MARGIN - BOTTOM)
        rc = ensure_room(p, lines * leading + extra);
    for (int line = 0; !rc && line < lines; line++) {
        rc = ensure_room(p, leading);
        for (int i = 0; !rc && i < n; i++) {
            struct cell *c = &cells[i];
            if (c->pos >= c->len)
                continue;
            size_t next;
            size_t len = fit_line(c->st, c->text + c->pos, c->len - c->pos, c->limit, &next);
            if (len)
                rc = put_text(&p->content, c->st, c->x, baseline_of(p->y, leading, c->st->size),
                              c->text + c->pos, len);
            c->pos += next;
        }
        p->y -= leading;
        p->at_page_top = false;
    }
    return rc;
}

/* Converts the n texts (NULL counts as "") to WinAnsi into one malloc'ed
 * block the caller frees, and points each cell at its part. */
static enum rc encode_cells(struct pdf *p, struct cell *cells, int n, const char *const texts[],
                            unsigned char **block)
{
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        size_t len = texts[i] ? strlen(texts[i]) : 0;
        /* The content can never hold more than this, and it bounds the copy. */
        if (len > p->content.max || total > p->content.max - len)
            return RC_TOO_BIG;
        total += len;
    }
    unsigned char *out = xmalloc(total + 1);
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        cells[i].text = out + used;
        cells[i].len = texts[i] ? winansi_encode(texts[i], strlen(texts[i]), out + used) : 0;
        used += cells[i].len;
    }
    *block = out;
    return RC_OK;
}

/* ---- Public functions ---- */

/* Turns "2026-11-25T16:30:00Z" into the PDF date "D:20261125163000Z"
 * (ISO 32000-1 section 7.9.4). Returns false for any other shape. */
static bool pdf_date(const char *iso, char out[24])
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (strlen(iso) != sizeof(shape) - 1)
        return false;
    for (size_t i = 0; shape[i]; i++) {
        bool digit = iso[i] >= '0' && iso[i] <= '9';
        if (shape[i] == 'd' ? !digit : iso[i] != shape[i])
            return false;
    }
    struct date d = {
        .year = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + iso[3] - '0',
        .month = (iso[5] - '0') * 10 + iso[6] - '0',
        .day = (iso[8] - '0') * 10 + iso[9] - '0',
    };
    int hour = (iso[11] - '0') * 10 + iso[12] - '0';
    int minute = (iso[14] - '0') * 10 + iso[15] - '0';
    int second = (iso[17] - '0') * 10 + iso[18] - '0';
    if (!date_valid(&d) || hour > 23 || minute > 59 || second > 59)
        return false;
    char *o = out;
    *o++ = 'D';
    *o++ = ':';
    for (size_t i = 0; i < 19; i++)
        if (iso[i] >= '0' && iso[i] <= '9')
            *o++ = iso[i];
    *o++ = 'Z';
    *o = '\0';
    return true;
}

void pdf_init(struct pdf *p, const struct pdf_options *opt)
{
    memset(p, 0, sizeof(*p));
    size_t max = opt && opt->max_content ? opt->max_content : PDF_DEFAULT_MAX_CONTENT;
    buf_init(&p->content, max);
    if (opt && opt->title)
        p->title = xstrdup(opt->title);
    if (opt && opt->creation_date && !pdf_date(opt->creation_date, p->creation_date))
        p->failed = RC_INVALID;
}

void pdf_release(struct pdf *p)
{
    free(p->title);
    p->title = NULL;
    free(p->page_start);
    p->page_start = NULL;
    p->npages = p->page_cap = 0;
    buf_release(&p->content);
}

/* A paragraph is a row of one cell as wide as the text. */
static enum rc add_paragraph(struct pdf *p, const struct style_spec *st, const char *text)
{
    const char *texts[1] = {text};
    struct cell cell = {.st = st, .x = PDF_MARGIN, .width = PDF_TEXT_WIDTH};
    unsigned char *block = NULL;
    enum rc rc = encode_cells(p, &cell, 1, texts, &block);
    if (rc || cell.len == 0)
        goto out;
    if (!p->at_page_top && p->npages)
        p->y -= st->before;
    /* A title or heading is bold and has space before it: keep it with
     * the start of what follows. */
    bool keep = st->before > 0 || st->size > 14;
    rc = add_row(p, &cell, 1, keep, keep ? KEEP_WITH_HEADING : 0);
    if (!rc)
        p->y -= st->after;
out:
    free(block);
    return rc;
}

enum rc pdf_paragraph(struct pdf *p, enum pdf_style style, const char *text)
{
    enum rc rc = check_open(p);
    if (rc)
        return rc;
    const struct style_spec *st = style_spec_of(style);
    if (!st)
        return fail(p, RC_INVALID);
    return fail(p, add_paragraph(p, st, text));
}

enum rc pdf_bullet(struct pdf *p, const char *text)
{
    enum rc rc = check_open(p);
    if (rc)
        return rc;
    const struct style_spec *st = &style_specs[PDF_BODY];
    const char *texts[2] = {"\xE2\x80\xA2", text};
    struct cell cells[2] = {
        {.st = st, .x = PDF_MARGIN + 3, .width = BULLET_INDENT - 3},
        {.st = st, .x = PDF_MARGIN + BULLET_INDENT, .width = PDF_TEXT_WIDTH - BULLET_INDENT},
    };
    unsigned char *block = NULL;
    rc = encode_cells(p, cells, 2, texts, &block);
    if (!rc)
        rc = add_row(p, cells, 2, false, 0);
    if (!rc)
        p->y -= ROW_GAP;
    free(block);
    return fail(p, rc);
}

/* Lays out one row with columns of the given shares of the text width. */
static enum rc add_columns(struct pdf *p, int ncols, const char *const texts[],
                           const double shares[], const struct style_spec *const styles[])
{
    struct cell cells[PDF_MAX_COLUMNS];
    double x = PDF_MARGIN;
    for (int i = 0; i < ncols; i++) {
        double width = shares[i] * PDF_TEXT_WIDTH;
        /* The gutter separates a column from the next; the last needs none. */
        double room = i + 1 < ncols ? width - COLUMN_GUTTER : width;
        cells[i] = (struct cell){.st = styles[i], .x = x, .width = room > 1 ? room : 1};
        x += width;
    }
    unsigned char *block = NULL;
    enum rc rc = encode_cells(p, cells, ncols, texts, &block);
    if (!rc)
        rc = add_row(p, cells, ncols, true, 0);
    if (!rc)
        p->y -= ROW_GAP;
    free(block);
    return rc;
}

enum rc pdf_key_value(struct pdf *p, const char *key, const char *value)
{
    enum rc rc = check_open(p);
    if (rc)
        return rc;
    const char *texts[2] = {key, value};
    const double shares[2] = {1.0 / 3, 2.0 / 3};
    const struct style_spec *styles[2] = {&style_specs[PDF_BOLD], &style_specs[PDF_BODY]};
    return fail(p, add_columns(p, 2, texts, shares, styles));
}

static enum rc draw_rule(struct pdf *p, double y)
{
    /* 0.5 pt wide, grey; q/Q keep the stroke state from leaking out. */
    struct num at = num(y);
    return buf_printf(&p->content, "q 0.5 w 0.6 G %s %s m %s %s l S Q\n", num(PDF_MARGIN).s, at.s,
                      num(PDF_MARGIN + PDF_TEXT_WIDTH).s, at.s);
}

enum rc pdf_table_row(struct pdf *p, int ncols, const char *const cells[], const double widths[],
                      bool header)
{
    enum rc rc = check_open(p);
    if (rc)
        return rc;
    if (ncols < 1 || ncols > PDF_MAX_COLUMNS || !cells)
        return fail(p, RC_INVALID);
    double shares[PDF_MAX_COLUMNS], sum = 0;
    const struct style_spec *styles[PDF_MAX_COLUMNS];
    for (int i = 0; i < ncols; i++) {
        shares[i] = widths ? widths[i] : 1.0 / ncols;
        /* Written so that NaN fails too. */
        if (!(shares[i] > 0 && shares[i] <= 1))
            return fail(p, RC_INVALID);
        sum += shares[i];
        styles[i] = &style_specs[header ? PDF_BOLD : PDF_BODY];
    }
    if (sum > 1 + 1e-9)
        return fail(p, RC_INVALID);
    rc = add_columns(p, ncols, cells, shares, styles);
    if (!rc && header) {
        /* The rule sits in the gap under the row. */
        rc = draw_rule(p, p->y + ROW_GAP / 2);
        p->y -= ROW_GAP;
    }
    return fail(p, rc);
}

enum rc pdf_rule(struct pdf *p)
{
    enum rc rc = check_open(p);
    if (rc)
        return rc;
    rc = ensure_room(p, 12);
    if (!rc)
        rc = draw_rule(p, p->y - 6);
    p->y -= 12;
    p->at_page_top = false;
    return fail(p, rc);
}

enum rc pdf_space(struct pdf *p, double points)
{
    enum rc rc = check_open(p);
    if (rc)
        return rc;
    if (!(points >= 0 && points <= PDF_PAGE_HEIGHT))
        return fail(p, RC_INVALID);
    if (p->npages && !p->at_page_top)
        p->y -= points;
    return RC_OK;
}

enum rc pdf_page_break(struct pdf *p)
{
    enum rc rc = check_open(p);
    if (rc)
        return rc;
    if (p->npages && p->at_page_top)
        return RC_OK;
    return fail(p, new_page(p));
}

double pdf_text_width(enum pdf_style style, const char *text)
{
    const struct style_spec *st = style_spec_of(style);
    if (!st || !text)
        return 0;
    size_t len = strlen(text);
    unsigned char *s = xmalloc(len + 1);
    size_t n = winansi_encode(text, len, s);
    double w = width_points(st, s, n);
    free(s);
    return w;
}

/* ---- Writing the file ---- */

/* Appends text as a PDF text string in UTF-16BE with a byte order mark, the
 * form that can hold any character (ISO 32000-1 section 7.9.2.2), in hex. */
static enum rc put_text_string(struct buf *b, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    enum rc rc = buf_puts(b, "<FEFF");
    for (size_t i = 0; !rc && i < len;) {
        uint32_t cp;
        size_t step = utf8_next(s + i, len - i, &cp);
        if (step == 0) {
            cp = '?';
            step = 1;
        }
        i += step;
        if (cp >= 0x10000) {
            /* A surrogate pair. */
            cp -= 0x10000;
            rc = buf_printf(b, "%04X%04X", 0xD800 + (unsigned)(cp >> 10),
                            0xDC00 + (unsigned)(cp & 0x3FF));
        } else {
            rc = buf_printf(b, "%04X", (unsigned)cp);
        }
    }
    if (!rc)
        rc = buf_putc(b, '>');
    return rc;
}

/* Fills footer with the footer of page `page` of `pages`: the title on the
 * left (shortened with "…" to leave room) and "Pagina N van M" on the right. */
static enum rc build_footer(struct buf *footer, const unsigned char *title, size_t title_len,
                            int page, int pages)
{
    const struct style_spec *st = &style_specs[PDF_SMALL];
    char label[48];
    int n = snprintf(label, sizeof(label), "Pagina %d van %d", page, pages);
    size_t label_len = (size_t)n;
    double label_width = width_points(st, (const unsigned char *)label, label_len);
    buf_reset(footer);
    enum rc rc = put_text(footer, st, PDF_MARGIN + PDF_TEXT_WIDTH - label_width, FOOTER_BASELINE,
                          (const unsigned char *)label, label_len);
    if (rc || title_len == 0)
        return rc;
    double room = PDF_TEXT_WIDTH - label_width - 24;
    if (width_points(st, title, title_len) <= room)
        return put_text(footer, st, PDF_MARGIN, FOOTER_BASELINE, title, title_len);
    /* Shorten: a copy with "…" (0x85) after as many bytes as fit. */
    unsigned char shortened[512];
    size_t keep = title_len < sizeof(shortened) - 1 ? title_len : sizeof(shortened) - 1;
    double ellipsis = width_points(st, (const unsigned char *)"\x85", 1);
    while (keep > 0 && width_points(st, title, keep) + ellipsis > room)
        keep--;
    keep = trim_spaces(title, keep);
    memcpy(shortened, title, keep);
    shortened[keep] = 0x85;
    return put_text(footer, st, PDF_MARGIN, FOOTER_BASELINE, shortened, keep + 1);
}

/* Starts object number obj, noting where it starts for the xref table. */
static enum rc begin_object(struct buf *out, size_t base, size_t *offsets, size_t obj)
{
    offsets[obj] = out->len - base;
    return buf_printf(out, "%zu 0 obj\n", obj);
}

enum rc pdf_finish(struct pdf *p, struct buf *out)
{
    enum rc rc = check_open(p);
    if (rc)
        return rc;
    p->finished = true;
    if (p->npages == 0)
        rc = new_page(p);
    if (rc)
        return fail(p, rc);

    size_t base = out->len;
    size_t npages = (size_t)p->npages;
    size_t nobjects = 5 + 2 * npages; /* numbered 1..nobjects; 0 is the xref's free head */
    size_t *offsets = xcalloc(nobjects + 1, sizeof(*offsets));
    struct buf footer;
    buf_init(&footer, 4096);
    const char *title = p->title ? p->title : "";
    unsigned char *title_cp = xmalloc(strlen(title) + 1);
    size_t title_len = winansi_encode(title, strlen(title), title_cp);
    /* A '\n' in the title would break the footer's single line. */
    for (size_t i = 0; i < title_len; i++)
        if (title_cp[i] == '\n')
            title_cp[i] = ' ';

    /* The second line's bytes >= 0x80 mark the file as binary (section 7.5.2). */
    rc = buf_puts(out, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    if (!rc)
        rc = begin_object(out, base, offsets, 1);
    if (!rc)
        rc = buf_puts(out, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    if (!rc)
        rc = begin_object(out, base, offsets, 2);
    if (!rc)
        rc = buf_puts(out, "<< /Type /Pages /Kids [");
    for (size_t i = 0; !rc && i < npages; i++)
        rc = buf_printf(out, "%s%zu 0 R", i ? " " : "", 6 + 2 * i);
    if (!rc)
        rc = buf_printf(out, "] /Count %zu >>\nendobj\n", npages);
    if (!rc)
        rc = begin_object(out, base, offsets, 3);
    if (!rc)
        rc = buf_puts(out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                           " /Encoding /WinAnsiEncoding >>\nendobj\n");
    if (!rc)
        rc = begin_object(out, base, offsets, 4);
    if (!rc)
        rc = buf_puts(out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold"
                           " /Encoding /WinAnsiEncoding >>\nendobj\n");
    if (!rc)
        rc = begin_object(out, base, offsets, 5);
    if (!rc)
        rc = buf_puts(out, "<< /Title ");
    if (!rc)
        rc = put_text_string(out, title);
    if (!rc)
        rc = buf_puts(out, " /Producer (Werkroute)");
    if (!rc && p->creation_date[0])
        rc = buf_printf(out, " /CreationDate (%s)", p->creation_date);
    if (!rc)
        rc = buf_puts(out, " >>\nendobj\n");

    for (size_t i = 0; !rc && i < npages; i++) {
        size_t body_start = p->page_start[i];
        size_t body_end = i + 1 < npages ? p->page_start[i + 1] : p->content.len;
        rc = build_footer(&footer, title_cp, title_len, (int)i + 1, (int)npages);
        if (!rc)
            rc = begin_object(out, base, offsets, 6 + 2 * i);
        if (!rc)
            rc = buf_printf(out,
                            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s]"
                            " /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >>"
                            " /Contents %zu 0 R >>\nendobj\n",
                            num(PDF_PAGE_WIDTH).s, num(PDF_PAGE_HEIGHT).s, 7 + 2 * i);
        if (!rc)
            rc = begin_object(out, base, offsets, 7 + 2 * i);
        /* /Length counts the bytes between "stream\n" and the "\n" before
         * "endstream" exactly; a reader trusts it over the keyword. */
        if (!rc)
            rc = buf_printf(out, "<< /Length %zu >>\nstream\n", body_end - body_start + footer.len);
        /* An empty document has no content buffer at all. */
        if (!rc && body_end > body_start)
            rc = buf_append(out, p->content.data + body_start, body_end - body_start);
        if (!rc)
            rc = buf_append(out, footer.data, footer.len);
        if (!rc)
            rc = buf_puts(out, "\nendstream\nendobj\n");
    }

    /* The xref table: each entry exactly 20 bytes, "nnnnnnnnnn ggggg n" and a
     * two-byte end of line (space + LF) (section 7.5.4). */
    size_t xref = out->len - base;
    if (!rc)
        rc = buf_printf(out, "xref\n0 %zu\n0000000000 65535 f \n", nobjects + 1);
    for (size_t i = 1; !rc && i <= nobjects; i++)
        rc = buf_printf(out, "%010zu 00000 n \n", offsets[i]);
    if (!rc)
        rc = buf_printf(
            out, "trailer\n<< /Size %zu /Root 1 0 R /Info 5 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
            nobjects + 1, xref);

    if (rc && out->data) {
        /* Leave no half-written file behind. */
        out->len = base;
        out->data[base] = '\0';
    }
    free(title_cp);
    buf_release(&footer);
    free(offsets);
    return fail(p, rc);
}
