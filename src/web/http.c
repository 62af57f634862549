#include "http.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "form.h"

#include "banned.h"

void request_init(struct request *r)
{
    memset(r, 0, sizeof(*r));
    arena_init(&r->arena);
    r->method = "GET";
    r->path = "/";
    r->query = "";
}

void request_release(struct request *r)
{
    arena_release(&r->arena);
    r->query_form = NULL;
    r->query_rc = RC_OK;
}

const char *request_header(struct request *r, const char *name)
{
    if (!r->conn)
        return NULL;
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* cookie_find looks for name in one Cookie header value ("a=1; b=2") and
 * returns an arena copy of its value, or NULL. */
static const char *cookie_find(struct arena *a, const char *header, const char *name)
{
    size_t name_len = strlen(name);
    const char *p = header;
    while (*p) {
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        while (p < end && is_ows(*p))
            p++;
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (eq) {
            const char *n_end = eq;
            while (n_end > p && is_ows(n_end[-1]))
                n_end--;
            if ((size_t)(n_end - p) == name_len && memcmp(p, name, name_len) == 0) {
                const char *v = eq + 1;
                const char *v_end = end;
                while (v < v_end && is_ows(*v))
                    v++;
                while (v_end > v && is_ows(v_end[-1]))
                    v_end--;
                if (v_end - v >= 2 && v[0] == '"' && v_end[-1] == '"') {
                    v++;
                    v_end--;
                }
                return arena_strndup(a, v, (size_t)(v_end - v));
            }
        }
        p = *end ? end + 1 : end;
    }
    return NULL;
}

struct cookie_search {
    struct arena *arena;
    const char *name;
    const char *value;
};

static enum MHD_Result cookie_header_visit(void *cls, enum MHD_ValueKind kind, const char *key,
                                           const char *value)
{
    struct cookie_search *search = cls;
    (void)kind;
    if (!key || !value || strcasecmp(key, MHD_HTTP_HEADER_COOKIE) != 0)
        return MHD_YES;
    search->value = cookie_find(search->arena, value, search->name);
    return search->value ? MHD_NO : MHD_YES;
}

const char *request_cookie(struct request *r, const char *name)
{
    if (!r->conn || !name || !*name)
        return NULL;
    /* Not MHD's own cookie table: walking the raw header(s) keeps the rules
     * (first wins, quotes, spaces) ours and the same across MHD versions. */
    struct cookie_search search = {.arena = &r->arena, .name = name, .value = NULL};
    MHD_get_connection_values(r->conn, MHD_HEADER_KIND, cookie_header_visit, &search);
    return search.value;
}

static enum rc request_query_parse(struct request *r)
{
    if (r->query_form || r->query_rc)
        return r->query_rc;
    struct form *f = arena_alloc(&r->arena, sizeof(*f));
    const char *q = r->query ? r->query : "";
    r->query_rc = form_parse(&r->arena, q, strlen(q), f);
    if (r->query_rc == RC_TOO_BIG)
        r->query_rc = RC_INVALID;
    if (!r->query_rc)
        r->query_form = f;
    return r->query_rc;
}

enum rc request_query_get(struct request *r, const char *name, const char **value)
{
    *value = NULL;
    enum rc rc = request_query_parse(r);
    if (rc)
        return rc;
    *value = form_get(r->query_form, name);
    return *value ? RC_OK : RC_NOT_FOUND;
}

const char *request_query(struct request *r, const char *name)
{
    const char *value;
    return request_query_get(r, name, &value) ? NULL : value;
}

bool request_query_malformed(struct request *r)
{
    return request_query_parse(r) != RC_OK;
}

void response_init(struct response *resp, size_t max_body)
{
    memset(resp, 0, sizeof(*resp));
    resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    buf_init(&resp->body, max_body);
}

void response_release(struct response *resp)
{
    buf_release(&resp->body);
    resp->nheaders = 0;
}

void response_header(struct response *resp, const char *name, const char *value)
{
    if (resp->nheaders >= HTTP_MAX_HEADERS)
        return;
    resp->headers[resp->nheaders].name = name;
    resp->headers[resp->nheaders].value = value;
    resp->nheaders++;
}

static bool redirect_location_local(const char *location)
{
    if (!location || location[0] != '/')
        return false;
    /* "//evil.example" and "/\evil.example" are taken as another host by
     * browsers. */
    if (location[1] == '/' || location[1] == '\\')
        return false;
    for (const unsigned char *p = (const unsigned char *)location; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return false;
    }
    return true;
}

void response_redirect(struct response *resp, struct request *r, const char *location)
{
    const char *target = redirect_location_local(location) ? location : "/";
    resp->status = 303;
    response_header(resp, MHD_HTTP_HEADER_LOCATION, arena_strdup(&r->arena, target));
}
