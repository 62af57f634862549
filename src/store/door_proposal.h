/* Proposals (voordrachten), placements and availability through the one
 * door. An employer adviser (or klantmanager) proposes a case for a
 * workplace; the proposal moves voorgesteld -> gesprek -> proefplaatsing ->
 * geplaatst | afgewezen (core/proposal.h), each step audited. The employer
 * sees the proposals for its own workplaces: anonymous (a candidate number,
 * the matching skills, hours, distance) until both the resident consents to
 * share their profile with employers and the professional switches the
 * proposal's profile on; then also who it is. A placement records the work
 * a proposal led to and puts the follow-up checks at 6 and 12 months in the
 * adviser's task list. A case's availability is confirmed with a date and
 * holds AVAILABILITY_MONTHS; it feeds the matching index.
 *
 * Errors: RC_NOT_FOUND for what does not exist or the actor may not see
 * (audited as refused); RC_FORBIDDEN for a step the actor may see but not
 * take; RC_INVALID with field problems in errs; RC_CONFLICT for a step the
 * state machine does not allow, a second open proposal of the same case for
 * the same workplace, a closed workplace, a case not in matching; RC_BUSY,
 * RC_STORE. */
#ifndef WR_DOOR_PROPOSAL_H
#define WR_DOOR_PROPOSAL_H

#include "door.h"
#include "door_match.h"
#include "door_referral.h"
#include "proposal.h"

struct proposal_step {
    const char *from_status;
    const char *to_status;
    const char *reason;
    const char *by;
    const char *at;
};

struct proposal {
    int64_t id;
    int64_t vacancy_id;
    const char *vacancy_title;
    int64_t employer_id;
    const char *employer_name;
    int64_t case_id;
    int64_t resident_id;    /* 0 when the actor sees the candidate anonymously */
    const char *candidate;  /* the resident's name, or "Kandidaat <id>" when anonymous */
    bool anonymous;
    bool profile_shared;    /* the professional's switch */
    bool consent_profile;   /* the resident's consent (only told to professionals) */
    enum proposal_status status;
    const char *reject_reason;
    int score;              /* when proposed, 0..100 */
    const char *created_by;
    const char *created_at;
    const char *updated_at;
    int64_t placement_id;   /* 0 when none */
    struct proposal_step *steps;
    int nsteps;
    struct match_why why;   /* now; filter MATCH_FILTER_COUNT when not in the index */
};

struct placement_check {
    int months;
    const char *due_on;
    const char *checked_on; /* "" until checked */
    int lasted;             /* -1 until checked, else 0 or 1 */
    const char *note;
    const char *by;
};

struct placement {
    int64_t id;
    int64_t proposal_id;
    int64_t vacancy_id;
    const char *vacancy_title;
    int64_t employer_id;
    const char *employer_name;
    int64_t case_id;
    int64_t resident_id;   /* 0 when anonymous to the actor */
    const char *candidate;
    const char *starts_on;
    enum placement_contract contract;
    int hours_per_week;
    int64_t wage_cents;
    int loonwaarde_pct;
    enum placement_subsidy subsidy;
    const char *job_coach;
    const char *created_by;
    const char *created_at;
    struct placement_check checks[2]; /* 6 and 12 months */
};

/* door_proposal_create proposes case_id for vacancy_id (ACT_PROPOSAL_WRITE
 * on the case); share switches the profile on. */
enum rc door_proposal_create(struct door *d, int64_t vacancy_id, int64_t case_id, bool share,
                             struct proposal *out);
enum rc door_proposal_get(struct door *d, int64_t id, struct proposal *out);
/* Lists: vacancy_id or case_id (one of them, or both 0 for all the actor
 * sees: an employer its own, a professional those of their
 * municipalities, a resident their own), newest first, at most limit. */
enum rc door_proposal_list(struct door *d, int64_t vacancy_id, int64_t case_id, int limit,
                           struct proposal **out, int *n);
/* door_proposal_step moves it to `to` ("gesprek", ...) with reason. */
enum rc door_proposal_step(struct door *d, int64_t id, const char *to, const char *reason,
                           struct proposal *out);
/* door_proposal_share switches the profile on or off (professionals). */
enum rc door_proposal_share(struct door *d, int64_t id, bool share, struct proposal *out);

/* door_placement_create records the placement of proposal_id, which moves
 * to geplaatst if it is not yet (ACT_PLACEMENT_WRITE), and the case to
 * nazorg when it is in uitvoering. */
enum rc door_placement_create(struct door *d, int64_t proposal_id,
                              const struct placement_input *in, struct placement *out,
                              struct door_field_errors *errs);
enum rc door_placement_get(struct door *d, int64_t id, struct placement *out);
enum rc door_placement_list(struct door *d, int limit, struct placement **out, int *n);
/* door_placement_check records the check after months (6 or 12): whether
 * the work lasted, with a note. */
enum rc door_placement_check(struct door *d, int64_t id, int months, bool lasted,
                             const char *note, struct placement *out);

struct availability {
    const char *confirmed_on; /* "" when never */
    const char *expires_on;
    const char *by;
    bool expired;
};
enum rc door_availability_get(struct door *d, int64_t case_id, struct availability *out);
/* door_availability_confirm: available from confirmed_on ("" today) for
 * months (0: AVAILABILITY_MONTHS). */
enum rc door_availability_confirm(struct door *d, int64_t case_id, const char *confirmed_on,
                                  int months, struct availability *out);

#endif
