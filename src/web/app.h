/* The web application: what the server calls for every request. It sets the
 * security headers, finds who is logged in, checks CSRF, and routes to the
 * pages (pages_*.c) and the JSON API (api_*.c). */
#ifndef WR_APP_H
#define WR_APP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "directory.h"
#include "door.h"
#include "http.h"
#include "msg.h"
#include "sessions.h"
#include "store.h"
#include "template.h"
#include "throttle.h"

struct app_config {
    int64_t session_idle_seconds;
    int64_t session_max_seconds;
    bool secure_cookies; /* also on when a proxy says X-Forwarded-Proto: https */
};

struct app {
    struct store *store;
    struct template_set *templates;
    struct throttle *throttle;
    struct auth_cache *auth_cache;
    struct app_config config;
};

/* Who is logged in, found from the session cookie or a bearer token. */
struct auth {
    struct user user;
    struct policy_actor actor;
    struct session session;
    const char *token;
    bool via_cookie;
    /* The audit records this request queued: its answer waits for them. */
    struct audit_ticket ticket;
};

/* app_new loads the templates; the app borrows store. NULL on failure. */
struct app *app_new(struct store *store, const struct app_config *config);
void app_free(struct app *app);
/* app_handle is the server's callback; the other three hold a response
 * back until its audit records are committed (see server_config). */
void app_handle(struct request *req, struct response *resp);
bool app_must_wait(struct request *req);
void app_wait(struct request *req, void (*resume)(void *arg), void *arg);
void app_finish(struct request *req, struct response *resp);

/* The status an rc maps to: the one place where errors become HTTP. */
int rc_http_status(enum rc rc);

/* Helpers shared by the handlers. */
struct app *req_app(struct request *req);
struct auth *req_auth(struct request *req);
/* req_door opens the one door for the logged-in user; release with door_release. */
void req_door(struct request *req, struct door *d);
bool req_is_api(const struct request *req);
int64_t now_seconds(void);

/* Logs in username/password from ip: RC_UNAUTHORIZED (generic), RC_THROTTLED,
 * or RC_OK with a new session whose token and csrf are written out. */
enum rc auth_login(struct app *app, const char *username, const char *password, const char *ip,
                   bool bearer, struct arena *a, struct user *user, char token[TOKEN_TEXT_LEN + 1],
                   char csrf[TOKEN_TEXT_LEN + 1]);

/* Page rendering: renders template `name` with ctx (consumed) inside the
 * layout, with status. */
void page_render(struct request *req, struct response *resp, int status, const char *name,
                 const char *title, json_t *ctx);
/* page_error renders the Dutch error page for status with message key. */
void page_error(struct request *req, struct response *resp, int status, const char *msg_key);
const char *tr(const char *key);

/* JSON API answers: api_json consumes value; api_problem writes an RFC 9457
 * problem document (detail in Dutch); errors (consumed, may be NULL) lists
 * field problems. */
void api_json(struct response *resp, int status, json_t *value);
void api_problem(struct response *resp, int status, const char *detail, json_t *errors);
void api_problem_rc(struct response *resp, enum rc rc);

#endif
