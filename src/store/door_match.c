#include "door_match.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "date.h"
#include "db.h"
#include "door_internal.h"
#include "esco_sql.h"
#include "intake.h"
#include "network.h"
#include "resident.h"
#include "rows.h"
#include "banned.h"

/* The index of one store. Queries hold `lock` for reading; puts and removes
 * for writing. `refresh` serialises whole updates (load from the store, then
 * put), so two changes of one case cannot land out of order. */
struct matching {
    pthread_rwlock_t lock;
    pthread_mutex_t refresh;
    struct match_index *idx; /* NULL until built */
    struct date built_on;    /* availability expires by the day: rebuilt daily */
    double build_seconds;
    char built_at[21];
};

struct matching *matching_new(void)
{
    struct matching *m = xcalloc(1, sizeof(*m));
    pthread_rwlock_init(&m->lock, NULL);
    pthread_mutex_init(&m->refresh, NULL);
    return m;
}

void matching_free(struct matching *m)
{
    if (!m)
        return;
    match_index_free(m->idx);
    pthread_rwlock_destroy(&m->lock);
    pthread_mutex_destroy(&m->refresh);
    free(m);
}

/* ---- reading profiles from the store ---- */

/* The cases in matching: active, on a route towards work, with a current
 * availability; $1 today, $2 one case (0: all). */
#define ELIGIBLE_FROM                                                                              \
    " FROM cases c JOIN residents r ON r.id = c.resident_id"                                       \
    " JOIN availability av ON av.case_id = c.id"                                                   \
    " JOIN intakes i ON i.case_id = c.id"                                                          \
    " JOIN pc4_areas pa ON pa.pc4 = r.pc4"                                                         \
    " WHERE c.phase IN ('intake', 'plan', 'uitvoering')"                                          \
    " AND c.route IN ('werk', 'ontwikkelen', 'beschut')"                                           \
    " AND av.expires_on >= $1 AND av.confirmed_on <= $1"                                           \
    " AND i.version = (SELECT max(i2.version) FROM intakes i2 WHERE i2.case_id = c.id)"            \
    " AND ($2 = 0 OR c.id = $2)"

#define OPEN_FROM                                                                                  \
    " FROM vacancies v JOIN pc4_areas pa ON pa.pc4 = v.pc4"                                        \
    " WHERE v.status = 'open' AND ($1 = 0 OR v.id = $1)"

/* Growing arrays of ids, in the arena. */
struct ids {
    uint32_t *v;
    int n, cap;
};

static void ids_push(struct arena *a, struct ids *l, uint32_t id)
{
    l->v = arena_grow(a, l->v, sizeof(*l->v), &l->cap, l->n);
    l->v[l->n++] = id;
}

struct loaded_resident {
    struct match_resident r;
    int64_t resident_id;
    struct ids skills, wishes;
};

struct loaded_workplace {
    struct match_workplace w;
    struct ids essential, optional;
};

static int dutch_level_of(const char *cefr)
{
    enum cefr_level l;
    return cefr && cefr_level_parse(cefr, &l) ? (int)l : 0;
}

static struct match_point point_of(int64_t lat_e4, int64_t lon_e4)
{
    return match_point_from_degrees((double)lat_e4 / 1e4, (double)lon_e4 / 1e4);
}

/* Finds the row of id in a list sorted by id. */
static void *find_sorted(void *base, int n, size_t size, int64_t id)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int64_t at = *(int64_t *)((char *)base + (size_t)mid * size);
        if (at == id)
            return (char *)base + (size_t)mid * size;
        if (at < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

/* Loads the residents in matching (case_id 0: all), sorted by case id; the
 * id in each match_resident is the case's. */
static enum rc load_residents(struct db *db, struct arena *a, const char *today, int64_t case_id,
                              struct loaded_resident **out, int *n)
{
    static const char CASES[] =
        "SELECT c.id, c.resident_id, pa.lat_e4, pa.lon_e4, i.hours_per_week, i.max_travel_km,"
        " i.driving_licences, coalesce((SELECT l.level FROM intake_languages l"
        "  WHERE l.intake_id = i.id AND l.language = 'nl'), '')" ELIGIBLE_FROM " ORDER BY c.id";
    /* The item query joins the skill and wish tables through the WHERE. */
    static const char ITEMS_SQL[] =
        "SELECT c.id, 0, x.skill_id FROM cases c JOIN residents r ON r.id = c.resident_id"
        " JOIN availability av ON av.case_id = c.id JOIN intakes i ON i.case_id = c.id"
        " JOIN pc4_areas pa ON pa.pc4 = r.pc4 JOIN intake_skills x ON x.intake_id = i.id"
        " WHERE c.phase IN ('intake', 'plan', 'uitvoering')"
        " AND c.route IN ('werk', 'ontwikkelen', 'beschut')"
        " AND av.expires_on >= $1 AND av.confirmed_on <= $1"
        " AND i.version = (SELECT max(i2.version) FROM intakes i2 WHERE i2.case_id = c.id)"
        " AND ($2 = 0 OR c.id = $2)"
        " UNION ALL SELECT c.id, 1, w.occupation_id FROM cases c"
        " JOIN residents r ON r.id = c.resident_id"
        " JOIN availability av ON av.case_id = c.id JOIN intakes i ON i.case_id = c.id"
        " JOIN pc4_areas pa ON pa.pc4 = r.pc4 JOIN intake_wishes w ON w.intake_id = i.id"
        " WHERE c.phase IN ('intake', 'plan', 'uitvoering')"
        " AND c.route IN ('werk', 'ontwikkelen', 'beschut')"
        " AND av.expires_on >= $1 AND av.confirmed_on <= $1"
        " AND i.version = (SELECT max(i2.version) FROM intakes i2 WHERE i2.case_id = c.id)"
        " AND ($2 = 0 OR c.id = $2)";
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, CASES, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, today);
    db_bind_int(st, 2, case_id);
    struct loaded_resident *list = NULL;
    int cap = 0, count = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        list = arena_grow(a, list, sizeof(*list), &cap, count);
        struct loaded_resident *l = &list[count++];
        memset(l, 0, sizeof(*l));
        l->r.id = db_col_int(st, 0);
        l->resident_id = db_col_int(st, 1);
        l->r.at = point_of(db_col_int(st, 2), db_col_int(st, 3));
        l->r.hours = (int)db_col_int(st, 4);
        l->r.max_km = (int)db_col_int(st, 5);
        unsigned licences = 0;
        if (!intake_set_parse(db_col_text(st, 6), driving_licence_name_i, DRIVING_LICENCE_COUNT,
                              &licences))
            licences = 0;
        l->r.licences = licences; /* the bits of enum driving_licence are match_licence's */
        l->r.dutch_level = dutch_level_of(db_col_text(st, 7));
    }
    db_done(st);
    if (rc)
        return rc;
    rc = db_prepare(db, ITEMS_SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, today);
    db_bind_int(st, 2, case_id);
    while (!(rc = db_step(st, &row)) && row) {
        struct loaded_resident *l = find_sorted(list, count, sizeof(*list), db_col_int(st, 0));
        if (!l)
            continue;
        ids_push(a, db_col_int(st, 1) ? &l->wishes : &l->skills, (uint32_t)db_col_int(st, 2));
    }
    db_done(st);
    for (int i = 0; i < count; i++) {
        struct loaded_resident *l = &list[i];
        l->r.skills = l->skills.v;
        l->r.nskills = l->skills.n;
        l->r.wishes = l->wishes.v;
        l->r.nwishes = l->wishes.n;
    }
    *out = list;
    *n = count;
    return rc;
}

static enum rc load_workplaces(struct db *db, struct arena *a, int64_t vacancy_id,
                               struct loaded_workplace **out, int *n)
{
    static const char OPEN[] = "SELECT v.id, v.occupation_id, pa.lat_e4, pa.lon_e4,"
                               " v.hours_per_week, v.licences, v.dutch_level" OPEN_FROM
                               " ORDER BY v.id";
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, OPEN, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, vacancy_id);
    struct loaded_workplace *list = NULL;
    int cap = 0, count = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        list = arena_grow(a, list, sizeof(*list), &cap, count);
        struct loaded_workplace *l = &list[count++];
        memset(l, 0, sizeof(*l));
        l->w.id = db_col_int(st, 0);
        l->w.occupation = (uint32_t)db_col_int(st, 1);
        l->w.at = point_of(db_col_int(st, 2), db_col_int(st, 3));
        l->w.hours = (int)db_col_int(st, 4);
        unsigned licences = 0;
        if (!intake_set_parse(db_col_text(st, 5), driving_licence_name_i, DRIVING_LICENCE_COUNT,
                              &licences))
            licences = 0;
        l->w.licences_needed = licences;
        l->w.dutch_level_needed = dutch_level_of(db_col_text(st, 6));
    }
    db_done(st);
    if (rc)
        return rc;
    static const char SKILLS_SQL[] =
        "SELECT v.id, x.skill_id, x.essential FROM vacancies v"
        " JOIN pc4_areas pa ON pa.pc4 = v.pc4 JOIN vacancy_skills x ON x.vacancy_id = v.id"
        " WHERE v.status = 'open' AND ($1 = 0 OR v.id = $1)";
    rc = db_prepare(db, SKILLS_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, vacancy_id);
    while (!(rc = db_step(st, &row)) && row) {
        struct loaded_workplace *l = find_sorted(list, count, sizeof(*list), db_col_int(st, 0));
        if (l)
            ids_push(a, db_col_int(st, 2) ? &l->essential : &l->optional,
                     (uint32_t)db_col_int(st, 1));
    }
    db_done(st);
    for (int i = 0; i < count; i++) {
        struct loaded_workplace *l = &list[i];
        l->w.essential = l->essential.v;
        l->w.nessential = l->essential.n;
        l->w.optional = l->optional.v;
        l->w.noptional = l->optional.n;
    }
    *out = list;
    *n = count;
    return rc;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Builds a fresh index of the store as of today; the residents as loaded
 * (with their case and resident ids) stay in arena a for a caller that
 * wants them (rs may be NULL). */
static enum rc build_index_in(struct door *d, const struct date *today, struct arena *a,
                              struct match_index **out, struct loaded_resident **rs, int *nr)
{
    *out = NULL;
    char day[11];
    date_format(today, day);
    struct loaded_resident *list;
    struct loaded_workplace *ws;
    int n = 0, nw = 0;
    enum rc rc = load_residents(d->db, a, day, 0, &list, &n);
    if (!rc)
        rc = load_workplaces(d->db, a, 0, &ws, &nw);
    if (rc)
        return rc;
    struct match_index *idx = match_index_new();
    for (int i = 0; i < n; i++)
        match_put_resident(idx, &list[i].r);
    for (int i = 0; i < nw; i++)
        match_put_workplace(idx, &ws[i].w);
    *out = idx;
    if (rs) {
        *rs = list;
        *nr = n;
    }
    return RC_OK;
}

static enum rc build_index(struct door *d, const struct date *today, struct match_index **out)
{
    struct arena a;
    arena_init(&a);
    enum rc rc = build_index_in(d, today, &a, out, NULL, NULL);
    arena_release(&a);
    return rc;
}

static bool same_day(const struct date *a, const struct date *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day;
}

/* Makes sure the index is built and of today; the caller holds nothing. */
static enum rc ensure_built(struct door *d, struct matching *m, bool force)
{
    struct date today;
    if (!date_today(&today))
        return RC_IO;
    pthread_rwlock_rdlock(&m->lock);
    bool fresh = m->idx && same_day(&m->built_on, &today);
    pthread_rwlock_unlock(&m->lock);
    if (fresh && !force)
        return RC_OK;
    pthread_mutex_lock(&m->refresh);
    pthread_rwlock_rdlock(&m->lock);
    fresh = m->idx && same_day(&m->built_on, &today);
    pthread_rwlock_unlock(&m->lock);
    enum rc rc = RC_OK;
    if (!fresh || force) {
        double t0 = seconds_now();
        struct match_index *idx;
        rc = build_index(d, &today, &idx);
        if (!rc) {
            pthread_rwlock_wrlock(&m->lock);
            match_index_free(m->idx);
            m->idx = idx;
            m->built_on = today;
            m->build_seconds = seconds_now() - t0;
            timestamp_now(m->built_at);
            pthread_rwlock_unlock(&m->lock);
            /* Who was in it is not shown to anyone; the build itself is
             * recorded, as a read of profiles by the system. */
            struct policy_decision dec = {true, "matching_index"};
            struct audit_entry e = door_audit_entry(d, ACT_PROFILE_READ, 0, 0, dec);
            rc = door_audit_out(d, &e, 1);
        }
    }
    pthread_mutex_unlock(&m->refresh);
    return rc;
}

static void stats_of(struct matching *m, struct match_stats *stats)
{
    if (!stats)
        return;
    pthread_rwlock_rdlock(&m->lock);
    stats->residents = m->idx ? match_resident_count(m->idx) : 0;
    stats->workplaces = m->idx ? match_workplace_count(m->idx) : 0;
    stats->build_seconds = m->build_seconds;
    pthread_rwlock_unlock(&m->lock);
    stats->built_at = m->built_at;
}

enum rc door_match_build(struct door *d, struct match_stats *stats)
{
    struct matching *m = store_matching(d->store);
    enum rc rc = ensure_built(d, m, false);
    if (!rc)
        stats_of(m, stats);
    return rc;
}

enum rc door_match_rebuild(struct door *d, struct match_stats *stats)
{
    struct matching *m = store_matching(d->store);
    enum rc rc = ensure_built(d, m, true);
    if (!rc)
        stats_of(m, stats);
    return rc;
}

/* ---- keeping it current ---- */

static bool built(struct matching *m)
{
    pthread_rwlock_rdlock(&m->lock);
    bool b = m->idx != NULL;
    pthread_rwlock_unlock(&m->lock);
    return b;
}

void door_match_case_changed(struct door *d, int64_t case_id)
{
    struct matching *m = store_matching(d->store);
    if (!built(m) || case_id <= 0)
        return;
    pthread_mutex_lock(&m->refresh);
    char day[11];
    date_format(&m->built_on, day);
    struct arena ar;
    arena_init(&ar);
    struct arena *a = &ar;
    struct loaded_resident *rs;
    int nr;
    if (load_residents(d->db, a, day, case_id, &rs, &nr) == RC_OK) {
        pthread_rwlock_wrlock(&m->lock);
        if (nr == 1)
            match_put_resident(m->idx, &rs[0].r);
        else
            match_remove_resident(m->idx, case_id);
        pthread_rwlock_unlock(&m->lock);
    }
    arena_release(a);
    pthread_mutex_unlock(&m->refresh);
}

void door_match_resident_changed(struct door *d, int64_t resident_id)
{
    static const char SQL[] = "SELECT id FROM cases WHERE resident_id = $1 ORDER BY id";
    if (!built(store_matching(d->store)))
        return;
    struct db_stmt *st;
    if (db_prepare(d->db, SQL, &st))
        return;
    db_bind_int(st, 1, resident_id);
    int64_t ids[64];
    int n = 0;
    bool row;
    while (!db_step(st, &row) && row && n < 64)
        ids[n++] = db_col_int(st, 0);
    db_done(st);
    for (int i = 0; i < n; i++)
        door_match_case_changed(d, ids[i]);
}

void door_match_vacancy_changed(struct door *d, int64_t vacancy_id)
{
    struct matching *m = store_matching(d->store);
    if (!built(m) || vacancy_id <= 0)
        return;
    pthread_mutex_lock(&m->refresh);
    struct arena ar;
    arena_init(&ar);
    struct arena *a = &ar;
    struct loaded_workplace *ws;
    int nw;
    if (load_workplaces(d->db, a, vacancy_id, &ws, &nw) == RC_OK) {
        pthread_rwlock_wrlock(&m->lock);
        if (nw == 1)
            match_put_workplace(m->idx, &ws[0].w);
        else
            match_remove_workplace(m->idx, vacancy_id);
        pthread_rwlock_unlock(&m->lock);
    }
    arena_release(a);
    pthread_mutex_unlock(&m->refresh);
}

enum rc door_match_index_equal_rebuild(struct door *d, bool *equal)
{
    *equal = false;
    struct matching *m = store_matching(d->store);
    enum rc rc = ensure_built(d, m, false);
    if (rc)
        return rc;
    pthread_mutex_lock(&m->refresh);
    struct match_index *fresh;
    rc = build_index(d, &m->built_on, &fresh);
    if (!rc) {
        pthread_rwlock_rdlock(&m->lock);
        *equal = match_index_equal(m->idx, fresh);
        pthread_rwlock_unlock(&m->lock);
        match_index_free(fresh);
    }
    pthread_mutex_unlock(&m->refresh);
    return rc;
}

/* ---- labels ---- */

/* The ESCO skills with their labels, of one workplace, sorted by id. */
struct skill_labels {
    struct esco_concept *v;
    int n;
};

static enum rc vacancy_skill_labels(struct door *d, int64_t vacancy_id, struct skill_labels *out)
{
    static const char SQL[] = "SELECT " ESCO_SKILL_COLUMNS
                              " FROM vacancy_skills x JOIN esco_skills s ON s.id = x.skill_id"
                              ESCO_SKILL_JOIN " WHERE x.vacancy_id = $1 ORDER BY s.id";
    out->v = NULL;
    out->n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, vacancy_id);
    int cap = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        out->v = arena_grow(d->arena, out->v, sizeof(*out->v), &cap, out->n);
        esco_concept_read(d->arena, st, &out->v[out->n++]);
    }
    db_done(st);
    return rc;
}

static struct esco_concept *labels_of(struct door *d, const struct skill_labels *l,
                                      const uint32_t *ids, int n)
{
    struct esco_concept *v = arena_alloc(d->arena, sizeof(*v) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const struct esco_concept *c = find_sorted(l->v, l->n, sizeof(*l->v), ids[i]);
        if (c)
            v[i] = *c;
        else
            v[i] = (struct esco_concept){.id = ids[i], .uri = "", .label = "", .label_lang = "nl",
                                         .group_label = ""};
    }
    return v;
}

static void why_of(struct door *d, const struct match_explanation *e,
                   const struct skill_labels *l, struct match_why *out)
{
    memset(out, 0, sizeof(*out));
    out->filter = e->filter;
    out->score = e->score;
    out->distance_km = e->distance_km;
    out->hours_fit = e->hours_fit;
    out->wish = e->wish;
    out->essential_matched = labels_of(d, l, e->essential_matched, e->nessential_matched);
    out->nessential_matched = e->nessential_matched;
    out->essential_missing = labels_of(d, l, e->essential_missing, e->nessential_missing);
    out->nessential_missing = e->nessential_missing;
    out->optional_matched = labels_of(d, l, e->optional_matched, e->noptional_matched);
    out->noptional_matched = e->noptional_matched;
}

/* One workplace for a resident, explained with labels. */
static enum rc offer_of(struct door *d, const struct vacancy *v, const struct match_explanation *e,
                        struct match_offer *o)
{
    memset(o, 0, sizeof(*o));
    o->vacancy_id = v->id;
    o->title = v->title;
    o->employer_name = v->employer_name;
    o->kind = vacancy_kind_name(v->kind);
    o->hours_per_week = v->hours_per_week;
    o->postcode = v->postcode;
    o->proposal_status = "";
    struct skill_labels labels;
    enum rc rc = vacancy_skill_labels(d, v->id, &labels);
    if (!rc)
        why_of(d, e, &labels, &o->why);
    return rc;
}

/* ---- queries ---- */

/* Who a candidate is, for the list: one row per case. */
struct candidate_row {
    int64_t case_id, resident_id;
    const char *first, *prefix, *last, *municipality, *municipality_name, *expires_on;
    int pc4, hours;
    bool consent;
    const char *proposal_status;
    int64_t proposal_id;
};

static enum rc candidate_load(struct door *d, int64_t case_id, int64_t vacancy_id,
                              struct candidate_row *out)
{
    static const char SQL[] =
        "SELECT c.id, r.id, r.first_name, r.prefix, r.last_name, r.municipality, r.pc4,"
        " coalesce(av.expires_on, ''),"
        " coalesce((SELECT i.hours_per_week FROM intakes i WHERE i.case_id = c.id"
        "  ORDER BY i.version DESC LIMIT 1), 0),"
        " (SELECT count(*) FROM consents k WHERE k.resident_id = r.id AND k.revoked_at = ''"
        "  AND k.scope = 'profiel_werkgevers'),"
        " coalesce((SELECT p.status FROM proposals p WHERE p.case_id = c.id AND p.vacancy_id = $2"
        "  ORDER BY p.id DESC LIMIT 1), ''),"
        " coalesce((SELECT p.id FROM proposals p WHERE p.case_id = c.id AND p.vacancy_id = $2"
        "  ORDER BY p.id DESC LIMIT 1), 0), m.name"
        " FROM cases c JOIN residents r ON r.id = c.resident_id"
        " JOIN municipalities m ON m.code = r.municipality"
        " LEFT JOIN availability av ON av.case_id = c.id WHERE c.id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, vacancy_id);
    bool row = false;
    rc = db_step(st, &row);
    if (!rc && !row)
        rc = RC_NOT_FOUND;
    if (!rc) {
        struct arena *a = d->arena;
        out->case_id = db_col_int(st, 0);
        out->resident_id = db_col_int(st, 1);
        out->first = arena_strdup(a, db_col_text(st, 2));
        out->prefix = arena_strdup(a, db_col_text(st, 3));
        out->last = arena_strdup(a, db_col_text(st, 4));
        out->municipality = arena_strdup(a, db_col_text(st, 5));
        out->pc4 = (int)db_col_int(st, 6);
        out->expires_on = arena_strdup(a, db_col_text(st, 7));
        out->hours = (int)db_col_int(st, 8);
        out->consent = db_col_int(st, 9) > 0;
        out->proposal_status = arena_strdup(a, db_col_text(st, 10));
        out->proposal_id = db_col_int(st, 11);
        out->municipality_name = arena_strdup(a, db_col_text(st, 12));
    }
    db_done(st);
    return rc;
}

/* Runs one top-N query under the read lock. */
static int top_residents(struct matching *m, int64_t vacancy_id, int want,
                         struct match_result *res)
{
    struct match_scratch *s = match_scratch_new();
    pthread_rwlock_rdlock(&m->lock);
    int n = match_top_residents(m->idx, vacancy_id, want, s, res);
    pthread_rwlock_unlock(&m->lock);
    match_scratch_free(s);
    return n;
}

static bool explain(struct matching *m, int64_t case_id, int64_t vacancy_id, struct arena *a,
                    struct match_explanation *e)
{
    pthread_rwlock_rdlock(&m->lock);
    bool ok = match_explain(m->idx, case_id, vacancy_id, a, e);
    pthread_rwlock_unlock(&m->lock);
    return ok;
}

enum rc door_match_residents(struct door *d, int64_t vacancy_id, int limit,
                             struct match_candidate **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (limit < 1 || limit > DOOR_MATCH_LIMIT_MAX)
        return RC_INVALID;
    struct vacancy v;
    enum rc rc = network_vacancy_get(d, vacancy_id, &v);
    if (rc)
        return rc;
    /* Only professionals see candidates; an employer sees proposals. */
    if (d->actor->system ||
        (d->actor->role != ROLE_EMPLOYER_ADVISER && d->actor->role != ROLE_CASE_MANAGER))
        return RC_FORBIDDEN;
    struct matching *m = store_matching(d->store);
    rc = ensure_built(d, m, false);
    if (rc)
        return rc;
    struct skill_labels labels;
    rc = vacancy_skill_labels(d, vacancy_id, &labels);
    if (rc)
        return rc;
    struct match_candidate *list = arena_alloc(d->arena, sizeof(*list) * (size_t)limit);
    struct audit_entry *audits = arena_alloc(d->arena, sizeof(*audits) * (size_t)limit);
    int count = 0;
    /* Residents the actor may not see are left out; ask for more until the
     * page is full or the index has no more. */
    for (int want = limit * 2 + 8;; want *= 2) {
        struct match_result *res = arena_alloc(d->arena, sizeof(*res) * (size_t)want);
        int got = top_residents(m, vacancy_id, want, res);
        if (got < 0)
            break; /* a closed workplace is not in the index: no candidates */
        count = 0;
        for (int i = 0; i < got && count < limit; i++) {
            struct candidate_row c;
            rc = candidate_load(d, res[i].id, vacancy_id, &c);
            if (rc == RC_NOT_FOUND)
                continue;
            if (rc)
                return rc;
            struct policy_subject s = {.municipality = c.municipality,
                                       .resident_id = c.resident_id};
            struct policy_decision dec = policy_decide(d->actor, ACT_PROFILE_READ, &s);
            if (!dec.allowed)
                continue;
            struct match_explanation e;
            if (!explain(m, c.case_id, vacancy_id, d->arena, &e))
                continue;
            struct match_candidate *k = &list[count];
            memset(k, 0, sizeof(*k));
            k->case_id = c.case_id;
            k->resident_id = c.resident_id;
            struct resident r = {.first_name = c.first, .prefix = c.prefix, .last_name = c.last};
            k->resident_name = resident_display_name(d->arena, &r);
            k->municipality = c.municipality;
            k->municipality_name = c.municipality_name;
            k->pc4_place = arena_printf(d->arena, "%d", c.pc4);
            k->hours_per_week = c.hours;
            k->available_until = c.expires_on;
            k->consent_profile = c.consent;
            k->proposal_status = c.proposal_status;
            k->proposal_id = c.proposal_id;
            why_of(d, &e, &labels, &k->why);
            audits[count] = door_audit_entry(d, ACT_PROFILE_READ, c.resident_id, c.case_id, dec);
            count++;
        }
        if (count >= limit || got < want)
            break;
    }
    if (count) {
        rc = door_audit_out(d, audits, (size_t)count);
        if (rc)
            return rc;
    }
    *out = list;
    *n = count;
    return RC_OK;
}

/* The newest case of the resident that is in the index, 0 when none. */
static int64_t indexed_case(struct door *d, struct matching *m, int64_t resident_id)
{
    static const char SQL[] = "SELECT id FROM cases WHERE resident_id = $1 ORDER BY id DESC";
    struct db_stmt *st;
    if (db_prepare(d->db, SQL, &st))
        return 0;
    db_bind_int(st, 1, resident_id);
    int64_t found = 0;
    bool row;
    while (!found && !db_step(st, &row) && row) {
        int64_t id = db_col_int(st, 0);
        pthread_rwlock_rdlock(&m->lock);
        struct match_result r;
        struct match_scratch *s = match_scratch_new();
        if (match_top_workplaces(m->idx, id, 1, s, &r) >= 0)
            found = id;
        match_scratch_free(s);
        pthread_rwlock_unlock(&m->lock);
    }
    db_done(st);
    return found;
}

/* Asks whether the actor may read resident_id's profile (an employer never
 * reads it here) and finds their case in the index (0 when none). */
static enum rc resident_in_index(struct door *d, int64_t resident_id, struct policy_subject *s,
                                 struct matching **m, int64_t *case_id)
{
    *case_id = 0;
    *m = NULL;
    struct resident r;
    enum rc rc = door_load_resident(d, ACT_PROFILE_READ, resident_id, &r, s);
    if (rc)
        return rc;
    if (d->actor->role == ROLE_EMPLOYER)
        return door_refuse(d, ACT_PROFILE_READ, resident_id, 0,
                           (struct policy_decision){false, "role"}, RC_NOT_FOUND);
    *m = store_matching(d->store);
    rc = ensure_built(d, *m, false);
    if (!rc)
        *case_id = indexed_case(d, *m, resident_id);
    return rc;
}

static int by_essential_held(const void *a, const void *b)
{
    const struct match_offer *x = a, *y = b;
    if (x->why.nessential_matched != y->why.nessential_matched)
        return x->why.nessential_matched > y->why.nessential_matched ? -1 : 1;
    return x->vacancy_id < y->vacancy_id ? -1 : x->vacancy_id > y->vacancy_id;
}

/* The open workplaces that share something with case_id but that a hard
 * filter leaves out, most essential skills held first, at most limit. */
static enum rc excluded_for(struct door *d, struct matching *m, int64_t case_id, int limit,
                            struct match_offer **out, int *n)
{
    struct vacancy *vs = NULL;
    int nv = 0;
    enum rc rc = case_id ? network_vacancy_list(d, 0, "open", 1000, &vs, &nv) : RC_OK;
    if (rc)
        return rc;
    struct match_offer *list = arena_alloc(d->arena, sizeof(*list) * (size_t)(nv + 1));
    int count = 0;
    /* A region has hundreds of workplaces, not millions: explain each. */
    for (int i = 0; i < nv; i++) {
        struct match_explanation e;
        if (!explain(m, case_id, vs[i].id, d->arena, &e) || e.filter == MATCH_OK ||
            e.filter == MATCH_NOTHING_SHARED)
            continue;
        rc = offer_of(d, &vs[i], &e, &list[count++]);
        if (rc)
            return rc;
    }
    qsort(list, (size_t)count, sizeof(*list), by_essential_held);
    *out = list;
    *n = count < limit ? count : limit;
    return RC_OK;
}

enum rc door_match_workplaces(struct door *d, int64_t resident_id, int limit,
                              struct match_offer **out, int *n, struct match_offer **excluded,
                              int *nexcluded)
{
    *out = NULL;
    *n = 0;
    if (excluded) {
        *excluded = NULL;
        *nexcluded = 0;
    }
    if (limit < 1 || limit > DOOR_MATCH_LIMIT_MAX)
        return RC_INVALID;
    struct policy_subject s;
    struct matching *m = NULL;
    int64_t case_id;
    enum rc rc = resident_in_index(d, resident_id, &s, &m, &case_id);
    if (rc)
        return rc;
    struct match_offer *list = arena_alloc(d->arena, sizeof(*list) * (size_t)limit);
    int count = 0;
    if (case_id) {
        struct match_result *res = arena_alloc(d->arena, sizeof(*res) * (size_t)limit);
        struct match_scratch *sc = match_scratch_new();
        pthread_rwlock_rdlock(&m->lock);
        int got = match_top_workplaces(m->idx, case_id, limit, sc, res);
        pthread_rwlock_unlock(&m->lock);
        match_scratch_free(sc);
        for (int i = 0; i < got; i++) {
            struct vacancy v;
            rc = network_vacancy_get(d, res[i].id, &v);
            if (rc == RC_NOT_FOUND)
                continue; /* an employer outside the actor's municipalities */
            if (rc)
                return rc;
            struct match_explanation e;
            if (!explain(m, case_id, v.id, d->arena, &e))
                continue;
            struct match_offer *o = &list[count++];
            rc = offer_of(d, &v, &e, o);
            if (rc)
                return rc;
            struct candidate_row c;
            if (candidate_load(d, case_id, v.id, &c) == RC_OK) {
                o->proposal_status = c.proposal_status;
                o->proposal_id = c.proposal_id;
            }
        }
    }
    if (excluded) {
        rc = excluded_for(d, m, case_id, limit, excluded, nexcluded);
        if (rc)
            return rc;
    }
    rc = door_audit_read(d, ACT_PROFILE_READ, resident_id, case_id,
                         policy_decide(d->actor, ACT_PROFILE_READ, &s));
    if (rc)
        return rc;
    *out = list;
    *n = count;
    return RC_OK;
}


enum rc door_match_why(struct door *d, int64_t case_id, int64_t vacancy_id, struct match_why *out)
{
    memset(out, 0, sizeof(*out));
    out->filter = MATCH_FILTER_COUNT;
    struct matching *m = store_matching(d->store);
    enum rc rc = ensure_built(d, m, false);
    if (rc)
        return rc;
    struct match_explanation e;
    if (!explain(m, case_id, vacancy_id, d->arena, &e))
        return RC_OK;
    struct skill_labels labels;
    rc = vacancy_skill_labels(d, vacancy_id, &labels);
    if (!rc)
        why_of(d, &e, &labels, out);
    return rc;
}

enum rc door_match_explain_pair(struct door *d, int64_t case_id, int64_t vacancy_id,
                                struct match_why *out)
{
    memset(out, 0, sizeof(*out));
    out->filter = MATCH_FILTER_COUNT;
    struct case_file c;
    struct policy_subject s;
    enum rc rc = door_load_case_as(d, ACT_PROFILE_READ, ACT_PROFILE_READ, case_id, &c, &s);
    if (rc)
        return rc;
    rc = door_match_why(d, case_id, vacancy_id, out);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_PROFILE_READ, c.resident_id, case_id,
                           policy_decide(d->actor, ACT_PROFILE_READ, &s));
}

/* ---- the batch ---- */

/* One thread's part of the batch. */
struct batch_part {
    const struct match_index *idx;
    const int64_t *ids;
    int count, n;
    struct match_result *out;
    int *counts;
};

static void *batch_run(void *arg)
{
    struct batch_part *p = arg;
    struct match_scratch *s = match_scratch_new();
    match_top_workplaces_many(p->idx, p->ids, p->count, p->n, s, p->out, p->counts);
    match_scratch_free(s);
    return NULL;
}

enum rc door_match_batch(struct door *d, int per_resident, match_batch_row *row, void *arg,
                         int64_t *residents, int64_t *rows)
{
    *residents = 0;
    *rows = 0;
    if (!d->actor->system)
        return RC_FORBIDDEN;
    if (per_resident < 1 || per_resident > DOOR_MATCH_LIMIT_MAX)
        return RC_INVALID;
    struct date today;
    if (!date_today(&today))
        return RC_IO;
    struct arena ar;
    arena_init(&ar);
    struct arena *a = &ar;
    struct loaded_resident *rs;
    int nr = 0;
    struct match_index *idx;
    enum rc rc = build_index_in(d, &today, a, &idx, &rs, &nr);
    if (rc) {
        arena_release(a);
        return rc;
    }
    /* Both halves at once, one scratch each (the machine has two cores). */
    int64_t *ids = xcalloc((size_t)nr + 1, sizeof(*ids));
    for (int i = 0; i < nr; i++)
        ids[i] = rs[i].r.id;
    struct match_result *res = xcalloc((size_t)nr * (size_t)per_resident + 1, sizeof(*res));
    int *counts = xcalloc((size_t)nr + 1, sizeof(*counts));
    int half = nr / 2;
    struct batch_part parts[2] = {
        {idx, ids, half, per_resident, res, counts},
        {idx, ids + half, nr - half, per_resident, res + (size_t)half * (size_t)per_resident,
         counts + half},
    };
    pthread_t other;
    bool threaded = pthread_create(&other, NULL, batch_run, &parts[1]) == 0;
    batch_run(&parts[0]);
    if (threaded)
        pthread_join(other, NULL);
    else
        batch_run(&parts[1]);
    for (int i = 0; i < nr; i++) {
        const struct match_result *r = res + (size_t)i * (size_t)per_resident;
        for (int k = 0; k < counts[i]; k++)
            row(arg, rs[i].r.id, rs[i].resident_id, r[k].id, k + 1, r[k].score,
                r[k].distance_km);
        *rows += counts[i] > 0 ? counts[i] : 0;
    }
    *residents = nr;
    free(ids);
    free(res);
    free(counts);
    match_index_free(idx);
    arena_release(a);
    struct policy_decision dec = {true, "matching_batch"};
    struct audit_entry e = door_audit_entry(d, ACT_PROFILE_READ, 0, 0, dec);
    return door_audit_out(d, &e, 1);
}
