#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "router.h"

#include "banned.h"

/* Which handler ran last, and with how many captures. */
static const char *called;
static int called_nparams;

static void h_home(struct request *r, struct response *resp)
{
    (void)resp;
    called = "home";
    called_nparams = r->nparams;
}

static void h_list(struct request *r, struct response *resp)
{
    (void)resp;
    called = "list";
    called_nparams = r->nparams;
}

static void h_create(struct request *r, struct response *resp)
{
    (void)resp;
    called = "create";
    called_nparams = r->nparams;
}

static void h_show(struct request *r, struct response *resp)
{
    (void)resp;
    called = "show";
    called_nparams = r->nparams;
}

static void h_cases(struct request *r, struct response *resp)
{
    (void)resp;
    called = "cases";
    called_nparams = r->nparams;
}

static void h_note(struct request *r, struct response *resp)
{
    (void)resp;
    called = "note";
    called_nparams = r->nparams;
}

static void h_delete(struct request *r, struct response *resp)
{
    (void)resp;
    called = "delete";
    called_nparams = r->nparams;
}

static const struct route routes[] = {
    {"GET", "/", h_home},
    {"GET", "/api/v1/residents", h_list},
    {"POST", "/api/v1/residents", h_create},
    {"GET", "/api/v1/residents/{id}", h_show},
    {"DELETE", "/api/v1/residents/{id}", h_delete},
    {"GET", "/api/v1/residents/{id}/cases", h_cases},
    {"PUT", "/api/v1/residents/{resident}/cases/{case}/notes/{note}", h_note},
};
static const size_t nroutes = sizeof(routes) / sizeof(routes[0]);

struct fixture {
    struct request req;
    struct response resp;
};

static enum router_result dispatch(struct fixture *fx, const char *method, const char *path)
{
    request_release(&fx->req);
    response_release(&fx->resp);
    request_init(&fx->req);
    response_init(&fx->resp, 1024);
    fx->req.method = method;
    fx->req.path = path;
    called = NULL;
    called_nparams = -1;
    return router_dispatch(routes, nroutes, &fx->req, &fx->resp);
}

static int setup(void **state)
{
    struct fixture *fx = test_calloc(1, sizeof(*fx));
    request_init(&fx->req);
    response_init(&fx->resp, 1024);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    request_release(&fx->req);
    response_release(&fx->resp);
    test_free(fx);
    return 0;
}

static const char *header(const struct response *resp, const char *name)
{
    for (int i = 0; i < resp->nheaders; i++) {
        if (strcmp(resp->headers[i].name, name) == 0)
            return resp->headers[i].value;
    }
    return NULL;
}

static void test_literal(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(dispatch(fx, "GET", "/"), ROUTER_OK);
    assert_string_equal(called, "home");
    assert_int_equal(called_nparams, 0);
    assert_int_equal(dispatch(fx, "GET", "/api/v1/residents"), ROUTER_OK);
    assert_string_equal(called, "list");
    assert_int_equal(dispatch(fx, "POST", "/api/v1/residents"), ROUTER_OK);
    assert_string_equal(called, "create");
    assert_int_equal(fx->resp.status, 200);
}

static void test_captures(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(dispatch(fx, "GET", "/api/v1/residents/42"), ROUTER_OK);
    assert_string_equal(called, "show");
    assert_int_equal(fx->req.nparams, 1);
    assert_string_equal(fx->req.params[0], "42");
    assert_int_equal(request_param_id(&fx->req, 0), 42);
    assert_int_equal(request_param_id(&fx->req, 1), 0);
    assert_int_equal(request_param_id(&fx->req, -1), 0);

    assert_int_equal(dispatch(fx, "GET", "/api/v1/residents/7/cases"), ROUTER_OK);
    assert_string_equal(called, "cases");
    assert_int_equal(request_param_id(&fx->req, 0), 7);

    assert_int_equal(dispatch(fx, "PUT", "/api/v1/residents/1/cases/20/notes/300"), ROUTER_OK);
    assert_string_equal(called, "note");
    assert_int_equal(called_nparams, 3);
    assert_int_equal(request_param_id(&fx->req, 0), 1);
    assert_int_equal(request_param_id(&fx->req, 1), 20);
    assert_int_equal(request_param_id(&fx->req, 2), 300);
    assert_null(fx->req.params[3]);

    /* The largest id: 18 nines. */
    assert_int_equal(dispatch(fx, "GET", "/api/v1/residents/999999999999999999"), ROUTER_OK);
    assert_true(request_param_id(&fx->req, 0) == INT64_C(999999999999999999));
}

static void test_bad_ids(void **state)
{
    struct fixture *fx = *state;
    const char *bad[] = {
        "/api/v1/residents/0",
        "/api/v1/residents/007",
        "/api/v1/residents/-1",
        "/api/v1/residents/+1",
        "/api/v1/residents/1e3",
        "/api/v1/residents/12a",
        "/api/v1/residents/ 1",
        "/api/v1/residents/1.0",
        "/api/v1/residents/%31",
        "/api/v1/residents/1000000000000000000", /* 19 digits */
        "/api/v1/residents/99999999999999999999999",
        "/api/v1/residents/\xd9\xa1", /* ARABIC-INDIC DIGIT ONE */
        "/api/v1/residents/",
        "/api/v1/residents//cases",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(dispatch(fx, "GET", bad[i]), ROUTER_NOT_FOUND);
        assert_null(called);
        assert_int_equal(fx->resp.status, 404);
        assert_int_equal(fx->req.nparams, 0);
    }
}

static void test_exact_match(void **state)
{
    struct fixture *fx = *state;
    const char *bad[] = {
        "",
        "/api/v1/residents/",   /* trailing slash is another path */
        "/api/v1/residents/1/", /* idem */
        "/api/v1/residents/1/cases/",
        "/api/v1/Residents",
        "/api/v1/resid%65nts", /* nothing is decoded */
        "/api/v1/residents/1%2Fcases",
        "//api/v1/residents",
        "/api/v1/residentsx",
        "/api/v1/resident",
        "/api/v1/residents/1/cases/2",
        "/api/v1/residents?x=1",
        "api/v1/residents",
        "/index.html",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(dispatch(fx, "GET", bad[i]), ROUTER_NOT_FOUND);
        assert_null(called);
    }
    assert_true(router_match("/a/{id}", "/a/5"));
    assert_false(router_match("/a/{id}", "/a/5/"));
    assert_false(router_match("/a/{id", "/a/5"));
    assert_false(router_match(NULL, "/"));
    assert_false(router_match("/", NULL));
}

static void test_head_served_by_get(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(dispatch(fx, "HEAD", "/api/v1/residents/3/cases"), ROUTER_OK);
    assert_string_equal(called, "cases");
    assert_int_equal(request_param_id(&fx->req, 0), 3);
    /* But not by POST routes. */
    assert_int_equal(dispatch(fx, "HEAD", "/api/v1/residents/3"), ROUTER_OK);
    assert_string_equal(called, "show");
}

static void test_method_not_allowed(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(dispatch(fx, "PUT", "/api/v1/residents"), ROUTER_METHOD_NOT_ALLOWED);
    assert_null(called);
    assert_int_equal(fx->resp.status, 405);
    assert_string_equal(header(&fx->resp, "Allow"), "GET, HEAD, POST");

    assert_int_equal(dispatch(fx, "POST", "/api/v1/residents/9"), ROUTER_METHOD_NOT_ALLOWED);
    assert_string_equal(header(&fx->resp, "Allow"), "GET, HEAD, DELETE");

    assert_int_equal(dispatch(fx, "GET", "/api/v1/residents/1/cases/2/notes/3"),
                     ROUTER_METHOD_NOT_ALLOWED);
    assert_string_equal(header(&fx->resp, "Allow"), "PUT");

    /* Methods are case-sensitive (RFC 9110). */
    assert_int_equal(dispatch(fx, "get", "/"), ROUTER_METHOD_NOT_ALLOWED);
    assert_int_equal(dispatch(fx, "OPTIONS", "/"), ROUTER_METHOD_NOT_ALLOWED);
    assert_string_equal(header(&fx->resp, "Allow"), "GET, HEAD");
    assert_int_equal(dispatch(fx, "", "/"), ROUTER_METHOD_NOT_ALLOWED);

    /* A bad id is not a match, so not 405 either. */
    assert_int_equal(dispatch(fx, "POST", "/api/v1/residents/0"), ROUTER_NOT_FOUND);
    assert_null(header(&fx->resp, "Allow"));
}

static void test_first_route_wins(void **state)
{
    (void)state;
    static const struct route dup[] = {
        {"GET", "/x/{id}", h_show},
        {"GET", "/x/{id}", h_list},
        {"GET", "/x/1", h_home},
    };
    struct request req;
    struct response resp;
    request_init(&req);
    response_init(&resp, 16);
    req.path = "/x/1";
    called = NULL;
    assert_int_equal(router_dispatch(dup, 3, &req, &resp), ROUTER_OK);
    assert_string_equal(called, "show");
    request_release(&req);
    response_release(&resp);

    request_init(&req);
    response_init(&resp, 16);
    assert_int_equal(router_dispatch(dup, 0, &req, &resp), ROUTER_NOT_FOUND);
    request_release(&req);
    response_release(&resp);
}

static void test_param_id_guards(void **state)
{
    (void)state;
    struct request req;
    request_init(&req);
    assert_int_equal(request_param_id(&req, 0), 0);
    req.params[0] = "12";
    req.params[1] = "x";
    req.params[2] = NULL;
    req.nparams = 3;
    assert_int_equal(request_param_id(&req, 0), 12);
    assert_int_equal(request_param_id(&req, 1), 0);
    assert_int_equal(request_param_id(&req, 2), 0);
    assert_int_equal(request_param_id(&req, 4), 0);
    req.nparams = 99;
    assert_int_equal(request_param_id(&req, 50), 0);
    request_release(&req);
}

static void test_http_helpers(void **state)
{
    (void)state;
    struct request req;
    struct response resp;
    request_init(&req);
    response_init(&resp, 64);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.content_type, "text/html; charset=utf-8");
    /* No connection: no headers, no cookies. */
    assert_null(request_header(&req, "Host"));
    assert_null(request_cookie(&req, "sid"));

    for (int i = 0; i < HTTP_MAX_HEADERS + 3; i++)
        response_header(&resp, "X-N", "v");
    assert_int_equal(resp.nheaders, HTTP_MAX_HEADERS);
    resp.nheaders = 0;

    const char *ok[] = {"/", "/residents/5?tab=cases", "/a//b", "/caf\xc3\xa9"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        resp.nheaders = 0;
        response_redirect(&resp, &req, ok[i]);
        assert_int_equal(resp.status, 303);
        assert_string_equal(header(&resp, "Location"), ok[i]);
    }
    const char *off_site[] = {"//evil.example/",
                              "/\\evil.example",
                              "https://evil.example/",
                              "javascript:alert(1)",
                              "",
                              "residents",
                              "/a\r\nSet-Cookie: x=1",
                              "/a\tb",
                              NULL};
    for (size_t i = 0; i < sizeof(off_site) / sizeof(off_site[0]); i++) {
        resp.nheaders = 0;
        response_redirect(&resp, &req, off_site[i]);
        assert_int_equal(resp.status, 303);
        assert_string_equal(header(&resp, "Location"), "/");
    }
    response_release(&resp);
    request_release(&req);
}

static void test_query(void **state)
{
    (void)state;
    struct request req;
    const char *v = "unchanged";
    request_init(&req);
    req.query = "q=Jan+de+Vries&p=caf%C3%A9&empty=&flag&q=second";
    assert_false(request_query_malformed(&req));
    assert_string_equal(request_query(&req, "q"), "Jan de Vries");
    assert_string_equal(request_query(&req, "p"), "caf\xc3\xa9");
    assert_string_equal(request_query(&req, "empty"), "");
    assert_string_equal(request_query(&req, "flag"), "");
    assert_null(request_query(&req, "missing"));
    assert_int_equal(request_query_get(&req, "missing", &v), RC_NOT_FOUND);
    assert_null(v);
    assert_int_equal(request_query_get(&req, "q", &v), RC_OK);
    assert_string_equal(v, "Jan de Vries");
    request_release(&req);

    request_init(&req);
    assert_false(request_query_malformed(&req)); /* "" is a valid, empty query */
    assert_int_equal(request_query_get(&req, "q", &v), RC_NOT_FOUND);
    request_release(&req);

    const char *bad[] = {"q=%zz", "q=ok&x=%", "q=%00", "q=%ff", "q=\xff"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        request_init(&req);
        req.query = bad[i];
        assert_true(request_query_malformed(&req));
        assert_null(request_query(&req, "q"));
        v = "unchanged";
        assert_int_equal(request_query_get(&req, "q", &v), RC_INVALID);
        assert_null(v);
        request_release(&req);
    }

    /* More than FORM_MAX_FIELDS parameters is malformed too. */
    struct buf b;
    buf_init(&b, 1 << 16);
    for (int i = 0; i < 201; i++)
        assert_int_equal(buf_printf(&b, "%sa=%d", i ? "&" : "", i), RC_OK);
    request_init(&req);
    req.query = b.data;
    assert_int_equal(request_query_get(&req, "a", &v), RC_INVALID);
    request_release(&req);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_literal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_captures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exact_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_head_served_by_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_method_not_allowed, setup, teardown),
        cmocka_unit_test(test_first_route_wins),
        cmocka_unit_test(test_param_id_guards),
        cmocka_unit_test(test_http_helpers),
        cmocka_unit_test(test_query),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
