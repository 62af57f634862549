/* The service catalogue and a case's plan van aanpak under /api/v1. */
#include <limits.h>
#include <string.h>

#include "api.h"
#include "catalogue.h"
#include "plan_pdf.h"
#include "plan_web.h"
#include "router.h"
#include "banned.h"

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *roles_json(const char *ordered_by)
{
    json_t *list = json_array();
    for (const char *p = ordered_by ? ordered_by : ""; *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, ",");
        size_t trimmed = len;
        while (trimmed > 0 && p[trimmed - 1] == ' ')
            trimmed--;
        if (trimmed)
            json_array_append_new(list, json_stringn(p, trimmed));
        p += len;
    }
    return list;
}

static json_t *terms_json(const struct catalogue_terms *ct)
{
    const struct service_terms *t = &ct->terms;
    json_t *o = json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:I, s:I}", "municipality",
                          t->municipality, "municipality_name", ct->municipality_name,
                          "price_cents", (json_int_t)t->price_cents, "budget_cents",
                          t->has_budget ? json_integer(t->budget_cents) : json_null(), "places",
                          t->has_places ? json_integer(t->places) : json_null(), "ordered_by",
                          roles_json(t->ordered_by), "spent_cents", (json_int_t)ct->spent_cents,
                          "places_used", (json_int_t)ct->places_used);
    json_object_set_new(o, "remaining_cents",
                        t->has_budget ? json_integer(t->budget_cents - ct->spent_cents)
                                      : json_null());
    return o;
}

static json_t *service_json(const struct service *s)
{
    json_t *terms = json_array();
    for (int i = 0; i < s->nterms; i++)
        json_array_append_new(terms, terms_json(&s->terms[i]));
    return json_pack(
        "{s:I, s:s, s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:b, s:o}", "id", (json_int_t)s->id, "name",
        s->name, "provider", "id", (json_int_t)s->provider_id, "name", s->provider_name, "kind",
        service_kind_name(s->kind), "unit", service_unit_name(s->unit), "target_group",
        s->target_group, "description", s->description, "active", s->active, "terms", terms);
}

static bool municipality_code_ok(const char *s)
{
    return strlen(s) == 6 && s[0] == 'G' && s[1] == 'M' && strspn(s + 2, "0123456789") == 4;
}

void api_services_list(struct request *req, struct response *resp)
{
    if (req_auth(req)->user.role == ROLE_RESIDENT) {
        api_problem(resp, 403, tr("error.forbidden"), NULL);
        return;
    }
    const char *municipality = "";
    enum rc rc = request_query_get(req, "municipality", &municipality);
    if (rc == RC_NOT_FOUND) {
        municipality = "";
    } else if (rc || !municipality_code_ok(municipality)) {
        api_problem(resp, 400, tr("catalogue.query"), NULL);
        return;
    }
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct service *list;
    int n;
    rc = catalogue_list(db, &req->arena, municipality, false, plan_current_year(), &list, &n);
    store_release(app->store, db);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, service_json(&list[i]));
    api_list(resp, items, n);
}

static json_t *activity_json(const struct plan_activity *a)
{
    json_t *o =
        json_pack("{s:I, s:o, s:I, s:s, s:{s:I, s:s}, s:s, s:s, s:s, s:I, s:s, s:o, s:s, s:s, s:I}",
                  "key", (json_int_t)a->key, "goal", a->goal ? json_integer(a->goal) : json_null(),
                  "service_id", (json_int_t)a->service_id, "service", a->service_name, "provider",
                  "id", (json_int_t)a->provider_id, "name", a->provider_name, "kind",
                  service_kind_name(a->kind), "unit", service_unit_name(a->unit), "responsible",
                  a->responsible, "units", (json_int_t)a->units, "starts_on", a->starts_on,
                  "ends_on", text_or_null(a->ends_on), "status", activity_status_name(a->status),
                  "stop_reason", a->stop_reason, "cost_cents", (json_int_t)a->cost_cents);
    return o;
}

static json_t *plan_json(const struct plan *p)
{
    json_t *goals = json_array(), *acts = json_array();
    for (int i = 0; i < p->ngoals; i++)
        json_array_append_new(goals, json_pack("{s:i, s:s}", "position", p->goals[i].position,
                                               "text", p->goals[i].text));
    for (int i = 0; i < p->nactivities; i++)
        json_array_append_new(acts, activity_json(&p->activities[i]));
    return json_pack("{s:I, s:i, s:b, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "case_id",
                     (json_int_t)p->case_id, "version", p->version, "agreed", p->agreed,
                     "agreed_on", p->agreed ? json_string(p->agreed_on) : json_null(), "agreed_how",
                     p->agreed ? json_string(agreement_how_name(p->agreed_how)) : json_null(),
                     "created_at", text_or_null(p->created_at), "created_by",
                     text_or_null(p->created_by), "total_cost_cents",
                     (json_int_t)p->total_cost_cents, "goals", goals, "activities", acts);
}

static json_t *versions_json(const struct plan_version *vs, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        const struct plan_version *v = &vs[i];
        json_array_append_new(
            list,
            json_pack("{s:i, s:s, s:s, s:b, s:o, s:o, s:i, s:i, s:I}", "version", v->version,
                      "created_at", v->created_at, "created_by", v->created_by, "agreed", v->agreed,
                      "agreed_on", v->agreed ? json_string(v->agreed_on) : json_null(),
                      "agreed_how",
                      v->agreed ? json_string(agreement_how_name(v->agreed_how)) : json_null(),
                      "goals", v->ngoals, "activities", v->nactivities, "total_cost_cents",
                      (json_int_t)v->total_cost_cents));
    }
    return list;
}

void api_case_plan_get(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    int64_t id = request_param_id(req, 0);
    struct plan p;
    struct plan_version *vs = NULL;
    int nv = 0;
    enum rc rc = door_plan_get(&d, id, &p, NULL);
    if (!rc)
        rc = door_plan_versions(&d, id, &vs, &nv);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *out = plan_json(&p);
    json_object_set_new(out, "versions", versions_json(vs, nv));
    api_json(resp, 200, out);
}

static json_t *errors_json(struct arena *a, const struct plan_errors *errs)
{
    json_t *list = json_array();
    int n = errs->count < PLAN_MAX_ERRORS ? errs->count : PLAN_MAX_ERRORS;
    for (int i = 0; i < n; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s}", "field", plan_error_field(a, &errs->list[i]),
                                        "message", tr(errs->list[i].msg)));
    return list;
}

/* Reads one element of goals or activities: an object with only the
 * listed fields, each of its type (null allowed where not required). */
static void read_element(json_t *obj, const char *part, int index, const struct api_field *fields,
                         size_t nfields, struct plan_errors *errs)
{
    if (!json_is_object(obj)) {
        plan_error_add(errs, part, index, "", "plan.field_object");
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        const struct api_field *f = NULL;
        for (size_t i = 0; i < nfields; i++)
            if (strcmp(fields[i].name, key) == 0)
                f = &fields[i];
        if (!f)
            plan_error_add(errs, part, index, key, "field.unknown");
        else if (json_typeof(v) != f->type && !(json_is_null(v) && !f->required))
            plan_error_add(errs, part, index, f->name, "field.type");
    }
    for (size_t i = 0; i < nfields; i++)
        if (fields[i].required && !json_object_get(obj, fields[i].name))
            plan_error_add(errs, part, index, fields[i].name, "field.required");
}

static int64_t int_field(json_t *obj, const char *name, int64_t absent)
{
    json_t *v = json_object_get(obj, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : absent;
}

static const char *text_field(json_t *obj, const char *name, const char *absent)
{
    const char *s = api_string(obj, name);
    return s ? s : absent;
}

/* Turns the body of PUT .../plan into a plan; shape problems go to errs. */
static void read_plan(struct request *req, json_t *in, struct plan *p, struct plan_errors *errs)
{
    static const struct api_field goal_fields[] = {{"text", JSON_STRING, true}};
    static const struct api_field activity_fields[] = {
        {"key", JSON_INTEGER, false},        {"goal", JSON_INTEGER, false},
        {"service_id", JSON_INTEGER, true},  {"responsible", JSON_STRING, false},
        {"units", JSON_INTEGER, true},       {"starts_on", JSON_STRING, true},
        {"ends_on", JSON_STRING, false},     {"status", JSON_STRING, false},
        {"stop_reason", JSON_STRING, false},
    };
    memset(p, 0, sizeof(*p));
    memset(errs, 0, sizeof(*errs));
    json_t *goals = json_object_get(in, "goals"), *acts = json_object_get(in, "activities");
    size_t ng = json_array_size(goals), na = json_array_size(acts);
    if (ng > PLAN_MAX_GOALS)
        plan_error_add(errs, "", 0, "goals", "plan.field_too_many_goals");
    if (na > PLAN_MAX_ACTIVITIES)
        plan_error_add(errs, "", 0, "activities", "plan.field_too_many_activities");
    if (errs->count)
        return;
    p->goals = arena_alloc(&req->arena, sizeof(*p->goals) * (ng + 1));
    p->activities = arena_alloc(&req->arena, sizeof(*p->activities) * (na + 1));
    for (size_t i = 0; i < ng; i++) {
        json_t *g = json_array_get(goals, i);
        read_element(g, "goals", (int)i, goal_fields, 1, errs);
        p->goals[p->ngoals++] = (struct plan_goal){0, text_field(g, "text", "")};
    }
    for (size_t i = 0; i < na; i++) {
        json_t *a = json_array_get(acts, i);
        read_element(a, "activities", (int)i, activity_fields,
                     sizeof(activity_fields) / sizeof(activity_fields[0]), errs);
        struct plan_activity *x = &p->activities[p->nactivities++];
        memset(x, 0, sizeof(*x));
        x->key = int_field(a, "key", 0);
        int64_t goal = int_field(a, "goal", 0);
        x->goal = goal < 0 || goal > INT_MAX ? -1 : (int)goal;
        x->service_id = int_field(a, "service_id", 0);
        x->responsible = text_field(a, "responsible", "");
        x->units = int_field(a, "units", 0);
        x->starts_on = text_field(a, "starts_on", "");
        x->ends_on = text_field(a, "ends_on", "");
        x->stop_reason = text_field(a, "stop_reason", "");
        const char *status = text_field(a, "status", "gepland");
        if (!activity_status_parse(status, &x->status)) {
            x->status = ACTIVITY_GEPLAND;
            plan_error_add(errs, "activities", (int)i, "status", "plan.field_status");
        }
    }
}

/* A 409 problem document with the refusal's figures beside its text. */
static void plan_refused(struct request *req, struct response *resp, const struct plan_refusal *r)
{
    json_t *p =
        json_pack("{s:s, s:s, s:i, s:s, s:s, s:i, s:I}", "type", "about:blank", "title",
                  tr("status.409"), "status", 409, "detail", plan_refusal_text(&req->arena, r),
                  "verdict", budget_verdict_name(r->verdict), "activity", r->activity, "service_id",
                  (json_int_t)r->service_id);
    if (r->verdict == BUDGET_OVER_BUDGET) {
        json_object_set_new(p, "remaining_cents", json_integer(r->remaining_cents));
        json_object_set_new(p, "cost_cents", json_integer(r->cost_cents));
    } else {
        json_object_set_new(p, "places", json_integer(r->places));
    }
    api_json(resp, 409, p);
    resp->content_type = "application/problem+json";
}

/* Answers a write of the plan: the stored version or its problems. */
static void plan_answer(struct request *req, struct response *resp, enum rc rc,
                        const struct plan *out, const struct plan_errors *errs,
                        const struct plan_refusal *refusal, int ok_status)
{
    if (rc == RC_INVALID)
        api_problem(resp, 422, tr("error.invalid"), errors_json(&req->arena, errs));
    else if (rc == RC_CONFLICT && refusal && refusal->verdict != BUDGET_OK)
        plan_refused(req, resp, refusal);
    else if (rc == RC_CONFLICT && errs->count)
        api_problem(resp, 409, tr(errs->list[0].msg), NULL);
    else if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, ok_status, plan_json(out));
}

void api_case_plan_put(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"goals", JSON_ARRAY, true},
        {"activities", JSON_ARRAY, true},
    };
    json_t *in = api_read_object(req, resp, fields, 2);
    if (!in)
        return;
    struct plan p, out;
    struct plan_errors errs;
    struct plan_refusal refusal = {0};
    read_plan(req, in, &p, &errs);
    if (errs.count) {
        api_problem(resp, 422, tr("error.invalid"), errors_json(&req->arena, &errs));
        return;
    }
    struct door d;
    req_door(req, &d);
    enum rc rc = door_plan_put(&d, request_param_id(req, 0), &p, &out, &errs, &refusal);
    door_release(&d);
    plan_answer(req, resp, rc, &out, &errs, &refusal, 200);
}

void api_case_plan_agree(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"agreed_on", JSON_STRING, true},
        {"how", JSON_STRING, true},
    };
    json_t *in = api_read_object(req, resp, fields, 2);
    if (!in)
        return;
    struct plan_errors errs = {0};
    enum agreement_how how;
    if (!agreement_how_parse(api_string(in, "how"), &how)) {
        plan_error_add(&errs, "", 0, "how", "plan.field_how");
        api_problem(resp, 422, tr("error.invalid"), errors_json(&req->arena, &errs));
        return;
    }
    struct door d;
    req_door(req, &d);
    struct plan out;
    enum rc rc = door_plan_agree(&d, request_param_id(req, 0), api_string(in, "agreed_on"), how,
                                 &errs, &out);
    door_release(&d);
    plan_answer(req, resp, rc, &out, &errs, NULL, 200);
}

static void pdf_refused(struct request *req, struct response *resp, enum rc rc)
{
    (void)req;
    api_problem_rc(resp, rc);
}

void api_case_plan_pdf(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    plan_pdf_answer(req, resp, &d, request_param_id(req, 0), pdf_refused);
}
