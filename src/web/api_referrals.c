/* Referrals, consents, organisations and the task inbox under /api/v1. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "door_consent.h"
#include "door_referral.h"
#include "door_tasks.h"
#include "router.h"
#include "banned.h"

static const char *purpose_label(enum referral_purpose p)
{
    char key[64];
    snprintf(key, sizeof(key), "purpose.%s", referral_purpose_name(p));
    return tr(key);
}

static json_t *nullable_id(int64_t id)
{
    return id > 0 ? json_integer((json_int_t)id) : json_null();
}

static json_t *referral_json(const struct referral *f)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:o, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                          (json_int_t)f->id, "case_id", (json_int_t)f->case_id, "resident_id",
                          (json_int_t)f->resident_id, "activity_key", nullable_id(f->activity_key),
                          "activity_name", f->activity_name, "organisation_id",
                          (json_int_t)f->organisation_id, "organisation_name", f->organisation_name,
                          "purpose", referral_purpose_name(f->purpose), "purpose_label",
                          purpose_label(f->purpose), "legal_basis", f->legal_basis, "status",
                          referral_status_name(f->status), "decline_reason", f->decline_reason);
    json_object_set_new(o, "resident_name", json_string(f->resident_name ? f->resident_name : ""));
    json_object_set_new(o, "municipality", json_string(f->municipality ? f->municipality : ""));
    json_object_set_new(o, "municipality_name",
                        json_string(f->municipality_name ? f->municipality_name : ""));
    json_object_set_new(o, "created_by", json_string(f->created_by));
    json_object_set_new(o, "created_at", json_string(f->created_at));
    json_object_set_new(o, "decided_by", json_string(f->decided_by));
    json_object_set_new(o, "decided_at", json_string(f->decided_at));
    json_object_set_new(o, "ended_by", json_string(f->ended_by));
    json_object_set_new(o, "ended_at", json_string(f->ended_at));
    return o;
}

static int64_t json_id(json_t *in, const char *name)
{
    json_t *v = json_object_get(in, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

void api_case_referrals_create(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"organisation_id", JSON_INTEGER, true},
        {"purpose", JSON_STRING, true},
        {"legal_basis", JSON_STRING, true},
        {"activity_key", JSON_INTEGER, false},
    };
    json_t *in = api_read_object(req, resp, fields, 4);
    if (!in)
        return;
    struct referral_input ri = {
        .organisation_id = json_id(in, "organisation_id"),
        .purpose = api_string(in, "purpose"),
        .legal_basis = api_string(in, "legal_basis"),
        .activity_key = json_id(in, "activity_key"),
    };
    /* 0 and negative numbers name nothing; the door tells which field. */
    if (json_is_integer(json_object_get(in, "activity_key")) && ri.activity_key <= 0)
        ri.activity_key = -1;
    if (ri.organisation_id <= 0)
        ri.organisation_id = 0;
    struct door d;
    req_door(req, &d);
    struct referral f;
    struct door_field_errors errs = {0};
    enum rc rc = door_referral_create(&d, request_param_id(req, 0), &ri, &f, &errs);
    door_release(&d);
    if (rc == RC_INVALID)
        api_problem(resp, 422, tr("error.invalid"), api_door_errors(&errs));
    else if (rc == RC_CONFLICT)
        api_problem(resp, 409, tr("referral.error_open"), NULL);
    else if (rc)
        api_problem_rc(resp, rc);
    else {
        response_header(resp, "Location",
                        arena_printf(&req->arena, "/api/v1/referrals/%lld", (long long)f.id));
        api_json(resp, 201, referral_json(&f));
    }
}

void api_case_referrals_list(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct referral *list;
    int n;
    enum rc rc = door_referral_list_case(&d, request_param_id(req, 0), &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, referral_json(&list[i]));
    api_list(resp, items, n);
}

void api_referrals_inbox(struct request *req, struct response *resp)
{
    if (request_query_malformed(req)) {
        api_problem(resp, 400, tr("error.bad_query"), NULL);
        return;
    }
    struct door d;
    req_door(req, &d);
    struct referral_inbox box;
    enum rc rc = door_referral_inbox(&d, 500, &box);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *pending = json_array(), *active = json_array();
    for (int i = 0; i < box.npending; i++)
        json_array_append_new(pending, referral_json(&box.pending[i]));
    for (int i = 0; i < box.nactive; i++)
        json_array_append_new(active, referral_json(&box.active[i]));
    api_json(resp, 200,
             json_pack("{s:o, s:o, s:I}", "pending", pending, "active", active, "total",
                       (json_int_t)(box.npending + box.nactive)));
}

/* The body of accept and end is optional: nothing, or an empty object. */
static bool read_empty_body(struct request *req, struct response *resp)
{
    return !req->body_len || api_read_object(req, resp, NULL, 0);
}

static void answer_move(struct response *resp, enum rc rc, const struct referral *f)
{
    if (rc == RC_CONFLICT)
        api_problem(resp, 409, tr("referral.error_status"), NULL);
    else if (rc == RC_INVALID)
        api_problem(
            resp, 422, tr("error.invalid"),
            json_pack("[{s:s, s:s}]", "field", "reason", "message", tr("referral.error_reason")));
    else if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, 200, referral_json(f));
}

void api_referral_accept(struct request *req, struct response *resp)
{
    if (!read_empty_body(req, resp))
        return;
    struct door d;
    req_door(req, &d);
    struct referral f;
    enum rc rc = door_referral_accept(&d, request_param_id(req, 0), &f);
    door_release(&d);
    answer_move(resp, rc, &f);
}

void api_referral_decline(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {{"reason", JSON_STRING, true}};
    json_t *in = api_read_object(req, resp, fields, 1);
    if (!in)
        return;
    struct door d;
    req_door(req, &d);
    struct referral f;
    enum rc rc = door_referral_decline(&d, request_param_id(req, 0), api_string(in, "reason"), &f);
    door_release(&d);
    answer_move(resp, rc, &f);
}

void api_referral_end(struct request *req, struct response *resp)
{
    if (!read_empty_body(req, resp))
        return;
    struct door d;
    req_door(req, &d);
    struct referral f;
    enum rc rc = door_referral_end(&d, request_param_id(req, 0), &f);
    door_release(&d);
    answer_move(resp, rc, &f);
}

/* ---- consents ---- */

static json_t *consent_json(const struct consent *k)
{
    return json_pack("{s:I, s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
                     (json_int_t)k->id, "resident_id", (json_int_t)k->resident_id, "scope",
                     consent_scope_name(k->scope), "organisation_id",
                     nullable_id(k->organisation_id), "organisation_name", k->organisation_name,
                     "given_on", k->given_on, "how", consent_how_name(k->how), "recorded_by",
                     k->recorded_by, "created_at", k->created_at, "revoked_at", k->revoked_at,
                     "revoked_by", k->revoked_by, "active", !*k->revoked_at);
}

void api_resident_consents_list(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct consent *list;
    int n;
    enum rc rc = door_consent_list(&d, request_param_id(req, 0), &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, consent_json(&list[i]));
    api_list(resp, items, n);
}

void api_resident_consents_create(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"scope", JSON_STRING, true},
        {"organisation_id", JSON_INTEGER, false},
        {"given_on", JSON_STRING, true},
        {"how", JSON_STRING, true},
    };
    json_t *in = api_read_object(req, resp, fields, 4);
    if (!in)
        return;
    struct consent_input ci = {
        .scope = api_string(in, "scope"),
        .organisation_id = json_id(in, "organisation_id"),
        .given_on = api_string(in, "given_on"),
        .how = api_string(in, "how"),
    };
    if (json_is_integer(json_object_get(in, "organisation_id")) && ci.organisation_id <= 0)
        ci.organisation_id = -1;
    struct door d;
    req_door(req, &d);
    struct consent k;
    struct door_field_errors errs = {0};
    enum rc rc = door_consent_create(&d, request_param_id(req, 0), &ci, &k, &errs);
    door_release(&d);
    if (rc == RC_INVALID) {
        api_problem(resp, 422, tr("error.invalid"), api_door_errors(&errs));
        return;
    }
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    response_header(resp, "Location",
                    arena_printf(&req->arena, "/api/v1/consents/%lld", (long long)k.id));
    api_json(resp, 201, consent_json(&k));
}

void api_consent_revoke(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct consent k;
    enum rc rc = door_consent_revoke(&d, request_param_id(req, 0), &k);
    door_release(&d);
    if (rc == RC_CONFLICT)
        api_problem(resp, 409, tr("consent.error_revoked"), NULL);
    else if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, 200, consent_json(&k));
}

/* ---- organisations and tasks ---- */

void api_organisations_list(struct request *req, struct response *resp)
{
    if (req_auth(req)->actor.role == ROLE_RESIDENT) {
        api_problem(resp, 403, tr("error.forbidden"), NULL);
        return;
    }
    if (request_query_malformed(req)) {
        api_problem(resp, 400, tr("error.bad_query"), NULL);
        return;
    }
    const char *kind_name = NULL;
    enum org_kind kind = ORG_KIND_COUNT;
    if (request_query_get(req, "kind", &kind_name) == RC_OK && !org_kind_parse(kind_name, &kind)) {
        api_problem(resp, 400, tr("organisation.error_kind"), NULL);
        return;
    }
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct organisation *orgs;
    int n;
    enum rc rc = directory_organisations(db, &req->arena, &orgs, &n);
    store_release(app->store, db);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    int count = 0;
    for (int i = 0; i < n; i++) {
        if (kind != ORG_KIND_COUNT && orgs[i].kind != kind)
            continue;
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s}", "id", (json_int_t)orgs[i].id, "name",
                                        orgs[i].name, "kind", org_kind_name(orgs[i].kind)));
        count++;
    }
    api_list(resp, items, count);
}

void api_tasks_list(struct request *req, struct response *resp)
{
    int limit, offset;
    if (!api_paging(req, resp, &limit, &offset))
        return;
    if (offset) {
        /* The inbox is a short list by kind and date: no pages. */
        api_problem(resp, 400, tr("error.paging"), NULL);
        return;
    }
    struct door d;
    req_door(req, &d);
    struct task_list tasks;
    enum rc rc = door_tasks(&d, limit, &tasks);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *counts = json_object();
    int64_t total = 0;
    for (int k = 0; k < TASK_KIND_COUNT; k++) {
        json_object_set_new(counts, task_kind_name((enum task_kind)k),
                            json_integer((json_int_t)tasks.count[k]));
        total += tasks.count[k];
    }
    json_t *items = json_array();
    for (int i = 0; i < tasks.n; i++) {
        const struct task *t = &tasks.items[i];
        json_array_append_new(items,
                              json_pack("{s:s, s:I, s:I, s:o, s:s, s:s, s:s}", "kind",
                                        task_kind_name(t->kind), "case_id", (json_int_t)t->case_id,
                                        "resident_id", (json_int_t)t->resident_id, "referral_id",
                                        nullable_id(t->referral_id), "resident_name",
                                        t->resident_name, "date", t->date, "detail", t->detail));
    }
    api_json(
        resp, 200,
        json_pack("{s:o, s:o, s:I}", "counts", counts, "items", items, "total", (json_int_t)total));
}
