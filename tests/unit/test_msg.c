/* The message catalogue: table order, completeness, lookup and the English
 * fallback to Dutch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "msg.h"

#include "banned.h"

static void test_table_sorted_and_unique(void **state)
{
    (void)state;
    assert_true(msg_catalogue_len > 100);
    for (size_t i = 1; i < msg_catalogue_len; i++) {
        if (strcmp(msg_catalogue[i - 1].key, msg_catalogue[i].key) >= 0)
            fail_msg("%s must sort after %s", msg_catalogue[i].key, msg_catalogue[i - 1].key);
    }
    assert_int_equal(msg_catalogue_check(), RC_OK);
}

static void test_every_key_has_dutch(void **state)
{
    (void)state;
    for (size_t i = 0; i < msg_catalogue_len; i++) {
        const struct msg_entry *e = &msg_catalogue[i];
        assert_non_null(e->key);
        assert_non_null(e->nl);
        if (!e->nl[0])
            fail_msg("%s has empty Dutch text", e->key);
        /* Keys are what templates write as {{@key}}: page.word, nothing else. */
        assert_non_null(strchr(e->key, '.'));
        for (const char *c = e->key; *c; c++)
            assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' ||
                        *c == '.');
    }
}

static void test_every_entry_found(void **state)
{
    (void)state;
    /* Each entry reached through the search itself proves the order works. */
    for (size_t i = 0; i < msg_catalogue_len; i++) {
        const struct msg_entry *e = &msg_catalogue[i];
        assert_ptr_equal(msg_get(LANG_NL, e->key), e->nl);
        assert_ptr_equal(msg_get(LANG_EN, e->key), e->en ? e->en : e->nl);
    }
}

static void test_lookup(void **state)
{
    (void)state;
    assert_string_equal(msg_get(LANG_NL, "login.title"), "Inloggen");
    assert_string_equal(msg_get(LANG_EN, "login.title"), "Log in");
    assert_string_equal(msg_get(LANG_NL, "phase.plan"), "Plan van aanpak");
    assert_string_equal(msg_get(LANG_NL, "role.auditor"), "Privacy officer");
    assert_string_equal(msg_get(LANG_NL, "field.bsn"), "Dit is geen geldig BSN (elfproef).");
    assert_string_equal(msg_get(LANG_NL, "footer.privacy"),
                        "Werkroute legt vast wie welk dossier inziet.");
    /* The first and last entries, where a search goes wrong first. */
    assert_non_null(msg_get(LANG_NL, msg_catalogue[0].key));
    assert_non_null(msg_get(LANG_NL, msg_catalogue[msg_catalogue_len - 1].key));
}

static void test_unknown_key(void **state)
{
    (void)state;
    assert_null(msg_get(LANG_NL, "no.such.key"));
    assert_null(msg_get(LANG_EN, "no.such.key"));
    assert_null(msg_get(LANG_NL, ""));
    assert_null(msg_get(LANG_NL, NULL));
    assert_null(msg_get(LANG_NL, "login"));         /* a prefix of real keys */
    assert_null(msg_get(LANG_NL, "login.title.x")); /* longer than a real key */
    assert_null(msg_get(LANG_NL, "Login.title"));   /* keys are case-sensitive */
}

static void test_english_falls_back_to_dutch(void **state)
{
    (void)state;
    /* app.name has no English column: the name is the same in both. */
    size_t untranslated = 0;
    for (size_t i = 0; i < msg_catalogue_len; i++) {
        if (msg_catalogue[i].en)
            continue;
        untranslated++;
        assert_string_equal(msg_get(LANG_EN, msg_catalogue[i].key), msg_catalogue[i].nl);
    }
    assert_true(untranslated > 0);
    assert_string_equal(msg_get(LANG_EN, "app.name"), "Werkroute");
    assert_string_equal(msg_get(LANG_EN, "phase.intake"), "Intake");
}

static void test_lang_code(void **state)
{
    (void)state;
    assert_string_equal(msg_lang_code(LANG_NL), "nl");
    assert_string_equal(msg_lang_code(LANG_EN), "en");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_sorted_and_unique),
        cmocka_unit_test(test_every_key_has_dutch),
        cmocka_unit_test(test_every_entry_found),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_english_falls_back_to_dutch),
        cmocka_unit_test(test_lang_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
