#include "policy.h"

#include <string.h>

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
    "resident.read", "resident.search", "resident.create", "resident.update", "case.read",
    "case.create",   "case.transition", "note.read",       "note.create",     "audit.read",
};

static bool parse_name(const char *const *names, int count, const char *name, int *out)
{
    if (!name)
        return false;
    for (int i = 0; i < count; i++) {
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

const char *role_name(enum role role)
{
    return (unsigned)role < ROLE_COUNT ? role_names[role] : "";
}

bool role_parse(const char *name, enum role *out)
{
    int i;
    if (!parse_name(role_names, ROLE_COUNT, name, &i))
        return false;
    *out = (enum role)i;
    return true;
}

const char *org_kind_name(enum org_kind kind)
{
    return (unsigned)kind < ORG_KIND_COUNT ? org_kind_names[kind] : "";
}

bool org_kind_parse(const char *name, enum org_kind *out)
{
    int i;
    if (!parse_name(org_kind_names, ORG_KIND_COUNT, name, &i))
        return false;
    *out = (enum org_kind)i;
    return true;
}

const char *note_visibility_name(enum note_visibility v)
{
    return (unsigned)v < NOTE_VISIBILITY_COUNT ? visibility_names[v] : "";
}

bool note_visibility_parse(const char *name, enum note_visibility *out)
{
    int i;
    if (!parse_name(visibility_names, NOTE_VISIBILITY_COUNT, name, &i))
        return false;
    *out = (enum note_visibility)i;
    return true;
}

const char *policy_action_name(enum policy_action action)
{
    return (unsigned)action < ACT_COUNT ? action_names[action] : "";
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
    if (action == ACT_AUDIT_READ)
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

/* A resident reads their own file and the notes shared with them; all
 * changes go through their professionals for now. */
static struct policy_decision resident_decide(const struct policy_actor *a,
                                              enum policy_action action,
                                              const struct policy_subject *s)
{
    if (a->own_resident_id <= 0 || s->resident_id != a->own_resident_id)
        return deny("not_own_file");
    switch (action) {
    case ACT_RESIDENT_READ:
    case ACT_CASE_READ:
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
    /* The command line (init, demo, import) writes but never reads files. */
    if (actor->system) {
        switch (action) {
        case ACT_RESIDENT_CREATE:
        case ACT_CASE_CREATE:
        case ACT_CASE_TRANSITION:
        case ACT_NOTE_CREATE:
            return allow("system");
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
    /* Jobcoaches and employers see a file only through a referral or the
     * resident's consent; managers see figures, not files; the functional
     * administrator manages users, not files. */
    case ROLE_JOB_COACH:
    case ROLE_EMPLOYER_ADVISER:
    case ROLE_EMPLOYER:
    case ROLE_MANAGER:
    case ROLE_ADMIN:
        return deny("role");
    case ROLE_COUNT:
        break;
    }
    return deny("role");
}
