#include "records_plan.h"

#include <string.h>

#include "rows.h"
#include "banned.h"

static void read_agreement(struct db_stmt *st, int col, struct arena *a, bool *agreed,
                           const char **on, enum agreement_how *how)
{
    *on = arena_strdup(a, db_col_text(st, col));
    *agreed = **on != '\0' && agreement_how_parse(db_col_text(st, col + 1), how);
    if (!*agreed) {
        *on = "";
        *how = AGREED_HANDTEKENING;
    }
}

static enum rc read_goals(struct db *db, struct arena *a, int64_t plan_id, struct plan *p)
{
    static const char SQL[] =
        "SELECT position, text FROM plan_goals WHERE plan_id = $1 ORDER BY position";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, plan_id);
    int cap = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        p->goals = arena_grow(a, p->goals, sizeof(*p->goals), &cap, p->ngoals);
        struct plan_goal *g = &p->goals[p->ngoals++];
        g->position = (int)db_col_int(st, 0);
        g->text = arena_strdup(a, db_col_text(st, 1));
    }
    db_done(st);
    return rc;
}

static enum rc read_activities(struct db *db, struct arena *a, int64_t plan_id, struct plan *p)
{
    static const char SQL[] =
        "SELECT a.activity_key, coalesce(a.goal_position, 0), a.service_id, a.responsible,"
        " a.units, a.starts_on, a.ends_on, a.status, a.stop_reason, a.cost_cents, s.name,"
        " s.kind, s.unit, o.id, o.name"
        " FROM plan_activities a JOIN services s ON s.id = a.service_id"
        " JOIN organisations o ON o.id = s.provider_id"
        " WHERE a.plan_id = $1 ORDER BY a.activity_key";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, plan_id);
    int cap = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        p->activities = arena_grow(a, p->activities, sizeof(*p->activities), &cap, p->nactivities);
        struct plan_activity *x = &p->activities[p->nactivities++];
        memset(x, 0, sizeof(*x));
        x->key = db_col_int(st, 0);
        x->goal = (int)db_col_int(st, 1);
        x->service_id = db_col_int(st, 2);
        x->responsible = arena_strdup(a, db_col_text(st, 3));
        x->units = db_col_int(st, 4);
        x->starts_on = arena_strdup(a, db_col_text(st, 5));
        x->ends_on = arena_strdup(a, db_col_text(st, 6));
        if (!activity_status_parse(db_col_text(st, 7), &x->status))
            x->status = ACTIVITY_GEPLAND;
        x->stop_reason = arena_strdup(a, db_col_text(st, 8));
        x->cost_cents = db_col_int(st, 9);
        x->service_name = arena_strdup(a, db_col_text(st, 10));
        if (!service_kind_parse(db_col_text(st, 11), &x->kind))
            x->kind = SERVICE_TRAINING;
        if (!service_unit_parse(db_col_text(st, 12), &x->unit))
            x->unit = UNIT_TRAJECT;
        x->provider_id = db_col_int(st, 13);
        x->provider_name = arena_strdup(a, db_col_text(st, 14));
        p->total_cost_cents += x->cost_cents;
    }
    db_done(st);
    return rc;
}

enum rc records_plan_current(struct db *db, struct arena *a, int64_t case_id, struct plan *out,
                             int64_t *plan_id)
{
    static const char SQL[] =
        "SELECT p.id, p.version, p.agreed_on, p.agreed_how, p.created_at,"
        " coalesce(u.display_name, '') FROM plans p LEFT JOIN users u ON u.id = p.user_id"
        " WHERE p.case_id = $1 ORDER BY p.version DESC LIMIT 1";
    memset(out, 0, sizeof(*out));
    out->case_id = case_id;
    out->agreed_on = out->created_at = out->created_by = "";
    *plan_id = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    bool row;
    rc = db_step(st, &row);
    if (!rc && row) {
        *plan_id = db_col_int(st, 0);
        out->version = (int)db_col_int(st, 1);
        read_agreement(st, 2, a, &out->agreed, &out->agreed_on, &out->agreed_how);
        out->created_at = arena_strdup(a, db_col_text(st, 4));
        out->created_by = arena_strdup(a, db_col_text(st, 5));
    }
    db_done(st);
    if (rc || !*plan_id)
        return rc;
    rc = read_goals(db, a, *plan_id, out);
    if (!rc)
        rc = read_activities(db, a, *plan_id, out);
    return rc;
}

static void read_version(struct db_stmt *st, struct arena *a, void *row)
{
    struct plan_version *v = row;
    v->version = (int)db_col_int(st, 0);
    read_agreement(st, 1, a, &v->agreed, &v->agreed_on, &v->agreed_how);
    v->created_at = arena_strdup(a, db_col_text(st, 3));
    v->created_by = arena_strdup(a, db_col_text(st, 4));
    v->ngoals = (int)db_col_int(st, 5);
    v->nactivities = (int)db_col_int(st, 6);
    v->total_cost_cents = db_col_int(st, 7);
}

enum rc records_plan_versions(struct db *db, struct arena *a, int64_t case_id,
                              struct plan_version **out, int *n)
{
    static const char SQL[] =
        "SELECT p.version, p.agreed_on, p.agreed_how, p.created_at,"
        " coalesce(u.display_name, ''),"
        " (SELECT count(*) FROM plan_goals g WHERE g.plan_id = p.id),"
        " (SELECT count(*) FROM plan_activities a WHERE a.plan_id = p.id),"
        " (SELECT coalesce(sum(a.cost_cents), 0) FROM plan_activities a WHERE a.plan_id = p.id)"
        " FROM plans p LEFT JOIN users u ON u.id = p.user_id"
        " WHERE p.case_id = $1 ORDER BY p.version DESC";
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct plan_version), 0, read_version, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}

enum rc records_plan_max_key(struct db *db, int64_t case_id, int64_t *max)
{
    static const char SQL[] = "SELECT coalesce(max(a.activity_key), 0) FROM plan_activities a"
                              " JOIN plans p ON p.id = a.plan_id WHERE p.case_id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    bool row;
    rc = db_step(st, &row);
    *max = !rc && row ? db_col_int(st, 0) : 0;
    db_done(st);
    return rc;
}

static enum rc insert_goal(struct db *db, int64_t plan_id, const struct plan_goal *g)
{
    static const char SQL[] =
        "INSERT INTO plan_goals (plan_id, position, text) VALUES ($1, $2, $3)";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, g->position);
    db_bind_text(st, 3, g->text);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

static enum rc insert_activity(struct db *db, int64_t plan_id, const struct plan_activity *x)
{
    static const char SQL[] =
        "INSERT INTO plan_activities (plan_id, activity_key, goal_position, service_id,"
        " responsible, units, starts_on, ends_on, status, stop_reason, cost_cents)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, x->key);
    db_bind_id(st, 3, x->goal);
    db_bind_int(st, 4, x->service_id);
    db_bind_text(st, 5, x->responsible);
    db_bind_int(st, 6, x->units);
    db_bind_text(st, 7, x->starts_on);
    db_bind_text(st, 8, x->ends_on);
    db_bind_text(st, 9, activity_status_name(x->status));
    db_bind_text(st, 10, x->stop_reason);
    db_bind_int(st, 11, x->cost_cents);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc records_plan_insert(struct db *db, const struct plan *p, int64_t user_id, const char *now,
                            int64_t *plan_id)
{
    static const char SQL[] = "INSERT INTO plans (case_id, version, user_id, created_at)"
                              " VALUES ($1, $2, $3, $4) RETURNING id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, p->case_id);
    db_bind_int(st, 2, p->version);
    db_bind_id(st, 3, user_id);
    db_bind_text(st, 4, now);
    bool row;
    rc = db_step(st, &row);
    if (!rc && row)
        *plan_id = db_col_int(st, 0);
    db_done(st);
    for (int i = 0; !rc && i < p->ngoals; i++)
        rc = insert_goal(db, *plan_id, &p->goals[i]);
    for (int i = 0; !rc && i < p->nactivities; i++)
        rc = insert_activity(db, *plan_id, &p->activities[i]);
    return rc;
}

enum rc records_plan_agree(struct db *db, int64_t plan_id, const char *agreed_on,
                           enum agreement_how how)
{
    static const char SQL[] = "UPDATE plans SET agreed_on = $2, agreed_how = $3 WHERE id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, plan_id);
    db_bind_text(st, 2, agreed_on);
    db_bind_text(st, 3, agreement_how_name(how));
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc records_plan_order_service(struct db *db, struct arena *a, int64_t service_id,
                                   const char *municipality, struct records_order_service *out)
{
    static const char SQL[] =
        "SELECT s.name, s.active, t.service_id, t.price_cents, t.budget_cents, t.places,"
        " t.ordered_by, (SELECT m.name FROM municipalities m WHERE m.code = $2)"
        " FROM services s LEFT JOIN service_terms t ON t.service_id = s.id"
        " AND t.municipality = $2 WHERE s.id = $1";
    memset(out, 0, sizeof(*out));
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, service_id);
    db_bind_text(st, 2, municipality);
    bool row;
    rc = db_step(st, &row);
    if (!rc && !row)
        rc = RC_NOT_FOUND;
    if (!rc) {
        out->name = arena_strdup(a, db_col_text(st, 0));
        out->active = db_col_int(st, 1) != 0;
        out->has_terms = !db_col_is_null(st, 2);
        struct service_terms *t = &out->terms;
        t->service_id = service_id;
        t->municipality = arena_strdup(a, municipality);
        t->price_cents = db_col_int(st, 3);
        t->has_budget = !db_col_is_null(st, 4);
        t->budget_cents = db_col_int(st, 4);
        t->has_places = !db_col_is_null(st, 5);
        t->places = db_col_int(st, 5);
        t->ordered_by = arena_strdup(a, db_col_text(st, 6));
        out->municipality_name = arena_strdup(a, db_col_text(st, 7));
    }
    db_done(st);
    return rc;
}

enum rc records_plan_lock_terms(struct db *db, int64_t service_id, const char *municipality)
{
    static const char SQL[] = "UPDATE service_terms SET price_cents = price_cents"
                              " WHERE service_id = $1 AND municipality = $2";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, service_id);
    db_bind_text(st, 2, municipality);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc records_plan_committed(struct db *db, int64_t service_id, const char *municipality,
                               const char *year, int64_t except_case, int64_t *committed_cents,
                               int64_t *places_used)
{
    static const char SQL[] =
        "SELECT coalesce(sum(CASE WHEN substr(a.starts_on, 1, 4) = $3 THEN a.cost_cents"
        " ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN a.status IN ('gepland', 'lopend') THEN 1 ELSE 0 END), 0)"
        " FROM plan_activities a JOIN plans p ON p.id = a.plan_id"
        " JOIN cases c ON c.id = p.case_id JOIN residents r ON r.id = c.resident_id"
        " WHERE a.service_id = $1 AND r.municipality = $2 AND p.case_id <> $4"
        " AND p.version = (SELECT max(q.version) FROM plans q WHERE q.case_id = p.case_id)";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, service_id);
    db_bind_text(st, 2, municipality);
    db_bind_text(st, 3, year);
    db_bind_int(st, 4, except_case);
    bool row;
    rc = db_step(st, &row);
    *committed_cents = !rc && row ? db_col_int(st, 0) : 0;
    *places_used = !rc && row ? db_col_int(st, 1) : 0;
    db_done(st);
    return rc;
}
