/* A reader of delimited text, one record at a time: RFC 4180 CSV (fields in
 * double quotes may hold the separator, line breaks and "" for a quote; CRLF
 * or LF ends a record) and, with quoting off, plain TSV where '"' is an
 * ordinary character. Every field is checked: valid UTF-8 without NUL, at
 * most max_field bytes; every record must have as many fields as the first
 * (the header). A UTF-8 byte order mark at the start is skipped; empty lines
 * between records are skipped. It reads a FILE* or a buffer the caller owns
 * and does no other I/O. */
#ifndef WR_CSV_H
#define WR_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rc.h"

#define CSV_DEFAULT_MAX_FIELD (64 * 1024)
#define CSV_DEFAULT_MAX_FIELDS 64
#define CSV_ERROR_MAX 200

struct csv_options {
    char separator;   /* ',' for CSV, '\t' for TSV */
    bool quoting;     /* RFC 4180 quotes; false: '"' is an ordinary character */
    size_t max_field; /* bytes in one field; 0 means CSV_DEFAULT_MAX_FIELD */
    int max_fields;   /* fields in one record; 0 means CSV_DEFAULT_MAX_FIELDS */
};

struct csv {
    /* After csv_next returned a record: its fields, NUL-terminated, owned
     * by the reader and valid until the next csv_next or csv_release. */
    char **fields;
    int nfields;
    long line; /* the line the record starts on, 1 for the first */
    /* After a failure: what went wrong and where, e.g. "line 3: a quote
     * inside a field that is not quoted". */
    char error[CSV_ERROR_MAX];

    /* Private. */
    struct csv_options opt;
    FILE *file;
    const char *in; /* the buffer, or the chunk read from file */
    size_t in_len, pos;
    char *chunk;
    char *rec; /* the bytes of the current record's fields, each NUL-ended */
    size_t rec_len, rec_cap;
    size_t *starts; /* where each field starts in rec */
    long next_line; /* line of the next byte */
    int expect_fields;
    bool started, at_eof;
    enum rc failed;
};

/* csv_init_file reads from f (the caller opens and closes it); opt may be
 * NULL for CSV with the default limits. */
void csv_init_file(struct csv *c, FILE *f, const struct csv_options *opt);
/* csv_init_buffer reads the len bytes at data, which must outlive c. */
void csv_init_buffer(struct csv *c, const char *data, size_t len, const struct csv_options *opt);
/* csv_release frees what the reader holds (not the FILE or the buffer). */
void csv_release(struct csv *c);

/* csv_next reads the next record: RC_OK with *got true and c->fields set,
 * or RC_OK with *got false at the end of the input. Errors, each with
 * c->error set: RC_INVALID for malformed input (invalid UTF-8 or a NUL, a
 * quote inside an unquoted field, text after a closing quote, a quoted field
 * that never closes, a CR not followed by LF, a record with another number
 * of fields than the first); RC_TOO_BIG for a field longer than max_field or
 * more than max_fields fields; RC_IO when reading the file failed. After an
 * error every later call fails the same way. */
enum rc csv_next(struct csv *c, bool *got);

/* csv_find returns the index of the field equal to name in the current
 * record (the header, typically), or -1. */
int csv_find(const struct csv *c, const char *name);

#endif
