#include "door_consent.h"

#include <string.h>

#include "date.h"
#include "directory.h"
#include "door_internal.h"
#include "records_referral.h"
#include "banned.h"

enum rc door_consent_list(struct door *d, int64_t resident_id, struct consent **out, int *n)
{
    *out = NULL;
    *n = 0;
    struct resident r;
    struct policy_subject s;
    enum rc rc = door_load_resident(d, ACT_CONSENT_READ, resident_id, &r, &s);
    if (rc)
        return rc;
    rc = records_consent_list(d->db, d->arena, resident_id, out, n);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_CONSENT_READ, resident_id, 0,
                           policy_decide(d->actor, ACT_CONSENT_READ, &s));
}

static enum rc consent_create_once(struct door *d, int64_t resident_id,
                                   const struct consent_input *in, struct consent *out,
                                   struct door_field_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    enum consent_scope scope = CONSENT_SCOPE_COUNT;
    enum consent_how how = CONSENT_HOW_COUNT;
    struct date today;
    if (!consent_scope_parse(in->scope, &scope))
        door_field_error_add(errs, "scope", "consent.error_scope");
    if (!consent_how_parse(in->how, &how))
        door_field_error_add(errs, "how", "consent.error_how");
    if (!date_today(&today))
        return RC_IO;
    if (!consent_given_on_valid(in->given_on, &today))
        door_field_error_add(errs, "given_on", "consent.error_given_on");
    if (in->organisation_id < 0)
        door_field_error_add(errs, "organisation_id", "consent.error_organisation_unknown");
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct resident r;
    struct policy_subject s;
    rc = door_load_resident(d, ACT_CONSENT_WRITE, resident_id, &r, &s);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    struct organisation org = {0};
    bool has_org = in->organisation_id > 0;
    if (has_org) {
        rc = directory_organisation_get(d->db, d->arena, in->organisation_id, &org);
        if (rc == RC_NOT_FOUND) {
            door_field_error_add(errs, "organisation_id", "consent.error_organisation_unknown");
        } else if (rc) {
            db_rollback(d->db);
            return rc;
        }
    }
    if (scope != CONSENT_SCOPE_COUNT && (!has_org || org.id)) {
        const char *problem = consent_check_organisation(scope, has_org, org.kind);
        if (problem)
            door_field_error_add(errs, "organisation_id", problem);
    }
    if (errs->count) {
        db_rollback(d->db);
        return RC_INVALID;
    }
    char now[21];
    timestamp_now(now);
    int64_t id = 0;
    rc = records_consent_insert(d->db, resident_id, scope, in->organisation_id, in->given_on, how,
                                d->actor->system ? 0 : d->actor->user_id, now, &id);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = door_commit_with_audit(d, ACT_CONSENT_WRITE, resident_id, 0,
                                policy_decide(d->actor, ACT_CONSENT_WRITE, &s).reason);
    if (rc)
        return rc;
    return records_consent_get(d->db, d->arena, id, out);
}

enum rc door_consent_create(struct door *d, int64_t resident_id, const struct consent_input *in,
                            struct consent *out, struct door_field_errors *errs)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = consent_create_once(d, resident_id, in, out, errs);
    while (door_retry_busy(d, rc, &attempt));
    return rc;
}

static enum rc consent_revoke_once(struct door *d, int64_t consent_id, struct consent *out)
{
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    rc = records_consent_get(d->db, d->arena, consent_id, out);
    if (rc == RC_NOT_FOUND)
        return door_refuse(d, ACT_CONSENT_WRITE, 0, 0, (struct policy_decision){false, "not_found"},
                           RC_NOT_FOUND);
    struct resident r;
    struct policy_subject s;
    if (!rc)
        rc = door_load_resident(d, ACT_CONSENT_WRITE, out->resident_id, &r, &s);
    if (rc) {
        memset(out, 0, sizeof(*out));
        db_rollback(d->db);
        return rc;
    }
    char now[21];
    timestamp_now(now);
    rc = records_consent_revoke(d->db, consent_id, d->actor->system ? 0 : d->actor->user_id, now);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = door_commit_with_audit(d, ACT_CONSENT_WRITE, out->resident_id, 0,
                                policy_decide(d->actor, ACT_CONSENT_WRITE, &s).reason);
    if (rc)
        return rc;
    return records_consent_get(d->db, d->arena, consent_id, out);
}

enum rc door_consent_revoke(struct door *d, int64_t consent_id, struct consent *out)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = consent_revoke_once(d, consent_id, out);
    while (door_retry_busy(d, rc, &attempt));
    return rc;
}
