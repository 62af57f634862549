#include "door_tasks.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "door_internal.h"
#include "records_referral.h"
#include "banned.h"

/* The actor's municipalities as ",GM0505,GM0590," for the SQL. */
static const char *municipality_list(struct door *d)
{
    const struct policy_actor *a = d->actor;
    size_t size = (size_t)a->nmunicipalities * 8 + 2;
    char *s = arena_alloc(d->arena, size), *p = s;
    *p++ = ',';
    *p = '\0';
    for (int i = 0; i < a->nmunicipalities && i < POLICY_MAX_MUNICIPALITIES; i++)
        p += snprintf(p, size - (size_t)(p - s), "%s,", a->municipalities[i]);
    return s;
}

enum rc door_tasks(struct door *d, int limit, struct task_list *out)
{
    memset(out, 0, sizeof(*out));
    const struct policy_actor *a = d->actor;
    bool km = !a->system && a->role == ROLE_CASE_MANAGER;
    bool coach = !a->system && a->role == ROLE_JOB_COACH;
    bool adviser = !a->system && a->role == ROLE_EMPLOYER_ADVISER;
    if (!km && !coach && !adviser)
        return RC_OK;
    struct date today, ending_by, ladder_since;
    if (!date_today(&today))
        return RC_IO;
    task_dates(&today, &ending_by, &ladder_since);
    char ending[11], since[11];
    date_format(&ending_by, ending);
    date_format(&ladder_since, since);
    struct task_row *rows = NULL;
    int n = 0;
    enum rc rc =
        km ? records_tasks_case_manager(d->db, d->arena, a->user_id, municipality_list(d), ending,
                                        since, limit, out->count, &rows, &n)
        : adviser ? records_tasks_adviser(d->db, d->arena, municipality_list(d), ending, limit,
                                          out->count, &rows, &n)
                  : records_tasks_partner(d->db, d->arena, a->organisation_id, ending, limit,
                                          out->count, &rows, &n);
    if (rc || limit <= 0)
        return rc;
    /* As the caseload: the SQL already restricts to the actor's own cases
     * or own organisation's referrals; the policy still has the last word
     * on every row, and every file listed is audited. */
    struct audit_entry *entries = arena_alloc(d->arena, sizeof(*entries) * (size_t)(n + 1));
    out->items = arena_alloc(d->arena, sizeof(*out->items) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const struct task *t = &rows[i].task;
        bool about_referral = t->kind == TASK_REFERRAL_NEW || t->kind == TASK_REFERRAL_DECLINED;
        enum policy_action action = about_referral                         ? ACT_REFERRAL_READ
                                    : t->kind == TASK_PLACEMENT_CHECK ? ACT_PLACEMENT_READ
                                                                      : ACT_CASE_READ;
        struct policy_subject s = {
            .municipality = rows[i].municipality,
            .resident_id = t->resident_id,
            .referral_pending = coach && t->kind == TASK_REFERRAL_NEW,
            .referral_active = coach && t->kind == TASK_ACTIVITY_ENDING,
        };
        struct policy_decision dec = policy_decide(a, action, &s);
        entries[i] = door_audit_entry(d, action, t->resident_id, t->case_id, dec);
        if (dec.allowed)
            out->items[out->n++] = *t;
    }
    return n ? door_audit_out(d, entries, (size_t)n) : RC_OK;
}
