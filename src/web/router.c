#include "router.h"

#include <stdbool.h>
#include <string.h>

#include "banned.h"

#define ROUTER_ID_MAX_DIGITS 18

struct capture {
    const char *start;
    size_t len;
};

static bool id_valid(const char *s, size_t len)
{
    if (len == 0 || len > ROUTER_ID_MAX_DIGITS || s[0] < '1' || s[0] > '9')
        return false;
    for (size_t i = 1; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
    }
    return true;
}

/* pattern_match walks pattern and path side by side; a {name} consumes the
 * path up to the next '/' and must be an id. */
static bool pattern_match(const char *pattern, const char *path, struct capture *caps, int *ncaps)
{
    const char *p = pattern;
    const char *s = path;
    int n = 0;
    while (*p) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close || n >= HTTP_MAX_PARAMS)
                return false;
            const char *end = s;
            while (*end && *end != '/')
                end++;
            if (!id_valid(s, (size_t)(end - s)))
                return false;
            caps[n].start = s;
            caps[n].len = (size_t)(end - s);
            n++;
            s = end;
            p = close + 1;
            continue;
        }
        if (*s != *p)
            return false;
        p++;
        s++;
    }
    if (*s)
        return false;
    *ncaps = n;
    return true;
}

bool router_match(const char *pattern, const char *path)
{
    struct capture caps[HTTP_MAX_PARAMS];
    int n;
    return pattern && path && pattern_match(pattern, path, caps, &n);
}

static bool method_serves(const char *route_method, const char *method)
{
    if (strcmp(route_method, method) == 0)
        return true;
    return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

static bool allow_has(const char **list, size_t n, const char *method)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i], method) == 0)
            return true;
    }
    return false;
}

/* allow_header lists, in table order, each method of the routes whose
 * pattern matches the path, with HEAD after GET. */
static const char *allow_header(const struct route *routes, size_t n, struct request *req)
{
    struct buf b;
    buf_init(&b, 4096);
    const char **seen = arena_alloc(&req->arena, (2 * n + 1) * sizeof(*seen));
    size_t nseen = 0;
    for (size_t i = 0; i < n; i++) {
        if (!router_match(routes[i].pattern, req->path))
            continue;
        const char *add[2] = {routes[i].method, NULL};
        if (strcmp(routes[i].method, "GET") == 0)
            add[1] = "HEAD";
        for (size_t k = 0; k < 2 && add[k]; k++) {
            if (allow_has(seen, nseen, add[k]))
                continue;
            seen[nseen++] = add[k];
            /* A too long list is cut short rather than failing the answer. */
            (void)buf_printf(&b, "%s%s", b.len ? ", " : "", add[k]);
        }
    }
    const char *value = arena_strdup(&req->arena, b.data ? b.data : "");
    buf_release(&b);
    return value;
}

enum router_result router_dispatch(const struct route *routes, size_t n, struct request *req,
                                   struct response *resp)
{
    bool path_matched = false;
    const char *method = req->method ? req->method : "";
    const char *path = req->path ? req->path : "";
    for (size_t i = 0; i < n; i++) {
        struct capture caps[HTTP_MAX_PARAMS];
        int ncaps = 0;
        if (!pattern_match(routes[i].pattern, path, caps, &ncaps))
            continue;
        path_matched = true;
        if (!method_serves(routes[i].method, method))
            continue;
        for (int k = 0; k < ncaps; k++)
            req->params[k] = arena_strndup(&req->arena, caps[k].start, caps[k].len);
        for (int k = ncaps; k < HTTP_MAX_PARAMS; k++)
            req->params[k] = NULL;
        req->nparams = ncaps;
        routes[i].handler(req, resp);
        return ROUTER_OK;
    }
    if (!path_matched) {
        resp->status = 404;
        return ROUTER_NOT_FOUND;
    }
    resp->status = 405;
    response_header(resp, "Allow", allow_header(routes, n, req));
    return ROUTER_METHOD_NOT_ALLOWED;
}

int64_t request_param_id(const struct request *r, int i)
{
    if (i < 0 || i >= r->nparams || i >= HTTP_MAX_PARAMS || !r->params[i])
        return 0;
    const char *s = r->params[i];
    size_t len = strlen(s);
    if (!id_valid(s, len))
        return 0;
    int64_t v = 0;
    for (size_t k = 0; k < len; k++)
        v = v * 10 + (s[k] - '0');
    return v;
}
