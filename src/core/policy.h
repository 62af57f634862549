/* Who may do what with a resident's personal data. Pure decisions, no I/O:
 * the door (src/store/door.c) asks here before every read or write and
 * records the answer in the audit log. See docs/internals/door.md. */
#ifndef WR_POLICY_H
#define WR_POLICY_H

#include <stdbool.h>
#include <stdint.h>

enum role {
    ROLE_CASE_MANAGER,
    ROLE_JOB_COACH,
    ROLE_EMPLOYER_ADVISER,
    ROLE_EMPLOYER,
    ROLE_RESIDENT,
    ROLE_MANAGER,
    ROLE_ADMIN,
    ROLE_AUDITOR,
    ROLE_COUNT
};

enum org_kind { ORG_MUNICIPAL, ORG_SOCIAL_WORK_COMPANY, ORG_EMPLOYER, ORG_OTHER, ORG_KIND_COUNT };

enum note_visibility { NOTE_PROFESSIONALS, NOTE_INTERNAL, NOTE_RESIDENT, NOTE_VISIBILITY_COUNT };

enum policy_action {
    ACT_RESIDENT_READ,
    ACT_RESIDENT_SEARCH,
    ACT_RESIDENT_CREATE,
    ACT_RESIDENT_UPDATE,
    ACT_CASE_READ,
    ACT_CASE_CREATE,
    ACT_CASE_TRANSITION,
    ACT_NOTE_READ,
    ACT_NOTE_CREATE,
    ACT_AUDIT_READ,
    ACT_CASE_UPDATE,   /* intake, route, plan and its agreement */
    ACT_BENEFIT_READ,  /* the uitkering and income details of an intake */
    ACT_PROFILE_READ,  /* skills, wishes, hours, languages: what matching uses */
    ACT_REFERRAL_READ, /* a referral itself: purpose, legal basis, status */
    ACT_REFERRAL_CREATE,
    ACT_REFERRAL_DECIDE, /* accept or decline, by the organisation referred to */
    ACT_REFERRAL_END,
    ACT_CONSENT_READ,
    ACT_CONSENT_WRITE, /* record or revoke */
    ACT_PROPOSAL_READ, /* a proposal (voordracht) of the resident for a workplace */
    ACT_PROPOSAL_WRITE, /* propose, and move a proposal a step */
    ACT_PLACEMENT_READ,
    ACT_PLACEMENT_WRITE, /* record a placement and its follow-up checks */
    ACT_AVAILABILITY_WRITE, /* confirm the resident is available for work */
    ACT_COUNT
};

#define POLICY_MAX_MUNICIPALITIES 32

/* The one who asks. municipalities are the CBS codes ("GM0505") the user
 * serves; own_resident_id is set for role resident only. */
struct policy_actor {
    enum role role;
    int64_t user_id;
    int64_t organisation_id;
    enum org_kind org_kind;
    char municipalities[POLICY_MAX_MUNICIPALITIES][8];
    int nmunicipalities;
    int64_t own_resident_id;
    bool system; /* the command line itself (init, demo, import): no person */
};

/* What is asked about. municipality is the resident's; for notes also who
 * wrote it and for whom it is visible. The links say what ties the actor's
 * organisation to this case (or, asked about a resident, to any of their
 * cases); the door looks them up. */
struct policy_subject {
    const char *municipality;
    int64_t resident_id;
    int64_t note_author_org;
    enum note_visibility note_visibility;
    bool referral_active;  /* an accepted referral to the actor's organisation, not ended */
    bool referral_pending; /* a referral awaiting the answer of the actor's organisation */
    bool consent_file;     /* the resident shares their file with the actor's organisation */
    bool consent_profile;  /* the resident shares their profile with employers */
    bool proposal_own;     /* the proposal asked about is for a workplace of the actor's employer */
    bool proposal_shared;  /* ... and the professional has switched its profile on */
};

struct policy_decision {
    bool allowed;
    const char *reason; /* a stable code for the audit log, e.g. "municipality" */
};

/* policy_decide answers whether actor may do action on subject. Never fails;
 * anything not explicitly allowed is refused. */
struct policy_decision policy_decide(const struct policy_actor *actor, enum policy_action action,
                                     const struct policy_subject *subject);

/* policy_serves_municipality tells whether the actor works for code. */
bool policy_serves_municipality(const struct policy_actor *actor, const char *code);

const char *role_name(enum role role);
bool role_parse(const char *name, enum role *out);
const char *org_kind_name(enum org_kind kind);
bool org_kind_parse(const char *name, enum org_kind *out);
const char *note_visibility_name(enum note_visibility v);
bool note_visibility_parse(const char *name, enum note_visibility *out);
const char *policy_action_name(enum policy_action action);

#endif
