#include "records_intake.h"

#include <string.h>

#include "esco_sql.h"
#include "rows.h"
#include "banned.h"

#define HEADER_COLUMNS                                                                             \
    "i.id, i.version, i.hours_per_week, i.max_travel_km, i.driving_licences, i.barriers,"          \
    " i.ladder_step, i.ladder_measured_on, i.benefit, i.route, i.route_motivation,"                \
    " coalesce(u.display_name, ''), i.created_at"

enum rc records_intake_latest(struct db *db, struct arena *a, int64_t case_id,
                              struct intake_record *out, int64_t *intake_id)
{
    static const char SQL[] =
        "SELECT " HEADER_COLUMNS " FROM intakes i LEFT JOIN users u ON u.id = i.user_id"
        " WHERE i.case_id = $1 ORDER BY i.version DESC LIMIT 1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    bool row;
    rc = db_step(st, &row);
    if (!rc && !row)
        rc = RC_NOT_FOUND;
    if (!rc) {
        struct intake *in = &out->data;
        *intake_id = db_col_int(st, 0);
        out->case_id = case_id;
        out->version = (int)db_col_int(st, 1);
        in->hours_per_week = (int)db_col_int(st, 2);
        in->max_travel_km = (int)db_col_int(st, 3);
        /* The table's CHECKs and the door keep these well formed. */
        if (!intake_set_parse(db_col_text(st, 4), driving_licence_name_i, DRIVING_LICENCE_COUNT,
                              &in->licences))
            in->licences = 0;
        if (!intake_set_parse(db_col_text(st, 5), intake_barrier_name_i, INTAKE_BARRIER_COUNT,
                              &in->barriers))
            in->barriers = 0;
        in->ladder_step = (int)db_col_int(st, 6);
        in->ladder_measured_on = arena_strdup(a, db_col_text(st, 7));
        in->benefit = arena_strdup(a, db_col_text(st, 8));
        if (!case_route_parse(db_col_text(st, 9), &in->route))
            in->route = ROUTE_NONE;
        in->route_motivation = arena_strdup(a, db_col_text(st, 10));
        out->by = arena_strdup(a, db_col_text(st, 11));
        out->created_at = arena_strdup(a, db_col_text(st, 12));
    }
    db_done(st);
    return rc;
}

enum rc records_intake_lists(struct db *db, struct arena *a, int64_t intake_id,
                             struct intake_record *out)
{
    /* Skills and wishes in one round trip: the concept columns first (as
     * esco_sql.h wants them), then what kind of row, the skill's level and
     * the folded label to order by. */
    static const char SQL[] =
        "SELECT " ESCO_SKILL_COLUMNS ", 0, x.level, s.label_key"
        " FROM intake_skills x JOIN esco_skills s ON s.id = x.skill_id" ESCO_SKILL_JOIN
        " WHERE x.intake_id = $1"
        " UNION ALL SELECT " ESCO_OCCUPATION_COLUMNS ", 1, '', o.label_key"
        " FROM intake_wishes w JOIN esco_occupations o ON o.id = "
        "w.occupation_id" ESCO_OCCUPATION_JOIN " WHERE w.intake_id = $1"
        " ORDER BY 9, 11, 1";
    static const char LANGUAGES[] = "SELECT language, level FROM intake_languages"
                                    " WHERE intake_id = $1 ORDER BY language";
    struct intake *in = &out->data;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, intake_id);
    int skill_cap = 0, wish_cap = 0, skill_concept_cap = 0, wish_concept_cap = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        struct esco_concept c;
        esco_concept_read(a, st, &c);
        if (db_col_int(st, ESCO_CONCEPT_NCOLUMNS) == 0) {
            in->skills = arena_grow(a, in->skills, sizeof(*in->skills), &skill_cap, in->nskills);
            out->skill_concepts =
                arena_grow(a, out->skill_concepts, sizeof(c), &skill_concept_cap, in->nskills);
            enum skill_level level = SKILL_ZELF;
            skill_level_parse(db_col_text(st, ESCO_CONCEPT_NCOLUMNS + 1), &level);
            in->skills[in->nskills] = (struct intake_skill){c.uri, level};
            out->skill_concepts[in->nskills++] = c;
        } else {
            in->wishes = arena_grow(a, in->wishes, sizeof(*in->wishes), &wish_cap, in->nwishes);
            out->wish_concepts =
                arena_grow(a, out->wish_concepts, sizeof(c), &wish_concept_cap, in->nwishes);
            in->wishes[in->nwishes] = c.uri;
            out->wish_concepts[in->nwishes++] = c;
        }
    }
    db_done(st);
    if (rc)
        return rc;
    rc = db_prepare(db, LANGUAGES, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, intake_id);
    int cap = 0;
    while (!(rc = db_step(st, &row)) && row) {
        in->languages = arena_grow(a, in->languages, sizeof(*in->languages), &cap, in->nlanguages);
        struct intake_language *l = &in->languages[in->nlanguages++];
        l->code = arena_strdup(a, db_col_text(st, 0));
        l->level = CEFR_A0;
        cefr_level_parse(db_col_text(st, 1), &l->level);
    }
    db_done(st);
    return rc;
}

static void read_history(struct db_stmt *st, struct arena *a, void *row)
{
    struct intake_history *h = row;
    h->version = (int)db_col_int(st, 0);
    h->ladder_step = (int)db_col_int(st, 1);
    h->ladder_measured_on = arena_strdup(a, db_col_text(st, 2));
    if (!case_route_parse(db_col_text(st, 3), &h->route))
        h->route = ROUTE_NONE;
    h->by = arena_strdup(a, db_col_text(st, 4));
    h->created_at = arena_strdup(a, db_col_text(st, 5));
}

enum rc records_intake_versions(struct db *db, struct arena *a, int64_t case_id, int limit,
                                struct intake_history **out, int *n)
{
    static const char SQL[] = "SELECT i.version, i.ladder_step, i.ladder_measured_on, i.route,"
                              " coalesce(u.display_name, ''), i.created_at"
                              " FROM intakes i LEFT JOIN users u ON u.id = i.user_id"
                              " WHERE i.case_id = $1 ORDER BY i.version DESC LIMIT $2";
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, limit);
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct intake_history), 0, read_history, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}

enum rc records_intake_insert(struct db *db, int64_t case_id, const struct intake *in,
                              const char *licences, const char *barriers, int64_t user_id,
                              const char *now, int64_t *intake_id, int *version)
{
    static const char SQL[] =
        "INSERT INTO intakes (case_id, version, hours_per_week, max_travel_km,"
        " driving_licences, barriers, ladder_step, ladder_measured_on, benefit, route,"
        " route_motivation, user_id, created_at)"
        " SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12"
        " FROM intakes WHERE case_id = $1 RETURNING id, version";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, in->hours_per_week);
    db_bind_int(st, 3, in->max_travel_km);
    db_bind_text(st, 4, licences);
    db_bind_text(st, 5, barriers);
    db_bind_int(st, 6, in->ladder_step);
    db_bind_text(st, 7, in->ladder_measured_on);
    db_bind_text(st, 8, in->benefit);
    db_bind_text(st, 9, case_route_name(in->route));
    db_bind_text(st, 10, in->route_motivation);
    db_bind_id(st, 11, user_id);
    db_bind_text(st, 12, now);
    bool row = false;
    rc = db_step(st, &row);
    if (!rc && !row)
        rc = RC_STORE;
    if (!rc) {
        *intake_id = db_col_int(st, 0);
        *version = (int)db_col_int(st, 1);
    }
    db_done(st);
    return rc;
}

/* Runs a write with RETURNING to its end: *found tells whether it touched
 * a row (an INSERT ... SELECT found its concept, an UPDATE its case). */
static enum rc step_returning(struct db_stmt *st, bool *found)
{
    bool row = false;
    enum rc rc = db_step(st, &row);
    while (!rc && row) {
        *found = true;
        rc = db_step(st, &row);
    }
    db_done(st);
    return rc;
}

enum rc records_intake_add_skill(struct db *db, int64_t intake_id, const char *uri,
                                 enum skill_level level, bool *found)
{
    static const char SQL[] = "INSERT INTO intake_skills (intake_id, skill_id, level)"
                              " SELECT $1, id, $3 FROM esco_skills WHERE uri = $2"
                              " RETURNING skill_id";
    *found = false;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, intake_id);
    db_bind_text(st, 2, uri);
    db_bind_text(st, 3, skill_level_name(level));
    return step_returning(st, found);
}

enum rc records_intake_add_wish(struct db *db, int64_t intake_id, const char *uri, bool *found)
{
    static const char SQL[] = "INSERT INTO intake_wishes (intake_id, occupation_id)"
                              " SELECT $1, id FROM esco_occupations WHERE uri = $2"
                              " RETURNING occupation_id";
    *found = false;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, intake_id);
    db_bind_text(st, 2, uri);
    return step_returning(st, found);
}

enum rc records_intake_add_language(struct db *db, int64_t intake_id,
                                    const struct intake_language *l)
{
    static const char SQL[] =
        "INSERT INTO intake_languages (intake_id, language, level) VALUES ($1, $2, $3)";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, intake_id);
    db_bind_text(st, 2, l->code);
    db_bind_text(st, 3, cefr_level_name(l->level));
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc records_case_set_route(struct db *db, int64_t case_id, enum case_route route, bool *open)
{
    static const char SQL[] =
        "UPDATE cases SET route = $2 WHERE id = $1 AND phase <> 'afgesloten' RETURNING id";
    *open = false;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    db_bind_text(st, 2, case_route_name(route));
    return step_returning(st, open);
}
