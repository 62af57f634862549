/* A small PDF writer for text documents such as the plan van aanpak: A4
 * portrait pages with paragraphs in a few styles, word-wrapped with the real
 * Helvetica glyph widths, key/value and table rows, bullets, horizontal
 * rules, automatic page breaks and a footer "Pagina N van M" on every page.
 *
 * Text is UTF-8. It is shown in the standard fonts Helvetica and
 * Helvetica-Bold with WinAnsiEncoding (cp1252), so every Dutch and common
 * West-European letter works, and ‘ ’ “ ” – — • … € too; Ĳ/ĳ become "IJ"/"ij".
 * A character cp1252 cannot show, or a byte of invalid UTF-8, becomes '?'.
 * '\n' starts a new line, '\t' is a space, '\r' is dropped.
 *
 * Pure: no I/O, no clock, no global state. Memory is bounded: the content of
 * all pages together is at most max_content bytes, the document at most
 * PDF_MAX_PAGES pages; past either the call fails with RC_TOO_BIG. Content
 * streams are left uncompressed.
 *
 * Errors stick: after a call failed, every later call (pdf_finish included)
 * returns the same rc, so a caller may add everything and check once. */
#ifndef WR_PDF_H
#define WR_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "rc.h"

#define PDF_DEFAULT_MAX_CONTENT (4 * 1024 * 1024)
#define PDF_MAX_PAGES 1000
#define PDF_MAX_COLUMNS 8

/* A4 portrait, in points (1/72 inch), and the area text is set in. */
#define PDF_PAGE_WIDTH 595.28
#define PDF_PAGE_HEIGHT 841.89
#define PDF_MARGIN 56.69 /* 20 mm left, right and top */
#define PDF_TEXT_WIDTH (PDF_PAGE_WIDTH - 2 * PDF_MARGIN)

enum pdf_style {
    PDF_TITLE,   /* Helvetica-Bold 18 */
    PDF_HEADING, /* Helvetica-Bold 13, kept with the lines after it */
    PDF_BODY,    /* Helvetica 10 */
    PDF_BOLD,    /* Helvetica-Bold 10 */
    PDF_SMALL,   /* Helvetica 8, grey: notes, dates, the footer */
};

struct pdf_options {
    const char *title;         /* UTF-8, for the document info and the footer; may be NULL */
    const char *creation_date; /* "2026-11-25T16:30:00Z" (timestamp_now's form) or NULL */
    size_t max_content;        /* bytes of page content; 0 means PDF_DEFAULT_MAX_CONTENT */
};

struct pdf {
    /* Private. */
    char *title;            /* malloc'ed copy, or NULL */
    char creation_date[24]; /* "D:20261125163000Z", or "" */
    struct buf content;     /* the content streams of all pages, one after the other */
    size_t *page_start;     /* where each page's stream starts in content */
    int npages, page_cap;
    double y;         /* top of the next line, in points from the bottom */
    bool at_page_top; /* nothing drawn on the current page yet */
    bool finished;
    enum rc failed; /* the first error, returned by every later call */
};

/* pdf_init prepares an empty document; opt may be NULL. It copies the title.
 * A creation_date of another shape makes every later call fail with
 * RC_INVALID. Release with pdf_release. */
void pdf_init(struct pdf *p, const struct pdf_options *opt);
/* pdf_release frees what the document holds (not a buf given to pdf_finish). */
void pdf_release(struct pdf *p);

/* pdf_paragraph adds text in style, wrapped to the text width; a word wider
 * than a line is broken. Pages break between lines; a heading or title that
 * would end a page moves to the next one. RC_INVALID for an unknown style. */
enum rc pdf_paragraph(struct pdf *p, enum pdf_style style, const char *text);

/* pdf_bullet adds text as a list item: "•" and the text wrapped beside it. */
enum rc pdf_bullet(struct pdf *p, const char *text);

/* pdf_key_value adds a row with key in bold in the left third and value
 * beside it, each wrapped within its column. */
enum rc pdf_key_value(struct pdf *p, const char *key, const char *value);

/* pdf_table_row adds one row of ncols (1..PDF_MAX_COLUMNS) cells, each
 * wrapped in its column. widths are the columns' shares of the text width
 * (each > 0, together at most 1), or NULL for equal columns. A header row is
 * bold with a rule under it. A row moves to the next page whole when it fits
 * there; a taller row breaks between lines. NULL cells are empty. RC_INVALID
 * for a bad ncols or widths. */
enum rc pdf_table_row(struct pdf *p, int ncols, const char *const cells[], const double widths[],
                      bool header);

/* pdf_rule draws a thin horizontal line across the text width. */
enum rc pdf_rule(struct pdf *p);

/* pdf_space adds points (0..PDF_PAGE_HEIGHT) of vertical space; none at
 * the top of a page. RC_INVALID for other values. */
enum rc pdf_space(struct pdf *p, double points);

/* pdf_page_break starts a new page unless the current one is still empty. */
enum rc pdf_page_break(struct pdf *p);

/* pdf_finish appends the whole PDF file to out (the PDF's byte offsets
 * count from where it starts in out) and ends the document: later calls
 * fail with RC_INVALID. A document with nothing added has one empty page.
 * RC_TOO_BIG when out reaches its maximum; out then keeps only what it held
 * before. */
enum rc pdf_finish(struct pdf *p, struct buf *out);

/* pdf_text_width returns the width in points of text set on one line in
 * style, after the same conversion to cp1252 ('\n' takes no room); 0 for an
 * unknown style or NULL. */
double pdf_text_width(enum pdf_style style, const char *text);

#endif
