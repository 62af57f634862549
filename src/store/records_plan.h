/* Raw SQL for the plan van aanpak (plans, plan_goals, plan_activities) and
 * what the budget rule reads. PRIVATE to the door (door_plan.c): these
 * functions check nothing and audit nothing. */
#ifndef WR_RECORDS_PLAN_H
#define WR_RECORDS_PLAN_H

#include "door_plan.h"

/* records_plan_current reads the highest version of case_id's plan with
 * its goals and activities; version 0 (and *plan_id 0) when there is none. */
enum rc records_plan_current(struct db *db, struct arena *a, int64_t case_id, struct plan *out,
                             int64_t *plan_id);
enum rc records_plan_versions(struct db *db, struct arena *a, int64_t case_id,
                              struct plan_version **out, int *n);
/* The highest activity key ever used in case_id's plans (0 for none). */
enum rc records_plan_max_key(struct db *db, int64_t case_id, int64_t *max);
enum rc records_plan_insert(struct db *db, const struct plan *p, int64_t user_id, const char *now,
                            int64_t *plan_id);
enum rc records_plan_agree(struct db *db, int64_t plan_id, const char *agreed_on,
                           enum agreement_how how);

/* What ordering service_id for municipality needs: the service's name and
 * whether it is active, the municipality's name, and its terms
 * (*has_terms false when it does not buy the service). RC_NOT_FOUND for
 * an unknown service. */
struct records_order_service {
    const char *name;
    bool active;
    const char *municipality_name;
    bool has_terms;
    struct service_terms terms;
};
enum rc records_plan_order_service(struct db *db, struct arena *a, int64_t service_id,
                                   const char *municipality, struct records_order_service *out);
/* Takes the write lock on the terms row, so two orders against the same
 * budget cannot both pass (PostgreSQL: the second fails with RC_BUSY and
 * is run again). */
enum rc records_plan_lock_terms(struct db *db, int64_t service_id, const char *municipality);
/* What the current plans of municipality's other cases (all but
 * except_case) commit to service_id in year ("2026"), and how many of
 * their activities hold a place (gepland, lopend). */
enum rc records_plan_committed(struct db *db, int64_t service_id, const char *municipality,
                               const char *year, int64_t except_case, int64_t *committed_cents,
                               int64_t *places_used);

#endif
