/* The resident's consents through the one door: to show their profile to
 * employers (every employer of the network, or one) or their file to one
 * named organisation, beyond what the law requires. Revoking takes effect
 * on the next request: the door looks the consents up on every request
 * (door_subject), nothing caches them.
 *
 * Errors: RC_NOT_FOUND for a resident or consent that does not exist or
 * that the actor may not see (audited as refused); RC_INVALID with the
 * problems in errs; RC_CONFLICT when revoking a consent already revoked;
 * RC_BUSY, RC_STORE. */
#ifndef WR_DOOR_CONSENT_H
#define WR_DOOR_CONSENT_H

#include "door.h"
#include "door_referral.h"
#include "referral.h"

struct consent {
    int64_t id;
    int64_t resident_id;
    enum consent_scope scope;
    int64_t organisation_id; /* 0: every employer of the network */
    const char *organisation_name;
    const char *given_on;
    enum consent_how how;
    const char *recorded_by; /* display name */
    const char *created_at;
    const char *revoked_at; /* "" while in force */
    const char *revoked_by;
};

struct consent_input {
    const char *scope;
    int64_t organisation_id; /* 0: none */
    const char *given_on;
    const char *how;
};

/* door_consent_list: the resident's consents, newest first (ACT_CONSENT_READ). */
enum rc door_consent_list(struct door *d, int64_t resident_id, struct consent **out, int *n);
/* door_consent_create records a consent (ACT_CONSENT_WRITE). */
enum rc door_consent_create(struct door *d, int64_t resident_id, const struct consent_input *in,
                            struct consent *out, struct door_field_errors *errs);
/* door_consent_revoke revokes at once (ACT_CONSENT_WRITE); the resident may
 * revoke their own. */
enum rc door_consent_revoke(struct door *d, int64_t consent_id, struct consent *out);

#endif
