/* The plan van aanpak and the service catalogue it orders from: the names
 * stored and used in the API (service kinds and units, activity statuses,
 * how the resident agreed), the checks on a plan a professional sends, and
 * THE BUDGET RULE that decides whether an activity may be ordered on a
 * municipality's terms. Pure logic, no I/O: the door (door_plan.c) reads
 * the terms and what is already committed, and asks here.
 *
 * Money is whole euro cents (int64_t); dates are "YYYY-MM-DD". */
#ifndef WR_PLAN_H
#define WR_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

enum service_kind {
    SERVICE_TRAINING,
    SERVICE_WERKFIT,
    SERVICE_JOBCOACHING,
    SERVICE_WERKERVARINGSPLAATS,
    SERVICE_BESCHUT_WERK,
    SERVICE_PLUSDIENST, /* for a target group (statushouders, ...) */
    SERVICE_KIND_COUNT
};

enum service_unit { UNIT_UUR, UNIT_DAG, UNIT_WEEK, UNIT_MAAND, UNIT_TRAJECT, SERVICE_UNIT_COUNT };

enum activity_status {
    ACTIVITY_GEPLAND,
    ACTIVITY_LOPEND,
    ACTIVITY_AFGEROND,
    ACTIVITY_GESTOPT, /* with a stop reason */
    ACTIVITY_STATUS_COUNT
};

enum agreement_how { AGREED_HANDTEKENING, AGREED_MONDELING, AGREED_DIGITAAL, AGREEMENT_HOW_COUNT };

/* The *_name functions return the static stored name ("werkfit", "maand",
 * "gestopt", "mondeling"), or "" outside the enum; the *_parse functions
 * set *out from an exact name and return false, leaving *out untouched, for
 * NULL or anything else. */
const char *service_kind_name(enum service_kind k);
bool service_kind_parse(const char *name, enum service_kind *out);
const char *service_unit_name(enum service_unit u);
bool service_unit_parse(const char *name, enum service_unit *out);
const char *activity_status_name(enum activity_status s);
bool activity_status_parse(const char *name, enum activity_status *out);
const char *agreement_how_name(enum agreement_how h);
bool agreement_how_parse(const char *name, enum agreement_how *out);

/* What one plan may hold; a plan past these is refused, not cut. */
#define PLAN_MAX_GOALS 20
#define PLAN_MAX_ACTIVITIES 60
#define PLAN_GOAL_MAX_CHARS 500
#define PLAN_RESPONSIBLE_MAX_CHARS 100
#define PLAN_STOP_REASON_MAX_CHARS 500
#define PLAN_MAX_UNITS 10000

struct plan_goal {
    int position; /* 1..ngoals, the order shown */
    const char *text;
};

/* One activity: a service from the catalogue for the resident. On input
 * the fields up to stop_reason are what the professional sends (key 0: a
 * new activity); the rest the store fills when reading. */
struct plan_activity {
    int64_t key; /* activity_key: the same activity in every version */
    int goal;    /* position of its goal, 0 for none */
    int64_t service_id;
    const char *responsible; /* who carries it out, free text; may be "" */
    int64_t units;
    const char *starts_on;
    const char *ends_on; /* "" while open (gepland, lopend) */
    enum activity_status status;
    const char *stop_reason; /* only for gestopt */

    int64_t cost_cents; /* what ordering it cost the municipality */
    const char *service_name;
    int64_t provider_id;
    const char *provider_name;
    enum service_kind kind;
    enum service_unit unit;
};

/* One version of a case's plan. version 0: the case has no plan yet. */
struct plan {
    int64_t case_id;
    int version;
    bool agreed;
    const char *agreed_on; /* "" while it awaits the resident's agreement */
    enum agreement_how agreed_how;
    const char *created_at; /* timestamp */
    const char *created_by; /* display name, "" for the system */
    struct plan_goal *goals;
    int ngoals;
    struct plan_activity *activities;
    int nactivities;
    int64_t total_cost_cents;
};

/* A problem with one field of a plan: part is "goals", "activities" or ""
 * (the plan as a whole), index the element (0-based), field its name
 * ("text", "ends_on"), msg a message catalogue key. */
struct plan_error {
    const char *part;
    int index;
    const char *field;
    const char *msg;
};

#define PLAN_MAX_ERRORS 32

struct plan_errors {
    struct plan_error list[PLAN_MAX_ERRORS];
    int count; /* may pass PLAN_MAX_ERRORS: the rest are counted, not kept */
};

/* plan_error_add records one problem (message key msg). */
void plan_error_add(struct plan_errors *errs, const char *part, int index, const char *field,
                    const char *msg);

/* plan_check checks what a professional sends for a new version: at most
 * PLAN_MAX_GOALS goals of 1..PLAN_GOAL_MAX_CHARS clean characters; at most
 * PLAN_MAX_ACTIVITIES activities, each with a goal of 0 (none) or an
 * existing position, a service id, clean text within the limits, units in
 * 1..PLAN_MAX_UNITS, a valid start date, an end date that is not before the
 * start, required for afgerond and gestopt, a stop reason for gestopt and
 * none otherwise, and no key twice. Positions of the goals are set to
 * 1..ngoals. Problems go to errs; returns true when there are none. */
bool plan_check(struct plan *p, struct plan_errors *errs);

/* plan_check_change checks an activity against the same activity (same
 * key) in the previous version, prev NULL for a new one: a new activity
 * starts gepland or lopend; the service stays the same; afgerond and
 * gestopt are final. index is next's place in its plan for errs. */
bool plan_check_change(const struct plan_activity *prev, const struct plan_activity *next,
                       int index, struct plan_errors *errs);

/* plan_check_removal tells whether an activity of the previous version may
 * be left out of the next: only one that has not started (gepland). */
bool plan_check_removal(const struct plan_activity *prev);

/* ---- The budget rule ---- */

/* A municipality's terms for one service: price per unit; a yearly budget
 * and a number of places at one time, each with has_* false for no limit;
 * ordered_by lists the role names that may order it, separated by commas
 * ("case_manager" or "case_manager,manager"). */
struct service_terms {
    int64_t service_id;
    const char *municipality;
    int64_t price_cents;
    bool has_budget;
    int64_t budget_cents;
    bool has_places;
    int64_t places;
    const char *ordered_by;
};

enum budget_verdict {
    BUDGET_OK,
    BUDGET_NOT_OFFERED,   /* the municipality has no terms for the service */
    BUDGET_NOT_ORDERABLE, /* the role may not order it */
    BUDGET_OVER_BUDGET,   /* the yearly budget would be passed */
    BUDGET_NO_PLACES,     /* every place is taken */
    BUDGET_VERDICT_COUNT
};

const char *budget_verdict_name(enum budget_verdict v);

/* An order to decide on: a new activity (previous_units 0), or one that
 * gets more units than before. committed_cents is what the municipality
 * already committed to this service in the calendar year the activity
 * starts (without this order); places_used the activities of the service
 * that hold a place (gepland, lopend), without this one. */
struct budget_order {
    const struct service_terms *terms; /* NULL: not offered */
    const char *role;                  /* the orderer's role name */
    int64_t units;
    int64_t previous_units; /* 0: a new activity, which needs a place */
    int64_t previous_cost_cents;
    int64_t committed_cents;
    int64_t places_used;
};

struct budget_answer {
    enum budget_verdict verdict;
    int64_t cost_cents;      /* the activity's cost once ordered */
    int64_t extra_cents;     /* what this order adds to committed_cents */
    int64_t remaining_cents; /* budget left before this order (INT64_MAX: no budget) */
};

/* budget_decide applies the rule. A new activity costs price × units and
 * needs a free place; more units cost price × the extra units on top of
 * the previous cost, and need no new place. The order fits the budget when
 * committed + extra <= budget (exactly at the budget is fine). A cost that
 * cannot be counted in 64 bits is over any budget, and with no budget too.
 * An order with no more units than before is BUDGET_OK at its previous
 * cost, scaled down for fewer units, whatever the terms say now. */
struct budget_answer budget_decide(const struct budget_order *o);

/* budget_role_may_order tells whether role is one of the comma-separated
 * names in ordered_by (spaces around names are ignored). */
bool budget_role_may_order(const char *ordered_by, const char *role);

/* money_parse_nl reads Dutch euros as a person types them: "3250",
 * "3.250", "3.250,5", "€ 3.250,50" (dots between groups of three digits,
 * a comma before at most two decimals, spaces around). Returns false for
 * anything else, a negative amount, or more than 999.999.999.999,99. */
bool money_parse_nl(const char *s, int64_t *cents);

/* money_format_nl writes cents as Dutch euros: "€ 1.234,50", "-€ 0,05". */
void money_format_nl(int64_t cents, char out[32]);

#endif
