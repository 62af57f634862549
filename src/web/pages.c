#include "pages.h"
#include "auth_cache.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "router.h"
#include "urlcode.h"
#include "banned.h"

#define LOGIN_COOKIE "wr_login"
#define SESSION_COOKIE "wr_session"

/* Per-request page state, hung on the request arena. */
struct page_state {
    struct form form;
};

static struct page_state *state(struct request *req)
{
    static const struct page_state empty;
    return req->page_state ? req->page_state : (struct page_state *)&empty;
}

const struct form *page_form(struct request *req)
{
    return &state(req)->form;
}

const char *page_field(struct request *req, const char *name)
{
    const char *v = form_get(page_form(req), name);
    return v ? v : "";
}

const char *page_csrf(struct request *req)
{
    struct auth *au = req_auth(req);
    return au ? au->session.csrf : "";
}

const char *page_date_nl(struct request *req, const char *iso)
{
    char out[40];
    struct date d;
    if (iso && timestamp_format_nl(iso, out))
        return arena_strdup(&req->arena, out);
    if (iso && date_parse(iso, &d)) {
        date_format_nl(&d, out);
        return arena_strdup(&req->arena, out);
    }
    return iso ? iso : "";
}

void page_redirect(struct request *req, struct response *resp, const char *location)
{
    response_redirect(resp, req, location);
}

static const char *role_label(enum role role)
{
    char key[40];
    snprintf(key, sizeof(key), "role.%s", role_name(role));
    return tr(key);
}

static bool sees_files(const struct auth *au)
{
    return au && au->user.role == ROLE_CASE_MANAGER;
}

void page_render(struct request *req, struct response *resp, int status, const char *name,
                 const char *title, json_t *ctx)
{
    struct app *app = req_app(req);
    struct auth *au = req_auth(req);
    struct buf body;
    buf_init(&body, resp->body.max);
    if (!json_object_get(ctx, "csrf"))
        json_object_set_new(ctx, "csrf", json_string(page_csrf(req)));
    enum rc rc = template_render(app->templates, name, ctx, LANG_NL, &body);
    json_decref(ctx);
    json_t *layout =
        json_pack("{s:s, s:s, s:s, s:s}", "lang", "nl", "title", title ? title : "", "body",
                  rc ? "" : (body.data ? body.data : ""), "csrf", page_csrf(req));
    buf_release(&body);
    if (au) {
        json_object_set_new(layout, "user",
                            json_pack("{s:s, s:s, s:s}", "username", au->user.display_name,
                                      "role_label", role_label(au->user.role), "organisation",
                                      au->user.organisation_name));
        enum role role = au->user.role;
        bool adviser = role == ROLE_EMPLOYER_ADVISER;
        bool work = adviser || role == ROLE_CASE_MANAGER || role == ROLE_EMPLOYER;
        json_t *nav = json_pack(
            "{s:b, s:b, s:b, s:b, s:b, s:b, s:b}", "residents", sees_files(au), "new_resident",
            sees_files(au), "users", role == ROLE_ADMIN, "audit", role == ROLE_AUDITOR, "tasks",
            sees_files(au) || role == ROLE_JOB_COACH, "referrals",
            role == ROLE_JOB_COACH, "services", role == ROLE_ADMIN);
        /* The employer network: the adviser keeps it, the klantmanager
         * proposes from it, the employer sees its own part. */
        json_object_set_new(nav, "employers", json_boolean(adviser || role == ROLE_CASE_MANAGER));
        json_object_set_new(nav, "vacancies", json_boolean(work));
        json_object_set_new(nav, "proposals", json_boolean(work));
        json_object_set_new(nav, "placements", json_boolean(adviser));
        json_object_set_new(layout, "nav", nav);
    }
    const char *flash = NULL;
    if (request_query_get(req, "melding", &flash) == RC_OK) {
        char key[64];
        snprintf(key, sizeof(key), "flash.%.50s", flash);
        if (msg_get(LANG_NL, key))
            json_object_set_new(layout, "flash", json_string(tr(key)));
    }
    buf_reset(&resp->body);
    resp->status = rc ? 500 : status;
    resp->content_type = "text/html; charset=utf-8";
    enum rc lrc = template_render(app->templates, "layout", layout, LANG_NL, &resp->body);
    json_decref(layout);
    if (rc || lrc) {
        fprintf(stderr, "werkroute: rendering %s failed: %s\n", name, rc_name(rc ? rc : lrc));
        resp->status = 500;
        if (lrc) {
            buf_reset(&resp->body);
            buf_puts(&resp->body, "<!DOCTYPE html><html lang=\"nl\"><title>Fout</title>"
                                  "<p>Er ging iets mis.</p></html>");
        }
    }
}

void page_error(struct request *req, struct response *resp, int status, const char *msg_key)
{
    char key[32];
    snprintf(key, sizeof(key), "status.%d", status);
    const char *title = msg_get(LANG_NL, key) ? tr(key) : tr("error.title");
    page_render(
        req, resp, status, "error", title,
        json_pack("{s:s, s:s, s:i}", "title", title, "message", tr(msg_key), "status", status));
}

void page_rc_error(struct request *req, struct response *resp, enum rc rc)
{
    const char *key = "error.server";
    switch (rc) {
    case RC_NOT_FOUND:
        key = "error.not_found";
        break;
    case RC_FORBIDDEN:
        key = "error.forbidden";
        break;
    case RC_INVALID:
        key = "error.bad_request";
        break;
    case RC_TOO_BIG:
        key = "error.too_big";
        break;
    case RC_CONFLICT:
        key = "error.conflict";
        break;
    case RC_BUSY:
    case RC_UNAVAILABLE:
        key = "error.unavailable";
        break;
    default:
        break;
    }
    int status = rc_http_status(rc);
    page_error(req, resp, status == 422 ? 400 : status, key);
}

static void set_cookie(struct request *req, struct response *resp, const char *name,
                       const char *value, int max_age)
{
    struct app *app = req_app(req);
    const char *proto = request_header(req, "X-Forwarded-Proto");
    bool secure = app->config.secure_cookies || (proto && strcmp(proto, "https") == 0);
    response_header(
        resp, "Set-Cookie",
        arena_printf(&req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
                     secure ? "; Secure" : "",
                     max_age >= 0 ? arena_printf(&req->arena, "; Max-Age=%d", max_age) : ""));
}

/* Only a local path may be a place to return to after logging in. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 500)
        return "/";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20)
            return "/";
    return next;
}

static void render_login(struct request *req, struct response *resp, int status,
                         const char *error_key, const char *username, const char *next)
{
    /* A login form gets its own random token in a cookie and a hidden field:
     * a form posted from another site cannot know it. */
    /* Reuse a token the browser already holds: a second login page (another
     * tab, a redirected favicon request) must not invalidate the first. */
    char token[TOKEN_TEXT_LEN + 1];
    const char *held = request_cookie(req, LOGIN_COOKIE);
    if (held && strlen(held) == TOKEN_TEXT_LEN &&
        strspn(held, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
            TOKEN_TEXT_LEN)
        snprintf(token, sizeof(token), "%s", held);
    else
        token_new(token);
    set_cookie(req, resp, LOGIN_COOKIE, token, 3600);
    json_t *ctx = json_pack("{s:s, s:s, s:s}", "csrf", token, "username", username ? username : "",
                            "next", next ? next : "/");
    if (error_key)
        json_object_set_new(ctx, "error", json_string(tr(error_key)));
    page_render(req, resp, status, "login", tr("login.title"), ctx);
}

static void page_login(struct request *req, struct response *resp)
{
    const char *next = NULL;
    if (request_query_get(req, "next", &next))
        next = "/";
    render_login(req, resp, 200, NULL, "", safe_next(next));
}

static void page_login_post(struct request *req, struct response *resp)
{
    const char *sent = page_field(req, "csrf");
    const char *cookie = request_cookie(req, LOGIN_COOKIE);
    const char *username = page_field(req, "username");
    const char *next = safe_next(page_field(req, "next"));
    if (!cookie || !*sent || !token_equal(sent, cookie)) {
        render_login(req, resp, 403, "error.csrf", username, next);
        return;
    }
    struct user u;
    char token[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];
    enum rc rc = auth_login(req_app(req), username, page_field(req, "password"), req->ip, false,
                            &req->arena, &u, token, csrf);
    if (rc == RC_THROTTLED) {
        render_login(req, resp, 429, "login.throttled", username, next);
        return;
    }
    if (rc) {
        const char *key = rc == RC_UNAUTHORIZED                   ? "login.failed"
                          : rc == RC_UNAVAILABLE || rc == RC_BUSY ? "error.unavailable"
                                                                  : "error.server";
        render_login(req, resp, rc == RC_UNAUTHORIZED ? 401 : rc_http_status(rc), key, username,
                     next);
        return;
    }
    set_cookie(req, resp, LOGIN_COOKIE, "", 0);
    set_cookie(req, resp, SESSION_COOKIE, token, -1);
    page_redirect(req, resp, next);
}

static void page_logout(struct request *req, struct response *resp)
{
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    sessions_delete(db, req_auth(req)->token);
    store_release(app->store, db);
    auth_cache_forget(app->auth_cache, req_auth(req)->token);
    set_cookie(req, resp, SESSION_COOKIE, "", 0);
    req->auth = NULL;
    page_redirect(req, resp, "/inloggen?melding=uitgelogd");
}

static const struct route page_routes[] = {
    {"GET", "/", page_home},
    {"POST", "/uitloggen", page_logout},
    {"GET", "/inwoners", page_residents},
    {"GET", "/inwoners/nieuw", page_resident_new},
    {"POST", "/inwoners/nieuw", page_resident_create},
    {"GET", "/inwoners/{id}", page_resident},
    {"GET", "/inwoners/{id}/bewerken", page_resident_edit},
    {"POST", "/inwoners/{id}/bewerken", page_resident_update},
    {"POST", "/inwoners/{id}/dossiers", page_case_open},
    {"GET", "/dossiers/{id}", page_case},
    {"POST", "/dossiers/{id}/fase", page_case_transition},
    {"POST", "/dossiers/{id}/notities", page_case_note},
    {"GET", "/dossiers/{id}/intake", page_intake},
    {"POST", "/dossiers/{id}/intake", page_intake_save},
    {"POST", "/dossiers/{id}/intake/esco", page_intake_esco_add},
    {"POST", "/dossiers/{id}/intake/esco/verwijderen", page_intake_esco_remove},
    {"GET", "/beheer/gebruikers", page_users},
    {"POST", "/beheer/gebruikers", page_user_create},
    {"POST", "/beheer/gebruikers/{id}/status", page_user_status},
    {"GET", "/inzagelog", page_audit},
    {"GET", "/dossiers/{id}/verwijzingen", page_case_referrals},
    {"POST", "/dossiers/{id}/verwijzingen", page_case_referral_create},
    {"GET", "/verwijzingen", page_referrals},
    {"POST", "/verwijzingen/{id}/accepteren", page_referral_accept},
    {"POST", "/verwijzingen/{id}/afwijzen", page_referral_decline},
    {"POST", "/verwijzingen/{id}/beeindigen", page_referral_end},
    {"GET", "/taken", page_tasks},
    {"GET", "/inwoners/{id}/toestemmingen", page_resident_consents},
    {"POST", "/inwoners/{id}/toestemmingen", page_resident_consent_create},
    {"POST", "/toestemmingen/{id}/intrekken", page_consent_revoke},
    {"GET", "/dossiers/{id}/plan", page_plan},
    {"POST", "/dossiers/{id}/plan/doelen", page_plan_goal},
    {"POST", "/dossiers/{id}/plan/activiteiten", page_plan_activity},
    {"POST", "/dossiers/{id}/plan/activiteiten/{key}", page_plan_activity_change},
    {"POST", "/dossiers/{id}/plan/akkoord", page_plan_agreement},
    {"GET", "/dossiers/{id}/plan.pdf", page_plan_pdf},
    {"GET", "/beheer/diensten", page_services},
    {"POST", "/beheer/diensten", page_service_create},
    {"GET", "/beheer/diensten/{id}", page_service},
    {"POST", "/beheer/diensten/{id}", page_service_update},
    {"POST", "/beheer/diensten/{id}/voorwaarden", page_service_terms},
    {"POST", "/beheer/diensten/{id}/voorwaarden/beeindigen", page_service_terms_end},
    {"GET", "/werkgevers", page_employers},
    {"POST", "/werkgevers", page_employer_create},
    {"GET", "/werkgevers/{id}", page_employer},
    {"POST", "/werkgevers/{id}", page_employer_update},
    {"GET", "/vacatures", page_vacancies},
    {"GET", "/vacatures/nieuw", page_vacancy_new},
    {"POST", "/vacatures/nieuw", page_vacancy_create},
    {"GET", "/vacatures/{id}", page_vacancy},
    {"GET", "/vacatures/{id}/bewerken", page_vacancy_edit},
    {"POST", "/vacatures/{id}/bewerken", page_vacancy_update},
    {"POST", "/vacatures/{id}/vaardigheden", page_vacancy_skill_add},
    {"POST", "/vacatures/{id}/vaardigheden/verwijderen", page_vacancy_skill_remove},
    {"POST", "/vacatures/{id}/voordragen", page_proposal_create},
    {"GET", "/dossiers/{id}/werk", page_case_work},
    {"POST", "/dossiers/{id}/beschikbaarheid", page_availability_confirm},
    {"GET", "/voordrachten", page_proposals},
    {"GET", "/voordrachten/{id}", page_proposal},
    {"POST", "/voordrachten/{id}/stap", page_proposal_step},
    {"POST", "/voordrachten/{id}/profiel", page_proposal_share},
    {"POST", "/voordrachten/{id}/plaatsing", page_placement_create},
    {"GET", "/plaatsingen", page_placements},
    {"GET", "/plaatsingen/{id}", page_placement},
    {"POST", "/plaatsingen/{id}/controle", page_placement_check},
};

static const struct route login_routes[] = {
    {"GET", "/inloggen", page_login},
    {"POST", "/inloggen", page_login_post},
};

static bool parse_posted_form(struct request *req, struct response *resp, struct form *form)
{
    memset(form, 0, sizeof(*form));
    if (strcmp(req->method, "POST") != 0)
        return true;
    enum rc rc = form_parse(&req->arena, req->body ? req->body : "", req->body_len, form);
    if (rc) {
        page_error(req, resp, rc == RC_TOO_BIG ? 413 : 400,
                   rc == RC_TOO_BIG ? "error.too_big" : "error.bad_request");
        return false;
    }
    return true;
}

void pages_dispatch(struct request *req, struct response *resp)
{
    struct auth *au = req_auth(req);
    struct page_state *ps = arena_alloc(&req->arena, sizeof(*ps));
    req->page_state = ps;
    if (!parse_posted_form(req, resp, &ps->form))
        return;
    if (strcmp(req->path, "/inloggen") == 0) {
        enum router_result r = router_dispatch(login_routes, 2, req, resp);
        if (r == ROUTER_METHOD_NOT_ALLOWED)
            page_error(req, resp, 405, "error.bad_request");
        return;
    }
    if (!au) {
        if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0) {
            struct buf next;
            buf_init(&next, 2048);
            buf_puts(&next, "/inloggen?next=");
            url_encode(&next, req->path);
            page_redirect(req, resp, arena_strdup(&req->arena, next.data));
            buf_release(&next);
        } else {
            page_error(req, resp, 401, "error.unauthorized");
        }
        return;
    }
    if (strcmp(req->method, "POST") == 0) {
        const char *sent = form_get(&ps->form, "csrf");
        if (!sent || !token_equal(sent, au->session.csrf)) {
            page_error(req, resp, 403, "error.csrf");
            return;
        }
    }
    enum router_result r =
        router_dispatch(page_routes, sizeof(page_routes) / sizeof(page_routes[0]), req, resp);
    if (r == ROUTER_NOT_FOUND)
        page_error(req, resp, 404, "error.not_found");
    else if (r == ROUTER_METHOD_NOT_ALLOWED)
        page_error(req, resp, 405, "error.bad_request");
}
