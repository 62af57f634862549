/* Pages for residents: search, register, view, edit. */
#include <stdio.h>
#include <string.h>

#include "door_proposal.h"
#include "pages.h"
#include "router.h"
#include "urlcode.h"
#include "banned.h"

#define PAGE_SIZE 25

static const char *label(const char *prefix, const char *name)
{
    char key[64];
    snprintf(key, sizeof(key), "%s.%s", prefix, name);
    return tr(key);
}

static json_t *case_row(struct request *req, const struct case_file *c)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)c->id, "resident_id",
                     (json_int_t)c->resident_id, "resident_name",
                     c->resident_name ? c->resident_name : "", "phase_label",
                     label("phase", case_phase_name(c->phase)), "route_label",
                     c->route == ROUTE_NONE ? "" : label("route", case_route_name(c->route)),
                     "opened", page_date_nl(req, c->opened_at), "closed",
                     c->closed_at && *c->closed_at ? page_date_nl(req, c->closed_at) : "");
}

void page_home(struct request *req, struct response *resp)
{
    struct auth *au = req_auth(req);
    if (au->user.role == ROLE_RESIDENT && au->user.resident_id) {
        page_redirect(req, resp,
                      arena_printf(&req->arena, "/inwoners/%lld", (long long)au->user.resident_id));
        return;
    }
    if (au->user.role == ROLE_ADMIN) {
        page_redirect(req, resp, "/beheer/gebruikers");
        return;
    }
    if (au->user.role == ROLE_AUDITOR) {
        page_redirect(req, resp, "/inzagelog");
        return;
    }
    if (au->user.role == ROLE_JOB_COACH) {
        page_partner_home(req, resp);
        return;
    }
    if (au->user.role == ROLE_EMPLOYER_ADVISER) {
        page_adviser_home(req, resp);
        return;
    }
    if (au->user.role == ROLE_EMPLOYER) {
        page_employer_home(req, resp);
        return;
    }
    struct door d;
    req_door(req, &d);
    struct caseload load;
    enum rc rc = door_caseload(&d, 50, &load);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *phases = json_array();
    int64_t total = 0;
    for (int p = 0; p < CASE_PHASE_COUNT; p++) {
        json_array_append_new(phases, json_pack("{s:s, s:s, s:I}", "name",
                                                case_phase_name((enum case_phase)p), "label",
                                                label("phase", case_phase_name((enum case_phase)p)),
                                                "count", (json_int_t)load.per_phase[p]));
        if (p != CASE_AFGESLOTEN)
            total += load.per_phase[p];
    }
    json_t *cases = json_array();
    for (int i = 0; i < load.ncases; i++)
        json_array_append_new(cases, case_row(req, &load.cases[i]));
    page_render(req, resp, 200, "home", tr("home.title"),
                json_pack("{s:o, s:o, s:I, s:o}", "phases", phases, "cases", cases, "total",
                          (json_int_t)total, "tasks", page_task_counts(req)));
}

static const char *page_url(struct request *req, const char *q, int offset)
{
    struct buf b;
    buf_init(&b, 1024);
    buf_puts(&b, "/inwoners?q=");
    url_encode(&b, q);
    buf_printf(&b, "&offset=%d", offset);
    const char *s = arena_strdup(&req->arena, b.data ? b.data : "/inwoners");
    buf_release(&b);
    return s;
}

void page_residents(struct request *req, struct response *resp)
{
    const char *q = NULL, *off = NULL;
    enum rc qrc = request_query_get(req, "q", &q);
    if (qrc == RC_INVALID) {
        page_error(req, resp, 400, "error.bad_request");
        return;
    }
    int offset = 0;
    if (request_query_get(req, "offset", &off) == RC_OK) {
        char *end;
        long v = strtol(off, &end, 10);
        if (*end || v < 0 || v > 1000000) {
            page_error(req, resp, 400, "error.bad_request");
            return;
        }
        offset = (int)v;
    }
    bool searched = q != NULL;
    if (!q)
        q = "";
    if (strlen(q) > 200) {
        page_error(req, resp, 400, "error.too_big");
        return;
    }
    json_t *results = json_array();
    int64_t total = 0;
    if (searched) {
        struct door d;
        req_door(req, &d);
        struct resident *list;
        int n;
        enum rc rc = door_resident_search(&d, q, PAGE_SIZE, offset, &list, &n, &total);
        door_release(&d);
        if (rc) {
            json_decref(results);
            if (rc == RC_INVALID)
                page_error(req, resp, 400, "error.search_words");
            else
                page_rc_error(req, resp, rc);
            return;
        }
        for (int i = 0; i < n; i++) {
            const struct resident *r = &list[i];
            json_array_append_new(
                results, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id,
                                   "name", resident_display_name(&req->arena, r), "bsn", r->bsn,
                                   "birth_date", page_date_nl(req, r->birth_date), "postcode",
                                   r->postcode, "municipality_name", r->municipality_name));
        }
    }
    json_t *ctx = json_pack("{s:s, s:b, s:o, s:I}", "q", q, "searched", searched, "results",
                            results, "total", (json_int_t)total);
    if (total > DOOR_COUNT_MAX)
        json_object_set_new(ctx, "total", json_string(tr("search.more_than_max")));
    if (offset > 0)
        json_object_set_new(
            ctx, "prev_url",
            json_string(page_url(req, q, offset > PAGE_SIZE ? offset - PAGE_SIZE : 0)));
    if (offset + PAGE_SIZE < total)
        json_object_set_new(ctx, "next_url", json_string(page_url(req, q, offset + PAGE_SIZE)));
    page_render(req, resp, 200, "residents", tr("search.title"), ctx);
}

/* The municipality choices of the form: those the user works for. */
static json_t *municipality_options(struct request *req, const char *selected)
{
    struct app *app = req_app(req);
    const struct policy_actor *a = &req_auth(req)->actor;
    struct db *db = store_acquire(app->store);
    json_t *list = json_array();
    for (int i = 0; i < a->nmunicipalities; i++) {
        const char *name = directory_municipality_name(db, &req->arena, a->municipalities[i]);
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:b}", "code", a->municipalities[i], "name",
                                        name ? name : a->municipalities[i], "selected",
                                        (selected && strcmp(selected, a->municipalities[i]) == 0) ||
                                            (!selected && a->nmunicipalities == 1)));
    }
    store_release(app->store, db);
    return list;
}

static void render_form(struct request *req, struct response *resp, int status,
                        const struct resident *r, const struct field_errors *errs, bool edit)
{
    json_t *values = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "bsn", r->bsn ? r->bsn : "", "first_name",
        r->first_name ? r->first_name : "", "prefix", r->prefix ? r->prefix : "", "last_name",
        r->last_name ? r->last_name : "", "birth_date", r->birth_date ? r->birth_date : "",
        "postcode", r->postcode ? r->postcode : "", "municipality",
        r->municipality ? r->municipality : "", "email", r->email ? r->email : "", "phone",
        r->phone ? r->phone : "");
    json_t *errors = json_object();
    json_t *summary = json_array();
    for (int f = 0; errs && f < RF_COUNT; f++) {
        if (!errs->msg[f])
            continue;
        const char *field = resident_field_name((enum resident_field)f);
        char label_key[40];
        snprintf(label_key, sizeof(label_key), "resident.%s", field);
        json_object_set_new(errors, field, json_string(tr(errs->msg[f])));
        json_array_append_new(summary, json_pack("{s:s, s:s}", "field", field, "message",
                                                 arena_printf(&req->arena, "%s: %s", tr(label_key),
                                                              tr(errs->msg[f]))));
    }
    const char *action =
        edit ? arena_printf(&req->arena, "/inwoners/%lld/bewerken", (long long)r->id)
             : "/inwoners/nieuw";
    const char *heading = tr(edit ? "resident.edit" : "resident.new");
    page_render(req, resp, status, "resident_form", heading,
                json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:o}", "action", action, "heading",
                          heading, "edit", edit, "values", values, "errors", errors,
                          "error_summary", summary, "municipalities",
                          municipality_options(req, r->municipality)));
}

static bool may_register(struct request *req)
{
    const struct policy_actor *a = &req_auth(req)->actor;
    return a->role == ROLE_CASE_MANAGER && a->nmunicipalities > 0;
}

void page_resident_new(struct request *req, struct response *resp)
{
    if (!may_register(req)) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    struct resident r = {0};
    render_form(req, resp, 200, &r, NULL, false);
}

static void read_posted(struct request *req, struct resident *r)
{
    r->bsn = page_field(req, "bsn");
    r->first_name = page_field(req, "first_name");
    r->prefix = page_field(req, "prefix");
    r->last_name = page_field(req, "last_name");
    r->birth_date = page_field(req, "birth_date");
    r->postcode = page_field(req, "postcode");
    r->municipality = page_field(req, "municipality");
    r->email = page_field(req, "email");
    r->phone = page_field(req, "phone");
}

static int form_status(enum rc rc)
{
    return rc == RC_CONFLICT ? 409 : rc == RC_FORBIDDEN ? 403 : 422;
}

void page_resident_create(struct request *req, struct response *resp)
{
    if (!may_register(req)) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    struct resident r = {0};
    read_posted(req, &r);
    struct resident typed = r;
    struct door d;
    req_door(req, &d);
    struct field_errors errs = {0};
    enum rc rc = door_resident_create(&d, &r, &errs);
    door_release(&d);
    if (rc && errs.count) {
        /* Show what the user typed, not the cleaned-up values. */
        render_form(req, resp, form_status(rc), &typed, &errs, false);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/inwoners/%lld?melding=opgeslagen", (long long)r.id));
}

/* For the resident themself: the work they were proposed for, how far it
 * got, and whether the employer sees who they are. */
static enum rc own_proposals_section(struct request *req, json_t *ctx)
{
    struct door d;
    req_door(req, &d);
    struct proposal *list;
    int n = 0;
    enum rc rc = door_proposal_list(&d, 0, 0, 50, &list, &n);
    door_release(&d);
    if (rc)
        return rc;
    json_t *rows = json_array();
    for (int i = 0; i < n; i++) {
        const struct proposal *p = &list[i];
        json_array_append_new(
            rows, json_pack("{s:s, s:s, s:s, s:s, s:b}", "title", p->vacancy_title, "employer",
                            p->employer_name, "status",
                            label("proposal_status", proposal_status_name(p->status)), "since",
                            page_date_nl(req, arena_strndup(&req->arena, p->updated_at, 10)),
                            "shown",
                            p->profile_shared && p->consent_profile));
    }
    json_object_set_new(ctx, "own_proposals", rows);
    return RC_OK;
}

void page_resident(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct resident r;
    struct case_file *cases = NULL;
    int ncases = 0;
    int64_t id = request_param_id(req, 0);
    enum rc rc = door_resident_get(&d, id, &r);
    if (!rc)
        rc = door_case_list(&d, id, &cases, &ncases);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *rows = json_array();
    for (int i = 0; i < ncases; i++)
        json_array_append_new(rows, case_row(req, &cases[i]));
    const char *name = resident_display_name(&req->arena, &r);
    json_t *resident = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r.id, "name", name, "bsn",
        r.bsn, "birth_date", page_date_nl(req, r.birth_date), "postcode", r.postcode,
        "municipality_name", r.municipality_name, "email", r.email, "phone", r.phone);
    bool professional = req_auth(req)->actor.role == ROLE_CASE_MANAGER;
    json_t *ctx = json_pack("{s:o, s:o, s:b, s:b}", "resident", resident, "cases", rows,
                            "can_open_case", professional, "can_edit", professional);
    rc = page_resident_consents_section(req, id, ctx);
    if (!rc && req_auth(req)->actor.role == ROLE_RESIDENT)
        rc = own_proposals_section(req, ctx);
    if (rc) {
        json_decref(ctx);
        page_rc_error(req, resp, rc);
        return;
    }
    page_render(req, resp, 200, "resident", name, ctx);
}

void page_resident_edit(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct resident r;
    enum rc rc = door_resident_get(&d, request_param_id(req, 0), &r);
    door_release(&d);
    if (!rc && req_auth(req)->actor.role != ROLE_CASE_MANAGER)
        rc = RC_FORBIDDEN;
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    render_form(req, resp, 200, &r, NULL, true);
}

void page_resident_update(struct request *req, struct response *resp)
{
    struct resident r = {0};
    read_posted(req, &r);
    r.id = request_param_id(req, 0);
    struct resident typed = r;
    struct door d;
    req_door(req, &d);
    struct field_errors errs = {0};
    enum rc rc = door_resident_update(&d, &r, &errs);
    door_release(&d);
    if (rc && errs.count) {
        render_form(req, resp, form_status(rc), &typed, &errs, true);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/inwoners/%lld?melding=opgeslagen", (long long)r.id));
}
