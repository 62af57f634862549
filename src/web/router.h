/* A small router: a table of method + path pattern + handler, matched in
 * order against the raw (not decoded) request path. */
#ifndef WR_ROUTER_H
#define WR_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"

typedef void (*route_handler)(struct request *, struct response *);

/* A pattern is a path of literal characters and {name} captures, e.g.
 * "/api/v1/residents/{id}/cases". A capture spans one whole segment and
 * matches only a positive decimal integer of 1 to 18 digits without leading
 * zeros or sign ("1", "42"; not "0", "007", "+1", "1e3"); the name is only
 * documentation. At most HTTP_MAX_PARAMS captures per pattern. Matching is
 * exact: "/a/" and "/a" are different paths, and "%2F" is not a slash. */
struct route {
    const char *method;
    const char *pattern;
    route_handler handler;
};

enum router_result {
    ROUTER_OK,
    ROUTER_NOT_FOUND,
    ROUTER_METHOD_NOT_ALLOWED,
};

/* router_dispatch finds the first route whose pattern matches req->path and
 * whose method is req->method (HEAD is also served by GET routes), fills
 * req->params / req->nparams with the captures (copies in req->arena) and
 * calls its handler: ROUTER_OK. When no pattern matches it sets status 404
 * and returns ROUTER_NOT_FOUND; when patterns match but no method does, it
 * sets status 405 and an Allow header (arena-owned, e.g. "GET, HEAD, POST")
 * and returns ROUTER_METHOD_NOT_ALLOWED. The body is left to the caller. */
enum router_result router_dispatch(const struct route *routes, size_t n, struct request *req,
                                   struct response *resp);

/* router_match tells whether path matches pattern, without captures. For the
 * app's own checks and the tests. */
bool router_match(const char *pattern, const char *path);

/* request_param_id returns capture i of the matched route as a number, or 0
 * when there is no such capture (a capture is never 0). */
int64_t request_param_id(const struct request *r, int i);

#endif
