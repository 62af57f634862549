#include "plan_web.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "banned.h"

static const char *label(const char *prefix, const char *name, const char *suffix)
{
    char key[64];
    snprintf(key, sizeof(key), "%s.%s%s", prefix, name, suffix);
    const char *t = msg_get(LANG_NL, key);
    return t ? t : name;
}

const char *plan_kind_label(enum service_kind k)
{
    return label("kind", service_kind_name(k), "");
}

const char *plan_unit_label(enum service_unit u, int64_t n)
{
    return label("unit", service_unit_name(u), n == 1 ? "" : "_n");
}

const char *plan_status_label(enum activity_status s)
{
    return label("activity", activity_status_name(s), "");
}

const char *plan_how_label(enum agreement_how h)
{
    return label("how", agreement_how_name(h), "");
}

const char *plan_error_field(struct arena *a, const struct plan_error *e)
{
    if (!e->part || !*e->part)
        return e->field;
    if (!e->field || !*e->field)
        return arena_printf(a, "%s[%d]", e->part, e->index);
    return arena_printf(a, "%s[%d].%s", e->part, e->index, e->field);
}

const char *plan_money(struct arena *a, int64_t cents)
{
    char out[32];
    money_format_nl(cents, out);
    return arena_strdup(a, out);
}

const char *plan_refusal_text(struct arena *a, const struct plan_refusal *r)
{
    const char *service = r->service_name ? r->service_name : "";
    const char *place = r->municipality_name ? r->municipality_name : "";
    if (r->verdict == BUDGET_NO_PLACES)
        return arena_printf(a, "%s %s: %s %lld %s %s %s.", tr("plan.refused_places"), service,
                            tr("plan.refused_places_all"), (long long)r->places,
                            tr("plan.refused_places_of"), place, tr("plan.refused_places_taken"));
    return arena_printf(a, "%s %s: %s %s %s %s %s.", tr("plan.refused_budget"), service, place,
                        tr("plan.refused_budget_left"),
                        plan_money(a, r->remaining_cents > 0 ? r->remaining_cents : 0),
                        tr("plan.refused_budget_costs"), plan_money(a, r->cost_cents));
}

int plan_current_year(void)
{
    struct date d;
    return date_today(&d) ? d.year : 2000;
}

/* A text field for templates/plan_field.html. */
json_t *form_text_field(const char *id, const char *name, const char *label, const char *value,
                        const char *hint, const char *size, json_t *errors)
{
    json_t *err = errors ? json_object_get(errors, id) : NULL;
    json_t *f = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:o, s:b, s:o}", "id", id, "name", name, "label",
        label, "value", value ? value : "", "error", err ? json_copy(err) : json_null(), "hint",
        hint ? json_string(hint) : json_null(), "optional", false, "lines", json_null(), "size",
        size ? json_string(size) : json_null(), "numeric", false, "described", json_null());
    char buf[160];
    if (hint || err) {
        snprintf(buf, sizeof(buf), "%s%s%s%s%s", hint ? id : "", hint ? "-hint" : "",
                 hint && err ? " " : "", err ? id : "", err ? "-error" : "");
        json_object_set_new(f, "described", json_string(buf));
    }
    return f;
}

json_t *form_select_field(const char *id, const char *name, const char *label, json_t *options,
                          json_t *errors)
{
    json_t *err = errors ? json_object_get(errors, id) : NULL;
    json_t *f = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", id, "name", name, "label",
                          label, "options", options, "error", err ? json_copy(err) : json_null(),
                          "hint", json_null(), "described", json_null());
    if (err) {
        char buf[100];
        snprintf(buf, sizeof(buf), "%s-error", id);
        json_object_set_new(f, "described", json_string(buf));
    }
    return f;
}

json_t *form_option(const char *value, const char *label, bool selected)
{
    return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected", selected);
}
