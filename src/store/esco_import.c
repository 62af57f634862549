/* esco_import (esco.h): the files read by esco_source.c written into the
 * store in one transaction. Rows go in batches: a batch is one JSON array
 * bound as one parameter and unpacked by the database (json_each on SQLite,
 * jsonb_array_elements on PostgreSQL, the only difference between the two
 * texts of each statement), so PostgreSQL needs one round trip per thousand
 * rows instead of one per row. Rows are sent in primary key order, which
 * keeps the B-tree inserts cheap. */
#include "esco.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "buf.h"
#include "esco_source.h"
#include "fold.h"
#include "banned.h"

#define BATCH_ROWS 1000
#define BATCH_BYTES (1 << 20)
#define BATCH_MAX (64 << 20)

/* ---- Batches ---- */

/* The WHERE keeps SQLite from reading ON CONFLICT as a join constraint
 * (its upsert documentation); jsonb is parsed once, where json would be
 * parsed again for every ->>. */
#define FROM_SQLITE " FROM json_each($1) WHERE true"
#define FROM_PG " FROM jsonb_array_elements(CAST($1 AS jsonb))"

/* One statement in the two texts of the two stores. */
struct batch_sql {
    const char *sqlite, *pg;
};

#define BATCH_SQL(name, head, tail)                                                                \
    static const char name##_SQLITE[] = head FROM_SQLITE tail;                                     \
    static const char name##_PG[] = head FROM_PG tail;                                             \
    static const struct batch_sql name = {name##_SQLITE, name##_PG}

BATCH_SQL(ISCO_UPSERT,
          "INSERT INTO esco_isco_groups (code, level, parent_code, uri, label_nl, label_en)"
          " SELECT value ->> 0, CAST(value ->> 1 AS BIGINT), value ->> 2, value ->> 3,"
          " value ->> 4, value ->> 5",
          " ON CONFLICT (code) DO UPDATE SET level = excluded.level,"
          " parent_code = excluded.parent_code, uri = excluded.uri,"
          " label_nl = excluded.label_nl, label_en = excluded.label_en");
BATCH_SQL(GROUP_UPSERT,
          "INSERT INTO esco_skill_groups (uri, code, label_nl, label_en)"
          " SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3",
          " ON CONFLICT (uri) DO UPDATE SET code = excluded.code,"
          " label_nl = excluded.label_nl, label_en = excluded.label_en");
BATCH_SQL(OCCUPATION_UPSERT,
          "INSERT INTO esco_occupations (uri, code, isco_code, label_nl, label_en, label_key)"
          " SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5",
          " ON CONFLICT (uri) DO UPDATE SET code = excluded.code, isco_code = excluded.isco_code,"
          " label_nl = excluded.label_nl, label_en = excluded.label_en,"
          " label_key = excluded.label_key");
BATCH_SQL(SKILL_UPSERT,
          "INSERT INTO esco_skills"
          " (uri, skill_type, reuse_level, label_nl, label_en, label_key, group_id)"
          " SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,"
          " CAST(value ->> 6 AS BIGINT)",
          " ON CONFLICT (uri) DO UPDATE SET skill_type = excluded.skill_type,"
          " reuse_level = excluded.reuse_level, label_nl = excluded.label_nl,"
          " label_en = excluded.label_en, label_key = excluded.label_key,"
          " group_id = excluded.group_id");
BATCH_SQL(LABEL_INSERT,
          "INSERT INTO esco_labels (kind, concept_id, lang, position, label, folded)"
          " SELECT value ->> 0, CAST(value ->> 1 AS BIGINT), value ->> 2,"
          " CAST(value ->> 3 AS BIGINT), value ->> 4, value ->> 5",
          "");
BATCH_SQL(WORD_INSERT,
          "INSERT INTO esco_words (kind, word, concept_id)"
          " SELECT value ->> 0, value ->> 1, CAST(value ->> 2 AS BIGINT)",
          "");
BATCH_SQL(RELATION_INSERT,
          "INSERT INTO esco_occupation_skills (occupation_id, skill_id, relation)"
          " SELECT CAST(value ->> 0 AS BIGINT), CAST(value ->> 1 AS BIGINT), value ->> 2",
          "");
BATCH_SQL(BROADER_INSERT,
          "INSERT INTO esco_skill_broader (concept_uri, broader_uri, concept_type, broader_type)"
          " SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3",
          "");

/* Rows collected as JSON text, written when BATCH_ROWS or BATCH_BYTES are
 * reached and at the end. */
/* The first error sticks: after it every row_ call does nothing and
 * row_end returns it, so a row is written as a plain list of calls. */
struct batch {
    struct db_stmt *st;
    struct buf text;
    int rows, fields;
    int64_t written;
    enum rc rc;
};

static enum rc batch_start(struct batch *b, struct db *db, const struct batch_sql *sql)
{
    memset(b, 0, sizeof(*b));
    buf_init(&b->text, BATCH_MAX);
    return db_prepare(db, db_kind(db) == DB_POSTGRESQL ? sql->pg : sql->sqlite, &b->st);
}

static enum rc batch_flush(struct batch *b)
{
    if (!b->rows)
        return RC_OK;
    enum rc rc = buf_putc(&b->text, ']');
    if (!rc) {
        db_bind_text(b->st, 1, b->text.data);
        rc = db_step_done(b->st);
        db_done(b->st);
    }
    b->written += b->rows;
    b->rows = 0;
    buf_reset(&b->text);
    return rc;
}

static void batch_release(struct batch *b)
{
    buf_release(&b->text);
}

/* keep records the first error of a row_ call and returns it. */
static enum rc keep(struct batch *b, enum rc rc)
{
    if (!b->rc)
        b->rc = rc;
    return b->rc;
}

static enum rc row_begin(struct batch *b)
{
    b->fields = 0;
    return b->rc ? b->rc : keep(b, buf_puts(&b->text, b->rows ? ",[" : "[["));
}

static enum rc field_sep(struct batch *b)
{
    return b->fields++ ? buf_putc(&b->text, ',') : RC_OK;
}

/* row_textn adds a JSON string; the text is valid UTF-8 without NUL (the
 * reader checked it), so only quotes, backslashes and control characters
 * need escapes. Runs without them are copied whole. */
static enum rc row_textn(struct batch *b, const char *s, size_t len)
{
    if (b->rc)
        return b->rc;
    enum rc rc = field_sep(b);
    if (!rc)
        rc = buf_putc(&b->text, '"');
    const char *end = s + len;
    while (!rc && s < end) {
        const char *p = s;
        while (p < end && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
            p++;
        rc = buf_append(&b->text, s, (size_t)(p - s));
        if (!rc && p < end)
            rc = *p == '"' || *p == '\\' ? buf_printf(&b->text, "\\%c", *p)
                                         : buf_printf(&b->text, "\\u%04x", (unsigned char)*p);
        s = p + (p < end);
    }
    return keep(b, rc ? rc : buf_putc(&b->text, '"'));
}

static enum rc row_text(struct batch *b, const char *s)
{
    return row_textn(b, s, strlen(s));
}

static enum rc row_int(struct batch *b, int64_t v)
{
    if (b->rc)
        return b->rc;
    enum rc rc = field_sep(b);
    return keep(b, rc ? rc : buf_printf(&b->text, "%lld", (long long)v));
}

static enum rc row_null(struct batch *b)
{
    if (b->rc)
        return b->rc;
    enum rc rc = field_sep(b);
    return keep(b, rc ? rc : buf_puts(&b->text, "null"));
}

static enum rc row_end(struct batch *b)
{
    if (b->rc)
        return b->rc;
    enum rc rc = buf_putc(&b->text, ']');
    b->rows++;
    if (!rc && (b->rows == BATCH_ROWS || b->text.len > BATCH_BYTES))
        rc = batch_flush(b);
    return keep(b, rc);
}

/* ---- The import ---- */

/* A word points into its folded label (in the work arena): no copy. */
struct word_row {
    const char *kind;
    const char *word;
    size_t len;
    int64_t concept_id;
};

struct relation_row {
    int64_t occupation_id, skill_id;
    bool essential;
};

struct import {
    struct db *db;
    struct esco_source src;
    struct arena work;                               /* folded labels and words */
    int64_t *group_ids, *occupation_ids, *skill_ids; /* by source index */
    int *skill_group;       /* the nearest Dutch-labelled group of each skill, -1 for none */
    struct word_row *words; /* malloc'ed: it grows to hundreds of thousands */
    size_t nwords, words_cap;
    struct esco_import_report *report;
};

static const char *const lang_codes[ESCO_LANGS] = {"nl", "en"};
static const char *const kind_names[2] = {"occupation", "skill"};

/* display_label is the Dutch label where there is one, else the English. */
static const char *display_label(const struct esco_src_concept *c)
{
    return *c->label[ESCO_NL] ? c->label[ESCO_NL] : c->label[ESCO_EN];
}

static const char *folded(struct import *im, const char *s)
{
    const char *f = fold_search_key(&im->work, s);
    return f ? f : ""; /* the reader checked the UTF-8: never NULL here */
}

static enum rc upsert_isco(struct import *im)
{
    struct batch b;
    enum rc rc = batch_start(&b, im->db, &ISCO_UPSERT);
    for (int i = 0; !rc && i < im->src.nisco; i++) {
        const struct esco_src_isco *g = &im->src.isco[i];
        rc = row_begin(&b);
        row_text(&b, g->code);
        row_int(&b, g->level);
        row_text(&b, g->parent_code);
        row_text(&b, g->uri);
        row_text(&b, g->label[ESCO_NL]);
        row_text(&b, g->label[ESCO_EN]);
        if (!rc)
            rc = row_end(&b);
    }
    if (!rc)
        rc = batch_flush(&b);
    batch_release(&b);
    return rc;
}

static enum rc upsert_groups(struct import *im)
{
    struct batch b;
    enum rc rc = batch_start(&b, im->db, &GROUP_UPSERT);
    for (int i = 0; !rc && i < im->src.ngroups; i++) {
        const struct esco_src_group *g = &im->src.groups[i];
        rc = row_begin(&b);
        row_text(&b, g->uri);
        row_text(&b, g->code);
        row_text(&b, g->label[ESCO_NL]);
        row_text(&b, g->label[ESCO_EN]);
        if (!rc)
            rc = row_end(&b);
    }
    if (!rc)
        rc = batch_flush(&b);
    batch_release(&b);
    return rc;
}

static enum rc upsert_occupations(struct import *im)
{
    struct batch b;
    enum rc rc = batch_start(&b, im->db, &OCCUPATION_UPSERT);
    for (int i = 0; !rc && i < im->src.noccupations; i++) {
        const struct esco_src_concept *c = &im->src.occupations[i];
        rc = row_begin(&b);
        row_text(&b, c->uri);
        row_text(&b, c->code);
        row_text(&b, c->isco_code);
        row_text(&b, c->label[ESCO_NL]);
        row_text(&b, c->label[ESCO_EN]);
        row_text(&b, folded(im, display_label(c)));
        if (!rc)
            rc = row_end(&b);
    }
    if (!rc)
        rc = batch_flush(&b);
    batch_release(&b);
    return rc;
}

static enum rc upsert_skills(struct import *im)
{
    struct batch b;
    enum rc rc = batch_start(&b, im->db, &SKILL_UPSERT);
    for (int i = 0; !rc && i < im->src.nskills; i++) {
        const struct esco_src_concept *c = &im->src.skills[i];
        rc = row_begin(&b);
        row_text(&b, c->uri);
        row_text(&b, c->skill_type);
        row_text(&b, c->reuse_level);
        row_text(&b, c->label[ESCO_NL]);
        row_text(&b, c->label[ESCO_EN]);
        row_text(&b, folded(im, display_label(c)));
        if (!rc)
            rc = im->skill_group[i] >= 0 ? row_int(&b, im->group_ids[im->skill_group[i]])
                                         : row_null(&b);
        if (!rc)
            rc = row_end(&b);
    }
    if (!rc)
        rc = batch_flush(&b);
    batch_release(&b);
    return rc;
}

/* read_ids fills ids[i] with the database id of the source's concept i,
 * found by URI through index. */
static enum rc read_ids(struct import *im, const char *sql, const struct strmap *index,
                        int64_t *ids)
{
    struct db_stmt *st;
    enum rc rc = db_prepare(im->db, sql, &st);
    if (rc)
        return rc;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        int64_t i;
        if (strmap_get(index, db_col_text(st, 1), &i))
            ids[i] = db_col_int(st, 0);
    }
    db_done(st);
    return rc;
}

/* ---- The nearest skill group with a Dutch label ---- */

/* The skill hierarchy as a graph: every URI in it a node, edges to the
 * broader concepts in compressed rows (first_edge[node] .. first_edge[node
 * + 1]). */
struct graph {
    struct strmap node_of;
    const char **uri;
    int nnodes;
    int *first_edge, *edge_to;
};

static int graph_node(struct graph *g, const char *uri)
{
    int64_t n;
    if (strmap_get(&g->node_of, uri, &n))
        return (int)n;
    g->uri[g->nnodes] = uri;
    strmap_put(&g->node_of, uri, g->nnodes);
    return g->nnodes++;
}

/* graph_build makes the graph of the broader relations. */
static void graph_build(struct graph *g, const struct esco_src_broader *edges, int nedges)
{
    memset(g, 0, sizeof(*g));
    strmap_init(&g->node_of);
    g->uri = xcalloc((size_t)nedges * 2 + 1, sizeof(*g->uri));
    int *from = xcalloc((size_t)nedges + 1, sizeof(*from));
    int *to = xcalloc((size_t)nedges + 1, sizeof(*to));
    for (int e = 0; e < nedges; e++) {
        from[e] = graph_node(g, edges[e].concept_uri);
        to[e] = graph_node(g, edges[e].broader_uri);
    }
    g->first_edge = xcalloc((size_t)g->nnodes + 1, sizeof(*g->first_edge));
    g->edge_to = to;
    for (int e = 0; e < nedges; e++)
        g->first_edge[from[e] + 1]++;
    for (int n = 0; n < g->nnodes; n++)
        g->first_edge[n + 1] += g->first_edge[n];
    /* Each node's edges side by side, in node order (a counting sort). */
    int *fill = xcalloc((size_t)g->nnodes + 1, sizeof(*fill));
    int *placed = xcalloc((size_t)nedges + 1, sizeof(*placed));
    for (int e = 0; e < nedges; e++)
        placed[g->first_edge[from[e]] + fill[from[e]]++] = to[e];
    memcpy(to, placed, sizeof(*to) * (size_t)nedges);
    free(placed);
    free(fill);
    free(from);
}

static void graph_release(struct graph *g)
{
    strmap_release(&g->node_of);
    free(g->uri);
    free(g->first_edge);
    free(g->edge_to);
}

/* nearest_groups finds, for every skill, the nearest skill group up the
 * hierarchy that has a Dutch label (breadth first; of several at the same
 * distance the one with the smallest URI, so the choice does not depend on
 * file order). */
static void nearest_groups(struct import *im, const struct esco_src_broader *edges, int nedges)
{
    struct graph g;
    graph_build(&g, edges, nedges);
    int *seen = xcalloc((size_t)g.nnodes + 1, sizeof(*seen));
    int *frontier = xcalloc((size_t)g.nnodes + 1, sizeof(*frontier));
    int *next = xcalloc((size_t)g.nnodes + 1, sizeof(*next));
    for (int s = 0; s < im->src.nskills; s++) {
        im->skill_group[s] = -1;
        int64_t start;
        if (!strmap_get(&g.node_of, im->src.skills[s].uri, &start))
            continue;
        int nf = 1, best = -1;
        frontier[0] = (int)start;
        seen[start] = s + 1;
        while (nf && best < 0) {
            int nn = 0;
            for (int f = 0; f < nf; f++) {
                for (int e = g.first_edge[frontier[f]]; e < g.first_edge[frontier[f] + 1]; e++) {
                    int n = g.edge_to[e];
                    if (seen[n] == s + 1)
                        continue;
                    seen[n] = s + 1;
                    next[nn++] = n;
                    int64_t gi;
                    if (strmap_get(&im->src.group_index, g.uri[n], &gi) &&
                        *im->src.groups[gi].label[ESCO_NL] &&
                        (best < 0 || strcmp(im->src.groups[gi].uri, im->src.groups[best].uri) < 0))
                        best = (int)gi;
                }
            }
            memcpy(frontier, next, sizeof(*next) * (size_t)nn);
            nf = nn;
        }
        im->skill_group[s] = best;
    }
    free(seen);
    free(frontier);
    free(next);
    graph_release(&g);
}

/* ---- Labels and words ---- */

static void add_words(struct import *im, const char *kind, int64_t id, const char *fold)
{
    const char *p = fold, *w;
    size_t len;
    while ((w = esco_next_word(&p, &len))) {
        if (im->nwords == im->words_cap) {
            im->words_cap = im->words_cap ? im->words_cap * 2 : 1 << 16;
            im->words = xrealloc(im->words, im->words_cap * sizeof(*im->words));
        }
        im->words[im->nwords++] =
            (struct word_row){.kind = kind, .word = w, .len = len, .concept_id = id};
    }
}

static enum rc label_row(struct import *im, struct batch *b, const char *kind, int64_t id,
                         enum esco_lang lang, int position, const char *label)
{
    const char *fold = folded(im, label);
    add_words(im, kind, id, fold);
    enum rc rc = row_begin(b);
    row_text(b, kind);
    row_int(b, id);
    row_text(b, lang_codes[lang]);
    row_int(b, position);
    row_text(b, label);
    row_text(b, fold);
    if (!rc)
        rc = row_end(b);
    return rc;
}

static enum rc insert_labels(struct import *im, struct batch *b, int k)
{
    const struct esco_src_concept *list = k ? im->src.skills : im->src.occupations;
    const int64_t *ids = k ? im->skill_ids : im->occupation_ids;
    int n = k ? im->src.nskills : im->src.noccupations;
    enum rc rc = RC_OK;
    for (int i = 0; !rc && i < n; i++) {
        const struct esco_src_concept *c = &list[i];
        /* "en" sorts before "nl": rows in primary key order. */
        for (int l = ESCO_LANGS - 1; !rc && l >= 0; l--) {
            if (*c->label[l])
                rc = label_row(im, b, kind_names[k], ids[i], (enum esco_lang)l, 0, c->label[l]);
            for (int a = 0; !rc && a < c->nalt[l]; a++)
                rc =
                    label_row(im, b, kind_names[k], ids[i], (enum esco_lang)l, a + 1, c->alt[l][a]);
        }
    }
    return rc;
}

static int word_cmp(const void *x, const void *y)
{
    const struct word_row *a = x, *b = y;
    int d = strcmp(a->kind, b->kind);
    if (!d) {
        /* Byte order, as the stores compare: a word before its extensions. */
        d = memcmp(a->word, b->word, a->len < b->len ? a->len : b->len);
        if (!d)
            d = (a->len > b->len) - (a->len < b->len);
    }
    if (!d)
        d = (a->concept_id > b->concept_id) - (a->concept_id < b->concept_id);
    return d;
}

static enum rc insert_words(struct import *im)
{
    qsort(im->words, im->nwords, sizeof(*im->words), word_cmp);
    struct batch b;
    enum rc rc = batch_start(&b, im->db, &WORD_INSERT);
    for (size_t i = 0; !rc && i < im->nwords; i++) {
        const struct word_row *w = &im->words[i];
        if (i && word_cmp(w, &im->words[i - 1]) == 0)
            continue; /* the same word in several labels of a concept */
        rc = row_begin(&b);
        row_text(&b, w->kind);
        row_textn(&b, w->word, w->len);
        row_int(&b, w->concept_id);
        if (!rc)
            rc = row_end(&b);
    }
    if (!rc)
        rc = batch_flush(&b);
    batch_release(&b);
    return rc;
}

static enum rc insert_labels_and_words(struct import *im)
{
    struct batch b;
    enum rc rc = batch_start(&b, im->db, &LABEL_INSERT);
    for (int k = 0; !rc && k < 2; k++)
        rc = insert_labels(im, &b, k);
    if (!rc)
        rc = batch_flush(&b);
    batch_release(&b);
    return rc ? rc : insert_words(im);
}

/* ---- Relations and the hierarchy ---- */

static int relation_cmp(const void *x, const void *y)
{
    const struct relation_row *a = x, *b = y;
    if (a->occupation_id != b->occupation_id)
        return a->occupation_id < b->occupation_id ? -1 : 1;
    return (a->skill_id > b->skill_id) - (a->skill_id < b->skill_id);
}

static enum rc insert_relations(struct import *im)
{
    int n = im->src.nrelations;
    struct relation_row *rows = xcalloc((size_t)n + 1, sizeof(*rows));
    for (int i = 0; i < n; i++) {
        const struct esco_src_relation *r = &im->src.relations[i];
        rows[i] = (struct relation_row){.occupation_id = im->occupation_ids[r->occupation],
                                        .skill_id = im->skill_ids[r->skill],
                                        .essential = r->essential};
    }
    qsort(rows, (size_t)n, sizeof(*rows), relation_cmp);
    struct batch b;
    enum rc rc = batch_start(&b, im->db, &RELATION_INSERT);
    for (int i = 0; !rc && i < n; i++) {
        /* A pair named twice is one relation; essential wins. */
        int j = i;
        bool essential = rows[i].essential;
        while (j + 1 < n && relation_cmp(&rows[j + 1], &rows[i]) == 0)
            essential = essential || rows[++j].essential;
        if (j > i)
            im->report->skipped_relations += j - i;
        rc = row_begin(&b);
        row_int(&b, rows[i].occupation_id);
        row_int(&b, rows[i].skill_id);
        row_text(&b, essential ? "essential" : "optional");
        if (!rc)
            rc = row_end(&b);
        i = j;
    }
    if (!rc)
        rc = batch_flush(&b);
    batch_release(&b);
    free(rows);
    return rc;
}

static int broader_cmp(const void *x, const void *y)
{
    const struct esco_src_broader *a = x, *b = y;
    int d = strcmp(a->concept_uri, b->concept_uri);
    return d ? d : strcmp(a->broader_uri, b->broader_uri);
}

/* insert_broader takes the relations sorted by broader_cmp. */
static enum rc insert_broader(struct import *im, const struct esco_src_broader *edges, int n)
{
    struct batch b;
    enum rc rc = batch_start(&b, im->db, &BROADER_INSERT);
    for (int i = 0; !rc && i < n; i++) {
        if (i && broader_cmp(&edges[i], &edges[i - 1]) == 0) {
            im->report->skipped_broader++;
            continue;
        }
        rc = row_begin(&b);
        row_text(&b, edges[i].concept_uri);
        row_text(&b, edges[i].broader_uri);
        row_text(&b, edges[i].concept_type);
        row_text(&b, edges[i].broader_type);
        if (!rc)
            rc = row_end(&b);
    }
    if (!rc)
        rc = batch_flush(&b);
    batch_release(&b);
    return rc;
}

/* ---- Putting it together ---- */

static enum rc delete_replaced(struct db *db)
{
    static const char LABELS[] = "DELETE FROM esco_labels";
    static const char WORDS[] = "DELETE FROM esco_words";
    static const char RELATIONS[] = "DELETE FROM esco_occupation_skills";
    static const char BROADER[] = "DELETE FROM esco_skill_broader";
    const char *const all[] = {LABELS, WORDS, RELATIONS, BROADER};
    enum rc rc = RC_OK;
    for (size_t i = 0; !rc && i < sizeof(all) / sizeof(all[0]); i++) {
        struct db_stmt *st;
        rc = db_prepare(db, all[i], &st);
        if (!rc) {
            rc = db_step_done(st);
            db_done(st);
        }
    }
    return rc;
}

/* analyze gives PostgreSQL's planner the sizes of the tables just filled,
 * before autovacuum would. (SQLite plans these queries well without
 * statistics, and its ANALYZE would change the plans of every table.) */
static enum rc analyze(struct db *db)
{
    static const char ANALYZE[] = "ANALYZE esco_isco_groups, esco_skill_groups, esco_occupations,"
                                  " esco_skills, esco_labels, esco_words, esco_occupation_skills,"
                                  " esco_skill_broader";
    return db_kind(db) == DB_POSTGRESQL ? db_exec(db, ANALYZE) : RC_OK;
}

/* write_all writes everything inside the open transaction. */
static enum rc write_all(struct import *im)
{
    static const char GROUP_IDS[] = "SELECT id, uri FROM esco_skill_groups";
    static const char OCCUPATION_IDS[] = "SELECT id, uri FROM esco_occupations";
    static const char SKILL_IDS[] = "SELECT id, uri FROM esco_skills";
    struct esco_source *src = &im->src;
    /* The hierarchy sorted once: for the graph, the insert and dedup. */
    qsort(src->broader, (size_t)src->nbroader, sizeof(*src->broader), broader_cmp);
    nearest_groups(im, src->broader, src->nbroader);
    enum rc rc = delete_replaced(im->db);
    if (!rc)
        rc = upsert_isco(im);
    if (!rc)
        rc = upsert_groups(im);
    if (!rc)
        rc = read_ids(im, GROUP_IDS, &src->group_index, im->group_ids);
    if (!rc)
        rc = upsert_occupations(im);
    if (!rc)
        rc = upsert_skills(im);
    if (!rc)
        rc = read_ids(im, OCCUPATION_IDS, &src->occupation_index, im->occupation_ids);
    if (!rc)
        rc = read_ids(im, SKILL_IDS, &src->skill_index, im->skill_ids);
    if (!rc)
        rc = insert_labels_and_words(im);
    if (!rc)
        rc = insert_relations(im);
    if (!rc)
        rc = insert_broader(im, src->broader, src->nbroader);
    if (!rc)
        rc = analyze(im->db);
    return rc;
}

static void count_english_only(struct import *im)
{
    for (int i = 0; i < im->src.nskills; i++)
        if (!*im->src.skills[i].label[ESCO_NL])
            im->report->english_only_skills++;
}

enum rc esco_import(struct db *db, const char *dir, struct esco_import_report *report)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(report, 0, sizeof(*report));
    struct import *im = xcalloc(1, sizeof(*im));
    im->db = db;
    im->report = report;
    arena_init(&im->work);
    enum rc rc = esco_source_read(dir, &im->src);
    if (rc)
        goto out;
    struct esco_source *src = &im->src;
    report->official_layout = src->official;
    report->skipped_relations = src->skipped_relations;
    count_english_only(im);
    im->group_ids = arena_alloc(&im->work, sizeof(int64_t) * ((size_t)src->ngroups + 1));
    im->occupation_ids = arena_alloc(&im->work, sizeof(int64_t) * ((size_t)src->noccupations + 1));
    im->skill_ids = arena_alloc(&im->work, sizeof(int64_t) * ((size_t)src->nskills + 1));
    im->skill_group = arena_alloc(&im->work, sizeof(int) * ((size_t)src->nskills + 1));
    rc = db_begin(db, true);
    if (rc)
        goto out;
    rc = write_all(im);
    if (!rc)
        rc = esco_count(db, &report->counts);
    if (!rc)
        rc = db_commit(db);
    else
        db_rollback(db);
    if (rc)
        fprintf(stderr, "werkroute: import esco: writing to the database failed (%s): %s\n",
                rc_name(rc), db_errmsg(db));
out:
    free(im->words);
    esco_source_release(&im->src);
    arena_release(&im->work);
    free(im);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    report->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}

enum rc esco_count(struct db *db, struct esco_counts *out)
{
    static const char COUNT[] = "SELECT (SELECT count(*) FROM esco_occupations),"
                                " (SELECT count(*) FROM esco_skills),"
                                " (SELECT count(*) FROM esco_occupation_skills),"
                                " (SELECT count(*) FROM esco_skill_broader),"
                                " (SELECT count(*) FROM esco_skill_groups),"
                                " (SELECT count(*) FROM esco_isco_groups),"
                                " (SELECT count(*) FROM esco_labels),"
                                " (SELECT count(*) FROM esco_words)";
    memset(out, 0, sizeof(*out));
    struct db_stmt *st;
    enum rc rc = db_prepare(db, COUNT, &st);
    if (rc)
        return rc;
    bool row;
    rc = db_step(st, &row);
    if (!rc && row) {
        int64_t *fields[] = {&out->occupations,  &out->skills,      &out->relations, &out->broader,
                             &out->skill_groups, &out->isco_groups, &out->labels,    &out->words};
        for (int i = 0; i < 8; i++)
            *fields[i] = db_col_int(st, i);
    }
    db_done(st);
    return rc;
}
