/* /api/v1 sessions (log in and out), users (administrator) and the audit
 * log (privacy officer). */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth_cache.h"
#include "audit.h"
#include "banned.h"

void api_sessions_create(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"username", JSON_STRING, true},
        {"password", JSON_STRING, true},
    };
    json_t *in = api_read_object(req, resp, fields, 2);
    if (!in)
        return;
    struct user u;
    char token[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];
    enum rc rc = auth_login(req_app(req), api_string(in, "username"), api_string(in, "password"),
                            req->ip, true, &req->arena, &u, token, csrf);
    if (rc == RC_UNAUTHORIZED) {
        api_problem(resp, 401, tr("login.failed"), NULL);
        return;
    }
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    api_json(resp, 201,
             json_pack("{s:s, s:s, s:I}", "token", token, "token_type", "Bearer", "expires_in",
                       (json_int_t)req_app(req)->config.session_idle_seconds));
}

void api_sessions_delete(struct request *req, struct response *resp)
{
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    enum rc rc = sessions_delete(db, req_auth(req)->token);
    store_release(app->store, db);
    auth_cache_forget(app->auth_cache, req_auth(req)->token);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    resp->status = 204;
    resp->content_type = "application/json";
}

static json_t *codes_json(const char **codes, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, json_string(codes[i]));
    return list;
}

void api_users_list(struct request *req, struct response *resp)
{
    if (req_auth(req)->user.role != ROLE_ADMIN) {
        api_problem(resp, 403, tr("error.forbidden"), NULL);
        return;
    }
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct user *users;
    int n;
    enum rc rc = directory_users(db, &req->arena, &users, &n);
    store_release(app->store, db);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const struct user *u = &users[i];
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:b}", "id", (json_int_t)u->id,
                      "username", u->username, "display_name", u->display_name, "role",
                      role_name(u->role), "organisation_id", (json_int_t)u->organisation_id,
                      "organisation", u->organisation_name, "municipalities",
                      codes_json(u->municipalities, u->nmunicipalities), "active", u->active));
    }
    api_list(resp, items, n);
}

void api_audit_list(struct request *req, struct response *resp)
{
    int limit, offset;
    if (!api_paging(req, resp, &limit, &offset))
        return;
    const char *resident = NULL, *user = NULL;
    enum rc r1 = request_query_get(req, "resident", &resident);
    enum rc r2 = request_query_get(req, "user", &user);
    int64_t resident_id = 0;
    if ((r1 && r1 != RC_NOT_FOUND) || (r2 && r2 != RC_NOT_FOUND)) {
        api_problem(resp, 400, tr("error.bad_request"), NULL);
        return;
    }
    if (resident) {
        char *end;
        resident_id = strtoll(resident, &end, 10);
        if (!*resident || *end || resident_id <= 0) {
            api_problem(resp, 400, tr("error.bad_request"), NULL);
            return;
        }
    }
    struct door d;
    req_door(req, &d);
    struct audit_record *recs;
    int n;
    int64_t total;
    enum rc rc = door_audit_search(&d, resident_id, user, limit, offset, &recs, &n, &total);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const struct audit_record *a = &recs[i];
        json_t *item =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)a->id, "at",
                      a->at, "username", a->username, "role", a->role, "action", a->action,
                      "allowed", a->allowed, "reason", a->reason, "ip", a->ip);
        json_object_set_new(item, "resident_id",
                            a->resident_id ? json_integer(a->resident_id) : json_null());
        json_object_set_new(item, "case_id", a->case_id ? json_integer(a->case_id) : json_null());
        json_array_append_new(items, item);
    }
    api_list(resp, items, total);
}
