/* ESCO in the store (src/store/esco*.c): the import of the shared copy in
 * ../shared/data with every table's rows counted, a second import leaving
 * the same rows and ids, the search (prefixes of any word of any label,
 * Dutch or English, accents and case ignored, alternative labels as
 * synonyms), the display rule for skills with only an English label, an
 * occupation's skills, and the ESCO CSV download layout with the sample in
 * tests/data/esco-official. Runs against PostgreSQL too (unit-pg/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "esco.h"
#include "store.h"
#include "store_fixture.h"
#include "test_store_url.h"

#include "banned.h"

#define OCC "http://data.europa.eu/esco/occupation/"
#define SKILL "http://data.europa.eu/esco/skill/"
#define LASSER OCC "7aedaa07-3884-4c5b-88f9-80997b2aa54b"
#define LASINSPECTEUR OCC "f7ddb68a-beba-4aa9-b5cb-d174d70ea724"
#define BARMAN OCC "2f5e38a0-6578-4665-bdbd-e2ab505be140"
#define DRAADTREK OCC "000e93a3-d956-4e45-aacb-f12c83fedf84"
#define CONTACT_TRACER OCC "46d0568d-7415-4643-94aa-89d2470fbe3c"
#define WELDING_TECHNIQUES SKILL "530cb489-d900-46ab-9350-4d50ccd49eea"
#define ARC_WELDING SKILL "27d26fd6-5795-4f0a-884e-112df7c68314"
#define OXY_FUEL SKILL "14b4a40e-da80-452a-86d6-88a959052219"
#define CUTTING SKILL "2973b3bc-5893-4b3d-8953-22ef677a162f"

/* The shared copy (data/SOURCES.md). 67 of the 123,855 relations name an
 * occupation that is in no occupations file: the import skips them. */
#define SHARED_OCCUPATIONS 3042
#define SHARED_SKILLS 14028
#define SHARED_RELATIONS_IN_FILE 123855
#define SHARED_RELATIONS_UNKNOWN 67
#define SHARED_BROADER 20656
#define SHARED_GROUPS 640
#define SHARED_ISCO 619
#define SHARED_ENGLISH_ONLY_SKILLS 11661
/* Preferred and alternative labels, each text once per concept and language. */
#define SHARED_LABELS 161498

static struct {
    char dir[64];
    char url[200];
    char data[1024];
    char sample[1024];
    struct store *store;
    struct esco_import_report first;
    struct arena a; /* per test */
    struct db *db;  /* per test */
} fx;

static struct store *open_fresh_store(const char *name, char *url, size_t size)
{
    if (!test_store_url(url, size, fx.dir, name))
        return NULL;
    struct store *s;
    if (store_open(url, 1, true, &s))
        return NULL;
    if (store_migrate(s, NULL)) {
        store_close(s);
        return NULL;
    }
    return s;
}

static void print_report(const char *what, const struct esco_import_report *r)
{
    fprintf(stderr,
            "# %s (%s): %.2f s; %lld occupations, %lld skills, %lld relations (%lld skipped), "
            "%lld broader, %lld groups, %lld ISCO, %lld labels, %lld words\n",
            what, test_store_is_postgresql() ? "postgresql" : "sqlite", r->seconds,
            (long long)r->counts.occupations, (long long)r->counts.skills,
            (long long)r->counts.relations, (long long)r->skipped_relations,
            (long long)r->counts.broader, (long long)r->counts.skill_groups,
            (long long)r->counts.isco_groups, (long long)r->counts.labels,
            (long long)r->counts.words);
}

static int group_setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    const char *data = getenv("WERKROUTE_DATA");
    if (data && *data)
        snprintf(fx.data, sizeof(fx.data), "%s", data);
    else
        snprintf(fx.data, sizeof(fx.data), "%s/../../../shared/data", test_source_dir());
    snprintf(fx.sample, sizeof(fx.sample), "%s/../data/esco-official", test_source_dir());
    snprintf(fx.dir, sizeof(fx.dir), "/tmp/werkroute-esco-XXXXXX");
    if (!mkdtemp(fx.dir)) {
        perror("mkdtemp");
        return -1;
    }
    fx.store = open_fresh_store("esco", fx.url, sizeof(fx.url));
    if (!fx.store) {
        fprintf(stderr, "store setup failed\n");
        return -1;
    }
    struct db *db = store_acquire(fx.store);
    enum rc rc = esco_import(db, fx.data, &fx.first);
    store_release(fx.store, db);
    if (rc) {
        fprintf(stderr, "import of %s failed: %s\n", fx.data, rc_name(rc));
        return -1;
    }
    print_report("first import", &fx.first);
    return 0;
}

static void remove_dir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static int group_teardown(void **state)
{
    (void)state;
    store_close(fx.store);
    remove_dir(fx.dir);
    return 0;
}

static int test_setup(void **state)
{
    (void)state;
    arena_init(&fx.a);
    fx.db = store_acquire(fx.store);
    return 0;
}

static int test_teardown(void **state)
{
    (void)state;
    store_release(fx.store, fx.db);
    arena_release(&fx.a);
    return 0;
}

/* ---- helpers ---- */

static struct esco_concept *search(enum esco_kind kind, const char *q, int limit, int *n,
                                   int64_t *total)
{
    struct esco_concept *list;
    int64_t t;
    assert_rc(esco_search(fx.db, &fx.a, kind, q, limit, 0, &list, n, &t), RC_OK);
    if (total)
        *total = t;
    assert_true(t >= *n);
    return list;
}

/* position of uri in the first limit results of q, -1 when absent. */
static int rank_of(enum esco_kind kind, const char *q, const char *uri, int limit)
{
    int n;
    struct esco_concept *list = search(kind, q, limit, &n, NULL);
    for (int i = 0; i < n; i++)
        if (strcmp(list[i].uri, uri) == 0)
            return i;
    return -1;
}

/* ---- the import ---- */

static void assert_shared_counts(const struct esco_import_report *r)
{
    assert_false(r->official_layout);
    assert_int_equal(r->counts.occupations, SHARED_OCCUPATIONS);
    assert_int_equal(r->counts.skills, SHARED_SKILLS);
    assert_int_equal(r->counts.relations, SHARED_RELATIONS_IN_FILE - SHARED_RELATIONS_UNKNOWN);
    assert_int_equal(r->skipped_relations, SHARED_RELATIONS_UNKNOWN);
    assert_int_equal(r->counts.broader, SHARED_BROADER);
    assert_int_equal(r->skipped_broader, 0);
    assert_int_equal(r->counts.skill_groups, SHARED_GROUPS);
    assert_int_equal(r->counts.isco_groups, SHARED_ISCO);
    assert_int_equal(r->english_only_skills, SHARED_ENGLISH_ONLY_SKILLS);
    assert_int_equal(r->counts.labels, SHARED_LABELS);
    assert_true(r->counts.words > 200000);
}

static void test_import_counts_every_table(void **state)
{
    (void)state;
    assert_shared_counts(&fx.first);
    struct esco_counts now;
    assert_rc(esco_count(fx.db, &now), RC_OK);
    assert_memory_equal(&now, &fx.first.counts, sizeof(now));
}

static void test_import_again_changes_nothing(void **state)
{
    (void)state;
    struct esco_concept before, after;
    assert_rc(esco_get(fx.db, &fx.a, ESCO_OCCUPATION, LASSER, &before), RC_OK);
    struct esco_import_report again;
    assert_rc(esco_import(fx.db, fx.data, &again), RC_OK);
    print_report("second import", &again);
    assert_shared_counts(&again);
    assert_memory_equal(&again.counts, &fx.first.counts, sizeof(again.counts));
    /* Ids stay: later tables can refer to them. */
    assert_rc(esco_get(fx.db, &fx.a, ESCO_OCCUPATION, LASSER, &after), RC_OK);
    assert_int_equal(after.id, before.id);
    assert_int_equal(rank_of(ESCO_OCCUPATION, "lasser", LASSER, 1), 0);
}

static void test_import_refuses_a_directory_without_esco(void **state)
{
    (void)state;
    struct esco_import_report r;
    assert_rc(esco_import(fx.db, fx.dir, &r), RC_IO);
    struct esco_counts now;
    assert_rc(esco_count(fx.db, &now), RC_OK);
    assert_int_equal(now.occupations, SHARED_OCCUPATIONS);
}

/* ---- the search ---- */

static void test_search_occupations_by_dutch_prefix(void **state)
{
    (void)state;
    int n;
    int64_t total;
    struct esco_concept *list = search(ESCO_OCCUPATION, "lasser", 10, &n, &total);
    assert_true(n >= 2);
    /* The shown label equal to the query comes first. */
    assert_string_equal(list[0].uri, LASSER);
    assert_string_equal(list[0].label, "lasser");
    assert_string_equal(list[0].label_lang, "nl");
    assert_string_equal(list[0].group_label, "");
    assert_string_equal(list[0].label_en, "welder");
    assert_string_equal(list[0].isco_code, "7212");
    /* lasinspecteur has "lasser" as an alternative label: next. */
    assert_string_equal(list[1].uri, LASINSPECTEUR);
    /* A few letters: "lass" starts "lasser" and "lassen". */
    assert_true(rank_of(ESCO_OCCUPATION, "lass", LASSER, 50) >= 0);
    /* "lassen" is a word of the alternative label "technoloog lassen". */
    assert_true(rank_of(ESCO_OCCUPATION, "lassen", LASINSPECTEUR, 50) >= 0);
    assert_int_equal(rank_of(ESCO_OCCUPATION, "lassen", LASSER, 50), -1);
    /* Case does not matter. */
    assert_int_equal(rank_of(ESCO_OCCUPATION, "LASSER", LASSER, 1), 0);
    assert_int_equal(rank_of(ESCO_OCCUPATION, "  Lasser ", LASSER, 1), 0);
}

static void test_search_ignores_accents(void **state)
{
    (void)state;
    /* cafébediende is an alternative label of barman/barvrouw. */
    int n1, n2, n3;
    int64_t t1, t2, t3;
    struct esco_concept *a = search(ESCO_OCCUPATION, "café", 50, &n1, &t1);
    struct esco_concept *b = search(ESCO_OCCUPATION, "cafe", 50, &n2, &t2);
    struct esco_concept *c = search(ESCO_OCCUPATION, "CAFÉ", 50, &n3, &t3);
    assert_true(n1 > 0);
    assert_int_equal(n1, n2);
    assert_int_equal(n1, n3);
    assert_int_equal(t1, t2);
    for (int i = 0; i < n1; i++) {
        assert_string_equal(a[i].uri, b[i].uri);
        assert_string_equal(a[i].uri, c[i].uri);
    }
    assert_true(rank_of(ESCO_OCCUPATION, "cafe", BARMAN, 50) >= 0);
    /* And the other way round: "inspicient" finds "inspiciënt". */
    int n;
    struct esco_concept *l = search(ESCO_OCCUPATION, "inspicient", 5, &n, NULL);
    assert_true(n >= 1);
    assert_string_equal(l[0].label, "inspiciënt");
}

static void test_search_by_english_and_synonyms(void **state)
{
    (void)state;
    /* An English label finds the occupation, shown with its Dutch label. */
    int n;
    struct esco_concept *list = search(ESCO_OCCUPATION, "welder", 10, &n, NULL);
    assert_true(n >= 1);
    assert_string_equal(list[0].uri, LASSER);
    assert_string_equal(list[0].label, "lasser");
    /* An alternative label as a synonym: "draadtrekker" is one of
     * "operator draadtrekmachine". */
    list = search(ESCO_OCCUPATION, "draadtrekker", 5, &n, NULL);
    assert_true(n >= 1);
    assert_string_equal(list[0].uri, DRAADTREK);
    assert_string_equal(list[0].label, "operator draadtrekmachine");
    /* Several words: each starts a word of the concept. */
    assert_int_equal(rank_of(ESCO_OCCUPATION, "operator draadtrek", DRAADTREK, 1), 0);
    assert_int_equal(rank_of(ESCO_OCCUPATION, "draadtrek operator", DRAADTREK, 5) >= 0, 1);
    assert_int_equal(rank_of(ESCO_OCCUPATION, "draadtrek kapper", DRAADTREK, 50), -1);
}

static void test_search_skills_and_the_label_rule(void **state)
{
    (void)state;
    int n;
    int64_t total;
    struct esco_concept *list = search(ESCO_SKILL, "welding techniques", 10, &n, &total);
    assert_true(n >= 1);
    /* Only English in the shared copy: marked, with the Dutch label of the
     * nearest skill group. */
    assert_string_equal(list[0].uri, WELDING_TECHNIQUES);
    assert_string_equal(list[0].label, "welding techniques");
    assert_string_equal(list[0].label_lang, "en");
    assert_string_equal(list[0].group_label, "mechanica en metaal");
    assert_string_equal(list[0].skill_type, "knowledge");
    /* Its group is two steps up for a skill under a skill. */
    struct esco_concept c;
    assert_rc(esco_get(fx.db, &fx.a, ESCO_SKILL, ARC_WELDING, &c), RC_OK);
    assert_string_equal(c.label_lang, "en");
    assert_string_equal(c.group_label,
                        "verbinden van onderdelen met behulp van las- en soldeertechnieken");
    /* A skill with a Dutch label is shown in Dutch, found in both. */
    assert_rc(esco_get(fx.db, &fx.a, ESCO_SKILL, CUTTING, &c), RC_OK);
    assert_string_equal(c.label, "snijtechnieken");
    assert_string_equal(c.label_lang, "nl");
    assert_string_equal(c.group_label, "");
    assert_int_equal(rank_of(ESCO_SKILL, "snijtech", CUTTING, 5) >= 0, 1);
    assert_int_equal(rank_of(ESCO_SKILL, "cutting technologies", CUTTING, 5) >= 0, 1);
    /* Skills and occupations are searched apart. */
    assert_int_equal(rank_of(ESCO_SKILL, "lasser", LASSER, 50), -1);
}

static void test_search_paging_and_totals(void **state)
{
    (void)state;
    struct esco_concept *all, *page;
    int n_all, n_page;
    int64_t total, total_page;
    assert_rc(esco_search(fx.db, &fx.a, ESCO_SKILL, "weld", 100, 0, &all, &n_all, &total), RC_OK);
    assert_true(total > 20);
    assert_rc(esco_search(fx.db, &fx.a, ESCO_SKILL, "weld", 5, 10, &page, &n_page, &total_page),
              RC_OK);
    assert_int_equal(n_page, 5);
    assert_int_equal(total_page, total);
    for (int i = 0; i < 5; i++)
        assert_string_equal(page[i].uri, all[10 + i].uri);
    /* Past the end: no items, the total still right. */
    assert_rc(esco_search(fx.db, &fx.a, ESCO_SKILL, "weld", 5, 100000, &page, &n_page, &total_page),
              RC_OK);
    assert_int_equal(n_page, 0);
    assert_int_equal(total_page, total);
    /* Nothing matches. */
    assert_rc(esco_search(fx.db, &fx.a, ESCO_SKILL, "xqzxqz", 5, 0, &page, &n_page, &total_page),
              RC_OK);
    assert_int_equal(n_page, 0);
    assert_int_equal(total_page, 0);
}

static void test_bad_queries(void **state)
{
    (void)state;
    char long_q[ESCO_QUERY_MAX_CHARS + 2];
    memset(long_q, 'a', sizeof(long_q) - 1);
    long_q[sizeof(long_q) - 1] = '\0';
    const char *bad[] = {"", "   ", long_q, "caf\xC3", "\xC0\xAF", "a b c d e f g", NULL};
    for (int i = 0; i < 7; i++) {
        assert_false(esco_query_check(bad[i]));
        struct esco_concept *list;
        int n;
        int64_t total;
        assert_rc(esco_search(fx.db, &fx.a, ESCO_OCCUPATION, bad[i], 5, 0, &list, &n, &total),
                  RC_INVALID);
    }
    long_q[ESCO_QUERY_MAX_CHARS] = '\0';
    assert_true(esco_query_check(long_q));
    assert_true(esco_query_check("a b c d e f"));
    /* Only punctuation: a valid query that finds nothing. Wildcards of
     * LIKE are plain characters. */
    int n;
    int64_t total;
    search(ESCO_OCCUPATION, "--", 5, &n, &total);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    search(ESCO_OCCUPATION, "%_\\", 5, &n, &total);
    assert_int_equal(n, 0);
}

static void test_get_and_occupation_skills(void **state)
{
    (void)state;
    struct esco_concept c;
    assert_rc(esco_get(fx.db, &fx.a, ESCO_OCCUPATION, OCC "no-such-thing", &c), RC_NOT_FOUND);
    assert_rc(esco_get(fx.db, &fx.a, ESCO_SKILL, LASSER, &c), RC_NOT_FOUND);
    /* An occupation without a Dutch label gets its ISCO group's. */
    assert_rc(esco_get(fx.db, &fx.a, ESCO_OCCUPATION, CONTACT_TRACER, &c), RC_OK);
    assert_string_equal(c.label_lang, "en");
    assert_string_equal(c.label, "contact tracing agent");
    assert_string_equal(c.group_label, "Klantenvoorlichters, niet elders geclassificeerd");

    struct esco_concept *skills;
    int n;
    assert_rc(esco_occupation_skills(fx.db, &fx.a, LASSER, &skills, &n), RC_OK);
    assert_int_equal(n, 86); /* 36 essential, 50 optional in the relations file */
    int essential = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(skills[i].relation, "essential") == 0) {
            assert_int_equal(essential, i); /* essential ones first */
            essential++;
        } else {
            assert_string_equal(skills[i].relation, "optional");
        }
    }
    assert_int_equal(essential, 36);
    assert_rc(esco_occupation_skills(fx.db, &fx.a, OCC "no-such-thing", &skills, &n), RC_NOT_FOUND);
    /* v1.2 occupations have no relations in the shared copy. */
    assert_rc(esco_occupation_skills(fx.db, &fx.a, CONTACT_TRACER, &skills, &n), RC_OK);
}

/* ---- the ESCO CSV download ---- */

static void test_official_layout(void **state)
{
    (void)state;
    char url[200];
    struct store *s = open_fresh_store("official", url, sizeof(url));
    assert_non_null(s);
    struct db *db = store_acquire(s);
    struct esco_import_report r;
    assert_rc(esco_import(db, fx.sample, &r), RC_OK);
    print_report("official sample", &r);
    assert_true(r.official_layout);
    assert_int_equal(r.counts.occupations, 3);
    assert_int_equal(r.counts.skills, 4);
    assert_int_equal(r.counts.relations, 4);
    assert_int_equal(r.skipped_relations, 1);
    assert_int_equal(r.counts.broader, 4);
    assert_int_equal(r.counts.skill_groups, 3);
    assert_int_equal(r.counts.isco_groups, 12);
    assert_int_equal(r.english_only_skills, 1);

    /* Dutch labels win where the download has them. */
    struct esco_concept c;
    assert_rc(esco_get(db, &fx.a, ESCO_SKILL, WELDING_TECHNIQUES, &c), RC_OK);
    assert_string_equal(c.label, "lastechnieken");
    assert_string_equal(c.label_lang, "nl");
    assert_string_equal(c.label_en, "welding techniques");
    assert_string_equal(c.group_label, "");
    assert_rc(esco_get(db, &fx.a, ESCO_SKILL, OXY_FUEL, &c), RC_OK);
    assert_string_equal(c.label_lang, "en");
    assert_string_equal(c.group_label,
                        "verbinden van onderdelen met behulp van las- en soldeertechnieken");
    assert_rc(esco_get(db, &fx.a, ESCO_OCCUPATION, CONTACT_TRACER, &c), RC_OK);
    assert_string_equal(c.label_lang, "en");
    assert_string_equal(c.group_label, "Klantenvoorlichters, niet elders geclassificeerd");
    assert_rc(esco_get(db, &fx.a, ESCO_OCCUPATION, LASSER, &c), RC_OK);
    assert_string_equal(c.label, "lasser");
    assert_string_equal(c.code, "7212.3");
    assert_string_equal(c.isco_code, "7212");

    /* Alternative labels from the quoted, multi-line altLabels field. */
    struct esco_concept *list;
    int n;
    int64_t total;
    const char *synonyms[] = {"onderwaterlasser", "scheepslasser",
                              "gas welder",       "cafebediende",
                              "lasvaardigheden",  "soldeer- en verbindingstechnieken"};
    const char *want[] = {LASSER, LASSER, LASSER, BARMAN, WELDING_TECHNIQUES, WELDING_TECHNIQUES};
    for (int i = 0; i < 6; i++) {
        enum esco_kind kind = i < 4 ? ESCO_OCCUPATION : ESCO_SKILL;
        assert_rc(esco_search(db, &fx.a, kind, synonyms[i], 5, 0, &list, &n, &total), RC_OK);
        if (n < 1 || strcmp(list[0].uri, want[i]) != 0)
            fail_msg("'%s' does not find %s first", synonyms[i], want[i]);
    }
    assert_rc(esco_occupation_skills(db, &fx.a, LASSER, &list, &n), RC_OK);
    assert_int_equal(n, 4);
    assert_string_equal(list[0].relation, "essential");
    assert_string_equal(list[3].uri, CUTTING);
    assert_string_equal(list[3].relation, "optional");

    /* Again: the same rows. */
    struct esco_import_report again;
    assert_rc(esco_import(db, fx.sample, &again), RC_OK);
    assert_memory_equal(&again.counts, &r.counts, sizeof(r.counts));
    store_release(s, db);
    store_close(s);
}

/* Broken files: a clear error naming the file and line, and nothing
 * changes. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void copy_sample(const char *to)
{
    char cmd[2600];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cp '%s'/*.csv '%s'/", to, fx.sample, to);
    assert_int_equal(system(cmd), 0);
}

static void test_malformed_files_change_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *file, *text;
        enum rc rc;
    } cases[] = {
        {"skills_nl.csv",
         "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels\n"
         "KnowledgeSkillCompetence," SKILL "x,knowledge,cross-sector,\"never closed,\n",
         RC_INVALID},
        {"skills_nl.csv",
         "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels\n"
         "KnowledgeSkillCompetence," SKILL "x,knowledge,cross-sector,caf\xE9,\n",
         RC_INVALID},
        {"skills_nl.csv", "conceptType,conceptUri,preferredLabel\n", RC_INVALID},
        {"occupationSkillRelations_en.csv",
         "occupationUri,relationType,skillType,skillUri\n" LASSER ",sometimes,knowledge," CUTTING
         "\n",
         RC_INVALID},
        {"occupations_en.csv",
         "conceptUri,iscoGroup,preferredLabel,altLabels,code\n" LASSER
         ",7212,welder,,7212.3\n" LASSER ",7212,welder again,,7212.3\n",
         RC_INVALID},
    };
    char url[200];
    struct store *s = open_fresh_store("broken", url, sizeof(url));
    assert_non_null(s);
    struct db *db = store_acquire(s);
    struct esco_import_report r;
    assert_rc(esco_import(db, fx.sample, &r), RC_OK);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char dir[128];
        snprintf(dir, sizeof(dir), "%s/broken%zu", fx.dir, i);
        copy_sample(dir);
        write_file(dir, cases[i].file, cases[i].text);
        struct esco_import_report bad;
        assert_rc(esco_import(db, dir, &bad), cases[i].rc);
        struct esco_counts now;
        assert_rc(esco_count(db, &now), RC_OK);
        assert_memory_equal(&now, &r.counts, sizeof(now));
    }
    /* A missing table file. */
    char dir[128];
    snprintf(dir, sizeof(dir), "%s/missing", fx.dir);
    copy_sample(dir);
    char path[256];
    snprintf(path, sizeof(path), "%s/broaderRelationsSkillPillar_en.csv", dir);
    assert_int_equal(unlink(path), 0);
    assert_rc(esco_import(db, dir, &r), RC_IO);
    store_release(s, db);
    store_close(s);
}

/* Quotes, backslashes and commas in labels come through as they are. */
static void test_labels_with_quotes_and_backslashes(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof(dir), "%s/quotes", fx.dir);
    copy_sample(dir);
    write_file(dir, "occupations_en.csv",
               "conceptUri,iscoGroup,preferredLabel,altLabels,code\n" LASSER
               ",7212,\"welder \"\"MIG\\MAG\"\", steel\",\"other label\n\\back\",7212.3\n");
    char url[200];
    struct store *s = open_fresh_store("quotes", url, sizeof(url));
    assert_non_null(s);
    struct db *db = store_acquire(s);
    struct esco_import_report r;
    assert_rc(esco_import(db, dir, &r), RC_OK);
    struct esco_concept c;
    assert_rc(esco_get(db, &fx.a, ESCO_OCCUPATION, LASSER, &c), RC_OK);
    assert_string_equal(c.label_en, "welder \"MIG\\MAG\", steel");
    struct esco_concept *list;
    int n;
    int64_t total;
    const char *queries[] = {"mig", "MAG steel", "back"};
    for (int i = 0; i < 3; i++) {
        assert_rc(esco_search(db, &fx.a, ESCO_OCCUPATION, queries[i], 5, 0, &list, &n, &total),
                  RC_OK);
        assert_int_equal(n, 1);
        assert_string_equal(list[0].uri, LASSER);
    }
    store_release(s, db);
    store_close(s);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, test_setup, test_teardown)
    const struct CMUnitTest tests[] = {
        T(test_import_counts_every_table),
        T(test_import_again_changes_nothing),
        T(test_import_refuses_a_directory_without_esco),
        T(test_search_occupations_by_dutch_prefix),
        T(test_search_ignores_accents),
        T(test_search_by_english_and_synonyms),
        T(test_search_skills_and_the_label_rule),
        T(test_search_paging_and_totals),
        T(test_bad_queries),
        T(test_get_and_occupation_skills),
        T(test_official_layout),
        T(test_malformed_files_change_nothing),
        T(test_labels_with_quotes_and_backslashes),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
