/* Referrals (verwijzingen) of a case, or one activity of its plan, to a
 * partner organisation, and the resident's consents: the pure rules. The
 * door (src/store/door_referral.c, door_consent.c) applies them; the policy
 * (policy.h) decides who sees what through them. No I/O. */
#ifndef WR_REFERRAL_H
#define WR_REFERRAL_H

#include <stdbool.h>

#include "date.h"
#include "policy.h"
#include "rc.h"

/* aangevraagd -> geaccepteerd | afgewezen; aangevraagd | geaccepteerd ->
 * beeindigd. Only geaccepteerd gives the partner access. */
enum referral_status {
    REFERRAL_AANGEVRAAGD,
    REFERRAL_GEACCEPTEERD,
    REFERRAL_AFGEWEZEN,
    REFERRAL_BEEINDIGD,
    REFERRAL_STATUS_COUNT
};

enum referral_event { REFERRAL_ACCEPT, REFERRAL_DECLINE, REFERRAL_END };

/* What the partner is asked to do; the catalogue has the Dutch labels
 * (purpose.<name>). */
enum referral_purpose {
    PURPOSE_DIAGNOSE,
    PURPOSE_WERKFIT,
    PURPOSE_JOBCOACHING,
    PURPOSE_BEGELEIDING_WERKPLEK,
    PURPOSE_WERKERVARINGSPLAATS,
    PURPOSE_BESCHUT_WERK,
    PURPOSE_COUNT
};

#define REFERRAL_LEGAL_BASIS_MIN 3   /* characters */
#define REFERRAL_LEGAL_BASIS_MAX 200 /* characters */
#define REFERRAL_REASON_MAX 1000     /* characters */

const char *referral_status_name(enum referral_status s);
bool referral_status_parse(const char *name, enum referral_status *out);
const char *referral_purpose_name(enum referral_purpose p);
bool referral_purpose_parse(const char *name, enum referral_purpose *out);

/* referral_next gives the status after event from `from`; RC_CONFLICT when
 * the referral is past that (accepting twice, ending a declined one). */
enum rc referral_next(enum referral_status from, enum referral_event event,
                      enum referral_status *to);

/* referral_is_open: still awaiting an answer or accepted and not ended; a
 * case has at most one open referral per organisation and activity. */
bool referral_is_open(enum referral_status s);

/* referral_target_allowed: a case goes to a partner (a social work company
 * or another provider), never to a municipal service or an employer. */
bool referral_target_allowed(enum org_kind kind);

/* The legal basis ("Participatiewet art. 7 en 10") is required single-line
 * text of REFERRAL_LEGAL_BASIS_MIN..MAX characters, not blank. */
bool referral_legal_basis_valid(const char *s);
/* A decline reason is required free text of at most REFERRAL_REASON_MAX. */
bool referral_reason_valid(const char *s);

/* ---- consents ---- */

enum consent_scope { CONSENT_PROFILE_EMPLOYERS, CONSENT_FILE_ORGANISATION, CONSENT_SCOPE_COUNT };
enum consent_how { CONSENT_HANDTEKENING, CONSENT_MONDELING, CONSENT_DIGITAAL, CONSENT_HOW_COUNT };

const char *consent_scope_name(enum consent_scope s);
bool consent_scope_parse(const char *name, enum consent_scope *out);
const char *consent_how_name(enum consent_how h);
bool consent_how_parse(const char *name, enum consent_how *out);

/* consent_check_organisation: a file is shared with one named partner (not
 * a municipal service: they work on the legal basis); a profile with every
 * employer of the network (has_org false) or one employer. Returns the
 * catalogue key of the problem, or NULL when fine. */
const char *consent_check_organisation(enum consent_scope scope, bool has_org, enum org_kind kind);

/* consent_given_on_valid: a real date, not after today. */
bool consent_given_on_valid(const char *given_on, const struct date *today);

/* ---- the task inbox ---- */

enum task_kind {
    TASK_PLAN_AGREEMENT,    /* the current plan awaits the resident's agreement */
    TASK_ACTIVITY_ENDING,   /* a planned or running activity ends within the window */
    TASK_LADDER_DUE,        /* the participatieladder is missing or too old */
    TASK_REFERRAL_DECLINED, /* a partner declined: follow up */
    TASK_REFERRAL_NEW,      /* a referral awaits the partner's answer */
    TASK_AVAILABILITY,      /* availability for matching expires (or expired, or was never confirmed) */
    TASK_PLACEMENT_CHECK,   /* the 6- or 12-month check of a placement is due */
    TASK_KIND_COUNT
};

#define TASK_ACTIVITY_WINDOW_DAYS 14
#define TASK_LADDER_MAX_MONTHS 6

const char *task_kind_name(enum task_kind k);
bool task_kind_parse(const char *name, enum task_kind *out);

/* task_dates gives, for today, the last end date that counts as "ending
 * soon" (today + 14 days) and the first measurement date that is still
 * recent enough (today - 6 months, clamped to the month's last day). */
void task_dates(const struct date *today, struct date *ending_by, struct date *ladder_since);

#endif
