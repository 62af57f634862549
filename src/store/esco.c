/* Looking ESCO occupations and skills up (esco.h). The search reads the
 * word table: every query word is a range on its primary key (word >=
 * prefix AND word < prefix followed by U+10FFFF, which sorts after every
 * longer word with that prefix in byte order), so typing a few letters is an
 * index range scan on both stores. The texts are static (statements are
 * cached by address): one per kind and number of query words. */
#include "esco.h"

#include <string.h>

#include "esco_source.h"
#include "esco_sql.h"
#include "fold.h"
#include "rows.h"
#include "banned.h"

/* The largest code point: appended to a prefix it bounds the words that
 * start with it, and it is valid UTF-8 (PostgreSQL checks parameters). */
#define PREFIX_END "\xF4\x8F\xBF\xBF"

/* Columns every statement here selects, in this order. */
enum {
    COL_ID,
    COL_URI,
    COL_LABEL_NL,
    COL_LABEL_EN,
    COL_GROUP_NL,
    COL_CODE,
    COL_ISCO,
    COL_TYPE,
    COL_EXTRA
};
_Static_assert(COL_EXTRA == ESCO_CONCEPT_NCOLUMNS, "esco_sql.h's columns come first");

#define OCCUPATION_COLUMNS "SELECT " ESCO_OCCUPATION_COLUMNS
#define OCCUPATION_FROM " FROM esco_occupations o" ESCO_OCCUPATION_JOIN
#define SKILL_COLUMNS "SELECT " ESCO_SKILL_COLUMNS
#define SKILL_FROM " FROM esco_skills s" ESCO_SKILL_JOIN
#define OCCUPATION_SKILLS_FROM                                                                     \
    " FROM esco_occupation_skills r JOIN esco_skills s ON s.id = r.skill_id" ESCO_SKILL_JOIN

/* The search: $1 the folded query, $2 its prefix bound, $3 a LIKE pattern
 * for a word of the shown label starting with it, $4 limit, $5 offset, then
 * a range ($6, $7), ($8, $9), ... per query word. The concepts that match
 * every word come from one pass over the word table (the ranges OR'ed, then
 * grouped by concept): its cost is bounded by the words in the ranges,
 * whatever the planner guesses, where a semi-join per query word could probe
 * a whole range for every candidate. */
#define RANGE(lo, hi) "(word >= $" #lo " AND word < $" #hi ")"
#define HAS(lo, hi) " AND max(CASE WHEN " RANGE(lo, hi) " THEN 1 ELSE 0 END) = 1"
#define MATCHES(kind, ranges, have)                                                                \
    " FROM (SELECT concept_id FROM esco_words WHERE kind = '" kind "' AND (" ranges ")"            \
    " GROUP BY concept_id HAVING true" have ") m"
#define RANK(t, kind)                                                                              \
    " ORDER BY CASE WHEN " t ".label_key = $1 THEN 0"                                              \
    " WHEN EXISTS (SELECT 1 FROM esco_labels l WHERE l.kind = '" kind "'"                          \
    " AND l.concept_id = " t ".id AND l.folded = $1) THEN 1"                                       \
    " WHEN " t ".label_key >= $1 AND " t ".label_key < $2 THEN 2"                                  \
    " WHEN " t ".label_key LIKE $3 ESCAPE '\\' THEN 3 ELSE 4 END,"                                 \
    " length(" t ".label_key), " t ".label_key, " t ".id LIMIT $4 OFFSET $5"
#define OCCUPATION_JOIN " JOIN esco_occupations o ON o.id = m.concept_id" ESCO_OCCUPATION_JOIN
#define SKILL_JOIN " JOIN esco_skills s ON s.id = m.concept_id" ESCO_SKILL_JOIN
#define COUNT_ALL ", count(*) OVER ()"
#define OCCUPATION_SEARCH(r, h)                                                                    \
    OCCUPATION_COLUMNS COUNT_ALL MATCHES("occupation", r, h)                                       \
    OCCUPATION_JOIN RANK("o", "occupation")
#define SKILL_SEARCH(r, h)                                                                         \
    SKILL_COLUMNS COUNT_ALL MATCHES("skill", r, h)                                                 \
    SKILL_JOIN RANK("s", "skill")

#define RANGES1 RANGE(6, 7)
#define RANGES2 RANGES1 " OR " RANGE(8, 9)
#define RANGES3 RANGES2 " OR " RANGE(10, 11)
#define RANGES4 RANGES3 " OR " RANGE(12, 13)
#define RANGES5 RANGES4 " OR " RANGE(14, 15)
#define RANGES6 RANGES5 " OR " RANGE(16, 17)
#define HAVE1 HAS(6, 7)
#define HAVE2 HAVE1 HAS(8, 9)
#define HAVE3 HAVE2 HAS(10, 11)
#define HAVE4 HAVE3 HAS(12, 13)
#define HAVE5 HAVE4 HAS(14, 15)
#define HAVE6 HAVE5 HAS(16, 17)

static const char *const occupation_search[ESCO_QUERY_MAX_WORDS] = {
    OCCUPATION_SEARCH(RANGES1, HAVE1), OCCUPATION_SEARCH(RANGES2, HAVE2),
    OCCUPATION_SEARCH(RANGES3, HAVE3), OCCUPATION_SEARCH(RANGES4, HAVE4),
    OCCUPATION_SEARCH(RANGES5, HAVE5), OCCUPATION_SEARCH(RANGES6, HAVE6),
};
static const char *const skill_search[ESCO_QUERY_MAX_WORDS] = {
    SKILL_SEARCH(RANGES1, HAVE1), SKILL_SEARCH(RANGES2, HAVE2), SKILL_SEARCH(RANGES3, HAVE3),
    SKILL_SEARCH(RANGES4, HAVE4), SKILL_SEARCH(RANGES5, HAVE5), SKILL_SEARCH(RANGES6, HAVE6),
};

void esco_concept_read(struct arena *a, struct db_stmt *st, struct esco_concept *c)
{
    memset(c, 0, sizeof(*c));
    c->id = db_col_int(st, COL_ID);
    c->uri = arena_strdup(a, db_col_text(st, COL_URI));
    c->label_nl = arena_strdup(a, db_col_text(st, COL_LABEL_NL));
    c->label_en = arena_strdup(a, db_col_text(st, COL_LABEL_EN));
    c->code = arena_strdup(a, db_col_text(st, COL_CODE));
    c->isco_code = arena_strdup(a, db_col_text(st, COL_ISCO));
    c->skill_type = arena_strdup(a, db_col_text(st, COL_TYPE));
    c->relation = "";
    if (*c->label_nl) {
        c->label = c->label_nl;
        c->label_lang = "nl";
        c->group_label = "";
    } else {
        c->label = c->label_en;
        c->label_lang = "en";
        c->group_label = arena_strdup(a, db_col_text(st, COL_GROUP_NL));
    }
}

/* read_concept fills the esco_concept at row from the current row of st (the
 * columns above); read_related also its relation (the extra column). */
static void read_concept(struct db_stmt *st, struct arena *a, void *row)
{
    esco_concept_read(a, st, row);
}

static void read_related(struct db_stmt *st, struct arena *a, void *row)
{
    struct esco_concept *c = row;
    esco_concept_read(a, st, c);
    c->relation = arena_strdup(a, db_col_text(st, COL_EXTRA));
}

/* count_chars counts the code points of valid UTF-8. */
static size_t count_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int count_words(const char *folded)
{
    const char *p = folded;
    size_t len;
    int n = 0;
    while (esco_next_word(&p, &len))
        n++;
    return n;
}

bool esco_query_check(const char *q)
{
    if (!q || !utf8_valid(q, strlen(q)) || count_chars(q) > ESCO_QUERY_MAX_CHARS)
        return false;
    struct arena a;
    arena_init(&a);
    const char *key = fold_search_key(&a, q);
    bool ok = key && *key && count_words(key) <= ESCO_QUERY_MAX_WORDS;
    arena_release(&a);
    return ok;
}

/* like_pattern is "% " + key + "%" with LIKE's wildcards in key escaped. */
static const char *like_pattern(struct arena *a, const char *key)
{
    size_t n = strlen(key);
    char *out = arena_alloc(a, 2 * n + 4);
    char *p = out;
    *p++ = '%';
    *p++ = ' ';
    for (const char *k = key; *k; k++) {
        if (*k == '%' || *k == '_' || *k == '\\')
            *p++ = '\\';
        *p++ = *k;
    }
    *p++ = '%';
    *p = '\0';
    return out;
}

enum rc esco_search(struct db *db, struct arena *a, enum esco_kind kind, const char *q, int limit,
                    int offset, struct esco_concept **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (!esco_query_check(q) || limit < 1 || offset < 0)
        return RC_INVALID;
    const char *key = fold_search_key(a, q);
    int nwords = count_words(key);
    if (!nwords)
        return RC_OK;
    const char *sql = (kind == ESCO_SKILL ? skill_search : occupation_search)[nwords - 1];
    struct db_stmt *st;
    enum rc rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, arena_printf(a, "%s" PREFIX_END, key));
    db_bind_text(st, 3, like_pattern(a, key));
    db_bind_int(st, 4, limit);
    db_bind_int(st, 5, offset);
    const char *p = key, *w;
    size_t len;
    for (int i = 0; (w = esco_next_word(&p, &len)); i++) {
        db_bind_text(st, 6 + 2 * i, arena_strndup(a, w, len));
        db_bind_text(st, 7 + 2 * i, arena_printf(a, "%.*s" PREFIX_END, (int)len, w));
    }
    struct esco_concept *list = NULL;
    int cap = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        list = arena_grow(a, list, sizeof(*list), &cap, *n);
        read_concept(st, a, &list[*n]);
        *total = db_col_int(st, COL_EXTRA);
        (*n)++;
    }
    db_done(st);
    if (rc)
        return rc;
    *out = list;
    /* Past the last match no row tells the total: count from the start. */
    if (!*n && offset > 0) {
        struct esco_concept *first;
        int nfirst;
        return esco_search(db, a, kind, q, 1, 0, &first, &nfirst, total);
    }
    return RC_OK;
}

enum rc esco_get(struct db *db, struct arena *a, enum esco_kind kind, const char *uri,
                 struct esco_concept *out)
{
    static const char OCCUPATION[] = OCCUPATION_COLUMNS OCCUPATION_FROM " WHERE o.uri = $1";
    static const char SKILL[] = SKILL_COLUMNS SKILL_FROM " WHERE s.uri = $1";
    memset(out, 0, sizeof(*out));
    if (!uri || !utf8_valid(uri, strlen(uri)))
        return RC_NOT_FOUND;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, kind == ESCO_SKILL ? SKILL : OCCUPATION, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, uri);
    return rows_one(st, a, read_concept, out);
}

enum rc esco_occupation_skills(struct db *db, struct arena *a, const char *occupation_uri,
                               struct esco_concept **out, int *n)
{
    static const char SKILLS[] =
        SKILL_COLUMNS ", r.relation" OCCUPATION_SKILLS_FROM
                      " WHERE r.occupation_id = $1 ORDER BY r.relation, s.label_key, s.id";
    *out = NULL;
    *n = 0;
    struct esco_concept occupation;
    enum rc rc = esco_get(db, a, ESCO_OCCUPATION, occupation_uri, &occupation);
    if (rc)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, SKILLS, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, occupation.id);
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct esco_concept), 0, read_related, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}
