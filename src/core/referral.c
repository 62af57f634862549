#include "referral.h"

#include <string.h>

#include "fold.h"
#include "names.h"
#include "banned.h"

static const char *const status_names[REFERRAL_STATUS_COUNT] = {"aangevraagd", "geaccepteerd",
                                                                "afgewezen", "beeindigd"};
static const char *const purpose_names[PURPOSE_COUNT] = {
    "diagnose",     "werkfit", "jobcoaching", "begeleiding_werkplek", "werkervaringsplaats",
    "beschut_werk",
};
static const char *const scope_names[CONSENT_SCOPE_COUNT] = {"profiel_werkgevers",
                                                             "dossier_organisatie"};
static const char *const how_names[CONSENT_HOW_COUNT] = {"handtekening", "mondeling", "digitaal"};
static const char *const task_names[TASK_KIND_COUNT] = {
    "plan_agreement", "activity_ending", "ladder_due", "referral_declined", "referral_new",
};

NAMES_FUNCTIONS(referral_status, referral_status_name, referral_status_parse, status_names,
                REFERRAL_STATUS_COUNT, "")
NAMES_FUNCTIONS(referral_purpose, referral_purpose_name, referral_purpose_parse, purpose_names,
                PURPOSE_COUNT, "")
NAMES_FUNCTIONS(consent_scope, consent_scope_name, consent_scope_parse, scope_names,
                CONSENT_SCOPE_COUNT, "")
NAMES_FUNCTIONS(consent_how, consent_how_name, consent_how_parse, how_names, CONSENT_HOW_COUNT, "")
NAMES_FUNCTIONS(task_kind, task_kind_name, task_kind_parse, task_names, TASK_KIND_COUNT, "")

enum rc referral_next(enum referral_status from, enum referral_event event,
                      enum referral_status *to)
{
    switch (event) {
    case REFERRAL_ACCEPT:
    case REFERRAL_DECLINE:
        if (from != REFERRAL_AANGEVRAAGD)
            return RC_CONFLICT;
        *to = event == REFERRAL_ACCEPT ? REFERRAL_GEACCEPTEERD : REFERRAL_AFGEWEZEN;
        return RC_OK;
    case REFERRAL_END:
        /* The municipality may also withdraw a referral not yet answered. */
        if (!referral_is_open(from))
            return RC_CONFLICT;
        *to = REFERRAL_BEEINDIGD;
        return RC_OK;
    }
    return RC_CONFLICT;
}

bool referral_is_open(enum referral_status s)
{
    return s == REFERRAL_AANGEVRAAGD || s == REFERRAL_GEACCEPTEERD;
}

bool referral_target_allowed(enum org_kind kind)
{
    return kind == ORG_SOCIAL_WORK_COMPANY || kind == ORG_OTHER;
}

/* Counts code points; s is valid UTF-8 (checked before). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

bool referral_legal_basis_valid(const char *s)
{
    return s && text_clean(s, REFERRAL_LEGAL_BASIS_MAX) && !blank(s) &&
           chars(s) >= REFERRAL_LEGAL_BASIS_MIN;
}

bool referral_reason_valid(const char *s)
{
    return s && text_clean_multiline(s, REFERRAL_REASON_MAX) && !blank(s);
}

const char *consent_check_organisation(enum consent_scope scope, bool has_org, enum org_kind kind)
{
    if (scope == CONSENT_FILE_ORGANISATION) {
        if (!has_org)
            return "consent.error_organisation_required";
        return kind == ORG_MUNICIPAL ? "consent.error_organisation_municipal" : NULL;
    }
    if (has_org && kind != ORG_EMPLOYER)
        return "consent.error_organisation_employer";
    return NULL;
}

bool consent_given_on_valid(const char *given_on, const struct date *today)
{
    struct date d;
    return date_parse(given_on, &d) && date_cmp(&d, today) <= 0;
}

void task_dates(const struct date *today, struct date *ending_by, struct date *ladder_since)
{
    *ending_by = date_add_days(today, TASK_ACTIVITY_WINDOW_DAYS);
    *ladder_since = *today;
    date_add_months(ladder_since, -TASK_LADDER_MAX_MONTHS);
}
