#include "door_intake.h"

#include <string.h>

#include "date.h"
#include "door_internal.h"
#include "door_match.h"
#include "records_intake.h"
#include "banned.h"

/* What a case without an intake shows: nothing filled in yet. */
static void empty_record(int64_t case_id, struct intake_record *out)
{
    memset(out, 0, sizeof(*out));
    out->case_id = case_id;
    out->data.max_travel_km = INTAKE_TRAVEL_KM_DEFAULT;
    out->data.ladder_measured_on = "";
    out->data.benefit = "";
    out->data.route = ROUTE_NONE;
    out->data.route_motivation = "";
    out->by = "";
    out->created_at = "";
}

enum rc door_intake_get(struct door *d, int64_t case_id, struct intake_record *out)
{
    empty_record(case_id, out);
    struct case_file c;
    struct policy_subject s;
    enum rc rc = door_load_case(d, ACT_CASE_READ, case_id, &c, &s);
    if (rc)
        return rc;
    int64_t intake_id = 0;
    rc = records_intake_latest(d->db, d->arena, case_id, out, &intake_id);
    if (rc == RC_NOT_FOUND)
        empty_record(case_id, out);
    else if (!rc)
        rc = records_intake_lists(d->db, d->arena, intake_id, out);
    if (rc == RC_NOT_FOUND)
        rc = RC_OK;
    if (rc)
        return rc;
    /* The benefit is the municipality's: a partner reads the rest. */
    struct audit_entry entries[2];
    size_t n = 0;
    entries[n++] = door_audit_entry(d, ACT_CASE_READ, c.resident_id, case_id,
                                    policy_decide(d->actor, ACT_CASE_READ, &s));
    struct policy_decision benefit = policy_decide(d->actor, ACT_BENEFIT_READ, &s);
    if (!benefit.allowed) {
        out->data.benefit = "";
        out->benefit_hidden = true;
    } else if (out->version > 0) {
        entries[n++] = door_audit_entry(d, ACT_BENEFIT_READ, c.resident_id, case_id, benefit);
    }
    return door_audit_out(d, entries, n);
}

enum rc door_intake_versions(struct door *d, int64_t case_id, struct intake_history **out, int *n)
{
    *out = NULL;
    *n = 0;
    struct case_file c;
    struct policy_subject s;
    enum rc rc = door_load_case(d, ACT_CASE_READ, case_id, &c, &s);
    if (rc)
        return rc;
    rc = records_intake_versions(d->db, d->arena, case_id, DOOR_INTAKE_HISTORY_MAX, out, n);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_CASE_READ, c.resident_id, case_id,
                           policy_decide(d->actor, ACT_CASE_READ, &s));
}

/* Adds the lists of in to intake row id; a URI that names no concept is a
 * field error in errs (the caller rolls back). */
static enum rc add_lists(struct door *d, int64_t id, const struct intake *in,
                         struct intake_errors *errs)
{
    enum rc rc = RC_OK;
    for (int i = 0; !rc && i < in->nskills; i++) {
        bool found;
        rc = records_intake_add_skill(d->db, id, in->skills[i].uri, in->skills[i].level, &found);
        if (!rc && !found)
            intake_fail(errs, IF_SKILLS, "field.esco_unknown");
    }
    for (int i = 0; !rc && i < in->nwishes; i++) {
        bool found;
        rc = records_intake_add_wish(d->db, id, in->wishes[i], &found);
        if (!rc && !found)
            intake_fail(errs, IF_WISHES, "field.esco_unknown");
    }
    for (int i = 0; !rc && i < in->nlanguages; i++)
        rc = records_intake_add_language(d->db, id, &in->languages[i]);
    return rc;
}

static enum rc intake_put_once(struct door *d, int64_t case_id, struct intake *in,
                               struct intake_errors *errs, int *version)
{
    memset(errs, 0, sizeof(*errs));
    /* Load and decide inside the write transaction: the case cannot close
     * or change hands between the check and the save. */
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct case_file c;
    struct policy_subject s;
    rc = door_load_case(d, ACT_CASE_UPDATE, case_id, &c, &s);
    if (rc) {
        if (db_in_transaction(d->db))
            db_rollback(d->db);
        return rc;
    }
    struct date today;
    if (!intake_check(d->arena, in, date_today(&today) ? &today : NULL, errs)) {
        db_rollback(d->db);
        return RC_INVALID;
    }
    /* Whoever may not read the benefit cannot change it either. */
    if (!policy_decide(d->actor, ACT_BENEFIT_READ, &s).allowed) {
        struct intake_record old;
        int64_t old_id;
        rc = records_intake_latest(d->db, d->arena, case_id, &old, &old_id);
        in->benefit = rc ? "" : old.data.benefit;
        if (rc == RC_NOT_FOUND)
            rc = RC_OK;
    }
    bool open = false;
    if (!rc)
        rc = records_case_set_route(d->db, case_id, in->route, &open);
    if (!rc && !open)
        rc = RC_CONFLICT;
    char now[21];
    timestamp_now(now);
    int64_t id = 0;
    if (!rc)
        rc = records_intake_insert(
            d->db, case_id, in,
            intake_set_format(d->arena, in->licences, driving_licence_name_i,
                              DRIVING_LICENCE_COUNT),
            intake_set_format(d->arena, in->barriers, intake_barrier_name_i, INTAKE_BARRIER_COUNT),
            d->actor->system ? 0 : d->actor->user_id, now, &id, version);
    if (!rc)
        rc = add_lists(d, id, in, errs);
    if (!rc && errs->count)
        rc = RC_INVALID;
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return door_commit_with_audit(d, ACT_CASE_UPDATE, c.resident_id, case_id,
                                  policy_decide(d->actor, ACT_CASE_UPDATE, &s).reason);
}

enum rc door_intake_put(struct door *d, int64_t case_id, struct intake *in,
                        struct intake_errors *errs, int *version)
{
    enum rc rc;
    int attempt = 0;
    *version = 0;
    do
        rc = intake_put_once(d, case_id, in, errs, version);
    while (door_retry_busy(d, rc, &attempt));
    if (!rc)
        door_match_case_changed(d, case_id);
    return rc;
}
