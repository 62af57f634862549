#include "policy.h"

#include <string.h>

#include "names.h"
#include "banned.h"

static const char *const role_names[ROLE_COUNT] = {
    "case_manager", "job_coach", "employer_adviser", "employer", "resident",
    "manager",      "admin",     "auditor",
};

static const char *const org_kind_names[ORG_KIND_COUNT] = {"municipal", "social_work_company",
                                                           "employer", "other"};

static const char *const visibility_names[NOTE_VISIBILITY_COUNT] = {"professionals", "internal",
                                                                    "resident"};

static const char *const action_names[ACT_COUNT] = {
    "resident.read",   "resident.search", "resident.create", "resident.update", "case.read",
    "case.create",     "case.transition", "note.read",       "note.create",     "audit.read",
    "case.update",     "benefit.read",    "profile.read",    "referral.read",   "referral.create",
    "referral.decide", "referral.end",    "consent.read",    "consent.write",   "proposal.read",
    "proposal.write",  "placement.read",  "placement.write", "availability.write",
};

NAMES_FUNCTIONS(role, role_name, role_parse, role_names, ROLE_COUNT, "")
NAMES_FUNCTIONS(org_kind, org_kind_name, org_kind_parse, org_kind_names, ORG_KIND_COUNT, "")
NAMES_FUNCTIONS(note_visibility, note_visibility_name, note_visibility_parse, visibility_names,
                NOTE_VISIBILITY_COUNT, "")

const char *policy_action_name(enum policy_action action)
{
    const char *n = names_at(action_names, ACT_COUNT, (int)action);
    return n ? n : "";
}

bool policy_serves_municipality(const struct policy_actor *actor, const char *code)
{
    if (!code)
        return false;
    for (int i = 0; i < actor->nmunicipalities && i < POLICY_MAX_MUNICIPALITIES; i++)
        if (strcmp(actor->municipalities[i], code) == 0)
            return true;
    return false;
}

static struct policy_decision allow(const char *reason)
{
    return (struct policy_decision){true, reason};
}

static struct policy_decision deny(const char *reason)
{
    return (struct policy_decision){false, reason};
}

/* A klantmanager of a municipal organisation works on the files of the
 * municipalities assigned to them, and only those: that is the tenant line. */
static struct policy_decision case_manager_decide(const struct policy_actor *a,
                                                  enum policy_action action,
                                                  const struct policy_subject *s)
{
    if (a->org_kind != ORG_MUNICIPAL)
        return deny("organisation_kind");
    /* The partner referred to answers its referrals, not the municipality. */
    if (action == ACT_AUDIT_READ || action == ACT_REFERRAL_DECIDE)
        return deny("role");
    if (action == ACT_RESIDENT_SEARCH && !s->municipality)
        return a->nmunicipalities > 0 ? allow("municipality") : deny("municipality");
    if (!policy_serves_municipality(a, s->municipality))
        return deny("municipality");
    if (action == ACT_NOTE_READ && s->note_visibility == NOTE_INTERNAL &&
        s->note_author_org != a->organisation_id)
        return deny("note_internal");
    return allow("municipality");
}

/* A werkgeversadviseur keeps the employer network and proposes candidates
 * from the municipalities they serve: they see the matching profile (the
 * name with skills, wishes, hours and place), the case's phase and route,
 * whether the resident consents to share their profile, and they propose
 * and place. Never the resident's record itself (BSN, address, birth
 * date), a search through all residents, the notes, the benefit details or
 * the plan: what the work needs, no more. */
static struct policy_decision adviser_decide(const struct policy_actor *a,
                                             enum policy_action action,
                                             const struct policy_subject *s)
{
    if (a->org_kind != ORG_MUNICIPAL && a->org_kind != ORG_SOCIAL_WORK_COMPANY)
        return deny("organisation_kind");
    switch (action) {
    case ACT_CASE_READ:
    case ACT_PROFILE_READ:
    case ACT_CONSENT_READ:
    case ACT_PROPOSAL_READ:
    case ACT_PROPOSAL_WRITE:
    case ACT_PLACEMENT_READ:
    case ACT_PLACEMENT_WRITE:
    case ACT_AVAILABILITY_WRITE:
        return policy_serves_municipality(a, s->municipality) ? allow("municipality")
                                                              : deny("municipality");
    default:
        return deny("role");
    }
}

/* A partner's professional (a jobcoach of the social work company) or an
 * employer sees a file only through an accepted referral to their
 * organisation or the resident's consent to share it with them, and then
 * only what the work needs: never the benefit details, never another
 * organisation's internal notes. A referral lets them report back (a note)
 * and end it; deciding on a referral needs one that awaits their answer. */
static struct policy_decision partner_decide(const struct policy_actor *a,
                                             enum policy_action action,
                                             const struct policy_subject *s)
{
    bool professional = a->role == ROLE_JOB_COACH;
    bool referral = professional && s->referral_active;
    bool file = referral || s->consent_file;
    const char *why = referral ? "referral" : "consent";
    /* An employer sees who a proposed candidate is only when both the
     * resident (consent) and the professional (the proposal's switch) have
     * said so; until then the proposal shows an anonymous profile. */
    bool named = a->role == ROLE_EMPLOYER && s->consent_profile && s->proposal_own &&
                 s->proposal_shared;
    switch (action) {
    case ACT_RESIDENT_READ:
        if (!file && named)
            return allow("consent");
        return file ? allow(why) : deny(professional ? "no_referral" : "no_consent");
    case ACT_CASE_READ:
        return file ? allow(why) : deny(professional ? "no_referral" : "no_consent");
    case ACT_NOTE_READ:
        if (!file)
            return deny(professional ? "no_referral" : "no_consent");
        if (s->note_visibility == NOTE_INTERNAL && s->note_author_org != a->organisation_id)
            return deny("note_internal");
        return allow(why);
    case ACT_PROFILE_READ:
        if (file)
            return allow(why);
        return named ? allow("consent") : deny("no_consent");
    case ACT_PROPOSAL_READ:
    case ACT_PLACEMENT_READ:
        if (a->role == ROLE_EMPLOYER)
            return s->proposal_own ? allow("proposal") : deny("no_proposal");
        return referral ? allow("referral") : deny("no_referral");
    case ACT_PROPOSAL_WRITE:
        return a->role == ROLE_EMPLOYER && s->proposal_own ? allow("proposal")
                                                           : deny("no_proposal");
    case ACT_NOTE_CREATE:
    case ACT_REFERRAL_END:
        return referral ? allow("referral") : deny("no_referral");
    case ACT_REFERRAL_READ:
        return professional && (s->referral_active || s->referral_pending) ? allow("referral")
                                                                           : deny("no_referral");
    case ACT_REFERRAL_DECIDE:
        return professional && s->referral_pending ? allow("referral") : deny("no_referral");
    default:
        return deny("role");
    }
}

/* A resident reads their own file and the notes shared with them, and
 * decides what is shared beyond the law (their consents); other changes go
 * through their professionals. */
static struct policy_decision resident_decide(const struct policy_actor *a,
                                              enum policy_action action,
                                              const struct policy_subject *s)
{
    if (a->own_resident_id <= 0 || s->resident_id != a->own_resident_id)
        return deny("not_own_file");
    switch (action) {
    case ACT_RESIDENT_READ:
    case ACT_CASE_READ:
    case ACT_PROFILE_READ:
    case ACT_CONSENT_READ:
    case ACT_CONSENT_WRITE:
    case ACT_PROPOSAL_READ:
    case ACT_PLACEMENT_READ:
        return allow("own_file");
    case ACT_NOTE_READ:
        return s->note_visibility == NOTE_RESIDENT ? allow("own_file") : deny("note_not_shared");
    default:
        return deny("role");
    }
}

struct policy_decision policy_decide(const struct policy_actor *actor, enum policy_action action,
                                     const struct policy_subject *subject)
{
    static const struct policy_subject none = {0};
    if (!actor)
        return deny("no_actor");
    if (!subject)
        subject = &none;
    if ((unsigned)action >= ACT_COUNT)
        return deny("unknown_action");
    /* The command line (init, demo, import) writes but never reads files;
     * the one read it makes is the matching index (profiles only: skills,
     * wishes, hours, place), built in memory and shown to no one as such. */
    if (actor->system) {
        switch (action) {
        case ACT_RESIDENT_CREATE:
        case ACT_CASE_CREATE:
        case ACT_CASE_TRANSITION:
        case ACT_NOTE_CREATE:
        case ACT_PROPOSAL_WRITE:
        case ACT_PLACEMENT_WRITE:
        case ACT_AVAILABILITY_WRITE:
            return allow("system");
        case ACT_PROFILE_READ:
            return allow("matching_index");
        default:
            return deny("system");
        }
    }
    switch (actor->role) {
    case ROLE_CASE_MANAGER:
        return case_manager_decide(actor, action, subject);
    case ROLE_RESIDENT:
        return resident_decide(actor, action, subject);
    case ROLE_AUDITOR:
        return action == ACT_AUDIT_READ ? allow("role") : deny("role");
    case ROLE_JOB_COACH:
    case ROLE_EMPLOYER:
        return partner_decide(actor, action, subject);
    case ROLE_EMPLOYER_ADVISER:
        return adviser_decide(actor, action, subject);
    /* Managers see figures, not files; the functional administrator manages
     * users, not files. */
    case ROLE_MANAGER:
    case ROLE_ADMIN:
        return deny("role");
    case ROLE_COUNT:
        break;
    }
    return deny("role");
}
