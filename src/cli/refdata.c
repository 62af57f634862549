#include "refdata.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "banned.h"

#define TSV_MAX_COLUMNS 32
#define REFDATA_ROWS_MAX 100000
#define TEXT_MAX_CHARS 200

/* One open TSV file, read a line at a time into a fixed buffer. */
struct tsv {
    FILE *f;
    const char *path;
    long line; /* number of the line in buf; the header is line 1 */
    int ncolumns;
    char buf[REFDATA_LINE_MAX];
    char *columns[TSV_MAX_COLUMNS];
};

static enum rc tsv_fail(const struct tsv *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum rc tsv_fail(const struct tsv *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "werkroute: %s:%ld: ", t->path, t->line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return RC_INVALID;
}

/* Reads one line (without its LF) into t->buf. *got is false at the end of
 * the file. The last line may lack its LF. */
static enum rc tsv_read_line(struct tsv *t, size_t *len, bool *got)
{
    size_t n = 0;
    int c;
    *got = false;
    while ((c = getc(t->f)) != EOF && c != '\n') {
        if (n + 1 >= sizeof(t->buf)) {
            t->line++;
            return tsv_fail(t, "line longer than %d bytes", REFDATA_LINE_MAX - 1);
        }
        t->buf[n++] = (char)c;
    }
    if (c == EOF && ferror(t->f)) {
        fprintf(stderr, "werkroute: %s: read failed: %s\n", t->path, strerror(errno));
        return RC_IO;
    }
    if (c == EOF && n == 0)
        return RC_OK;
    t->buf[n] = '\0';
    t->line++;
    *len = n;
    *got = true;
    return RC_OK;
}

/* Splits t->buf on TAB after checking the line; the header sets the column
 * count every later line must have. */
static enum rc tsv_split(struct tsv *t, size_t len)
{
    if (!utf8_valid(t->buf, len))
        return tsv_fail(t, "not valid UTF-8 (or a NUL byte)");
    if (memchr(t->buf, '\r', len))
        return tsv_fail(t, "CR in line: expected LF line endings");
    int n = 0;
    char *p = t->buf;
    for (;;) {
        if (n == TSV_MAX_COLUMNS)
            return tsv_fail(t, "more than %d columns", TSV_MAX_COLUMNS);
        t->columns[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    if (t->ncolumns == 0)
        t->ncolumns = n;
    else if (n != t->ncolumns)
        return tsv_fail(t, "expected %d columns, found %d", t->ncolumns, n);
    return RC_OK;
}

/* Opens data_dir/file and reads its header; idx[i] gets the position of
 * column names[i]. */
static enum rc tsv_open(struct tsv *t, struct arena *a, const char *data_dir, const char *file,
                        const char *const *names, int nnames, int *idx)
{
    memset(t, 0, sizeof(*t));
    t->path = arena_printf(a, "%s/%s", data_dir && *data_dir ? data_dir : ".", file);
    t->f = fopen(t->path, "r");
    if (!t->f) {
        fprintf(stderr,
                "werkroute: %s: cannot open: %s; pass --data DIR with the directory of the "
                "reference data (see data/SOURCES.md)\n",
                t->path, strerror(errno));
        return RC_IO;
    }
    size_t len = 0;
    bool got;
    enum rc rc = tsv_read_line(t, &len, &got);
    if (rc)
        return rc;
    if (!got) {
        t->line = 1;
        return tsv_fail(t, "empty file: expected a header row");
    }
    rc = tsv_split(t, len);
    if (rc)
        return rc;
    for (int i = 0; i < nnames; i++) {
        idx[i] = -1;
        for (int c = 0; c < t->ncolumns; c++)
            if (strcmp(t->columns[c], names[i]) == 0)
                idx[i] = c;
        if (idx[i] < 0)
            return tsv_fail(t, "no column %s in the header", names[i]);
    }
    return RC_OK;
}

/* Reads and splits the next data line; *got is false at the end. */
static enum rc tsv_next(struct tsv *t, bool *got)
{
    size_t len = 0;
    enum rc rc = tsv_read_line(t, &len, got);
    if (rc || !*got)
        return rc;
    return tsv_split(t, len);
}

static void tsv_close(struct tsv *t)
{
    if (t->f)
        fclose(t->f);
    t->f = NULL;
}

/* Makes room for one more element in an arena array of *cap elements. */
static void *grow(struct arena *a, void *items, int count, int *cap, size_t size)
{
    if (count < *cap)
        return items;
    int bigger = *cap ? *cap * 2 : 64;
    void *copy = arena_alloc(a, size * (size_t)bigger);
    if (count)
        memcpy(copy, items, size * (size_t)count);
    *cap = bigger;
    return copy;
}

static bool is_municipality_code(const char *s)
{
    return strlen(s) == 6 && s[0] == 'G' && s[1] == 'M' && strspn(s + 2, "0123456789") == 4;
}

/* A required single-line text value. */
static enum rc check_text(const struct tsv *t, const char *column, const char *s)
{
    if (!*s)
        return tsv_fail(t, "empty %s", column);
    if (!text_clean(s, TEXT_MAX_CHARS))
        return tsv_fail(t, "%s is not clean text of at most %d characters", column, TEXT_MAX_CHARS);
    return RC_OK;
}

static enum rc check_count(const struct tsv *t, int count)
{
    if (count >= REFDATA_ROWS_MAX)
        return tsv_fail(t, "more than %d rows", REFDATA_ROWS_MAX);
    return RC_OK;
}

enum rc refdata_municipalities(struct arena *a, const char *data_dir, const char *region_code,
                               struct refdata_municipality **out, int *n)
{
    static const char *const names[] = {"gemeentecode", "gemeentenaam", "provincienaam",
                                        "arbeidsmarktregio_code", "arbeidsmarktregio_naam"};
    int idx[5] = {0};
    struct tsv t;
    struct refdata_municipality *list = NULL;
    int count = 0, cap = 0;
    *out = NULL;
    *n = 0;
    enum rc rc = tsv_open(&t, a, data_dir, "gemeenten_2024.tsv", names, 5, idx);
    bool got = true;
    while (!rc && !(rc = tsv_next(&t, &got)) && got) {
        char **c = t.columns;
        if (!is_municipality_code(c[idx[0]])) {
            rc = tsv_fail(&t, "gemeentecode '%s' is not GM and four digits", c[idx[0]]);
            break;
        }
        for (int i = 1; !rc && i < 5; i++)
            rc = check_text(&t, names[i], c[idx[i]]);
        if (!rc)
            rc = check_count(&t, count);
        if (rc || strcmp(c[idx[3]], region_code) != 0)
            continue;
        list = grow(a, list, count, &cap, sizeof(*list));
        list[count++] = (struct refdata_municipality){
            .code = arena_strdup(a, c[idx[0]]),
            .name = arena_strdup(a, c[idx[1]]),
            .province = arena_strdup(a, c[idx[2]]),
            .region_code = arena_strdup(a, c[idx[3]]),
            .region_name = arena_strdup(a, c[idx[4]]),
        };
    }
    tsv_close(&t);
    if (rc)
        return rc;
    *out = list;
    *n = count;
    return RC_OK;
}

enum rc refdata_pc4s(struct arena *a, const char *data_dir, const char *const *codes, int ncodes,
                     struct refdata_pc4 **out, int *n)
{
    static const char *const names[] = {"pc4", "gemeentecode_2024"};
    int idx[2] = {0};
    struct tsv t;
    struct refdata_pc4 *list = NULL;
    int count = 0, cap = 0;
    *out = NULL;
    *n = 0;
    enum rc rc = tsv_open(&t, a, data_dir, "pc4_centroids.tsv", names, 2, idx);
    bool got = true;
    while (!rc && !(rc = tsv_next(&t, &got)) && got) {
        const char *pc = t.columns[idx[0]], *code = t.columns[idx[1]];
        if (strlen(pc) != 4 || strspn(pc, "0123456789") != 4 || pc[0] == '0') {
            rc = tsv_fail(&t, "pc4 '%s' is not four digits 1000-9999", pc);
            break;
        }
        if (!is_municipality_code(code)) {
            rc = tsv_fail(&t, "gemeentecode_2024 '%s' is not GM and four digits", code);
            break;
        }
        rc = check_count(&t, count);
        bool wanted = false;
        for (int i = 0; i < ncodes && !wanted; i++)
            wanted = strcmp(codes[i], code) == 0;
        if (rc || !wanted)
            continue;
        list = grow(a, list, count, &cap, sizeof(*list));
        list[count++] = (struct refdata_pc4){
            .pc4 = (int)strtol(pc, NULL, 10),
            .municipality = arena_strdup(a, code),
        };
    }
    tsv_close(&t);
    if (rc)
        return rc;
    *out = list;
    *n = count;
    return RC_OK;
}

enum rc refdata_first_names(struct arena *a, const char *data_dir, struct refdata_first_name **out,
                            int *n)
{
    static const char *const names[] = {"voornaam", "geslacht"};
    int idx[2] = {0};
    struct tsv t;
    struct refdata_first_name *list = NULL;
    int count = 0, cap = 0;
    *out = NULL;
    *n = 0;
    enum rc rc = tsv_open(&t, a, data_dir, "voornamen_nl_faker.tsv", names, 2, idx);
    bool got = true;
    while (!rc && !(rc = tsv_next(&t, &got)) && got) {
        const char *name = t.columns[idx[0]], *gender = t.columns[idx[1]];
        rc = check_text(&t, names[0], name);
        if (!rc && (strlen(gender) != 1 || !strchr("mvx", gender[0])))
            rc = tsv_fail(&t, "geslacht '%s' is not m, v or x", gender);
        if (!rc)
            rc = check_count(&t, count);
        if (rc)
            break;
        list = grow(a, list, count, &cap, sizeof(*list));
        list[count++] = (struct refdata_first_name){
            .name = arena_strdup(a, name),
            .gender = gender[0],
        };
    }
    tsv_close(&t);
    if (rc)
        return rc;
    *out = list;
    *n = count;
    return RC_OK;
}

enum rc refdata_last_names(struct arena *a, const char *data_dir, struct refdata_last_name **out,
                           int *n)
{
    static const char *const names[] = {"achternaam", "aantal_2007"};
    int idx[2] = {0};
    struct tsv t;
    struct refdata_last_name *list = NULL;
    int count = 0, cap = 0;
    *out = NULL;
    *n = 0;
    enum rc rc = tsv_open(&t, a, data_dir, "achternamen_top1000_2007.tsv", names, 2, idx);
    bool got = true;
    while (!rc && !(rc = tsv_next(&t, &got)) && got) {
        const char *name = t.columns[idx[0]], *number = t.columns[idx[1]];
        rc = check_text(&t, names[0], name);
        if (!rc &&
            (!*number || strlen(number) > 12 || strspn(number, "0123456789") != strlen(number)))
            rc = tsv_fail(&t, "aantal_2007 '%s' is not a whole number", number);
        if (!rc)
            rc = check_count(&t, count);
        if (rc)
            break;
        list = grow(a, list, count, &cap, sizeof(*list));
        struct refdata_last_name *ln = &list[count++];
        refdata_split_last_name(a, name, &ln->prefix, &ln->name);
        ln->count = strtoll(number, NULL, 10);
    }
    tsv_close(&t);
    if (rc)
        return rc;
    *out = list;
    *n = count;
    return RC_OK;
}

void refdata_split_last_name(struct arena *a, const char *full, const char **prefix,
                             const char **name)
{
    /* Longest first, so "van der Berg" is not read as "van" + "der Berg". */
    static const char *const prefixes[] = {
        "van der", "van den", "van de", "van het", "van 't", "in het", "in 't", "in de",
        "op den",  "op de",   "op 't",  "uit den", "uit de", "de la",  "van",   "den",
        "der",     "de",      "ter",    "ten",     "te",     "het",    "'t",
    };
    const char *s = full ? full : "";
    while (*s == ' ')
        s++;
    /* The name list spells 't Hart as "' t Hart". */
    if (strncmp(s, "' t ", 4) == 0)
        s = arena_printf(a, "'t%s", s + 3);
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t len = strlen(prefixes[i]);
        if (strncmp(s, prefixes[i], len) != 0 || s[len] != ' ')
            continue;
        const char *rest = s + len;
        while (*rest == ' ')
            rest++;
        /* Only before a name proper: "Ten Brink" keeps its capital and stays
         * whole, and a prefix is never all there is. */
        if (!*rest || islower((unsigned char)*rest))
            continue;
        *prefix = arena_strndup(a, s, len);
        *name = arena_strdup(a, rest);
        return;
    }
    *prefix = "";
    *name = arena_strdup(a, s);
}

/* Reads "52.3710" as 523710; false for any other shape or outside lo..hi. */
static bool parse_e4(const char *s, int lo, int hi, int *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v != v)
        return false;
    double e4 = v * 10000.0;
    if (e4 < lo || e4 > hi)
        return false;
    *out = (int)(e4 + (e4 < 0 ? -0.5 : 0.5));
    return true;
}

enum rc refdata_pc4_centroids(struct arena *a, const char *data_dir,
                              struct refdata_pc4_centroid **out, int *n)
{
    static const char *const names[] = {"pc4", "lat", "lon", "gemeentecode_2024"};
    int idx[4] = {0};
    struct tsv t;
    struct refdata_pc4_centroid *list = NULL;
    int count = 0, cap = 0;
    *out = NULL;
    *n = 0;
    enum rc rc = tsv_open(&t, a, data_dir, "pc4_centroids.tsv", names, 4, idx);
    bool got = true;
    while (!rc && !(rc = tsv_next(&t, &got)) && got) {
        const char *pc = t.columns[idx[0]], *code = t.columns[idx[3]];
        struct refdata_pc4_centroid c = {0};
        if (strlen(pc) != 4 || strspn(pc, "0123456789") != 4 || pc[0] == '0') {
            rc = tsv_fail(&t, "pc4 '%s' is not four digits 1000-9999", pc);
            break;
        }
        /* The Netherlands lies within 50..54 N and 3..8 E. */
        if (!parse_e4(t.columns[idx[1]], 500000, 540000, &c.lat_e4) ||
            !parse_e4(t.columns[idx[2]], 30000, 80000, &c.lon_e4)) {
            rc = tsv_fail(&t, "lat/lon of pc4 %s are not a place in the Netherlands", pc);
            break;
        }
        if (!is_municipality_code(code)) {
            rc = tsv_fail(&t, "gemeentecode_2024 '%s' is not GM and four digits", code);
            break;
        }
        rc = check_count(&t, count);
        if (rc)
            break;
        c.pc4 = (int)strtol(pc, NULL, 10);
        c.municipality = arena_strdup(a, code);
        list = grow(a, list, count, &cap, sizeof(*list));
        list[count++] = c;
    }
    tsv_close(&t);
    if (rc)
        return rc;
    *out = list;
    *n = count;
    return RC_OK;
}
