#include "records_referral.h"

#include <string.h>

#include "resident.h"
#include "rows.h"
#include "banned.h"

/* ---- referrals ---- */

#define REFERRAL_COLUMNS                                                                           \
    "f.id, f.case_id, c.resident_id, coalesce(f.activity_key, 0), f.organisation_id, o.name,"      \
    " f.purpose, f.legal_basis, f.status, f.decline_reason, coalesce(cu.display_name, ''),"        \
    " f.created_at, coalesce(du.display_name, ''), f.decided_at, coalesce(eu.display_name, ''),"   \
    " f.ended_at, r.municipality, m.name, r.first_name, r.prefix, r.last_name,"                    \
    " coalesce((SELECT s.name FROM plans p JOIN plan_activities pa ON pa.plan_id = p.id"           \
    "   JOIN services s ON s.id = pa.service_id"                                                   \
    "   WHERE p.case_id = f.case_id AND pa.activity_key = f.activity_key"                          \
    "   ORDER BY p.version DESC LIMIT 1), '')"
#define REFERRAL_FROM                                                                              \
    " FROM referrals f JOIN cases c ON c.id = f.case_id"                                           \
    " JOIN residents r ON r.id = c.resident_id"                                                    \
    " JOIN municipalities m ON m.code = r.municipality"                                            \
    " JOIN organisations o ON o.id = f.organisation_id"                                            \
    " LEFT JOIN users cu ON cu.id = f.created_by"                                                  \
    " LEFT JOIN users du ON du.id = f.decided_by"                                                  \
    " LEFT JOIN users eu ON eu.id = f.ended_by"

static const char *display_name(struct arena *a, const char *first, const char *prefix,
                                const char *last)
{
    struct resident r = {.first_name = first, .prefix = prefix, .last_name = last};
    return resident_display_name(a, &r);
}

static void read_referral(struct db_stmt *st, struct arena *a, void *row)
{
    struct referral *f = row;
    memset(f, 0, sizeof(*f));
    f->id = db_col_int(st, 0);
    f->case_id = db_col_int(st, 1);
    f->resident_id = db_col_int(st, 2);
    f->activity_key = db_col_int(st, 3);
    f->organisation_id = db_col_int(st, 4);
    f->organisation_name = arena_strdup(a, db_col_text(st, 5));
    if (!referral_purpose_parse(db_col_text(st, 6), &f->purpose))
        f->purpose = PURPOSE_DIAGNOSE;
    f->legal_basis = arena_strdup(a, db_col_text(st, 7));
    /* A status the code does not know gives no access: read it as ended. */
    if (!referral_status_parse(db_col_text(st, 8), &f->status))
        f->status = REFERRAL_BEEINDIGD;
    f->decline_reason = arena_strdup(a, db_col_text(st, 9));
    f->created_by = arena_strdup(a, db_col_text(st, 10));
    f->created_at = arena_strdup(a, db_col_text(st, 11));
    f->decided_by = arena_strdup(a, db_col_text(st, 12));
    f->decided_at = arena_strdup(a, db_col_text(st, 13));
    f->ended_by = arena_strdup(a, db_col_text(st, 14));
    f->ended_at = arena_strdup(a, db_col_text(st, 15));
    f->municipality = arena_strdup(a, db_col_text(st, 16));
    f->municipality_name = arena_strdup(a, db_col_text(st, 17));
    f->resident_name =
        display_name(a, db_col_text(st, 18), db_col_text(st, 19), db_col_text(st, 20));
    f->activity_name = arena_strdup(a, db_col_text(st, 21));
}

static enum rc read_referrals(struct db_stmt *st, struct arena *a, int limit, struct referral **out,
                              int *n)
{
    struct rows rows;
    enum rc rc = rows_all(st, a, sizeof(struct referral), limit, read_referral, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}

enum rc records_referral_get(struct db *db, struct arena *a, int64_t id, struct referral *out)
{
    static const char SQL[] = "SELECT " REFERRAL_COLUMNS REFERRAL_FROM " WHERE f.id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    return rows_one(st, a, read_referral, out);
}

enum rc records_referral_list(struct db *db, struct arena *a, int64_t case_id, int64_t org,
                              struct referral **out, int *n)
{
    static const char SQL[] = "SELECT " REFERRAL_COLUMNS REFERRAL_FROM
                              " WHERE f.case_id = $1 AND ($2 = 0 OR f.organisation_id = $3)"
                              " ORDER BY f.id DESC";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, org);
    db_bind_int(st, 3, org);
    return read_referrals(st, a, 0, out, n);
}

enum rc records_referral_inbox(struct db *db, struct arena *a, int64_t org, int limit,
                               struct referral **out, int *n)
{
    static const char SQL[] =
        "SELECT " REFERRAL_COLUMNS REFERRAL_FROM
        " WHERE f.organisation_id = $1 AND f.status IN ('aangevraagd', 'geaccepteerd')"
        " ORDER BY f.created_at, f.id LIMIT $2";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, org);
    db_bind_int(st, 2, limit);
    return read_referrals(st, a, limit, out, n);
}

enum rc records_referral_insert(struct db *db, int64_t case_id, const struct referral_input *in,
                                int64_t user_id, const char *now, int64_t *id)
{
    static const char SQL[] =
        "INSERT INTO referrals (case_id, activity_key, organisation_id, purpose, legal_basis,"
        " status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'aangevraagd', $6, $7)"
        " RETURNING id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    db_bind_id(st, 2, in->activity_key);
    db_bind_int(st, 3, in->organisation_id);
    db_bind_text(st, 4, in->purpose);
    db_bind_text(st, 5, in->legal_basis);
    db_bind_id(st, 6, user_id);
    db_bind_text(st, 7, now);
    bool row;
    rc = db_step(st, &row);
    if (!rc && row)
        *id = db_col_int(st, 0);
    db_done(st);
    return rc;
}

enum rc records_referral_set_status(struct db *db, int64_t id, enum referral_status from,
                                    enum referral_status to, const char *reason, int64_t user_id,
                                    const char *now)
{
    static const char DECIDE_SQL[] =
        "UPDATE referrals SET status = $3, decline_reason = $4, decided_by = $5, decided_at = $6"
        " WHERE id = $1 AND status = $2 RETURNING id";
    static const char END_SQL[] = "UPDATE referrals SET status = $3, ended_by = $4, ended_at = $5"
                                  " WHERE id = $1 AND status = $2 RETURNING id";
    bool end = to == REFERRAL_BEEINDIGD;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, end ? END_SQL : DECIDE_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, referral_status_name(from));
    db_bind_text(st, 3, referral_status_name(to));
    if (end) {
        db_bind_id(st, 4, user_id);
        db_bind_text(st, 5, now);
    } else {
        db_bind_text(st, 4, reason ? reason : "");
        db_bind_id(st, 5, user_id);
        db_bind_text(st, 6, now);
    }
    bool row = false;
    rc = db_step(st, &row);
    db_done(st);
    if (!rc && !row)
        rc = RC_CONFLICT;
    return rc;
}

enum rc records_referral_open_exists(struct db *db, int64_t case_id, int64_t activity_key,
                                     int64_t org, bool *exists)
{
    static const char SQL[] =
        "SELECT count(*) FROM referrals WHERE case_id = $1 AND organisation_id = $2"
        " AND coalesce(activity_key, 0) = $3 AND status IN ('aangevraagd', 'geaccepteerd')";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, org);
    db_bind_int(st, 3, activity_key);
    bool row = false;
    rc = db_step(st, &row);
    *exists = !rc && row && db_col_int(st, 0) > 0;
    db_done(st);
    return rc;
}

static void read_activity_ref(struct db_stmt *st, struct arena *a, void *row)
{
    struct plan_activity_ref *r = row;
    r->activity_key = db_col_int(st, 0);
    r->name = arena_strdup(a, db_col_text(st, 1));
    r->ends_on = arena_strdup(a, db_col_text(st, 2));
}

enum rc records_plan_activities(struct db *db, struct arena *a, int64_t case_id,
                                struct plan_activity_ref **out, int *n)
{
    static const char SQL[] =
        "SELECT pa.activity_key, s.name, pa.ends_on FROM plans p"
        " JOIN plan_activities pa ON pa.plan_id = p.id JOIN services s ON s.id = pa.service_id"
        " WHERE p.case_id = $1 AND p.version = (SELECT max(q.version) FROM plans q"
        "   WHERE q.case_id = $1) ORDER BY pa.activity_key";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct plan_activity_ref), 0, read_activity_ref, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}

enum rc records_organisation_serves(struct db *db, int64_t org, const char *municipality,
                                    bool *serves)
{
    static const char SQL[] = "SELECT count(*) FROM organisation_municipalities"
                              " WHERE organisation_id = $1 AND municipality = $2";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, municipality);
    bool row = false;
    rc = db_step(st, &row);
    *serves = !rc && row && db_col_int(st, 0) > 0;
    db_done(st);
    return rc;
}

/* ---- consents ---- */

#define CONSENT_SELECT                                                                             \
    "SELECT k.id, k.resident_id, k.scope, coalesce(k.organisation_id, 0), coalesce(o.name, ''),"   \
    " k.given_on, k.how, coalesce(u.display_name, ''), k.created_at, k.revoked_at,"                \
    " coalesce(v.display_name, '') FROM consents k"                                                \
    " LEFT JOIN organisations o ON o.id = k.organisation_id"                                       \
    " LEFT JOIN users u ON u.id = k.recorded_by LEFT JOIN users v ON v.id = k.revoked_by"

static void read_consent(struct db_stmt *st, struct arena *a, void *row)
{
    struct consent *k = row;
    memset(k, 0, sizeof(*k));
    k->id = db_col_int(st, 0);
    k->resident_id = db_col_int(st, 1);
    if (!consent_scope_parse(db_col_text(st, 2), &k->scope))
        k->scope = CONSENT_FILE_ORGANISATION;
    k->organisation_id = db_col_int(st, 3);
    k->organisation_name = arena_strdup(a, db_col_text(st, 4));
    k->given_on = arena_strdup(a, db_col_text(st, 5));
    if (!consent_how_parse(db_col_text(st, 6), &k->how))
        k->how = CONSENT_HANDTEKENING;
    k->recorded_by = arena_strdup(a, db_col_text(st, 7));
    k->created_at = arena_strdup(a, db_col_text(st, 8));
    k->revoked_at = arena_strdup(a, db_col_text(st, 9));
    k->revoked_by = arena_strdup(a, db_col_text(st, 10));
}

enum rc records_consent_list(struct db *db, struct arena *a, int64_t resident_id,
                             struct consent **out, int *n)
{
    static const char SQL[] = CONSENT_SELECT " WHERE k.resident_id = $1 ORDER BY k.id DESC";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, resident_id);
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct consent), 0, read_consent, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}

enum rc records_consent_get(struct db *db, struct arena *a, int64_t id, struct consent *out)
{
    static const char SQL[] = CONSENT_SELECT " WHERE k.id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    return rows_one(st, a, read_consent, out);
}

enum rc records_consent_insert(struct db *db, int64_t resident_id, enum consent_scope scope,
                               int64_t org, const char *given_on, enum consent_how how,
                               int64_t user_id, const char *now, int64_t *id)
{
    static const char SQL[] = "INSERT INTO consents (resident_id, scope, organisation_id, given_on,"
                              " how, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                              " RETURNING id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, resident_id);
    db_bind_text(st, 2, consent_scope_name(scope));
    db_bind_id(st, 3, org);
    db_bind_text(st, 4, given_on);
    db_bind_text(st, 5, consent_how_name(how));
    db_bind_id(st, 6, user_id);
    db_bind_text(st, 7, now);
    bool row;
    rc = db_step(st, &row);
    if (!rc && row)
        *id = db_col_int(st, 0);
    db_done(st);
    return rc;
}

enum rc records_consent_revoke(struct db *db, int64_t id, int64_t user_id, const char *now)
{
    static const char SQL[] = "UPDATE consents SET revoked_at = $2, revoked_by = $3"
                              " WHERE id = $1 AND revoked_at = '' RETURNING id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, now);
    db_bind_id(st, 3, user_id);
    bool row = false;
    rc = db_step(st, &row);
    db_done(st);
    if (!rc && !row)
        rc = RC_CONFLICT;
    return rc;
}

/* ---- the task inbox ---- */

/* Each member yields: kind (enum task_kind), case, resident, referral, the
 * resident's name parts and municipality, a date and a detail. The kinds of
 * a klantmanager come from their open cases in their municipalities ($2 is
 * ",GM0505,GM0590,"); the current plan and intake are the highest version. */
#define TASK_COLUMNS " r.first_name, r.prefix, r.last_name, r.municipality"
#define KM_CASE_WHERE " c.case_manager_id = $1 AND $2 LIKE '%,' || r.municipality || ',%'"
#define CURRENT_PLAN " p.version = (SELECT max(q.version) FROM plans q WHERE q.case_id = c.id)"
#define KM_TASKS                                                                                   \
    "SELECT 0 AS kind, c.id AS case_id, r.id AS resident_id, 0 AS referral_id," TASK_COLUMNS       \
    ", substr(p.created_at, 1, 10) AS due, '' AS detail"                                           \
    " FROM cases c JOIN residents r ON r.id = c.resident_id JOIN plans p ON p.case_id = c.id"      \
    " WHERE" KM_CASE_WHERE " AND c.phase <> 'afgesloten' AND p.agreed_on = '' AND" CURRENT_PLAN    \
    " UNION ALL"                                                                                   \
    " SELECT 1, c.id, r.id, 0," TASK_COLUMNS ", a.ends_on, s.name"                                 \
    " FROM cases c JOIN residents r ON r.id = c.resident_id JOIN plans p ON p.case_id = c.id"      \
    " JOIN plan_activities a ON a.plan_id = p.id JOIN services s ON s.id = a.service_id"           \
    " WHERE" KM_CASE_WHERE " AND c.phase <> 'afgesloten' AND" CURRENT_PLAN                         \
    " AND a.status IN ('gepland', 'lopend') AND a.ends_on <> '' AND a.ends_on <= $3"               \
    " UNION ALL"                                                                                   \
    " SELECT 2, c.id, r.id, 0," TASK_COLUMNS ", coalesce(i.ladder_measured_on, ''), ''"            \
    " FROM cases c JOIN residents r ON r.id = c.resident_id"                                       \
    " LEFT JOIN intakes i ON i.case_id = c.id"                                                     \
    "   AND i.version = (SELECT max(j.version) FROM intakes j WHERE j.case_id = c.id)"             \
    " WHERE" KM_CASE_WHERE " AND c.phase IN ('intake', 'plan', 'uitvoering', 'nazorg')"            \
    " AND (i.id IS NULL OR i.ladder_measured_on < $4)"                                             \
    " UNION ALL"                                                                                   \
    " SELECT 3, c.id, r.id, f.id," TASK_COLUMNS ", substr(f.decided_at, 1, 10), o.name"            \
    " FROM referrals f JOIN cases c ON c.id = f.case_id"                                           \
    " JOIN residents r ON r.id = c.resident_id JOIN organisations o ON o.id = f.organisation_id"   \
    " WHERE" KM_CASE_WHERE " AND c.phase <> 'afgesloten' AND f.status = 'afgewezen'"               \
    " AND NOT EXISTS (SELECT 1 FROM referrals g WHERE g.case_id = f.case_id AND g.id > f.id"       \
    "   AND coalesce(g.activity_key, 0) = coalesce(f.activity_key, 0))"                          \
    " UNION ALL" AVAILABILITY_TASK(KM_CASE_WHERE, "$3")
/* Cases in matching, or meant to be, whose availability is missing,
 * expired or expires by the window's end (tasks to re-confirm). */
#define AVAILABILITY_TASK(WHERE, ENDING)                                                           \
    " SELECT 5, c.id, r.id, 0," TASK_COLUMNS ", coalesce(av.expires_on, ''), c.route"              \
    " FROM cases c JOIN residents r ON r.id = c.resident_id"                                       \
    " LEFT JOIN availability av ON av.case_id = c.id"                                              \
    " WHERE" WHERE " AND c.phase IN ('intake', 'plan', 'uitvoering')"                             \
    " AND c.route IN ('werk', 'ontwikkelen', 'beschut')"                                           \
    " AND (av.expires_on IS NULL OR av.expires_on <= " ENDING ")"
/* An employer adviser's ($1 the municipalities as for KM_TASKS, $2 the
 * window's end): availabilities once confirmed that run out, and placement
 * checks due. */
#define ADVISER_TASKS                                                                              \
    "SELECT 5 AS kind, c.id AS case_id, r.id AS resident_id, 0 AS referral_id," TASK_COLUMNS       \
    ", av.expires_on AS due, c.route AS detail"                                                    \
    " FROM cases c JOIN residents r ON r.id = c.resident_id"                                       \
    " JOIN availability av ON av.case_id = c.id"                                                   \
    " WHERE $1 LIKE '%,' || r.municipality || ',%'"                                                \
    " AND c.phase IN ('intake', 'plan', 'uitvoering')"                                            \
    " AND c.route IN ('werk', 'ontwikkelen', 'beschut') AND av.expires_on <= $2"                   \
    " UNION ALL"                                                                                   \
    " SELECT 6, c.id, r.id, pl.id," TASK_COLUMNS ", k.due_on, eo.name"                             \
    " FROM placement_checks k JOIN placements pl ON pl.id = k.placement_id"                        \
    " JOIN proposals p ON p.id = pl.proposal_id JOIN vacancies v ON v.id = p.vacancy_id"           \
    " JOIN organisations eo ON eo.id = v.employer_id"                                              \
    " JOIN cases c ON c.id = p.case_id JOIN residents r ON r.id = c.resident_id"                   \
    " WHERE $1 LIKE '%,' || r.municipality || ',%' AND k.checked_on = '' AND k.due_on <= $2"
/* A partner's ($1): referrals awaiting its answer, and the activities of
 * its accepted referrals (the referred activity, or any of a whole case)
 * that end by $2. */
#define PARTNER_TASKS                                                                              \
    "SELECT 4 AS kind, c.id AS case_id, r.id AS resident_id, f.id AS referral_id," TASK_COLUMNS    \
    ", substr(f.created_at, 1, 10) AS due, f.purpose AS detail"                                    \
    " FROM referrals f JOIN cases c ON c.id = f.case_id JOIN residents r ON r.id = c.resident_id"  \
    " WHERE f.organisation_id = $1 AND f.status = 'aangevraagd'"                                   \
    " UNION ALL"                                                                                   \
    " SELECT 1, c.id, r.id, f.id," TASK_COLUMNS ", a.ends_on, s.name"                              \
    " FROM referrals f JOIN cases c ON c.id = f.case_id JOIN residents r ON r.id = c.resident_id"  \
    " JOIN plans p ON p.case_id = c.id JOIN plan_activities a ON a.plan_id = p.id"                 \
    " JOIN services s ON s.id = a.service_id"                                                      \
    " WHERE f.organisation_id = $1 AND f.status = 'geaccepteerd' AND" CURRENT_PLAN                 \
    " AND (f.activity_key IS NULL OR a.activity_key = f.activity_key)"                             \
    " AND a.status IN ('gepland', 'lopend') AND a.ends_on <> '' AND a.ends_on <= $2"

static enum rc read_counts(struct db_stmt *st, int64_t *count)
{
    bool row;
    enum rc rc;
    while (!(rc = db_step(st, &row)) && row) {
        int64_t k = db_col_int(st, 0);
        if (k >= 0 && k < TASK_KIND_COUNT)
            count[k] = db_col_int(st, 1);
    }
    db_done(st);
    return rc;
}

static enum rc read_tasks(struct db_stmt *st, struct arena *a, int limit, struct task_row **out,
                          int *n)
{
    int cap = 0, count = 0;
    struct task_row *list = NULL;
    bool row;
    enum rc rc;
    while (!(rc = db_step(st, &row)) && row && count < limit) {
        int64_t k = db_col_int(st, 0);
        if (k < 0 || k >= TASK_KIND_COUNT)
            continue;
        list = arena_grow(a, list, sizeof(*list), &cap, count);
        struct task_row *t = &list[count++];
        t->task.kind = (enum task_kind)k;
        t->task.case_id = db_col_int(st, 1);
        t->task.resident_id = db_col_int(st, 2);
        if (k == TASK_PLACEMENT_CHECK)
            t->task.placement_id = db_col_int(st, 3);
        else
            t->task.referral_id = db_col_int(st, 3);
        t->task.resident_name =
            display_name(a, db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6));
        t->municipality = arena_strdup(a, db_col_text(st, 7));
        t->task.date = arena_strdup(a, db_col_text(st, 8));
        t->task.detail = arena_strdup(a, db_col_text(st, 9));
    }
    db_done(st);
    *out = list;
    *n = count;
    return rc;
}

enum rc records_tasks_case_manager(struct db *db, struct arena *a, int64_t case_manager_id,
                                   const char *municipalities, const char *ending_by,
                                   const char *ladder_since, int limit, int64_t *count,
                                   struct task_row **out, int *n)
{
    static const char COUNT_SQL[] = "SELECT kind, count(*) FROM (" KM_TASKS ") t GROUP BY kind";
    static const char LIST_SQL[] = "SELECT * FROM (SELECT t.*, row_number() OVER (PARTITION BY kind"
                                   " ORDER BY due, case_id, referral_id) AS rn FROM (" KM_TASKS
                                   ") t) u WHERE rn <= $5 ORDER BY kind, due, case_id, referral_id";
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, COUNT_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_manager_id);
    db_bind_text(st, 2, municipalities);
    db_bind_text(st, 3, ending_by);
    db_bind_text(st, 4, ladder_since);
    rc = read_counts(st, count);
    if (rc || limit <= 0)
        return rc;
    rc = db_prepare(db, LIST_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_manager_id);
    db_bind_text(st, 2, municipalities);
    db_bind_text(st, 3, ending_by);
    db_bind_text(st, 4, ladder_since);
    db_bind_int(st, 5, limit);
    return read_tasks(st, a, limit * TASK_KIND_COUNT, out, n);
}

enum rc records_tasks_partner(struct db *db, struct arena *a, int64_t org, const char *ending_by,
                              int limit, int64_t *count, struct task_row **out, int *n)
{
    static const char COUNT_SQL[] =
        "SELECT kind, count(*) FROM (" PARTNER_TASKS ") t GROUP BY kind";
    static const char LIST_SQL[] = "SELECT * FROM (SELECT t.*, row_number() OVER (PARTITION BY kind"
                                   " ORDER BY due, case_id, referral_id) AS rn FROM (" PARTNER_TASKS
                                   ") t) u WHERE rn <= $3 ORDER BY kind, due, case_id, referral_id";
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, COUNT_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, ending_by);
    rc = read_counts(st, count);
    if (rc || limit <= 0)
        return rc;
    rc = db_prepare(db, LIST_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, ending_by);
    db_bind_int(st, 3, limit);
    return read_tasks(st, a, limit * TASK_KIND_COUNT, out, n);
}

enum rc records_tasks_adviser(struct db *db, struct arena *a, const char *municipalities,
                              const char *ending_by, int limit, int64_t *count,
                              struct task_row **out, int *n)
{
    static const char COUNT_SQL[] =
        "SELECT kind, count(*) FROM (" ADVISER_TASKS ") t GROUP BY kind";
    static const char LIST_SQL[] = "SELECT * FROM (SELECT t.*, row_number() OVER (PARTITION BY kind"
                                   " ORDER BY due, case_id, referral_id) AS rn FROM (" ADVISER_TASKS
                                   ") t) u WHERE rn <= $3 ORDER BY kind, due, case_id, referral_id";
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, COUNT_SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, municipalities);
    db_bind_text(st, 2, ending_by);
    rc = read_counts(st, count);
    if (rc || limit <= 0)
        return rc;
    rc = db_prepare(db, LIST_SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, municipalities);
    db_bind_text(st, 2, ending_by);
    db_bind_int(st, 3, limit);
    return read_tasks(st, a, limit * TASK_KIND_COUNT, out, n);
}
