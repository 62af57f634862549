/* The matching engine (src/core/match.c): scores and their explanations,
 * the hard filters, the top N in both directions against a brute force over
 * every pair, and an index kept current by puts and removes against one
 * built afresh. Also the id map under it (src/core/idmap.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "idmap.h"
#include "match.h"

#include "banned.h"

#define LEN(a) (int)(sizeof(a) / sizeof((a)[0]))

static const struct match_point dordrecht = {4.6900f * 68.27f, 51.8133f * 111.25f};

static struct match_resident resident(int64_t id, const uint32_t *skills, int nskills)
{
    return (struct match_resident){.id = id,
                                   .at = dordrecht,
                                   .hours = 32,
                                   .max_km = 25,
                                   .dutch_level = 3,
                                   .skills = skills,
                                   .nskills = nskills};
}

static const uint32_t essential[] = {1, 2, 3, 4};
static const uint32_t optional[] = {10, 11};

static struct match_workplace workplace(int64_t id)
{
    return (struct match_workplace){.id = id,
                                    .occupation = 700,
                                    .at = dordrecht,
                                    .hours = 32,
                                    .essential = essential,
                                    .nessential = LEN(essential),
                                    .optional = optional,
                                    .noptional = LEN(optional)};
}

static void test_ranking_and_explanation(void **state)
{
    (void)state;
    struct match_index *idx = match_index_new();
    static const uint32_t all_essential[] = {4, 3, 2, 1, 1}; /* any order, duplicates */
    static const uint32_t only_optional[] = {10, 11};
    static const uint32_t elsewhere[] = {50, 51, 52};
    struct match_resident a = resident(3, all_essential, LEN(all_essential));
    struct match_resident b = resident(2, only_optional, LEN(only_optional));
    struct match_resident c = resident(1, elsewhere, LEN(elsewhere));
    assert_true(match_put_resident(idx, &a));
    assert_true(match_put_resident(idx, &b));
    assert_true(match_put_resident(idx, &c));
    struct match_workplace w = workplace(9);
    assert_true(match_put_workplace(idx, &w));
    assert_int_equal(match_resident_count(idx), 3);
    assert_int_equal(match_workplace_count(idx), 1);

    struct match_scratch *s = match_scratch_new();
    struct match_result top[5];
    /* The one sharing nothing is no match, however near. */
    assert_int_equal(match_top_residents(idx, 9, 5, s, top), 2);
    assert_int_equal(top[0].id, 3);
    assert_int_equal(top[1].id, 2);
    /* Same place, enough hours: every weight but the skills is full. */
    assert_float_equal(top[0].score, MATCH_W_ESSENTIAL + MATCH_BASE_MAX, 1e-4);
    assert_float_equal(top[1].score, MATCH_W_OPTIONAL + MATCH_BASE_MAX, 1e-4);
    assert_float_equal(top[0].distance_km, 0, 1e-6);

    struct arena ar;
    arena_init(&ar);
    struct match_explanation e;
    assert_true(match_explain(idx, 1, 9, &ar, &e));
    assert_int_equal(e.filter, MATCH_NOTHING_SHARED);
    assert_string_equal(match_filter_name(e.filter), "niets_gemeen");
    assert_true(match_explain(idx, 2, 9, &ar, &e));
    assert_int_equal(e.filter, MATCH_OK);
    assert_float_equal(e.score, top[1].score, 1e-5);
    assert_int_equal(e.nessential_matched, 0);
    assert_int_equal(e.nessential_missing, 4);
    assert_int_equal(e.essential_missing[0], 1);
    assert_int_equal(e.essential_missing[3], 4);
    assert_int_equal(e.noptional_matched, 2);
    assert_false(e.wish);
    assert_float_equal(e.hours_fit, 1, 1e-6);
    assert_true(match_explain(idx, 3, 9, &ar, &e));
    assert_int_equal(e.nessential_matched, 4);
    assert_int_equal(e.nessential_missing, 0);

    /* A wish for the workplace's occupation counts. */
    static const uint32_t wish[] = {700};
    c.wishes = wish;
    c.nwishes = 1;
    assert_true(match_put_resident(idx, &c));
    assert_true(match_explain(idx, 1, 9, &ar, &e));
    assert_true(e.wish);
    assert_int_equal(e.filter, MATCH_OK);
    assert_float_equal(e.score, MATCH_W_WISH + MATCH_BASE_MAX, 1e-4);
    assert_int_equal(match_top_residents(idx, 9, 5, s, top), 3);
    assert_int_equal(top[1].id, 1); /* the wish (15) beats two optional skills (15) on id */
    assert_int_equal(top[2].id, 2);

    /* Fewer hours than asked lower the hours part in proportion. */
    a.hours = 16;
    assert_true(match_put_resident(idx, &a));
    assert_true(match_explain(idx, 3, 9, &ar, &e));
    assert_float_equal(e.hours_fit, 0.5, 1e-6);
    assert_float_equal(e.score, MATCH_W_ESSENTIAL + MATCH_W_HOURS * 0.5f + MATCH_W_NEAR, 1e-4);

    /* Top workplaces for a resident: the one workplace; unknown ids -1. */
    assert_int_equal(match_top_workplaces(idx, 3, 5, s, top), 1);
    assert_int_equal(top[0].id, 9);
    assert_float_equal(top[0].score, e.score, 1e-5);
    assert_int_equal(match_top_workplaces(idx, 404, 5, s, top), -1);
    assert_int_equal(match_top_residents(idx, 404, 5, s, top), -1);
    assert_false(match_explain(idx, 404, 9, &ar, &e));
    assert_int_equal(match_top_residents(idx, 9, 0, s, top), 0);

    arena_release(&ar);
    match_scratch_free(s);
    match_index_free(idx);
}

static void test_filters(void **state)
{
    (void)state;
    struct match_index *idx = match_index_new();
    struct match_workplace w = workplace(1);
    w.licences_needed = MATCH_LICENCE_B;
    w.dutch_level_needed = 3;
    assert_true(match_put_workplace(idx, &w));
    /* Each resident holds every skill but fails one requirement. */
    struct match_resident ok = resident(10, essential, LEN(essential));
    ok.licences = MATCH_LICENCE_B | MATCH_LICENCE_AM;
    struct match_resident far = ok, no_licence = ok, dutch = ok, no_hours = ok;
    far.id = 11;
    far.at.x_km += 30; /* 30 km east, beyond 25 */
    no_licence.id = 12;
    no_licence.licences = MATCH_LICENCE_AM;
    dutch.id = 13;
    dutch.dutch_level = 2;
    no_hours.id = 14;
    no_hours.hours = 0;
    struct match_resident *all[] = {&ok, &far, &no_licence, &dutch, &no_hours};
    for (int i = 0; i < LEN(all); i++)
        assert_true(match_put_resident(idx, all[i]));

    struct match_scratch *s = match_scratch_new();
    struct match_result top[10];
    assert_int_equal(match_top_residents(idx, 1, 10, s, top), 1);
    assert_int_equal(top[0].id, 10);

    struct arena ar;
    arena_init(&ar);
    struct match_explanation e;
    const enum match_filter want[] = {MATCH_OK, MATCH_TOO_FAR, MATCH_NO_LICENCE, MATCH_DUTCH_LEVEL,
                                      MATCH_NO_HOURS};
    for (int i = 0; i < LEN(all); i++) {
        assert_true(match_explain(idx, all[i]->id, 1, &ar, &e));
        assert_int_equal(e.filter, want[i]);
    }
    assert_string_equal(match_filter_name(MATCH_TOO_FAR), "afstand");
    assert_string_equal(match_filter_name(MATCH_NO_LICENCE), "rijbewijs");
    assert_string_equal(match_filter_name(MATCH_FILTER_COUNT), "");
    /* The far one is 30 km away and fits once they travel 40 km; nearer is
     * better. */
    assert_true(match_explain(idx, 11, 1, &ar, &e));
    assert_float_equal(e.distance_km, 30, 1e-3);
    far.max_km = 40;
    assert_true(match_put_resident(idx, &far));
    assert_int_equal(match_top_residents(idx, 1, 10, s, top), 2);
    assert_int_equal(top[0].id, 10);
    assert_int_equal(top[1].id, 11);
    assert_float_equal(top[0].score - top[1].score, MATCH_W_NEAR * 30.0f / 40.0f, 1e-3);

    /* Only in the same PC4 area: max_km 0 still matches at distance 0. */
    ok.max_km = 0;
    assert_true(match_put_resident(idx, &ok));
    assert_true(match_explain(idx, 10, 1, &ar, &e));
    assert_int_equal(e.filter, MATCH_OK);

    /* Real places: Dordrecht to Rotterdam centre is about 19 km. */
    struct match_point rdam = match_point_from_degrees(51.9225, 4.4792);
    struct match_point dord = match_point_from_degrees(51.8133, 4.6900);
    float d = match_distance_km(rdam, dord);
    assert_true(d > 17.5f && d < 19.5f);

    arena_release(&ar);
    match_scratch_free(s);
    match_index_free(idx);
}

static void test_bad_input(void **state)
{
    (void)state;
    struct match_index *idx = match_index_new();
    uint32_t *many = calloc(MATCH_MAX_ITEMS + 1, sizeof(*many));
    for (int i = 0; i <= MATCH_MAX_ITEMS; i++)
        many[i] = (uint32_t)i;
    struct match_resident r = resident(1, many, MATCH_MAX_ITEMS + 1);
    assert_false(match_put_resident(idx, &r));
    r.nskills = MATCH_MAX_ITEMS;
    assert_true(match_put_resident(idx, &r));
    r.id = INT64_MIN;
    assert_false(match_put_resident(idx, &r));
    r.id = 2;
    r.nskills = -1;
    assert_false(match_put_resident(idx, &r));
    struct match_workplace w = workplace(1);
    w.essential = many;
    w.nessential = MATCH_MAX_ITEMS + 1;
    assert_false(match_put_workplace(idx, &w));
    /* A skill listed as essential and optional counts once, as essential. */
    w.nessential = 2;
    w.optional = many;
    w.noptional = 3;
    assert_true(match_put_workplace(idx, &w));
    struct arena ar;
    arena_init(&ar);
    struct match_explanation e;
    assert_true(match_explain(idx, 1, 1, &ar, &e));
    assert_int_equal(e.nessential_matched, 2);
    assert_int_equal(e.noptional_matched, 1);
    assert_false(match_remove_resident(idx, 99));
    assert_false(match_remove_workplace(idx, 99));
    arena_release(&ar);
    free(many);
    match_index_free(idx);
}

/* ---- a random population against a brute force ---- */

#define NSKILLS 300
#define NOCCUPATIONS 40

static uint64_t rng = 88172645463325252u;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

struct person {
    struct match_resident r;
    uint32_t skills[24], wishes[3];
};

struct job {
    struct match_workplace w;
    uint32_t essential[12], optional[12];
};

/* Some places lie west of the grid of cells the index keeps its lists in
 * (in the sea): its edge cells must hold them. */
static struct match_point random_place(void)
{
    float west = rnd(25) ? 0.0f : 140.0f;
    return (struct match_point){dordrecht.x_km - west + (float)rnd(60) - 30,
                                dordrecht.y_km + (float)rnd(60) - 30};
}

static void random_person(struct person *p, int64_t id)
{
    int ns = (int)rnd(24), nw = (int)rnd(3);
    /* Skills cluster around an occupation, as in ESCO. */
    uint32_t base = rnd(NOCCUPATIONS) * (NSKILLS / NOCCUPATIONS);
    for (int i = 0; i < ns; i++)
        p->skills[i] = rnd(4) ? (base + rnd(20)) % NSKILLS : rnd(NSKILLS);
    for (int i = 0; i < nw; i++)
        p->wishes[i] = 1000 + rnd(NOCCUPATIONS);
    p->r = (struct match_resident){
        .id = id,
        .at = random_place(),
        .hours = (int)rnd(41),
        .max_km = (int)rnd(50),
        .licences = rnd(2) ? MATCH_LICENCE_B : 0,
        .dutch_level = (int)rnd(7),
        .skills = p->skills,
        .nskills = ns,
        .wishes = p->wishes,
        .nwishes = nw,
    };
}

static void random_job(struct job *j, int64_t id)
{
    uint32_t occ = rnd(NOCCUPATIONS), base = occ * (NSKILLS / NOCCUPATIONS);
    int ne = 1 + (int)rnd(12), no = (int)rnd(12);
    for (int i = 0; i < ne; i++)
        j->essential[i] = (base + rnd(20)) % NSKILLS;
    for (int i = 0; i < no; i++)
        j->optional[i] = rnd(NSKILLS);
    j->w = (struct match_workplace){
        .id = id,
        .occupation = 1000 + occ,
        .at = random_place(),
        .hours = (int)rnd(40),
        .licences_needed = rnd(4) ? 0 : MATCH_LICENCE_B,
        .dutch_level_needed = (int)rnd(4),
        .essential = j->essential,
        .nessential = ne,
        .optional = j->optional,
        .noptional = no,
    };
}

static int cmp_result(const void *a, const void *b)
{
    const struct match_result *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

#define NPEOPLE 3000
#define NJOBS 300
#define TOP 20

static void test_top_n_equals_brute_force(void **state)
{
    (void)state;
    struct person *people = calloc(NPEOPLE, sizeof(*people));
    struct job *jobs = calloc(NJOBS + 1, sizeof(*jobs));
    struct match_index *idx = match_index_new();
    for (int i = 0; i < NPEOPLE; i++) {
        random_person(&people[i], 1 + i);
        assert_true(match_put_resident(idx, &people[i].r));
    }
    for (int i = 0; i < NJOBS; i++) {
        random_job(&jobs[i], 1 + i);
        assert_true(match_put_workplace(idx, &jobs[i].w));
    }
    /* A workplace asking what nobody has and no one wishes: no matches. */
    random_job(&jobs[NJOBS], 1 + NJOBS);
    jobs[NJOBS].essential[0] = NSKILLS + 1;
    jobs[NJOBS].w.nessential = 1;
    jobs[NJOBS].w.noptional = 0;
    jobs[NJOBS].w.occupation = 5000;
    assert_true(match_put_workplace(idx, &jobs[NJOBS].w));
    struct match_scratch *s = match_scratch_new();
    struct arena ar;
    arena_init(&ar);
    struct match_result *all = calloc(NPEOPLE, sizeof(*all)), top[TOP];
    int with_matches = 0;
    for (int j = 0; j <= NJOBS; j += (j + 7 > NJOBS && j < NJOBS) ? NJOBS - j : 7) {
        int n = 0;
        for (int i = 0; i < NPEOPLE; i++) {
            struct match_explanation e;
            assert_true(match_explain(idx, people[i].r.id, jobs[j].w.id, &ar, &e));
            if (e.filter == MATCH_OK)
                all[n++] = (struct match_result){people[i].r.id, e.score, e.distance_km};
        }
        qsort(all, (size_t)n, sizeof(*all), cmp_result);
        int got = match_top_residents(idx, jobs[j].w.id, TOP, s, top);
        assert_int_equal(got, n < TOP ? n : TOP);
        for (int k = 0; k < got; k++) {
            assert_int_equal(top[k].id, all[k].id);
            assert_float_equal(top[k].score, all[k].score, 1e-4);
        }
        if (j == NJOBS)
            assert_int_equal(got, 0);
        else if (got)
            with_matches++;
        arena_release(&ar);
        arena_init(&ar);
    }
    for (int i = 0; i < NPEOPLE; i += 37) {
        int n = 0;
        for (int j = 0; j <= NJOBS; j++) {
            struct match_explanation e;
            assert_true(match_explain(idx, people[i].r.id, jobs[j].w.id, &ar, &e));
            if (e.filter == MATCH_OK)
                all[n++] = (struct match_result){jobs[j].w.id, e.score, e.distance_km};
        }
        qsort(all, (size_t)n, sizeof(*all), cmp_result);
        int got = match_top_workplaces(idx, people[i].r.id, TOP, s, top);
        assert_int_equal(got, n < TOP ? n : TOP);
        for (int k = 0; k < got; k++) {
            assert_int_equal(top[k].id, all[k].id);
            assert_float_equal(top[k].score, all[k].score, 1e-4);
        }
        arena_release(&ar);
        arena_init(&ar);
    }
    assert_true(with_matches > 30); /* the comparison compared something */
    arena_release(&ar);
    free(all);
    match_scratch_free(s);
    match_index_free(idx);
    free(people);
    free(jobs);
}

/* Every resident or workplace that scores for a query, best first, by
 * explaining every pair. */
static int brute_force(struct match_index *idx, const struct person *people, int npeople,
                       const struct job *jobs, int njobs, int64_t resident_id, int64_t workplace_id,
                       struct match_result *all)
{
    struct arena ar;
    arena_init(&ar);
    int n = 0;
    int count = resident_id ? njobs : npeople;
    for (int i = 0; i < count; i++) {
        int64_t r = resident_id ? resident_id : people[i].r.id;
        int64_t w = resident_id ? jobs[i].w.id : workplace_id;
        struct match_explanation e;
        assert_true(match_explain(idx, r, w, &ar, &e));
        if (e.filter == MATCH_OK)
            all[n++] = (struct match_result){resident_id ? w : r, e.score, e.distance_km};
    }
    arena_release(&ar);
    qsort(all, (size_t)n, sizeof(*all), cmp_result);
    return n;
}

static void assert_top_equal(const struct match_result *top, int got,
                             const struct match_result *all, int n, int want)
{
    assert_int_equal(got, n < want ? n : want);
    for (int k = 0; k < got; k++) {
        assert_int_equal(top[k].id, all[k].id);
        assert_float_equal(top[k].score, all[k].score, 1e-4);
    }
}

/* A crowd: many residents close together sharing a few common skills, so
 * the top fills at once with high scores and a query stops reading early,
 * skips cells and scores most pairs from bounds (match.c's steps 2 and 3);
 * for small and large n, both ways, against the brute force. */
static void test_crowd_equals_brute_force(void **state)
{
    (void)state;
    enum { NCROWD = 12000, NWORK = 600 };
    struct person *people = calloc(NCROWD, sizeof(*people));
    struct job *jobs = calloc(NWORK, sizeof(*jobs));
    struct match_index *idx = match_index_new();
    for (int i = 0; i < NCROWD; i++) {
        random_person(&people[i], 1 + i);
        /* Skills from a pool of 16, four of them held by most. */
        int ns = 1 + (int)rnd(8);
        for (int k = 0; k < ns; k++)
            people[i].skills[k] = rnd(3) ? rnd(4) : rnd(16);
        people[i].r.nskills = ns;
        people[i].r.hours = 8 + (int)rnd(33);
        people[i].r.max_km = 5 + (int)rnd(45);
        assert_true(match_put_resident(idx, &people[i].r));
    }
    for (int j = 0; j < NWORK; j++) {
        random_job(&jobs[j], 1 + j);
        int ne = 1 + (int)rnd(4), no = (int)rnd(6);
        for (int k = 0; k < ne; k++)
            jobs[j].essential[k] = rnd(6);
        for (int k = 0; k < no; k++)
            jobs[j].optional[k] = rnd(16);
        jobs[j].w.nessential = ne;
        jobs[j].w.noptional = no;
        assert_true(match_put_workplace(idx, &jobs[j].w));
    }
    struct match_scratch *s = match_scratch_new();
    /* 2000 is past the n up to which lower bounds are noted. */
    static const int sizes[] = {1, 3, 10, 50, 2000};
    struct match_result *all = calloc(NCROWD, sizeof(*all)), *top = calloc(2000, sizeof(*top));
    for (int j = 0; j < NWORK; j += 41) {
        int n = brute_force(idx, people, NCROWD, jobs, NWORK, 0, jobs[j].w.id, all);
        for (int z = 0; z < LEN(sizes); z++) {
            int got = match_top_residents(idx, jobs[j].w.id, sizes[z], s, top);
            assert_top_equal(top, got, all, n, sizes[z]);
        }
    }
    for (int i = 0; i < NCROWD; i += 797) {
        int n = brute_force(idx, people, NCROWD, jobs, NWORK, people[i].r.id, 0, all);
        for (int z = 0; z < LEN(sizes); z++) {
            int got = match_top_workplaces(idx, people[i].r.id, sizes[z], s, top);
            assert_top_equal(top, got, all, n, sizes[z]);
        }
    }
    free(all);
    free(top);
    match_scratch_free(s);
    match_index_free(idx);
    free(people);
    free(jobs);
}

/* A batch gives what one query per resident gives, in the batch's order,
 * with -1 for an unknown id. */
static void test_batch_equals_single(void **state)
{
    (void)state;
    enum { N = 2000, M = 300, K = 7 };
    struct person *people = calloc(N, sizeof(*people));
    struct job *jobs = calloc(M, sizeof(*jobs));
    struct match_index *idx = match_index_new();
    for (int i = 0; i < N; i++) {
        random_person(&people[i], 1 + i);
        assert_true(match_put_resident(idx, &people[i].r));
    }
    for (int j = 0; j < M; j++) {
        random_job(&jobs[j], 1 + j);
        assert_true(match_put_workplace(idx, &jobs[j].w));
    }
    /* Every resident in reverse, with unknown ids among them. */
    int count = N + 2;
    int64_t *ids = calloc((size_t)count, sizeof(*ids));
    for (int i = 0; i < N; i++)
        ids[i] = N - i;
    ids[N] = 99999;
    ids[N + 1] = -5;
    struct match_result *out = calloc((size_t)count * K, sizeof(*out)), top[K];
    int *counts = calloc((size_t)count, sizeof(*counts));
    struct match_scratch *s = match_scratch_new(), *s1 = match_scratch_new();
    match_top_workplaces_many(idx, ids, count, K, s, out, counts);
    int with_results = 0;
    for (int i = 0; i < count; i++) {
        int got = match_top_workplaces(idx, ids[i], K, s1, top);
        assert_int_equal(counts[i], got);
        for (int k = 0; k < got; k++) {
            assert_int_equal(out[i * K + k].id, top[k].id);
            assert_true(out[i * K + k].score == top[k].score);
            assert_true(out[i * K + k].distance_km == top[k].distance_km);
        }
        with_results += got > 0;
    }
    assert_int_equal(counts[N], -1);
    assert_int_equal(counts[N + 1], -1);
    assert_true(with_results > N / 4);
    /* Nothing asked, nothing done. */
    match_top_workplaces_many(idx, ids, 0, K, s, out, counts);
    match_scratch_free(s);
    match_scratch_free(s1);
    free(ids);
    free(out);
    free(counts);
    match_index_free(idx);
    free(people);
    free(jobs);
}

static void test_updates_equal_rebuild(void **state)
{
    (void)state;
    enum { N = 400, M = 60, STEPS = 3000 };
    struct person *people = calloc(N, sizeof(*people));
    struct job *jobs = calloc(M, sizeof(*jobs));
    bool *in_people = calloc(N, 1), *in_jobs = calloc(M, 1);
    struct match_index *live = match_index_new();
    for (int step = 0; step < STEPS; step++) {
        uint32_t what = rnd(10);
        if (what < 6) {
            int i = (int)rnd(N);
            if (what < 4) {
                random_person(&people[i], 1 + i);
                assert_true(match_put_resident(live, &people[i].r));
                in_people[i] = true;
            } else {
                assert_int_equal(match_remove_resident(live, 1 + i), in_people[i]);
                in_people[i] = false;
            }
        } else {
            int j = (int)rnd(M);
            if (what < 9) {
                random_job(&jobs[j], 1 + j);
                assert_true(match_put_workplace(live, &jobs[j].w));
                in_jobs[j] = true;
            } else {
                assert_int_equal(match_remove_workplace(live, 1 + j), in_jobs[j]);
                in_jobs[j] = false;
            }
        }
    }
    /* Built afresh, in another order, from what should be there. */
    struct match_index *fresh = match_index_new();
    for (int j = M - 1; j >= 0; j--)
        if (in_jobs[j])
            assert_true(match_put_workplace(fresh, &jobs[j].w));
    for (int i = N - 1; i >= 0; i--)
        if (in_people[i])
            assert_true(match_put_resident(fresh, &people[i].r));
    assert_true(match_index_equal(live, fresh));
    assert_true(match_index_equal(fresh, live));

    /* And the check can fail: one skill more for one resident. */
    int i = 0;
    while (!in_people[i])
        i++;
    struct person changed = people[i];
    changed.skills[changed.r.nskills] = NSKILLS + 5;
    changed.r.nskills++;
    assert_true(match_put_resident(fresh, &changed.r));
    assert_false(match_index_equal(live, fresh));
    assert_true(match_put_resident(fresh, &people[i].r));
    assert_true(match_index_equal(live, fresh));
    assert_true(match_remove_resident(fresh, people[i].r.id));
    assert_false(match_index_equal(live, fresh));

    match_index_free(live);
    match_index_free(fresh);
    free(people);
    free(jobs);
    free(in_people);
    free(in_jobs);
}

static void test_idmap(void **state)
{
    (void)state;
    struct idmap m;
    idmap_init(&m);
    assert_false(idmap_get(&m, 5, NULL));
    assert_false(idmap_remove(&m, 5));
    enum { N = 5000 };
    for (int64_t i = 0; i < N; i++)
        idmap_put(&m, i * 3 - 700, (uint32_t)i);
    assert_int_equal(m.count, N);
    /* Remove every other one; the rest must still be found (the chains
     * survive the backward shift). */
    for (int64_t i = 0; i < N; i += 2)
        assert_true(idmap_remove(&m, i * 3 - 700));
    for (int64_t i = 0; i < N; i++) {
        uint32_t v = 0;
        bool there = idmap_get(&m, i * 3 - 700, &v);
        assert_int_equal(there, i % 2 == 1);
        if (there)
            assert_int_equal(v, i);
    }
    idmap_put(&m, 1, 7);
    idmap_put(&m, 1, 8);
    uint32_t v;
    assert_true(idmap_get(&m, 1, &v));
    assert_int_equal(v, 8);
    assert_false(idmap_get(&m, INT64_MIN, &v));
    idmap_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranking_and_explanation),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_top_n_equals_brute_force),
        cmocka_unit_test(test_crowd_equals_brute_force),
        cmocka_unit_test(test_batch_equals_single),
        cmocka_unit_test(test_updates_equal_rebuild),
        cmocka_unit_test(test_idmap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
