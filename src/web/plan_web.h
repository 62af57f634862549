/* What the plan's API (api_plan.c) and pages (pages_plan.c, pages_catalogue.c)
 * share: the Dutch words for the catalogue and the plan, the name of a
 * field with a problem, and the refusal of the budget rule in a sentence. */
#ifndef WR_PLAN_WEB_H
#define WR_PLAN_WEB_H

#include "app.h"
#include "door_plan.h"

/* The Dutch label of a kind, unit ("uur", "maanden" for n != 1), status
 * or way of agreeing, from the message catalogue. */
const char *plan_kind_label(enum service_kind k);
const char *plan_unit_label(enum service_unit u, int64_t n);
const char *plan_status_label(enum activity_status s);
const char *plan_how_label(enum agreement_how h);

/* plan_error_field names the field of e as the API does:
 * "activities[2].ends_on", "goals[0].text" or "agreed_on". */
const char *plan_error_field(struct arena *a, const struct plan_error *e);

/* plan_refusal_text says in Dutch why the budget rule refused, naming the
 * service, its municipality and the budget left (or the places). */
const char *plan_refusal_text(struct arena *a, const struct plan_refusal *r);

/* plan_money is money_format_nl in the arena. */
const char *plan_money(struct arena *a, int64_t cents);

/* plan_current_year is this calendar year (UTC), for what a budget spent. */
int plan_current_year(void);

/* Form fields for templates/plan_field.html and plan_select.html: id and
 * name of the control, its label, value, hint and width ("short", "date",
 * NULL); the error is errors[id] (errors may be NULL). optional and lines
 * (a textarea of that many rows) may be set on the result afterwards. */
json_t *form_text_field(const char *id, const char *name, const char *label, const char *value,
                        const char *hint, const char *size, json_t *errors);
/* options (consumed) is a list of form_option. */
json_t *form_select_field(const char *id, const char *name, const char *label, json_t *options,
                          json_t *errors);
json_t *form_option(const char *value, const char *label, bool selected);

#endif
