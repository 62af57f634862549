/* The one door to the plan van aanpak of a case: its goals and activities
 * (each a service from the catalogue), kept in versions, and the resident's
 * agreement with a version. Reading asks ACT_CASE_READ (the klantmanager of
 * the municipality, a jobcoach through an accepted referral, the resident
 * themselves); writing asks ACT_CASE_UPDATE (the klantmanager). Every read
 * and write is audited, and a refusal answers RC_NOT_FOUND as for a case
 * that does not exist. See src/core/plan.h for the rules. */
#ifndef WR_DOOR_PLAN_H
#define WR_DOOR_PLAN_H

#include "door.h"
#include "plan.h"

/* door_plan_get reads the current version of case_id's plan: goals by
 * position, activities by key with their service, provider, kind, unit
 * and cost; out->version 0 with no goals or activities when the case has
 * no plan yet. c (may be NULL) receives the case (resident name,
 * municipality): what a page or a printed plan shows beside it. All of it
 * lives in the door's arena. */
enum rc door_plan_get(struct door *d, int64_t case_id, struct plan *out, struct case_file *c);

/* One version in the history of a plan, newest first. */
struct plan_version {
    int version;
    const char *created_at;
    const char *created_by;
    bool agreed;
    const char *agreed_on; /* "" while not agreed */
    enum agreement_how agreed_how;
    int ngoals;
    int nactivities;
    int64_t total_cost_cents;
};

enum rc door_plan_versions(struct door *d, int64_t case_id, struct plan_version **out, int *n);

/* Why the budget rule refused an activity (door_plan_put's RC_CONFLICT). */
struct plan_refusal {
    enum budget_verdict verdict; /* BUDGET_OVER_BUDGET or BUDGET_NO_PLACES */
    int activity;                /* index into the plan that was sent */
    int64_t service_id;
    const char *service_name;
    const char *municipality_name;
    int64_t cost_cents;      /* what the order would add */
    int64_t remaining_cents; /* budget left this year (may be below 0) */
    int64_t places;          /* places the municipality buys */
};

/* door_plan_put stores in as a new version of case_id's plan, all goals
 * and activities in one transaction with its audit record. in is checked
 * (plan_check) and completed: goal positions, and a key for each new
 * activity (key 0), one above the highest the case ever used; a key
 * names an activity of the current version. An activity that has not
 * started may be left out; one that has may not (stop it instead).
 *
 * The budget rule (budget_decide) is asked, on the terms of the resident's
 * municipality, for every new activity and every activity with more units
 * than before; the cost is then fixed for the activity. The new version
 * awaits the resident's agreement, whatever the previous one had.
 *
 * Returns RC_OK with out (may be NULL) the stored version; RC_INVALID
 * with errs (a service that does not exist or that the municipality does
 * not buy or the actor may not order is a problem of its service_id);
 * RC_CONFLICT with refusal when the budget or the places do not allow an
 * order (nothing is written), or with errs (part "", field "case") when
 * the case is closed; RC_NOT_FOUND when the actor may not change the case. */
enum rc door_plan_put(struct door *d, int64_t case_id, struct plan *in, struct plan *out,
                      struct plan_errors *errs, struct plan_refusal *refusal);

/* door_plan_agree records the resident's agreement with the current
 * version: agreed_on ("YYYY-MM-DD", not in the future and not before the
 * version was made) and how. RC_INVALID with errs (fields "agreed_on",
 * "how"); RC_CONFLICT with errs (field "version") when there is no plan or
 * the current version is already agreed; RC_NOT_FOUND as for put. */
enum rc door_plan_agree(struct door *d, int64_t case_id, const char *agreed_on,
                        enum agreement_how how, struct plan_errors *errs, struct plan *out);

#endif
