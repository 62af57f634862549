/* The pure rules of referrals, consents and the task inbox (core/referral.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "referral.h"

#include "banned.h"

static void test_status_transitions(void **state)
{
    (void)state;
    enum referral_status to;
    assert_int_equal(referral_next(REFERRAL_AANGEVRAAGD, REFERRAL_ACCEPT, &to), RC_OK);
    assert_int_equal(to, REFERRAL_GEACCEPTEERD);
    assert_int_equal(referral_next(REFERRAL_AANGEVRAAGD, REFERRAL_DECLINE, &to), RC_OK);
    assert_int_equal(to, REFERRAL_AFGEWEZEN);
    assert_int_equal(referral_next(REFERRAL_AANGEVRAAGD, REFERRAL_END, &to), RC_OK);
    assert_int_equal(to, REFERRAL_BEEINDIGD);
    assert_int_equal(referral_next(REFERRAL_GEACCEPTEERD, REFERRAL_END, &to), RC_OK);
    assert_int_equal(to, REFERRAL_BEEINDIGD);
    /* Past the step: accepting twice, deciding after the end, ending twice. */
    static const struct {
        enum referral_status from;
        enum referral_event event;
    } refused[] = {
        {REFERRAL_GEACCEPTEERD, REFERRAL_ACCEPT}, {REFERRAL_GEACCEPTEERD, REFERRAL_DECLINE},
        {REFERRAL_AFGEWEZEN, REFERRAL_ACCEPT},    {REFERRAL_AFGEWEZEN, REFERRAL_DECLINE},
        {REFERRAL_AFGEWEZEN, REFERRAL_END},       {REFERRAL_BEEINDIGD, REFERRAL_ACCEPT},
        {REFERRAL_BEEINDIGD, REFERRAL_DECLINE},   {REFERRAL_BEEINDIGD, REFERRAL_END},
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        to = REFERRAL_STATUS_COUNT;
        assert_int_equal(referral_next(refused[i].from, refused[i].event, &to), RC_CONFLICT);
        assert_int_equal(to, REFERRAL_STATUS_COUNT);
    }
    assert_true(referral_is_open(REFERRAL_AANGEVRAAGD));
    assert_true(referral_is_open(REFERRAL_GEACCEPTEERD));
    assert_false(referral_is_open(REFERRAL_AFGEWEZEN));
    assert_false(referral_is_open(REFERRAL_BEEINDIGD));
}

static void test_names(void **state)
{
    (void)state;
    for (int s = 0; s < REFERRAL_STATUS_COUNT; s++) {
        enum referral_status back;
        assert_true(referral_status_parse(referral_status_name((enum referral_status)s), &back));
        assert_int_equal(back, s);
    }
    for (int p = 0; p < PURPOSE_COUNT; p++) {
        enum referral_purpose back;
        assert_true(referral_purpose_parse(referral_purpose_name((enum referral_purpose)p), &back));
        assert_int_equal(back, p);
    }
    enum referral_purpose p;
    assert_true(referral_purpose_parse("begeleiding_werkplek", &p));
    assert_int_equal(p, PURPOSE_BEGELEIDING_WERKPLEK);
    assert_false(referral_purpose_parse("Jobcoaching", &p));
    assert_false(referral_purpose_parse("", &p));
    assert_false(referral_purpose_parse(NULL, &p));
    assert_string_equal(referral_status_name((enum referral_status)99), "");
    enum consent_scope sc;
    assert_true(consent_scope_parse("dossier_organisatie", &sc));
    assert_int_equal(sc, CONSENT_FILE_ORGANISATION);
    assert_false(consent_scope_parse("alles", &sc));
    enum consent_how how;
    assert_true(consent_how_parse("mondeling", &how));
    assert_false(consent_how_parse("per duif", &how));
    for (int k = 0; k < TASK_KIND_COUNT; k++) {
        enum task_kind back;
        assert_true(task_kind_parse(task_kind_name((enum task_kind)k), &back));
        assert_int_equal(back, k);
    }
}

static void test_targets_and_texts(void **state)
{
    (void)state;
    assert_true(referral_target_allowed(ORG_SOCIAL_WORK_COMPANY));
    assert_true(referral_target_allowed(ORG_OTHER));
    assert_false(referral_target_allowed(ORG_MUNICIPAL));
    assert_false(referral_target_allowed(ORG_EMPLOYER));

    assert_true(referral_legal_basis_valid("Participatiewet art. 7 en 10"));
    assert_true(referral_legal_basis_valid("Wet SUWI art. 10"));
    assert_false(referral_legal_basis_valid(NULL));
    assert_false(referral_legal_basis_valid(""));
    assert_false(referral_legal_basis_valid("   "));
    assert_false(referral_legal_basis_valid("ab"));
    assert_false(referral_legal_basis_valid("Participatiewet\nart. 7"));
    assert_false(referral_legal_basis_valid("\xff\xfe wet"));
    char long_text[REFERRAL_LEGAL_BASIS_MAX + 2];
    memset(long_text, 'a', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    assert_false(referral_legal_basis_valid(long_text));
    long_text[REFERRAL_LEGAL_BASIS_MAX] = '\0';
    assert_true(referral_legal_basis_valid(long_text));

    assert_true(referral_reason_valid("Geen plek tot september.\nWe bellen in augustus."));
    assert_false(referral_reason_valid(""));
    assert_false(referral_reason_valid(" \n "));
    assert_false(referral_reason_valid(NULL));
}

static void test_consent_rules(void **state)
{
    (void)state;
    assert_null(consent_check_organisation(CONSENT_FILE_ORGANISATION, true, ORG_EMPLOYER));
    assert_null(
        consent_check_organisation(CONSENT_FILE_ORGANISATION, true, ORG_SOCIAL_WORK_COMPANY));
    assert_string_equal(consent_check_organisation(CONSENT_FILE_ORGANISATION, false, ORG_OTHER),
                        "consent.error_organisation_required");
    assert_string_equal(consent_check_organisation(CONSENT_FILE_ORGANISATION, true, ORG_MUNICIPAL),
                        "consent.error_organisation_municipal");
    assert_null(consent_check_organisation(CONSENT_PROFILE_EMPLOYERS, false, ORG_MUNICIPAL));
    assert_null(consent_check_organisation(CONSENT_PROFILE_EMPLOYERS, true, ORG_EMPLOYER));
    assert_string_equal(
        consent_check_organisation(CONSENT_PROFILE_EMPLOYERS, true, ORG_SOCIAL_WORK_COMPANY),
        "consent.error_organisation_employer");

    struct date today = {2026, 3, 15};
    assert_true(consent_given_on_valid("2026-03-15", &today));
    assert_true(consent_given_on_valid("2020-02-29", &today));
    assert_false(consent_given_on_valid("2026-03-16", &today));
    assert_false(consent_given_on_valid("2027-01-01", &today));
    assert_false(consent_given_on_valid("2026-02-30", &today));
    assert_false(consent_given_on_valid("15-03-2026", &today));
    assert_false(consent_given_on_valid("", &today));
    assert_false(consent_given_on_valid(NULL, &today));
}

static void check_dates(struct date today, const char *ending, const char *ladder)
{
    struct date e, l;
    task_dates(&today, &e, &l);
    char out[11];
    date_format(&e, out);
    assert_string_equal(out, ending);
    date_format(&l, out);
    assert_string_equal(out, ladder);
}

static void test_task_dates(void **state)
{
    (void)state;
    check_dates((struct date){2026, 3, 15}, "2026-03-29", "2025-09-15");
    check_dates((struct date){2026, 12, 25}, "2027-01-08", "2026-06-25");
    /* 31 August minus six months: the last day of February. */
    check_dates((struct date){2026, 8, 31}, "2026-09-14", "2026-02-28");
    check_dates((struct date){2028, 8, 31}, "2028-09-14", "2028-02-29");
    check_dates((struct date){2028, 2, 20}, "2028-03-05", "2027-08-20");
    struct date d = date_add_days(&(struct date){2024, 2, 28}, 1);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 29);
    d = date_add_days(&(struct date){2025, 1, 1}, -1);
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 12);
    assert_int_equal(d.day, 31);
    d = date_add_days(&(struct date){2026, 1, 1}, 365);
    assert_int_equal(d.year, 2027);
    assert_int_equal(d.day, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_transitions), cmocka_unit_test(test_names),
        cmocka_unit_test(test_targets_and_texts),  cmocka_unit_test(test_consent_rules),
        cmocka_unit_test(test_task_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
