/* Matching through the one door: the residents who fit a workplace and the
 * workplaces that fit a resident, best first, each with its score and the
 * explanation (core/match.h). The index is kept in memory per store: built
 * from the store on first use (the server builds it at start-up) and kept
 * current by the door's writes (an intake, a case's phase or route, an
 * availability, a resident's postcode, a workplace). Who is in it: a
 * resident with an active case (intake, plan or uitvoering) on route werk,
 * ontwikkelen or beschut, an intake with hours, and an availability
 * confirmed and not expired; every open workplace. An expired availability
 * drops out on the first query of the next day.
 *
 * Reading the matches of a workplace shows residents: each one shown is a
 * profile read (ACT_PROFILE_READ) and audited; residents the actor may not
 * see are left out. Errors: RC_NOT_FOUND for a workplace, case or resident
 * that does not exist or the actor may not see; RC_BUSY, RC_STORE. */
#ifndef WR_DOOR_MATCH_H
#define WR_DOOR_MATCH_H

#include "door.h"
#include "esco.h"
#include "match.h"

#define DOOR_MATCH_LIMIT_MAX 100

/* The explanation with labels: ESCO concepts instead of ids. */
struct match_why {
    enum match_filter filter;
    float score;
    float distance_km;
    float hours_fit;
    bool wish;
    struct esco_concept *essential_matched, *essential_missing, *optional_matched;
    int nessential_matched, nessential_missing, noptional_matched;
};

/* One resident for a workplace. */
struct match_candidate {
    int64_t case_id;
    int64_t resident_id;
    const char *resident_name;
    const char *municipality;      /* CBS code */
    const char *municipality_name; /* "Dordrecht" */
    const char *pc4_place;         /* "3311" */
    int hours_per_week;
    const char *available_until;
    bool consent_profile;          /* shares their profile with employers */
    const char *proposal_status;   /* of an open proposal for this workplace, "" when none */
    int64_t proposal_id;
    struct match_why why;
};

/* One workplace for a resident. */
struct match_offer {
    int64_t vacancy_id;
    const char *title;
    const char *employer_name;
    const char *kind;
    int hours_per_week;
    const char *postcode;
    const char *proposal_status;
    int64_t proposal_id;
    struct match_why why;
};

/* How many are in the index now, and since when. */
struct match_stats {
    int64_t residents, workplaces;
    double build_seconds;
    const char *built_at;
};

/* door_match_build builds the index now when it is not built (the server
 * at start-up); door_match_rebuild always builds it afresh. */
enum rc door_match_build(struct door *d, struct match_stats *stats);
enum rc door_match_rebuild(struct door *d, struct match_stats *stats);

enum rc door_match_residents(struct door *d, int64_t vacancy_id, int limit,
                             struct match_candidate **out, int *n);
/* For resident_id's active case (the newest one in the index). excluded
 * (may be NULL) receives, up to limit, the open workplaces that share a
 * skill or the wish but are left out by a hard filter (too far, a driving
 * licence, the Dutch level, no hours), most essential skills held first:
 * why there is no match, explained. One profile read, one audit record. */
enum rc door_match_workplaces(struct door *d, int64_t resident_id, int limit,
                              struct match_offer **out, int *n, struct match_offer **excluded,
                              int *nexcluded);
/* door_match_explain_pair explains one pair, also a filtered one. */
enum rc door_match_explain_pair(struct door *d, int64_t case_id, int64_t vacancy_id,
                                struct match_why *out);

/* Kept current by the door and network.c after their commits (no-ops while
 * the index is not built). */
void door_match_case_changed(struct door *d, int64_t case_id);
void door_match_resident_changed(struct door *d, int64_t resident_id);
void door_match_vacancy_changed(struct door *d, int64_t vacancy_id);

/* door_match_index_equal_rebuild tells whether the live index equals one
 * built afresh from the store (tests). */
enum rc door_match_index_equal_rebuild(struct door *d, bool *equal);

/* The batch of `werkroute match`: for every resident in the index, the top
 * `per_resident` workplaces, written by `row` (case id, resident id,
 * vacancy id, rank, score, distance). An audit record (profile.read,
 * reason matching_batch) notes the run. */
typedef void match_batch_row(void *arg, int64_t case_id, int64_t resident_id,
                             int64_t vacancy_id, int rank, float score, float distance_km);
enum rc door_match_batch(struct door *d, int per_resident, match_batch_row *row, void *arg,
                         int64_t *residents, int64_t *rows);

#endif
