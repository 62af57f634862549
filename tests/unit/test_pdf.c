/* The PDF writer (src/core/pdf.c): the file's structure (header, objects,
 * exact xref offsets and stream lengths, trailer), UTF-8 to cp1252 with the
 * Dutch letters, escaping, invalid UTF-8, line wrapping with the Helvetica
 * widths, page breaks and the "Pagina N van M" footer, limits, and random
 * input. The file is read back by the small parser below; when pdftotext is
 * installed, a real reader checks the text too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"

#include "banned.h"

#define MAX_OBJECTS 4096
#define MAX_SHOWN 2000

/* ---- A reader for the files pdf_finish writes ---- */

struct parsed {
    const char *data;
    size_t len;
    size_t nobjects;                 /* entries in the xref, object 0 included */
    size_t offset[MAX_OBJECTS];      /* from the xref */
    const char *stream[MAX_OBJECTS]; /* an object's stream data, or NULL */
    size_t stream_len[MAX_OBJECTS];
};

/* Finds needle in the len bytes at hay (which may hold NULs and high bytes). */
static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static bool has(const struct parsed *pdf, const char *needle)
{
    return find(pdf->data, pdf->len, needle) != NULL;
}

/* Reads an unsigned decimal number of exactly width digits (or any length
 * with width 0) at *p and moves *p past it. */
static size_t read_number(const char **p, const char *end, int width)
{
    size_t v = 0;
    int n = 0;
    while (*p < end && **p >= '0' && **p <= '9' && (width == 0 || n < width)) {
        v = v * 10 + (size_t)(**p - '0');
        (*p)++;
        n++;
    }
    if (n == 0 || (width && n != width))
        fail_msg("expected a number at '%.10s'", *p);
    return v;
}

static void expect(const char **p, const char *end, const char *text)
{
    size_t n = strlen(text);
    if ((size_t)(end - *p) < n || memcmp(*p, text, n) != 0)
        fail_msg("expected '%s' at '%.20s'", text, *p);
    *p += n;
}

/* Checks the whole structure of a PDF file and fills pdf: the header, the
 * trailer and startxref, every xref entry (20 bytes, pointing exactly at
 * "N 0 obj"), every stream's /Length (exactly up to "\nendstream"). */
static void parse_pdf(const char *data, size_t len, struct parsed *pdf)
{
    memset(pdf, 0, sizeof(*pdf));
    pdf->data = data;
    pdf->len = len;
    const char *end = data + len;
    assert_true(len > 20);
    assert_memory_equal(data, "%PDF-1.4\n", 9);
    assert_memory_equal(end - 6, "%%EOF\n", 6);

    /* startxref: the last one in the file, then the offset of "xref". */
    const char *sx = NULL;
    for (const char *q = data; (q = find(q, (size_t)(end - q), "startxref\n")); q++)
        sx = q;
    assert_non_null(sx);
    const char *p = sx + strlen("startxref\n");
    size_t xref = read_number(&p, end, 0);
    expect(&p, end, "\n%%EOF\n");
    assert_true(p == end);
    assert_true(xref < len);

    p = data + xref;
    expect(&p, end, "xref\n0 ");
    pdf->nobjects = read_number(&p, end, 0);
    assert_true(pdf->nobjects >= 6 && pdf->nobjects <= MAX_OBJECTS);
    expect(&p, end, "\n0000000000 65535 f \n");
    for (size_t i = 1; i < pdf->nobjects; i++) {
        const char *entry = p;
        pdf->offset[i] = read_number(&p, end, 10);
        expect(&p, end, " 00000 n \n");
        assert_int_equal(p - entry, 20);
        assert_true(pdf->offset[i] < xref);
        /* The offset points exactly at the object's header. */
        char header[32];
        snprintf(header, sizeof(header), "%zu 0 obj\n", i);
        const char *at = data + pdf->offset[i];
        if ((size_t)(end - at) < strlen(header) || memcmp(at, header, strlen(header)) != 0)
            fail_msg("xref entry %zu points at '%.12s', not at '%s'", i, at, header);
    }
    char trailer[64];
    snprintf(trailer, sizeof(trailer), "trailer\n<< /Size %zu /Root 1 0 R /Info 5 0 R >>",
             pdf->nobjects);
    expect(&p, end, trailer);

    /* Streams: /Length must be the exact number of bytes. */
    for (size_t i = 1; i < pdf->nobjects; i++) {
        const char *obj = data + pdf->offset[i];
        size_t room = (size_t)(data + xref - obj);
        const char *endobj = find(obj, room, "endobj\n");
        assert_non_null(endobj);
        const char *len_at = find(obj, (size_t)(endobj - obj), "<< /Length ");
        if (!len_at)
            continue;
        const char *q = len_at + strlen("<< /Length ");
        size_t slen = read_number(&q, end, 0);
        expect(&q, end, " >>\nstream\n");
        assert_true(slen <= (size_t)(end - q));
        pdf->stream[i] = q;
        pdf->stream_len[i] = slen;
        q += slen;
        expect(&q, end, "\nendstream\nendobj\n");
    }
}

static size_t page_count(const struct parsed *pdf)
{
    return (pdf->nobjects - 6) / 2;
}

/* The content stream of page i (0-based): object 7 + 2i. */
static const char *page_stream(const struct parsed *pdf, size_t i, size_t *len)
{
    size_t obj = 7 + 2 * i;
    assert_true(obj < pdf->nobjects);
    assert_non_null(pdf->stream[obj]);
    *len = pdf->stream_len[obj];
    return pdf->stream[obj];
}

/* One string shown by a line of a content stream, unescaped (cp1252). */
struct shown {
    int font; /* 1 Helvetica, 2 Helvetica-Bold */
    double size, x, y;
    char text[600];
    size_t len;
};

/* Reads the text lines of a content stream, which pdf.c writes one per line
 * as "BT /F1 10 Tf 0 g x y Td (text) Tj ET"; other lines draw rules. */
static int collect(const char *s, size_t len, struct shown *out, int max)
{
    int n = 0;
    const char *end = s + len;
    while (s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        if (!eol)
            eol = end;
        if (eol - s > 3 && memcmp(s, "BT ", 3) == 0) {
            assert_true(n < max);
            struct shown *t = &out[n++];
            char head[128];
            size_t hl = (size_t)(eol - s) < sizeof(head) - 1 ? (size_t)(eol - s) : sizeof(head) - 1;
            memcpy(head, s, hl);
            head[hl] = '\0';
            int used = 0;
            double gray;
            if (sscanf(head, "BT /F%d %lf Tf %lf g %lf %lf Td (%n", &t->font, &t->size, &gray,
                       &t->x, &t->y, &used) != 5 ||
                used == 0)
                fail_msg("cannot read text line '%s'", head);
            const char *q = s + used;
            t->len = 0;
            while (q < eol && *q != ')') {
                if (*q == '\\') {
                    q++;
                    assert_true(q < eol);
                    assert_true(*q == '(' || *q == ')' || *q == '\\');
                } else {
                    /* pdf.c escapes every parenthesis, balanced or not. */
                    assert_true(*q != '(');
                }
                assert_true(t->len < sizeof(t->text) - 1);
                t->text[t->len++] = *q++;
            }
            t->text[t->len] = '\0';
            expect(&q, eol, ") Tj ET");
            assert_true(q == eol);
        } else {
            assert_true(eol - s > 2 && memcmp(s, "q ", 2) == 0);
        }
        s = eol + 1;
    }
    return n;
}

/* Builds the file of p into out (max 64 MiB) and parses it. */
static void finish_and_parse(struct pdf *p, struct buf *out, struct parsed *pdf)
{
    buf_init(out, 64 * 1024 * 1024);
    assert_int_equal(pdf_finish(p, out), RC_OK);
    parse_pdf(out->data, out->len, pdf);
}

static struct parsed *new_parsed(void)
{
    struct parsed *pdf = malloc(sizeof(*pdf));
    assert_non_null(pdf);
    return pdf;
}

static struct shown *new_shown(void)
{
    struct shown *t = malloc(MAX_SHOWN * sizeof(*t));
    assert_non_null(t);
    return t;
}

/* Whether the content stream of page i shows exactly the cp1252 bytes want. */
static bool page_shows(const struct parsed *pdf, size_t i, const char *want)
{
    size_t len;
    const char *s = page_stream(pdf, i, &len);
    struct shown *t = new_shown();
    int n = collect(s, len, t, MAX_SHOWN);
    bool found = false;
    for (int k = 0; k < n && !found; k++)
        found = t[k].len == strlen(want) && memcmp(t[k].text, want, t[k].len) == 0;
    free(t);
    return found;
}

/* The text that a one-paragraph document shows (its first line). */
static void shown_of(const char *utf8, char *out, size_t size)
{
    struct pdf p;
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, utf8), RC_OK);
    struct buf b;
    struct parsed *pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    size_t len;
    const char *s = page_stream(pdf, 0, &len);
    struct shown *t = new_shown();
    int n = collect(s, len, t, MAX_SHOWN);
    /* The first line is the paragraph, the last the footer. */
    assert_true(n >= 2);
    snprintf(out, size, "%s", t[0].text);
    free(t);
    free(pdf);
    buf_release(&b);
    pdf_release(&p);
}

/* ---- Tests ---- */

static void test_structure(void **state)
{
    (void)state;
    struct pdf p;
    struct pdf_options opt = {.title = "Plan van aanpak caf\xC3\xA9 \xF0\x9F\x98\x80",
                              .creation_date = "2026-11-25T16:30:00Z"};
    pdf_init(&p, &opt);
    assert_int_equal(pdf_paragraph(&p, PDF_TITLE, "Plan van aanpak"), RC_OK);
    assert_int_equal(pdf_paragraph(&p, PDF_SMALL, "Opgesteld op 25 november 2026"), RC_OK);
    assert_int_equal(pdf_rule(&p), RC_OK);
    assert_int_equal(pdf_paragraph(&p, PDF_HEADING, "Doelen"), RC_OK);
    assert_int_equal(pdf_bullet(&p, "Werk vinden binnen zes maanden"), RC_OK);
    assert_int_equal(pdf_key_value(&p, "Casemanager", "J. de Vries"), RC_OK);
    const char *head[3] = {"Actie", "Wie", "Wanneer"};
    const char *row[3] = {"Sollicitatietraining", NULL, "maart 2027"};
    const double widths[3] = {0.5, 0.25, 0.25};
    assert_int_equal(pdf_table_row(&p, 3, head, widths, true), RC_OK);
    assert_int_equal(pdf_table_row(&p, 3, row, widths, false), RC_OK);
    assert_int_equal(pdf_space(&p, 10), RC_OK);
    assert_int_equal(pdf_paragraph(&p, PDF_BOLD, "Afspraken"), RC_OK);

    /* The PDF goes after what out held already; its offsets count from its
     * own start. */
    struct buf b;
    buf_init(&b, 1024 * 1024);
    assert_int_equal(buf_puts(&b, "prefix"), RC_OK);
    assert_int_equal(pdf_finish(&p, &b), RC_OK);
    struct parsed *pdf = new_parsed();
    parse_pdf(b.data + 6, b.len - 6, pdf);
    assert_int_equal(page_count(pdf), 1);
    assert_true(has(pdf, "<< /Type /Pages /Kids [6 0 R] /Count 1 >>"));
    assert_true(has(pdf, "/BaseFont /Helvetica /Encoding /WinAnsiEncoding"));
    assert_true(has(pdf, "/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"));
    assert_true(has(pdf, "/MediaBox [0 0 595.28 841.89]"));
    /* Info: the title in UTF-16BE (é as 00E9, the emoji as a surrogate pair). */
    assert_true(has(pdf, "/Title <FEFF0050006C0061006E002000760061006E002000610061006E00700061"
                         "006B002000630061006600E90020D83DDE00>"));
    assert_true(has(pdf, "/Producer (Werkroute)"));
    assert_true(has(pdf, "/CreationDate (D:20261125163000Z)"));
    assert_true(page_shows(pdf, 0, "Plan van aanpak"));
    assert_true(page_shows(pdf, 0, "Sollicitatietraining"));
    assert_true(page_shows(pdf, 0, "\x95"));
    assert_true(page_shows(pdf, 0, "Pagina 1 van 1"));
    /* The footer repeats the title; the emoji cp1252 lacks becomes '?'. */
    assert_true(page_shows(pdf, 0, "Plan van aanpak caf\xE9 ?"));

    /* Styles: title in bold 18, key in bold 10 in the left column, value in
     * regular 10 a third of the way across. */
    size_t len;
    const char *s = page_stream(pdf, 0, &len);
    struct shown *t = new_shown();
    int n = collect(s, len, t, MAX_SHOWN);
    bool saw_key = false, saw_value = false;
    for (int i = 0; i < n; i++) {
        if (strcmp(t[i].text, "Plan van aanpak") == 0) {
            assert_int_equal(t[i].font, 2);
            assert_true(t[i].size == 18);
            assert_true(fabs(t[i].x - PDF_MARGIN) < 0.01);
        }
        if (strcmp(t[i].text, "Casemanager") == 0) {
            saw_key = true;
            assert_int_equal(t[i].font, 2);
            assert_true(t[i].size == 10);
        }
        if (strcmp(t[i].text, "J. de Vries") == 0) {
            saw_value = true;
            assert_int_equal(t[i].font, 1);
            assert_true(fabs(t[i].x - (PDF_MARGIN + PDF_TEXT_WIDTH / 3)) < 0.01);
        }
    }
    assert_true(saw_key && saw_value);
    free(t);
    free(pdf);
    buf_release(&b);
    pdf_release(&p);

    /* An empty document is one page with a footer and no title. */
    pdf_init(&p, NULL);
    pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    assert_int_equal(page_count(pdf), 1);
    assert_true(page_shows(pdf, 0, "Pagina 1 van 1"));
    assert_true(has(pdf, "/Title <FEFF>"));
    assert_false(has(pdf, "/CreationDate"));
    free(pdf);
    buf_release(&b);
    pdf_release(&p);
}

static void test_dutch_text(void **state)
{
    (void)state;
    char got[600];
    /* é E9, – 96, € 80, ï EF; ĳ has no cp1252 code and becomes "ij". */
    shown_of("Bijeenkomst caf\xC3\xA9 \xE2\x80\x93 \xE2\x82\xAC"
             "12, ru\xC3\xAFne, \xC4\xB3s",
             got, sizeof(got));
    assert_string_equal(got, "Bijeenkomst caf\xE9 \x96 \x80"
                             "12, ru\xEFne, ijs");
    /* The other letters and punctuation of the brief, and Ĳ. */
    shown_of("\xC3\xA8\xC3\xAB\xC3\xAA\xC3\xAD\xC3\xB3\xC3\xB6\xC3\xBC\xC3\xBA\xC3\xA1\xC3\xA0"
             "\xC3\xA4\xC3\xA7\xC3\xB1 \xC4\xB2muiden",
             got, sizeof(got));
    assert_string_equal(got, "\xE8\xEB\xEA\xED\xF3\xF6\xFC\xFA\xE1\xE0\xE4\xE7\xF1 IJmuiden");
    shown_of("\xE2\x80\x98"
             "a\xE2\x80\x99 \xE2\x80\x9C"
             "b\xE2\x80\x9D \xE2\x80\x94 \xE2\x80\xA2 \xE2\x80\xA6",
             got, sizeof(got));
    assert_string_equal(got, "\x91"
                             "a\x92 \x93"
                             "b\x94 \x97 \x95 \x85");
    /* Characters cp1252 cannot show become '?'; invisible ones vanish; a
     * decomposed é (e + U+0301) is composed; tab is a space, CR nothing. */
    shown_of("\xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \xC5\x81\xC3\xB3"
             "d\xC5\xBA",
             got, sizeof(got));
    assert_string_equal(got, "?? ? ?\xF3"
                             "d?");
    shown_of("zee\xC2\xADman\xE2\x80\x8B! cafe\xCC\x81 q\xCC\x81", got, sizeof(got));
    assert_string_equal(got, "zeeman! caf\xE9 q?");
    shown_of("a\tb\r\x01"
             "c\xC2\x85",
             got, sizeof(got));
    assert_string_equal(got, "a b?c?");
    /* ( ) and \ are escaped in the file; collect() unescapes them. */
    shown_of("f(x) = a\\b)", got, sizeof(got));
    assert_string_equal(got, "f(x) = a\\b)");
}

static void test_escaping_in_file(void **state)
{
    (void)state;
    struct pdf p;
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, "f(x) = a\\b)"), RC_OK);
    struct buf b;
    struct parsed *pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    assert_true(has(pdf, "(f\\(x\\) = a\\\\b\\)) Tj"));
    free(pdf);
    buf_release(&b);
    pdf_release(&p);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    char got[600];
    /* A stray continuation byte, bytes that never occur, an overlong '/', a
     * surrogate, a value past U+10FFFF: each bad byte becomes one '?'. */
    shown_of("a\x80"
             "b\xFF\xFE"
             "c\xC0\xAF"
             "d\xED\xA0\x80"
             "e\xF4\x90\x80\x80",
             got, sizeof(got));
    assert_string_equal(got, "a?b??c??d???e????");
    /* Sequences cut short, in the middle and at the very end. */
    shown_of("x\xC3y\xE2\x82z\xE2\x82", got, sizeof(got));
    assert_string_equal(got, "x?y??z??");
    /* The same rules in the width and the title. */
    assert_true(pdf_text_width(PDF_BODY, "\xC3") == pdf_text_width(PDF_BODY, "?"));
    struct pdf p;
    struct pdf_options opt = {.title = "a\xC3"};
    pdf_init(&p, &opt);
    struct buf b;
    struct parsed *pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    assert_true(has(pdf, "/Title <FEFF0061003F>"));
    assert_true(page_shows(pdf, 0, "a?"));
    free(pdf);
    buf_release(&b);
    pdf_release(&p);
}

static void test_widths(void **state)
{
    (void)state;
    /* Helvetica AFM: W 944, i 222, é 556, € 556; Helvetica-Bold: i 278. */
    assert_true(fabs(pdf_text_width(PDF_BODY, "W") - 9.44) < 1e-9);
    assert_true(fabs(pdf_text_width(PDF_BODY, "i") - 2.22) < 1e-9);
    assert_true(fabs(pdf_text_width(PDF_BOLD, "i") - 2.78) < 1e-9);
    assert_true(fabs(pdf_text_width(PDF_BODY, "\xC3\xA9") - 5.56) < 1e-9);
    assert_true(fabs(pdf_text_width(PDF_BODY, "\xE2\x82\xAC") - 5.56) < 1e-9);
    /* ĳ is measured as the "ij" it is shown as; sizes scale. */
    assert_true(fabs(pdf_text_width(PDF_BODY, "\xC4\xB3") - 4.44) < 1e-9);
    assert_true(fabs(pdf_text_width(PDF_TITLE, "A") - 0.722 * 18) < 1e-9); /* bold */
    assert_true(fabs(pdf_text_width(PDF_SMALL, "Hallo") - (722 + 556 + 222 + 222 + 556) * 0.008) <
                1e-9);
    assert_true(pdf_text_width(PDF_BODY, "") == 0);
    assert_true(pdf_text_width((enum pdf_style)99, "x") == 0);
}

static void test_wrapping(void **state)
{
    (void)state;
    /* A long paragraph of words of many lengths (ASCII, so each shown line
     * is also valid UTF-8 and pdf_text_width can measure it). */
    char text[4000] = "";
    size_t used = 0;
    static const char *const pool[] = {"de",       "gemeente",
                                       "werkt",    "samen",
                                       "met",      "re-integratie",
                                       "bureaus",  "aan",
                                       "duurzame", "arbeidsparticipatie",
                                       "(zie",     "bijlage)",
                                       "en",       "W",
                                       "i"};
    for (int i = 0; i < 300; i++)
        used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%s", i ? " " : "",
                                 pool[(i * 7) % 15]);
    struct pdf p;
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, text), RC_OK);
    struct buf b;
    struct parsed *pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    size_t len;
    const char *s = page_stream(pdf, 0, &len);
    struct shown *t = new_shown();
    int n = collect(s, len, t, MAX_SHOWN) - 1; /* the last is the footer */
    assert_true(n >= 5);
    char joined[4000] = "";
    size_t jl = 0;
    for (int i = 0; i < n; i++) {
        double w = pdf_text_width(PDF_BODY, t[i].text);
        if (w > PDF_TEXT_WIDTH + 1e-9)
            fail_msg("line %d is %.2f pt wide: %s", i, w, t[i].text);
        /* Lines follow each other 14 pt apart at the left margin. */
        assert_true(fabs(t[i].x - PDF_MARGIN) < 0.01);
        if (i)
            assert_true(fabs(t[i - 1].y - t[i].y - 14) < 0.01);
        /* Greedy: the next line's first word (up to a hyphen) did not fit. */
        if (i + 1 < n) {
            char probe[1300];
            size_t first = strcspn(t[i + 1].text, " -");
            if (t[i + 1].text[first] == '-')
                first++;
            bool after_hyphen = t[i].len && t[i].text[t[i].len - 1] == '-';
            snprintf(probe, sizeof(probe), "%s%s%.*s", t[i].text, after_hyphen ? "" : " ",
                     (int)first, t[i + 1].text);
            assert_true(pdf_text_width(PDF_BODY, probe) > PDF_TEXT_WIDTH);
        }
        bool glue = i > 0 && t[i - 1].len && t[i - 1].text[t[i - 1].len - 1] == '-';
        jl += (size_t)snprintf(joined + jl, sizeof(joined) - jl, "%s%s", i && !glue ? " " : "",
                               t[i].text);
    }
    /* Nothing lost or reordered. */
    assert_string_equal(joined, text);
    free(pdf);
    buf_release(&b);
    pdf_release(&p);

    /* A word wider than the line is broken between letters; '\n' breaks. */
    char word[701];
    memset(word, 'm', 700);
    word[700] = '\0';
    char input[800];
    snprintf(input, sizeof(input), "kort\n%s\neinde", word);
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, input), RC_OK);
    pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    s = page_stream(pdf, 0, &len);
    n = collect(s, len, t, MAX_SHOWN) - 1;
    assert_string_equal(t[0].text, "kort");
    assert_string_equal(t[n - 1].text, "einde");
    size_t total = 0;
    /* m is 833 units: 57 fit in 481.9 pt at 10 pt. */
    for (int i = 1; i < n - 1; i++) {
        assert_true(pdf_text_width(PDF_BODY, t[i].text) <= PDF_TEXT_WIDTH);
        assert_true(strspn(t[i].text, "m") == t[i].len);
        if (i < n - 2)
            assert_int_equal(t[i].len, 57);
        total += t[i].len;
    }
    assert_int_equal(total, 700);
    free(pdf);
    buf_release(&b);
    pdf_release(&p);

    /* In a key/value row the value wraps within the right two thirds. */
    pdf_init(&p, NULL);
    assert_int_equal(pdf_key_value(&p, "Toelichting", text), RC_OK);
    pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    s = page_stream(pdf, 0, &len);
    n = collect(s, len, t, MAX_SHOWN) - 1;
    int value_lines = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(t[i].text, "Toelichting") == 0)
            continue;
        value_lines++;
        assert_true(fabs(t[i].x - (PDF_MARGIN + PDF_TEXT_WIDTH / 3)) < 0.01);
        assert_true(pdf_text_width(PDF_BODY, t[i].text) <= PDF_TEXT_WIDTH * 2 / 3 + 1e-9);
    }
    assert_true(value_lines > n / 2);
    free(t);
    free(pdf);
    buf_release(&b);
    pdf_release(&p);
}

static void test_pages(void **state)
{
    (void)state;
    struct pdf p;
    struct pdf_options opt = {.title = "Plan van aanpak"};
    pdf_init(&p, &opt);
    char line[200];
    for (int i = 0; i < 150; i++) {
        if (i % 9 == 0) {
            snprintf(line, sizeof(line), "Hoofdstuk %d", i / 9 + 1);
            assert_int_equal(pdf_paragraph(&p, PDF_HEADING, line), RC_OK);
        }
        snprintf(line, sizeof(line),
                 "Alinea %d: de klant en de consulent bespreken de voortgang van het plan "
                 "en leggen de afspraken vast in het dossier.",
                 i);
        assert_int_equal(pdf_paragraph(&p, PDF_BODY, line), RC_OK);
    }
    struct buf b;
    struct parsed *pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    size_t pages = page_count(pdf);
    assert_true(pages >= 3);
    char want[64];
    snprintf(want, sizeof(want), "/Count %zu >>", pages);
    assert_true(has(pdf, want));

    struct shown *t = new_shown();
    int seen = 0, next_paragraph = 0;
    for (size_t i = 0; i < pages; i++) {
        snprintf(want, sizeof(want), "Pagina %zu van %zu", i + 1, pages);
        assert_true(page_shows(pdf, i, want));
        assert_true(page_shows(pdf, i, "Plan van aanpak"));
        size_t len;
        const char *s = page_stream(pdf, i, &len);
        int n = collect(s, len, t, MAX_SHOWN);
        /* Footer: small text at the bottom; "Pagina" right-aligned. */
        int body = 0;
        for (int k = 0; k < n; k++) {
            if (t[k].y < 50) {
                assert_true(t[k].size == 8);
                if (strncmp(t[k].text, "Pagina", 6) == 0) {
                    double right = t[k].x + pdf_text_width(PDF_SMALL, t[k].text);
                    assert_true(fabs(right - (PDF_MARGIN + PDF_TEXT_WIDTH)) < 0.02);
                }
                continue;
            }
            /* Body text stays within the page's margins. */
            assert_true(t[k].y > 70 && t[k].y < PDF_PAGE_HEIGHT - PDF_MARGIN);
            body = k;
            int number;
            if (sscanf(t[k].text, "Alinea %d:", &number) == 1) {
                /* Paragraphs arrive in order, none lost between pages. */
                assert_int_equal(number, next_paragraph);
                next_paragraph++;
            }
            seen++;
        }
        /* A heading never ends a page. */
        assert_false(t[body].font == 2 && t[body].size == 13);
    }
    assert_int_equal(next_paragraph, 150);
    assert_true(seen > 150);
    free(t);
    free(pdf);
    buf_release(&b);
    pdf_release(&p);

    /* An explicit break; a break on an empty page adds none. */
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, "een"), RC_OK);
    assert_int_equal(pdf_page_break(&p), RC_OK);
    assert_int_equal(pdf_page_break(&p), RC_OK);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, "twee"), RC_OK);
    pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    assert_int_equal(page_count(pdf), 2);
    assert_true(page_shows(pdf, 1, "twee"));
    assert_true(page_shows(pdf, 1, "Pagina 2 van 2"));
    free(pdf);
    buf_release(&b);
    pdf_release(&p);
}

/* How many lines of page i show text starting with prefix. */
static int lines_with(const struct parsed *pdf, size_t i, const char *prefix)
{
    size_t len;
    const char *s = page_stream(pdf, i, &len);
    struct shown *t = new_shown();
    int n = collect(s, len, t, MAX_SHOWN), count = 0;
    for (int k = 0; k < n; k++)
        count += strncmp(t[k].text, prefix, strlen(prefix)) == 0;
    free(t);
    return count;
}

static void test_keep_together(void **state)
{
    (void)state;
    const char *cells[2] = {"rij een\nrij twee\nrij drie", "x"};
    const double widths[2] = {0.1, 0.9};

    /* Room for one line at the bottom of page 1: a table row moves to page
     * 2 whole, a paragraph breaks between its lines. */
    for (int row = 0; row < 2; row++) {
        struct pdf p;
        pdf_init(&p, NULL);
        assert_int_equal(pdf_paragraph(&p, PDF_BODY, "begin"), RC_OK);
        assert_int_equal(pdf_space(&p, 680), RC_OK);
        if (row)
            assert_int_equal(pdf_table_row(&p, 2, cells, widths, false), RC_OK);
        else
            assert_int_equal(pdf_paragraph(&p, PDF_BODY, "rij een\nrij twee\nrij drie"), RC_OK);
        struct buf b;
        struct parsed *pdf = new_parsed();
        finish_and_parse(&p, &b, pdf);
        assert_int_equal(page_count(pdf), 2);
        assert_int_equal(lines_with(pdf, 0, "rij "), row ? 0 : 1);
        assert_int_equal(lines_with(pdf, 1, "rij "), row ? 3 : 2);
        free(pdf);
        buf_release(&b);
        pdf_release(&p);
    }

    /* A row taller than a page starts where it is and breaks between lines. */
    char tall[4000] = "";
    size_t used = 0;
    for (int i = 0; i < 80; i++)
        used += (size_t)snprintf(tall + used, sizeof(tall) - used, "regel %d\n", i);
    const char *tall_cells[2] = {"Toelichting", tall};
    struct pdf p;
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, "begin"), RC_OK);
    assert_int_equal(pdf_table_row(&p, 2, tall_cells, NULL, false), RC_OK);
    struct buf b;
    struct parsed *pdf = new_parsed();
    finish_and_parse(&p, &b, pdf);
    assert_int_equal(page_count(pdf), 2);
    assert_true(page_shows(pdf, 0, "begin"));
    assert_true(page_shows(pdf, 0, "regel 0"));
    assert_true(page_shows(pdf, 1, "regel 79"));
    assert_int_equal(lines_with(pdf, 0, "regel ") + lines_with(pdf, 1, "regel "), 80);
    free(pdf);
    buf_release(&b);
    pdf_release(&p);
}

static void test_errors_and_limits(void **state)
{
    (void)state;
    struct pdf p;
    struct buf b;
    buf_init(&b, 1024 * 1024);

    /* A bad style fails, and the error sticks. */
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, (enum pdf_style)42, "x"), RC_INVALID);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, "x"), RC_INVALID);
    assert_int_equal(pdf_finish(&p, &b), RC_INVALID);
    assert_int_equal(b.len, 0);
    pdf_release(&p);

    /* Bad creation dates. */
    static const char *const dates[] = {"2026-11-25",           "2026-02-30T10:00:00Z",
                                        "2026-11-25T24:00:00Z", "2026-11-25T16:30:00+01:00",
                                        "2026-11-25 16:30:00Z", ""};
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        struct pdf_options opt = {.creation_date = dates[i]};
        pdf_init(&p, &opt);
        assert_int_equal(pdf_paragraph(&p, PDF_BODY, "x"), RC_INVALID);
        pdf_release(&p);
    }

    /* Bad table rows and spaces. */
    const char *cells[2] = {"a", "b"};
    const double too_wide[2] = {0.6, 0.6}, zero[2] = {0, 1}, not_a_number[2] = {NAN, 0.5};
    const double *bad_widths[] = {too_wide, zero, not_a_number};
    for (size_t i = 0; i < 3; i++) {
        pdf_init(&p, NULL);
        assert_int_equal(pdf_table_row(&p, 2, cells, bad_widths[i], false), RC_INVALID);
        pdf_release(&p);
    }
    pdf_init(&p, NULL);
    assert_int_equal(pdf_table_row(&p, 0, cells, NULL, false), RC_INVALID);
    pdf_release(&p);
    pdf_init(&p, NULL);
    assert_int_equal(pdf_table_row(&p, PDF_MAX_COLUMNS + 1, cells, NULL, false), RC_INVALID);
    pdf_release(&p);
    pdf_init(&p, NULL);
    assert_int_equal(pdf_space(&p, -1), RC_INVALID);
    pdf_release(&p);

    /* Finished is finished. */
    pdf_init(&p, NULL);
    assert_int_equal(pdf_finish(&p, &b), RC_OK);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, "x"), RC_INVALID);
    assert_int_equal(pdf_finish(&p, &b), RC_INVALID);
    pdf_release(&p);

    /* Content past max_content: RC_TOO_BIG, sticky. */
    struct pdf_options small = {.max_content = 2000};
    pdf_init(&p, &small);
    enum rc rc = RC_OK;
    for (int i = 0; i < 100 && !rc; i++)
        rc = pdf_paragraph(&p, PDF_BODY, "Een regel tekst die ruimte inneemt.");
    assert_int_equal(rc, RC_TOO_BIG);
    assert_int_equal(pdf_rule(&p), RC_TOO_BIG);
    pdf_release(&p);

    /* Input larger than max_content is refused before it is copied. */
    char *big = malloc(5001);
    assert_non_null(big);
    memset(big, 'a', 5000);
    big[5000] = '\0';
    small.max_content = 4000;
    pdf_init(&p, &small);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, big), RC_TOO_BIG);
    pdf_release(&p);
    free(big);

    /* Too many pages. */
    pdf_init(&p, NULL);
    rc = RC_OK;
    for (int i = 0; i < PDF_MAX_PAGES + 5 && !rc; i++) {
        rc = pdf_paragraph(&p, PDF_BODY, "x");
        if (!rc)
            rc = pdf_page_break(&p);
    }
    assert_int_equal(rc, RC_TOO_BIG);
    assert_int_equal(p.npages, PDF_MAX_PAGES);
    pdf_release(&p);

    /* An output buffer too small keeps what it had before. */
    struct buf tiny;
    buf_init(&tiny, 600);
    assert_int_equal(buf_puts(&tiny, "keep"), RC_OK);
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY, "Een paar woorden"), RC_OK);
    assert_int_equal(pdf_finish(&p, &tiny), RC_TOO_BIG);
    assert_int_equal(tiny.len, 4);
    assert_string_equal(tiny.data, "keep");
    pdf_release(&p);
    buf_release(&tiny);
    buf_release(&b);
}

/* xorshift32: the same random input on every run. */
static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void random_text(uint32_t *seed, char *out, size_t max)
{
    size_t len = next_random(seed) % max;
    /* Mostly UTF-8-ish bytes, spaces and newlines, some anything. */
    static const char pieces[][5] = {"a",
                                     "W",
                                     " ",
                                     "\n",
                                     "(",
                                     ")",
                                     "\\",
                                     "-",
                                     "\xC3\xA9",
                                     "\xE2\x82\xAC",
                                     "\xC4\xB3",
                                     "\xCC\x81",
                                     "\xF0\x9F\x98\x80"};
    size_t n = 0;
    while (n < len) {
        uint32_t r = next_random(seed);
        if (r % 3 == 0) {
            out[n++] = (char)(next_random(seed) % 255 + 1); /* any byte but NUL */
        } else {
            const char *piece = pieces[r % (sizeof(pieces) / sizeof(pieces[0]))];
            size_t pl = strlen(piece);
            if (n + pl > len)
                break;
            memcpy(out + n, piece, pl);
            n += pl;
        }
    }
    out[n] = '\0';
}

static void test_random_input(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    char text[3][700];
    struct parsed *pdf = new_parsed();
    for (int round = 0; round < 300; round++) {
        random_text(&seed, text[0], sizeof(text[0]));
        struct pdf_options opt = {.title = text[0], .max_content = 64 * 1024};
        struct pdf p;
        pdf_init(&p, &opt);
        enum rc rc = RC_OK;
        int ops = (int)(next_random(&seed) % 40);
        for (int i = 0; i < ops && !rc; i++) {
            for (int k = 0; k < 3; k++)
                random_text(&seed, text[k], sizeof(text[k]));
            const char *cells[3] = {text[0], text[1], text[2]};
            switch (next_random(&seed) % 8) {
            case 0:
                rc = pdf_paragraph(&p, (enum pdf_style)(next_random(&seed) % 5), text[0]);
                break;
            case 1:
                rc = pdf_bullet(&p, text[0]);
                break;
            case 2:
                rc = pdf_key_value(&p, text[0], text[1]);
                break;
            case 3:
                rc = pdf_table_row(&p, 3, cells, NULL, next_random(&seed) % 2);
                break;
            case 4:
                rc = pdf_rule(&p);
                break;
            case 5:
                rc = pdf_space(&p, next_random(&seed) % 800);
                break;
            case 6:
                rc = pdf_page_break(&p);
                break;
            default:
                (void)pdf_text_width(PDF_BODY, text[0]);
                break;
            }
            assert_true(rc == RC_OK || rc == RC_TOO_BIG);
        }
        struct buf b;
        buf_init(&b, 64 * 1024 * 1024);
        enum rc done = pdf_finish(&p, &b);
        assert_int_equal(done, rc);
        if (!done) {
            parse_pdf(b.data, b.len, pdf);
            /* Every shown line parses and fits the page. */
            struct shown *t = new_shown();
            for (size_t i = 0; i < page_count(pdf); i++) {
                size_t len;
                const char *s = page_stream(pdf, i, &len);
                int n = collect(s, len, t, MAX_SHOWN);
                for (int k = 0; k < n; k++) {
                    assert_true(t[k].x >= PDF_MARGIN - 0.01);
                    assert_true(t[k].y > 0 && t[k].y < PDF_PAGE_HEIGHT);
                }
            }
            free(t);
        }
        buf_release(&b);
        pdf_release(&p);
    }
    free(pdf);
}

/* Finds program on PATH. */
static bool on_path(const char *program, char *full, size_t size)
{
    const char *path = getenv("PATH");
    while (path && *path) {
        size_t n = strcspn(path, ":");
        snprintf(full, size, "%.*s/%s", (int)n, path, program);
        if (access(full, X_OK) == 0)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

/* When poppler's pdftotext is installed, a real reader must find the text. */
static void test_pdftotext(void **state)
{
    (void)state;
    char tool[1024];
    if (!on_path("pdftotext", tool, sizeof(tool)))
        skip();
    struct pdf p;
    pdf_init(&p, NULL);
    assert_int_equal(pdf_paragraph(&p, PDF_BODY,
                                   "Bijeenkomst caf\xC3\xA9 \xE2\x80\x93 \xE2\x82\xAC"
                                   "12, ru\xC3\xAFne, \xC4\xB3s (f\\g)"),
                     RC_OK);
    struct buf b;
    buf_init(&b, 1024 * 1024);
    assert_int_equal(pdf_finish(&p, &b), RC_OK);
    char path[] = "/tmp/test_pdf_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b.data, b.len), (ssize_t)b.len);
    close(fd);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "'%s' -enc UTF-8 '%s' -", tool, path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    char out[4096];
    size_t n = fread(out, 1, sizeof(out) - 1, f);
    out[n] = '\0';
    assert_int_equal(pclose(f), 0);
    unlink(path);
    assert_non_null(strstr(out, "Bijeenkomst caf\xC3\xA9 \xE2\x80\x93 \xE2\x82\xAC"
                                "12, ru\xC3\xAFne, ijs (f\\g)"));
    assert_non_null(strstr(out, "Pagina 1 van 1"));
    buf_release(&b);
    pdf_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_dutch_text),
        cmocka_unit_test(test_escaping_in_file),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_wrapping),
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_keep_together),
        cmocka_unit_test(test_errors_and_limits),
        cmocka_unit_test(test_random_input),
        cmocka_unit_test(test_pdftotext),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
