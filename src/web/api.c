#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "door_referral.h"
#include "embedded.h"
#include "router.h"
#include "banned.h"

const struct route api_routes[] = {
    {"GET", "/api/v1/openapi.json", api_openapi},
    {"POST", "/api/v1/sessions", api_sessions_create},
    {"DELETE", "/api/v1/sessions/current", api_sessions_delete},
    {"GET", "/api/v1/users", api_users_list},
    {"GET", "/api/v1/audit", api_audit_list},
    {"GET", "/api/v1/residents", api_residents_list},
    {"POST", "/api/v1/residents", api_residents_create},
    {"GET", "/api/v1/residents/{id}", api_resident_get},
    {"PATCH", "/api/v1/residents/{id}", api_resident_patch},
    {"GET", "/api/v1/residents/{id}/cases", api_resident_cases_list},
    {"POST", "/api/v1/residents/{id}/cases", api_resident_cases_create},
    {"GET", "/api/v1/cases/{id}", api_case_get},
    {"POST", "/api/v1/cases/{id}/transitions", api_case_transition},
    {"GET", "/api/v1/cases/{id}/notes", api_case_notes_list},
    {"POST", "/api/v1/cases/{id}/notes", api_case_notes_create},
    {"GET", "/api/v1/esco/occupations", api_esco_occupations},
    {"GET", "/api/v1/esco/skills", api_esco_skills},
    {"GET", "/api/v1/cases/{id}/referrals", api_case_referrals_list},
    {"POST", "/api/v1/cases/{id}/referrals", api_case_referrals_create},
    {"GET", "/api/v1/referrals", api_referrals_inbox},
    {"POST", "/api/v1/referrals/{id}/accept", api_referral_accept},
    {"POST", "/api/v1/referrals/{id}/decline", api_referral_decline},
    {"POST", "/api/v1/referrals/{id}/end", api_referral_end},
    {"GET", "/api/v1/residents/{id}/consents", api_resident_consents_list},
    {"POST", "/api/v1/residents/{id}/consents", api_resident_consents_create},
    {"DELETE", "/api/v1/consents/{id}", api_consent_revoke},
    {"GET", "/api/v1/organisations", api_organisations_list},
    {"GET", "/api/v1/tasks", api_tasks_list},
    {"GET", "/api/v1/services", api_services_list},
    {"GET", "/api/v1/cases/{id}/plan", api_case_plan_get},
    {"PUT", "/api/v1/cases/{id}/plan", api_case_plan_put},
    {"POST", "/api/v1/cases/{id}/plan/agreement", api_case_plan_agree},
    {"GET", "/api/v1/cases/{id}/plan.pdf", api_case_plan_pdf},
    {"GET", "/api/v1/cases/{id}/intake", api_case_intake_get},
    {"PUT", "/api/v1/cases/{id}/intake", api_case_intake_put},
    {"GET", "/api/v1/employers", api_employers_list},
    {"POST", "/api/v1/employers", api_employers_create},
    {"GET", "/api/v1/employers/{id}", api_employer_get},
    {"PATCH", "/api/v1/employers/{id}", api_employer_patch},
    {"GET", "/api/v1/vacancies", api_vacancies_list},
    {"POST", "/api/v1/vacancies", api_vacancies_create},
    {"GET", "/api/v1/vacancies/{id}", api_vacancy_get},
    {"PATCH", "/api/v1/vacancies/{id}", api_vacancy_patch},
    {"GET", "/api/v1/vacancies/{id}/matches", api_vacancy_matches},
    {"GET", "/api/v1/residents/{id}/matches", api_resident_matches},
    {"GET", "/api/v1/proposals", api_proposals_list},
    {"POST", "/api/v1/proposals", api_proposals_create},
    {"GET", "/api/v1/proposals/{id}", api_proposal_get},
    {"POST", "/api/v1/proposals/{id}/transitions", api_proposal_transition},
    {"POST", "/api/v1/proposals/{id}/share", api_proposal_share},
    {"GET", "/api/v1/placements", api_placements_list},
    {"POST", "/api/v1/placements", api_placements_create},
    {"GET", "/api/v1/placements/{id}", api_placement_get},
    {"POST", "/api/v1/placements/{id}/checks", api_placement_check},
    {"GET", "/api/v1/cases/{id}/availability", api_case_availability_get},
    {"PUT", "/api/v1/cases/{id}/availability", api_case_availability_put},
};
const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);

static const char *status_title(int status)
{
    switch (status) {
    case 400:
        return "status.400";
    case 401:
        return "status.401";
    case 403:
        return "status.403";
    case 404:
        return "status.404";
    case 405:
        return "status.405";
    case 409:
        return "status.409";
    case 413:
        return "status.413";
    case 415:
        return "status.415";
    case 422:
        return "status.422";
    case 429:
        return "status.429";
    case 503:
        return "status.503";
    default:
        return "status.500";
    }
}

void api_json(struct response *resp, int status, json_t *value)
{
    resp->status = status;
    resp->content_type = "application/json";
    buf_reset(&resp->body);
    char *text = json_dumps(value, JSON_COMPACT);
    json_decref(value);
    if (!text || buf_puts(&resp->body, text)) {
        resp->status = 500;
        buf_reset(&resp->body);
        buf_puts(&resp->body, "{}");
    }
    free(text);
}

void api_problem(struct response *resp, int status, const char *detail, json_t *errors)
{
    json_t *p =
        json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", tr(status_title(status)),
                  "status", status, "detail", detail ? detail : tr(status_title(status)));
    if (errors)
        json_object_set_new(p, "errors", errors);
    api_json(resp, status, p);
    resp->content_type = "application/problem+json";
}

void api_problem_rc(struct response *resp, enum rc rc)
{
    int status = rc_http_status(rc);
    const char *key = "error.server";
    switch (rc) {
    case RC_NOT_FOUND:
        key = "error.not_found";
        break;
    case RC_FORBIDDEN:
        key = "error.forbidden";
        break;
    case RC_INVALID:
        key = "error.invalid";
        break;
    case RC_TOO_BIG:
        key = "error.too_big";
        break;
    case RC_CONFLICT:
        key = "error.conflict";
        break;
    case RC_UNAUTHORIZED:
        key = "error.unauthorized";
        break;
    case RC_THROTTLED:
        key = "login.throttled";
        break;
    case RC_BUSY:
    case RC_UNAVAILABLE:
        key = "error.unavailable";
        break;
    default:
        break;
    }
    api_problem(resp, status, tr(key), NULL);
}

static void decref(void *p)
{
    json_decref(p);
}

static bool is_json_content_type(const char *ct)
{
    if (!ct)
        return false;
    size_t n = strlen("application/json");
    return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

static const char *type_name(json_type t)
{
    switch (t) {
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_NULL:
        return "null";
    }
    return "?";
}

json_t *api_read_object(struct request *req, struct response *resp, const struct api_field *fields,
                        size_t nfields)
{
    if (!is_json_content_type(request_header(req, "Content-Type"))) {
        api_problem(resp, 415, tr("error.json_content_type"), NULL);
        return NULL;
    }
    json_error_t err;
    json_t *obj =
        json_loadb(req->body ? req->body : "", req->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!obj) {
        api_problem(resp, 400, arena_printf(&req->arena, "%s (%s)", tr("error.json"), err.text),
                    NULL);
        return NULL;
    }
    arena_defer(&req->arena, decref, obj);
    if (!json_is_object(obj)) {
        api_problem(resp, 400, tr("error.json_object"), NULL);
        return NULL;
    }
    json_t *errors = json_array();
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        const struct api_field *f = NULL;
        for (size_t i = 0; i < nfields; i++)
            if (strcmp(fields[i].name, key) == 0)
                f = &fields[i];
        if (!f) {
            json_array_append_new(
                errors, json_pack("{s:s, s:s}", "field", key, "message", tr("field.unknown")));
            continue;
        }
        bool type_ok = json_typeof(value) == f->type || (json_is_null(value) && !f->required) ||
                       (f->type == JSON_TRUE && json_is_boolean(value));
        if (!type_ok)
            json_array_append_new(errors,
                                  json_pack("{s:s, s:s}", "field", key, "message",
                                            arena_printf(&req->arena, "%s (%s)", tr("field.type"),
                                                         type_name(f->type))));
    }
    for (size_t i = 0; i < nfields; i++) {
        if (fields[i].required && !json_object_get(obj, fields[i].name))
            json_array_append_new(errors, json_pack("{s:s, s:s}", "field", fields[i].name,
                                                    "message", tr("field.required")));
    }
    if (json_array_size(errors)) {
        api_problem(resp, 400, tr("error.bad_request"), errors);
        return NULL;
    }
    json_decref(errors);
    return obj;
}

const char *api_string(json_t *obj, const char *name)
{
    json_t *v = json_object_get(obj, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads a whole decimal number in [min, max] from the query; absent is fine. */
static bool query_int(struct request *req, const char *name, long min, long max, long *out)
{
    const char *v;
    enum rc rc = request_query_get(req, name, &v);
    if (rc == RC_NOT_FOUND)
        return true;
    if (rc || !*v || strlen(v) > 10 || strspn(v, "0123456789") != strlen(v))
        return false;
    long n = strtol(v, NULL, 10);
    if (n < min || n > max)
        return false;
    *out = n;
    return true;
}

bool api_paging(struct request *req, struct response *resp, int *limit, int *offset)
{
    long l = 50, o = 0;
    if (request_query_malformed(req)) {
        api_problem(resp, 400, tr("error.bad_query"), NULL);
        return false;
    }
    if (!query_int(req, "limit", 1, 1000, &l) || !query_int(req, "offset", 0, 1000000000, &o)) {
        api_problem(resp, 400, tr("error.paging"), NULL);
        return false;
    }
    *limit = (int)l;
    *offset = (int)o;
    return true;
}

bool api_query_id(struct request *req, struct response *resp, const char *name, int64_t *out)
{
    const char *v;
    enum rc rc = request_query_get(req, name, &v);
    if (rc == RC_NOT_FOUND)
        return true;
    size_t n = rc ? 0 : strlen(v);
    if (!n || n > 18 || strspn(v, "0123456789") != n || v[0] == '0') {
        api_problem(resp, 400, arena_printf(&req->arena, "%s: %s", name, tr("error.query_id")),
                    NULL);
        return false;
    }
    *out = (int64_t)strtoll(v, NULL, 10);
    return true;
}

bool api_query_limit(struct request *req, struct response *resp, int def, int max, int *limit)
{
    long l = def;
    const char *v;
    if (request_query_malformed(req)) {
        api_problem(resp, 400, tr("error.bad_query"), NULL);
        return false;
    }
    if (!query_int(req, "limit", 1, max, &l) ||
        request_query_get(req, "offset", &v) != RC_NOT_FOUND) {
        api_problem(resp, 400, arena_printf(&req->arena, "%s (1-%d)", tr("error.limit"), max),
                    NULL);
        return false;
    }
    *limit = (int)l;
    return true;
}

json_t *api_door_errors(const struct door_field_errors *errs)
{
    json_t *list = json_array();
    for (int i = 0; i < errs->count && i < DOOR_MAX_FIELD_ERRORS; i++)
        json_array_append_new(list, json_pack("{s:s, s:s}", "field", errs->e[i].field, "message",
                                              tr(errs->e[i].msg)));
    return list;
}

void api_list(struct response *resp, json_t *items, int64_t total)
{
    api_json(resp, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

json_t *api_field_errors(const struct field_errors *errs)
{
    json_t *list = json_array();
    for (int f = 0; f < RF_COUNT; f++)
        if (errs->msg[f])
            json_array_append_new(list, json_pack("{s:s, s:s}", "field",
                                                  resident_field_name((enum resident_field)f),
                                                  "message", tr(errs->msg[f])));
    return list;
}

void api_openapi(struct request *req, struct response *resp)
{
    const struct embedded_file *f = embedded_find("static/openapi.json");
    if (!f) {
        api_problem(resp, 404, tr("error.not_found"), NULL);
        return;
    }
    resp->content_type = "application/json";
    buf_append(&resp->body, f->data, f->size);
}

static bool is_public(const struct request *req)
{
    return (strcmp(req->path, "/api/v1/sessions") == 0 && strcmp(req->method, "POST") == 0) ||
           strcmp(req->path, "/api/v1/openapi.json") == 0;
}

static bool is_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

void api_dispatch(struct request *req, struct response *resp)
{
    struct auth *au = req_auth(req);
    if (!au && !is_public(req)) {
        response_header(resp, "WWW-Authenticate", "Bearer");
        api_problem(resp, 401, tr("error.unauthorized"), NULL);
        return;
    }
    /* A browser sends the cookie with any request, so a state change that
     * rides on the cookie must prove it comes from our own page. */
    if (au && au->via_cookie && !is_safe_method(req->method)) {
        const char *sent = request_header(req, "X-CSRF-Token");
        if (!sent || !token_equal(sent, au->session.csrf)) {
            api_problem(resp, 403, tr("error.csrf"), NULL);
            return;
        }
    }
    enum router_result r = router_dispatch(api_routes, api_nroutes, req, resp);
    if (r == ROUTER_NOT_FOUND)
        api_problem(resp, 404, tr("error.not_found"), NULL);
    else if (r == ROUTER_METHOD_NOT_ALLOWED)
        api_problem(resp, 405, tr("status.405"), NULL);
}
