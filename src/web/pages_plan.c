/* The plan van aanpak of a case: /dossiers/{id}/plan shows the current
 * version (goals with their activities, statuses in Dutch, cost, the
 * resident's agreement) and its versions; the klantmanager adds a goal,
 * adds an activity from the catalogue of the resident's municipality,
 * changes an activity and records the agreement, each with a small form
 * that works without JavaScript and makes a new version. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "date.h"
#include "pages.h"
#include "plan_pdf.h"
#include "plan_web.h"
#include "router.h"
#include "banned.h"

/* What a failed post leaves for the page: which form (by the prefix of its
 * field ids), the problems and the refusal. */
struct plan_page_errors {
    const char *form; /* "goal", "activity", "a<key>", "agreement" */
    int64_t edit_key; /* the activity whose form was posted, 0 for none */
    int index;        /* the activity's index in the plan that was sent */
    json_t *by_id;    /* form field id -> message */
    json_t *summary;  /* [{field, message}] */
};

static json_t *status_options(enum activity_status current, bool only_new)
{
    json_t *list = json_array();
    for (int s = 0; s < ACTIVITY_STATUS_COUNT; s++) {
        if (only_new && s != ACTIVITY_GEPLAND && s != ACTIVITY_LOPEND)
            continue;
        json_array_append_new(list, form_option(activity_status_name((enum activity_status)s),
                                                plan_status_label((enum activity_status)s),
                                                (int)current == s));
    }
    return list;
}

static const char *period_text(struct request *req, const struct plan_activity *a)
{
    if (!*a->ends_on)
        return arena_printf(&req->arena, "%s %s", tr("plan.from"), page_date_nl(req, a->starts_on));
    return arena_printf(&req->arena, "%s \xE2\x80\x93 %s", page_date_nl(req, a->starts_on),
                        page_date_nl(req, a->ends_on));
}

static const char *int_text(struct request *req, int64_t n)
{
    return arena_printf(&req->arena, "%lld", (long long)n);
}

/* One activity card; its edit form when the actor may write. */
static json_t *activity_row(struct request *req, const struct plan_activity *a, bool can_write,
                            const struct plan_page_errors *pe)
{
    bool posted = pe && pe->edit_key == a->key;
    json_t *errors = posted ? pe->by_id : NULL;
    char id[40];
    json_t *row = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b}", "key",
        (json_int_t)a->key, "service", a->service_name, "provider", a->provider_name, "kind_label",
        plan_kind_label(a->kind), "responsible", a->responsible, "period", period_text(req, a),
        "units_label",
        arena_printf(&req->arena, "%lld %s", (long long)a->units,
                     plan_unit_label(a->unit, a->units)),
        "cost", plan_money(&req->arena, a->cost_cents), "status", activity_status_name(a->status),
        "status_label", plan_status_label(a->status), "stop_reason",
        *a->stop_reason ? json_string(a->stop_reason) : json_null(), "edit",
        can_write && a->status != ACTIVITY_AFGEROND && a->status != ACTIVITY_GESTOPT, "open",
        posted);
    if (!json_is_true(json_object_get(row, "edit")))
        return row;
    enum activity_status st = a->status;
    if (posted)
        activity_status_parse(page_field(req, "status"), &st);
    snprintf(id, sizeof(id), "a%lld-status", (long long)a->key);
    json_object_set_new(
        row, "f_status",
        form_select_field(id, "status", tr("plan.status"), status_options(st, false), errors));
    snprintf(id, sizeof(id), "a%lld-ends_on", (long long)a->key);
    json_object_set_new(row, "f_ends_on",
                        form_text_field(id, "ends_on", tr("plan.ends_on"),
                                        posted ? page_field(req, "ends_on") : a->ends_on,
                                        tr("plan.ends_on_hint"), "date", errors));
    snprintf(id, sizeof(id), "a%lld-stop_reason", (long long)a->key);
    json_object_set_new(row, "f_stop_reason",
                        form_text_field(id, "stop_reason", tr("plan.stop_reason"),
                                        posted ? page_field(req, "stop_reason") : a->stop_reason,
                                        tr("plan.stop_reason_hint"), NULL, errors));
    snprintf(id, sizeof(id), "a%lld-units", (long long)a->key);
    json_object_set_new(row, "f_units",
                        form_text_field(id, "units", tr("plan.units_of"),
                                        posted ? page_field(req, "units") : int_text(req, a->units),
                                        plan_unit_label(a->unit, 2), "short", errors));
    snprintf(id, sizeof(id), "a%lld-responsible", (long long)a->key);
    json_object_set_new(row, "f_responsible",
                        form_text_field(id, "responsible", tr("plan.responsible"),
                                        posted ? page_field(req, "responsible") : a->responsible,
                                        NULL, NULL, errors));
    return row;
}

/* The label of a service in the select: price and what is left. */
static const char *service_label(struct request *req, const struct service *s)
{
    const struct catalogue_terms *ct = &s->terms[0];
    const struct service_terms *t = &ct->terms;
    struct arena *a = &req->arena;
    const char *left = t->has_budget
                           ? arena_printf(a, "%s %s", tr("plan.budget_left"),
                                          plan_money(a, t->budget_cents - ct->spent_cents))
                           : tr("plan.no_budget_limit");
    return arena_printf(a, "%s (%s) \xE2\x80\x93 %s %s %s; %s", s->name, s->provider_name,
                        plan_money(a, t->price_cents), tr("plan.per"), plan_unit_label(s->unit, 1),
                        left);
}

static json_t *service_rows(struct request *req, const struct service *list, int n,
                            json_t **options)
{
    struct arena *a = &req->arena;
    json_t *rows = json_array();
    *options = json_array();
    json_array_append_new(*options, form_option("", tr("form.choose"), false));
    const char *chosen = page_field(req, "service_id");
    for (int i = 0; i < n; i++) {
        const struct service *s = &list[i];
        if (s->nterms < 1)
            continue;
        const struct catalogue_terms *ct = &s->terms[0];
        const struct service_terms *t = &ct->terms;
        const char *id = int_text(req, s->id);
        json_array_append_new(*options,
                              form_option(id, service_label(req, s), strcmp(chosen, id) == 0));
        json_array_append_new(
            rows,
            json_pack("{s:s, s:s, s:o, s:s, s:s, s:s}", "name", s->name, "provider",
                      s->provider_name, "target_group",
                      *s->target_group ? json_string(s->target_group) : json_null(), "price",
                      arena_printf(a, "%s %s %s", plan_money(a, t->price_cents), tr("plan.per"),
                                   plan_unit_label(s->unit, 1)),
                      "budget_left",
                      t->has_budget ? plan_money(a, t->budget_cents - ct->spent_cents)
                                    : tr("plan.no_budget_limit"),
                      "places",
                      t->has_places ? arena_printf(a, "%lld / %lld", (long long)ct->places_used,
                                                   (long long)t->places)
                                    : tr("plan.no_places_limit")));
    }
    return rows;
}

static void render_plan(struct request *req, struct response *resp, int status,
                        const struct plan_page_errors *pe)
{
    struct door d;
    req_door(req, &d);
    int64_t id = request_param_id(req, 0);
    struct plan p;
    struct case_file c;
    struct plan_version *vs = NULL;
    int nv = 0;
    enum rc rc = door_plan_get(&d, id, &p, &c);
    if (!rc)
        rc = door_plan_versions(&d, id, &vs, &nv);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    bool can_write = req_auth(req)->actor.role == ROLE_CASE_MANAGER && c.phase != CASE_AFGESLOTEN;
    struct service *services = NULL;
    int nservices = 0;
    const char *municipality_name = c.municipality;
    if (can_write) {
        struct app *app = req_app(req);
        struct db *db = store_acquire(app->store);
        rc = catalogue_list(db, &req->arena, c.municipality, false, plan_current_year(), &services,
                            &nservices);
        const char *name = directory_municipality_name(db, &req->arena, c.municipality);
        store_release(app->store, db);
        if (rc) {
            page_rc_error(req, resp, rc);
            return;
        }
        if (name)
            municipality_name = name;
    }
    json_t *errors = pe ? pe->by_id : NULL;
    struct arena *a = &req->arena;

    json_t *goals = json_array();
    for (int g = 0; g < p.ngoals; g++) {
        json_t *rows = json_array();
        for (int i = 0; i < p.nactivities; i++)
            if (p.activities[i].goal == p.goals[g].position)
                json_array_append_new(rows, activity_row(req, &p.activities[i], can_write, pe));
        json_array_append_new(goals, json_pack("{s:i, s:s, s:o}", "position", p.goals[g].position,
                                               "text", p.goals[g].text, "rows", rows));
    }
    json_t *loose = json_array();
    for (int i = 0; i < p.nactivities; i++)
        if (p.activities[i].goal < 1 || p.activities[i].goal > p.ngoals)
            json_array_append_new(loose, activity_row(req, &p.activities[i], can_write, pe));

    json_t *versions = json_array();
    for (int i = 0; i < nv; i++)
        json_array_append_new(
            versions,
            json_pack("{s:i, s:s, s:s, s:i, s:i, s:s, s:s}", "version", vs[i].version, "at",
                      page_date_nl(req, vs[i].created_at), "by", vs[i].created_by, "goals",
                      vs[i].ngoals, "activities", vs[i].nactivities, "cost",
                      plan_money(a, vs[i].total_cost_cents), "agreement",
                      vs[i].agreed ? arena_printf(a, "%s (%s)", page_date_nl(req, vs[i].agreed_on),
                                                  plan_how_label(vs[i].agreed_how))
                                   : tr("plan.not_agreed")));

    char key[40];
    snprintf(key, sizeof(key), "phase.%s", case_phase_name(c.phase));
    json_t *ctx = json_pack(
        "{s:{s:I, s:I, s:s, s:s}, s:{s:b, s:i, s:b, s:s, s:s, s:s, s:s}, s:o, s:{s:o}, s:o, s:b,"
        " s:s, s:o}",
        "case", "id", (json_int_t)c.id, "resident_id", (json_int_t)c.resident_id, "resident_name",
        c.resident_name, "phase_label", tr(key), "plan", "exists", p.version > 0, "version",
        p.version, "agreed", p.agreed, "agreement",
        p.agreed ? arena_printf(a, "%s %s (%s)", tr("plan.agreed_on"),
                                page_date_nl(req, p.agreed_on), plan_how_label(p.agreed_how))
                 : "",
        "created", page_date_nl(req, p.created_at), "created_by", p.created_by, "total",
        plan_money(a, p.total_cost_cents), "goals", goals, "loose", "rows", loose, "versions",
        versions, "can_write", can_write, "municipality_name", municipality_name, "error_summary",
        pe && pe->summary ? json_incref(pe->summary) : json_array());

    if (can_write) {
        bool posted_activity = pe && strcmp(pe->form, "activity") == 0;
        bool posted_goal = pe && strcmp(pe->form, "goal") == 0;
        bool posted_agreement = pe && strcmp(pe->form, "agreement") == 0;
        json_t *options;
        json_object_set_new(ctx, "services", service_rows(req, services, nservices, &options));
        json_object_set_new(ctx, "f_service",
                            form_select_field("activity-service_id", "service_id",
                                              tr("plan.service"), options, errors));
        json_t *goal_options = json_array();
        const char *chosen_goal = posted_activity ? page_field(req, "goal") : "";
        json_array_append_new(goal_options,
                              form_option("0", tr("plan.no_goal"), strcmp(chosen_goal, "0") == 0));
        for (int g = 0; g < p.ngoals; g++) {
            const char *v = int_text(req, p.goals[g].position);
            bool sel = *chosen_goal ? strcmp(chosen_goal, v) == 0 : g == p.ngoals - 1;
            json_array_append_new(goal_options,
                                  form_option(v,
                                              arena_printf(a, "%s %d: %s", tr("plan.goal"),
                                                           p.goals[g].position, p.goals[g].text),
                                              sel));
        }
        json_object_set_new(
            ctx, "f_goal_of",
            form_select_field("activity-goal", "goal", tr("plan.goal_of"), goal_options, errors));
        json_object_set_new(ctx, "f_units_new",
                            form_text_field("activity-units", "units", tr("plan.units_of"),
                                            posted_activity ? page_field(req, "units") : "1",
                                            tr("plan.units_hint"), "short", errors));
        struct date today;
        char today_text[11] = "";
        if (date_today(&today))
            date_format(&today, today_text);
        json_object_set_new(
            ctx, "f_starts_on",
            form_text_field("activity-starts_on", "starts_on", tr("plan.starts_on"),
                            posted_activity ? page_field(req, "starts_on") : today_text,
                            tr("plan.date_hint"), "date", errors));
        json_t *ends = form_text_field("activity-ends_on", "ends_on", tr("plan.ends_on"),
                                       posted_activity ? page_field(req, "ends_on") : "",
                                       tr("plan.date_hint"), "date", errors);
        json_object_set_new(ends, "optional", json_true());
        json_object_set_new(ctx, "f_ends_on_new", ends);
        json_t *resp_field =
            form_text_field("activity-responsible", "responsible", tr("plan.responsible"),
                            posted_activity ? page_field(req, "responsible") : "",
                            tr("plan.responsible_hint"), NULL, errors);
        json_object_set_new(resp_field, "optional", json_true());
        json_object_set_new(ctx, "f_responsible_new", resp_field);
        enum activity_status st = ACTIVITY_GEPLAND;
        if (posted_activity)
            activity_status_parse(page_field(req, "status"), &st);
        json_object_set_new(ctx, "f_status_new",
                            form_select_field("activity-status", "status", tr("plan.status"),
                                              status_options(st, true), errors));
        json_object_set_new(ctx, "f_goal",
                            form_text_field("goal-text", "text", tr("plan.goal_text"),
                                            posted_goal ? page_field(req, "text") : "",
                                            tr("plan.goal_hint"), NULL, errors));
        json_object_set_new(
            ctx, "f_agreed_on",
            form_text_field("agreement-agreed_on", "agreed_on", tr("plan.agreed_on_label"),
                            posted_agreement ? page_field(req, "agreed_on") : today_text,
                            tr("plan.date_hint"), "date", errors));
        json_t *hows = json_array();
        const char *chosen_how = posted_agreement ? page_field(req, "how") : "";
        json_array_append_new(hows, form_option("", tr("form.choose"), false));
        for (int h = 0; h < AGREEMENT_HOW_COUNT; h++)
            json_array_append_new(
                hows,
                form_option(agreement_how_name((enum agreement_how)h),
                            plan_how_label((enum agreement_how)h),
                            strcmp(chosen_how, agreement_how_name((enum agreement_how)h)) == 0));
        json_object_set_new(
            ctx, "f_how", form_select_field("agreement-how", "how", tr("plan.how"), hows, errors));
    }
    page_render(req, resp, status, "plan",
                arena_printf(a, "%s %s %lld", tr("plan.title"), tr("case.title"), (long long)c.id),
                ctx);
}

void page_plan(struct request *req, struct response *resp)
{
    render_plan(req, resp, 200, NULL);
}

void page_plan_pdf(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    plan_pdf_answer(req, resp, &d, request_param_id(req, 0), page_rc_error);
}

/* The field id on the page of a problem with the plan that was sent. */
static const char *error_id(struct request *req, const struct plan_page_errors *pe,
                            const struct plan_error *e)
{
    if (strcmp(e->part, "goals") == 0)
        return "goal-text";
    if (strcmp(e->part, "activities") == 0) {
        if (pe->edit_key)
            return arena_printf(&req->arena, "a%lld-%s", (long long)pe->edit_key, e->field);
        return arena_printf(&req->arena, "activity-%s", e->field);
    }
    if (strcmp(pe->form, "agreement") == 0 && strcmp(e->field, "version") != 0)
        return arena_printf(&req->arena, "agreement-%s", e->field);
    return NULL;
}

/* Renders the page again after a refused write of form `form`. */
static void plan_failed(struct request *req, struct response *resp, enum rc rc, const char *form,
                        int64_t edit_key, int index, const struct plan_errors *errs,
                        const struct plan_refusal *refusal)
{
    if (rc != RC_INVALID && rc != RC_CONFLICT) {
        page_rc_error(req, resp, rc);
        return;
    }
    struct plan_page_errors pe = {.form = form, .edit_key = edit_key, .index = index};
    pe.by_id = json_object();
    pe.summary = json_array();
    if (rc == RC_CONFLICT && refusal && refusal->verdict != BUDGET_OK) {
        const char *target = edit_key
                                 ? arena_printf(&req->arena, "a%lld-units", (long long)edit_key)
                                 : "activity-service_id";
        const char *text = plan_refusal_text(&req->arena, refusal);
        json_object_set_new(pe.by_id, target, json_string(text));
        json_array_append_new(pe.summary,
                              json_pack("{s:s, s:s}", "field", target, "message", text));
    } else {
        int n = errs->count < PLAN_MAX_ERRORS ? errs->count : PLAN_MAX_ERRORS;
        for (int i = 0; i < n; i++) {
            const struct plan_error *e = &errs->list[i];
            /* Only the posted element's problems belong to its form; the
             * rest of the plan was as stored. */
            if (strcmp(e->part, "activities") == 0 && e->index != index)
                continue;
            const char *target = error_id(req, &pe, e);
            const char *msg = tr(e->msg);
            if (target && !json_object_get(pe.by_id, target))
                json_object_set_new(pe.by_id, target, json_string(msg));
            json_array_append_new(
                pe.summary,
                json_pack("{s:s, s:s}", "field", target ? target : "inhoud", "message", msg));
        }
    }
    render_plan(req, resp, rc == RC_CONFLICT ? 409 : 422, &pe);
    json_decref(pe.by_id);
    json_decref(pe.summary);
}

/* A whole decimal number from a form field; `bad` when it is not one. */
static int64_t form_int(const char *s, int64_t bad)
{
    if (!*s || strlen(s) > 12 || strspn(s, "0123456789") != strlen(s))
        return bad;
    return strtoll(s, NULL, 10);
}

/* Copies the current plan into a new one with room for one more goal and
 * activity. */
static void plan_copy(struct request *req, const struct plan *cur, struct plan *next)
{
    *next = *cur;
    next->goals = arena_alloc(&req->arena, sizeof(*next->goals) * (size_t)(cur->ngoals + 1));
    next->activities =
        arena_alloc(&req->arena, sizeof(*next->activities) * (size_t)(cur->nactivities + 1));
    if (cur->ngoals)
        memcpy(next->goals, cur->goals, sizeof(*next->goals) * (size_t)cur->ngoals);
    if (cur->nactivities)
        memcpy(next->activities, cur->activities,
               sizeof(*next->activities) * (size_t)cur->nactivities);
}

static void redirect_saved(struct request *req, struct response *resp, const char *flash,
                           const char *anchor)
{
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/dossiers/%lld/plan?melding=%s#%s",
                               (long long)request_param_id(req, 0), flash, anchor));
}

/* Reads the current plan, lets change() edit a copy and stores it. */
static enum rc plan_edit(struct request *req, struct plan *next, struct plan_errors *errs,
                         struct plan_refusal *refusal,
                         bool (*change)(struct request *, struct plan *, void *), void *arg)
{
    struct door d;
    req_door(req, &d);
    struct plan cur;
    int64_t id = request_param_id(req, 0);
    memset(errs, 0, sizeof(*errs));
    memset(refusal, 0, sizeof(*refusal));
    enum rc rc = door_plan_get(&d, id, &cur, NULL);
    if (!rc) {
        plan_copy(req, &cur, next);
        rc = change(req, next, arg) ? door_plan_put(&d, id, next, NULL, errs, refusal)
                                    : RC_NOT_FOUND;
    }
    door_release(&d);
    return rc;
}

static bool add_goal(struct request *req, struct plan *p, void *arg)
{
    (void)arg;
    p->goals[p->ngoals++] = (struct plan_goal){0, page_field(req, "text")};
    return true;
}

void page_plan_goal(struct request *req, struct response *resp)
{
    struct plan next;
    struct plan_errors errs;
    struct plan_refusal refusal;
    enum rc rc = plan_edit(req, &next, &errs, &refusal, add_goal, NULL);
    if (rc) {
        plan_failed(req, resp, rc, "goal", 0, -1, &errs, &refusal);
        return;
    }
    redirect_saved(req, resp, "doel_toegevoegd", "doelen");
}

static bool add_activity(struct request *req, struct plan *p, void *arg)
{
    struct plan_activity *a = &p->activities[p->nactivities++];
    memset(a, 0, sizeof(*a));
    int64_t goal = form_int(page_field(req, "goal"), -1);
    a->goal = goal > PLAN_MAX_GOALS ? -1 : (int)goal;
    a->service_id = form_int(page_field(req, "service_id"), 0);
    a->units = form_int(page_field(req, "units"), 0);
    a->responsible = page_field(req, "responsible");
    a->starts_on = page_field(req, "starts_on");
    a->ends_on = page_field(req, "ends_on");
    a->stop_reason = "";
    if (!activity_status_parse(page_field(req, "status"), &a->status))
        a->status = ACTIVITY_STATUS_COUNT;
    *(int *)arg = p->nactivities - 1;
    return true;
}

void page_plan_activity(struct request *req, struct response *resp)
{
    struct plan next;
    struct plan_errors errs;
    struct plan_refusal refusal;
    int index = -1;
    enum rc rc = plan_edit(req, &next, &errs, &refusal, add_activity, &index);
    if (rc) {
        plan_failed(req, resp, rc, "activity", 0, index, &errs, &refusal);
        return;
    }
    redirect_saved(req, resp, "activiteit_toegevoegd", "doelen");
}

struct activity_change {
    int64_t key;
    int index; /* set: where the key was found, -1 when it was not */
};

static bool change_activity(struct request *req, struct plan *p, void *arg)
{
    struct activity_change *ch = arg;
    for (int i = 0; i < p->nactivities; i++) {
        struct plan_activity *a = &p->activities[i];
        if (a->key != ch->key)
            continue;
        ch->index = i;
        if (!activity_status_parse(page_field(req, "status"), &a->status))
            a->status = ACTIVITY_STATUS_COUNT;
        a->ends_on = page_field(req, "ends_on");
        /* The stop reason is always on the form; it only counts for gestopt. */
        a->stop_reason = a->status == ACTIVITY_GESTOPT ? page_field(req, "stop_reason") : "";
        a->units = form_int(page_field(req, "units"), 0);
        a->responsible = page_field(req, "responsible");
        return true;
    }
    return false;
}

void page_plan_activity_change(struct request *req, struct response *resp)
{
    struct plan next;
    struct plan_errors errs;
    struct plan_refusal refusal;
    struct activity_change ch = {request_param_id(req, 1), -1};
    enum rc rc = plan_edit(req, &next, &errs, &refusal, change_activity, &ch);
    if (rc) {
        plan_failed(req, resp, rc, "edit", ch.key, ch.index, &errs, &refusal);
        return;
    }
    redirect_saved(req, resp, "activiteit_gewijzigd",
                   arena_printf(&req->arena, "activiteit-%lld", (long long)ch.key));
}

void page_plan_agreement(struct request *req, struct response *resp)
{
    struct plan_errors errs = {0};
    enum agreement_how how = AGREEMENT_HOW_COUNT;
    agreement_how_parse(page_field(req, "how"), &how);
    struct door d;
    req_door(req, &d);
    enum rc rc = door_plan_agree(&d, request_param_id(req, 0), page_field(req, "agreed_on"), how,
                                 &errs, NULL);
    door_release(&d);
    if (rc) {
        plan_failed(req, resp, rc, "agreement", 0, -1, &errs, NULL);
        return;
    }
    redirect_saved(req, resp, "akkoord_vastgelegd", "inhoud");
}
