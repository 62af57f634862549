#include "match.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "idmap.h"
#include "banned.h"

/* ---- places ---- */

/* Kilometres per degree at 52.2° N, the middle of the Netherlands. */
#define KM_PER_DEG_LAT 111.25
#define KM_PER_DEG_LON 68.27

struct match_point match_point_from_degrees(double lat, double lon)
{
    return (struct match_point){(float)(lon * KM_PER_DEG_LON), (float)(lat * KM_PER_DEG_LAT)};
}

float match_distance_km(struct match_point a, struct match_point b)
{
    float dx = a.x_km - b.x_km, dy = a.y_km - b.y_km;
    return sqrtf(dx * dx + dy * dy);
}

static const char *const filter_names[MATCH_FILTER_COUNT] = {
    "", "afstand", "rijbewijs", "taalniveau", "uren", "niets_gemeen"};

const char *match_filter_name(enum match_filter f)
{
    return (unsigned)f < MATCH_FILTER_COUNT ? filter_names[f] : "";
}

/* ---- the index ---- */

/* A growable list of uint32: an inverted list or a free list. */
struct list {
    uint32_t *v;
    uint32_t n, cap;
};

static void list_push(struct list *l, uint32_t x)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
    }
    l->v[l->n++] = x;
}

/* Removes one x (order is not kept: the lists are sets). */
static void list_remove(struct list *l, uint32_t x)
{
    for (uint32_t i = 0; i < l->n; i++) {
        if (l->v[i] == x) {
            l->v[i] = l->v[--l->n];
            return;
        }
    }
}

/* The country in square cells: the inverted lists are kept per cell, so a
 * query reads only the cells within travelling distance. Points beyond the
 * grid (there are none in the Netherlands) go to its edge cells. */
#define CELL_KM 20.0f
#define GRID_X0 215.0f  /* km east of 0°: 3.15° E */
#define GRID_Y0 5635.0f /* km north of the equator: 50.65° N */
#define GRID_NX 15
#define GRID_NY 17
#define NCELLS (GRID_NX * GRID_NY)

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static uint8_t cell_of(struct match_point p)
{
    int cx = clamp((int)floorf((p.x_km - GRID_X0) / CELL_KM), 0, GRID_NX - 1);
    int cy = clamp((int)floorf((p.y_km - GRID_Y0) / CELL_KM), 0, GRID_NY - 1);
    return (uint8_t)(cy * GRID_NX + cx);
}

/* The distance from v to the interval of cell c along one axis; an edge
 * cell runs on without end, as it holds every point beyond the grid. */
static float axis_gap(float v, float origin, int c, int nc)
{
    float lo = origin + CELL_KM * (float)c, hi = lo + CELL_KM;
    if (v < lo && c > 0)
        return lo - v;
    if (v > hi && c < nc - 1)
        return v - hi;
    return 0;
}

/* The inverted list of one ESCO id (skill or occupation), split by cell.
 * For the workplaces of a skill, entries are slot << 1 | essential
 * (tagged) and max_weight bounds what one entry adds to a score (never
 * lowered on removal: a bound that is too high stays a bound). */
struct cell_list {
    uint8_t cell;
    struct list l;
};

struct id_lists {
    struct cell_list *cells;
    uint8_t *position; /* cell -> index in cells + 1, 0 for none; once n > 8 */
    uint16_t n, cap;
    bool tagged;
    float max_weight;
};

/* The id lists by ESCO id, grown as ids come. */
struct lists {
    struct id_lists *by_id;
    uint32_t n;
};

static struct id_lists *lists_of_mut(struct lists *ls, uint32_t id)
{
    if (id >= ls->n) {
        uint32_t n = ls->n ? ls->n : 1024;
        while (n <= id)
            n *= 2;
        ls->by_id = xrealloc(ls->by_id, n * sizeof(*ls->by_id));
        memset(ls->by_id + ls->n, 0, (n - ls->n) * sizeof(*ls->by_id));
        ls->n = n;
    }
    return &ls->by_id[id];
}

static struct list *lists_at(struct lists *ls, uint32_t id, uint8_t cell)
{
    struct id_lists *il = lists_of_mut(ls, id);
    /* Rare ids live in few cells and are searched; common ones in many
     * get an index by cell, as every put and remove looks them up. */
    if (il->position) {
        if (il->position[cell])
            return &il->cells[il->position[cell] - 1].l;
    } else {
        for (int i = 0; i < il->n; i++)
            if (il->cells[i].cell == cell)
                return &il->cells[i].l;
    }
    if (il->n == il->cap) {
        il->cap = il->cap ? (uint16_t)(il->cap * 2) : 2;
        il->cells = xrealloc(il->cells, il->cap * sizeof(*il->cells));
    }
    il->cells[il->n] = (struct cell_list){.cell = cell};
    il->n++;
    if (!il->position && il->n > 8) {
        il->position = xcalloc(NCELLS, 1);
        for (int i = 0; i < il->n; i++)
            il->position[il->cells[i].cell] = (uint8_t)(i + 1);
    } else if (il->position) {
        il->position[cell] = (uint8_t)il->n;
    }
    return &il->cells[il->n - 1].l;
}

static const struct id_lists *lists_of(const struct lists *ls, uint32_t id)
{
    static const struct id_lists empty = {0};
    return id < ls->n ? &ls->by_id[id] : &empty;
}

static void lists_release(struct lists *ls)
{
    for (uint32_t i = 0; i < ls->n; i++) {
        for (int c = 0; c < ls->by_id[i].n; c++)
            free(ls->by_id[i].cells[c].l.v);
        free(ls->by_id[i].cells);
        free(ls->by_id[i].position);
    }
    free(ls->by_id);
}

/* What the filters and the score read of a resident, 16 bytes, kept by
 * cell and local number (cell_members.hot): the many pairs a query weighs
 * read only this, and those of one cell lie together. */
struct resident_hot {
    struct match_point at;
    uint32_t licences;
    uint16_t max_km;
    uint8_t hours, dutch_level;
};

struct resident_slot {
    int64_t id;      /* INT64_MIN: free */
    uint32_t *items; /* skills then wishes, each part sorted, no duplicates */
    uint32_t local;  /* its number in its cell (see cell_members) */
    uint16_t nskills, nwishes;
    uint8_t cell;
};

struct workplace_slot {
    int64_t id;
    struct match_point at;
    uint32_t occupation;
    uint32_t licences_needed;
    uint16_t hours;
    uint8_t dutch_level_needed, cell;
    uint16_t nessential, noptional;
    /* What one shared essential or optional skill adds to a score. */
    float weight_essential, weight_optional;
    uint32_t *items; /* essential then optional skills, sorted, disjoint */
    uint32_t local;  /* its number in its cell (see cell_members) */
};

/* The residents (or workplaces) of one cell, numbered from 0 (reused
 * through a free list). The inverted lists hold these local numbers, not
 * slots: a query goes cell by cell, and the accumulators of one cell are a
 * small dense array that stays in cache. */
struct cell_members {
    uint32_t *slot; /* local number -> slot */
    uint32_t n, cap;
    struct list free;
    /* Residents only: their filters and base by local number, so the pairs
     * a query looks at in one cell are near one another. */
    struct resident_hot *hot;
    uint32_t hot_cap;
};

/* Slots of one side: an array reused through a free list, found by id. */
#define SIDE(slot_type)                                                                            \
    struct {                                                                                       \
        slot_type *slots;                                                                          \
        uint32_t n, cap;                                                                           \
        struct list free;                                                                          \
        struct idmap by_id;                                                                        \
        struct cell_members cells[NCELLS];                                                         \
        uint32_t most_members; /* in any cell, ever */                                             \
    }

static uint32_t members_take(struct cell_members *m, uint32_t slot, uint32_t *most)
{
    uint32_t local;
    if (m->free.n) {
        local = m->free.v[--m->free.n];
    } else {
        if (m->n == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 16;
            m->slot = xrealloc(m->slot, m->cap * sizeof(*m->slot));
        }
        local = m->n++;
        if (m->n > *most)
            *most = m->n;
    }
    m->slot[local] = slot;
    return local;
}

static void members_release(struct cell_members *m, uint32_t local)
{
    m->slot[local] = UINT32_MAX;
    list_push(&m->free, local);
}

struct match_index {
    SIDE(struct resident_slot) res;
    SIDE(struct workplace_slot) wp;
    /* ESCO id -> residents by local number, per cell */
    struct lists res_by_skill, res_by_wish;
    /* ESCO skill id -> workplace local number << 1 | 1 when essential */
    struct lists wp_by_skill;
    struct lists wp_by_occupation;
    float reach; /* the furthest any resident ever put travels */
};

static const struct resident_hot *resident_hot_of(const struct match_index *idx, uint32_t slot)
{
    const struct resident_slot *r = &idx->res.slots[slot];
    return &idx->res.cells[r->cell].hot[r->local];
}

struct match_index *match_index_new(void)
{
    struct match_index *idx = xcalloc(1, sizeof(*idx));
    idmap_init(&idx->res.by_id);
    idmap_init(&idx->wp.by_id);
    return idx;
}

void match_index_free(struct match_index *idx)
{
    if (!idx)
        return;
    for (uint32_t i = 0; i < idx->res.n; i++)
        free(idx->res.slots[i].items);
    for (uint32_t i = 0; i < idx->wp.n; i++)
        free(idx->wp.slots[i].items);
    free(idx->res.slots);
    free(idx->wp.slots);
    free(idx->res.free.v);
    free(idx->wp.free.v);
    for (int c = 0; c < NCELLS; c++) {
        free(idx->res.cells[c].slot);
        free(idx->res.cells[c].hot);
        free(idx->res.cells[c].free.v);
        free(idx->wp.cells[c].slot);
        free(idx->wp.cells[c].free.v);
    }
    idmap_release(&idx->res.by_id);
    idmap_release(&idx->wp.by_id);
    lists_release(&idx->res_by_skill);
    lists_release(&idx->res_by_wish);
    lists_release(&idx->wp_by_skill);
    lists_release(&idx->wp_by_occupation);
    free(idx);
}

int64_t match_resident_count(const struct match_index *idx)
{
    return (int64_t)idx->res.by_id.count;
}

int64_t match_workplace_count(const struct match_index *idx)
{
    return (int64_t)idx->wp.by_id.count;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Sorts v and drops duplicates; returns the new length. */
static int sort_unique(uint32_t *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_u32);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (k == 0 || v[k - 1] != v[i])
            v[k++] = v[i];
    return k;
}

/* Drops from v (sorted) what is in w (sorted); returns the new length. */
static int sorted_minus(uint32_t *v, int n, const uint32_t *w, int m)
{
    int k = 0, j = 0;
    for (int i = 0; i < n; i++) {
        while (j < m && w[j] < v[i])
            j++;
        if (j == m || w[j] != v[i])
            v[k++] = v[i];
    }
    return k;
}

/* Finds the slot for id, or takes a free one. Returns the slot number. */
#define TAKE_SLOT(side, id, out_is_new)                                                            \
    do {                                                                                           \
        uint32_t s_;                                                                               \
        if (idmap_get(&(side).by_id, (id), &s_)) {                                                 \
            (out_is_new) = false;                                                                  \
            slot = s_;                                                                             \
        } else {                                                                                   \
            (out_is_new) = true;                                                                   \
            if ((side).free.n) {                                                                   \
                slot = (side).free.v[--(side).free.n];                                             \
            } else {                                                                               \
                if ((side).n == (side).cap) {                                                      \
                    (side).cap = (side).cap ? (side).cap * 2 : 64;                                 \
                    (side).slots = xrealloc((side).slots, (side).cap * sizeof(*(side).slots));     \
                }                                                                                  \
                slot = (side).n++;                                                                 \
            }                                                                                      \
            idmap_put(&(side).by_id, (id), slot);                                                  \
        }                                                                                          \
    } while (0)

static void unlist_resident(struct match_index *idx, uint32_t slot)
{
    struct resident_slot *r = &idx->res.slots[slot];
    for (int i = 0; i < r->nskills; i++)
        list_remove(lists_at(&idx->res_by_skill, r->items[i], r->cell), r->local);
    for (int i = 0; i < r->nwishes; i++)
        list_remove(lists_at(&idx->res_by_wish, r->items[r->nskills + i], r->cell), r->local);
    members_release(&idx->res.cells[r->cell], r->local);
    free(r->items);
    r->items = NULL;
}

bool match_put_resident(struct match_index *idx, const struct match_resident *in)
{
    if (in->id == INT64_MIN || in->nskills < 0 || in->nwishes < 0 ||
        in->nskills > MATCH_MAX_ITEMS || in->nwishes > MATCH_MAX_ITEMS)
        return false;
    uint32_t *items = xmalloc(((size_t)in->nskills + (size_t)in->nwishes + 1) * sizeof(*items));
    if (in->nskills)
        memcpy(items, in->skills, (size_t)in->nskills * sizeof(*items));
    int nskills = sort_unique(items, in->nskills);
    if (in->nwishes)
        memcpy(items + nskills, in->wishes, (size_t)in->nwishes * sizeof(*items));
    int nwishes = sort_unique(items + nskills, in->nwishes);

    uint32_t slot;
    bool is_new;
    TAKE_SLOT(idx->res, in->id, is_new);
    if (!is_new)
        unlist_resident(idx, slot);
    struct resident_slot *r = &idx->res.slots[slot];
    uint8_t cell = cell_of(in->at);
    *r = (struct resident_slot){
        .id = in->id,
        .items = items,
        .local = members_take(&idx->res.cells[cell], slot, &idx->res.most_members),
        .nskills = (uint16_t)nskills,
        .nwishes = (uint16_t)nwishes,
        .cell = cell,
    };
    struct cell_members *m = &idx->res.cells[cell];
    if (m->hot_cap != m->cap) {
        m->hot = xrealloc(m->hot, m->cap * sizeof(*m->hot));
        m->hot_cap = m->cap;
    }
    struct resident_hot *h = &m->hot[r->local];
    *h = (struct resident_hot){
        .at = in->at,
        .licences = in->licences,
        .max_km = (uint16_t)clamp(in->max_km, 0, MATCH_MAX_KM),
        .hours = (uint8_t)clamp(in->hours, 0, 168),
        .dutch_level = (uint8_t)clamp(in->dutch_level, 0, 6),
    };
    for (int i = 0; i < nskills; i++)
        list_push(lists_at(&idx->res_by_skill, items[i], r->cell), r->local);
    for (int i = 0; i < nwishes; i++)
        list_push(lists_at(&idx->res_by_wish, items[nskills + i], r->cell), r->local);
    if ((float)h->max_km > idx->reach)
        idx->reach = (float)h->max_km;
    return true;
}

bool match_remove_resident(struct match_index *idx, int64_t id)
{
    uint32_t slot;
    if (!idmap_get(&idx->res.by_id, id, &slot))
        return false;
    unlist_resident(idx, slot);
    idx->res.slots[slot].id = INT64_MIN;
    idmap_remove(&idx->res.by_id, id);
    list_push(&idx->res.free, slot);
    return true;
}

static void unlist_workplace(struct match_index *idx, uint32_t slot)
{
    struct workplace_slot *w = &idx->wp.slots[slot];
    uint32_t local = w->local;
    for (int i = 0; i < w->nessential; i++)
        list_remove(lists_at(&idx->wp_by_skill, w->items[i], w->cell), local << 1 | 1);
    for (int i = 0; i < w->noptional; i++)
        list_remove(lists_at(&idx->wp_by_skill, w->items[w->nessential + i], w->cell), local << 1);
    list_remove(lists_at(&idx->wp_by_occupation, w->occupation, w->cell), local);
    members_release(&idx->wp.cells[w->cell], local);
    free(w->items);
    w->items = NULL;
}

bool match_put_workplace(struct match_index *idx, const struct match_workplace *in)
{
    if (in->id == INT64_MIN || in->nessential < 0 || in->noptional < 0 ||
        in->nessential > MATCH_MAX_ITEMS || in->noptional > MATCH_MAX_ITEMS)
        return false;
    uint32_t *items =
        xmalloc(((size_t)in->nessential + (size_t)in->noptional + 1) * sizeof(*items));
    if (in->nessential)
        memcpy(items, in->essential, (size_t)in->nessential * sizeof(*items));
    int ness = sort_unique(items, in->nessential);
    if (in->noptional)
        memcpy(items + ness, in->optional, (size_t)in->noptional * sizeof(*items));
    int nopt = sort_unique(items + ness, in->noptional);
    /* A skill listed as both is essential. */
    nopt = sorted_minus(items + ness, nopt, items, ness);

    uint32_t slot;
    bool is_new;
    TAKE_SLOT(idx->wp, in->id, is_new);
    if (!is_new)
        unlist_workplace(idx, slot);
    struct workplace_slot *w = &idx->wp.slots[slot];
    uint8_t cell = cell_of(in->at);
    *w = (struct workplace_slot){
        .id = in->id,
        .at = in->at,
        .occupation = in->occupation,
        .licences_needed = in->licences_needed,
        .hours = (uint16_t)clamp(in->hours, 0, 168),
        .dutch_level_needed = (uint8_t)clamp(in->dutch_level_needed, 0, 6),
        .cell = cell,
        .nessential = (uint16_t)ness,
        .noptional = (uint16_t)nopt,
        .weight_essential = ness ? MATCH_W_ESSENTIAL / (float)ness : 0,
        .weight_optional = nopt ? MATCH_W_OPTIONAL / (float)nopt : 0,
        .items = items,
        .local = members_take(&idx->wp.cells[cell], slot, &idx->wp.most_members),
    };
    for (int i = 0; i < ness + nopt; i++) {
        bool essential = i < ness;
        struct id_lists *il = lists_of_mut(&idx->wp_by_skill, items[i]);
        float weight = essential ? w->weight_essential : w->weight_optional;
        il->tagged = true;
        if (weight > il->max_weight)
            il->max_weight = weight;
        list_push(lists_at(&idx->wp_by_skill, items[i], w->cell),
                  w->local << 1 | (essential ? 1u : 0u));
    }
    list_push(lists_at(&idx->wp_by_occupation, in->occupation, w->cell), w->local);
    return true;
}

bool match_remove_workplace(struct match_index *idx, int64_t id)
{
    uint32_t slot;
    if (!idmap_get(&idx->wp.by_id, id, &slot))
        return false;
    unlist_workplace(idx, slot);
    idx->wp.slots[slot].id = INT64_MIN;
    idmap_remove(&idx->wp.by_id, id);
    list_push(&idx->wp.free, slot);
    return true;
}

/* ---- scoring ---- */

static enum match_filter pair_filter(const struct resident_hot *r, const struct workplace_slot *w,
                                     float distance)
{
    if (r->hours == 0)
        return MATCH_NO_HOURS;
    if ((r->licences & w->licences_needed) != w->licences_needed)
        return MATCH_NO_LICENCE;
    if (r->dutch_level < w->dutch_level_needed)
        return MATCH_DUTCH_LEVEL;
    if (distance > (float)r->max_km)
        return MATCH_TOO_FAR;
    return MATCH_OK;
}

static float hours_fit(const struct resident_hot *r, const struct workplace_slot *w)
{
    if (w->hours == 0 || r->hours >= w->hours)
        return 1.0f;
    return (float)r->hours / (float)w->hours;
}

/* The one formula every path uses: the counts come from the inverted
 * lists in a top-N query and from merging the skill lists in an
 * explanation, and must give the same score. */
static float pair_score(const struct resident_hot *r, const struct workplace_slot *w,
                        int essential_hits, int optional_hits, bool wish, float distance)
{
    float score = MATCH_W_HOURS * hours_fit(r, w);
    if (w->nessential)
        score += MATCH_W_ESSENTIAL * (float)essential_hits / (float)w->nessential;
    if (w->noptional)
        score += MATCH_W_OPTIONAL * (float)optional_hits / (float)w->noptional;
    if (wish)
        score += MATCH_W_WISH;
    /* Everyone within reach gets something for nearness; max_km 0 means
     * the same PC4 area only, where the distance is 0. */
    score += r->max_km ? MATCH_W_NEAR * (1.0f - distance / (float)r->max_km) : MATCH_W_NEAR;
    return score;
}

static bool resident_wishes(const struct resident_slot *r, uint32_t occupation)
{
    const uint32_t *wishes = r->items + r->nskills;
    return bsearch(&occupation, wishes, r->nwishes, sizeof(*wishes), cmp_u32) != NULL;
}

/* ---- top N ---- */

/* The number of ids two sorted lists share. */
static int count_common(const uint32_t *a, int na, const uint32_t *b, int nb)
{
    int i = 0, j = 0, n = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else {
            n++;
            i++;
            j++;
        }
    }
    return n;
}

/* The exact score of a pair, or false when a filter excludes it (checked
 * first: it is cheap and excludes most pairs, by distance). */
static bool pair_exact(const struct resident_slot *r, const struct resident_hot *h,
                       const struct workplace_slot *w, float *score, float *distance)
{
    float d = match_distance_km(h->at, w->at);
    if (pair_filter(h, w, d) != MATCH_OK)
        return false;
    int ess = count_common(w->items, w->nessential, r->items, r->nskills);
    int opt = count_common(w->items + w->nessential, w->noptional, r->items, r->nskills);
    bool wish = resident_wishes(r, w->occupation);
    if (ess + opt == 0 && !wish)
        return false;
    *score = pair_score(h, w, ess, opt, wish, d);
    *distance = d;
    return true;
}

/* A query counts, per slot of the other side, what the pair shares so far,
 * in one accumulator: */
#define ACC_ESSENTIAL 1u        /* bits 0..9: essential skills shared */
#define ACC_OPTIONAL (1u << 10) /* bits 10..19: optional skills shared */
#define ACC_WISH (1u << 20)     /* the occupation is wished */
#define ACC_BOUND (1u << 21)    /* counted among the lower bounds already */
#define ACC_COUNT_BITS 0x3ffu   /* MATCH_MAX_ITEMS fits */

static int acc_essential(uint32_t a)
{
    return (int)(a & ACC_COUNT_BITS);
}

static int acc_optional(uint32_t a)
{
    return (int)((a >> 10) & ACC_COUNT_BITS);
}

/* What the shared skills and wish counted in a add to a score. */
static float acc_partial(uint32_t a, float weight_essential, float weight_optional)
{
    return weight_essential * (float)acc_essential(a) + weight_optional * (float)acc_optional(a) +
           ((a & ACC_WISH) ? MATCH_W_WISH : 0.0f);
}

/* The exact score of a pair from complete counts (every list of the query
 * read), or false when a filter excludes it. The same formula as
 * pair_exact, without merging the skill lists. */
static bool pair_from_counts(const struct resident_hot *r, const struct workplace_slot *w,
                             uint32_t a, float *score, float *distance)
{
    float d = match_distance_km(r->at, w->at);
    if (pair_filter(r, w, d) != MATCH_OK)
        return false;
    *score = pair_score(r, w, acc_essential(a), acc_optional(a), (a & ACC_WISH) != 0, d);
    *distance = d;
    return true;
}

/* One ESCO id of a query: its lists in the cells within reach, how many
 * entries they hold, the most a pair can gain from it, and what an entry
 * adds to the accumulator (0: the entry's tag says, essential or not). */
struct term {
    const struct id_lists *lists;
    float weight;
    float cost; /* entries to read per point of weight */
    uint32_t length;
    uint32_t add;
    uint32_t first, count; /* its lists within reach, in the scratch's `found` */
};

static int cmp_term_cost(const void *a, const void *b)
{
    float x = ((const struct term *)a)->cost, y = ((const struct term *)b)->cost;
    return (x > y) - (x < y);
}

/* A pair seen by a query that may still enter its top: the local number
 * on the other side, its accumulator and what its counts add. */
struct candidate {
    uint32_t local, acc;
    float partial;
};

/* One list a query reads: a term's list in one cell. */
struct cell_term {
    const uint32_t *v; /* the entries, copied from the list */
    uint32_t n;
    uint32_t term;
    uint8_t cell;
};

/* A query's working memory: an accumulator per local number of one cell
 * (zero between cells: cleared through touched, never as a whole), the
 * query's terms, its lists grouped by cell, and the candidates of a cell. */
struct match_scratch {
    uint32_t *acc;
    uint32_t nacc;
    struct list touched;
    struct term *terms;
    int nterms_cap;
    struct cell_term *lists, *found; /* grouped by cell; as found, by term */
    uint32_t nlists_cap, nfound_cap;
    struct candidate *cand;
    uint32_t ncand_cap;
    float *bounds;
    int nbounds_cap;
    bool in[NCELLS];                 /* the cells within reach */
    uint8_t cells[NCELLS];           /* those, nearest first */
    uint32_t cell_start[NCELLS + 1]; /* their lists in `lists` */
};

struct match_scratch *match_scratch_new(void)
{
    return xcalloc(1, sizeof(struct match_scratch));
}

void match_scratch_free(struct match_scratch *s)
{
    if (!s)
        return;
    free(s->acc);
    free(s->touched.v);
    free(s->terms);
    free(s->lists);
    free(s->found);
    free(s->cand);
    free(s->bounds);
    free(s);
}

/* Room for a query over cells of at most `members` each. */
static void scratch_prepare(struct match_scratch *s, uint32_t members, int nterms, int n)
{
    if (s->nbounds_cap < n) {
        s->bounds = xrealloc(s->bounds, (size_t)n * sizeof(*s->bounds));
        s->nbounds_cap = n;
    }
    if (s->nacc < members) {
        s->acc = xrealloc(s->acc, members * sizeof(*s->acc));
        memset(s->acc + s->nacc, 0, (members - s->nacc) * sizeof(*s->acc));
        s->nacc = members;
        s->touched.v = xrealloc(s->touched.v, (members + 1) * sizeof(*s->touched.v));
        s->touched.cap = members + 1;
        s->cand = xrealloc(s->cand, 2 * (size_t)members * sizeof(*s->cand));
        s->ncand_cap = members;
    }
    if (s->nterms_cap < nterms) {
        s->terms = xrealloc(s->terms, sizeof(*s->terms) * (size_t)nterms);
        s->nterms_cap = nterms;
    }
    s->touched.n = 0;
}

/* The best n so far, best first: kept sorted by insertion, which is cheap
 * for the small n asked for and rare once the list is full. */
struct top {
    struct match_result *v;
    int n, cap;
    /* The n-th best of the lower bounds of distinct pairs (see
     * query_bound): the n-th best score cannot be lower. */
    float floor;
    float *bounds; /* best first */
    int nbounds;
};

static bool better(float score, int64_t id, const struct match_result *than)
{
    return score > than->score || (score == than->score && id < than->id);
}

static void top_offer(struct top *t, int64_t id, float score, float distance)
{
    if (t->n == t->cap && !better(score, id, &t->v[t->n - 1]))
        return;
    int i = t->n < t->cap ? t->n++ : t->n - 1;
    while (i > 0 && better(score, id, &t->v[i - 1])) {
        t->v[i] = t->v[i - 1];
        i--;
    }
    t->v[i] = (struct match_result){id, score, distance};
}

/* Whether a pair that scores at most bound may still enter the top. The
 * margin covers the rounding of sums of weights against the exact score;
 * a tie (decided on id) is never missed. */
static bool top_may_enter(const struct top *t, float bound)
{
    if (bound + 1e-3f < t->floor)
        return false;
    return t->n < t->cap || bound + 1e-3f >= t->v[t->n - 1].score;
}

/* Notes a lower bound of one more pair's score. */
static void top_bound(struct top *t, float bound)
{
    if (t->nbounds == t->cap && bound <= t->bounds[t->nbounds - 1])
        return;
    int i = t->nbounds < t->cap ? t->nbounds++ : t->nbounds - 1;
    while (i > 0 && bound > t->bounds[i - 1]) {
        t->bounds[i] = t->bounds[i - 1];
        i--;
    }
    t->bounds[i] = bound;
    if (t->nbounds == t->cap)
        t->floor = t->bounds[t->nbounds - 1];
}

/* Cheap terms first: the fewest entries per point of weight, so the rare
 * and heavy lists come first and the long lists of common skills, each
 * worth little, last. Returns the sum of the weights. */
static float order_terms(struct term *terms, int nterms)
{
    qsort(terms, (size_t)nterms, sizeof(*terms), cmp_term_cost);
    float total = 0;
    for (int i = 0; i < nterms; i++)
        total += terms[i].weight;
    return total;
}

/* How a query runs, both ways (the MaxScore idea of search engines, term at
 * a time, with an accumulator per pair), cell by cell, nearest first, the
 * bar of the top carried from cell to cell:
 *   1. Read the cell's lists in order, adding to each pair's counts: one
 *      read and one add per entry, in an array of the cell's size. A pair
 *      whose counts so far may take it into the top is noted (up to a
 *      budget) with the score those counts give, a lower bound: the n-th
 *      best of these is a floor under the bar, which so rises early.
 *   2. Once what the cell's unread lists could add, plus the base, falls
 *      below the bar, no one unseen in the cell can enter: later lists only
 *      add to pairs already seen. Reading may stop there, if scoring exactly
 *      the pairs seen that may still enter (their counts plus what the
 *      unread lists could add) costs less than reading the rest.
 *   3. Go over the pairs seen: those that may enter are scored, best counts
 *      first, from the counts alone when every list was read (no merging of
 *      skill lists), else exactly.
 * The other side's own data is thus read only for the few pairs that may
 * enter the top, and a cell whose lists together cannot reach the bar is
 * not read at all. */

/* Entries read in the time of one exact score by merging: three cold reads
 * (slot, skills, resident_hot) and the merge, against a few ns an entry;
 * 32 stopped too often at 1M residents (p99 up), 512 made no difference. */
#define EXACT_COST 128
#define EAGER_BUDGET 256 /* lower bounds noted in step 1, besides n */
#define EAGER_MAX_N 1024 /* beyond, noting bounds (sorted by insertion) costs n each */

static int eager_budget(int n)
{
    return n <= EAGER_MAX_N ? EAGER_BUDGET + n : 0;
}
#define STOP_CHECKS 4 /* times step 2 weighs stopping, per cell */

/* The query in progress; w_fixed is the workplace of a top-residents query,
 * NULL the other way, where every pair has its own workplace's weights.
 * members maps the current cell's local numbers to slots. */
struct query {
    const struct match_index *idx;
    struct match_scratch *s;
    struct top t;
    const struct workplace_slot *w_fixed;
    const struct resident_slot *r_fixed;
    const struct resident_hot *h_fixed;
    const uint32_t *members;
    const struct resident_hot *hot; /* the current cell's, in a top-residents query */
    int eager;
};

static float query_partial(const struct query *q, uint32_t local, uint32_t a)
{
    const struct workplace_slot *w = q->w_fixed ? q->w_fixed : &q->idx->wp.slots[q->members[local]];
    return acc_partial(a, w->weight_essential, w->weight_optional);
}

/* Scores the pair of a local number exactly (merging skill lists), or from
 * complete counts a, and offers it. */
static void query_score(struct query *q, uint32_t local, bool from_counts, uint32_t a)
{
    uint32_t slot = q->members[local];
    const struct resident_slot *r = q->w_fixed ? &q->idx->res.slots[slot] : q->r_fixed;
    const struct resident_hot *h = q->w_fixed ? &q->hot[local] : q->h_fixed;
    const struct workplace_slot *w = q->w_fixed ? q->w_fixed : &q->idx->wp.slots[slot];
    float score, d;
    if (from_counts ? pair_from_counts(h, w, a, &score, &d) : pair_exact(r, h, w, &score, &d))
        top_offer(&q->t, q->w_fixed ? r->id : w->id, score, d);
}

/* Notes the score of a pair from its counts so far as a lower bound: more
 * counts only add to a score. One read of the pair's filters and base, no
 * merging of skill lists; the pair is scored exactly in step 3. */
static void query_bound(struct query *q, uint32_t local, uint32_t a)
{
    uint32_t slot = q->members[local];
    const struct resident_hot *h = q->w_fixed ? &q->hot[local] : q->h_fixed;
    const struct workplace_slot *w = q->w_fixed ? q->w_fixed : &q->idx->wp.slots[slot];
    float score, d;
    if (pair_from_counts(h, w, a, &score, &d))
        top_bound(&q->t, score);
}

/* Reads one list; once closed, only pairs already seen count. The loop is
 * most of a query's time: no call and no unpredictable branch for the
 * common entry (a pair seen or not, essential or not). */
static void query_read(struct query *q, const uint32_t *v, uint32_t n, uint32_t add, bool closed)
{
    struct match_scratch *s = q->s;
    uint32_t *acc = s->acc, *touched = s->touched.v, ntouched = s->touched.n;
    /* Workplace skill lists tag each entry with its essential bit (add 0). */
    uint32_t shift = add ? 0 : 1;
    /* Pairs not seen yet add nothing once closed. */
    uint32_t unseen_mask = closed ? 0 : ~0u;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t local = v[k] >> shift, a = acc[local];
        /* The tag picks ACC_ESSENTIAL (1) or ACC_OPTIONAL (1 << 10). */
        uint32_t inc = add ? add : ACC_OPTIONAL >> ((v[k] & 1) * 10);
        touched[ntouched] = local;
        ntouched += !a & !closed;
        a += inc & (a ? ~0u : unseen_mask);
        if (q->eager > 0 && a && !(a & ACC_BOUND) &&
            top_may_enter(&q->t, query_partial(q, local, a) + MATCH_BASE_MAX)) {
            a |= ACC_BOUND;
            q->eager--;
            query_bound(q, local, a);
        }
        acc[local] = a;
    }
    s->touched.n = ntouched;
}

/* Counts the pairs seen that may still enter, given what the unread lists
 * could add (extra), stopping past limit. */
static uint32_t query_count_candidates(const struct query *q, float extra, uint32_t limit)
{
    const struct match_scratch *s = q->s;
    uint32_t m = 0;
    for (uint32_t k = 0; k < s->touched.n && m <= limit; k++) {
        uint32_t local = s->touched.v[k], a = s->acc[local];
        m += top_may_enter(&q->t, query_partial(q, local, a) + MATCH_BASE_MAX + extra);
    }
    return m;
}

/* Step 3: clears the accumulators and scores the pairs that may enter,
 * the highest counts first (a counting sort on the whole points of their
 * partial score), so the bar rises at once and the first bucket that
 * cannot reach it ends the cell. */
#define NBUCKETS 128 /* above the most skills and wish can add (85) */
/* Whole points (a float is an integer constant only right under a cast). */
_Static_assert((int)MATCH_W_ESSENTIAL + (int)MATCH_W_OPTIONAL + (int)MATCH_W_WISH + 3 < NBUCKETS,
               "a partial score must fit a bucket");

static void query_finish(struct query *q, bool complete, float extra)
{
    struct match_scratch *s = q->s;
    struct candidate *cand = s->cand, *sorted = s->cand + s->ncand_cap;
    uint32_t start[NBUCKETS + 1] = {0}, m = 0;
    for (uint32_t k = 0; k < s->touched.n; k++) {
        uint32_t local = s->touched.v[k], a = s->acc[local];
        s->acc[local] = 0;
        float partial = query_partial(q, local, a);
        if (!top_may_enter(&q->t, partial + MATCH_BASE_MAX + extra))
            continue;
        cand[m++] = (struct candidate){local, a, partial};
        start[NBUCKETS - (int)partial]++;
    }
    s->touched.n = 0;
    for (int b = 0; b < NBUCKETS; b++)
        start[b + 1] += start[b];
    for (uint32_t k = 0; k < m; k++)
        sorted[start[NBUCKETS - 1 - (int)cand[k].partial]++] = cand[k];
    for (uint32_t k = 0; k < m; k++) {
        const struct candidate *c = &sorted[k];
        if (k + 8 < m) {
            uint32_t ahead = sorted[k + 8].local;
            if (q->w_fixed)
                __builtin_prefetch(&q->hot[ahead]);
            else
                __builtin_prefetch(&q->idx->wp.slots[q->members[ahead]]);
        }
        /* The rest are in this bucket or lower ones. */
        if (!top_may_enter(&q->t, floorf(c->partial) + 1.0f + MATCH_BASE_MAX + extra))
            break;
        if (top_may_enter(&q->t, c->partial + MATCH_BASE_MAX + extra))
            query_score(q, c->local, complete, c->acc);
    }
}

/* Orders the cells within reach of p nearest first, the query's own first,
 * into s->cells; returns how many. */
static int query_cells(struct match_scratch *s, struct match_point p, float reach)
{
    float gap[NCELLS];
    int n = 0;
    for (int c = 0; c < NCELLS; c++) {
        float dx = axis_gap(p.x_km, GRID_X0, c % GRID_NX, GRID_NX);
        float dy = axis_gap(p.y_km, GRID_Y0, c / GRID_NX, GRID_NY);
        gap[c] = dx * dx + dy * dy;
        s->in[c] = gap[c] <= reach * reach;
        if (s->in[c]) {
            /* Insertion sort: a few dozen cells. */
            int i = n++;
            while (i > 0 && gap[s->cells[i - 1]] > gap[c]) {
                s->cells[i] = s->cells[i - 1];
                i--;
            }
            s->cells[i] = (uint8_t)c;
        }
    }
    return n;
}

/* Finds each term's nonempty lists in the cells within reach (ncells of
 * them, in s->cells) and their length: through the term's index by cell
 * when it has one and lives in more cells than are within reach. */
static void query_find_lists(struct match_scratch *s, struct term *terms, int nterms, int ncells)
{
    uint32_t n = 0;
    for (int i = 0; i < nterms; i++) {
        const struct id_lists *il = terms[i].lists;
        uint32_t most = (uint32_t)(il->n < ncells ? il->n : ncells);
        if (s->nfound_cap < n + most) {
            s->nfound_cap = (n + most) * 2;
            s->found = xrealloc(s->found, s->nfound_cap * sizeof(*s->found));
        }
        struct term *t = &terms[i];
        t->first = n;
        t->length = 0;
        /* The next terms' cell indexes are wanted soon. */
        if (i + 2 < nterms && terms[i + 2].lists->position)
            for (int b = 0; b < NCELLS; b += 64)
                __builtin_prefetch(terms[i + 2].lists->position + b);
        if (il->position && ncells < il->n) {
            /* First ask for every list head, then read them: the heads lie
             * apart, and waiting for one at a time is what costs. */
            uint8_t at[NCELLS];
            int m = 0;
            for (int k = 0; k < ncells; k++) {
                uint8_t p = il->position[s->cells[k]];
                if (p) {
                    __builtin_prefetch(&il->cells[p - 1]);
                    at[m++] = p;
                }
            }
            for (int k = 0; k < m; k++) {
                const struct cell_list *cl = &il->cells[at[k] - 1];
                if (cl->l.n) {
                    s->found[n++] = (struct cell_term){cl->l.v, cl->l.n, 0, cl->cell};
                    t->length += cl->l.n;
                }
            }
        } else {
            for (int c = 0; c < il->n; c++) {
                uint8_t cell = il->cells[c].cell;
                if (s->in[cell] && il->cells[c].l.n) {
                    const struct list *l = &il->cells[c].l;
                    s->found[n++] = (struct cell_term){l->v, l->n, 0, cell};
                    t->length += il->cells[c].l.n;
                }
            }
        }
        t->count = n - t->first;
        t->cost = (float)t->length / (t->weight + 1e-6f);
    }
}

/* Groups the terms' lists by cell, in term order, into s->lists. */
static void query_group_lists(struct match_scratch *s, const struct term *terms, int nterms)
{
    uint32_t *start = s->cell_start;
    memset(start, 0, sizeof(s->cell_start));
    uint32_t total = 0;
    for (int i = 0; i < nterms; i++) {
        for (uint32_t k = terms[i].first; k < terms[i].first + terms[i].count; k++)
            start[s->found[k].cell + 1]++;
        total += terms[i].count;
    }
    for (int c = 0; c < NCELLS; c++)
        start[c + 1] += start[c];
    if (s->nlists_cap < total) {
        s->nlists_cap = total;
        s->lists = xrealloc(s->lists, s->nlists_cap * sizeof(*s->lists));
    }
    uint32_t fill[NCELLS];
    memcpy(fill, start, sizeof(fill));
    for (int i = 0; i < nterms; i++) {
        for (uint32_t k = terms[i].first; k < terms[i].first + terms[i].count; k++) {
            struct cell_term ct = s->found[k];
            ct.term = (uint32_t)i;
            s->lists[fill[ct.cell]++] = ct;
        }
    }
}

/* One cell: steps 1 to 3. */
#define LOOKAHEAD 6 /* lists whose entries are asked for ahead */
static void query_cell(struct query *q, const struct term *terms, uint32_t from, uint32_t to)
{
    struct match_scratch *s = q->s;
    /* Only the terms with a list here can add to a pair here. */
    float remaining = 0;
    uint64_t unread = 0;
    for (uint32_t j = from; j < to; j++) {
        if (j < from + LOOKAHEAD)
            __builtin_prefetch(s->lists[j].v);
        remaining += terms[s->lists[j].term].weight;
        unread += s->lists[j].n;
    }
    bool closed = false;
    int checks = STOP_CHECKS;
    uint32_t j = from;
    for (; j < to; j++) {
        if (!closed && !top_may_enter(&q->t, MATCH_BASE_MAX + remaining))
            closed = true;
        if (closed && !s->touched.n)
            return;
        /* Weighing costs a pass over the pairs seen: only while the
         * unread lists are much longer. */
        if (closed && checks > 0 && s->touched.n < unread / 4) {
            checks--;
            uint32_t limit = (uint32_t)(unread / EXACT_COST);
            if (query_count_candidates(q, remaining, limit) <= limit)
                break;
        }
        /* Most lists are short and each lies elsewhere: ask for the
         * next ones' entries while reading this one. */
        if (j + LOOKAHEAD < to)
            __builtin_prefetch(s->lists[j + LOOKAHEAD].v);
        const struct term *t = &terms[s->lists[j].term];
        query_read(q, s->lists[j].v, s->lists[j].n, t->add, closed);
        remaining -= t->weight;
        unread -= s->lists[j].n;
    }
    bool complete = j == to;
    query_finish(q, complete, complete ? 0 : remaining);
}

static int query_run(struct query *q, struct term *terms, int nterms,
                     const struct cell_members *members, struct match_point at, float reach)
{
    struct match_scratch *s = q->s;
    int ncells = query_cells(s, at, reach);
    query_find_lists(s, terms, nterms, ncells);
    float total = order_terms(terms, nterms);
    query_group_lists(s, terms, nterms);
    for (int i = 0; i < ncells && top_may_enter(&q->t, MATCH_BASE_MAX + total); i++) {
        uint8_t cell = s->cells[i];
        if (s->cell_start[cell] == s->cell_start[cell + 1])
            continue;
        q->members = members[cell].slot;
        q->hot = members[cell].hot;
        query_cell(q, terms, s->cell_start[cell], s->cell_start[cell + 1]);
    }
    return q->t.n;
}

int match_top_residents(const struct match_index *idx, int64_t workplace_id, int n,
                        struct match_scratch *s, struct match_result *out)
{
    uint32_t ws;
    if (!idmap_get(&idx->wp.by_id, workplace_id, &ws))
        return -1;
    if (n <= 0)
        return 0;
    const struct workplace_slot *w = &idx->wp.slots[ws];
    int nterms = w->nessential + w->noptional + 1;
    scratch_prepare(s, idx->res.most_members, nterms, n);
    struct term *terms = s->terms;
    for (int i = 0; i < w->nessential + w->noptional; i++) {
        bool essential = i < w->nessential;
        terms[i] = (struct term){.lists = lists_of(&idx->res_by_skill, w->items[i]),
                                 .weight = essential ? w->weight_essential : w->weight_optional,
                                 .add = essential ? ACC_ESSENTIAL : ACC_OPTIONAL};
    }
    terms[nterms - 1] = (struct term){.lists = lists_of(&idx->res_by_wish, w->occupation),
                                      .weight = MATCH_W_WISH,
                                      .add = ACC_WISH};
    struct query q = {.idx = idx,
                      .s = s,
                      .t = {out, 0, n, -INFINITY, s->bounds, 0},
                      .w_fixed = w,
                      .eager = eager_budget(n)};
    /* No one lives further away than the furthest anyone travels. */
    return query_run(&q, terms, nterms, idx->res.cells, w->at, idx->reach);
}

int match_top_workplaces(const struct match_index *idx, int64_t resident_id, int n,
                         struct match_scratch *s, struct match_result *out)
{
    uint32_t rs;
    if (!idmap_get(&idx->res.by_id, resident_id, &rs))
        return -1;
    if (n <= 0)
        return 0;
    const struct resident_slot *r = &idx->res.slots[rs];
    const struct resident_hot *h = resident_hot_of(idx, rs);
    int nterms = r->nskills + r->nwishes;
    scratch_prepare(s, idx->wp.most_members, nterms, n);
    struct term *terms = s->terms;
    /* The weight of a skill list is the most any of its entries adds; its
     * entries are tagged (add 0). */
    for (int i = 0; i < r->nskills; i++) {
        const struct id_lists *il = lists_of(&idx->wp_by_skill, r->items[i]);
        terms[i] = (struct term){.lists = il, .weight = il->max_weight};
    }
    for (int i = 0; i < r->nwishes; i++)
        terms[r->nskills + i] =
            (struct term){.lists = lists_of(&idx->wp_by_occupation, r->items[r->nskills + i]),
                          .weight = MATCH_W_WISH,
                          .add = ACC_WISH};
    struct query q = {.idx = idx,
                      .s = s,
                      .t = {out, 0, n, -INFINITY, s->bounds, 0},
                      .r_fixed = r,
                      .h_fixed = h,
                      .eager = eager_budget(n)};
    return query_run(&q, terms, nterms, idx->wp.cells, h->at, (float)h->max_km);
}

void match_top_workplaces_many(const struct match_index *idx, const int64_t *ids, int count, int n,
                               struct match_scratch *s, struct match_result *out, int *counts)
{
    /* A counting sort of the batch by the residents' cells (NCELLS for an
     * unknown id, which answers -1). */
    uint16_t *cell = xmalloc(((size_t)count + 1) * sizeof(*cell));
    int *order = xmalloc(((size_t)count + 1) * sizeof(*order));
    int start[NCELLS + 2] = {0};
    for (int i = 0; i < count; i++) {
        uint32_t rs;
        cell[i] = idmap_get(&idx->res.by_id, ids[i], &rs) ? idx->res.slots[rs].cell : NCELLS;
        start[cell[i] + 1]++;
    }
    for (int c = 0; c <= NCELLS; c++)
        start[c + 1] += start[c];
    for (int i = 0; i < count; i++)
        order[start[cell[i]]++] = i;
    size_t stride = n > 0 ? (size_t)n : 0;
    for (int k = 0; k < count; k++) {
        int i = order[k];
        counts[i] = match_top_workplaces(idx, ids[i], n, s, out + (size_t)i * stride);
    }
    free(order);
    free(cell);
}

/* ---- explanation ---- */

/* Splits want (sorted) into what have (sorted) holds and what it lacks. */
static void split(struct arena *a, const uint32_t *want, int nwant, const uint32_t *have, int nhave,
                  uint32_t **hit_out, int *nhit, uint32_t **miss_out, int *nmiss)
{
    uint32_t *hits = arena_alloc(a, sizeof(*hits) * (size_t)(nwant + 1));
    uint32_t *miss = arena_alloc(a, sizeof(*miss) * (size_t)(nwant + 1));
    int h = 0, m = 0, j = 0;
    for (int i = 0; i < nwant; i++) {
        while (j < nhave && have[j] < want[i])
            j++;
        if (j < nhave && have[j] == want[i])
            hits[h++] = want[i];
        else
            miss[m++] = want[i];
    }
    *hit_out = hits;
    *nhit = h;
    if (miss_out) {
        *miss_out = miss;
        *nmiss = m;
    }
}

bool match_explain(const struct match_index *idx, int64_t resident_id, int64_t workplace_id,
                   struct arena *a, struct match_explanation *out)
{
    uint32_t rs, ws;
    if (!idmap_get(&idx->res.by_id, resident_id, &rs) ||
        !idmap_get(&idx->wp.by_id, workplace_id, &ws))
        return false;
    const struct resident_slot *r = &idx->res.slots[rs];
    const struct resident_hot *h = resident_hot_of(idx, rs);
    const struct workplace_slot *w = &idx->wp.slots[ws];
    memset(out, 0, sizeof(*out));
    split(a, w->items, w->nessential, r->items, r->nskills, &out->essential_matched,
          &out->nessential_matched, &out->essential_missing, &out->nessential_missing);
    split(a, w->items + w->nessential, w->noptional, r->items, r->nskills, &out->optional_matched,
          &out->noptional_matched, NULL, NULL);
    out->distance_km = match_distance_km(h->at, w->at);
    out->hours_fit = hours_fit(h, w);
    out->wish = resident_wishes(r, w->occupation);
    out->filter = pair_filter(h, w, out->distance_km);
    if (out->filter == MATCH_OK && !out->nessential_matched && !out->noptional_matched &&
        !out->wish)
        out->filter = MATCH_NOTHING_SHARED;
    out->score = pair_score(h, w, out->nessential_matched, out->noptional_matched, out->wish,
                            out->distance_km);
    return true;
}

/* ---- equality ---- */

static bool same_resident(const struct resident_slot *x, const struct resident_hot *xh,
                          const struct resident_slot *y, const struct resident_hot *yh)
{
    return xh->at.x_km == yh->at.x_km && xh->at.y_km == yh->at.y_km &&
           xh->licences == yh->licences && xh->hours == yh->hours && xh->max_km == yh->max_km &&
           xh->dutch_level == yh->dutch_level && x->nskills == y->nskills &&
           x->nwishes == y->nwishes &&
           !memcmp(x->items, y->items, ((size_t)x->nskills + x->nwishes) * sizeof(*x->items));
}

static bool same_workplace(const struct workplace_slot *x, const struct workplace_slot *y)
{
    return x->at.x_km == y->at.x_km && x->at.y_km == y->at.y_km && x->occupation == y->occupation &&
           x->licences_needed == y->licences_needed && x->hours == y->hours &&
           x->dutch_level_needed == y->dutch_level_needed && x->nessential == y->nessential &&
           x->noptional == y->noptional &&
           !memcmp(x->items, y->items, ((size_t)x->nessential + x->noptional) * sizeof(*x->items));
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* An inverted list as the sorted ids it names (slots differ between
 * indexes); workplace skill entries keep their essential bit. */
static int64_t *list_ids(const struct list *l, uint8_t cell, bool workplace_skill,
                         const struct match_index *idx, bool of_workplaces)
{
    int64_t *ids = xmalloc(((size_t)l->n + 1) * sizeof(*ids));
    const uint32_t *members = of_workplaces ? idx->wp.cells[cell].slot : idx->res.cells[cell].slot;
    for (uint32_t i = 0; i < l->n; i++) {
        uint32_t slot = members[workplace_skill ? l->v[i] >> 1 : l->v[i]];
        int64_t id = of_workplaces ? idx->wp.slots[slot].id : idx->res.slots[slot].id;
        ids[i] = workplace_skill ? id * 2 + (l->v[i] & 1) : id;
    }
    qsort(ids, l->n, sizeof(*ids), cmp_i64);
    return ids;
}

static const struct list *cell_list(const struct id_lists *il, uint8_t cell)
{
    for (int c = 0; c < il->n; c++)
        if (il->cells[c].cell == cell)
            return &il->cells[c].l;
    return NULL;
}

static int nonempty(const struct id_lists *il)
{
    int n = 0;
    for (int c = 0; c < il->n; c++)
        n += il->cells[c].l.n > 0;
    return n;
}

static bool same_lists(const struct lists *x, const struct match_index *ix, const struct lists *y,
                       const struct match_index *iy, bool workplace_skill, bool of_workplaces)
{
    uint32_t n = x->n > y->n ? x->n : y->n;
    for (uint32_t id = 0; id < n; id++) {
        const struct id_lists *ax = lists_of(x, id), *ay = lists_of(y, id);
        if (nonempty(ax) != nonempty(ay))
            return false;
        for (int c = 0; c < ax->n; c++) {
            const struct list *lx = &ax->cells[c].l, *ly = cell_list(ay, ax->cells[c].cell);
            if (!lx->n)
                continue;
            if (!ly || lx->n != ly->n)
                return false;
            uint8_t cell = ax->cells[c].cell;
            int64_t *a = list_ids(lx, cell, workplace_skill, ix, of_workplaces);
            int64_t *b = list_ids(ly, cell, workplace_skill, iy, of_workplaces);
            bool same = !memcmp(a, b, lx->n * sizeof(*a));
            free(a);
            free(b);
            if (!same)
                return false;
        }
    }
    return true;
}

bool match_index_equal(const struct match_index *a, const struct match_index *b)
{
    if (a->res.by_id.count != b->res.by_id.count || a->wp.by_id.count != b->wp.by_id.count)
        return false;
    for (uint32_t i = 0; i < a->res.n; i++) {
        const struct resident_slot *x = &a->res.slots[i];
        uint32_t j;
        if (x->id == INT64_MIN)
            continue;
        if (!idmap_get(&b->res.by_id, x->id, &j) ||
            !same_resident(x, resident_hot_of(a, i), &b->res.slots[j], resident_hot_of(b, j)))
            return false;
    }
    for (uint32_t i = 0; i < a->wp.n; i++) {
        const struct workplace_slot *x = &a->wp.slots[i];
        uint32_t j;
        if (x->id == INT64_MIN)
            continue;
        if (!idmap_get(&b->wp.by_id, x->id, &j) || !same_workplace(x, &b->wp.slots[j]))
            return false;
    }
    return same_lists(&a->res_by_skill, a, &b->res_by_skill, b, false, false) &&
           same_lists(&a->res_by_wish, a, &b->res_by_wish, b, false, false) &&
           same_lists(&a->wp_by_skill, a, &b->wp_by_skill, b, true, true) &&
           same_lists(&a->wp_by_occupation, a, &b->wp_by_occupation, b, false, true);
}
