#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "auth_cache.h"
#include "form.h"
#include "pages.h"
#include "api.h"
#include "static.h"
#include "banned.h"

/* How long a session and its user are taken from memory (auth_cache.h). */
#define AUTH_CACHE_SECONDS 2

static void security_headers(struct response *resp);

struct app *app_new(struct store *store, const struct app_config *config)
{
    struct template_set *ts = template_set_new();
    if (!ts)
        return NULL;
    struct app *app = xcalloc(1, sizeof(*app));
    app->store = store;
    app->templates = ts;
    app->throttle = throttle_new();
    app->auth_cache = auth_cache_new(AUTH_CACHE_SECONDS);
    app->config = *config;
    return app;
}

void app_free(struct app *app)
{
    if (!app)
        return;
    template_set_free(app->templates);
    throttle_free(app->throttle);
    auth_cache_free(app->auth_cache);
    free(app);
}

int rc_http_status(enum rc rc)
{
    switch (rc) {
    case RC_OK:
        return 200;
    case RC_INVALID:
        return 422;
    case RC_NOT_FOUND:
        return 404;
    case RC_FORBIDDEN:
        return 403;
    case RC_UNAUTHORIZED:
        return 401;
    case RC_CONFLICT:
        return 409;
    case RC_TOO_BIG:
        return 413;
    case RC_THROTTLED:
        return 429;
    case RC_BUSY:
        return 503;
    case RC_UNAVAILABLE:
        return 503;
    case RC_STORE:
        return 500;
    case RC_IO:
        return 500;
    }
    return 500;
}

struct app *req_app(struct request *req)
{
    return req->app;
}

struct auth *req_auth(struct request *req)
{
    return req->auth;
}

void req_door(struct request *req, struct door *d)
{
    struct auth *au = req->auth;
    door_init(d, req_app(req)->store, &req->arena, &au->actor, au->user.username, req->ip);
    d->ticket = &au->ticket;
}

bool app_must_wait(struct request *req)
{
    struct auth *au = req->auth;
    return au && au->ticket.pending;
}

void app_wait(struct request *req, void (*resume)(void *arg), void *arg)
{
    struct auth *au = req->auth;
    audit_when_done(store_audit(req_app(req)->store), &au->ticket, resume, arg);
}

/* A read whose audit record could not be written must not be answered:
 * the prepared answer is replaced by 503. */
void app_finish(struct request *req, struct response *resp)
{
    struct auth *au = req->auth;
    if (!au || !au->ticket.pending || au->ticket.result == RC_OK)
        return;
    resp->nheaders = 0;
    buf_reset(&resp->body);
    security_headers(resp);
    response_header(resp, "Cache-Control", "no-store");
    if (req_is_api(req))
        api_problem(resp, 503, tr("error.unavailable"), NULL);
    else
        page_error(req, resp, 503, "error.unavailable");
}

bool req_is_api(const struct request *req)
{
    return strncmp(req->path, "/api/", 5) == 0;
}

int64_t now_seconds(void)
{
    return (int64_t)time(NULL);
}

const char *tr(const char *key)
{
    const char *s = msg_get(LANG_NL, key);
    return s ? s : key;
}

enum rc auth_login(struct app *app, const char *username, const char *password, const char *ip,
                   bool bearer, struct arena *a, struct user *user, char token[TOKEN_TEXT_LEN + 1],
                   char csrf[TOKEN_TEXT_LEN + 1])
{
    int64_t now = now_seconds();
    if (!username || !password || strlen(username) > 64 || strlen(password) > 256)
        return RC_UNAUTHORIZED;
    if (!throttle_allowed(app->throttle, username, ip, now))
        return RC_THROTTLED;
    struct db *db = store_acquire(app->store);
    enum rc rc = directory_user_by_name(db, a, username, user);
    bool ok;
    if (rc == RC_NOT_FOUND) {
        /* Take as long as a real check, so timing does not tell which
         * usernames exist. */
        password_burn(password);
        ok = false;
        rc = RC_OK;
    } else {
        ok = !rc && user->active && password_verify(user->password_hash, password);
    }
    if (!rc && ok)
        rc = sessions_create(db, user->id, bearer, ip, now, token, csrf);
    store_release(app->store, db);
    if (rc)
        return rc;
    if (!ok) {
        throttle_failed(app->throttle, username, ip, now);
        return RC_UNAUTHORIZED;
    }
    throttle_succeeded(app->throttle, username);
    return RC_OK;
}

/* Finds the session from the bearer token or the cookie; on success sets
 * req->auth. No or a dead session is RC_OK without auth; a store that is
 * away is its rc, so the request gets 503 rather than a login page. */
static enum rc load_auth(struct request *req)
{
    struct app *app = req->app;
    const char *token = NULL;
    bool via_cookie = false;
    const char *authz = request_header(req, "Authorization");
    if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
        token = authz + 7;
    } else {
        token = request_cookie(req, "wr_session");
        via_cookie = token != NULL;
    }
    if (!token)
        return RC_OK;
    struct auth *au = arena_alloc(&req->arena, sizeof(*au));
    int64_t now = now_seconds();
    enum rc rc = RC_OK;
    if (!auth_cache_get(app->auth_cache, token, now, app->config.session_idle_seconds,
                        app->config.session_max_seconds, &req->arena, &au->session, &au->user)) {
        struct db *db = store_acquire(app->store);
        rc = sessions_lookup(db, token, now, app->config.session_idle_seconds,
                             app->config.session_max_seconds, &au->session);
        if (!rc)
            rc = directory_user_get(db, &req->arena, au->session.user_id, &au->user);
        store_release(app->store, db);
        if (!rc)
            auth_cache_put(app->auth_cache, token, now, &au->session, &au->user);
    }
    if (rc == RC_UNAVAILABLE || rc == RC_BUSY || rc == RC_STORE)
        return rc;
    /* A cookie must name a cookie session and a bearer a bearer session:
     * a stolen API token cannot be replayed as a cookie to skip CSRF. */
    if (rc || au->session.bearer == via_cookie || !au->user.active)
        return RC_OK;
    directory_actor(&au->user, &au->actor);
    au->token = arena_strdup(&req->arena, token);
    au->via_cookie = via_cookie;
    req->auth = au;
    return RC_OK;
}

static void security_headers(struct response *resp)
{
    response_header(resp, "X-Content-Type-Options", "nosniff");
    response_header(resp, "X-Frame-Options", "DENY");
    response_header(resp, "Referrer-Policy", "no-referrer");
    response_header(resp, "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                    " frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
}

void app_handle(struct request *req, struct response *resp)
{
    security_headers(resp);
    /* Browsers ask for /favicon.ico on their own; answer it without a
     * login redirect. */
    if (strcmp(req->path, "/favicon.ico") == 0) {
        req->path = "/static/favicon.svg";
        static_serve(req, resp);
        return;
    }
    if (strncmp(req->path, "/static/", 8) == 0) {
        static_serve(req, resp);
        return;
    }
    response_header(resp, "Cache-Control", "no-store");
    if (req->body_too_big) {
        if (req_is_api(req))
            api_problem(resp, 413, tr("error.too_big"), NULL);
        else
            page_error(req, resp, 413, "error.too_big");
        return;
    }
    enum rc rc = load_auth(req);
    if (rc) {
        if (req_is_api(req))
            api_problem_rc(resp, rc);
        else
            page_rc_error(req, resp, rc);
        return;
    }
    if (req_is_api(req))
        api_dispatch(req, resp);
    else
        pages_dispatch(req, resp);
}
