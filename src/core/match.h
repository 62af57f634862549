/* The matching engine: which residents fit a workplace, and which
 * workplaces fit a resident, with a score and its explanation. Pure and in
 * memory: the store builds the index at start-up and keeps it current on
 * every change (match_put_*, match_remove_*). See docs/internals/matching.md.
 *
 * What it weighs is only what the work needs: ESCO skills (essential and
 * optional), the resident's wished occupations, hours, and the distance
 * between PC4 centroids; driving licence and Dutch language level are hard
 * requirements. The profile structs have no field for age, gender,
 * nationality, origin, health or benefit, so no score can depend on them.
 *
 * A pair that shares no skill and no wished occupation is not a match,
 * however near: there is nothing to propose it on. So the inverted lists
 * from skill and occupation to residents and to workplaces hold every
 * candidate, and a query reads them cell by cell, cheapest first, counting
 * what each pair shares, until the unread lists cannot lift anyone unseen
 * into the top (match.c, docs/internals/matching.md). Not thread-safe for
 * writes: queries may run in parallel (each with its own scratch) while no
 * put or remove runs. */
#ifndef WR_MATCH_H
#define WR_MATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

/* A place in kilometres on a flat map of the Netherlands (equirectangular
 * around 52.2° N: within the country the error is well under 1%). */
struct match_point {
    float x_km, y_km;
};
struct match_point match_point_from_degrees(double lat, double lon);
float match_distance_km(struct match_point a, struct match_point b);

/* Driving licence categories as bits of match_resident.licences. */
enum match_licence {
    MATCH_LICENCE_AM = 1u << 0,
    MATCH_LICENCE_A = 1u << 1,
    MATCH_LICENCE_B = 1u << 2,
    MATCH_LICENCE_BE = 1u << 3,
    MATCH_LICENCE_C = 1u << 4,
    MATCH_LICENCE_CE = 1u << 5,
    MATCH_LICENCE_D = 1u << 6,
};

#define MATCH_MAX_ITEMS 512 /* skills or occupations per resident or workplace */
#define MATCH_MAX_KM 300    /* no one travels further than this */

/* Weights of the score (they add up to 100). */
#define MATCH_W_ESSENTIAL 55.0f /* share of the workplace's essential skills held */
#define MATCH_W_OPTIONAL 15.0f  /* share of its optional skills held */
#define MATCH_W_WISH 15.0f      /* the workplace's occupation is one the resident wishes */
#define MATCH_W_HOURS 10.0f     /* hours fit */
#define MATCH_W_NEAR 5.0f       /* nearer within the resident's maximum */
/* What a pair scores besides skills and wishes, at most. */
#define MATCH_BASE_MAX (MATCH_W_HOURS + MATCH_W_NEAR)

/* A resident as matching sees them. Skills are ESCO skill ids, wishes ESCO
 * occupation ids (any order, duplicates allowed: the index sorts them). */
struct match_resident {
    int64_t id;
    struct match_point at;
    int hours;  /* available per week; 0 takes them out of matching */
    int max_km; /* furthest they travel, 0..MATCH_MAX_KM */
    uint32_t licences;
    int dutch_level; /* 0 none, 1 A1 ... 6 C2 */
    const uint32_t *skills;
    int nskills;
    const uint32_t *wishes;
    int nwishes;
};

struct match_workplace {
    int64_t id;
    uint32_t occupation; /* ESCO occupation id */
    struct match_point at;
    int hours;                 /* per week; 0 when open */
    uint32_t licences_needed;  /* all of these bits */
    int dutch_level_needed;    /* at least this level */
    const uint32_t *essential; /* ESCO skill ids */
    int nessential;
    const uint32_t *optional;
    int noptional;
};

/* Why a pair is not matched at all. */
enum match_filter {
    MATCH_OK,
    MATCH_TOO_FAR,        /* further than the resident travels */
    MATCH_NO_LICENCE,     /* lacks a required driving licence */
    MATCH_DUTCH_LEVEL,    /* Dutch below the level required */
    MATCH_NO_HOURS,       /* no hours available */
    MATCH_NOTHING_SHARED, /* no skill and no wished occupation in common */
    MATCH_FILTER_COUNT
};
const char *match_filter_name(enum match_filter f);

struct match_result {
    int64_t id;  /* the resident's or workplace's */
    float score; /* 0..100 */
    float distance_km;
};

/* Why a pair scores what it scores; lists in ascending id order, allocated
 * in the arena. */
struct match_explanation {
    enum match_filter filter;
    float score;
    float distance_km;
    float hours_fit; /* 0..1 */
    bool wish;
    uint32_t *essential_matched, *essential_missing, *optional_matched;
    int nessential_matched, nessential_missing, noptional_matched;
};

struct match_index;
struct match_scratch;

struct match_index *match_index_new(void);
void match_index_free(struct match_index *idx);
/* match_put_* inserts or replaces by id; false (nothing changed) for more
 * than MATCH_MAX_ITEMS skills or wishes or an id of INT64_MIN. */
bool match_put_resident(struct match_index *idx, const struct match_resident *r);
bool match_put_workplace(struct match_index *idx, const struct match_workplace *w);
/* match_remove_* returns false when the id is not in the index. */
bool match_remove_resident(struct match_index *idx, int64_t id);
bool match_remove_workplace(struct match_index *idx, int64_t id);
int64_t match_resident_count(const struct match_index *idx);
int64_t match_workplace_count(const struct match_index *idx);

/* A query's working memory; one per thread, reused across queries. */
struct match_scratch *match_scratch_new(void);
void match_scratch_free(struct match_scratch *s);

/* match_top_residents fills out (room for n) with the best residents for
 * workplace id, best first (ties: lower id first), and returns how many;
 * -1 when the workplace is not in the index. Filtered pairs are left out. */
int match_top_residents(const struct match_index *idx, int64_t workplace_id, int n,
                        struct match_scratch *s, struct match_result *out);
/* match_top_workplaces does the same the other way round. */
int match_top_workplaces(const struct match_index *idx, int64_t resident_id, int n,
                         struct match_scratch *s, struct match_result *out);
/* match_top_workplaces_many does match_top_workplaces for each of count
 * residents (a batch, e.g. a nightly list for every resident): the results
 * for ids[i] go to out + i * n, their number (or -1 for an id not in the
 * index) to counts[i]. Exactly the same results, found in an order that
 * keeps the index in cache (residents of one cell after one another). Use
 * one scratch per thread and give each thread its own part of ids. */
void match_top_workplaces_many(const struct match_index *idx, const int64_t *ids, int count, int n,
                               struct match_scratch *s, struct match_result *out, int *counts);
/* match_explain explains one pair (also a filtered one); false when either
 * is not in the index. */
bool match_explain(const struct match_index *idx, int64_t resident_id, int64_t workplace_id,
                   struct arena *a, struct match_explanation *out);

/* match_index_equal tells whether two indexes hold the same residents and
 * workplaces, and the same inverted lists: an index kept current by puts
 * and removes must equal one built afresh. */
bool match_index_equal(const struct match_index *a, const struct match_index *b);

#endif
