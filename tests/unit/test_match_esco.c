/* A ranking test built from ESCO itself (the shared copy of the
 * occupation-skill relations in $WERKROUTE_DATA): for a workplace of
 * occupation X, a resident holding X's essential skills ranks above one
 * holding only X's optional skills, who ranks above one holding the skills
 * of an occupation that shares none with X (that one is no match at all).
 * The three live in the same place with the same hours, so only the skills
 * differ. Checked for every third occupation with at least two essential
 * and two optional skills. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "match.h"
#include "strmap.h"

#include "banned.h"

struct occupation {
    uint32_t id;
    uint32_t *essential, *optional;
    int nessential, noptional, cap_e, cap_o;
};

static struct occupation *occs;
static int nocc, cap_occ;
static struct strmap occ_ids, skill_ids;
static uint32_t next_skill = 1;

static uint32_t skill_id(const char *uri)
{
    int64_t v;
    if (strmap_get(&skill_ids, uri, &v))
        return (uint32_t)v;
    strmap_put(&skill_ids, uri, next_skill);
    return next_skill++;
}

static void push(uint32_t **list, int *n, int *cap, uint32_t v)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *list = xrealloc(*list, sizeof(**list) * (size_t)*cap);
    }
    (*list)[(*n)++] = v;
}

static int load(void **state)
{
    (void)state;
    const char *dir = getenv("WERKROUTE_DATA");
    if (!dir) {
        fprintf(stderr, "WERKROUTE_DATA is not set\n");
        return -1;
    }
    char path[1024];
    snprintf(path, sizeof(path), "%s/esco_occupation_skill_relations.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        return -1;
    }
    strmap_init(&occ_ids);
    strmap_init(&skill_ids);
    char line[1024];
    bool header = true;
    while (fgets(line, sizeof(line), f)) {
        if (header) {
            header = false;
            continue;
        }
        line[strcspn(line, "\r\n")] = '\0';
        char *occ = line, *rel = strchr(occ, '\t');
        if (!rel)
            continue;
        *rel++ = '\0';
        char *type = strchr(rel, '\t');
        if (!type)
            continue;
        *type++ = '\0';
        char *skill = strchr(type, '\t');
        if (!skill)
            continue;
        skill++;
        int64_t at;
        if (!strmap_get(&occ_ids, occ, &at)) {
            if (nocc == cap_occ) {
                cap_occ = cap_occ ? cap_occ * 2 : 256;
                occs = xrealloc(occs, sizeof(*occs) * (size_t)cap_occ);
            }
            memset(&occs[nocc], 0, sizeof(*occs));
            occs[nocc].id = (uint32_t)nocc + 1;
            at = nocc++;
            strmap_put(&occ_ids, occ, at);
        }
        struct occupation *o = &occs[at];
        uint32_t s = skill_id(skill);
        if (!strcmp(rel, "essential"))
            push(&o->essential, &o->nessential, &o->cap_e, s);
        else
            push(&o->optional, &o->noptional, &o->cap_o, s);
    }
    fclose(f);
    return nocc > 1000 ? 0 : -1;
}

static int unload(void **state)
{
    (void)state;
    for (int i = 0; i < nocc; i++) {
        free(occs[i].essential);
        free(occs[i].optional);
    }
    free(occs);
    strmap_release(&occ_ids);
    strmap_release(&skill_ids);
    return 0;
}

static bool shares(const struct occupation *a, const struct occupation *b)
{
    const uint32_t *lists[2] = {b->essential, b->optional};
    int ns[2] = {b->nessential, b->noptional};
    for (int l = 0; l < 2; l++)
        for (int i = 0; i < ns[l]; i++) {
            for (int k = 0; k < a->nessential; k++)
                if (a->essential[k] == lists[l][i])
                    return true;
            for (int k = 0; k < a->noptional; k++)
                if (a->optional[k] == lists[l][i])
                    return true;
        }
    return false;
}

static int rank_of(const struct match_result *r, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (r[i].id == id)
            return i;
    return -1;
}

static void test_essential_above_optional_above_other(void **state)
{
    (void)state;
    struct match_point here = match_point_from_degrees(51.81, 4.67);
    struct match_scratch *s = match_scratch_new();
    int checked = 0;
    /* Every third occupation keeps the test quick under the sanitizers. */
    for (int x = 0; x < nocc; x += 3) {
        const struct occupation *o = &occs[x];
        if (o->nessential < 2 || o->noptional < 2 || o->nessential > MATCH_MAX_ITEMS ||
            o->noptional > MATCH_MAX_ITEMS)
            continue;
        /* Another occupation sharing no skill with X. */
        const struct occupation *y = NULL;
        for (int k = 1; k < nocc && !y; k++) {
            const struct occupation *c = &occs[(x + k * 97) % nocc];
            if (c != o && c->nessential > 0 && c->nessential <= MATCH_MAX_ITEMS && !shares(o, c))
                y = c;
        }
        assert_non_null(y);
        struct match_index *idx = match_index_new();
        struct match_workplace w = {.id = 1, .occupation = o->id, .at = here, .hours = 24,
                                    .essential = o->essential, .nessential = o->nessential,
                                    .optional = o->optional, .noptional = o->noptional};
        struct match_resident a = {.id = 1, .at = here, .hours = 24, .max_km = 25,
                                   .dutch_level = 6, .skills = o->essential,
                                   .nskills = o->nessential};
        struct match_resident b = a, c = a;
        b.id = 2;
        b.skills = o->optional;
        b.nskills = o->noptional;
        c.id = 3;
        c.skills = y->essential;
        c.nskills = y->nessential;
        assert_true(match_put_workplace(idx, &w));
        assert_true(match_put_resident(idx, &a));
        assert_true(match_put_resident(idx, &b));
        assert_true(match_put_resident(idx, &c));
        struct match_result r[3];
        int n = match_top_residents(idx, 1, 3, s, r);
        int ra = rank_of(r, n, 1), rb = rank_of(r, n, 2), rc = rank_of(r, n, 3);
        if (ra != 0 || rb != 1 || rc != -1)
            fail_msg("occupation %u: ranks %d %d %d, want 0 1 -1", o->id, ra, rb, rc);
        assert_true(r[0].score > r[1].score);
        match_index_free(idx);
        checked++;
    }
    match_scratch_free(s);
    /* ESCO has about three thousand occupations; most qualify. */
    assert_true(checked > 600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_essential_above_optional_above_other),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
