#include "door_referral.h"

#include <string.h>

#include "date.h"
#include "directory.h"
#include "door_internal.h"
#include "records_referral.h"
#include "banned.h"

static bool is_partner_professional(const struct policy_actor *a)
{
    return !a->system && a->role == ROLE_JOB_COACH;
}

static bool is_partner(const struct policy_actor *a)
{
    return !a->system && (a->role == ROLE_JOB_COACH || a->role == ROLE_EMPLOYER);
}

void door_field_error_add(struct door_field_errors *errs, const char *field, const char *msg)
{
    if (errs->count < DOOR_MAX_FIELD_ERRORS) {
        errs->e[errs->count].field = field;
        errs->e[errs->count].msg = msg;
    }
    errs->count++;
}

/* The subject for one referral: the file's links as door_subject finds
 * them, but the referral flags from THIS referral alone, so a decision on
 * one referral cannot ride on another to the same organisation. */
static enum rc referral_subject(struct door *d, const struct referral *f, struct policy_subject *s)
{
    enum rc rc = door_subject(d, f->municipality, f->resident_id, f->case_id, s);
    if (rc)
        return rc;
    bool own = is_partner(d->actor) && f->organisation_id == d->actor->organisation_id;
    s->referral_pending = own && f->status == REFERRAL_AANGEVRAAGD;
    s->referral_active = own && f->status == REFERRAL_GEACCEPTEERD;
    return RC_OK;
}

/* Loads referral id if the actor may see it (ACT_REFERRAL_READ); else the
 * refusal is recorded as `record` and the answer is RC_NOT_FOUND. */
static enum rc load_referral(struct door *d, enum policy_action record, int64_t id,
                             struct referral *f, struct policy_subject *s)
{
    enum rc rc = records_referral_get(d->db, d->arena, id, f);
    if (rc == RC_NOT_FOUND)
        return door_refuse(d, record, 0, 0, (struct policy_decision){false, "not_found"},
                           RC_NOT_FOUND);
    if (!rc)
        rc = referral_subject(d, f, s);
    if (rc)
        return rc;
    struct policy_decision dec = policy_decide(d->actor, ACT_REFERRAL_READ, s);
    if (!dec.allowed) {
        int64_t resident_id = f->resident_id, case_id = f->case_id;
        memset(f, 0, sizeof(*f));
        return door_refuse(d, record, resident_id, case_id, dec, RC_NOT_FOUND);
    }
    return RC_OK;
}

enum rc door_referral_get(struct door *d, int64_t referral_id, struct referral *out)
{
    struct policy_subject s;
    enum rc rc = load_referral(d, ACT_REFERRAL_READ, referral_id, out, &s);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_REFERRAL_READ, out->resident_id, out->case_id,
                           policy_decide(d->actor, ACT_REFERRAL_READ, &s));
}

static bool activity_in_plan(const struct plan_activity_ref *list, int n, int64_t key)
{
    for (int i = 0; i < n; i++)
        if (list[i].activity_key == key)
            return true;
    return false;
}

static enum rc referral_create_once(struct door *d, int64_t case_id,
                                    const struct referral_input *in, struct referral *out,
                                    struct door_field_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    enum referral_purpose purpose;
    if (!referral_purpose_parse(in->purpose, &purpose))
        door_field_error_add(errs, "purpose", "referral.error_purpose");
    if (!referral_legal_basis_valid(in->legal_basis))
        door_field_error_add(errs, "legal_basis", "referral.error_legal_basis");
    if (in->activity_key < 0)
        door_field_error_add(errs, "activity_key", "referral.error_activity");
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct case_file c;
    struct policy_subject s;
    rc = door_load_case(d, ACT_REFERRAL_CREATE, case_id, &c, &s);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    struct organisation org;
    rc = in->organisation_id > 0
             ? directory_organisation_get(d->db, d->arena, in->organisation_id, &org)
             : RC_NOT_FOUND;
    if (rc == RC_NOT_FOUND) {
        door_field_error_add(errs, "organisation_id", "referral.error_organisation_unknown");
    } else if (rc) {
        db_rollback(d->db);
        return rc;
    } else if (!referral_target_allowed(org.kind) || org.id == d->actor->organisation_id) {
        door_field_error_add(errs, "organisation_id", "referral.error_organisation_kind");
    } else {
        bool serves = false;
        rc = records_organisation_serves(d->db, org.id, c.municipality, &serves);
        if (rc) {
            db_rollback(d->db);
            return rc;
        }
        if (!serves)
            door_field_error_add(errs, "organisation_id", "referral.error_organisation_municipality");
    }
    if (in->activity_key > 0) {
        struct plan_activity_ref *acts;
        int nacts;
        rc = records_plan_activities(d->db, d->arena, case_id, &acts, &nacts);
        if (rc) {
            db_rollback(d->db);
            return rc;
        }
        if (!activity_in_plan(acts, nacts, in->activity_key))
            door_field_error_add(errs, "activity_key", "referral.error_activity");
    }
    if (errs->count) {
        db_rollback(d->db);
        return RC_INVALID;
    }
    /* A closed case is referred nowhere; a second open referral of the same
     * work to the same partner would be answered twice. */
    bool open = c.phase == CASE_AFGESLOTEN;
    if (!open) {
        rc = records_referral_open_exists(d->db, case_id, in->activity_key, org.id, &open);
        if (rc) {
            db_rollback(d->db);
            return rc;
        }
    }
    if (open) {
        db_rollback(d->db);
        return RC_CONFLICT;
    }
    char now[21];
    timestamp_now(now);
    struct referral_input clean = *in;
    clean.purpose = referral_purpose_name(purpose);
    int64_t id = 0;
    rc = records_referral_insert(d->db, case_id, &clean, d->actor->system ? 0 : d->actor->user_id,
                                 now, &id);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = door_commit_with_audit(d, ACT_REFERRAL_CREATE, c.resident_id, case_id,
                                policy_decide(d->actor, ACT_REFERRAL_CREATE, &s).reason);
    if (rc)
        return rc;
    return records_referral_get(d->db, d->arena, id, out);
}

enum rc door_referral_create(struct door *d, int64_t case_id, const struct referral_input *in,
                             struct referral *out, struct door_field_errors *errs)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = referral_create_once(d, case_id, in, out, errs);
    while (door_retry_busy(d, rc, &attempt));
    return rc;
}

/* Accept, decline or end one referral: visible to the actor (else
 * RC_NOT_FOUND), at the right step (else RC_CONFLICT), and then the policy
 * on `action` for this referral (else RC_FORBIDDEN: the actor knows it). */
static enum rc referral_move_once(struct door *d, int64_t id, enum referral_event event,
                                  const char *reason, struct referral *out)
{
    enum policy_action action = event == REFERRAL_END ? ACT_REFERRAL_END : ACT_REFERRAL_DECIDE;
    if (event == REFERRAL_DECLINE && !referral_reason_valid(reason))
        return RC_INVALID;
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct policy_subject s;
    rc = load_referral(d, action, id, out, &s);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    enum referral_status to;
    rc = referral_next(out->status, event, &to);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    struct policy_decision dec = policy_decide(d->actor, action, &s);
    if (!dec.allowed)
        return door_refuse(d, action, out->resident_id, out->case_id, dec, RC_FORBIDDEN);
    char now[21];
    timestamp_now(now);
    rc = records_referral_set_status(d->db, id, out->status, to,
                                     event == REFERRAL_DECLINE ? reason : "",
                                     d->actor->system ? 0 : d->actor->user_id, now);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = door_commit_with_audit(d, action, out->resident_id, out->case_id, dec.reason);
    if (rc)
        return rc;
    return records_referral_get(d->db, d->arena, id, out);
}

static enum rc referral_move(struct door *d, int64_t id, enum referral_event event,
                             const char *reason, struct referral *out)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = referral_move_once(d, id, event, reason, out);
    while (door_retry_busy(d, rc, &attempt));
    return rc;
}

enum rc door_referral_accept(struct door *d, int64_t referral_id, struct referral *out)
{
    return referral_move(d, referral_id, REFERRAL_ACCEPT, NULL, out);
}

enum rc door_referral_decline(struct door *d, int64_t referral_id, const char *reason,
                              struct referral *out)
{
    return referral_move(d, referral_id, REFERRAL_DECLINE, reason, out);
}

enum rc door_referral_end(struct door *d, int64_t referral_id, struct referral *out)
{
    return referral_move(d, referral_id, REFERRAL_END, NULL, out);
}

enum rc door_referral_list_case(struct door *d, int64_t case_id, struct referral **out, int *n)
{
    *out = NULL;
    *n = 0;
    struct case_file c;
    struct policy_subject s;
    enum rc rc = door_load_case(d, ACT_REFERRAL_READ, case_id, &c, &s);
    if (rc)
        return rc;
    /* A partner sees its own referrals, not those to other organisations. */
    int64_t org = is_partner(d->actor) ? d->actor->organisation_id : 0;
    rc = records_referral_list(d->db, d->arena, case_id, org, out, n);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_REFERRAL_READ, c.resident_id, case_id,
                           policy_decide(d->actor, ACT_REFERRAL_READ, &s));
}

enum rc door_referral_inbox(struct door *d, int limit, struct referral_inbox *out)
{
    memset(out, 0, sizeof(*out));
    if (!is_partner_professional(d->actor))
        return RC_OK;
    struct referral *list;
    int n;
    enum rc rc =
        records_referral_inbox(d->db, d->arena, d->actor->organisation_id, limit, &list, &n);
    if (rc)
        return rc;
    struct audit_entry *entries = arena_alloc(d->arena, sizeof(*entries) * (size_t)(n + 1));
    out->pending = arena_alloc(d->arena, sizeof(*out->pending) * (size_t)(n + 1));
    out->active = arena_alloc(d->arena, sizeof(*out->active) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        /* The SQL found these through the actor's own organisation: the
         * row itself says which link it is, no look-up per row. */
        struct policy_subject s = {
            .municipality = list[i].municipality,
            .resident_id = list[i].resident_id,
            .referral_pending = list[i].status == REFERRAL_AANGEVRAAGD,
            .referral_active = list[i].status == REFERRAL_GEACCEPTEERD,
        };
        struct policy_decision dec = policy_decide(d->actor, ACT_REFERRAL_READ, &s);
        entries[i] =
            door_audit_entry(d, ACT_REFERRAL_READ, list[i].resident_id, list[i].case_id, dec);
        if (!dec.allowed)
            continue;
        if (list[i].status == REFERRAL_AANGEVRAAGD)
            out->pending[out->npending++] = list[i];
        else
            out->active[out->nactive++] = list[i];
    }
    return n ? door_audit_out(d, entries, (size_t)n) : RC_OK;
}

enum rc door_partner_organisations(struct door *d, struct organisation **out, int *n)
{
    enum rc rc = directory_organisations(d->db, d->arena, out, n);
    if (rc)
        return rc;
    int kept = 0;
    for (int i = 0; i < *n; i++)
        if (referral_target_allowed((*out)[i].kind) && (*out)[i].id != d->actor->organisation_id)
            (*out)[kept++] = (*out)[i];
    *n = kept;
    return RC_OK;
}

enum rc door_case_activities(struct door *d, int64_t case_id, struct plan_activity_ref **out,
                             int *n)
{
    *out = NULL;
    *n = 0;
    struct case_file c;
    struct policy_subject s;
    enum rc rc = door_load_case(d, ACT_CASE_READ, case_id, &c, &s);
    if (rc)
        return rc;
    rc = records_plan_activities(d->db, d->arena, case_id, out, n);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_CASE_READ, c.resident_id, case_id,
                           policy_decide(d->actor, ACT_CASE_READ, &s));
}
