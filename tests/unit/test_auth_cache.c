/* The in-memory session cache: hits only within its time to live and the
 * session's own limits, forgets on logout, clears on user changes, and
 * hands out copies that outlive the entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "auth_cache.h"
#include "password.h"

#define IDLE 1800
#define MAX 43200

static struct user sample_user(void)
{
    static const char *codes[] = {"GM0505", "GM0590"};
    return (struct user){.id = 7,
                         .username = "km.dordrecht",
                         .display_name = "Klantmanager Dordrecht",
                         .password_hash = "$argon2id$secret",
                         .role = ROLE_CASE_MANAGER,
                         .organisation_id = 3,
                         .organisation_name = "Gemeente Dordrecht",
                         .active = true,
                         .municipalities = codes,
                         .nmunicipalities = 2};
}

static void hit_within_ttl_returns_a_copy(void **state)
{
    (void)state;
    struct auth_cache *c = auth_cache_new(2);
    char token[TOKEN_TEXT_LEN + 1];
    token_new(token);
    struct session s = {.user_id = 7, .bearer = true, .created_at = 1000, .last_seen = 1000};
    strcpy(s.csrf, "csrf-value");
    struct user u = sample_user();
    auth_cache_put(c, token, 1000, &s, &u);

    struct arena a;
    arena_init(&a);
    struct session got_s;
    struct user got_u;
    assert_true(auth_cache_get(c, token, 1001, IDLE, MAX, &a, &got_s, &got_u));
    /* The entry may be replaced or cleared: the copy stays valid. */
    auth_cache_clear(c);
    assert_int_equal(got_s.user_id, 7);
    assert_true(got_s.bearer);
    assert_string_equal(got_s.csrf, "csrf-value");
    assert_string_equal(got_u.username, "km.dordrecht");
    assert_string_equal(got_u.display_name, "Klantmanager Dordrecht");
    assert_string_equal(got_u.organisation_name, "Gemeente Dordrecht");
    assert_null(got_u.password_hash);
    assert_int_equal(got_u.nmunicipalities, 2);
    assert_string_equal(got_u.municipalities[0], "GM0505");
    assert_string_equal(got_u.municipalities[1], "GM0590");
    assert_int_equal(got_u.role, ROLE_CASE_MANAGER);
    assert_true(got_u.active);
    arena_release(&a);
    auth_cache_free(c);
}

static void misses_after_ttl_limits_and_for_other_tokens(void **state)
{
    (void)state;
    struct auth_cache *c = auth_cache_new(2);
    char token[TOKEN_TEXT_LEN + 1], other[TOKEN_TEXT_LEN + 1];
    token_new(token);
    token_new(other);
    struct session s = {.user_id = 7, .created_at = 1000, .last_seen = 1000};
    struct user u = sample_user();
    auth_cache_put(c, token, 5000, &s, &u);
    struct arena a;
    arena_init(&a);
    struct session gs;
    struct user gu;
    assert_false(auth_cache_get(c, other, 5000, IDLE, MAX * 10, &a, &gs, &gu));
    assert_true(auth_cache_get(c, token, 5001, IDLE * 10, MAX, &a, &gs, &gu));
    /* Time to live. */
    assert_false(auth_cache_get(c, token, 5002, IDLE * 10, MAX, &a, &gs, &gu));
    /* The session's idle limit, checked on a hit as well. */
    assert_false(auth_cache_get(c, token, 5001, 3000, MAX, &a, &gs, &gu));
    /* Its absolute limit. */
    assert_false(auth_cache_get(c, token, 5001, IDLE * 10, 3000, &a, &gs, &gu));
    arena_release(&a);
    auth_cache_free(c);
}

static void forget_and_clear(void **state)
{
    (void)state;
    struct auth_cache *c = auth_cache_new(60);
    char t1[TOKEN_TEXT_LEN + 1], t2[TOKEN_TEXT_LEN + 1];
    token_new(t1);
    token_new(t2);
    struct session s = {.user_id = 7, .created_at = 100, .last_seen = 100};
    struct user u = sample_user();
    auth_cache_put(c, t1, 100, &s, &u);
    auth_cache_put(c, t2, 100, &s, &u);
    struct arena a;
    arena_init(&a);
    struct session gs;
    struct user gu;
    auth_cache_forget(c, t1);
    assert_false(auth_cache_get(c, t1, 101, IDLE, MAX, &a, &gs, &gu));
    assert_true(auth_cache_get(c, t2, 101, IDLE, MAX, &a, &gs, &gu));
    auth_cache_clear(c);
    assert_false(auth_cache_get(c, t2, 101, IDLE, MAX, &a, &gs, &gu));
    arena_release(&a);
    auth_cache_free(c);
}

static void many_tokens_stay_bounded_and_correct(void **state)
{
    (void)state;
    /* More tokens than slots: an entry may be evicted, never mixed up. */
    struct auth_cache *c = auth_cache_new(60);
    enum { N = 10000 };
    static char tokens[N][TOKEN_TEXT_LEN + 1];
    struct user u = sample_user();
    for (int i = 0; i < N; i++) {
        token_new(tokens[i]);
        struct session s = {.user_id = i + 1, .created_at = 100, .last_seen = 100};
        auth_cache_put(c, tokens[i], 100, &s, &u);
    }
    struct arena a;
    arena_init(&a);
    int hits = 0;
    for (int i = 0; i < N; i++) {
        struct session gs;
        struct user gu;
        if (auth_cache_get(c, tokens[i], 101, IDLE, MAX, &a, &gs, &gu)) {
            assert_int_equal(gs.user_id, i + 1);
            hits++;
        }
    }
    assert_true(hits > 1000 && hits < N);
    arena_release(&a);
    auth_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hit_within_ttl_returns_a_copy),
        cmocka_unit_test(misses_after_ttl_limits_and_for_other_tokens),
        cmocka_unit_test(forget_and_clear),
        cmocka_unit_test(many_tokens_stay_bounded_and_correct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
