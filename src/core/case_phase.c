#include "case_phase.h"

#include <stddef.h>
#include <string.h>

#include "banned.h"

/* Indexed by the enums; the static asserts keep names and enums in step. */
static const char *const phase_names[] = {
    "aanmelding", "intake", "plan", "uitvoering", "nazorg", "afgesloten",
};
_Static_assert(sizeof(phase_names) / sizeof(phase_names[0]) == CASE_PHASE_COUNT,
               "one name per case phase");

static const char *const reason_names[] = {
    "werk", "opleiding", "verhuisd", "zorg", "overleden", "anders",
};
_Static_assert(sizeof(reason_names) / sizeof(reason_names[0]) == CLOSE_REASON_COUNT,
               "one name per close reason");

static const char *const route_names[] = {
    "", "werk", "ontwikkelen", "ondersteuning", "beschut",
};
_Static_assert(sizeof(route_names) / sizeof(route_names[0]) == CASE_ROUTE_COUNT,
               "one name per route");

/* Compares as unsigned so that negative values cast into the enum are caught
 * too. */
static bool in_range(int value, int count)
{
    return (unsigned)value < (unsigned)count;
}

static int name_index(const char *const *names, int count, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *case_phase_name(enum case_phase phase)
{
    return in_range((int)phase, CASE_PHASE_COUNT) ? phase_names[phase] : NULL;
}

bool case_phase_parse(const char *name, enum case_phase *out)
{
    int i = name_index(phase_names, CASE_PHASE_COUNT, name);
    if (i < 0)
        return false;
    *out = (enum case_phase)i;
    return true;
}

const char *close_reason_name(enum close_reason reason)
{
    return in_range((int)reason, CLOSE_REASON_COUNT) ? reason_names[reason] : NULL;
}

bool close_reason_parse(const char *name, enum close_reason *out)
{
    int i = name_index(reason_names, CLOSE_REASON_COUNT, name);
    if (i < 0)
        return false;
    *out = (enum close_reason)i;
    return true;
}

const char *case_route_name(enum case_route route)
{
    return in_range((int)route, CASE_ROUTE_COUNT) ? route_names[route] : NULL;
}

bool case_route_parse(const char *name, enum case_route *out)
{
    int i = name_index(route_names, CASE_ROUTE_COUNT, name);
    if (i < 0)
        return false;
    *out = (enum case_route)i;
    return true;
}

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
