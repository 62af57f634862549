/* Proposals (voordrachten) of a resident for a workplace, the placements
 * they lead to with their follow-up checks, and a resident's availability
 * for matching: the pure rules. The door (src/store/door_proposal.c)
 * applies them. No I/O. */
#ifndef WR_PROPOSAL_H
#define WR_PROPOSAL_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "policy.h"
#include "rc.h"

/* voorgesteld -> gesprek -> proefplaatsing -> geplaatst; each open step
 * may also end in afgewezen (with a reason). A step may be skipped forward
 * (voorgesteld -> geplaatst when the employer hires at once). */
enum proposal_status {
    PROPOSAL_VOORGESTELD,
    PROPOSAL_GESPREK,
    PROPOSAL_PROEFPLAATSING,
    PROPOSAL_GEPLAATST,
    PROPOSAL_AFGEWEZEN,
    PROPOSAL_STATUS_COUNT
};

enum placement_contract {
    CONTRACT_BEPAALDE_TIJD,
    CONTRACT_ONBEPAALDE_TIJD,
    CONTRACT_DETACHERING,
    CONTRACT_WERKERVARINGSPLAATS,
    CONTRACT_BESCHUT,
    CONTRACT_COUNT
};

enum placement_subsidy {
    SUBSIDY_GEEN,
    SUBSIDY_LOONKOSTENSUBSIDIE,
    SUBSIDY_LOONDISPENSATIE,
    SUBSIDY_NO_RISKPOLIS,
    SUBSIDY_COUNT
};

#define PROPOSAL_REASON_MAX 1000  /* characters */
#define AVAILABILITY_MONTHS 3     /* a confirmation holds this long by default */
#define AVAILABILITY_MONTHS_MAX 12
#define PLACEMENT_WAGE_MAX_CENTS 20000 /* 200 euro per hour: above it is a typing error */

const char *proposal_status_name(enum proposal_status s);
bool proposal_status_parse(const char *name, enum proposal_status *out);
const char *placement_contract_name(enum placement_contract c);
bool placement_contract_parse(const char *name, enum placement_contract *out);
const char *placement_subsidy_name(enum placement_subsidy s);
bool placement_subsidy_parse(const char *name, enum placement_subsidy *out);

/* proposal_is_open: not yet placed or rejected. */
bool proposal_is_open(enum proposal_status s);

/* proposal_step_check tells whether `role` may move a proposal from `from`
 * to `to` with reason: RC_CONFLICT for a step the state machine does not
 * allow (backwards, out of an ended proposal, to the same status);
 * RC_FORBIDDEN for a step the role may not take (an employer gives
 * feedback, gesprek, proefplaatsing or afgewezen, but the placement itself
 * is recorded by the professional); RC_INVALID for afgewezen without a
 * reason or a reason on another step that is too long. */
enum rc proposal_step_check(enum role role, enum proposal_status from, enum proposal_status to,
                            const char *reason);

/* The placement as entered. */
struct placement_input {
    const char *starts_on;
    const char *contract;
    int hours_per_week;
    int64_t wage_cents; /* gross per hour */
    int loonwaarde_pct;
    const char *subsidy;
    const char *job_coach; /* name of the jobcoach, "" for none */
};

/* placement_field_problem returns the catalogue key of the first problem
 * with field `field` of in, or NULL; fields: starts_on, contract,
 * hours_per_week, wage_cents, loonwaarde_pct, subsidy, job_coach. The start
 * may lie at most a year back or ahead of today. */
const char *placement_field_problem(const struct placement_input *in, const char *field,
                                    const struct date *today);

/* placement_check_due sets *due to the day the check after `months` (6 or
 * 12) falls due for a placement that starts on start. */
bool placement_check_due(const struct date *start, int months, struct date *due);

/* availability_expiry sets *expires to the last day a confirmation on
 * confirmed holds for `months` (1..AVAILABILITY_MONTHS_MAX): confirmed on
 * 15 March for 3 months holds through 15 June. false for other months. */
bool availability_expiry(const struct date *confirmed, int months, struct date *expires);

#endif
