/* Raw SQL for referrals, consents and the task inbox. PRIVATE to the door
 * (door_referral.c, door_consent.c, door_tasks.c): these functions check
 * nothing and audit nothing. */
#ifndef WR_RECORDS_REFERRAL_H
#define WR_RECORDS_REFERRAL_H

#include "door_consent.h"
#include "door_referral.h"
#include "door_tasks.h"

enum rc records_referral_get(struct db *db, struct arena *a, int64_t id, struct referral *out);
/* Referrals of case_id, newest first; org 0 for all organisations. */
enum rc records_referral_list(struct db *db, struct arena *a, int64_t case_id, int64_t org,
                              struct referral **out, int *n);
/* Open referrals (pending and accepted) to org, oldest first, at most limit. */
enum rc records_referral_inbox(struct db *db, struct arena *a, int64_t org, int limit,
                               struct referral **out, int *n);
enum rc records_referral_insert(struct db *db, int64_t case_id, const struct referral_input *in,
                                int64_t user_id, const char *now, int64_t *id);
/* Moves referral id from `from` to `to`, recording who and when (and the
 * reason of a decline); RC_CONFLICT when it was no longer in `from`. */
enum rc records_referral_set_status(struct db *db, int64_t id, enum referral_status from,
                                    enum referral_status to, const char *reason, int64_t user_id,
                                    const char *now);
/* Whether case_id has an open referral of activity_key (0: the whole case) to org. */
enum rc records_referral_open_exists(struct db *db, int64_t case_id, int64_t activity_key,
                                     int64_t org, bool *exists);
/* The activities of case_id's current plan (the highest version). */
enum rc records_plan_activities(struct db *db, struct arena *a, int64_t case_id,
                                struct plan_activity_ref **out, int *n);
enum rc records_organisation_serves(struct db *db, int64_t org, const char *municipality,
                                    bool *serves);

enum rc records_consent_list(struct db *db, struct arena *a, int64_t resident_id,
                             struct consent **out, int *n);
enum rc records_consent_get(struct db *db, struct arena *a, int64_t id, struct consent *out);
enum rc records_consent_insert(struct db *db, int64_t resident_id, enum consent_scope scope,
                               int64_t org, const char *given_on, enum consent_how how,
                               int64_t user_id, const char *now, int64_t *id);
/* RC_CONFLICT when the consent was already revoked. */
enum rc records_consent_revoke(struct db *db, int64_t id, int64_t user_id, const char *now);

/* One row of the task inbox with what the policy needs about its file. */
struct task_row {
    struct task task;
    const char *municipality;
};
/* Tasks from case_manager_id's open cases in municipalities (",GM0505,"):
 * counts per kind into count, and up to limit rows of each kind. */
enum rc records_tasks_case_manager(struct db *db, struct arena *a, int64_t case_manager_id,
                                   const char *municipalities, const char *ending_by,
                                   const char *ladder_since, int limit, int64_t *count,
                                   struct task_row **out, int *n);
/* Tasks of partner organisation org: its pending referrals, and the ending
 * activities of its accepted referrals. */
enum rc records_tasks_adviser(struct db *db, struct arena *a, const char *municipalities,
                              const char *ending_by, int limit, int64_t *count,
                              struct task_row **out, int *n);
enum rc records_tasks_partner(struct db *db, struct arena *a, int64_t org, const char *ending_by,
                              int limit, int64_t *count, struct task_row **out, int *n);

#endif
