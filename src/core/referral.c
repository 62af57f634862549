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

static int date_cmp(const struct date *a, const struct date *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    return a->day < b->day ? -1 : a->day > b->day;
}

bool consent_given_on_valid(const char *given_on, const struct date *today)
{
    struct date d;
    return date_parse(given_on, &d) && date_cmp(&d, today) <= 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (the
 * well-known civil-from-days arithmetic). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static struct date civil_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return (struct date){(int)(y + (m <= 2)), m, d};
}

struct date date_add_days(const struct date *d, int days)
{
    return civil_from_days(days_from_civil(d->year, d->month, d->day) + days);
}

static int month_days(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

void task_dates(const struct date *today, struct date *ending_by, struct date *ladder_since)
{
    *ending_by = date_add_days(today, TASK_ACTIVITY_WINDOW_DAYS);
    int months = today->year * 12 + (today->month - 1) - TASK_LADDER_MAX_MONTHS;
    struct date s = {months / 12, months % 12 + 1, today->day};
    if (s.day > month_days(s.year, s.month))
        s.day = month_days(s.year, s.month);
    *ladder_since = s;
}
