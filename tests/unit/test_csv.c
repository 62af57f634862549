/* The CSV/TSV reader (src/core/csv.c): RFC 4180 quoting, line endings, the
 * TSV dialect, reading from a file in chunks, and every kind of malformed
 * input getting a clear error instead of a wrong record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

#include "banned.h"

/* Reads all of text into one string: records separated by '\n', fields by
 * '|'. Returns the rc of the first failure (records so far are in out). */
static enum rc read_all(const char *text, size_t len, const struct csv_options *opt, char *out,
                        size_t size, char *error)
{
    struct csv c;
    csv_init_buffer(&c, text, len, opt);
    size_t used = 0;
    out[0] = '\0';
    enum rc rc;
    bool got;
    while (!(rc = csv_next(&c, &got)) && got) {
        for (int i = 0; i < c.nfields; i++)
            used += (size_t)snprintf(out + used, size - used, "%s%s", i ? "|" : "", c.fields[i]);
        used += (size_t)snprintf(out + used, size - used, "\n");
        assert_true(used < size);
    }
    if (error)
        snprintf(error, CSV_ERROR_MAX, "%s", c.error);
    /* An error sticks. */
    if (rc)
        assert_int_equal(csv_next(&c, &got), rc);
    csv_release(&c);
    return rc;
}

static void assert_reads(const char *text, const char *want)
{
    char out[4096];
    enum rc rc = read_all(text, strlen(text), NULL, out, sizeof(out), NULL);
    assert_int_equal(rc, RC_OK);
    assert_string_equal(out, want);
}

static void assert_fails(const char *text, size_t len, const struct csv_options *opt, enum rc want,
                         const char *error_part)
{
    char out[4096], error[CSV_ERROR_MAX];
    enum rc rc = read_all(text, len, opt, out, sizeof(out), error);
    if (rc != want)
        fail_msg("%s: got %s, want %s (%s)", text, rc_name(rc), rc_name(want), error);
    if (!strstr(error, error_part))
        fail_msg("error '%s' does not mention '%s'", error, error_part);
}

static void test_plain_records(void **state)
{
    (void)state;
    assert_reads("a,b,c\n1,2,3\n", "a|b|c\n1|2|3\n");
    assert_reads("a,b\r\n1,2\r\n", "a|b\n1|2\n");
    assert_reads("a,b\n1,2", "a|b\n1|2\n"); /* no line end at the end */
    assert_reads("a,b\n,\n", "a|b\n|\n");   /* empty fields */
    assert_reads("", "");
    assert_reads("\n\n", "");
    assert_reads("a\n\n\r\nb\n", "a\nb\n");               /* empty lines are skipped */
    assert_reads("\357\273\277a,b\n1,2\n", "a|b\n1|2\n"); /* BOM */
    assert_reads("caf\xC3\xA9,\xC4\xB2muiden\n", "caf\xC3\xA9|\xC4\xB2muiden\n");
}

static void test_quoted_fields(void **state)
{
    (void)state;
    assert_reads("\"a,b\",c\n", "a,b|c\n");
    assert_reads("\"say \"\"hi\"\"\",x\n", "say \"hi\"|x\n");
    assert_reads("\"\",\"\"\n", "|\n");
    assert_reads("\"\"\"\"\n", "\"\n");
    /* Line breaks inside quotes belong to the field, CRLF kept as it is. */
    assert_reads("uri,alt\nu1,\"lasser\nlasster\"\n", "uri|alt\nu1|lasser\nlasster\n");
    assert_reads("u1,\"a\r\nb\"\r\n", "u1|a\r\nb\n");
    assert_reads("\"last\"", "last\n");
    assert_reads("\"x\",\"y\"\r\n", "x|y\n");
}

static void test_line_numbers(void **state)
{
    (void)state;
    const char *text = "h1,h2\n\"multi\nline\",x\nnext,y\n";
    struct csv c;
    csv_init_buffer(&c, text, strlen(text), NULL);
    bool got;
    long lines[3];
    for (int i = 0; i < 3; i++) {
        assert_int_equal(csv_next(&c, &got), RC_OK);
        assert_true(got);
        lines[i] = c.line;
    }
    assert_int_equal(lines[0], 1);
    assert_int_equal(lines[1], 2);
    assert_int_equal(lines[2], 4);
    assert_int_equal(csv_find(&c, "y"), 1);
    assert_int_equal(csv_find(&c, "nope"), -1);
    assert_int_equal(csv_next(&c, &got), RC_OK);
    assert_false(got);
    csv_release(&c);
}

static void test_tsv_dialect(void **state)
{
    (void)state;
    struct csv_options tsv = {.separator = '\t', .quoting = false};
    char out[256];
    const char *text = "a\tb\n\"quoted\"\tx, y\n";
    assert_int_equal(read_all(text, strlen(text), &tsv, out, sizeof(out), NULL), RC_OK);
    assert_string_equal(out, "a|b\n\"quoted\"|x, y\n");
}

static void test_malformed(void **state)
{
    (void)state;
    assert_fails("a,b\n\"open,x\n", 12, NULL, RC_INVALID, "line 2: a quoted field is not closed");
    assert_fails("a,b\nx\"y,z\n", 10, NULL, RC_INVALID, "line 2, field 1: a quote inside");
    assert_fails("\"a\"b,c\n", 7, NULL, RC_INVALID, "text after the closing quote");
    assert_fails("a,b\n1,2,3\n", 10, NULL, RC_INVALID,
                 "line 2: 3 fields, but the first line has 2");
    assert_fails("a,b\n1\n", 6, NULL, RC_INVALID, "1 fields");
    assert_fails("a,b\r1,2\n", 8, NULL, RC_INVALID, "line 1: a CR not followed by LF");
    /* Invalid UTF-8: a stray continuation byte, an overlong form, a
     * surrogate, a truncated sequence at the end, and NUL. */
    assert_fails("ok\n\x80\n", 5, NULL, RC_INVALID, "line 2, field 1: not valid UTF-8");
    assert_fails("\xC0\xAF\n", 3, NULL, RC_INVALID, "not valid UTF-8");
    assert_fails("x,\"\xED\xA0\x80\"\n", 8, NULL, RC_INVALID, "field 2: not valid UTF-8");
    assert_fails("x,\xC3", 3, NULL, RC_INVALID, "not valid UTF-8");
    assert_fails("a\0b\n", 4, NULL, RC_INVALID, "not valid UTF-8");
    assert_fails("\"a\0b\"\n", 6, NULL, RC_INVALID, "not valid UTF-8");
    assert_fails("\357\273a\n", 4, NULL, RC_INVALID, "not valid UTF-8"); /* half a BOM */
}

static void test_limits(void **state)
{
    (void)state;
    struct csv_options small = {.separator = ',', .quoting = true, .max_field = 8, .max_fields = 3};
    char out[256];
    assert_int_equal(read_all("12345678,x\n", 11, &small, out, sizeof(out), NULL), RC_OK);
    assert_fails("123456789,x\n", 12, &small, RC_TOO_BIG, "line 1, field 1: longer than 8 bytes");
    assert_fails("a,\"12345\n6789\"\n", 15, &small, RC_TOO_BIG, "field 2: longer than 8 bytes");
    assert_fails("a,b,c,d\n", 8, &small, RC_TOO_BIG, "more than 3 fields");
    /* A quote-escaped field counts its unescaped bytes. */
    assert_int_equal(
        read_all("\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\n", 19, &small, out, sizeof(out), NULL),
        RC_OK);
    assert_string_equal(out, "\"\"\"\"\"\"\"\"\n");
}

/* A file bigger than the reader's chunk: fields and CRLFs cross chunk
 * borders. */
static void test_file_in_chunks(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs("id,label,alt\r\n", f);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "%d,\"label, %d\",\"alt %d\r\nsecond \"\"%d\"\"\"\r\n", i, i, i, i);
    rewind(f);
    struct csv c;
    csv_init_file(&c, f, NULL);
    bool got;
    assert_int_equal(csv_next(&c, &got), RC_OK);
    assert_int_equal(csv_find(&c, "alt"), 2);
    int n = 0;
    enum rc rc;
    while (!(rc = csv_next(&c, &got)) && got) {
        char want[64];
        snprintf(want, sizeof(want), "label, %d", n);
        assert_string_equal(c.fields[1], want);
        snprintf(want, sizeof(want), "alt %d\r\nsecond \"%d\"", n, n);
        assert_string_equal(c.fields[2], want);
        assert_int_equal(c.line, 2 + 2 * n);
        n++;
    }
    assert_int_equal(rc, RC_OK);
    assert_int_equal(n, 20000);
    csv_release(&c);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_records),  cmocka_unit_test(test_quoted_fields),
        cmocka_unit_test(test_line_numbers),   cmocka_unit_test(test_tsv_dialect),
        cmocka_unit_test(test_malformed),      cmocka_unit_test(test_limits),
        cmocka_unit_test(test_file_in_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
