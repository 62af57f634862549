/* The OpenAPI document served at /api/v1/openapi.json must describe exactly
 * the routes the server has: every route documented, nothing documented that
 * is not served. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "api.h"
#include "embedded.h"

static json_t *load_doc(void)
{
    const struct embedded_file *f = embedded_find("static/openapi.json");
    assert_non_null(f);
    json_error_t err;
    json_t *doc = json_loadb((const char *)f->data, f->size, 0, &err);
    assert_non_null(doc);
    return doc;
}

static void lower(const char *in, char *out, size_t size)
{
    size_t i = 0;
    for (; in[i] && i + 1 < size; i++)
        out[i] = (char)tolower((unsigned char)in[i]);
    out[i] = '\0';
}

static void test_every_route_is_documented(void **state)
{
    (void)state;
    json_t *doc = load_doc();
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    json_t *paths = json_object_get(doc, "paths");
    for (size_t i = 0; i < api_nroutes; i++) {
        char method[16];
        lower(api_routes[i].method, method, sizeof(method));
        json_t *item = json_object_get(paths, api_routes[i].pattern);
        if (!item || !json_object_get(item, method))
            fail_msg("%s %s is served but not documented", api_routes[i].method,
                     api_routes[i].pattern);
        json_t *op = json_object_get(item, method);
        assert_non_null(json_object_get(op, "responses"));
    }
    json_decref(doc);
}

static void test_nothing_documented_is_missing(void **state)
{
    (void)state;
    json_t *doc = load_doc();
    const char *path;
    json_t *item;
    json_object_foreach(json_object_get(doc, "paths"), path, item)
    {
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op)
        {
            if (strcmp(method, "parameters") == 0)
                continue;
            bool found = false;
            for (size_t i = 0; i < api_nroutes; i++) {
                char m[16];
                lower(api_routes[i].method, m, sizeof(m));
                found =
                    found || (strcmp(api_routes[i].pattern, path) == 0 && strcmp(m, method) == 0);
            }
            if (!found)
                fail_msg("%s %s is documented but not served", method, path);
        }
    }
    json_decref(doc);
}

/* Every $ref points at a schema that exists. */
static void check_refs(json_t *node, json_t *schemas)
{
    if (json_is_object(node)) {
        const char *key;
        json_t *v;
        json_object_foreach(node, key, v)
        {
            if (strcmp(key, "$ref") == 0) {
                const char *ref = json_string_value(v);
                const char *prefix = "#/components/schemas/";
                assert_non_null(ref);
                assert_memory_equal(ref, prefix, strlen(prefix));
                if (!json_object_get(schemas, ref + strlen(prefix)))
                    fail_msg("dangling $ref %s", ref);
            } else {
                check_refs(v, schemas);
            }
        }
    } else if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) check_refs(v, schemas);
    }
}

static void test_refs_resolve(void **state)
{
    (void)state;
    json_t *doc = load_doc();
    check_refs(doc, json_object_get(json_object_get(doc, "components"), "schemas"));
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_route_is_documented),
        cmocka_unit_test(test_nothing_documented_is_missing),
        cmocka_unit_test(test_refs_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
