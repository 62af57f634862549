/* The plan van aanpak through the one door: see door_plan.h. */
#include "door_plan.h"

#include <string.h>

#include "date.h"
#include "door_internal.h"
#include "records_plan.h"
#include "banned.h"

enum rc door_plan_get(struct door *d, int64_t case_id, struct plan *out, struct case_file *c)
{
    struct case_file own;
    struct policy_subject s;
    if (!c)
        c = &own;
    memset(out, 0, sizeof(*out));
    enum rc rc = door_load_case(d, ACT_CASE_READ, case_id, c, &s);
    if (rc)
        return rc;
    int64_t plan_id;
    rc = records_plan_current(d->db, d->arena, case_id, out, &plan_id);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_CASE_READ, c->resident_id, case_id,
                           policy_decide(d->actor, ACT_CASE_READ, &s));
}

enum rc door_plan_versions(struct door *d, int64_t case_id, struct plan_version **out, int *n)
{
    *out = NULL;
    *n = 0;
    struct case_file c;
    struct policy_subject s;
    enum rc rc = door_load_case(d, ACT_CASE_READ, case_id, &c, &s);
    if (rc)
        return rc;
    rc = records_plan_versions(d->db, d->arena, case_id, out, n);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_CASE_READ, c.resident_id, case_id,
                           policy_decide(d->actor, ACT_CASE_READ, &s));
}

static const struct plan_activity *find_key(const struct plan *p, int64_t key)
{
    for (int i = 0; key > 0 && i < p->nactivities; i++)
        if (p->activities[i].key == key)
            return &p->activities[i];
    return NULL;
}

/* The keys in `in` name activities of prev; what prev had and in leaves
 * out had not started; each change is one an activity may go through. */
static void check_against(const struct plan *prev, struct plan *in, struct plan_errors *errs)
{
    for (int i = 0; i < in->nactivities; i++) {
        struct plan_activity *a = &in->activities[i];
        const struct plan_activity *was = find_key(prev, a->key);
        if (a->key > 0 && !was)
            plan_error_add(errs, "activities", i, "key", "plan.field_key_unknown");
        else
            plan_check_change(was, a, i, errs);
    }
    for (int k = 0; k < prev->nactivities; k++)
        if (!find_key(in, prev->activities[k].key) && !plan_check_removal(&prev->activities[k])) {
            plan_error_add(errs, "", 0, "activities", "plan.field_removed_started");
            break;
        }
}

static bool holds_place(const struct plan_activity *a)
{
    return a->status == ACTIVITY_GEPLAND || a->status == ACTIVITY_LOPEND;
}

static bool same_year(const char *a, const char *b)
{
    return strncmp(a, b, 4) == 0;
}

/* What an order is decided against: the municipality's other cases
 * (from the store) plus this version's other activities of the same
 * service that are decided already (orders[j] done). */
struct order_state {
    bool ordering; /* new, or more units than before */
    bool decided;  /* cost known */
    int64_t prev_units, prev_cost;
};

/* Applies the budget rule to every activity of in, fixing its cost.
 * RC_INVALID (errs) or RC_CONFLICT (refusal) on the first order refused. */
static enum rc apply_budget(struct door *d, const struct case_file *c, const struct plan *prev,
                            struct plan *in, struct plan_errors *errs, struct plan_refusal *refusal)
{
    int n = in->nactivities;
    struct order_state *st = arena_alloc(d->arena, sizeof(*st) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        struct plan_activity *a = &in->activities[i];
        const struct plan_activity *was = find_key(prev, a->key);
        st[i] = (struct order_state){.prev_units = was ? was->units : 0,
                                     .prev_cost = was ? was->cost_cents : 0};
        st[i].ordering = !was || a->units > was->units;
        if (!st[i].ordering) {
            /* Nothing new is ordered: its cost, scaled for fewer units. */
            struct budget_order o = {.units = a->units,
                                     .previous_units = was->units,
                                     .previous_cost_cents = was->cost_cents};
            a->cost_cents = budget_decide(&o).cost_cents;
            st[i].decided = true;
        }
    }
    const char *role = role_name(d->actor->role);
    for (int i = 0; i < n; i++) {
        if (!st[i].ordering)
            continue;
        struct plan_activity *a = &in->activities[i];
        struct records_order_service svc;
        enum rc rc =
            records_plan_order_service(d->db, d->arena, a->service_id, c->municipality, &svc);
        if (rc == RC_NOT_FOUND || (rc == RC_OK && !svc.active && st[i].prev_units == 0)) {
            plan_error_add(errs, "activities", i, "service_id", "plan.field_service_unknown");
            return RC_INVALID;
        }
        if (rc)
            return rc;
        if (svc.has_terms && (rc = records_plan_lock_terms(d->db, a->service_id, c->municipality)))
            return rc;
        char year[5];
        memcpy(year, a->starts_on, 4);
        year[4] = '\0';
        struct budget_order o = {.terms = svc.has_terms ? &svc.terms : NULL,
                                 .role = role,
                                 .units = a->units,
                                 .previous_units = st[i].prev_units,
                                 .previous_cost_cents = st[i].prev_cost};
        rc = records_plan_committed(d->db, a->service_id, c->municipality, year, c->id,
                                    &o.committed_cents, &o.places_used);
        if (rc)
            return rc;
        /* This version's other activities of the service: what is decided
         * at its cost, an enlarged one not decided yet at its earlier cost;
         * a new one not decided yet does not count (it comes later). */
        for (int j = 0; j < n; j++) {
            const struct plan_activity *b = &in->activities[j];
            bool counts = st[j].decided || st[j].prev_units > 0;
            if (j == i || b->service_id != a->service_id || !counts)
                continue;
            if (same_year(b->starts_on, a->starts_on))
                o.committed_cents += st[j].decided ? b->cost_cents : st[j].prev_cost;
            if (holds_place(b))
                o.places_used++;
        }
        /* An enlarged activity's earlier units are committed already. */
        if (st[i].prev_units > 0)
            o.committed_cents += st[i].prev_cost;
        struct budget_answer ans = budget_decide(&o);
        switch (ans.verdict) {
        case BUDGET_OK:
            a->cost_cents = ans.cost_cents;
            st[i].decided = true;
            continue;
        case BUDGET_NOT_OFFERED:
            plan_error_add(errs, "activities", i, "service_id", "plan.field_not_offered");
            return RC_INVALID;
        case BUDGET_NOT_ORDERABLE:
            plan_error_add(errs, "activities", i, "service_id", "plan.field_not_orderable");
            return RC_INVALID;
        default:
            *refusal = (struct plan_refusal){
                .verdict = ans.verdict,
                .activity = i,
                .service_id = a->service_id,
                .service_name = svc.name,
                .municipality_name = svc.municipality_name,
                .cost_cents = ans.extra_cents,
                .remaining_cents = ans.remaining_cents,
                .places = svc.terms.places,
            };
            return RC_CONFLICT;
        }
    }
    return RC_OK;
}

static enum rc put_once(struct door *d, int64_t case_id, struct plan *in, struct plan *out,
                        struct plan_errors *errs, struct plan_refusal *refusal)
{
    memset(refusal, 0, sizeof(*refusal));
    if (!plan_check(in, errs))
        return RC_INVALID;
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct case_file c;
    struct policy_subject s;
    rc = door_load_case(d, ACT_CASE_UPDATE, case_id, &c, &s);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    if (c.phase == CASE_AFGESLOTEN) {
        db_rollback(d->db);
        plan_error_add(errs, "", 0, "case", "plan.case_closed");
        return RC_CONFLICT;
    }
    struct plan prev;
    int64_t prev_id, max_key = 0;
    rc = records_plan_current(d->db, d->arena, case_id, &prev, &prev_id);
    if (!rc)
        rc = records_plan_max_key(d->db, case_id, &max_key);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    check_against(&prev, in, errs);
    if (errs->count) {
        db_rollback(d->db);
        return RC_INVALID;
    }
    rc = apply_budget(d, &c, &prev, in, errs, refusal);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    for (int i = 0; i < in->nactivities; i++)
        if (in->activities[i].key == 0)
            in->activities[i].key = ++max_key;
    in->case_id = case_id;
    in->version = prev.version + 1;
    char now[21];
    timestamp_now(now);
    int64_t plan_id;
    rc = records_plan_insert(d->db, in, d->actor->system ? 0 : d->actor->user_id, now, &plan_id);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = door_commit_with_audit(d, ACT_CASE_UPDATE, c.resident_id, case_id,
                                policy_decide(d->actor, ACT_CASE_UPDATE, &s).reason);
    if (rc || !out)
        return rc;
    return records_plan_current(d->db, d->arena, case_id, out, &plan_id);
}

enum rc door_plan_put(struct door *d, int64_t case_id, struct plan *in, struct plan *out,
                      struct plan_errors *errs, struct plan_refusal *refusal)
{
    enum rc rc;
    int attempt = 0;
    int64_t keys[PLAN_MAX_ACTIVITIES];
    int nkeys =
        in->nactivities >= 0 && in->nactivities <= PLAN_MAX_ACTIVITIES ? in->nactivities : 0;
    for (int i = 0; i < nkeys; i++)
        keys[i] = in->activities[i].key;
    do {
        /* A retry starts from what was sent, not from the keys handed out. */
        for (int i = 0; i < nkeys; i++)
            in->activities[i].key = keys[i];
        rc = put_once(d, case_id, in, out, errs, refusal);
    } while (door_retry_busy(d, rc, &attempt));
    return rc;
}

static enum rc agree_once(struct door *d, int64_t case_id, const char *agreed_on,
                          enum agreement_how how, struct plan_errors *errs, struct plan *out)
{
    memset(errs, 0, sizeof(*errs));
    struct date on, today;
    if (!date_parse(agreed_on, &on))
        plan_error_add(errs, "", 0, "agreed_on", "field.date");
    else if (date_today(&today)) {
        char t[11];
        date_format(&today, t);
        if (strcmp(agreed_on, t) > 0)
            plan_error_add(errs, "", 0, "agreed_on", "plan.field_agreed_future");
    }
    if ((unsigned)how >= AGREEMENT_HOW_COUNT)
        plan_error_add(errs, "", 0, "how", "plan.field_how");
    if (errs->count)
        return RC_INVALID;
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct case_file c;
    struct policy_subject s;
    rc = door_load_case(d, ACT_CASE_UPDATE, case_id, &c, &s);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    struct plan cur;
    int64_t plan_id;
    rc = records_plan_current(d->db, d->arena, case_id, &cur, &plan_id);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    if (cur.version == 0 || cur.agreed) {
        db_rollback(d->db);
        plan_error_add(errs, "", 0, "version",
                       cur.version == 0 ? "plan.no_plan" : "plan.already_agreed");
        return RC_CONFLICT;
    }
    /* The resident agrees with a version that exists: not before it was made. */
    if (strncmp(agreed_on, cur.created_at, 10) < 0) {
        db_rollback(d->db);
        plan_error_add(errs, "", 0, "agreed_on", "plan.field_agreed_before_version");
        return RC_INVALID;
    }
    rc = records_plan_agree(d->db, plan_id, agreed_on, how);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = door_commit_with_audit(d, ACT_CASE_UPDATE, c.resident_id, case_id,
                                policy_decide(d->actor, ACT_CASE_UPDATE, &s).reason);
    if (rc || !out)
        return rc;
    return records_plan_current(d->db, d->arena, case_id, out, &plan_id);
}

enum rc door_plan_agree(struct door *d, int64_t case_id, const char *agreed_on,
                        enum agreement_how how, struct plan_errors *errs, struct plan *out)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = agree_once(d, case_id, agreed_on, how, errs, out);
    while (door_retry_busy(d, rc, &attempt));
    return rc;
}
