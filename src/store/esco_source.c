/* Reading the ESCO files of a directory into memory (esco_source.h), from
 * the shared TSV copy or the ESCO CSV download. Both are read with the one
 * delimited-text reader (src/core/csv.c), columns found by their header
 * names, and every value checked before anything is written. */
#include "esco_source.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "fold.h"
#include "banned.h"

#define MAX_COLUMNS 8
#define LABEL_MAX_CHARS 500
#define URI_MAX_CHARS 300
#define CODE_MAX_CHARS 50
#define TSV_MULTI_SEPARATOR " | " /* data/SOURCES.md */

/* One file being read, its wanted columns found by name. */
struct table {
    const char *path;
    FILE *f;
    struct csv csv;
    int ncols;
    int col[MAX_COLUMNS];
};

static enum rc table_fail(const struct table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum rc table_fail(const struct table *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "werkroute: %s:%ld: ", t->path, t->csv.line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return RC_INVALID;
}

static const char *path_of(struct arena *a, const char *dir, const char *file)
{
    return arena_printf(a, "%s/%s", dir && *dir ? dir : ".", file);
}

static bool file_exists(struct arena *a, const char *dir, const char *file)
{
    return access(path_of(a, dir, file), R_OK) == 0;
}

/* table_open opens dir/file and finds the columns in names, in that order,
 * in its header. TSV files (data/SOURCES.md) have no quoting. */
static enum rc table_open(struct table *t, struct arena *a, const char *dir, const char *file,
                          const char *const *names, int nnames)
{
    memset(t, 0, sizeof(*t));
    t->path = path_of(a, dir, file);
    t->f = fopen(t->path, "r");
    if (!t->f) {
        fprintf(stderr, "werkroute: %s: cannot open: %s\n", t->path, strerror(errno));
        return RC_IO;
    }
    size_t n = strlen(file);
    bool tsv = n > 4 && strcmp(file + n - 4, ".tsv") == 0;
    struct csv_options opt = {.separator = tsv ? '\t' : ',', .quoting = !tsv};
    csv_init_file(&t->csv, t->f, &opt);
    bool got;
    enum rc rc = csv_next(&t->csv, &got);
    if (rc) {
        fprintf(stderr, "werkroute: %s: %s\n", t->path, t->csv.error);
        return rc;
    }
    if (!got) {
        fprintf(stderr, "werkroute: %s: empty file: expected a header row\n", t->path);
        return RC_INVALID;
    }
    t->ncols = nnames;
    for (int i = 0; i < nnames; i++) {
        t->col[i] = csv_find(&t->csv, names[i]);
        if (t->col[i] < 0)
            return table_fail(t, "no column %s in the header", names[i]);
    }
    return RC_OK;
}

static enum rc table_next(struct table *t, bool *got)
{
    enum rc rc = csv_next(&t->csv, got);
    if (rc)
        fprintf(stderr, "werkroute: %s: %s\n", t->path, t->csv.error);
    return rc;
}

/* table_get returns wanted column i of the current row. */
static const char *table_get(const struct table *t, int i)
{
    return t->csv.fields[t->col[i]];
}

static void table_close(struct table *t)
{
    csv_release(&t->csv);
    if (t->f)
        fclose(t->f);
    t->f = NULL;
}

/* trimmed returns s without leading and trailing spaces, in a. */
static const char *trimmed(struct arena *a, const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t' || *s == '\r'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    return arena_strndup(a, s, len);
}

/* check_text checks a single-line value; required ones may not be empty. */
static enum rc check_text(const struct table *t, const char *what, const char *s, size_t max,
                          bool required)
{
    if (required && !*s)
        return table_fail(t, "empty %s", what);
    if (!text_clean(s, max))
        return table_fail(t, "%s is not clean text of at most %zu characters", what, max);
    return RC_OK;
}

static enum rc check_uri(const struct table *t, const char *what, const char *s)
{
    enum rc rc = check_text(t, what, s, URI_MAX_CHARS, true);
    if (!rc && strchr(s, ' '))
        rc = table_fail(t, "%s has a space: %s", what, s);
    return rc;
}

/* ---- Concepts ---- */

/* concept_for finds the occupation or skill with uri, or adds it. A second
 * mention in the same file is an error. */
static enum rc concept_for(struct esco_source *src, const struct table *t, bool skill,
                           const char *uri, struct esco_src_concept **out)
{
    struct strmap *index = skill ? &src->skill_index : &src->occupation_index;
    struct esco_src_concept **list = skill ? &src->skills : &src->occupations;
    int *n = skill ? &src->nskills : &src->noccupations;
    int *cap = skill ? &src->skills_cap : &src->occupations_cap;
    int64_t i;
    if (!strmap_get(index, uri, &i)) {
        *list = arena_grow(&src->arena, *list, sizeof(**list), cap, *n);
        i = (*n)++;
        struct esco_src_concept *c = &(*list)[i];
        memset(c, 0, sizeof(*c));
        c->uri = arena_strdup(&src->arena, uri);
        c->code = c->isco_code = c->skill_type = c->reuse_level = "";
        for (int l = 0; l < ESCO_LANGS; l++)
            c->label[l] = "";
        strmap_put(index, c->uri, i);
    }
    struct esco_src_concept *c = &(*list)[i];
    if (c->file == src->file)
        return table_fail(t, "%s is in this file twice", uri);
    c->file = src->file;
    *out = c;
    return RC_OK;
}

/* set_if_empty fills a language-independent field from the first file
 * that has it. */
static void set_if_empty(struct arena *a, const char **field, const char *value)
{
    if (!**field && *value)
        *field = arena_strdup(a, value);
}

static enum rc add_alt(struct esco_source *src, const struct table *t, struct esco_src_concept *c,
                       enum esco_lang lang, const char *s, size_t len)
{
    const char *label = trimmed(&src->arena, s, len);
    if (!*label || strcmp(label, c->label[lang]) == 0)
        return RC_OK;
    for (int k = 0; k < c->nalt[lang]; k++)
        if (strcmp(c->alt[lang][k], label) == 0)
            return RC_OK;
    enum rc rc = check_text(t, "alternative label", label, LABEL_MAX_CHARS, false);
    if (rc)
        return rc;
    c->alt[lang] = arena_grow(&src->arena, c->alt[lang], sizeof(*c->alt[lang]), &c->alt_cap[lang],
                              c->nalt[lang]);
    c->alt[lang][c->nalt[lang]++] = label;
    return RC_OK;
}

/* set_labels sets the preferred label in lang and the alternative ones,
 * split on separator (" | " in the TSV files, a line break in the CSV
 * download). */
static enum rc set_labels(struct esco_source *src, const struct table *t,
                          struct esco_src_concept *c, enum esco_lang lang, const char *preferred,
                          const char *alts, const char *separator)
{
    const char *label = trimmed(&src->arena, preferred, strlen(preferred));
    enum rc rc = check_text(t, "preferred label", label, LABEL_MAX_CHARS, false);
    if (rc)
        return rc;
    c->label[lang] = label;
    size_t seplen = strlen(separator);
    for (const char *p = alts; !rc && *p;) {
        const char *end = strstr(p, separator);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        rc = add_alt(src, t, c, lang, p, len);
        p += len + (end ? seplen : 0);
    }
    return rc;
}

/* ---- Groups ---- */

static enum rc group_for(struct esco_source *src, const struct table *t, const char *uri,
                         struct esco_src_group **out)
{
    int64_t i;
    if (!strmap_get(&src->group_index, uri, &i)) {
        src->groups = arena_grow(&src->arena, src->groups, sizeof(*src->groups), &src->groups_cap,
                                 src->ngroups);
        i = src->ngroups++;
        struct esco_src_group *g = &src->groups[i];
        memset(g, 0, sizeof(*g));
        g->uri = arena_strdup(&src->arena, uri);
        g->code = g->label[ESCO_NL] = g->label[ESCO_EN] = "";
        strmap_put(&src->group_index, g->uri, i);
    }
    struct esco_src_group *g = &src->groups[i];
    if (g->file == src->file)
        return table_fail(t, "%s is in this file twice", uri);
    g->file = src->file;
    *out = g;
    return RC_OK;
}

static bool is_isco_code(const char *s)
{
    size_t n = strlen(s);
    return n >= 1 && n <= 4 && strspn(s, "0123456789") == n;
}

static enum rc isco_for(struct esco_source *src, const struct table *t, const char *code,
                        struct esco_src_isco **out)
{
    if (!is_isco_code(code))
        return table_fail(t, "'%s' is not an ISCO-08 code of 1 to 4 digits", code);
    int64_t i;
    if (!strmap_get(&src->isco_index, code, &i)) {
        src->isco =
            arena_grow(&src->arena, src->isco, sizeof(*src->isco), &src->isco_cap, src->nisco);
        i = src->nisco++;
        struct esco_src_isco *g = &src->isco[i];
        memset(g, 0, sizeof(*g));
        g->code = arena_strdup(&src->arena, code);
        /* The level is the number of digits; the parent drops the last. */
        g->level = (int)strlen(code);
        g->parent_code = arena_strndup(&src->arena, code, strlen(code) - 1);
        g->uri = g->label[ESCO_NL] = g->label[ESCO_EN] = "";
        strmap_put(&src->isco_index, g->code, i);
    }
    struct esco_src_isco *g = &src->isco[i];
    if (g->file == src->file)
        return table_fail(t, "ISCO group %s is in this file twice", code);
    g->file = src->file;
    *out = g;
    return RC_OK;
}

/* ---- Relations ---- */

static enum rc add_relation(struct esco_source *src, const struct table *t, const char *occupation,
                            const char *type, const char *skill)
{
    bool essential = strcmp(type, "essential") == 0;
    if (!essential && strcmp(type, "optional") != 0)
        return table_fail(t, "relation type '%s': expected essential or optional", type);
    int64_t o, s;
    if (!strmap_get(&src->occupation_index, occupation, &o) ||
        !strmap_get(&src->skill_index, skill, &s)) {
        /* A known URI was checked when its concept was read; an unknown one
         * is skipped, but not when it is garbage. */
        enum rc rc = check_uri(t, "occupation URI", occupation);
        if (!rc)
            rc = check_uri(t, "skill URI", skill);
        if (!rc)
            src->skipped_relations++;
        return rc;
    }
    src->relations = arena_grow(&src->arena, src->relations, sizeof(*src->relations),
                                &src->relations_cap, src->nrelations);
    src->relations[src->nrelations++] =
        (struct esco_src_relation){.occupation = (int)o, .skill = (int)s, .essential = essential};
    return RC_OK;
}

static enum rc add_broader(struct esco_source *src, const struct table *t, const char *const *v)
{
    enum rc rc = check_uri(t, "concept URI", v[1]);
    if (!rc)
        rc = check_uri(t, "broader URI", v[3]);
    if (!rc)
        rc = check_text(t, "concept type", v[0], CODE_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "broader type", v[2], CODE_MAX_CHARS, false);
    if (rc)
        return rc;
    struct arena *a = &src->arena;
    src->broader =
        arena_grow(a, src->broader, sizeof(*src->broader), &src->broader_cap, src->nbroader);
    src->broader[src->nbroader++] = (struct esco_src_broader){
        .concept_type = arena_strdup(a, v[0]),
        .concept_uri = arena_strdup(a, v[1]),
        .broader_type = arena_strdup(a, v[2]),
        .broader_uri = arena_strdup(a, v[3]),
    };
    return RC_OK;
}

/* ---- Reading a file row by row ---- */

/* A reader of one kind of row: v holds the wanted columns in order. */
typedef enum rc (*row_fn)(struct esco_source *src, const struct table *t, const char *const *v,
                          enum esco_lang lang);

static enum rc read_file(struct esco_source *src, const char *dir, const char *file,
                         const char *const *names, int nnames, enum esco_lang lang, row_fn fn)
{
    struct table t;
    src->file++;
    enum rc rc = table_open(&t, &src->arena, dir, file, names, nnames);
    bool got = true;
    while (!rc && !(rc = table_next(&t, &got)) && got) {
        const char *v[MAX_COLUMNS];
        for (int i = 0; i < nnames; i++)
            v[i] = table_get(&t, i);
        rc = fn(src, &t, v, lang);
    }
    table_close(&t);
    return rc;
}

/* ---- The shared TSV copy (data/SOURCES.md) ---- */

static enum rc tsv_occupation(struct esco_source *src, const struct table *t, const char *const *v,
                              enum esco_lang lang)
{
    /* occupation_uri, esco_code, isco08_code, label_nl, altlabels_nl, label_en, altlabels_en */
    struct esco_src_concept *c;
    enum rc rc = check_uri(t, "occupation_uri", v[0]);
    if (!rc)
        rc = check_text(t, "esco_code", v[1], CODE_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "isco08_code", v[2], CODE_MAX_CHARS, false);
    if (!rc)
        rc = concept_for(src, t, false, v[0], &c);
    if (rc)
        return rc;
    set_if_empty(&src->arena, &c->code, v[1]);
    set_if_empty(&src->arena, &c->isco_code, v[2]);
    rc = set_labels(src, t, c, ESCO_NL, v[3], v[4], TSV_MULTI_SEPARATOR);
    if (!rc)
        rc = set_labels(src, t, c, ESCO_EN, v[5], v[6], TSV_MULTI_SEPARATOR);
    return rc;
}

static enum rc tsv_skill(struct esco_source *src, const struct table *t, const char *const *v,
                         enum esco_lang lang)
{
    /* skill_uri, skill_type, reuse_level, label_en, altlabels_en, label_nl, altlabels_nl */
    struct esco_src_concept *c;
    enum rc rc = check_uri(t, "skill_uri", v[0]);
    if (!rc)
        rc = check_text(t, "skill_type", v[1], CODE_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "reuse_level", v[2], CODE_MAX_CHARS, false);
    if (!rc)
        rc = concept_for(src, t, true, v[0], &c);
    if (rc)
        return rc;
    set_if_empty(&src->arena, &c->skill_type, v[1]);
    set_if_empty(&src->arena, &c->reuse_level, v[2]);
    rc = set_labels(src, t, c, ESCO_EN, v[3], v[4], TSV_MULTI_SEPARATOR);
    if (!rc)
        rc = set_labels(src, t, c, ESCO_NL, v[5], v[6], TSV_MULTI_SEPARATOR);
    return rc;
}

static enum rc tsv_relation(struct esco_source *src, const struct table *t, const char *const *v,
                            enum esco_lang lang)
{
    return add_relation(src, t, v[0], v[1], v[2]);
}

static enum rc any_broader(struct esco_source *src, const struct table *t, const char *const *v,
                           enum esco_lang lang)
{
    return add_broader(src, t, v);
}

static enum rc tsv_group(struct esco_source *src, const struct table *t, const char *const *v,
                         enum esco_lang lang)
{
    /* group_uri, code, label_nl, label_en */
    struct esco_src_group *g;
    enum rc rc = check_uri(t, "group_uri", v[0]);
    if (!rc)
        rc = check_text(t, "code", v[1], CODE_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "label_nl", v[2], LABEL_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "label_en", v[3], LABEL_MAX_CHARS, false);
    if (!rc)
        rc = group_for(src, t, v[0], &g);
    if (rc)
        return rc;
    g->code = arena_strdup(&src->arena, v[1]);
    g->label[ESCO_NL] = trimmed(&src->arena, v[2], strlen(v[2]));
    g->label[ESCO_EN] = trimmed(&src->arena, v[3], strlen(v[3]));
    return RC_OK;
}

static enum rc tsv_isco(struct esco_source *src, const struct table *t, const char *const *v,
                        enum esco_lang lang)
{
    /* isco08_code, level, parent_code, esco_uri, label_nl, label_en */
    struct esco_src_isco *g;
    enum rc rc = isco_for(src, t, v[0], &g);
    if (rc)
        return rc;
    char level[2] = {(char)('0' + g->level), '\0'};
    if (strcmp(v[1], level) != 0 || strcmp(v[2], g->parent_code) != 0)
        return table_fail(t, "ISCO group %s: level %s and parent '%s' do not fit the code", v[0],
                          v[1], v[2]);
    rc = check_text(t, "esco_uri", v[3], URI_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "label_nl", v[4], LABEL_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "label_en", v[5], LABEL_MAX_CHARS, false);
    if (rc)
        return rc;
    g->uri = arena_strdup(&src->arena, v[3]);
    g->label[ESCO_NL] = trimmed(&src->arena, v[4], strlen(v[4]));
    g->label[ESCO_EN] = trimmed(&src->arena, v[5], strlen(v[5]));
    return RC_OK;
}

static enum rc read_tsv_layout(struct esco_source *src, const char *dir)
{
    static const char *const isco[] = {"isco08_code", "level",    "parent_code",
                                       "esco_uri",    "label_nl", "label_en"};
    static const char *const groups[] = {"group_uri", "code", "label_nl", "label_en"};
    static const char *const occupations[] = {"occupation_uri", "esco_code",    "isco08_code",
                                              "label_nl",       "altlabels_nl", "label_en",
                                              "altlabels_en"};
    static const char *const skills[] = {"skill_uri",    "skill_type", "reuse_level", "label_en",
                                         "altlabels_en", "label_nl",   "altlabels_nl"};
    static const char *const relations[] = {"occupation_uri", "relation_type", "skill_uri"};
    static const char *const broader[] = {"concept_type", "concept_uri", "broader_type",
                                          "broader_uri"};
    enum rc rc = read_file(src, dir, "isco08_groups.tsv", isco, 6, ESCO_NL, tsv_isco);
    if (!rc)
        rc = read_file(src, dir, "esco_skill_groups.tsv", groups, 4, ESCO_NL, tsv_group);
    if (!rc)
        rc = read_file(src, dir, "esco_occupations.tsv", occupations, 7, ESCO_NL, tsv_occupation);
    if (!rc)
        rc = read_file(src, dir, "esco_skills.tsv", skills, 7, ESCO_NL, tsv_skill);
    if (!rc)
        rc = read_file(src, dir, "esco_occupation_skill_relations.tsv", relations, 3, ESCO_NL,
                       tsv_relation);
    if (!rc)
        rc = read_file(src, dir, "esco_skill_broader.tsv", broader, 4, ESCO_NL, any_broader);
    return rc;
}

/* ---- The ESCO CSV download ---- */

static const char *const lang_codes[ESCO_LANGS] = {"nl", "en"};

static enum rc csv_occupation(struct esco_source *src, const struct table *t, const char *const *v,
                              enum esco_lang lang)
{
    /* conceptUri, preferredLabel, altLabels, code, iscoGroup */
    struct esco_src_concept *c;
    enum rc rc = check_uri(t, "conceptUri", v[0]);
    if (!rc)
        rc = check_text(t, "code", v[3], CODE_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "iscoGroup", v[4], CODE_MAX_CHARS, false);
    if (!rc)
        rc = concept_for(src, t, false, v[0], &c);
    if (rc)
        return rc;
    set_if_empty(&src->arena, &c->code, v[3]);
    set_if_empty(&src->arena, &c->isco_code, v[4]);
    return set_labels(src, t, c, lang, v[1], v[2], "\n");
}

static enum rc csv_skill(struct esco_source *src, const struct table *t, const char *const *v,
                         enum esco_lang lang)
{
    /* conceptUri, preferredLabel, altLabels, skillType, reuseLevel */
    struct esco_src_concept *c;
    enum rc rc = check_uri(t, "conceptUri", v[0]);
    if (!rc)
        rc = check_text(t, "skillType", v[3], CODE_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "reuseLevel", v[4], CODE_MAX_CHARS, false);
    if (!rc)
        rc = concept_for(src, t, true, v[0], &c);
    if (rc)
        return rc;
    set_if_empty(&src->arena, &c->skill_type, v[3]);
    set_if_empty(&src->arena, &c->reuse_level, v[4]);
    return set_labels(src, t, c, lang, v[1], v[2], "\n");
}

static enum rc csv_group(struct esco_source *src, const struct table *t, const char *const *v,
                         enum esco_lang lang)
{
    /* conceptUri, preferredLabel, code */
    struct esco_src_group *g;
    enum rc rc = check_uri(t, "conceptUri", v[0]);
    if (!rc)
        rc = check_text(t, "preferredLabel", v[1], LABEL_MAX_CHARS, false);
    if (!rc)
        rc = check_text(t, "code", v[2], CODE_MAX_CHARS, false);
    if (!rc)
        rc = group_for(src, t, v[0], &g);
    if (rc)
        return rc;
    set_if_empty(&src->arena, &g->code, v[2]);
    g->label[lang] = trimmed(&src->arena, v[1], strlen(v[1]));
    return RC_OK;
}

static enum rc csv_isco(struct esco_source *src, const struct table *t, const char *const *v,
                        enum esco_lang lang)
{
    /* conceptUri, code, preferredLabel */
    struct esco_src_isco *g;
    enum rc rc = check_uri(t, "conceptUri", v[0]);
    if (!rc)
        rc = check_text(t, "preferredLabel", v[2], LABEL_MAX_CHARS, false);
    if (!rc)
        rc = isco_for(src, t, v[1], &g);
    if (rc)
        return rc;
    set_if_empty(&src->arena, &g->uri, v[0]);
    g->label[lang] = trimmed(&src->arena, v[2], strlen(v[2]));
    return RC_OK;
}

static enum rc csv_relation(struct esco_source *src, const struct table *t, const char *const *v,
                            enum esco_lang lang)
{
    return add_relation(src, t, v[0], v[1], v[2]);
}

/* read_languages reads base_nl.csv and base_en.csv, those that exist; at
 * least one must. */
static enum rc read_languages(struct esco_source *src, const char *dir, const char *base,
                              const char *const *names, int nnames, row_fn fn)
{
    bool any = false;
    for (int l = 0; l < ESCO_LANGS; l++) {
        const char *file = arena_printf(&src->arena, "%s_%s.csv", base, lang_codes[l]);
        if (!file_exists(&src->arena, dir, file))
            continue;
        any = true;
        enum rc rc = read_file(src, dir, file, names, nnames, (enum esco_lang)l, fn);
        if (rc)
            return rc;
    }
    if (!any) {
        fprintf(stderr, "werkroute: %s: no %s_nl.csv or %s_en.csv (the ESCO CSV download)\n",
                path_of(&src->arena, dir, ""), base, base);
        return RC_IO;
    }
    return RC_OK;
}

/* read_one reads the first of base_en.csv, base_nl.csv and base.csv that
 * exists: tables without labels are the same in every language. */
static enum rc read_one(struct esco_source *src, const char *dir, const char *base,
                        const char *const *names, int nnames, row_fn fn)
{
    const char *const suffixes[] = {"_en", "_nl", ""};
    for (int i = 0; i < 3; i++) {
        const char *file = arena_printf(&src->arena, "%s%s.csv", base, suffixes[i]);
        if (file_exists(&src->arena, dir, file))
            return read_file(src, dir, file, names, nnames, ESCO_EN, fn);
    }
    fprintf(stderr, "werkroute: %s: no %s_en.csv, %s_nl.csv or %s.csv (the ESCO CSV download)\n",
            path_of(&src->arena, dir, ""), base, base, base);
    return RC_IO;
}

static enum rc read_official_layout(struct esco_source *src, const char *dir)
{
    static const char *const isco[] = {"conceptUri", "code", "preferredLabel"};
    static const char *const groups[] = {"conceptUri", "preferredLabel", "code"};
    static const char *const occupations[] = {"conceptUri", "preferredLabel", "altLabels", "code",
                                              "iscoGroup"};
    static const char *const skills[] = {"conceptUri", "preferredLabel", "altLabels", "skillType",
                                         "reuseLevel"};
    static const char *const relations[] = {"occupationUri", "relationType", "skillUri"};
    static const char *const broader[] = {"conceptType", "conceptUri", "broaderType", "broaderUri"};
    enum rc rc = read_languages(src, dir, "ISCOGroups", isco, 3, csv_isco);
    if (!rc)
        rc = read_languages(src, dir, "skillGroups", groups, 3, csv_group);
    if (!rc)
        rc = read_languages(src, dir, "occupations", occupations, 5, csv_occupation);
    if (!rc)
        rc = read_languages(src, dir, "skills", skills, 5, csv_skill);
    if (!rc)
        rc = read_one(src, dir, "occupationSkillRelations", relations, 3, csv_relation);
    if (!rc)
        rc = read_one(src, dir, "broaderRelationsSkillPillar", broader, 4, any_broader);
    return rc;
}

/* ---- Both ---- */

/* check_labelled refuses a concept without any label: it could not be
 * shown. */
static enum rc check_labelled(const struct esco_source *src, const char *dir)
{
    for (int k = 0; k < 2; k++) {
        const struct esco_src_concept *list = k ? src->skills : src->occupations;
        int n = k ? src->nskills : src->noccupations;
        for (int i = 0; i < n; i++) {
            if (!*list[i].label[ESCO_NL] && !*list[i].label[ESCO_EN]) {
                fprintf(stderr, "werkroute: %s: %s %s has no preferred label in Dutch or English\n",
                        dir, k ? "skill" : "occupation", list[i].uri);
                return RC_INVALID;
            }
        }
    }
    return RC_OK;
}

enum rc esco_source_read(const char *dir, struct esco_source *src)
{
    memset(src, 0, sizeof(*src));
    arena_init(&src->arena);
    strmap_init(&src->occupation_index);
    strmap_init(&src->skill_index);
    strmap_init(&src->group_index);
    strmap_init(&src->isco_index);
    src->official = file_exists(&src->arena, dir, "occupations_nl.csv") ||
                    file_exists(&src->arena, dir, "occupations_en.csv");
    if (!src->official && !file_exists(&src->arena, dir, "esco_occupations.tsv")) {
        fprintf(stderr,
                "werkroute: %s: no ESCO files: expected the ESCO CSV download (occupations_nl.csv, "
                "skills_nl.csv, ...) or the shared copy (esco_occupations.tsv, ...)\n",
                dir);
        return RC_IO;
    }
    enum rc rc = src->official ? read_official_layout(src, dir) : read_tsv_layout(src, dir);
    if (!rc)
        rc = check_labelled(src, dir);
    return rc;
}

void esco_source_release(struct esco_source *src)
{
    strmap_release(&src->occupation_index);
    strmap_release(&src->skill_index);
    strmap_release(&src->group_index);
    strmap_release(&src->isco_index);
    arena_release(&src->arena);
}

static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

const char *esco_next_word(const char **p, size_t *len)
{
    const char *s = *p;
    while (*s && !word_byte((unsigned char)*s))
        s++;
    if (!*s) {
        *p = s;
        return NULL;
    }
    const char *start = s;
    while (*s && word_byte((unsigned char)*s))
        s++;
    *len = (size_t)(s - start);
    *p = s;
    return start;
}
