#include "csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fold.h"
#include "banned.h"

#define CHUNK_SIZE (64 * 1024)
#define END_OF_INPUT (-1)

static enum rc fail(struct csv *c, enum rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum rc fail(struct csv *c, enum rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->error, sizeof(c->error), fmt, ap);
    va_end(ap);
    c->failed = rc;
    return rc;
}

static void init(struct csv *c, const struct csv_options *opt)
{
    memset(c, 0, sizeof(*c));
    c->opt = opt ? *opt : (struct csv_options){.separator = ',', .quoting = true};
    if (!c->opt.separator)
        c->opt.separator = ',';
    if (!c->opt.max_field)
        c->opt.max_field = CSV_DEFAULT_MAX_FIELD;
    if (c->opt.max_fields <= 0)
        c->opt.max_fields = CSV_DEFAULT_MAX_FIELDS;
    c->fields = xcalloc((size_t)c->opt.max_fields, sizeof(*c->fields));
    c->starts = xcalloc((size_t)c->opt.max_fields, sizeof(*c->starts));
    c->rec_cap = 1024; /* never NULL, so empty fields point somewhere */
    c->rec = xmalloc(c->rec_cap);
    c->next_line = 1;
}

void csv_init_file(struct csv *c, FILE *f, const struct csv_options *opt)
{
    init(c, opt);
    c->file = f;
    c->chunk = xmalloc(CHUNK_SIZE);
    c->in = c->chunk;
}

void csv_init_buffer(struct csv *c, const char *data, size_t len, const struct csv_options *opt)
{
    init(c, opt);
    c->in = data;
    c->in_len = data ? len : 0;
    c->at_eof = true; /* nothing more than the buffer */
}

void csv_release(struct csv *c)
{
    free(c->fields);
    free(c->starts);
    free(c->chunk);
    free(c->rec);
    memset(c, 0, sizeof(*c));
}

/* peek returns the next byte without taking it, END_OF_INPUT at the end;
 * a read error sets c->failed. */
static int peek(struct csv *c)
{
    if (c->pos < c->in_len)
        return (unsigned char)c->in[c->pos];
    if (c->at_eof)
        return END_OF_INPUT;
    c->in_len = fread(c->chunk, 1, CHUNK_SIZE, c->file);
    c->pos = 0;
    if (c->in_len == 0) {
        c->at_eof = true;
        if (ferror(c->file))
            fail(c, RC_IO, "read failed: %s", strerror(errno));
        return END_OF_INPUT;
    }
    return (unsigned char)c->in[0];
}

/* put appends n bytes to the field being read, within its limit. */
static enum rc put(struct csv *c, const char *s, size_t n)
{
    if (n == 0)
        return RC_OK;
    size_t field_len = c->rec_len - c->starts[c->nfields];
    if (n > c->opt.max_field - field_len)
        return fail(c, RC_TOO_BIG, "line %ld, field %d: longer than %zu bytes", c->line,
                    c->nfields + 1, c->opt.max_field);
    if (c->rec_len + n + 1 > c->rec_cap) {
        size_t cap = c->rec_cap ? c->rec_cap : 1024;
        while (cap < c->rec_len + n + 1)
            cap *= 2;
        c->rec = xrealloc(c->rec, cap);
        c->rec_cap = cap;
    }
    memcpy(c->rec + c->rec_len, s, n);
    c->rec_len += n;
    return RC_OK;
}

/* take_run appends the bytes from here up to the next special one (or the
 * end of what is buffered) in one go: the common case costs a scan and a
 * copy, not a call per byte. */
static enum rc take_run(struct csv *c, const char *stops)
{
    size_t start = c->pos;
    while (c->pos < c->in_len && !strchr(stops, c->in[c->pos]))
        c->pos++;
    return put(c, c->in + start, c->pos - start);
}

/* read_quoted reads a quoted field after its opening quote, up to and
 * including the closing one. */
static enum rc read_quoted(struct csv *c)
{
    long opened = c->next_line;
    for (;;) {
        int ch = peek(c);
        if (c->failed)
            return c->failed;
        if (ch == END_OF_INPUT)
            return fail(c, RC_INVALID, "line %ld: a quoted field is not closed", opened);
        if (ch == '"') {
            c->pos++;
            if (peek(c) != '"')
                return c->failed; /* the closing quote (or a read error) */
            c->pos++;             /* "" is one quote */
            if (put(c, "\"", 1))
                return c->failed;
            continue;
        }
        if (ch == '\n')
            c->next_line++;
        if (ch == '\0' || ch == '\n') {
            /* NUL is caught by the UTF-8 check; take it as a byte. */
            char b = (char)ch;
            c->pos++;
            if (put(c, &b, 1))
                return c->failed;
            continue;
        }
        if (take_run(c, "\"\n"))
            return c->failed;
    }
}

/* read_unquoted reads a field up to its separator or line end. */
static enum rc read_unquoted(struct csv *c)
{
    char stops[5] = {c->opt.separator, '\n', '\r', c->opt.quoting ? '"' : '\n', '\0'};
    for (;;) {
        int ch = peek(c);
        if (c->failed)
            return c->failed;
        if (ch == END_OF_INPUT || ch == c->opt.separator || ch == '\n' || ch == '\r')
            return RC_OK;
        if (ch == '"' && c->opt.quoting)
            return fail(c, RC_INVALID,
                        "line %ld, field %d: a quote inside a field that is not quoted",
                        c->next_line, c->nfields + 1);
        if (ch == '\0') {
            char b = '\0';
            c->pos++;
            if (put(c, &b, 1))
                return c->failed;
            continue;
        }
        if (take_run(c, stops))
            return c->failed;
    }
}

/* end_of_line takes a LF or CRLF; a lone CR is an error. */
static enum rc end_of_line(struct csv *c)
{
    if (peek(c) == '\r') {
        c->pos++;
        if (peek(c) != '\n')
            return c->failed
                       ? c->failed
                       : fail(c, RC_INVALID, "line %ld: a CR not followed by LF", c->next_line);
    }
    c->pos++;
    c->next_line++;
    return RC_OK;
}

/* read_field reads one field and what ends it; *last tells that it ended
 * the record. */
static enum rc read_field(struct csv *c, bool *last)
{
    if (c->nfields == c->opt.max_fields)
        return fail(c, RC_TOO_BIG, "line %ld: more than %d fields", c->line, c->opt.max_fields);
    c->starts[c->nfields] = c->rec_len;
    bool quoted = c->opt.quoting && peek(c) == '"';
    if (quoted) {
        c->pos++;
        if (read_quoted(c))
            return c->failed;
    } else if (read_unquoted(c)) {
        return c->failed;
    }
    int ch = peek(c);
    if (c->failed)
        return c->failed;
    if (ch == c->opt.separator) {
        c->pos++;
        *last = false;
    } else if (ch == '\n' || ch == '\r') {
        if (end_of_line(c))
            return c->failed;
        *last = true;
    } else if (ch == END_OF_INPUT) {
        *last = true;
    } else {
        return fail(c, RC_INVALID, "line %ld, field %d: text after the closing quote", c->next_line,
                    c->nfields + 1);
    }
    size_t start = c->starts[c->nfields];
    if (!utf8_valid(c->rec + start, c->rec_len - start))
        return fail(c, RC_INVALID, "line %ld, field %d: not valid UTF-8 (or a NUL byte)", c->line,
                    c->nfields + 1);
    /* The terminator is not part of the field's limit. */
    if (c->rec_len + 1 > c->rec_cap) {
        c->rec_cap = c->rec_cap ? c->rec_cap * 2 : 1024;
        c->rec = xrealloc(c->rec, c->rec_cap);
    }
    c->rec[c->rec_len++] = '\0';
    c->nfields++;
    return RC_OK;
}

/* skip_blank skips a byte order mark at the very start and empty lines. */
static enum rc skip_blank(struct csv *c)
{
    if (!c->started) {
        c->started = true;
        /* The first read fills the chunk, so all three bytes are there;
         * a partial BOM is left to fail the UTF-8 check. */
        if (peek(c) == 0xEF && c->in_len - c->pos >= 3 &&
            !memcmp(c->in + c->pos, "\xEF\xBB\xBF", 3))
            c->pos += 3;
    }
    for (;;) {
        int ch = peek(c);
        if (c->failed)
            return c->failed;
        if (ch != '\n' && ch != '\r')
            return RC_OK;
        if (end_of_line(c))
            return c->failed;
    }
}

enum rc csv_next(struct csv *c, bool *got)
{
    *got = false;
    if (c->failed)
        return c->failed;
    c->nfields = 0;
    c->rec_len = 0;
    if (skip_blank(c))
        return c->failed;
    if (peek(c) == END_OF_INPUT)
        return c->failed;
    c->line = c->next_line;
    bool last = false;
    while (!last)
        if (read_field(c, &last))
            return c->failed;
    if (!c->expect_fields)
        c->expect_fields = c->nfields;
    else if (c->nfields != c->expect_fields)
        return fail(c, RC_INVALID, "line %ld: %d fields, but the first line has %d", c->line,
                    c->nfields, c->expect_fields);
    for (int i = 0; i < c->nfields; i++)
        c->fields[i] = c->rec + c->starts[i];
    *got = true;
    return RC_OK;
}

int csv_find(const struct csv *c, const char *name)
{
    for (int i = 0; i < c->nfields; i++)
        if (strcmp(c->fields[i], name) == 0)
            return i;
    return -1;
}
