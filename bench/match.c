/* bench/match: how fast the matching engine (src/core/match.c) ranks a
 * realistic synthetic population, and how that compares with the SQL query
 * a developer would otherwise write. Prints figures; not a test.
 *
 *   bench_match --data ../shared/data [--residents 1000000] [--workplaces 10000]
 *               [--sql-sample 20]
 *
 * The population uses real ESCO occupations and their skill relations and
 * real PC4 centroids: each resident wishes an occupation and holds most of
 * its essential skills, some optional ones and a few from elsewhere; each
 * workplace is an occupation with the skills ESCO gives it. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "alloc.h"
#include "match.h"
#include "strmap.h"

/* ---- reading the reference data ---- */

struct occupation {
    uint32_t *essential, *optional;
    int nessential, noptional;
};

struct refdata {
    struct occupation *occ;
    int nocc;
    uint32_t nskills;
    struct match_point *pc4;
    int npc4;
};

static char *read_file(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench_match: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = xmalloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "bench_match: %s: short read\n", path);
        exit(1);
    }
    text[size] = '\0';
    fclose(f);
    return text;
}

/* Splits line (modified) on tabs into at most n fields. */
static int split_tabs(char *line, char **fields, int n)
{
    int k = 0;
    fields[k++] = line;
    for (char *p = line; *p && k < n; p++) {
        if (*p == '\t') {
            *p = '\0';
            fields[k++] = p + 1;
        }
    }
    return k;
}

static uint32_t intern(struct strmap *m, const char *key, uint32_t *next)
{
    int64_t v;
    if (strmap_get(m, key, &v))
        return (uint32_t)v;
    strmap_put(m, key, *next);
    return (*next)++;
}

static void push(uint32_t **v, int *n, uint32_t x)
{
    if ((*n & (*n - 1)) == 0) /* grow at powers of two */
        *v = xrealloc(*v, sizeof(**v) * (size_t)(*n ? *n * 2 : 1));
    (*v)[(*n)++] = x;
}

static void load(const char *dir, struct refdata *rd)
{
    memset(rd, 0, sizeof(*rd));
    struct strmap occ_ids, skill_ids;
    strmap_init(&occ_ids);
    strmap_init(&skill_ids);
    uint32_t nocc = 0, nskill = 0;
    char *text = read_file(dir, "esco_occupation_skill_relations.tsv");
    int cap = 4096;
    rd->occ = xcalloc((size_t)cap, sizeof(*rd->occ));
    char *save = NULL;
    strtok_r(text, "\n", &save); /* header */
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[4];
        if (split_tabs(line, f, 4) != 4)
            continue;
        uint32_t o = intern(&occ_ids, f[0], &nocc), s = intern(&skill_ids, f[3], &nskill);
        if ((int)o >= cap) {
            rd->occ = xrealloc(rd->occ, sizeof(*rd->occ) * (size_t)cap * 2);
            memset(rd->occ + cap, 0, sizeof(*rd->occ) * (size_t)cap);
            cap *= 2;
        }
        struct occupation *oc = &rd->occ[o];
        if (!strcmp(f[1], "essential"))
            push(&oc->essential, &oc->nessential, s);
        else
            push(&oc->optional, &oc->noptional, s);
    }
    rd->nocc = (int)nocc;
    rd->nskills = nskill;
    /* The keys point into text: keep it for the life of the run. */

    char *pc = read_file(dir, "pc4_centroids.tsv");
    int pcap = 8192;
    rd->pc4 = xmalloc(sizeof(*rd->pc4) * (size_t)pcap);
    save = NULL;
    strtok_r(pc, "\n", &save);
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[3];
        if (split_tabs(line, f, 3) < 3)
            continue;
        if (rd->npc4 == pcap) {
            pcap *= 2;
            rd->pc4 = xrealloc(rd->pc4, sizeof(*rd->pc4) * (size_t)pcap);
        }
        rd->pc4[rd->npc4++] = match_point_from_degrees(atof(f[1]), atof(f[2]));
    }
    free(pc);
}

/* ---- the synthetic population ---- */

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

struct person {
    struct match_resident r;
    uint32_t skills[40];
    uint32_t wishes[2];
};

static int pick_occupation(const struct refdata *rd)
{
    for (;;) {
        int o = (int)rnd((uint32_t)rd->nocc);
        if (rd->occ[o].nessential >= 3)
            return o;
    }
}

static void make_person(const struct refdata *rd, struct person *p, int64_t id)
{
    int o = pick_occupation(rd);
    const struct occupation *oc = &rd->occ[o];
    int n = 0;
    for (int i = 0; i < oc->nessential && n < 28; i++)
        if (rnd(10) < 6)
            p->skills[n++] = oc->essential[i];
    for (int i = 0; i < oc->noptional && n < 34; i++)
        if (rnd(10) < 2)
            p->skills[n++] = oc->optional[i];
    for (int i = 0; i < 4; i++)
        p->skills[n++] = rnd(rd->nskills);
    p->wishes[0] = (uint32_t)o;
    p->r = (struct match_resident){
        .id = id,
        .at = rd->pc4[rnd((uint32_t)rd->npc4)],
        .hours = 8 + (int)rnd(33),
        .max_km = 10 + (int)rnd(41),
        .licences = rnd(3) ? MATCH_LICENCE_B : 0,
        .dutch_level = (int)rnd(7),
        .skills = p->skills,
        .nskills = n,
        .wishes = p->wishes,
        .nwishes = 1,
    };
}

static void make_workplace(const struct refdata *rd, struct match_workplace *w, int64_t id)
{
    int o = pick_occupation(rd);
    const struct occupation *oc = &rd->occ[o];
    *w = (struct match_workplace){
        .id = id,
        .occupation = (uint32_t)o,
        .at = rd->pc4[rnd((uint32_t)rd->npc4)],
        .hours = 16 + (int)rnd(25),
        .licences_needed = rnd(5) ? 0 : MATCH_LICENCE_B,
        .dutch_level_needed = (int)rnd(4),
        .essential = oc->essential,
        .nessential = oc->nessential,
        .optional = oc->optional,
        .noptional = oc->noptional,
    };
}

/* ---- measuring ---- */

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* Top 20 residents for `queries` random workplaces: p50 and p99 in ms. */
static void time_top_residents(const struct match_index *idx, int64_t nworkplaces, int queries,
                               double *p50, double *p99)
{
    double *ms = xmalloc(sizeof(*ms) * (size_t)queries);
    struct match_scratch *s = match_scratch_new();
    struct match_result top[20];
    for (int q = 0; q < queries; q++) {
        int64_t id = 1 + (int64_t)rnd((uint32_t)nworkplaces);
        double t0 = now_ms();
        if (match_top_residents(idx, id, 20, s, top) < 0) {
            fprintf(stderr, "bench_match: workplace %lld missing\n", (long long)id);
            exit(1);
        }
        ms[q] = now_ms() - t0;
    }
    qsort(ms, (size_t)queries, sizeof(*ms), cmp_double);
    *p50 = ms[queries / 2];
    *p99 = ms[queries * 99 / 100];
    match_scratch_free(s);
    free(ms);
}

struct batch {
    const struct match_index *idx;
    int64_t from, to; /* resident ids */
    long long results;
};

static void *batch_run(void *arg)
{
    struct batch *b = arg;
    struct match_scratch *s = match_scratch_new();
    struct match_result top[10];
    for (int64_t id = b->from; id < b->to; id++) {
        int n = match_top_workplaces(b->idx, id, 10, s, top);
        if (n > 0)
            b->results += n;
    }
    match_scratch_free(s);
    return NULL;
}

/* ---- the SQL a developer would write ---- */

static void sql_exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench_match: sqlite: %s\n", err);
        exit(1);
    }
}

/* Loads the population into plain tables and asks for the top 20 residents
 * of a workplace with one query using the same score; checks the ids agree
 * with the engine and returns the mean ms per query. */
static double sql_compare(const struct person *people, int npeople,
                          const struct match_workplace *wps, int nwps,
                          const struct match_index *idx, int sample, int *agree)
{
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    sql_exec(db, "CREATE TABLE residents (id INTEGER PRIMARY KEY, x REAL, y REAL, hours INTEGER,"
                 " max_km INTEGER, licences INTEGER, dutch INTEGER);"
                 "CREATE TABLE resident_skills (resident_id INTEGER, skill INTEGER,"
                 " PRIMARY KEY (skill, resident_id)) WITHOUT ROWID;"
                 "CREATE TABLE resident_wishes (resident_id INTEGER, occupation INTEGER,"
                 " PRIMARY KEY (occupation, resident_id)) WITHOUT ROWID;"
                 "CREATE TABLE workplaces (id INTEGER PRIMARY KEY, occupation INTEGER, x REAL,"
                 " y REAL, hours INTEGER, licences INTEGER, dutch INTEGER, nessential INTEGER,"
                 " noptional INTEGER);"
                 "CREATE TABLE workplace_skills (workplace_id INTEGER, skill INTEGER,"
                 " essential INTEGER, PRIMARY KEY (workplace_id, skill)) WITHOUT ROWID;"
                 "BEGIN");
    sqlite3_stmt *ins_r, *ins_s, *ins_w;
    sqlite3_prepare_v2(db, "INSERT INTO residents VALUES (?,?,?,?,?,?,?)", -1, &ins_r, NULL);
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO resident_skills VALUES (?,?)", -1, &ins_s, NULL);
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO resident_wishes VALUES (?,?)", -1, &ins_w, NULL);
    for (int i = 0; i < npeople; i++) {
        const struct match_resident *r = &people[i].r;
        sqlite3_bind_int64(ins_r, 1, r->id);
        sqlite3_bind_double(ins_r, 2, r->at.x_km);
        sqlite3_bind_double(ins_r, 3, r->at.y_km);
        sqlite3_bind_int(ins_r, 4, r->hours);
        sqlite3_bind_int(ins_r, 5, r->max_km);
        sqlite3_bind_int(ins_r, 6, (int)r->licences);
        sqlite3_bind_int(ins_r, 7, r->dutch_level);
        sqlite3_step(ins_r);
        sqlite3_reset(ins_r);
        for (int k = 0; k < r->nskills; k++) {
            sqlite3_bind_int64(ins_s, 1, r->id);
            sqlite3_bind_int64(ins_s, 2, r->skills[k]);
            sqlite3_step(ins_s);
            sqlite3_reset(ins_s);
        }
        sqlite3_bind_int64(ins_w, 1, r->id);
        sqlite3_bind_int64(ins_w, 2, r->wishes[0]);
        sqlite3_step(ins_w);
        sqlite3_reset(ins_w);
    }
    sqlite3_finalize(ins_r);
    sqlite3_finalize(ins_w);
    sqlite3_prepare_v2(db, "INSERT INTO workplaces VALUES (?,?,?,?,?,?,?,?,?)", -1, &ins_r, NULL);
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO workplace_skills VALUES (?,?,?)", -1, &ins_w,
                       NULL);
    for (int i = 0; i < nwps; i++) {
        const struct match_workplace *w = &wps[i];
        sqlite3_bind_int64(ins_r, 1, w->id);
        sqlite3_bind_int64(ins_r, 2, w->occupation);
        sqlite3_bind_double(ins_r, 3, w->at.x_km);
        sqlite3_bind_double(ins_r, 4, w->at.y_km);
        sqlite3_bind_int(ins_r, 5, w->hours);
        sqlite3_bind_int(ins_r, 6, (int)w->licences_needed);
        sqlite3_bind_int(ins_r, 7, w->dutch_level_needed);
        sqlite3_bind_int(ins_r, 8, w->nessential);
        sqlite3_bind_int(ins_r, 9, w->noptional);
        sqlite3_step(ins_r);
        sqlite3_reset(ins_r);
        for (int k = 0; k < w->nessential + w->noptional; k++) {
            bool ess = k < w->nessential;
            sqlite3_bind_int64(ins_w, 1, w->id);
            sqlite3_bind_int64(ins_w, 2, ess ? w->essential[k] : w->optional[k - w->nessential]);
            sqlite3_bind_int(ins_w, 3, ess);
            sqlite3_step(ins_w);
            sqlite3_reset(ins_w);
        }
    }
    sqlite3_finalize(ins_r);
    sqlite3_finalize(ins_w);
    sqlite3_finalize(ins_s);
    sql_exec(db, "COMMIT; ANALYZE");

    /* Every resident, their skill counts joined in, filtered and scored
     * with the same formula, sorted: what one would write without an
     * engine. */
    static const char QUERY[] =
        "WITH w AS (SELECT * FROM workplaces WHERE id = ?1),"
        " hits AS (SELECT rs.resident_id,"
        "   sum(ws.essential) AS ess, sum(1 - ws.essential) AS opt"
        "   FROM workplace_skills ws JOIN resident_skills rs ON rs.skill = ws.skill"
        "   WHERE ws.workplace_id = ?1 GROUP BY rs.resident_id),"
        " scored AS (SELECT r.id,"
        "   sqrt((r.x - w.x) * (r.x - w.x) + (r.y - w.y) * (r.y - w.y)) AS d,"
        "   coalesce(h.ess, 0) AS ess, coalesce(h.opt, 0) AS opt,"
        "   EXISTS (SELECT 1 FROM resident_wishes rw WHERE rw.occupation = w.occupation"
        "     AND rw.resident_id = r.id) AS wish,"
        "   CASE WHEN w.hours = 0 OR r.hours >= w.hours THEN 1.0"
        "     ELSE r.hours * 1.0 / w.hours END AS hf, r.max_km, w.nessential, w.noptional"
        "   FROM residents r CROSS JOIN w LEFT JOIN hits h ON h.resident_id = r.id"
        "   WHERE r.hours > 0 AND (r.licences & w.licences) = w.licences AND r.dutch >= w.dutch)"
        " SELECT id, 10.0 * hf"
        "   + CASE WHEN nessential > 0 THEN 55.0 * ess / nessential ELSE 0 END"
        "   + CASE WHEN noptional > 0 THEN 15.0 * opt / noptional ELSE 0 END"
        "   + 15.0 * wish"
        "   + CASE WHEN max_km > 0 THEN 5.0 * (1 - d / max_km) ELSE 5.0 END AS score"
        " FROM scored WHERE d <= max_km AND (ess + opt > 0 OR wish)"
        " ORDER BY score DESC, id LIMIT 20";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, QUERY, -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_match: sqlite: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    struct match_scratch *s = match_scratch_new();
    double total = 0;
    *agree = 0;
    for (int k = 0; k < sample; k++) {
        int64_t wid = 1 + (int64_t)rnd((uint32_t)nwps);
        struct match_result top[20];
        int n = match_top_residents(idx, wid, 20, s, top);
        double t0 = now_ms();
        sqlite3_bind_int64(q, 1, wid);
        int m = 0;
        bool same = true;
        while (sqlite3_step(q) == SQLITE_ROW) {
            /* Scores are float in the engine and double in SQL: compare
             * the ids where the scores are clearly apart. */
            if (m < n && sqlite3_column_int64(q, 0) != top[m].id &&
                fabs(sqlite3_column_double(q, 1) - top[m].score) > 1e-3)
                same = false;
            m++;
        }
        sqlite3_reset(q);
        total += now_ms() - t0;
        if (same && m == n)
            (*agree)++;
    }
    match_scratch_free(s);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return total / sample;
}

int main(int argc, char **argv)
{
    const char *data = "../shared/data";
    int nresidents = 1000000, nworkplaces = 10000, sql_sample = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--data"))
            data = argv[i + 1];
        else if (!strcmp(argv[i], "--residents"))
            nresidents = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--workplaces"))
            nworkplaces = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--sql-sample"))
            sql_sample = atoi(argv[i + 1]);
    }
    if (nresidents < 100000 || nworkplaces < 1) {
        fprintf(stderr, "bench_match: --residents must be at least 100000\n");
        return 2;
    }
    struct refdata rd;
    load(data, &rd);
    printf("ESCO: %d occupations with skill relations, %u skills; %d PC4 areas\n", rd.nocc,
           rd.nskills, rd.npc4);

    struct person *people = xmalloc(sizeof(*people) * (size_t)nresidents);
    struct match_workplace *wps = xmalloc(sizeof(*wps) * (size_t)nworkplaces);
    for (int i = 0; i < nresidents; i++)
        make_person(&rd, &people[i], 1 + i);
    for (int i = 0; i < nworkplaces; i++)
        make_workplace(&rd, &wps[i], 1 + i);

    /* 100,000 residents first, then the rest added to the same index. */
    struct match_index *idx = match_index_new();
    double t0 = now_ms();
    for (int i = 0; i < nworkplaces; i++)
        match_put_workplace(idx, &wps[i]);
    for (int i = 0; i < 100000; i++)
        match_put_resident(idx, &people[i].r);
    double build_100k = now_ms() - t0;
    double p50, p99;
    time_top_residents(idx, nworkplaces, 1000, &p50, &p99);
    printf("top-20 residents for a workplace over 100,000 residents: p50 %.3f ms, p99 %.3f ms "
           "(1,000 random workplaces)\n",
           p50, p99);

    int agree = 0;
    double sql_ms = sql_compare(people, 100000, wps, nworkplaces, idx, sql_sample, &agree);
    printf("the same top-20 by a plain SQL query (SQLite, 100,000 residents): %.1f ms per "
           "workplace; %d of %d rankings agree; engine p50 is %.0fx faster\n",
           sql_ms, agree, sql_sample, sql_ms / p50);

    /* Batch: top 10 workplaces for each of the 100,000 on both cores. */
    t0 = now_ms();
    struct batch b[2] = {{idx, 1, 50001, 0}, {idx, 50001, 100001, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, batch_run, &b[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    printf("top-10 workplaces for each of 100,000 residents against %d workplaces (2 threads): "
           "%.2f s, %lld results\n",
           nworkplaces, (now_ms() - t0) / 1e3, b[0].results + b[1].results);

    t0 = now_ms();
    for (int i = 100000; i < nresidents; i++)
        match_put_resident(idx, &people[i].r);
    double build_rest = now_ms() - t0;
    printf("index build: %d workplaces + 100,000 residents %.2f s; all %d residents %.2f s\n",
           nworkplaces, build_100k / 1e3, nresidents, (build_100k + build_rest) / 1e3);
    time_top_residents(idx, nworkplaces, 1000, &p50, &p99);
    printf("top-20 residents for a workplace over %d residents: p50 %.3f ms, p99 %.3f ms\n",
           nresidents, p50, p99);
    printf("peak memory: %.0f MiB (including the generated population)\n", peak_mib());
    match_index_free(idx);
    free(people);
    free(wps);
    return 0;
}
