/* The request and response every handler sees. The server (server.c) fills a
 * request, passes both to the app and sends the response; handlers allocate
 * from req->arena and never free. Nothing in the path is decoded: routing
 * compares the path exactly as the client sent it. */
#ifndef WR_HTTP_H
#define WR_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "rc.h"

struct MHD_Connection;
struct form;

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 16

struct http_header {
    const char *name, *value;
};

struct request {
    struct arena arena;                  /* everything per request lives here */
    const char *method;                  /* "GET", "POST", ... */
    const char *path;                    /* URL path as received, without query, not decoded */
    const char *query;                   /* raw query string without '?', "" when none */
    char ip[64];                         /* client address as text, "" when unknown */
    char *body;                          /* NUL-terminated; NULL when none */
    size_t body_len;                     /* 0 when none */
    bool body_too_big;                   /* body exceeded max_body: the app answers 413 */
    const char *params[HTTP_MAX_PARAMS]; /* router captures, in order */
    int nparams;
    struct MHD_Connection *conn; /* NULL outside the server (unit tests) */
    void *app;                   /* from server_config.app */
    void *auth;                  /* set by the app (who is logged in) */
    void *page_state;            /* set by the pages: the posted form */
    /* Private: the query parsed on first use by request_query_get. */
    struct form *query_form;
    enum rc query_rc;
};

struct response {
    int status;               /* default 200 */
    const char *content_type; /* default "text/html; charset=utf-8"; NULL sends none */
    struct buf body;          /* max set by the server (max_response) */
    struct http_header headers[HTTP_MAX_HEADERS];
    int nheaders;
};

/* request_init prepares an empty request (method "GET", path "/", query "")
 * with a fresh arena; the server does this for every request and tests use it
 * to build one by hand. The body, if set, stays owned by whoever set it. */
void request_init(struct request *r);

/* request_release frees the request's arena and with it everything allocated
 * from it (query values, params, the handler's own allocations). */
void request_release(struct request *r);

/* request_header returns the value of the first request header called name
 * (case-insensitive), owned by the server for the request's lifetime, or NULL
 * when absent or when the request has no connection. */
const char *request_header(struct request *r, const char *name);

/* request_cookie returns the value of the cookie called name (case-sensitive)
 * from the Cookie header(s), copied into the request arena with one pair of
 * surrounding double quotes removed, or NULL when absent. The first cookie
 * of that name wins, as browsers send the most specific path first. */
const char *request_cookie(struct request *r, const char *name);

/* request_query_get looks up the first query parameter called name. The whole
 * query string is parsed once, on first use, as form encoding (form_parse,
 * plus as space) into the request arena. Returns RC_OK with *value set
 * (arena-owned, decoded), RC_NOT_FOUND when the query is valid but has no such
 * name, or RC_INVALID when the query string is malformed (bad %-escape,
 * invalid UTF-8, %00, more than FORM_MAX_FIELDS fields): then every lookup
 * fails, so a handler can answer 400 instead of treating it as absent. *value
 * is NULL unless RC_OK. */
enum rc request_query_get(struct request *r, const char *name, const char **value);

/* request_query is request_query_get without the distinction: the decoded
 * value, or NULL when absent or when the query string is malformed. */
const char *request_query(struct request *r, const char *name);

/* request_query_malformed tells whether the query string failed to parse (see
 * request_query_get); false for an empty or valid query. */
bool request_query_malformed(struct request *r);

/* response_init sets the defaults (200, text/html, no headers) and an empty
 * body that may grow to max_body bytes. Release with response_release. */
void response_init(struct response *resp, size_t max_body);

/* response_release frees the body; the header strings are not owned. */
void response_release(struct response *resp);

/* response_header adds a response header. It copies nothing: name and value
 * must live as long as the request (static strings or the request arena).
 * Headers beyond HTTP_MAX_HEADERS are ignored. A name or value with a control
 * character makes the server answer 500 instead of sending it. */
void response_header(struct response *resp, const char *name, const char *value);

/* response_redirect answers 303 See Other to location, copied into the
 * request arena. Only a local path is accepted ("/..." but not "//..." or
 * "/\..." and without control characters); anything else redirects to "/",
 * so a location built from user input cannot send the browser off-site. */
void response_redirect(struct response *resp, struct request *r, const char *location);

#endif
