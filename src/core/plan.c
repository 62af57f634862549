#include "plan.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "fold.h"
#include "names.h"
#include "banned.h"

static const char *const kind_names[SERVICE_KIND_COUNT] = {
    "training", "werkfit", "jobcoaching", "werkervaringsplaats", "beschut_werk", "plusdienst",
};
static const char *const unit_names[SERVICE_UNIT_COUNT] = {"uur", "dag", "week", "maand",
                                                           "traject"};
static const char *const status_names[ACTIVITY_STATUS_COUNT] = {"gepland", "lopend", "afgerond",
                                                                "gestopt"};
static const char *const how_names[AGREEMENT_HOW_COUNT] = {"handtekening", "mondeling", "digitaal"};
static const char *const verdict_names[BUDGET_VERDICT_COUNT] = {
    "ok", "not_offered", "not_orderable", "over_budget", "no_places"};

NAMES_FUNCTIONS(service_kind, service_kind_name, service_kind_parse, kind_names, SERVICE_KIND_COUNT,
                "")
NAMES_FUNCTIONS(service_unit, service_unit_name, service_unit_parse, unit_names, SERVICE_UNIT_COUNT,
                "")
NAMES_FUNCTIONS(activity_status, activity_status_name, activity_status_parse, status_names,
                ACTIVITY_STATUS_COUNT, "")
NAMES_FUNCTIONS(agreement_how, agreement_how_name, agreement_how_parse, how_names,
                AGREEMENT_HOW_COUNT, "")

const char *budget_verdict_name(enum budget_verdict v)
{
    const char *n = names_at(verdict_names, BUDGET_VERDICT_COUNT, (int)v);
    return n ? n : "";
}

void plan_error_add(struct plan_errors *errs, const char *part, int index, const char *field,
                    const char *msg)
{
    if (errs->count < PLAN_MAX_ERRORS)
        errs->list[errs->count] = (struct plan_error){part, index, field, msg};
    errs->count++;
}

/* Free text within limits; required says whether "" is a problem. */
static const char *text_problem(const char *s, size_t maxchars, bool required)
{
    if (!s || !*s)
        return required ? "field.required" : NULL;
    /* Tell invalid text from text that is only too long. */
    if (!text_clean(s, SIZE_MAX))
        return "field.text";
    size_t chars = 0;
    for (const char *c = s; *c; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    return chars > maxchars ? "field.too_long" : NULL;
}

static void check_activity(struct plan *p, int i, struct plan_errors *errs)
{
    struct plan_activity *a = &p->activities[i];
    const char *m;
    if (a->goal < 0 || a->goal > p->ngoals)
        plan_error_add(errs, "activities", i, "goal", "plan.field_goal");
    if (a->service_id <= 0)
        plan_error_add(errs, "activities", i, "service_id", "plan.field_service");
    if ((m = text_problem(a->responsible, PLAN_RESPONSIBLE_MAX_CHARS, false)))
        plan_error_add(errs, "activities", i, "responsible", m);
    if (a->units < 1 || a->units > PLAN_MAX_UNITS)
        plan_error_add(errs, "activities", i, "units", "plan.field_units");
    struct date start, end;
    bool start_ok = date_parse(a->starts_on, &start);
    if (!start_ok)
        plan_error_add(errs, "activities", i, "starts_on", "field.date");
    bool closed = a->status == ACTIVITY_AFGEROND || a->status == ACTIVITY_GESTOPT;
    if (!a->ends_on || !*a->ends_on) {
        if (closed)
            plan_error_add(errs, "activities", i, "ends_on", "plan.field_ends_required");
    } else if (!date_parse(a->ends_on, &end)) {
        plan_error_add(errs, "activities", i, "ends_on", "field.date");
    } else if (start_ok && strcmp(a->ends_on, a->starts_on) < 0) {
        plan_error_add(errs, "activities", i, "ends_on", "plan.field_ends_before");
    }
    if ((unsigned)a->status >= ACTIVITY_STATUS_COUNT)
        plan_error_add(errs, "activities", i, "status", "plan.field_status");
    bool has_reason = a->stop_reason && *a->stop_reason;
    if (a->status == ACTIVITY_GESTOPT && !has_reason)
        plan_error_add(errs, "activities", i, "stop_reason", "plan.field_stop_reason");
    else if (a->status != ACTIVITY_GESTOPT && has_reason)
        plan_error_add(errs, "activities", i, "stop_reason", "plan.field_stop_reason_not_needed");
    else if ((m = text_problem(a->stop_reason, PLAN_STOP_REASON_MAX_CHARS, false)))
        plan_error_add(errs, "activities", i, "stop_reason", m);
    if (a->key < 0)
        plan_error_add(errs, "activities", i, "key", "plan.field_key");
    for (int k = 0; k < i && a->key > 0; k++)
        if (p->activities[k].key == a->key) {
            plan_error_add(errs, "activities", i, "key", "plan.field_key_twice");
            break;
        }
    if (!a->responsible)
        a->responsible = "";
    if (!a->ends_on)
        a->ends_on = "";
    if (!a->stop_reason)
        a->stop_reason = "";
}

bool plan_check(struct plan *p, struct plan_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    if (p->ngoals < 0 || p->ngoals > PLAN_MAX_GOALS)
        plan_error_add(errs, "", 0, "goals", "plan.field_too_many_goals");
    if (p->nactivities < 0 || p->nactivities > PLAN_MAX_ACTIVITIES)
        plan_error_add(errs, "", 0, "activities", "plan.field_too_many_activities");
    if (errs->count)
        return false;
    for (int i = 0; i < p->ngoals; i++) {
        p->goals[i].position = i + 1;
        const char *m = text_problem(p->goals[i].text, PLAN_GOAL_MAX_CHARS, true);
        if (m)
            plan_error_add(errs, "goals", i, "text", m);
    }
    for (int i = 0; i < p->nactivities; i++)
        check_activity(p, i, errs);
    return errs->count == 0;
}

bool plan_check_change(const struct plan_activity *prev, const struct plan_activity *next,
                       int index, struct plan_errors *errs)
{
    int before = errs->count;
    if (!prev) {
        if (next->status != ACTIVITY_GEPLAND && next->status != ACTIVITY_LOPEND)
            plan_error_add(errs, "activities", index, "status", "plan.field_new_status");
        return errs->count == before;
    }
    if (prev->service_id != next->service_id)
        plan_error_add(errs, "activities", index, "service_id", "plan.field_service_fixed");
    bool final = prev->status == ACTIVITY_AFGEROND || prev->status == ACTIVITY_GESTOPT;
    if (final && next->status != prev->status)
        plan_error_add(errs, "activities", index, "status", "plan.field_status_final");
    return errs->count == before;
}

bool plan_check_removal(const struct plan_activity *prev)
{
    return prev->status == ACTIVITY_GEPLAND;
}

bool budget_role_may_order(const char *ordered_by, const char *role)
{
    if (!ordered_by || !role || !*role)
        return false;
    size_t rlen = strlen(role);
    for (const char *p = ordered_by; *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, ",");
        size_t trimmed = len;
        while (trimmed > 0 && p[trimmed - 1] == ' ')
            trimmed--;
        if (trimmed == rlen && memcmp(p, role, rlen) == 0)
            return true;
        p += len;
    }
    return false;
}

/* Scales cost down to units of previous_units, rounding down, without the
 * product cost × units that could overflow: units < previous_units. */
static int64_t scale_down(int64_t cost, int64_t units, int64_t previous_units)
{
    int64_t q = cost / previous_units, r = cost % previous_units;
    return q * units + r * units / previous_units;
}

struct budget_answer budget_decide(const struct budget_order *o)
{
    struct budget_answer ans = {BUDGET_OK, 0, 0, INT64_MAX};
    const struct service_terms *t = o->terms;
    if (t && t->has_budget)
        ans.remaining_cents = t->budget_cents - o->committed_cents;
    /* No more than before: nothing new is ordered. */
    if (o->previous_units > 0 && o->units <= o->previous_units) {
        ans.cost_cents = o->units == o->previous_units
                             ? o->previous_cost_cents
                             : scale_down(o->previous_cost_cents, o->units, o->previous_units);
        return ans;
    }
    if (!t) {
        ans.verdict = BUDGET_NOT_OFFERED;
        return ans;
    }
    if (!budget_role_may_order(t->ordered_by, o->role)) {
        ans.verdict = BUDGET_NOT_ORDERABLE;
        return ans;
    }
    int64_t extra_units = o->units - (o->previous_units > 0 ? o->previous_units : 0);
    int64_t extra, cost, total;
    if (extra_units <= 0 || t->price_cents < 0 ||
        __builtin_mul_overflow(t->price_cents, extra_units, &extra) ||
        __builtin_add_overflow(o->previous_units > 0 ? o->previous_cost_cents : 0, extra, &cost) ||
        __builtin_add_overflow(o->committed_cents, extra, &total)) {
        ans.verdict = BUDGET_OVER_BUDGET;
        return ans;
    }
    ans.cost_cents = cost;
    ans.extra_cents = extra;
    if (t->has_budget && total > t->budget_cents) {
        ans.verdict = BUDGET_OVER_BUDGET;
        return ans;
    }
    if (o->previous_units == 0 && t->has_places && o->places_used >= t->places) {
        ans.verdict = BUDGET_NO_PLACES;
        return ans;
    }
    return ans;
}

void money_format_nl(int64_t cents, char out[32])
{
    /* |INT64_MIN| does not fit an int64_t: work unsigned. */
    uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    uint64_t euros = v / 100;
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)euros);
    char grouped[24]; /* at most 17 digits and 5 dots */
    int g = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[g++] = '.';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    snprintf(out, 32, "%s\xE2\x82\xAC %s,%02llu", cents < 0 ? "-" : "", grouped,
             (unsigned long long)(v % 100));
}

bool money_parse_nl(const char *s, int64_t *cents)
{
    if (!s)
        return false;
    s += strspn(s, " ");
    if (strncmp(s, "\xE2\x82\xAC", 3) == 0)
        s += strspn(s + 3, " ") + 3;
    int64_t euros = 0;
    int digits = 0, group = 0;
    bool dotted = false;
    for (; *s && *s != ',' && *s != ' '; s++) {
        if (*s == '.') {
            /* A dot follows one to three digits, then groups of three. */
            if (digits == 0 || (dotted ? group != 3 : group > 3))
                return false;
            dotted = true;
            group = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || ++digits > 12)
            return false;
        euros = euros * 10 + (*s - '0');
        group++;
    }
    if (digits == 0 || (dotted && group != 3))
        return false;
    int64_t fraction = 0;
    if (*s == ',') {
        s++;
        int n = 0;
        for (; *s >= '0' && *s <= '9'; s++, n++)
            if (n < 2)
                fraction = fraction * 10 + (*s - '0');
        if (n == 0 || n > 2)
            return false;
        if (n == 1)
            fraction *= 10;
    }
    s += strspn(s, " ");
    if (*s)
        return false;
    *cents = euros * 100 + fraction;
    return true;
}
