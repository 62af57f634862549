/* Pages for the administrator (users) and the privacy officer (audit log). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth_cache.h"
#include "fold.h"
#include "pages.h"
#include "router.h"
#include "banned.h"

static const char *role_label(const char *name)
{
    char key[40];
    snprintf(key, sizeof(key), "role.%s", name);
    return msg_get(LANG_NL, key) ? tr(key) : name;
}

static bool username_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 64)
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr("._-", *s))
            return false;
    return true;
}

struct user_form_errors {
    const char *username, *display_name, *password, *role, *organisation_id;
};

static void render_users(struct request *req, struct response *resp, int status,
                         const struct user_form_errors *errs)
{
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct user *users = NULL;
    struct organisation *orgs = NULL;
    struct municipality *munis = NULL;
    int nusers = 0, norgs = 0, nmunis = 0;
    enum rc rc = directory_users(db, &req->arena, &users, &nusers);
    if (!rc)
        rc = directory_organisations(db, &req->arena, &orgs, &norgs);
    if (!rc)
        rc = directory_municipalities(db, &req->arena, &munis, &nmunis);
    store_release(app->store, db);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *user_rows = json_array();
    for (int i = 0; i < nusers; i++) {
        struct buf codes;
        buf_init(&codes, 4096);
        for (int m = 0; m < users[i].nmunicipalities; m++)
            buf_printf(&codes, "%s%s", m ? ", " : "", users[i].municipalities[m]);
        json_array_append_new(
            user_rows,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)users[i].id,
                      "username", users[i].username, "role_label",
                      role_label(role_name(users[i].role)), "organisation",
                      users[i].organisation_name, "municipalities", codes.data ? codes.data : "",
                      "active", users[i].active, "self", users[i].id == req_auth(req)->user.id));
        buf_release(&codes);
    }
    const char *chosen_role = page_field(req, "role");
    json_t *roles = json_array();
    for (int r = 0; r < ROLE_COUNT; r++) {
        /* Resident accounts are made from the resident's file, not here. */
        if (r == ROLE_RESIDENT)
            continue;
        const char *name = role_name((enum role)r);
        json_array_append_new(roles,
                              json_pack("{s:s, s:s, s:b}", "value", name, "label", role_label(name),
                                        "selected", strcmp(chosen_role, name) == 0));
    }
    long chosen_org = strtol(page_field(req, "organisation_id"), NULL, 10);
    json_t *org_rows = json_array();
    for (int i = 0; i < norgs; i++)
        json_array_append_new(org_rows,
                              json_pack("{s:I, s:s, s:b}", "id", (json_int_t)orgs[i].id, "name",
                                        orgs[i].name, "selected", orgs[i].id == chosen_org));
    json_t *muni_rows = json_array();
    for (int i = 0; i < nmunis; i++) {
        bool checked = false;
        int pos = 0;
        for (const char *v; (v = form_next(page_form(req), "municipality", &pos));)
            checked = checked || strcmp(v, munis[i].code) == 0;
        json_array_append_new(muni_rows, json_pack("{s:s, s:s, s:b}", "code", munis[i].code, "name",
                                                   munis[i].name, "checked", checked));
    }
    json_t *errors = json_object(), *summary = json_array();
    const struct {
        const char *field, *msg;
    } list[] = {{"username", errs ? errs->username : NULL},
                {"display_name", errs ? errs->display_name : NULL},
                {"password", errs ? errs->password : NULL},
                {"role", errs ? errs->role : NULL},
                {"organisation_id", errs ? errs->organisation_id : NULL}};
    for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
        if (!list[i].msg)
            continue;
        json_object_set_new(errors, list[i].field, json_string(tr(list[i].msg)));
        json_array_append_new(
            summary, json_pack("{s:s, s:s}", "field", list[i].field, "message", tr(list[i].msg)));
    }
    page_render(req, resp, status, "users", tr("users.title"),
                json_pack("{s:o, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:o}", "users", user_rows,
                          "values", "username", page_field(req, "username"), "display_name",
                          page_field(req, "display_name"), "errors", errors, "error_summary",
                          summary, "roles", roles, "organisations", org_rows, "municipalities",
                          muni_rows));
}

void page_users(struct request *req, struct response *resp)
{
    if (req_auth(req)->user.role != ROLE_ADMIN) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    render_users(req, resp, 200, NULL);
}

void page_user_create(struct request *req, struct response *resp)
{
    if (req_auth(req)->user.role != ROLE_ADMIN) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    struct user_form_errors errs = {0};
    struct user u = {0};
    u.username = page_field(req, "username");
    u.display_name = page_field(req, "display_name");
    const char *password = page_field(req, "password");
    if (!username_ok(u.username))
        errs.username = "field.username";
    if (!text_clean(u.display_name, 100))
        errs.display_name = "field.text";
    if (!password_acceptable(password))
        errs.password = "field.password";
    if (!role_parse(page_field(req, "role"), &u.role) || u.role == ROLE_RESIDENT)
        errs.role = "field.required";
    char *end;
    u.organisation_id = strtoll(page_field(req, "organisation_id"), &end, 10);
    if (*end || u.organisation_id <= 0)
        errs.organisation_id = "field.required";
    int n = form_count(page_form(req), "municipality");
    u.municipalities = arena_alloc(&req->arena, sizeof(char *) * (size_t)(n + 1));
    int pos = 0;
    for (const char *v; (v = form_next(page_form(req), "municipality", &pos));)
        if (u.nmunicipalities < POLICY_MAX_MUNICIPALITIES)
            u.municipalities[u.nmunicipalities++] = v;
    if (errs.username || errs.display_name || errs.password || errs.role ||
        errs.organisation_id) {
        render_users(req, resp, 422, &errs);
        return;
    }
    char hash[PASSWORD_HASH_MAX];
    enum rc rc = password_hash(password, hash);
    int64_t id = 0;
    if (!rc) {
        struct app *app = req_app(req);
        struct db *db = store_acquire(app->store);
        rc = directory_user_create(db, &u, hash, &id);
        store_release(app->store, db);
    }
    if (rc == RC_CONFLICT) {
        errs.username = "field.username_taken";
        render_users(req, resp, 409, &errs);
        return;
    }
    if (rc == RC_INVALID) {
        errs.organisation_id = "field.user_municipality";
        render_users(req, resp, 422, &errs);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp, "/beheer/gebruikers?melding=gebruiker_aangemaakt");
}

void page_user_status(struct request *req, struct response *resp)
{
    if (req_auth(req)->user.role != ROLE_ADMIN) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    int64_t id = request_param_id(req, 0);
    const char *active = page_field(req, "active");
    if (id == req_auth(req)->user.id || (strcmp(active, "0") && strcmp(active, "1"))) {
        page_error(req, resp, 400, "error.bad_request");
        return;
    }
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    enum rc rc = directory_user_set_active(db, id, active[0] == '1');
    store_release(app->store, db);
    auth_cache_clear(app->auth_cache);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  active[0] == '1' ? "/beheer/gebruikers?melding=gebruiker_actief"
                                   : "/beheer/gebruikers?melding=gebruiker_inactief");
}

void page_audit(struct request *req, struct response *resp)
{
    const char *resident = NULL, *user = NULL;
    enum rc r1 = request_query_get(req, "resident", &resident);
    enum rc r2 = request_query_get(req, "user", &user);
    if (r1 == RC_INVALID || r2 == RC_INVALID) {
        page_error(req, resp, 400, "error.bad_request");
        return;
    }
    int64_t resident_id = 0;
    if (resident && *resident) {
        char *end;
        resident_id = strtoll(resident, &end, 10);
        if (*end || resident_id <= 0) {
            page_error(req, resp, 400, "error.bad_request");
            return;
        }
    }
    bool searched = (resident && *resident) || (user && *user);
    struct door d;
    req_door(req, &d);
    struct audit_record *recs = NULL;
    int n = 0;
    int64_t total = 0;
    enum rc rc = door_audit_search(&d, resident_id, user ? user : "", 100, 0, &recs, &n, &total);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *entries = json_array();
    for (int i = 0; i < n; i++) {
        const struct audit_record *a = &recs[i];
        json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "at", page_date_nl(req, a->at),
                              "who", a->username, "role_label", role_label(a->role), "action",
                              a->action, "allowed", a->allowed, "reason", a->reason, "ip", a->ip);
        if (a->resident_id)
            json_object_set_new(e, "resident_id", json_integer(a->resident_id));
        if (a->case_id)
            json_object_set_new(e, "case_id", json_integer(a->case_id));
        json_array_append_new(entries, e);
    }
    page_render(req, resp, 200, "audit", tr("audit.title"),
                json_pack("{s:s, s:s, s:b, s:o, s:I}", "resident", resident ? resident : "", "user",
                          user ? user : "", "searched", searched, "entries", entries, "total",
                          (json_int_t)total));
}
