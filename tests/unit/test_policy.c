/* The access policy (src/core/policy.c): who may do what with a resident's
 * file. Table-driven: each row names an actor, an action and a subject and
 * says what the answer must be, with the reason code the audit log stores. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"

#include "banned.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- actors ---- */

enum { ORG_WERKPLEIN = 10, ORG_OTHER_MUNICIPAL = 11, ORG_SW = 20 };
enum { RES_OWN = 501, RES_OTHER = 502 };

/* A klantmanager of the Werkplein (municipal), serving Dordrecht only. */
static const struct policy_actor km_0505 = {
    .role = ROLE_CASE_MANAGER,
    .user_id = 1,
    .organisation_id = ORG_WERKPLEIN,
    .org_kind = ORG_MUNICIPAL,
    .municipalities = {"GM0505"},
    .nmunicipalities = 1,
};

/* The same role, but employed by a social work company: not a tenant of any
 * municipality's files even where it lists the municipality. */
static const struct policy_actor km_sw = {
    .role = ROLE_CASE_MANAGER,
    .user_id = 2,
    .organisation_id = ORG_SW,
    .org_kind = ORG_SOCIAL_WORK_COMPANY,
    .municipalities = {"GM0505"},
    .nmunicipalities = 1,
};

/* A municipal klantmanager with no municipality assigned. */
static const struct policy_actor km_none = {
    .role = ROLE_CASE_MANAGER,
    .user_id = 3,
    .organisation_id = ORG_WERKPLEIN,
    .org_kind = ORG_MUNICIPAL,
};

static const struct policy_actor resident_own = {
    .role = ROLE_RESIDENT,
    .user_id = 4,
    .organisation_id = ORG_WERKPLEIN,
    .org_kind = ORG_MUNICIPAL,
    .own_resident_id = RES_OWN,
};

/* A resident account that is not (yet) linked to a file. */
static const struct policy_actor resident_unlinked = {
    .role = ROLE_RESIDENT,
    .user_id = 5,
    .organisation_id = ORG_WERKPLEIN,
    .org_kind = ORG_MUNICIPAL,
};

static const struct policy_actor auditor = {
    .role = ROLE_AUDITOR,
    .user_id = 6,
    .organisation_id = ORG_WERKPLEIN,
    .org_kind = ORG_MUNICIPAL,
    .municipalities = {"GM0505"},
    .nmunicipalities = 1,
};

/* The command line: the role field is whatever it is; system decides. */
static const struct policy_actor cli = {
    .role = ROLE_CASE_MANAGER,
    .org_kind = ORG_MUNICIPAL,
    .municipalities = {"GM0505"},
    .nmunicipalities = 1,
    .system = true,
};

/* ---- subjects ---- */

static const struct policy_subject in_0505 = {.municipality = "GM0505", .resident_id = RES_OWN};
static const struct policy_subject in_0590 = {.municipality = "GM0590", .resident_id = RES_OTHER};
static const struct policy_subject no_municipality = {.municipality = NULL, .resident_id = 0};

static const struct policy_subject note_internal_own_org = {
    .municipality = "GM0505",
    .resident_id = RES_OWN,
    .note_author_org = ORG_WERKPLEIN,
    .note_visibility = NOTE_INTERNAL,
};
static const struct policy_subject note_internal_other_org = {
    .municipality = "GM0505",
    .resident_id = RES_OWN,
    .note_author_org = ORG_OTHER_MUNICIPAL,
    .note_visibility = NOTE_INTERNAL,
};
static const struct policy_subject note_professionals_other_org = {
    .municipality = "GM0505",
    .resident_id = RES_OWN,
    .note_author_org = ORG_OTHER_MUNICIPAL,
    .note_visibility = NOTE_PROFESSIONALS,
};
static const struct policy_subject note_resident = {
    .municipality = "GM0505",
    .resident_id = RES_OWN,
    .note_author_org = ORG_WERKPLEIN,
    .note_visibility = NOTE_RESIDENT,
};
static const struct policy_subject note_resident_other_file = {
    .municipality = "GM0505",
    .resident_id = RES_OTHER,
    .note_author_org = ORG_WERKPLEIN,
    .note_visibility = NOTE_RESIDENT,
};

/* Every action a professional does on a resident's file (all but the audit
 * log). */
static const enum policy_action file_actions[] = {
    ACT_RESIDENT_READ, ACT_RESIDENT_SEARCH, ACT_RESIDENT_CREATE, ACT_RESIDENT_UPDATE, ACT_CASE_READ,
    ACT_CASE_CREATE,   ACT_CASE_TRANSITION, ACT_NOTE_READ,       ACT_NOTE_CREATE,
};

struct expect {
    const char *what;
    const struct policy_actor *actor;
    enum policy_action action;
    const struct policy_subject *subject;
    bool allowed;
    const char *reason; /* NULL: any reason */
};

static void check(const struct expect *e)
{
    struct policy_decision d = policy_decide(e->actor, e->action, e->subject);
    if (d.allowed != e->allowed) {
        fail_msg("%s (%s): got allowed=%d reason=%s, want allowed=%d", e->what,
                 policy_action_name(e->action), d.allowed, d.reason ? d.reason : "(null)",
                 e->allowed);
    }
    assert_non_null(d.reason);
    assert_true(d.reason[0] != '\0');
    if (e->reason && strcmp(d.reason, e->reason) != 0)
        fail_msg("%s (%s): reason %s, want %s", e->what, policy_action_name(e->action), d.reason,
                 e->reason);
}

static void check_table(const struct expect *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check(&rows[i]);
}

/* ---- case manager ---- */

static void test_case_manager_own_municipality(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(file_actions); i++) {
        struct expect e = {"km GM0505 on GM0505", &km_0505, file_actions[i], &in_0505, true,
                           "municipality"};
        check(&e);
    }
    /* Searching across all of one's municipalities names no municipality. */
    check(&(struct expect){"km search without municipality", &km_0505, ACT_RESIDENT_SEARCH,
                           &no_municipality, true, NULL});
    /* And a NULL subject means the same as an empty one. */
    check(&(struct expect){"km search, NULL subject", &km_0505, ACT_RESIDENT_SEARCH, NULL, true,
                           NULL});
}

static void test_case_manager_other_municipality(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(file_actions); i++) {
        struct expect e = {"km GM0505 on GM0590", &km_0505, file_actions[i], &in_0590, false,
                           "municipality"};
        check(&e);
    }
    /* Without a municipality nothing but a search can be placed. */
    static const enum policy_action placed[] = {ACT_RESIDENT_READ, ACT_RESIDENT_CREATE,
                                                ACT_CASE_READ, ACT_NOTE_CREATE};
    for (size_t i = 0; i < ARRAY_LEN(placed); i++) {
        struct expect e = {"km, subject without municipality",
                           &km_0505,
                           placed[i],
                           &no_municipality,
                           false,
                           "municipality"};
        check(&e);
    }
    /* An unassigned klantmanager searches nothing. */
    check(&(struct expect){"km with no municipalities searches", &km_none, ACT_RESIDENT_SEARCH,
                           &no_municipality, false, "municipality"});
    check(&(struct expect){"km with no municipalities reads", &km_none, ACT_RESIDENT_READ, &in_0505,
                           false, "municipality"});
}

static void test_case_manager_non_municipal_organisation(void **state)
{
    (void)state;
    for (size_t i = 0; i < ARRAY_LEN(file_actions); i++) {
        struct expect e = {"km of an SW-bedrijf", &km_sw, file_actions[i], &in_0505, false, NULL};
        check(&e);
    }
    check(&(struct expect){"km of an SW-bedrijf searches", &km_sw, ACT_RESIDENT_SEARCH,
                           &no_municipality, false, NULL});
    static const enum org_kind kinds[] = {ORG_SOCIAL_WORK_COMPANY, ORG_EMPLOYER, ORG_OTHER};
    for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
        struct policy_actor a = km_0505;
        a.org_kind = kinds[k];
        check(&(struct expect){"km of a non-municipal organisation", &a, ACT_RESIDENT_READ,
                               &in_0505, false, "organisation_kind"});
    }
}

static void test_case_manager_notes(void **state)
{
    (void)state;
    static const struct expect rows[] = {
        {"internal note of own org", &km_0505, ACT_NOTE_READ, &note_internal_own_org, true, NULL},
        {"internal note of another org, own municipality", &km_0505, ACT_NOTE_READ,
         &note_internal_other_org, false, "note_internal"},
        {"professionals note of another org", &km_0505, ACT_NOTE_READ,
         &note_professionals_other_org, true, NULL},
        {"resident-visible note", &km_0505, ACT_NOTE_READ, &note_resident, true, NULL},
    };
    check_table(rows, ARRAY_LEN(rows));

    /* The visibility check does not open another municipality's notes. */
    struct policy_subject s = note_internal_own_org;
    s.municipality = "GM0590";
    check(&(struct expect){"own-org internal note in another municipality", &km_0505, ACT_NOTE_READ,
                           &s, false, "municipality"});
}

static void test_case_manager_audit_log(void **state)
{
    (void)state;
    check(&(struct expect){"km reads the audit log", &km_0505, ACT_AUDIT_READ, &in_0505, false,
                           "role"});
    check(&(struct expect){"km reads the audit log, no subject", &km_0505, ACT_AUDIT_READ, NULL,
                           false, NULL});
}

/* ---- resident ---- */

static void test_resident(void **state)
{
    (void)state;
    static const struct expect rows[] = {
        {"own file", &resident_own, ACT_RESIDENT_READ, &in_0505, true, "own_file"},
        {"own cases", &resident_own, ACT_CASE_READ, &in_0505, true, "own_file"},
        {"another's file", &resident_own, ACT_RESIDENT_READ, &in_0590, false, "not_own_file"},
        {"another's cases", &resident_own, ACT_CASE_READ, &in_0590, false, "not_own_file"},
        {"own resident-visible note", &resident_own, ACT_NOTE_READ, &note_resident, true,
         "own_file"},
        {"own note for professionals", &resident_own, ACT_NOTE_READ, &note_professionals_other_org,
         false, "note_not_shared"},
        {"own internal note", &resident_own, ACT_NOTE_READ, &note_internal_own_org, false,
         "note_not_shared"},
        {"another's resident-visible note", &resident_own, ACT_NOTE_READ, &note_resident_other_file,
         false, "not_own_file"},
        /* Changes go through the professionals for now. */
        {"update own file", &resident_own, ACT_RESIDENT_UPDATE, &in_0505, false, "role"},
        {"create", &resident_own, ACT_RESIDENT_CREATE, &in_0505, false, "role"},
        {"search", &resident_own, ACT_RESIDENT_SEARCH, &in_0505, false, NULL},
        {"search, no subject", &resident_own, ACT_RESIDENT_SEARCH, NULL, false, NULL},
        {"open a case", &resident_own, ACT_CASE_CREATE, &in_0505, false, "role"},
        {"move a case", &resident_own, ACT_CASE_TRANSITION, &in_0505, false, "role"},
        {"write a note", &resident_own, ACT_NOTE_CREATE, &in_0505, false, "role"},
        {"audit log", &resident_own, ACT_AUDIT_READ, &in_0505, false, NULL},
    };
    check_table(rows, ARRAY_LEN(rows));

    /* An account without a file sees nothing, not even "resident 0". */
    struct policy_subject zero = {.municipality = "GM0505", .resident_id = 0};
    check(&(struct expect){"unlinked account, resident 0", &resident_unlinked, ACT_RESIDENT_READ,
                           &zero, false, "not_own_file"});
    check(&(struct expect){"unlinked account, empty subject", &resident_unlinked, ACT_RESIDENT_READ,
                           NULL, false, "not_own_file"});
    /* A negative own id must not match a negative subject id. */
    struct policy_actor negative = resident_own;
    negative.own_resident_id = -7;
    struct policy_subject neg = {.municipality = "GM0505", .resident_id = -7};
    check(&(struct expect){"negative own id", &negative, ACT_RESIDENT_READ, &neg, false, NULL});
}

/* ---- partners: referral and consent ---- */

static const struct policy_actor jobcoach = {
    .role = ROLE_JOB_COACH,
    .user_id = 7,
    .organisation_id = ORG_SW,
    .org_kind = ORG_SOCIAL_WORK_COMPANY,
    .municipalities = {"GM0505"},
    .nmunicipalities = 1,
};

static const struct policy_actor employer = {
    .role = ROLE_EMPLOYER,
    .user_id = 8,
    .organisation_id = 30,
    .org_kind = ORG_EMPLOYER,
    .municipalities = {"GM0505"},
    .nmunicipalities = 1,
};

static void test_jobcoach_referral(void **state)
{
    (void)state;
    struct policy_subject none = in_0505, pending = in_0505, active = in_0505;
    pending.referral_pending = true;
    active.referral_active = true;
    struct policy_subject internal_other = note_internal_other_org, internal_own = internal_other;
    internal_other.referral_active = internal_own.referral_active = true;
    internal_own.note_author_org = ORG_SW;
    struct policy_subject shared = note_professionals_other_org;
    shared.referral_active = true;
    const struct expect rows[] = {
        /* Without a referral a jobcoach sees nothing, not even in their municipality. */
        {"no referral: resident", &jobcoach, ACT_RESIDENT_READ, &none, false, "no_referral"},
        {"no referral: case", &jobcoach, ACT_CASE_READ, &none, false, "no_referral"},
        {"no referral: profile", &jobcoach, ACT_PROFILE_READ, &none, false, NULL},
        {"no referral: decide", &jobcoach, ACT_REFERRAL_DECIDE, &none, false, "no_referral"},
        {"no referral: report", &jobcoach, ACT_NOTE_CREATE, &none, false, "no_referral"},
        /* A referral awaiting the answer shows the referral, not the file. */
        {"pending: read referral", &jobcoach, ACT_REFERRAL_READ, &pending, true, "referral"},
        {"pending: decide", &jobcoach, ACT_REFERRAL_DECIDE, &pending, true, "referral"},
        {"pending: case", &jobcoach, ACT_CASE_READ, &pending, false, "no_referral"},
        {"pending: resident", &jobcoach, ACT_RESIDENT_READ, &pending, false, "no_referral"},
        /* Accepted: the case and what the work needs. */
        {"active: resident", &jobcoach, ACT_RESIDENT_READ, &active, true, "referral"},
        {"active: case", &jobcoach, ACT_CASE_READ, &active, true, "referral"},
        {"active: profile", &jobcoach, ACT_PROFILE_READ, &active, true, "referral"},
        {"active: progress report", &jobcoach, ACT_NOTE_CREATE, &active, true, "referral"},
        {"active: end", &jobcoach, ACT_REFERRAL_END, &active, true, "referral"},
        {"active: shared note", &jobcoach, ACT_NOTE_READ, &shared, true, "referral"},
        {"active: own internal note", &jobcoach, ACT_NOTE_READ, &internal_own, true, NULL},
        {"active: municipality's internal note", &jobcoach, ACT_NOTE_READ, &internal_other, false,
         "note_internal"},
        {"active: benefit", &jobcoach, ACT_BENEFIT_READ, &active, false, "role"},
        {"active: intake or plan change", &jobcoach, ACT_CASE_UPDATE, &active, false, "role"},
        {"active: decide again", &jobcoach, ACT_REFERRAL_DECIDE, &active, false, "no_referral"},
        {"active: consents", &jobcoach, ACT_CONSENT_READ, &active, false, "role"},
        {"active: search", &jobcoach, ACT_RESIDENT_SEARCH, &active, false, "role"},
        {"active: move case", &jobcoach, ACT_CASE_TRANSITION, &active, false, "role"},
        /* The municipality refers; it does not answer its own referrals. */
        {"km decides", &km_0505, ACT_REFERRAL_DECIDE, &pending, false, "role"},
        {"km refers", &km_0505, ACT_REFERRAL_CREATE, &in_0505, true, "municipality"},
        {"km reads benefit", &km_0505, ACT_BENEFIT_READ, &in_0505, true, "municipality"},
        {"km refers elsewhere", &km_0505, ACT_REFERRAL_CREATE, &in_0590, false, "municipality"},
    };
    check_table(rows, ARRAY_LEN(rows));
}

static void test_consent(void **state)
{
    (void)state;
    struct policy_subject none = in_0505, profile = in_0505, file = in_0505;
    profile.consent_profile = true;
    file.consent_file = true;
    /* A proposal to the employer: anonymous until the resident consents and
     * the professional switches its profile on. */
    struct policy_subject proposed = in_0505, proposed_consent = in_0505,
                          proposed_shared = in_0505, proposed_both = in_0505;
    proposed.proposal_own = true;
    proposed_consent = proposed;
    proposed_consent.consent_profile = true;
    proposed_shared = proposed;
    proposed_shared.proposal_shared = true;
    proposed_both = proposed_consent;
    proposed_both.proposal_shared = true;
    struct policy_subject other_employer_both = proposed_both;
    other_employer_both.proposal_own = false;
    const struct expect rows[] = {
        {"employer, no consent: profile", &employer, ACT_PROFILE_READ, &none, false, "no_consent"},
        {"employer, no consent: file", &employer, ACT_RESIDENT_READ, &none, false, "no_consent"},
        {"employer, profile consent alone: profile", &employer, ACT_PROFILE_READ, &profile, false,
         "no_consent"},
        {"employer, profile consent: file", &employer, ACT_RESIDENT_READ, &profile, false,
         "no_consent"},
        {"employer, proposed: proposal", &employer, ACT_PROPOSAL_READ, &proposed, true,
         "proposal"},
        {"employer, not proposed: proposal", &employer, ACT_PROPOSAL_READ, &none, false,
         "no_proposal"},
        {"employer, proposed: feedback", &employer, ACT_PROPOSAL_WRITE, &proposed, true, NULL},
        {"employer, proposed: profile", &employer, ACT_PROFILE_READ, &proposed, false, NULL},
        {"employer, proposed + consent: profile", &employer, ACT_PROFILE_READ, &proposed_consent,
         false, NULL},
        {"employer, proposed + switch: profile", &employer, ACT_PROFILE_READ, &proposed_shared,
         false, NULL},
        {"employer, proposed + both: profile", &employer, ACT_PROFILE_READ, &proposed_both, true,
         "consent"},
        {"employer, proposed + both: who", &employer, ACT_RESIDENT_READ, &proposed_both, true,
         "consent"},
        {"employer, proposed + both: case", &employer, ACT_CASE_READ, &proposed_both, false,
         NULL},
        {"employer, proposed + both: benefit", &employer, ACT_BENEFIT_READ, &proposed_both, false,
         NULL},
        {"employer, another's proposal", &employer, ACT_PROFILE_READ, &other_employer_both, false,
         NULL},
        {"employer places", &employer, ACT_PLACEMENT_WRITE, &proposed_both, false, NULL},
        {"employer, profile consent: case", &employer, ACT_CASE_READ, &profile, false, NULL},
        {"employer, file consent: file", &employer, ACT_RESIDENT_READ, &file, true, "consent"},
        {"employer, file consent: case", &employer, ACT_CASE_READ, &file, true, "consent"},
        {"employer, file consent: benefit", &employer, ACT_BENEFIT_READ, &file, false, "role"},
        {"employer, file consent: note", &employer, ACT_NOTE_CREATE, &file, false, NULL},
        /* A referral is for the social work company's professionals only. */
        {"employer, referral", &employer, ACT_CASE_READ,
         &(struct policy_subject){.municipality = "GM0505", .referral_active = true}, false, NULL},
        /* A jobcoach's organisation named in a file consent reads the file. */
        {"jobcoach, file consent", &jobcoach, ACT_CASE_READ, &file, true, "consent"},
        {"jobcoach, file consent: report", &jobcoach, ACT_NOTE_CREATE, &file, false, NULL},
        /* The resident decides: reads and writes their own consents. */
        {"resident reads own consents", &resident_own, ACT_CONSENT_READ, &in_0505, true, NULL},
        {"resident revokes own consent", &resident_own, ACT_CONSENT_WRITE, &in_0505, true, NULL},
        {"resident, another's consents", &resident_own, ACT_CONSENT_WRITE, &in_0590, false, NULL},
        {"km records consent", &km_0505, ACT_CONSENT_WRITE, &in_0505, true, NULL},
        {"km, other municipality's consent", &km_0505, ACT_CONSENT_WRITE, &in_0590, false, NULL},
        {"employer writes consent", &employer, ACT_CONSENT_WRITE, &file, false, NULL},
    };
    check_table(rows, ARRAY_LEN(rows));
}

/* ---- the employer adviser ---- */

static void test_employer_adviser(void **state)
{
    (void)state;
    struct policy_actor adviser = km_0505;
    adviser.role = ROLE_EMPLOYER_ADVISER;
    struct policy_actor adviser_employer_org = adviser;
    adviser_employer_org.org_kind = ORG_EMPLOYER;
    const struct expect rows[] = {
        {"adviser reads the record", &adviser, ACT_RESIDENT_READ, &in_0505, false, "role"},
        {"adviser searches", &adviser, ACT_RESIDENT_SEARCH, &no_municipality, false, "role"},
        {"adviser reads profile", &adviser, ACT_PROFILE_READ, &in_0505, true, "municipality"},
        {"adviser reads case", &adviser, ACT_CASE_READ, &in_0505, true, "municipality"},
        {"adviser proposes", &adviser, ACT_PROPOSAL_WRITE, &in_0505, true, "municipality"},
        {"adviser places", &adviser, ACT_PLACEMENT_WRITE, &in_0505, true, "municipality"},
        {"adviser confirms availability", &adviser, ACT_AVAILABILITY_WRITE, &in_0505, true, NULL},
        {"adviser reads consents", &adviser, ACT_CONSENT_READ, &in_0505, true, NULL},
        {"adviser, other municipality", &adviser, ACT_PROFILE_READ, &in_0590, false,
         "municipality"},
        {"adviser, other municipality proposes", &adviser, ACT_PROPOSAL_WRITE, &in_0590, false,
         "municipality"},
        {"adviser reads benefit", &adviser, ACT_BENEFIT_READ, &in_0505, false, "role"},
        {"adviser reads notes", &adviser, ACT_NOTE_READ, &note_resident, false, "role"},
        {"adviser writes intake", &adviser, ACT_CASE_UPDATE, &in_0505, false, "role"},
        {"adviser writes consent", &adviser, ACT_CONSENT_WRITE, &in_0505, false, "role"},
        {"adviser at an employer", &adviser_employer_org, ACT_PROFILE_READ, &in_0505, false,
         "organisation_kind"},
    };
    check_table(rows, ARRAY_LEN(rows));
}

/* ---- roles without file access ---- */

static void test_roles_without_file_access(void **state)
{
    (void)state;
    static const enum role roles[] = {ROLE_JOB_COACH, ROLE_EMPLOYER, ROLE_MANAGER, ROLE_ADMIN};
    static const enum org_kind kinds[] = {ORG_MUNICIPAL, ORG_SOCIAL_WORK_COMPANY, ORG_EMPLOYER};
    const struct policy_subject *subjects[] = {&in_0505, &note_resident, &no_municipality};
    for (size_t r = 0; r < ARRAY_LEN(roles); r++) {
        for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
            /* Even with the municipality assigned and a resident id set. */
            struct policy_actor a = km_0505;
            a.role = roles[r];
            a.org_kind = kinds[k];
            a.own_resident_id = RES_OWN;
            for (size_t i = 0; i < ARRAY_LEN(file_actions); i++) {
                for (size_t s = 0; s < ARRAY_LEN(subjects); s++) {
                    char what[64];
                    snprintf(what, sizeof(what), "%s (%s)", role_name(roles[r]),
                             org_kind_name(kinds[k]));
                    /* Partners are refused for want of a link, others by role. */
                    bool partner = roles[r] == ROLE_JOB_COACH || roles[r] == ROLE_EMPLOYER;
                    struct expect e = {what,        &a,    file_actions[i],
                                       subjects[s], false, partner ? NULL : "role"};
                    check(&e);
                }
            }
            char what[64];
            snprintf(what, sizeof(what), "%s reads the audit log", role_name(roles[r]));
            check(&(struct expect){what, &a, ACT_AUDIT_READ, NULL, false, "role"});
        }
    }
}

/* ---- auditor ---- */

static void test_auditor(void **state)
{
    (void)state;
    check(&(struct expect){"auditor reads the log", &auditor, ACT_AUDIT_READ, NULL, true, NULL});
    check(&(struct expect){"auditor reads the log about a resident", &auditor, ACT_AUDIT_READ,
                           &in_0505, true, NULL});
    /* The privacy officer reads who looked at a file, never the file. */
    for (size_t i = 0; i < ARRAY_LEN(file_actions); i++) {
        struct expect e = {"auditor on a file", &auditor, file_actions[i], &in_0505, false, "role"};
        check(&e);
    }
}

/* ---- the command line ---- */

static void test_system(void **state)
{
    (void)state;
    static const struct expect rows[] = {
        {"system creates a resident", &cli, ACT_RESIDENT_CREATE, &in_0505, true, "system"},
        {"system opens a case", &cli, ACT_CASE_CREATE, &in_0505, true, "system"},
        {"system moves a case", &cli, ACT_CASE_TRANSITION, &in_0505, true, "system"},
        {"system writes a note", &cli, ACT_NOTE_CREATE, &in_0505, true, "system"},
        /* Writes in any municipality: the command line serves the region. */
        {"system creates in GM0590", &cli, ACT_RESIDENT_CREATE, &in_0590, true, "system"},
        {"system reads a resident", &cli, ACT_RESIDENT_READ, &in_0505, false, "system"},
        {"system searches", &cli, ACT_RESIDENT_SEARCH, &no_municipality, false, "system"},
        {"system reads a case", &cli, ACT_CASE_READ, &in_0505, false, "system"},
        {"system reads notes", &cli, ACT_NOTE_READ, &note_resident, false, "system"},
        {"system reads the audit log", &cli, ACT_AUDIT_READ, NULL, false, "system"},
        /* Anything not explicitly allowed is refused; an update is not. */
        {"system updates a resident", &cli, ACT_RESIDENT_UPDATE, &in_0505, false, "system"},
    };
    check_table(rows, ARRAY_LEN(rows));

    /* system wins over any role, including auditor. */
    struct policy_actor a = auditor;
    a.system = true;
    check(&(struct expect){"system auditor", &a, ACT_AUDIT_READ, NULL, false, "system"});
}

/* ---- bad questions ---- */

static void test_no_actor_or_bad_action(void **state)
{
    (void)state;
    for (int act = 0; act < ACT_COUNT; act++) {
        struct policy_decision d = policy_decide(NULL, (enum policy_action)act, &in_0505);
        assert_false(d.allowed);
        assert_string_equal(d.reason, "no_actor");
    }
    const struct policy_actor *everyone[] = {&km_0505, &resident_own, &auditor, &cli};
    const enum policy_action bad[] = {ACT_COUNT, (enum policy_action)(ACT_COUNT + 1),
                                      (enum policy_action) - 1, (enum policy_action)1000};
    for (size_t a = 0; a < ARRAY_LEN(everyone); a++) {
        for (size_t b = 0; b < ARRAY_LEN(bad); b++) {
            struct policy_decision d = policy_decide(everyone[a], bad[b], &in_0505);
            assert_false(d.allowed);
            assert_string_equal(d.reason, "unknown_action");
        }
    }
    /* A role value outside the enum is refused, not read out of bounds. */
    struct policy_actor odd = km_0505;
    odd.role = ROLE_COUNT;
    for (size_t i = 0; i < ARRAY_LEN(file_actions); i++)
        assert_false(policy_decide(&odd, file_actions[i], &in_0505).allowed);
    odd.role = (enum role)99;
    assert_false(policy_decide(&odd, ACT_RESIDENT_READ, &in_0505).allowed);
    assert_false(policy_decide(&odd, ACT_AUDIT_READ, NULL).allowed);
}

/* ---- names ---- */

static void test_role_names(void **state)
{
    (void)state;
    static const char *const want[ROLE_COUNT] = {
        [ROLE_CASE_MANAGER] = "case_manager",
        [ROLE_JOB_COACH] = "job_coach",
        [ROLE_EMPLOYER_ADVISER] = "employer_adviser",
        [ROLE_EMPLOYER] = "employer",
        [ROLE_RESIDENT] = "resident",
        [ROLE_MANAGER] = "manager",
        [ROLE_ADMIN] = "admin",
        [ROLE_AUDITOR] = "auditor",
    };
    for (int r = 0; r < ROLE_COUNT; r++) {
        assert_string_equal(role_name((enum role)r), want[r]);
        enum role back = ROLE_COUNT;
        assert_true(role_parse(role_name((enum role)r), &back));
        assert_int_equal(back, r);
    }
    assert_string_equal(role_name(ROLE_COUNT), "");
    assert_string_equal(role_name((enum role) - 1), "");

    static const char *const bad[] = {
        "",         "Case_Manager", "CASE_MANAGER", "case-manager", "case_manager ",
        " auditor", "system",       "klantmanager", "admi",         "admins"};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        enum role out = ROLE_MANAGER;
        if (role_parse(bad[i], &out))
            fail_msg("role_parse accepted \"%s\"", bad[i]);
        assert_int_equal(out, ROLE_MANAGER); /* untouched */
    }
    enum role out = ROLE_MANAGER;
    assert_false(role_parse(NULL, &out));
    assert_int_equal(out, ROLE_MANAGER);
}

static void test_other_names(void **state)
{
    (void)state;
    static const char *const kinds[ORG_KIND_COUNT] = {"municipal", "social_work_company",
                                                      "employer", "other"};
    for (int k = 0; k < ORG_KIND_COUNT; k++) {
        assert_string_equal(org_kind_name((enum org_kind)k), kinds[k]);
        enum org_kind back = ORG_KIND_COUNT;
        assert_true(org_kind_parse(kinds[k], &back));
        assert_int_equal(back, k);
    }
    enum org_kind kind = ORG_OTHER;
    assert_false(org_kind_parse("gemeente", &kind));
    assert_false(org_kind_parse("Municipal", &kind));
    assert_false(org_kind_parse(NULL, &kind));
    assert_string_equal(org_kind_name(ORG_KIND_COUNT), "");

    static const char *const vis[NOTE_VISIBILITY_COUNT] = {"professionals", "internal", "resident"};
    for (int v = 0; v < NOTE_VISIBILITY_COUNT; v++) {
        assert_string_equal(note_visibility_name((enum note_visibility)v), vis[v]);
        enum note_visibility back = NOTE_VISIBILITY_COUNT;
        assert_true(note_visibility_parse(vis[v], &back));
        assert_int_equal(back, v);
    }
    enum note_visibility v = NOTE_INTERNAL;
    assert_false(note_visibility_parse("public", &v));
    assert_false(note_visibility_parse("", &v));
    assert_int_equal(v, NOTE_INTERNAL);
    assert_string_equal(note_visibility_name(NOTE_VISIBILITY_COUNT), "");

    /* The action names are what the audit log stores: they must not drift. */
    static const char *const acts[ACT_COUNT] = {
        "resident.read", "resident.search", "resident.create", "resident.update",
        "case.read",     "case.create",     "case.transition", "note.read",
        "note.create",   "audit.read",      "case.update",     "benefit.read",
        "profile.read",  "referral.read",   "referral.create", "referral.decide",
        "referral.end",  "consent.read",    "consent.write",   "proposal.read",
        "proposal.write", "placement.read", "placement.write", "availability.write",
    };
    for (int a = 0; a < ACT_COUNT; a++)
        assert_string_equal(policy_action_name((enum policy_action)a), acts[a]);
    assert_string_equal(policy_action_name(ACT_COUNT), "");
    assert_string_equal(policy_action_name((enum policy_action) - 1), "");
}

/* ---- policy_serves_municipality ---- */

static void test_serves_municipality(void **state)
{
    (void)state;
    struct policy_actor a = km_0505;
    assert_true(policy_serves_municipality(&a, "GM0505"));
    assert_false(policy_serves_municipality(&a, "GM0590"));
    assert_false(policy_serves_municipality(&a, NULL));
    assert_false(policy_serves_municipality(&a, ""));
    assert_false(policy_serves_municipality(&a, "GM050"));   /* not a prefix match */
    assert_false(policy_serves_municipality(&a, "GM05050")); /* nor a longer code */
    assert_false(policy_serves_municipality(&a, "gm0505"));  /* codes are canonical */

    snprintf(a.municipalities[1], sizeof(a.municipalities[1]), "%s", "GM0590");
    a.nmunicipalities = 2;
    assert_true(policy_serves_municipality(&a, "GM0505"));
    assert_true(policy_serves_municipality(&a, "GM0590"));
    assert_false(policy_serves_municipality(&a, "GM0603"));

    /* Only the first nmunicipalities entries count. */
    snprintf(a.municipalities[2], sizeof(a.municipalities[2]), "%s", "GM0603");
    assert_false(policy_serves_municipality(&a, "GM0603"));
    a.nmunicipalities = 0;
    assert_false(policy_serves_municipality(&a, "GM0505"));

    /* A full list: the last slot counts, a count past the array is clamped. */
    struct policy_actor full = {.role = ROLE_CASE_MANAGER, .org_kind = ORG_MUNICIPAL};
    for (int i = 0; i < POLICY_MAX_MUNICIPALITIES; i++)
        snprintf(full.municipalities[i], sizeof(full.municipalities[i]), "GM%04d", 1000 + i);
    full.nmunicipalities = POLICY_MAX_MUNICIPALITIES;
    char last[8];
    snprintf(last, sizeof(last), "GM%04d", 1000 + POLICY_MAX_MUNICIPALITIES - 1);
    assert_true(policy_serves_municipality(&full, last));
    full.nmunicipalities = POLICY_MAX_MUNICIPALITIES + 100;
    assert_true(policy_serves_municipality(&full, "GM1000"));
    assert_false(policy_serves_municipality(&full, "GM0505"));

    /* And the decision follows it: the second municipality opens its files. */
    struct policy_actor two = km_0505;
    snprintf(two.municipalities[1], sizeof(two.municipalities[1]), "%s", "GM0590");
    two.nmunicipalities = 2;
    assert_true(policy_decide(&two, ACT_RESIDENT_READ, &in_0590).allowed);
    assert_false(policy_decide(&km_0505, ACT_RESIDENT_READ, &in_0590).allowed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_manager_own_municipality),
        cmocka_unit_test(test_case_manager_other_municipality),
        cmocka_unit_test(test_case_manager_non_municipal_organisation),
        cmocka_unit_test(test_case_manager_notes),
        cmocka_unit_test(test_case_manager_audit_log),
        cmocka_unit_test(test_resident),
        cmocka_unit_test(test_jobcoach_referral),
        cmocka_unit_test(test_consent),
        cmocka_unit_test(test_roles_without_file_access),
        cmocka_unit_test(test_auditor),
        cmocka_unit_test(test_system),
        cmocka_unit_test(test_no_actor_or_bad_action),
        cmocka_unit_test(test_role_names),
        cmocka_unit_test(test_other_names),
        cmocka_unit_test(test_employer_adviser),
        cmocka_unit_test(test_serves_municipality),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
