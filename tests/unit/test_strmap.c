/* The string map (src/core/strmap.c): put, replace, get, growth past many
 * keys, and keys that differ in one byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "strmap.h"

#include "banned.h"

static void test_put_get_replace(void **state)
{
    (void)state;
    struct strmap m;
    strmap_init(&m);
    int64_t v = -1;
    assert_false(strmap_get(&m, "a", &v));
    assert_true(strmap_put(&m, "a", 1));
    assert_true(strmap_put(&m, "b", 2));
    assert_false(strmap_put(&m, "a", 3)); /* replaced */
    assert_true(strmap_get(&m, "a", &v));
    assert_int_equal(v, 3);
    assert_true(strmap_get(&m, "b", NULL));
    assert_false(strmap_get(&m, "c", &v));
    assert_false(strmap_get(&m, "", &v));
    assert_true(strmap_put(&m, "", 0));
    assert_true(strmap_get(&m, "", &v));
    assert_int_equal(v, 0);
    assert_int_equal(m.count, 3);
    strmap_release(&m);
    assert_false(strmap_get(&m, "a", &v));
}

static void test_many_keys(void **state)
{
    (void)state;
    enum { N = 50000 };
    char(*keys)[40] = calloc(N, 40);
    assert_non_null(keys);
    struct strmap m;
    strmap_init(&m);
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], 40, "http://data.europa.eu/esco/skill/%d", i);
        assert_true(strmap_put(&m, keys[i], i * 7));
    }
    assert_int_equal(m.count, N);
    for (int i = 0; i < N; i++) {
        int64_t v;
        assert_true(strmap_get(&m, keys[i], &v));
        assert_int_equal(v, i * 7);
    }
    assert_false(strmap_get(&m, "http://data.europa.eu/esco/skill/50000", NULL));
    strmap_release(&m);
    free(keys);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get_replace),
        cmocka_unit_test(test_many_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
