/* The pure rules of an intake (src/core/intake.c): the fixed lists and their
 * names, the stored form of the licence and barrier sets, every check of
 * intake_check with the field it blames, and when a ladder measurement is
 * due again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "intake.h"

#include "banned.h"

#define SKILL_URI "http://data.europa.eu/esco/skill/530cb489-d900-46ab-9350-4d50ccd49eea"
#define SKILL_URI2 "http://data.europa.eu/esco/skill/27d26fd6-5795-4f0a-884e-112df7c68314"
#define OCC_URI "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"

static const struct date today = {2026, 3, 15};

static struct intake_skill skills[2];
static const char *wishes[2];
static struct intake_language languages[2];

/* A valid intake with one of everything. */
static struct intake valid(void)
{
    skills[0] = (struct intake_skill){SKILL_URI, SKILL_WAARGENOMEN};
    skills[1] = (struct intake_skill){SKILL_URI2, SKILL_ZELF};
    wishes[0] = OCC_URI;
    languages[0] = (struct intake_language){"nl", CEFR_B1};
    languages[1] = (struct intake_language){"ar", CEFR_C2};
    return (struct intake){
        .hours_per_week = 24,
        .max_travel_km = 15,
        .licences = 1u << LICENCE_B,
        .barriers = (1u << BARRIER_TAAL) | (1u << BARRIER_SCHULDEN),
        .ladder_step = 3,
        .ladder_measured_on = "2026-03-15",
        .benefit = "Participatiewet, alleenstaande norm",
        .route = ROUTE_ONTWIKKELEN,
        .route_motivation = "Eerst werkritme opdoen in een werkfit-traject.",
        .skills = skills,
        .nskills = 2,
        .wishes = wishes,
        .nwishes = 1,
        .languages = languages,
        .nlanguages = 2,
    };
}

/* check runs intake_check on a copy of in (the cleaned strings die with its
 * arena) and returns the error key of field f (NULL when fine); *count
 * receives the number of fields that failed. */
static const char *check(const struct intake *in, enum intake_field f, int *count)
{
    struct arena a;
    arena_init(&a);
    struct intake copy = *in;
    struct intake_errors errs = {0};
    bool ok = intake_check(&a, &copy, &today, &errs);
    assert_true(ok == (errs.count == 0));
    if (count)
        *count = errs.count;
    const char *key = errs.msg[f];
    arena_release(&a);
    return key; /* static strings: they outlive the arena */
}

static void assert_only_error(const struct intake *in, enum intake_field f, const char *key)
{
    int count = 0;
    const char *got = check(in, f, &count);
    if (!got || strcmp(got, key) != 0)
        fail_msg("field %s: got %s, want %s", intake_field_name(f), got ? got : "(none)", key);
    if (count != 1)
        fail_msg("field %s: %d fields failed, want only this one", intake_field_name(f), count);
}

static void test_names(void **state)
{
    (void)state;
    static const char *const barriers[] = {
        "taal",        "schulden",   "gezondheid", "zorgtaken", "vervoer",
        "huisvesting", "verslaving", "justitie",   "psychisch", "digitale_vaardigheden",
    };
    assert_int_equal(INTAKE_BARRIER_COUNT, 10);
    for (int i = 0; i < INTAKE_BARRIER_COUNT; i++) {
        assert_string_equal(intake_barrier_name((enum intake_barrier)i), barriers[i]);
        enum intake_barrier b = INTAKE_BARRIER_COUNT;
        assert_true(intake_barrier_parse(barriers[i], &b));
        assert_int_equal(b, i);
    }
    enum intake_barrier b = BARRIER_TAAL;
    assert_false(intake_barrier_parse("Taal", &b));
    assert_false(intake_barrier_parse("", &b));
    assert_false(intake_barrier_parse(NULL, &b));
    assert_int_equal(b, BARRIER_TAAL);
    assert_null(intake_barrier_name(INTAKE_BARRIER_COUNT));
    assert_null(intake_barrier_name((enum intake_barrier) - 1));

    static const char *const licences[] = {"AM", "A", "B", "BE", "C", "CE", "D"};
    for (int i = 0; i < DRIVING_LICENCE_COUNT; i++) {
        assert_string_equal(driving_licence_name((enum driving_licence)i), licences[i]);
        enum driving_licence l;
        assert_true(driving_licence_parse(licences[i], &l));
        assert_int_equal(l, i);
    }
    enum driving_licence l;
    assert_false(driving_licence_parse("b", &l));
    assert_false(driving_licence_parse("T", &l));
    assert_null(driving_licence_name(DRIVING_LICENCE_COUNT));

    static const char *const levels[] = {"A0", "A1", "A2", "B1", "B2", "C1", "C2"};
    for (int i = 0; i < CEFR_COUNT; i++) {
        assert_string_equal(cefr_level_name((enum cefr_level)i), levels[i]);
        enum cefr_level c;
        assert_true(cefr_level_parse(levels[i], &c));
        assert_int_equal(c, i);
    }
    enum cefr_level c;
    assert_false(cefr_level_parse("C3", &c));
    assert_false(cefr_level_parse("b1", &c));

    enum skill_level s;
    assert_true(skill_level_parse("zelf", &s));
    assert_int_equal(s, SKILL_ZELF);
    assert_true(skill_level_parse("waargenomen", &s));
    assert_int_equal(s, SKILL_WAARGENOMEN);
    assert_false(skill_level_parse("expert", &s));
    assert_string_equal(skill_level_name(SKILL_ZELF), "zelf");

    assert_string_equal(intake_field_name(IF_LADDER_STEP), "ladder_step");
    assert_string_equal(intake_field_name(IF_ROUTE_MOTIVATION), "route_motivation");
    assert_string_equal(intake_field_name(INTAKE_FIELD_COUNT), "");
}

static void test_language_codes(void **state)
{
    (void)state;
    assert_true(intake_language_code_valid("nl"));
    assert_true(intake_language_code_valid("ti"));
    assert_false(intake_language_code_valid("NL"));
    assert_false(intake_language_code_valid("n"));
    assert_false(intake_language_code_valid("nld"));
    assert_false(intake_language_code_valid(""));
    assert_false(intake_language_code_valid("n1"));
    assert_false(intake_language_code_valid("é"));
    assert_false(intake_language_code_valid(NULL));
}

static void test_sets(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    unsigned set = (1u << LICENCE_BE) | (1u << LICENCE_B) | (1u << LICENCE_D);
    const char *text = intake_set_format(&a, set, driving_licence_name_i, DRIVING_LICENCE_COUNT);
    assert_string_equal(text, "B,BE,D");
    unsigned back = 0;
    assert_true(intake_set_parse(text, driving_licence_name_i, DRIVING_LICENCE_COUNT, &back));
    assert_int_equal(back, set);
    assert_string_equal(intake_set_format(&a, 0, driving_licence_name_i, DRIVING_LICENCE_COUNT),
                        "");
    assert_true(intake_set_parse("", driving_licence_name_i, DRIVING_LICENCE_COUNT, &back));
    assert_int_equal(back, 0);
    unsigned all = (1u << INTAKE_BARRIER_COUNT) - 1;
    text = intake_set_format(&a, all, intake_barrier_name_i, INTAKE_BARRIER_COUNT);
    assert_string_equal(text, "taal,schulden,gezondheid,zorgtaken,vervoer,huisvesting,"
                              "verslaving,justitie,psychisch,digitale_vaardigheden");
    assert_true(intake_set_parse(text, intake_barrier_name_i, INTAKE_BARRIER_COUNT, &back));
    assert_int_equal(back, all);
    /* Unknown, repeated, a prefix of a name, stray commas: refused. */
    back = 77;
    assert_false(intake_set_parse("B,X", driving_licence_name_i, DRIVING_LICENCE_COUNT, &back));
    assert_false(intake_set_parse("B,B", driving_licence_name_i, DRIVING_LICENCE_COUNT, &back));
    assert_false(intake_set_parse("taa", intake_barrier_name_i, INTAKE_BARRIER_COUNT, &back));
    assert_false(intake_set_parse("B,", driving_licence_name_i, DRIVING_LICENCE_COUNT, &back));
    assert_false(intake_set_parse(",B", driving_licence_name_i, DRIVING_LICENCE_COUNT, &back));
    assert_false(intake_set_parse(NULL, driving_licence_name_i, DRIVING_LICENCE_COUNT, &back));
    assert_int_equal(back, 77);
    arena_release(&a);
}

static void test_valid_intake(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct intake in = valid();
    in.route_motivation = "  Eerst werkritme.\n";
    struct intake_errors errs = {0};
    assert_true(intake_check(&a, &in, &today, &errs));
    assert_int_equal(errs.count, 0);
    assert_string_equal(in.route_motivation, "Eerst werkritme.");
    /* The least there can be: no route, nothing listed, optional texts NULL. */
    struct intake bare = {.max_travel_km = 0, .ladder_step = 1, .ladder_measured_on = "2000-01-01"};
    assert_true(intake_check(&a, &bare, &today, &errs));
    assert_string_equal(bare.benefit, "");
    assert_string_equal(bare.route_motivation, "");
    /* The edges of every range. */
    struct intake edge = valid();
    edge.hours_per_week = 60;
    edge.max_travel_km = 300;
    edge.ladder_step = 6;
    edge.licences = (1u << DRIVING_LICENCE_COUNT) - 1;
    edge.barriers = (1u << INTAKE_BARRIER_COUNT) - 1;
    assert_true(intake_check(&a, &edge, &today, &errs));
    arena_release(&a);
}

static void test_ranges(void **state)
{
    (void)state;
    struct intake in = valid();
    in.hours_per_week = 61;
    assert_only_error(&in, IF_HOURS_PER_WEEK, "field.hours");
    in = valid();
    in.hours_per_week = -1;
    assert_only_error(&in, IF_HOURS_PER_WEEK, "field.hours");
    in = valid();
    in.max_travel_km = 301;
    assert_only_error(&in, IF_MAX_TRAVEL_KM, "field.travel_km");
    in = valid();
    in.ladder_step = 7;
    assert_only_error(&in, IF_LADDER_STEP, "field.ladder_step");
    in = valid();
    in.ladder_step = 0;
    assert_only_error(&in, IF_LADDER_STEP, "field.ladder_step");
    in = valid();
    in.licences = 1u << DRIVING_LICENCE_COUNT;
    assert_only_error(&in, IF_DRIVING_LICENCES, "field.licence");
    in = valid();
    in.barriers = 1u << INTAKE_BARRIER_COUNT;
    assert_only_error(&in, IF_BARRIERS, "field.barrier");
    in = valid();
    in.route = CASE_ROUTE_COUNT;
    assert_only_error(&in, IF_ROUTE, "field.route");
}

static void test_dates(void **state)
{
    (void)state;
    struct intake in = valid();
    in.ladder_measured_on = "2026-03-16"; /* tomorrow */
    assert_only_error(&in, IF_LADDER_MEASURED_ON, "field.date_future");
    in.ladder_measured_on = "2027-01-01";
    assert_only_error(&in, IF_LADDER_MEASURED_ON, "field.date_future");
    in.ladder_measured_on = "2026-04-01";
    assert_only_error(&in, IF_LADDER_MEASURED_ON, "field.date_future");
    in.ladder_measured_on = "2026-02-30";
    assert_only_error(&in, IF_LADDER_MEASURED_ON, "field.date");
    in.ladder_measured_on = "15-03-2026";
    assert_only_error(&in, IF_LADDER_MEASURED_ON, "field.date");
    in.ladder_measured_on = "";
    assert_only_error(&in, IF_LADDER_MEASURED_ON, "field.required");
    in.ladder_measured_on = NULL;
    assert_only_error(&in, IF_LADDER_MEASURED_ON, "field.required");
    in.ladder_measured_on = "2026-03-15"; /* today is fine */
    assert_null(check(&in, IF_LADDER_MEASURED_ON, NULL));
    /* Without a date for today nothing can be checked: refused. */
    struct arena a;
    arena_init(&a);
    struct intake_errors errs = {0};
    assert_false(intake_check(&a, &in, NULL, &errs));
    assert_string_equal(errs.msg[IF_LADDER_MEASURED_ON], "field.date_future");
    arena_release(&a);
}

static void test_route_needs_motivation(void **state)
{
    (void)state;
    for (int r = ROUTE_WERK; r < CASE_ROUTE_COUNT; r++) {
        struct intake in = valid();
        in.route = (enum case_route)r;
        in.route_motivation = "";
        assert_only_error(&in, IF_ROUTE_MOTIVATION, "field.motivation_required");
        in.route_motivation = " \n\t ";
        assert_only_error(&in, IF_ROUTE_MOTIVATION, "field.motivation_required");
        in.route_motivation = NULL;
        assert_only_error(&in, IF_ROUTE_MOTIVATION, "field.motivation_required");
    }
    /* No route, no motivation needed; one given anyway is kept. */
    struct intake in = valid();
    in.route = ROUTE_NONE;
    in.route_motivation = "";
    assert_null(check(&in, IF_ROUTE_MOTIVATION, NULL));
}

static void test_texts(void **state)
{
    (void)state;
    char long_text[INTAKE_MOTIVATION_MAX_CHARS + 2];
    memset(long_text, 'x', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    struct intake in = valid();
    in.route_motivation = long_text;
    assert_only_error(&in, IF_ROUTE_MOTIVATION, "field.too_long");
    /* Exactly the maximum, in two-byte characters, fits. */
    static char max_text[INTAKE_MOTIVATION_MAX_CHARS * 2 + 1];
    for (int i = 0; i < INTAKE_MOTIVATION_MAX_CHARS; i++)
        memcpy(max_text + 2 * i, "\xc3\xab", 2); /* ë */
    in.route_motivation = max_text;
    assert_null(check(&in, IF_ROUTE_MOTIVATION, NULL));
    in = valid();
    in.benefit = "Uitkering\x01";
    assert_only_error(&in, IF_BENEFIT, "field.text");
    in.benefit = "Uitkering \xff";
    assert_only_error(&in, IF_BENEFIT, "field.text");
    in.benefit = "Uitkering \xe2\x80\xae"; /* a right-to-left override */
    assert_only_error(&in, IF_BENEFIT, "field.text");
    in.benefit = "Regel een\nregel twee";
    assert_null(check(&in, IF_BENEFIT, NULL));
    char long_benefit[INTAKE_BENEFIT_MAX_CHARS * 5];
    memset(long_benefit, 'y', sizeof(long_benefit) - 1);
    long_benefit[sizeof(long_benefit) - 1] = '\0';
    in.benefit = long_benefit;
    assert_only_error(&in, IF_BENEFIT, "field.too_long");
}

static void test_lists(void **state)
{
    (void)state;
    struct intake in = valid();
    skills[1].uri = SKILL_URI;
    assert_only_error(&in, IF_SKILLS, "field.duplicate");
    in = valid();
    skills[1].level = SKILL_LEVEL_COUNT;
    assert_only_error(&in, IF_SKILLS, "field.skill_level");
    in = valid();
    skills[0].uri = "";
    assert_only_error(&in, IF_SKILLS, "field.esco_uri");
    in = valid();
    skills[0].uri = "http://data.europa.eu/esco/skill/a b";
    assert_only_error(&in, IF_SKILLS, "field.esco_uri");
    in = valid();
    skills[0].uri = "http://data.europa.eu/esco/skill/\x01";
    assert_only_error(&in, IF_SKILLS, "field.esco_uri");
    in = valid();
    in.nskills = INTAKE_MAX_SKILLS + 1;
    assert_only_error(&in, IF_SKILLS, "field.too_many");

    in = valid();
    wishes[1] = OCC_URI;
    in.nwishes = 2;
    assert_only_error(&in, IF_WISHES, "field.duplicate");
    in = valid();
    wishes[0] = NULL;
    assert_only_error(&in, IF_WISHES, "field.esco_uri");
    in = valid();
    in.nwishes = INTAKE_MAX_WISHES + 1;
    assert_only_error(&in, IF_WISHES, "field.too_many");

    in = valid();
    languages[1].code = "nl";
    assert_only_error(&in, IF_LANGUAGES, "field.duplicate");
    in = valid();
    languages[1].code = "NL";
    assert_only_error(&in, IF_LANGUAGES, "field.language");
    in = valid();
    languages[1].level = CEFR_COUNT;
    assert_only_error(&in, IF_LANGUAGES, "field.cefr");
    in = valid();
    in.nlanguages = INTAKE_MAX_LANGUAGES + 1;
    assert_only_error(&in, IF_LANGUAGES, "field.too_many");
}

static void test_errors_add_up(void **state)
{
    (void)state;
    struct intake in = valid();
    in.hours_per_week = 99;
    in.ladder_step = 9;
    in.ladder_measured_on = "morgen";
    in.route_motivation = "";
    int count = 0;
    assert_string_equal(check(&in, IF_HOURS_PER_WEEK, &count), "field.hours");
    assert_int_equal(count, 4);
    /* intake_fail keeps the first key of a field and counts it once. */
    struct intake_errors errs = {0};
    intake_fail(&errs, IF_BARRIERS, "field.barrier");
    intake_fail(&errs, IF_BARRIERS, "field.required");
    intake_fail(&errs, INTAKE_FIELD_COUNT, "field.required");
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.msg[IF_BARRIERS], "field.barrier");
}

static bool outdated(const char *measured, int y, int m, int d)
{
    struct date t = {y, m, d};
    return intake_ladder_outdated(measured, &t);
}

static void test_ladder_outdated(void **state)
{
    (void)state;
    assert_false(outdated("2025-01-15", 2025, 7, 15)); /* due today */
    assert_true(outdated("2025-01-15", 2025, 7, 16));
    assert_false(outdated("2025-01-15", 2025, 1, 15));
    assert_true(outdated("2025-01-15", 2026, 1, 1));
    /* Across the year end and to a shorter month. */
    assert_false(outdated("2025-08-31", 2026, 2, 28));
    assert_true(outdated("2025-08-31", 2026, 3, 1));
    assert_false(outdated("2027-08-31", 2028, 2, 29)); /* a leap year */
    assert_true(outdated("2027-08-31", 2028, 3, 1));
    assert_false(outdated("2025-12-01", 2026, 6, 1));
    assert_true(outdated("2025-12-01", 2026, 6, 2));
    /* What is no date is not judged. */
    assert_false(outdated("", 2030, 1, 1));
    assert_false(outdated(NULL, 2030, 1, 1));
    assert_false(outdated("2025-02-30", 2030, 1, 1));
    assert_false(intake_ladder_outdated("2020-01-01", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_language_codes),
        cmocka_unit_test(test_sets),
        cmocka_unit_test(test_valid_intake),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_route_needs_motivation),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_errors_add_up),
        cmocka_unit_test(test_ladder_outdated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
