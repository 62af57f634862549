/* bench/match: how fast the matching engine (src/core/match.c) ranks a
 * realistic synthetic population, and how that compares with the SQL query
 * a developer would otherwise write. Prints figures; not a test.
 *
 *   bench_match --data ../shared/data [--residents 1000000] [--workplaces 10000]
 *               [--sql-sample 20]
 *
 * With WERKROUTE_BENCH_PG set to a libpq conninfo string, the SQL ranking
 * also runs on that PostgreSQL server (in a schema bench_match, created and
 * dropped again); without it that comparison is skipped, and says so.
 *
 * The population uses real ESCO occupations and their skill relations and
 * real PC4 centroids: each resident wishes an occupation and holds most of
 * its essential skills, some optional ones and a few from elsewhere; each
 * workplace is an occupation with the skills ESCO gives it. */
#include <errno.h>
#include <libpq-fe.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

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

static double clock_ms(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double now_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}

/* CPU time leaves out the time other processes had the cores: on a shared
 * machine it shows what the work itself costs (cache contention stays). */
static double cpu_ms(void)
{
    return clock_ms(CLOCK_THREAD_CPUTIME_ID);
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

struct percentiles {
    double p50, p99;         /* wall clock, ms */
    double cpu_p50, cpu_p99; /* this thread's CPU time, ms */
};

/* Top 20 residents for `queries` random workplaces. */
static struct percentiles time_top_residents(const struct match_index *idx, int64_t nworkplaces,
                                             int queries)
{
    double *ms = xmalloc(sizeof(*ms) * (size_t)queries);
    double *cpu = xmalloc(sizeof(*cpu) * (size_t)queries);
    struct match_scratch *s = match_scratch_new();
    struct match_result top[20];
    for (int q = 0; q < queries; q++) {
        int64_t id = 1 + (int64_t)rnd((uint32_t)nworkplaces);
        double c0 = cpu_ms(), t0 = now_ms();
        if (match_top_residents(idx, id, 20, s, top) < 0) {
            fprintf(stderr, "bench_match: workplace %lld missing\n", (long long)id);
            exit(1);
        }
        ms[q] = now_ms() - t0;
        cpu[q] = cpu_ms() - c0;
    }
    qsort(ms, (size_t)queries, sizeof(*ms), cmp_double);
    qsort(cpu, (size_t)queries, sizeof(*cpu), cmp_double);
    struct percentiles p = {ms[queries / 2], ms[queries * 99 / 100], cpu[queries / 2],
                            cpu[queries * 99 / 100]};
    match_scratch_free(s);
    free(ms);
    free(cpu);
    return p;
}

struct batch {
    const struct match_index *idx;
    int64_t from, to; /* resident ids */
    long long results;
};

/* One thread's part of the batch, through match_top_workplaces_many. */
static void *batch_run(void *arg)
{
    struct batch *b = arg;
    int count = (int)(b->to - b->from);
    int64_t *ids = xmalloc(sizeof(*ids) * (size_t)count);
    for (int i = 0; i < count; i++)
        ids[i] = b->from + i;
    struct match_result *out = xmalloc(sizeof(*out) * (size_t)count * 10);
    int *counts = xmalloc(sizeof(*counts) * (size_t)count);
    struct match_scratch *s = match_scratch_new();
    match_top_workplaces_many(b->idx, ids, count, 10, s, out, counts);
    for (int i = 0; i < count; i++)
        if (counts[i] > 0)
            b->results += counts[i];
    match_scratch_free(s);
    free(ids);
    free(out);
    free(counts);
    return NULL;
}

/* ---- the SQL a developer would write ---- */

/* Every resident, their skill counts joined in, filtered and scored with
 * the same formula, sorted: what one would write without an engine. One
 * text for SQLite and PostgreSQL ($1 is a named parameter in SQLite). */
static const char RANKING_SQL[] =
    "WITH w AS (SELECT * FROM workplaces WHERE id = $1),"
    " hits AS (SELECT rs.resident_id,"
    "   sum(ws.essential) AS ess, sum(1 - ws.essential) AS opt"
    "   FROM workplace_skills ws JOIN resident_skills rs ON rs.skill = ws.skill"
    "   WHERE ws.workplace_id = $1 GROUP BY rs.resident_id),"
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
    "   + CASE WHEN wish THEN 15.0 ELSE 0 END"
    "   + CASE WHEN max_km > 0 THEN 5.0 * (1 - d / max_km) ELSE 5.0 END AS score"
    " FROM scored WHERE d <= max_km AND (ess + opt > 0 OR wish)"
    " ORDER BY score DESC, id LIMIT 20";

/* The workplaces both SQL stores rank, with the engine's top 20 of each. */
struct ranking_sample {
    int n;
    int64_t *ids;
    struct match_result (*top)[20];
    int *ntop;
};

static void ranking_sample_make(struct ranking_sample *ss, int n, int nwps,
                                const struct match_index *idx)
{
    ss->n = n;
    ss->ids = xmalloc(sizeof(*ss->ids) * (size_t)n);
    ss->top = xmalloc(sizeof(*ss->top) * (size_t)n);
    ss->ntop = xmalloc(sizeof(*ss->ntop) * (size_t)n);
    struct match_scratch *s = match_scratch_new();
    for (int k = 0; k < n; k++) {
        ss->ids[k] = 1 + (int64_t)rnd((uint32_t)nwps);
        ss->ntop[k] = match_top_residents(idx, ss->ids[k], 20, s, ss->top[k]);
    }
    match_scratch_free(s);
}

static void ranking_sample_release(struct ranking_sample *ss)
{
    free(ss->ids);
    free(ss->top);
    free(ss->ntop);
}

/* Compares one row (position m) of an SQL ranking with the engine's.
 * Scores are float in the engine and double in SQL: ids must agree where
 * the scores are clearly apart. */
static bool row_agrees(const struct match_result *top, int n, int m, int64_t id, double score)
{
    return m >= n || id == top[m].id || fabs(score - top[m].score) <= 1e-3;
}

static void sql_exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench_match: sqlite: %s\n", err);
        exit(1);
    }
}

/* The tables: plain ones, keyed for the joins the query makes. In SQLite
 * an INTEGER PRIMARY KEY is the rowid and the skill tables are kept in key
 * order (WITHOUT ROWID); PostgreSQL's primary keys are indexes beside the
 * rows. */
#define TABLES_SQL(without_rowid)                                                                  \
    "CREATE TABLE residents (id INTEGER PRIMARY KEY, x DOUBLE PRECISION, y DOUBLE PRECISION,"      \
    " hours INTEGER, max_km INTEGER, licences INTEGER, dutch INTEGER);"                            \
    "CREATE TABLE resident_skills (resident_id BIGINT, skill INTEGER,"                             \
    " PRIMARY KEY (skill, resident_id)) " without_rowid ";"                                        \
    "CREATE TABLE resident_wishes (resident_id BIGINT, occupation INTEGER,"                        \
    " PRIMARY KEY (occupation, resident_id)) " without_rowid ";"                                   \
    "CREATE TABLE workplaces (id INTEGER PRIMARY KEY, occupation INTEGER, x DOUBLE PRECISION,"     \
    " y DOUBLE PRECISION, hours INTEGER, licences INTEGER, dutch INTEGER, nessential INTEGER,"     \
    " noptional INTEGER);"                                                                         \
    "CREATE TABLE workplace_skills (workplace_id BIGINT, skill INTEGER,"                           \
    " essential INTEGER, PRIMARY KEY (workplace_id, skill)) " without_rowid ";"

/* Loads the population into plain SQLite tables and ranks the sample with
 * one query; returns the mean ms per query and sets *agree to the number
 * of rankings equal to the engine's. */
static double sqlite_compare(const struct person *people, int npeople,
                             const struct match_workplace *wps, int nwps,
                             const struct ranking_sample *ss, int *agree)
{
    sqlite3 *db;
    sqlite3_open(":memory:", &db);
    sql_exec(db, TABLES_SQL("WITHOUT ROWID"));
    sql_exec(db, "BEGIN");
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

    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, RANKING_SQL, -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_match: sqlite: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    int param = sqlite3_bind_parameter_index(q, "$1");
    double total = 0;
    *agree = 0;
    for (int k = 0; k < ss->n; k++) {
        double t0 = now_ms();
        sqlite3_bind_int64(q, param, ss->ids[k]);
        int m = 0;
        bool same = true;
        while (sqlite3_step(q) == SQLITE_ROW) {
            same &= row_agrees(ss->top[k], ss->ntop[k], m, sqlite3_column_int64(q, 0),
                               sqlite3_column_double(q, 1));
            m++;
        }
        sqlite3_reset(q);
        total += now_ms() - t0;
        if (same && m == ss->ntop[k])
            (*agree)++;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return total / ss->n;
}

/* PostgreSQL through libpq, when WERKROUTE_BENCH_PG names a server. */

static void pg_fail(PGconn *pg, const char *what)
{
    fprintf(stderr, "bench_match: postgresql: %s: %s", what, PQerrorMessage(pg));
    exit(1);
}

static void pg_check(PGconn *pg, PGresult *res, ExecStatusType want, const char *what)
{
    if (PQresultStatus(res) != want)
        pg_fail(pg, what);
    PQclear(res);
}

static void pg_exec(PGconn *pg, const char *sql)
{
    pg_check(pg, PQexec(pg, sql), PGRES_COMMAND_OK, sql);
}

/* Rows for COPY ... FROM STDIN, sent in blocks of about 64 KiB. */
struct pg_copy {
    PGconn *pg;
    size_t n;
    char buf[1 << 16];
};

static void pg_copy_begin(struct pg_copy *c, const char *sql)
{
    pg_check(c->pg, PQexec(c->pg, sql), PGRES_COPY_IN, sql);
    c->n = 0;
}

static void pg_copy_flush(struct pg_copy *c)
{
    if (c->n && PQputCopyData(c->pg, c->buf, (int)c->n) != 1)
        pg_fail(c->pg, "copy");
    c->n = 0;
}

__attribute__((format(printf, 2, 3))) static void pg_copy_row(struct pg_copy *c, const char *fmt,
                                                              ...)
{
    if (c->n + 512 > sizeof(c->buf))
        pg_copy_flush(c);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(c->buf + c->n, sizeof(c->buf) - c->n, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(c->buf) - c->n) {
        fprintf(stderr, "bench_match: postgresql: copy row too long\n");
        exit(1);
    }
    c->n += (size_t)n;
}

static void pg_copy_end(struct pg_copy *c)
{
    pg_copy_flush(c);
    if (PQputCopyEnd(c->pg, NULL) != 1)
        pg_fail(c->pg, "copy end");
    pg_check(c->pg, PQgetResult(c->pg), PGRES_COMMAND_OK, "copy");
}

/* Loads the population into plain tables in a schema of its own (dropped
 * before and after), ranks the sample with the same query, prepared; as
 * sqlite_compare. Sets version to the server's. */
static double pg_compare(const char *conninfo, const struct person *people, int npeople,
                         const struct match_workplace *wps, int nwps,
                         const struct ranking_sample *ss, int *agree, char *version,
                         size_t version_size)
{
    PGconn *pg = PQconnectdb(conninfo);
    if (PQstatus(pg) != CONNECTION_OK)
        pg_fail(pg, "connect");
    snprintf(version, version_size, "%d.%d", PQserverVersion(pg) / 10000,
             PQserverVersion(pg) % 10000);
    pg_exec(pg, "SET client_min_messages = warning");
    pg_exec(pg, "DROP SCHEMA IF EXISTS bench_match CASCADE");
    pg_exec(pg, "CREATE SCHEMA bench_match");
    pg_exec(pg, "SET search_path = bench_match");
    pg_exec(pg, TABLES_SQL(""));

    struct pg_copy *c = xmalloc(sizeof(*c));
    c->pg = pg;
    pg_copy_begin(c, "COPY residents FROM STDIN");
    for (int i = 0; i < npeople; i++) {
        const struct match_resident *r = &people[i].r;
        pg_copy_row(c, "%lld\t%.17g\t%.17g\t%d\t%d\t%u\t%d\n", (long long)r->id, (double)r->at.x_km,
                    (double)r->at.y_km, r->hours, r->max_km, r->licences, r->dutch_level);
    }
    pg_copy_end(c);
    /* Duplicate skills of a resident count once, as in the engine. */
    pg_exec(pg, "CREATE TEMP TABLE skills_in (resident_id BIGINT, skill INTEGER)");
    pg_copy_begin(c, "COPY skills_in FROM STDIN");
    for (int i = 0; i < npeople; i++) {
        const struct match_resident *r = &people[i].r;
        for (int k = 0; k < r->nskills; k++)
            pg_copy_row(c, "%lld\t%u\n", (long long)r->id, r->skills[k]);
    }
    pg_copy_end(c);
    pg_exec(pg, "INSERT INTO resident_skills SELECT DISTINCT resident_id, skill FROM skills_in;"
                "DROP TABLE skills_in");
    pg_copy_begin(c, "COPY resident_wishes FROM STDIN");
    for (int i = 0; i < npeople; i++)
        pg_copy_row(c, "%lld\t%u\n", (long long)people[i].r.id, people[i].r.wishes[0]);
    pg_copy_end(c);
    pg_copy_begin(c, "COPY workplaces FROM STDIN");
    for (int i = 0; i < nwps; i++) {
        const struct match_workplace *w = &wps[i];
        pg_copy_row(c, "%lld\t%u\t%.17g\t%.17g\t%d\t%u\t%d\t%d\t%d\n", (long long)w->id,
                    w->occupation, (double)w->at.x_km, (double)w->at.y_km, w->hours,
                    w->licences_needed, w->dutch_level_needed, w->nessential, w->noptional);
    }
    pg_copy_end(c);
    pg_exec(pg, "CREATE TEMP TABLE wskills_in (workplace_id BIGINT, skill INTEGER,"
                " essential INTEGER)");
    pg_copy_begin(c, "COPY wskills_in FROM STDIN");
    for (int i = 0; i < nwps; i++) {
        const struct match_workplace *w = &wps[i];
        for (int k = 0; k < w->nessential + w->noptional; k++) {
            bool ess = k < w->nessential;
            pg_copy_row(c, "%lld\t%u\t%d\n", (long long)w->id,
                        ess ? w->essential[k] : w->optional[k - w->nessential], ess);
        }
    }
    pg_copy_end(c);
    free(c);
    /* As SQLite's INSERT OR IGNORE: the first row of a workplace's skill
     * wins (essential ones come first). */
    pg_exec(pg, "INSERT INTO workplace_skills SELECT DISTINCT ON (workplace_id, skill)"
                " workplace_id, skill, essential FROM wskills_in"
                " ORDER BY workplace_id, skill, essential DESC;"
                "DROP TABLE wskills_in; ANALYZE");

    pg_check(pg, PQprepare(pg, "ranking", RANKING_SQL, 1, NULL), PGRES_COMMAND_OK, "prepare");
    double total = 0;
    *agree = 0;
    for (int k = 0; k < ss->n; k++) {
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)ss->ids[k]);
        const char *params[1] = {id};
        double t0 = now_ms();
        PGresult *res = PQexecPrepared(pg, "ranking", 1, params, NULL, NULL, 0);
        total += now_ms() - t0;
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
            pg_fail(pg, "ranking");
        int m = PQntuples(res);
        bool same = m == ss->ntop[k];
        for (int i = 0; i < m; i++)
            same &= row_agrees(ss->top[k], ss->ntop[k], i, strtoll(PQgetvalue(res, i, 0), NULL, 10),
                               strtod(PQgetvalue(res, i, 1), NULL));
        PQclear(res);
        if (same)
            (*agree)++;
    }
    pg_exec(pg, "DROP SCHEMA bench_match CASCADE");
    PQfinish(pg);
    return total / ss->n;
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
    double load_avg[3] = {0};
    if (getloadavg(load_avg, 3) == 3)
        printf("load average at start: %.2f %.2f %.2f (%ld cores)\n", load_avg[0], load_avg[1],
               load_avg[2], sysconf(_SC_NPROCESSORS_ONLN));
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
    struct percentiles pc = time_top_residents(idx, nworkplaces, 1000);
    double p50 = pc.p50;
    printf("top-20 residents for a workplace over 100,000 residents: p50 %.3f ms, p99 %.3f ms "
           "(1,000 random workplaces; cpu time p50 %.3f, p99 %.3f)\n",
           pc.p50, pc.p99, pc.cpu_p50, pc.cpu_p99);

    struct ranking_sample ss;
    ranking_sample_make(&ss, sql_sample, nworkplaces, idx);
    int agree = 0;
    double sql_ms = sqlite_compare(people, 100000, wps, nworkplaces, &ss, &agree);
    printf("the same top-20 by a plain SQL query (SQLite %s, 100,000 residents): %.1f ms per "
           "workplace; %d of %d rankings agree; engine p50 is %.0fx faster\n",
           sqlite3_libversion(), sql_ms, agree, sql_sample, sql_ms / p50);
    const char *pg_conninfo = getenv("WERKROUTE_BENCH_PG");
    if (pg_conninfo && *pg_conninfo) {
        char version[32];
        sql_ms = pg_compare(pg_conninfo, people, 100000, wps, nworkplaces, &ss, &agree, version,
                            sizeof(version));
        printf("the same query on PostgreSQL %s (100,000 residents): %.1f ms per workplace; "
               "%d of %d rankings agree; engine p50 is %.0fx faster\n",
               version, sql_ms, agree, sql_sample, sql_ms / p50);
    } else {
        printf("PostgreSQL: skipped (set WERKROUTE_BENCH_PG to a conninfo string to compare)\n");
    }
    ranking_sample_release(&ss);

    /* Batch: top 10 workplaces for each of the 100,000 on both cores. */
    double c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    t0 = now_ms();
    struct batch b[2] = {{idx, 1, 50001, 0}, {idx, 50001, 100001, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, batch_run, &b[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    double batch_ms = now_ms() - t0, batch_cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    printf("top-10 workplaces for each of 100,000 residents against %d workplaces (2 threads): "
           "%.2f s, %lld results (cpu time %.2f s over both threads)\n",
           nworkplaces, batch_ms / 1e3, b[0].results + b[1].results, batch_cpu / 1e3);

    t0 = now_ms();
    for (int i = 100000; i < nresidents; i++)
        match_put_resident(idx, &people[i].r);
    double build_rest = now_ms() - t0;
    printf("index build: %d workplaces + 100,000 residents %.2f s; all %d residents %.2f s\n",
           nworkplaces, build_100k / 1e3, nresidents, (build_100k + build_rest) / 1e3);
    pc = time_top_residents(idx, nworkplaces, 1000);
    printf("top-20 residents for a workplace over %d residents: p50 %.3f ms, p99 %.3f ms "
           "(cpu time p50 %.3f, p99 %.3f)\n",
           nresidents, pc.p50, pc.p99, pc.cpu_p50, pc.cpu_p99);
    printf("peak memory: %.0f MiB (including the generated population)\n", peak_mib());
    match_index_free(idx);
    free(people);
    free(wps);
    return 0;
}
