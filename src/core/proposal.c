#include "proposal.h"

#include <stddef.h>
#include <string.h>

#include "fold.h"
#include "names.h"
#include "banned.h"

static const char *const status_names[PROPOSAL_STATUS_COUNT] = {
    "voorgesteld", "gesprek", "proefplaatsing", "geplaatst", "afgewezen"};
static const char *const contract_names[CONTRACT_COUNT] = {
    "bepaalde_tijd", "onbepaalde_tijd", "detachering", "werkervaringsplaats", "beschut"};
static const char *const subsidy_names[SUBSIDY_COUNT] = {"geen", "loonkostensubsidie",
                                                         "loondispensatie", "no_riskpolis"};

NAMES_FUNCTIONS(proposal_status, proposal_status_name, proposal_status_parse, status_names,
                PROPOSAL_STATUS_COUNT, "")
NAMES_FUNCTIONS(placement_contract, placement_contract_name, placement_contract_parse,
                contract_names, CONTRACT_COUNT, "")
NAMES_FUNCTIONS(placement_subsidy, placement_subsidy_name, placement_subsidy_parse,
                subsidy_names, SUBSIDY_COUNT, "")

bool proposal_is_open(enum proposal_status s)
{
    return s == PROPOSAL_VOORGESTELD || s == PROPOSAL_GESPREK || s == PROPOSAL_PROEFPLAATSING;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

enum rc proposal_step_check(enum role role, enum proposal_status from, enum proposal_status to,
                            const char *reason)
{
    if ((unsigned)from >= PROPOSAL_STATUS_COUNT || (unsigned)to >= PROPOSAL_STATUS_COUNT)
        return RC_INVALID;
    if (!proposal_is_open(from) || to == PROPOSAL_VOORGESTELD)
        return RC_CONFLICT;
    /* Forward only: afgewezen ends any open step. */
    if (to != PROPOSAL_AFGEWEZEN && to <= from)
        return RC_CONFLICT;
    if (role == ROLE_EMPLOYER && to == PROPOSAL_GEPLAATST)
        return RC_FORBIDDEN;
    if (role != ROLE_EMPLOYER && role != ROLE_EMPLOYER_ADVISER && role != ROLE_CASE_MANAGER)
        return RC_FORBIDDEN;
    if (!reason)
        reason = "";
    if (!text_clean_multiline(reason, PROPOSAL_REASON_MAX))
        return RC_INVALID;
    if (to == PROPOSAL_AFGEWEZEN && blank(reason))
        return RC_INVALID;
    return RC_OK;
}

static bool date_within_year(const char *s, const struct date *today)
{
    struct date d, lo = *today, hi = *today;
    if (!date_parse(s, &d) || !date_add_months(&lo, -12) || !date_add_months(&hi, 12))
        return false;
    return date_days_between(&lo, &d) >= 0 && date_days_between(&d, &hi) >= 0;
}

const char *placement_field_problem(const struct placement_input *in, const char *field,
                                    const struct date *today)
{
    enum placement_contract c;
    enum placement_subsidy sub;
    if (!strcmp(field, "starts_on"))
        return in->starts_on && date_within_year(in->starts_on, today)
                   ? NULL
                   : "placement.error_starts_on";
    if (!strcmp(field, "contract"))
        return placement_contract_parse(in->contract, &c) ? NULL : "placement.error_contract";
    if (!strcmp(field, "hours_per_week"))
        return in->hours_per_week >= 1 && in->hours_per_week <= 60 ? NULL
                                                                   : "placement.error_hours";
    if (!strcmp(field, "wage_cents"))
        return in->wage_cents >= 0 && in->wage_cents <= PLACEMENT_WAGE_MAX_CENTS
                   ? NULL
                   : "placement.error_wage";
    if (!strcmp(field, "loonwaarde_pct"))
        return in->loonwaarde_pct >= 0 && in->loonwaarde_pct <= 100 ? NULL
                                                                    : "placement.error_loonwaarde";
    if (!strcmp(field, "subsidy"))
        return placement_subsidy_parse(in->subsidy, &sub) ? NULL : "placement.error_subsidy";
    if (!strcmp(field, "job_coach"))
        return !in->job_coach || text_clean(in->job_coach, 200) ? NULL
                                                                 : "placement.error_job_coach";
    return NULL;
}

bool placement_check_due(const struct date *start, int months, struct date *due)
{
    if (months != 6 && months != 12)
        return false;
    struct date d = *start;
    if (!date_add_months(&d, months))
        return false;
    *due = d;
    return true;
}

bool availability_expiry(const struct date *confirmed, int months, struct date *expires)
{
    if (months < 1 || months > AVAILABILITY_MONTHS_MAX)
        return false;
    struct date d = *confirmed;
    if (!date_add_months(&d, months))
        return false;
    *expires = d;
    return true;
}
