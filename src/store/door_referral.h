/* Referrals through the one door: a klantmanager refers a case, or one
 * activity of its current plan, to a partner organisation with a purpose and
 * a legal basis; the partner's jobcoach accepts or declines it; the
 * municipality or the accepting partner ends it. Only an accepted referral
 * that has not ended lets the partner see the case (policy.h), and then
 * never the benefit details nor another organisation's internal notes. The
 * links are looked up on every request (door_subject), so ending a referral
 * ends the access at once. See docs/internals/door.md.
 *
 * Errors: RC_NOT_FOUND for a case or referral that does not exist or that
 * the actor may not see (audited as refused); RC_FORBIDDEN when the actor
 * may see the referral but not do this to it (a klantmanager accepting);
 * RC_INVALID with the problems in errs; RC_CONFLICT for a referral past the
 * step asked (accepting twice) or a second open referral of the same case
 * or activity to the same organisation; RC_BUSY, RC_STORE. */
#ifndef WR_DOOR_REFERRAL_H
#define WR_DOOR_REFERRAL_H

#include "door.h"
#include "referral.h"

struct referral {
    int64_t id;
    int64_t case_id;
    int64_t resident_id;
    int64_t activity_key;      /* 0: the whole case */
    const char *activity_name; /* the activity's service, "" for the whole case */
    int64_t organisation_id;
    const char *organisation_name;
    enum referral_purpose purpose;
    const char *legal_basis;
    enum referral_status status;
    const char *decline_reason;
    const char *created_by; /* display names, "" when unknown */
    const char *created_at;
    const char *decided_by;
    const char *decided_at; /* "" while not answered */
    const char *ended_by;
    const char *ended_at; /* "" while not ended */
    const char *resident_name;
    const char *municipality;
    const char *municipality_name;
};

/* What a klantmanager asks. activity_key 0 refers the whole case. */
struct referral_input {
    int64_t organisation_id;
    const char *purpose;
    const char *legal_basis;
    int64_t activity_key;
};

/* Field problems of a create: field is the API name ("organisation_id"),
 * msg a catalogue key. */
#define DOOR_MAX_FIELD_ERRORS 6
struct door_field_errors {
    struct {
        const char *field;
        const char *msg;
    } e[DOOR_MAX_FIELD_ERRORS];
    int count;
};
/* door_field_error_add records a problem with field: the first
 * DOOR_MAX_FIELD_ERRORS are kept, every one is counted. */
void door_field_error_add(struct door_field_errors *errs, const char *field, const char *msg);

/* door_referral_create refers case_id (ACT_REFERRAL_CREATE): the purpose
 * from the fixed list, a legal basis, an existing partner organisation (a
 * social work company or other provider, not the actor's own) that serves
 * the resident's municipality, and for one activity its activity_key in the
 * case's current plan. */
enum rc door_referral_create(struct door *d, int64_t case_id, const struct referral_input *in,
                             struct referral *out, struct door_field_errors *errs);

/* Accept or decline (ACT_REFERRAL_DECIDE): only a referral awaiting the
 * answer of the actor's own organisation; declining needs a reason
 * (RC_INVALID without one). */
enum rc door_referral_accept(struct door *d, int64_t referral_id, struct referral *out);
enum rc door_referral_decline(struct door *d, int64_t referral_id, const char *reason,
                              struct referral *out);
/* door_referral_end (ACT_REFERRAL_END): the municipality's klantmanager
 * ends (or withdraws) an open referral; the partner ends its accepted one. */
enum rc door_referral_end(struct door *d, int64_t referral_id, struct referral *out);

/* door_referral_get returns one referral the actor may see (ACT_REFERRAL_READ). */
enum rc door_referral_get(struct door *d, int64_t referral_id, struct referral *out);

/* door_referral_list_case lists the case's referrals, newest first; a
 * partner sees only those to its own organisation (ACT_REFERRAL_READ). */
enum rc door_referral_list_case(struct door *d, int64_t case_id, struct referral **out, int *n);

/* The partner's inbox: referrals awaiting its answer and its active
 * caseload (accepted referrals), each row audited (ACT_REFERRAL_READ).
 * Empty for an actor that is not a partner's professional. */
struct referral_inbox {
    struct referral *pending;
    int npending;
    struct referral *active;
    int nactive;
};
enum rc door_referral_inbox(struct door *d, int limit, struct referral_inbox *out);

/* door_partner_organisations lists the organisations a case may be referred
 * to (referral_target_allowed), for the referral form. Not personal data. */
struct organisation;
enum rc door_partner_organisations(struct door *d, struct organisation **out, int *n);

/* door_case_activities lists the activities of the case's current plan
 * (key and service name) for the referral form; ACT_CASE_READ. */
struct plan_activity_ref {
    int64_t activity_key;
    const char *name;
    const char *ends_on;
};
enum rc door_case_activities(struct door *d, int64_t case_id, struct plan_activity_ref **out,
                             int *n);

#endif
