/* The task inbox of a professional through the one door. A klantmanager's
 * tasks come from their open cases: plans awaiting the resident's
 * agreement, activities ending within 14 days, a participatieladder missing
 * or measured over 6 months ago (phase intake or later), referrals a
 * partner declined, availability for matching to (re)confirm. An employer
 * adviser's: availabilities that expire within 14 days or have expired,
 * and placement checks due within 14 days or overdue. A jobcoach's: new referrals to answer and the ending
 * activities of their accepted referrals. Every file listed is audited
 * like the caseload. */
#ifndef WR_DOOR_TASKS_H
#define WR_DOOR_TASKS_H

#include "door.h"
#include "referral.h"

struct task {
    enum task_kind kind;
    int64_t case_id;
    int64_t resident_id;
    int64_t referral_id;  /* for the referral kinds */
    int64_t placement_id; /* for TASK_PLACEMENT_CHECK */
    const char *resident_name;
    const char *date;   /* due, ends on, measured on ("" when never), declined or sent on */
    const char *detail; /* the activity's service, the organisation or the purpose */
};

struct task_list {
    int64_t count[TASK_KIND_COUNT];
    struct task *items; /* by kind, then date; at most limit per kind */
    int n;
};

/* door_tasks counts the actor's tasks per kind and, with limit > 0, lists
 * up to limit of each kind (each listed file audited), so a long list of
 * one kind never hides the others. Counting alone shows no
 * file and writes no audit record. Roles without tasks get zeros. */
enum rc door_tasks(struct door *d, int limit, struct task_list *out);

#endif
