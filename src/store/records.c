#include "records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#include "rows.h"
#include "banned.h"

#define RESIDENT_COLUMNS                                                                           \
    "r.id, r.bsn, r.first_name, r.prefix, r.last_name, r.birth_date, r.postcode, r.pc4,"           \
    " r.municipality, m.name, r.email, r.phone, r.created_at, r.updated_at"

static void read_resident(struct db_stmt *st, struct arena *a, void *row)
{
    struct resident *r = row;
    r->id = db_col_int(st, 0);
    r->bsn = arena_strdup(a, db_col_text(st, 1));
    r->first_name = arena_strdup(a, db_col_text(st, 2));
    r->prefix = arena_strdup(a, db_col_text(st, 3));
    r->last_name = arena_strdup(a, db_col_text(st, 4));
    r->birth_date = arena_strdup(a, db_col_text(st, 5));
    r->postcode = arena_strdup(a, db_col_text(st, 6));
    r->pc4 = (int)db_col_int(st, 7);
    r->municipality = arena_strdup(a, db_col_text(st, 8));
    r->municipality_name = arena_strdup(a, db_col_text(st, 9));
    r->email = arena_strdup(a, db_col_text(st, 10));
    r->phone = arena_strdup(a, db_col_text(st, 11));
    r->created_at = arena_strdup(a, db_col_text(st, 12));
    r->updated_at = arena_strdup(a, db_col_text(st, 13));
}

enum rc records_resident_get(struct db *db, struct arena *a, int64_t id, struct resident *out)
{
    static const char SQL[] = "SELECT " RESIDENT_COLUMNS " FROM residents r"
                              " JOIN municipalities m ON m.code = r.municipality WHERE r.id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    return rows_one(st, a, read_resident, out);
}

/* Searching walks resident_words (migration 004): each word of the query
 * must be the start of a word of the resident. The longest word drives the
 * walk in (word, sort_key) order, so a page costs about a page of index
 * entries however many residents match; the other words are checked per
 * resident. A resident with two words that start with the driving word is
 * listed once, at the first of them. The checks are scalar subqueries, so
 * PostgreSQL runs them per row with the index instead of hashing every
 * resident with a common word first. */
#define WORD_FILTER(lo, hi)                                                                        \
    " AND (" lo " = '' OR (SELECT 1 FROM resident_words x WHERE x.resident_id = w.resident_id"     \
    " AND x.word >= " lo " AND x.word < " hi " LIMIT 1) IS NOT NULL)"
#define WORDS_RANGE                                                                                \
    " WHERE w.word >= $2 AND w.word < $3"                                                          \
    " AND ($1 = '' OR $1 LIKE '%,' || w.municipality || ',%')" WORD_FILTER("$4", "$5")             \
        WORD_FILTER("$6", "$7") WORD_FILTER("$8", "$9") WORD_FILTER("$10", "$11")                  \
            WORD_FILTER("$12", "$13") WORD_FILTER("$14", "$15") WORD_FILTER("$16", "$17")
#define WORDS_WHERE                                                                                \
    WORDS_RANGE " AND (SELECT 1 FROM resident_words d WHERE d.resident_id = w.resident_id"         \
                " AND d.word >= $2 AND d.word < w.word LIMIT 1) IS NULL"
#define MUNICIPALITY_WHERE " WHERE ($1 = '' OR $1 LIKE '%,' || r.municipality || ',%')"

/* A count stops at $18 ($2): beyond it the list says "more than". The
 * quick count counts index entries, a resident once per matching word; only
 * when that stays under the limit is the exact count worth its look-ups. */
static const char WORDS_QUICK_COUNT_SQL[] =
    "SELECT count(*) FROM (SELECT 1 FROM resident_words w" WORDS_RANGE " LIMIT $18) t";
static const char WORDS_COUNT_SQL[] =
    "SELECT count(*) FROM (SELECT 1 FROM resident_words w" WORDS_WHERE " LIMIT $18) t";
static const char WORDS_LIST_SQL[] =
    "SELECT " RESIDENT_COLUMNS " FROM resident_words w"
    " JOIN residents r ON r.id = w.resident_id"
    " JOIN municipalities m ON m.code = r.municipality" WORDS_WHERE
    " ORDER BY w.word, w.sort_key, w.resident_id LIMIT $18 OFFSET $19";
static const char ALL_COUNT_SQL[] =
    "SELECT count(*) FROM (SELECT 1 FROM residents r" MUNICIPALITY_WHERE " LIMIT $2) t";
static const char ALL_LIST_SQL[] =
    "SELECT " RESIDENT_COLUMNS " FROM residents r"
    " JOIN municipalities m ON m.code = r.municipality" MUNICIPALITY_WHERE
    " ORDER BY r.last_name, r.first_name, r.id LIMIT $2 OFFSET $3";

/* The end of the byte range of words starting with token: token followed by
 * the highest code point, still valid UTF-8 for PostgreSQL. */
static const char *range_end(struct arena *a, const char *token)
{
    return arena_printf(a, "%s\xF4\x8F\xBF\xBF", token);
}

static enum rc search_words(struct db *db, struct arena *a, const char *const *tokens, int ntokens,
                            const char *municipalities, int limit, int offset, int count_max,
                            struct resident **out, int *n, int64_t *total);
static enum rc search_all(struct db *db, struct arena *a, const char *municipalities, int limit,
                          int offset, int count_max, struct resident **out, int *n, int64_t *total);

enum rc records_resident_search(struct db *db, struct arena *a, const char *const *tokens,
                                int ntokens, const char *municipalities, int limit, int offset,
                                int count_max, struct resident **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    if (ntokens > RECORDS_MAX_TOKENS)
        return RC_INVALID;
    /* PostgreSQL plans the search per call with its values (for this
     * transaction only): a generic plan cannot know whether a word is rare
     * and may sort every match instead of walking the index in order. */
    bool own_tx = db_kind(db) == DB_POSTGRESQL && !db_in_transaction(db);
    enum rc rc = RC_OK;
    if (own_tx) {
        rc = db_begin(db, false);
        if (!rc)
            rc = db_exec(db, "SET LOCAL plan_cache_mode = force_custom_plan");
        if (rc) {
            db_rollback(db);
            return rc;
        }
    }
    if (ntokens == 0)
        rc = search_all(db, a, municipalities, limit, offset, count_max, out, n, total);
    else
        rc = search_words(db, a, tokens, ntokens, municipalities, limit, offset, count_max, out, n,
                          total);
    if (own_tx) {
        if (rc)
            db_rollback(db);
        else
            rc = db_commit(db);
    }
    return rc;
}

static enum rc read_page(struct db_stmt *st, struct arena *a, int limit, struct resident **out,
                         int *n)
{
    struct resident *list = arena_alloc(a, sizeof(*list) * (size_t)(limit > 0 ? limit : 1));
    int count = 0;
    bool row;
    enum rc rc;
    while (!(rc = db_step(st, &row)) && row && count < limit)
        read_resident(st, a, &list[count++]);
    db_done(st);
    *out = list;
    *n = count;
    return rc;
}

static enum rc read_count(struct db_stmt *st, int64_t *total)
{
    bool row;
    enum rc rc = db_step(st, &row);
    if (!rc && row)
        *total = db_col_int(st, 0);
    db_done(st);
    return rc;
}

static void bind_words(struct db_stmt *st, struct arena *a, const char *const *tokens, int ntokens,
                       const char *municipalities)
{
    /* The longest word is likely the rarest: it drives the walk. */
    int drive = 0;
    for (int i = 1; i < ntokens; i++)
        if (strlen(tokens[i]) > strlen(tokens[drive]))
            drive = i;
    db_bind_text(st, 1, municipalities);
    db_bind_text(st, 2, tokens[drive]);
    db_bind_text(st, 3, range_end(a, tokens[drive]));
    int slot = 4;
    for (int i = 0; i < ntokens; i++) {
        if (i == drive)
            continue;
        db_bind_text(st, slot, tokens[i]);
        db_bind_text(st, slot + 1, range_end(a, tokens[i]));
        slot += 2;
    }
    for (; slot < 18; slot += 2) {
        db_bind_text(st, slot, "");
        db_bind_text(st, slot + 1, "");
    }
}

static enum rc search_words(struct db *db, struct arena *a, const char *const *tokens, int ntokens,
                            const char *municipalities, int limit, int offset, int count_max,
                            struct resident **out, int *n, int64_t *total)
{
    struct db_stmt *st;
    enum rc rc = db_prepare(db, WORDS_QUICK_COUNT_SQL, &st);
    if (rc)
        return rc;
    bind_words(st, a, tokens, ntokens, municipalities);
    db_bind_int(st, 18, count_max + 1);
    if ((rc = read_count(st, total)))
        return rc;
    if (*total <= count_max) {
        if ((rc = db_prepare(db, WORDS_COUNT_SQL, &st)))
            return rc;
        bind_words(st, a, tokens, ntokens, municipalities);
        db_bind_int(st, 18, count_max + 1);
        if ((rc = read_count(st, total)))
            return rc;
    }
    rc = db_prepare(db, WORDS_LIST_SQL, &st);
    if (rc)
        return rc;
    bind_words(st, a, tokens, ntokens, municipalities);
    db_bind_int(st, 18, limit);
    db_bind_int(st, 19, offset);
    return read_page(st, a, limit, out, n);
}

static enum rc search_all(struct db *db, struct arena *a, const char *municipalities, int limit,
                          int offset, int count_max, struct resident **out, int *n, int64_t *total)
{
    struct db_stmt *st;
    enum rc rc = db_prepare(db, ALL_COUNT_SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, municipalities);
    db_bind_int(st, 2, count_max + 1);
    if ((rc = read_count(st, total)))
        return rc;
    rc = db_prepare(db, ALL_LIST_SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, municipalities);
    db_bind_int(st, 2, limit);
    db_bind_int(st, 3, offset);
    return read_page(st, a, limit, out, n);
}

/* Writes the distinct words of a resident's search key for the search,
 * replacing what was there: the words between spaces, and the parts of a
 * hyphenated one too ("jansen-de" and "vries" of "Jansen-de Vries"), as
 * migration 004 does in SQL. The sort key is the start of the search key
 * (the name), cut in SQL so both stores and the migration cut alike. */
static enum rc write_words(struct db *db, int64_t id, const char *municipality,
                           const char *search_key, bool replace)
{
    static const char DELETE_SQL[] = "DELETE FROM resident_words WHERE resident_id = $1";
    static const char INSERT_SQL[] =
        "INSERT INTO resident_words (word, sort_key, resident_id, municipality)"
        " VALUES ($1, substr($2, 1, 24), $3, $4)";
    struct db_stmt *st;
    enum rc rc;
    if (replace) {
        if ((rc = db_prepare(db, DELETE_SQL, &st)))
            return rc;
        db_bind_int(st, 1, id);
        rc = db_step_done(st);
        db_done(st);
        if (rc)
            return rc;
    }
    char *text = xmalloc(2 * strlen(search_key) + 2);
    char *parts = text + strlen(search_key) + 1;
    memcpy(text, search_key, strlen(search_key));
    text[strlen(search_key)] = ' ';
    for (const char *c = search_key; *c; c++)
        *parts++ = *c == '-' ? ' ' : *c;
    *parts = '\0';
    rc = RC_OK;
    for (const char *w = text; *w && !rc; w += strspn(w, " ")) {
        size_t len = strcspn(w, " ");
        bool seen = false;
        for (const char *p = text; p < w && !seen; p += strspn(p, " ")) {
            size_t plen = strcspn(p, " ");
            seen = plen == len && memcmp(p, w, len) == 0;
            p += plen;
        }
        if (!seen && !(rc = db_prepare(db, INSERT_SQL, &st))) {
            char *word = xstrndup(w, len);
            db_bind_text(st, 1, word);
            free(word);
            db_bind_text(st, 2, search_key);
            db_bind_int(st, 3, id);
            db_bind_text(st, 4, municipality);
            rc = db_step_done(st);
            db_done(st);
        }
        w += len;
    }
    free(text);
    return rc;
}

/* Insert and update both take the editable fields as $2..$12. */
static void bind_resident_fields(struct db_stmt *st, const struct resident *r,
                                 const char *search_key, const char *now)
{
    db_bind_text(st, 2, r->first_name);
    db_bind_text(st, 3, r->prefix);
    db_bind_text(st, 4, r->last_name);
    db_bind_text(st, 5, r->birth_date);
    db_bind_text(st, 6, r->postcode);
    db_bind_int(st, 7, r->pc4);
    db_bind_text(st, 8, r->municipality);
    db_bind_text(st, 9, r->email);
    db_bind_text(st, 10, r->phone);
    db_bind_text(st, 11, search_key);
    db_bind_text(st, 12, now);
}

enum rc records_resident_insert(struct db *db, const struct resident *r, const char *search_key,
                                const char *now, int64_t *id)
{
    static const char SQL[] =
        "INSERT INTO residents (bsn, first_name, prefix, last_name, birth_date, postcode, pc4,"
        " municipality, email, phone, search_key, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, r->bsn);
    bind_resident_fields(st, r, search_key, now);
    bool row;
    rc = db_step(st, &row);
    if (!rc && row)
        *id = db_col_int(st, 0);
    db_done(st);
    if (rc)
        return rc;
    return write_words(db, *id, r->municipality, search_key, false);
}

enum rc records_resident_update(struct db *db, const struct resident *r, const char *search_key,
                                const char *now)
{
    static const char SQL[] =
        "UPDATE residents SET first_name = $2, prefix = $3, last_name = $4, birth_date = $5,"
        " postcode = $6, pc4 = $7, municipality = $8, email = $9, phone = $10, search_key = $11,"
        " updated_at = $12 WHERE id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, r->id);
    bind_resident_fields(st, r, search_key, now);
    rc = db_step_done(st);
    db_done(st);
    if (rc)
        return rc;
    return write_words(db, r->id, r->municipality, search_key, true);
}

enum rc records_municipality_exists(struct db *db, const char *code, bool *exists)
{
    static const char SQL[] = "SELECT 1 FROM municipalities WHERE code = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, code);
    rc = db_step(st, exists);
    db_done(st);
    return rc;
}

#define CASE_COLUMNS                                                                               \
    "c.id, c.resident_id, c.phase, c.route, c.close_reason, coalesce(c.case_manager_id, 0),"       \
    " coalesce(u.display_name, ''), c.opened_at, coalesce(c.closed_at, ''), r.municipality,"       \
    " r.first_name, r.prefix, r.last_name"
#define CASE_FROM                                                                                  \
    " FROM cases c JOIN residents r ON r.id = c.resident_id"                                       \
    " LEFT JOIN users u ON u.id = c.case_manager_id"

static void read_case(struct db_stmt *st, struct arena *a, void *row)
{
    struct case_file *c = row;
    c->id = db_col_int(st, 0);
    c->resident_id = db_col_int(st, 1);
    if (!case_phase_parse(db_col_text(st, 2), &c->phase))
        c->phase = CASE_AANMELDING;
    if (!case_route_parse(db_col_text(st, 3), &c->route))
        c->route = ROUTE_NONE;
    c->close_reason = arena_strdup(a, db_col_text(st, 4));
    c->case_manager_id = db_col_int(st, 5);
    c->case_manager_name = arena_strdup(a, db_col_text(st, 6));
    c->opened_at = arena_strdup(a, db_col_text(st, 7));
    c->closed_at = arena_strdup(a, db_col_text(st, 8));
    c->municipality = arena_strdup(a, db_col_text(st, 9));
    struct resident r = {.first_name = db_col_text(st, 10),
                         .prefix = db_col_text(st, 11),
                         .last_name = db_col_text(st, 12)};
    c->resident_name = resident_display_name(a, &r);
}

enum rc records_case_list(struct db *db, struct arena *a, int64_t resident_id,
                          struct case_file **out, int *n)
{
    static const char COUNT_SQL[] = "SELECT count(*) FROM cases WHERE resident_id = $1";
    static const char SQL[] =
        "SELECT " CASE_COLUMNS CASE_FROM " WHERE c.resident_id = $1 ORDER BY c.id DESC";
    struct db_stmt *st;
    bool row;
    *out = NULL;
    *n = 0;
    enum rc rc = db_prepare(db, COUNT_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, resident_id);
    rc = db_step(st, &row);
    int64_t total = (!rc && row) ? db_col_int(st, 0) : 0;
    db_done(st);
    if (rc)
        return rc;
    rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, resident_id);
    struct case_file *list = arena_alloc(a, sizeof(*list) * (size_t)(total ? total : 1));
    int count = 0;
    while (!(rc = db_step(st, &row)) && row && count < total)
        read_case(st, a, &list[count++]);
    db_done(st);
    *out = list;
    *n = count;
    return rc;
}

enum rc records_case_get(struct db *db, struct arena *a, int64_t id, struct case_file *out)
{
    static const char SQL[] = "SELECT " CASE_COLUMNS CASE_FROM " WHERE c.id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    return rows_one(st, a, read_case, out);
}

enum rc records_case_insert(struct db *db, int64_t resident_id, int64_t case_manager_id,
                            const char *now, int64_t *id)
{
    static const char SQL[] = "INSERT INTO cases (resident_id, phase, case_manager_id, opened_at)"
                              " VALUES ($1, 'aanmelding', $2, $3) RETURNING id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, resident_id);
    db_bind_id(st, 2, case_manager_id);
    db_bind_text(st, 3, now);
    bool row;
    rc = db_step(st, &row);
    if (!rc && row)
        *id = db_col_int(st, 0);
    db_done(st);
    return rc;
}

enum rc records_case_set_phase(struct db *db, int64_t id, enum case_phase phase,
                               const char *close_reason, const char *now)
{
    static const char SQL[] =
        "UPDATE cases SET phase = $2, close_reason = $3,"
        " closed_at = CASE WHEN $2 = 'afgesloten' THEN $4 ELSE NULL END WHERE id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, case_phase_name(phase));
    db_bind_text(st, 3, close_reason ? close_reason : "");
    db_bind_text(st, 4, now);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc records_transition_insert(struct db *db, int64_t case_id, const char *from, const char *to,
                                  const char *reason, int64_t user_id, const char *now)
{
    static const char SQL[] = "INSERT INTO case_transitions (case_id, from_phase, to_phase,"
                              " reason, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    db_bind_text(st, 4, reason ? reason : "");
    db_bind_id(st, 5, user_id);
    db_bind_text(st, 6, now);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

static void read_transition(struct db_stmt *st, struct arena *a, void *row)
{
    struct case_transition *t = row;
    t->id = db_col_int(st, 0);
    t->from_phase = arena_strdup(a, db_col_text(st, 1));
    t->to_phase = arena_strdup(a, db_col_text(st, 2));
    t->reason = arena_strdup(a, db_col_text(st, 3));
    t->by = arena_strdup(a, db_col_text(st, 4));
    t->at = arena_strdup(a, db_col_text(st, 5));
}

enum rc records_transitions(struct db *db, struct arena *a, int64_t case_id,
                            struct case_transition **out, int *n)
{
    static const char SQL[] =
        "SELECT t.id, t.from_phase, t.to_phase, t.reason, coalesce(u.display_name, ''), t.at"
        " FROM case_transitions t LEFT JOIN users u ON u.id = t.user_id"
        " WHERE t.case_id = $1 ORDER BY t.id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct case_transition), 0, read_transition, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}

static void read_note(struct db_stmt *st, struct arena *a, void *row)
{
    struct note *nt = row;
    nt->id = db_col_int(st, 0);
    nt->case_id = db_col_int(st, 1);
    nt->author_id = db_col_int(st, 2);
    nt->author_org = db_col_int(st, 3);
    nt->author_name = arena_strdup(a, db_col_text(st, 4));
    if (!note_visibility_parse(db_col_text(st, 5), &nt->visibility))
        nt->visibility = NOTE_INTERNAL;
    nt->text = arena_strdup(a, db_col_text(st, 6));
    nt->created_at = arena_strdup(a, db_col_text(st, 7));
}

enum rc records_notes(struct db *db, struct arena *a, int64_t case_id, struct note **out, int *n)
{
    static const char SQL[] =
        "SELECT n.id, n.case_id, coalesce(n.author_id, 0), coalesce(n.author_org, 0),"
        " coalesce(u.display_name, ''), n.visibility, n.text, n.created_at"
        " FROM notes n LEFT JOIN users u ON u.id = n.author_id"
        " WHERE n.case_id = $1 ORDER BY n.id DESC";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct note), 0, read_note, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}

enum rc records_note_insert(struct db *db, const struct note *nt, int64_t *id)
{
    static const char SQL[] = "INSERT INTO notes (case_id, author_id, author_org, visibility,"
                              " text, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, nt->case_id);
    db_bind_id(st, 2, nt->author_id);
    db_bind_id(st, 3, nt->author_org);
    db_bind_text(st, 4, note_visibility_name(nt->visibility));
    db_bind_text(st, 5, nt->text);
    db_bind_text(st, 6, nt->created_at);
    bool row;
    rc = db_step(st, &row);
    if (!rc && row)
        *id = db_col_int(st, 0);
    db_done(st);
    return rc;
}

enum rc records_caseload(struct db *db, struct arena *a, int64_t case_manager_id, int limit,
                         struct caseload *out)
{
    static const char COUNT_SQL[] =
        "SELECT phase, count(*) FROM cases WHERE case_manager_id = $1 GROUP BY phase";
    static const char LIST_SQL[] =
        "SELECT " CASE_COLUMNS CASE_FROM " WHERE c.case_manager_id = $1 AND c.phase <> 'afgesloten'"
        " ORDER BY c.opened_at DESC, c.id DESC LIMIT $2";
    memset(out, 0, sizeof(*out));
    struct db_stmt *st;
    bool row;
    enum rc rc = db_prepare(db, COUNT_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_manager_id);
    while (!(rc = db_step(st, &row)) && row) {
        enum case_phase p;
        if (case_phase_parse(db_col_text(st, 0), &p))
            out->per_phase[p] = db_col_int(st, 1);
    }
    db_done(st);
    if (rc)
        return rc;
    rc = db_prepare(db, LIST_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_manager_id);
    db_bind_int(st, 2, limit);
    out->cases = arena_alloc(a, sizeof(*out->cases) * (size_t)(limit > 0 ? limit : 1));
    while (!(rc = db_step(st, &row)) && row && out->ncases < limit)
        read_case(st, a, &out->cases[out->ncases++]);
    db_done(st);
    return rc;
}
