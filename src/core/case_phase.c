#include "case_phase.h"

#include <stddef.h>
#include <string.h>

#include "names.h"
#include "banned.h"

/* Indexed by the enums; NAMES_FUNCTIONS checks there is one name per value. */
static const char *const phase_names[] = {
    "aanmelding", "intake", "plan", "uitvoering", "nazorg", "afgesloten",
};

static const char *const reason_names[] = {
    "werk", "opleiding", "verhuisd", "zorg", "overleden", "anders",
};

static const char *const route_names[] = {
    "", "werk", "ontwikkelen", "ondersteuning", "beschut",
};

/* Compares as unsigned so that negative values cast into the enum are caught
 * too. */
static bool in_range(int value, int count)
{
    return (unsigned)value < (unsigned)count;
}

NAMES_FUNCTIONS(case_phase, case_phase_name, case_phase_parse, phase_names, CASE_PHASE_COUNT, NULL)
NAMES_FUNCTIONS(close_reason, close_reason_name, close_reason_parse, reason_names,
                CLOSE_REASON_COUNT, NULL)
NAMES_FUNCTIONS(case_route, case_route_name, case_route_parse, route_names, CASE_ROUTE_COUNT, NULL)

bool case_transition_allowed(enum case_phase from, enum case_phase to)
{
    if (!in_range((int)from, CASE_PHASE_COUNT) || !in_range((int)to, CASE_PHASE_COUNT))
        return false;
    if (from == CASE_AFGESLOTEN)
        return false;
    if (to == CASE_AFGESLOTEN)
        return true;
    if ((int)to == (int)from + 1)
        return true;
    /* The only two ways back: a revised plan, or a placement that ended. */
    return (from == CASE_UITVOERING && to == CASE_PLAN) ||
           (from == CASE_NAZORG && to == CASE_UITVOERING);
}

enum rc case_transition_check(enum case_phase from, enum case_phase to, const char *close_reason)
{
    if (!in_range((int)from, CASE_PHASE_COUNT) || !in_range((int)to, CASE_PHASE_COUNT))
        return RC_INVALID;
    if (!case_transition_allowed(from, to))
        return RC_CONFLICT;
    /* Forms send an empty field for "no reason". */
    bool has_reason = close_reason && close_reason[0] != '\0';
    if (to != CASE_AFGESLOTEN)
        return has_reason ? RC_INVALID : RC_OK;
    enum close_reason reason;
    if (!has_reason || !close_reason_parse(close_reason, &reason))
        return RC_INVALID;
    return RC_OK;
}

void case_phase_next(enum case_phase from, enum case_phase out[CASE_PHASE_COUNT], int *n)
{
    *n = 0;
    if (!in_range((int)from, CASE_PHASE_COUNT))
        return;
    /* Order for the user: go on, go back, stop. */
    if ((int)from + 1 < CASE_PHASE_COUNT &&
        case_transition_allowed(from, (enum case_phase)(from + 1)))
        out[(*n)++] = (enum case_phase)(from + 1);
    for (int p = (int)from - 1; p >= 0; p--)
        if (case_transition_allowed(from, (enum case_phase)p))
            out[(*n)++] = (enum case_phase)p;
    if ((int)from + 1 != (int)CASE_AFGESLOTEN && case_transition_allowed(from, CASE_AFGESLOTEN))
        out[(*n)++] = CASE_AFGESLOTEN;
}
