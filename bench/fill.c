/* bench_fill: bulk-loads synthetic residents and cases into a database that
 * already holds the demo region (werkroute init + werkroute demo), for the
 * store benchmark (bench/store).
 *
 * This is a BENCHMARK LOADER, not an application path: it writes straight
 * into the residents and cases tables through the db layer (db.h), without
 * the door, the policy or the audit log, on purpose. Loading a million
 * residents through the door would audit every row and measure the loader,
 * not the server. The rows look like what the door writes: valid unique
 * BSNs, normalised postcodes of the region's municipalities, and a search
 * key computed with resident_search_key() exactly as the door does.
 *
 *   bench_fill --db URL --data DIR --residents N [--cases M] [--names FILE]
 *              [--seed S]
 *
 * N and M are the totals wanted (the demo's own rows count); M defaults to
 * 2*N. --names writes the last names used, URL-encoded, one a line (for the
 * name-search benchmark). Prints the load time and rows per second. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "bsn.h"
#include "case_phase.h"
#include "db.h"
#include "refdata.h"
#include "resident.h"

#define BATCH 10000

static const char *const REGION_CODES[] = {"GM0482", "GM0505", "GM0523", "GM0531",
                                           "GM0590", "GM0610", "GM0642"};
#define NREGION (sizeof(REGION_CODES) / sizeof(REGION_CODES[0]))

/* ---- splitmix64 ---- */
static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static uint32_t rng_below(uint32_t n)
{
    return n ? (uint32_t)(rng_next() % n) : 0;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void die(struct db *db, const char *what)
{
    fprintf(stderr, "bench_fill: %s failed: %s\n", what, db ? db_errmsg(db) : "");
    exit(1);
}

/* ---- A set of the BSNs the demo already gave out (open addressing) ---- */
static uint32_t *bsn_slots;
static uint32_t bsn_mask;
static void bsn_set_init(size_t n)
{
    size_t size = 1024;
    while (size < 4 * n)
        size *= 2;
    bsn_slots = calloc(size, sizeof(*bsn_slots));
    if (!bsn_slots)
        abort();
    bsn_mask = (uint32_t)size - 1;
}
static void bsn_set_add(uint32_t v)
{
    uint32_t key = v + 1, i = (key * 2654435761u) & bsn_mask;
    while (bsn_slots[i] && bsn_slots[i] != key)
        i = (i + 1) & bsn_mask;
    bsn_slots[i] = key;
}
static bool bsn_set_has(uint32_t v)
{
    uint32_t key = v + 1, i = (key * 2654435761u) & bsn_mask;
    while (bsn_slots[i]) {
        if (bsn_slots[i] == key)
            return true;
        i = (i + 1) & bsn_mask;
    }
    return false;
}

/* A random UTC timestamp in 2023..2025, "2024-05-17T09:12:44Z". */
#define TS_SIZE 32
static void random_timestamp(char out[TS_SIZE])
{
    unsigned y = 2023 + rng_below(3), mo = 1 + rng_below(12), d = 1 + rng_below(28);
    snprintf(out, TS_SIZE, "%04u-%02u-%02uT%02u:%02u:%02uZ", y, mo, d, rng_below(24),
             rng_below(60), rng_below(60));
}

static int64_t scalar(struct db *db, const char *sql, const char *arg)
{
    struct db_stmt *st;
    if (db_prepare(db, sql, &st))
        die(db, sql);
    if (arg)
        db_bind_text(st, 1, arg);
    bool row = false;
    if (db_step(st, &row))
        die(db, sql);
    int64_t v = row ? db_col_int(st, 0) : 0;
    db_done(st);
    return v;
}

static void ascii_lower(char *out, size_t size, const char *s)
{
    size_t n = 0;
    for (; *s && n + 1 < size; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            out[n++] = (char)(c - 'A' + 'a');
        else if (c >= 'a' && c <= 'z')
            out[n++] = c;
    }
    out[n] = '\0';
}

static void url_encode_line(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~')
            fputc(*p, f);
        else
            fprintf(f, "%%%02X", *p);
    }
    fputc('\n', f);
}

/* ---- Inserting one batch ----
 * SQLite: one prepared INSERT a row (in-process, so a row costs no round
 * trip). PostgreSQL: a round trip a statement would dominate, so rows go in
 * chunks of CHUNK through unnest() over array parameters: still prepared
 * statements with bound parameters, one round trip per chunk. */
#define CHUNK 1000

struct case_row {
    int64_t resident_id, manager;
    const char *phase, *route, *close_reason;
    char opened_at[TS_SIZE], closed_at[TS_SIZE];
    bool closed;
};

/* An array of PostgreSQL text[] literal form: {"a","b",NULL}. */
struct pgarray {
    char *data;
    size_t len, cap;
};
static void pga_grow(struct pgarray *p, size_t more)
{
    if (p->len + more + 1 > p->cap) {
        while (p->len + more + 1 > p->cap)
            p->cap = p->cap ? p->cap * 2 : 4096;
        p->data = realloc(p->data, p->cap);
        if (!p->data)
            abort();
    }
}
static void pga_start(struct pgarray *p)
{
    pga_grow(p, 1);
    p->len = 0;
    p->data[p->len++] = '{';
}
static void pga_add(struct pgarray *p, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    pga_grow(p, 2 * n + 4);
    if (p->data[p->len - 1] != '{')
        p->data[p->len++] = ',';
    if (!s) {
        memcpy(p->data + p->len, "NULL", 4);
        p->len += 4;
        return;
    }
    p->data[p->len++] = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            p->data[p->len++] = '\\';
        p->data[p->len++] = *s;
    }
    p->data[p->len++] = '"';
}
static void pga_add_int(struct pgarray *p, int64_t v)
{
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)v);
    pga_add(p, text);
}
static const char *pga_end(struct pgarray *p)
{
    pga_grow(p, 1);
    p->data[p->len++] = '}';
    p->data[p->len] = '\0';
    return p->data;
}

static struct pgarray cols[12];

static void insert_residents(struct db *db, const struct resident *rows, const char *const *keys,
                             int n)
{
    static const char ROW_SQL[] =
        "INSERT INTO residents (bsn, first_name, prefix, last_name, birth_date, postcode, pc4,"
        " municipality, email, phone, search_key, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)";
    static const char PG_SQL[] =
        "INSERT INTO residents (bsn, first_name, prefix, last_name, birth_date, postcode, pc4,"
        " municipality, email, phone, search_key, created_at, updated_at)"
        " SELECT bsn, fn, pf, ln, bd, pc, pc4, m, e, ph, sk, ts, ts FROM unnest($1::text[],"
        " $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],"
        " $9::text[], $10::text[], $11::text[], $12::text[])"
        " AS t (bsn, fn, pf, ln, bd, pc, pc4, m, e, ph, sk, ts)";
    struct db_stmt *st;
    if (db_kind(db) == DB_SQLITE) {
        for (int i = 0; i < n; i++) {
            const struct resident *r = &rows[i];
            if (db_prepare(db, ROW_SQL, &st))
                die(db, "prepare resident insert");
            db_bind_text(st, 1, r->bsn);
            db_bind_text(st, 2, r->first_name);
            db_bind_text(st, 3, r->prefix);
            db_bind_text(st, 4, r->last_name);
            db_bind_text(st, 5, r->birth_date);
            db_bind_text(st, 6, r->postcode);
            db_bind_int(st, 7, r->pc4);
            db_bind_text(st, 8, r->municipality);
            db_bind_text(st, 9, r->email);
            db_bind_text(st, 10, r->phone);
            db_bind_text(st, 11, keys[i]);
            db_bind_text(st, 12, r->created_at);
            if (db_step_done(st))
                die(db, "resident insert");
            db_done(st);
        }
        return;
    }
    for (int from = 0; from < n; from += CHUNK) {
        int to = from + CHUNK < n ? from + CHUNK : n;
        for (int c = 0; c < 12; c++)
            pga_start(&cols[c]);
        for (int i = from; i < to; i++) {
            const struct resident *r = &rows[i];
            pga_add(&cols[0], r->bsn);
            pga_add(&cols[1], r->first_name);
            pga_add(&cols[2], r->prefix);
            pga_add(&cols[3], r->last_name);
            pga_add(&cols[4], r->birth_date);
            pga_add(&cols[5], r->postcode);
            pga_add_int(&cols[6], r->pc4);
            pga_add(&cols[7], r->municipality);
            pga_add(&cols[8], r->email);
            pga_add(&cols[9], r->phone);
            pga_add(&cols[10], keys[i]);
            pga_add(&cols[11], r->created_at);
        }
        if (db_prepare(db, PG_SQL, &st))
            die(db, "prepare resident insert");
        for (int c = 0; c < 12; c++)
            db_bind_text(st, c + 1, pga_end(&cols[c]));
        if (db_step_done(st))
            die(db, "resident insert");
        db_done(st);
    }
}

static int64_t max_resident_id(struct db *db)
{
    static const char SQL[] = "SELECT coalesce(max(id), 0) FROM residents";
    struct db_stmt *st;
    bool row = false;
    if (db_prepare(db, SQL, &st) || db_step(st, &row) || !row)
        die(db, "max resident id");
    int64_t id = db_col_int(st, 0);
    db_done(st);
    return id;
}

/* The search words (migration 004) of the residents with an id above
 * after: each word of the search key once (and the parts of hyphenated
 * ones), with the key's start as sort key, as the store writes them. */
static void insert_words(struct db *db, int64_t after)
{
    static const char SQLITE_SQL[] =
        "INSERT OR IGNORE INTO resident_words (word, sort_key, resident_id, municipality)"
        " WITH RECURSIVE split (id, municipality, sort_key, word, rest) AS ("
        " SELECT id, municipality, search_key, '',"
        " search_key || ' ' || replace(search_key, '-', ' ') || ' ' FROM residents WHERE id > $1"
        " UNION ALL SELECT id, municipality, sort_key, substr(rest, 1, instr(rest, ' ') - 1),"
        " substr(rest, instr(rest, ' ') + 1) FROM split WHERE rest <> '')"
        " SELECT word, substr(sort_key, 1, 24), id, municipality FROM split WHERE word <> ''"
        " ORDER BY 1, 2, 3";
    static const char PG_SQL[] =
        "INSERT INTO resident_words (word, sort_key, resident_id, municipality)"
        " SELECT DISTINCT w, substr(r.search_key, 1, 24), r.id, r.municipality"
        " FROM residents r, unnest(string_to_array(r.search_key || ' ' ||"
        " replace(r.search_key, '-', ' '), ' ')) AS w"
        " WHERE r.id > $1 AND w <> ''";
    struct db_stmt *st;
    if (db_prepare(db, db_kind(db) == DB_SQLITE ? SQLITE_SQL : PG_SQL, &st))
        die(db, "prepare word insert");
    db_bind_int(st, 1, after);
    if (db_step_done(st))
        die(db, "word insert");
    db_done(st);
}

static void insert_cases(struct db *db, const struct case_row *rows, int n)
{
    static const char ROW_SQL[] =
        "INSERT INTO cases (resident_id, phase, route, close_reason, case_manager_id, opened_at,"
        " closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    static const char PG_SQL[] =
        "INSERT INTO cases (resident_id, phase, route, close_reason, case_manager_id, opened_at,"
        " closed_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[],"
        " $5::bigint[], $6::text[], $7::text[])";
    struct db_stmt *st;
    if (db_kind(db) == DB_SQLITE) {
        for (int i = 0; i < n; i++) {
            const struct case_row *c = &rows[i];
            if (db_prepare(db, ROW_SQL, &st))
                die(db, "prepare case insert");
            db_bind_int(st, 1, c->resident_id);
            db_bind_text(st, 2, c->phase);
            db_bind_text(st, 3, c->route);
            db_bind_text(st, 4, c->close_reason);
            db_bind_int(st, 5, c->manager);
            db_bind_text(st, 6, c->opened_at);
            if (c->closed)
                db_bind_text(st, 7, c->closed_at);
            else
                db_bind_null(st, 7);
            if (db_step_done(st))
                die(db, "case insert");
            db_done(st);
        }
        return;
    }
    for (int from = 0; from < n; from += CHUNK) {
        int to = from + CHUNK < n ? from + CHUNK : n;
        for (int k = 0; k < 7; k++)
            pga_start(&cols[k]);
        for (int i = from; i < to; i++) {
            const struct case_row *c = &rows[i];
            pga_add_int(&cols[0], c->resident_id);
            pga_add(&cols[1], c->phase);
            pga_add(&cols[2], c->route);
            pga_add(&cols[3], c->close_reason);
            pga_add_int(&cols[4], c->manager);
            pga_add(&cols[5], c->opened_at);
            pga_add(&cols[6], c->closed ? c->closed_at : NULL);
        }
        if (db_prepare(db, PG_SQL, &st))
            die(db, "prepare case insert");
        for (int k = 0; k < 7; k++)
            db_bind_text(st, k + 1, pga_end(&cols[k]));
        if (db_step_done(st))
            die(db, "case insert");
        db_done(st);
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_fill --db URL --data DIR --residents N [--cases M] "
                    "[--names FILE] [--seed S]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *url = NULL, *data = NULL, *names_path = NULL;
    int64_t want_residents = -1, want_cases = -1;
    rng_state = 20260101;
    for (int i = 1; i < argc; i += 2) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        if (strcmp(argv[i], "--db") == 0)
            url = v;
        else if (strcmp(argv[i], "--data") == 0)
            data = v;
        else if (strcmp(argv[i], "--residents") == 0)
            want_residents = strtoll(v, NULL, 10);
        else if (strcmp(argv[i], "--cases") == 0)
            want_cases = strtoll(v, NULL, 10);
        else if (strcmp(argv[i], "--names") == 0)
            names_path = v;
        else if (strcmp(argv[i], "--seed") == 0)
            rng_state = strtoull(v, NULL, 10);
        else
            usage();
    }
    if (!url || !data || want_residents < 0)
        usage();
    if (want_cases < 0)
        want_cases = 2 * want_residents;

    struct arena ref;
    arena_init(&ref);
    struct refdata_pc4 *pc4s;
    struct refdata_first_name *firsts;
    struct refdata_last_name *lasts;
    int npc4, nfirst, nlast;
    if (refdata_pc4s(&ref, data, REGION_CODES, (int)NREGION, &pc4s, &npc4) ||
        refdata_first_names(&ref, data, &firsts, &nfirst) ||
        refdata_last_names(&ref, data, &lasts, &nlast) || npc4 == 0 || nfirst == 0 || nlast == 0) {
        fprintf(stderr, "bench_fill: cannot read the reference data in %s\n", data);
        return 1;
    }
    if (names_path) {
        FILE *f = fopen(names_path, "w");
        if (!f) {
            perror(names_path);
            return 1;
        }
        for (int i = 0; i < nlast; i++)
            url_encode_line(f, lasts[i].name);
        fclose(f);
    }

    struct db *db;
    if (db_open(url, false, &db))
        return 1;
    /* Loader-only connection settings (they last for this connection only):
     * a large page cache for the random-key indexes, and no wait for the
     * disk on each batch commit. The server's own settings are untouched. */
    if (db_kind(db) == DB_SQLITE) {
        if (db_exec(db, "PRAGMA cache_size=-1048576; PRAGMA synchronous=OFF;"))
            die(db, "pragma");
    } else if (db_exec(db, "SET synchronous_commit = off")) {
        die(db, "set");
    }

    int64_t manager = scalar(db, "SELECT id FROM users WHERE username = $1", "km.regio");
    if (!manager) {
        fprintf(stderr, "bench_fill: user km.regio not found: run werkroute demo first\n");
        return 1;
    }
    int64_t have_residents = scalar(db, "SELECT count(*) FROM residents", NULL);
    int64_t have_cases = scalar(db, "SELECT count(*) FROM cases", NULL);

    /* The demo draws its BSN prefixes at random over 0..99999999, so there is
     * no room for a million sequential prefixes above the highest one: take
     * sequential prefixes from 10000000 on, above that of the demo where
     * there is room, and skip every one the demo already used. */
    bsn_set_init((size_t)have_residents);
    uint32_t max_prefix = 0;
    {
        static const char SQL[] = "SELECT bsn FROM residents";
        struct db_stmt *st;
        bool row;
        if (db_prepare(db, SQL, &st))
            die(db, SQL);
        while (!db_step(st, &row) && row) {
            uint32_t v = (uint32_t)strtoul(db_col_text(st, 0), NULL, 10);
            bsn_set_add(v / 10);
            if (v / 10 > max_prefix)
                max_prefix = v / 10;
        }
        db_done(st);
    }
    int64_t add_residents = want_residents > have_residents ? want_residents - have_residents : 0;
    int64_t add_cases = want_cases > have_cases ? want_cases - have_cases : 0;
    uint32_t prefix = 10000000;
    if ((int64_t)(99999999u - max_prefix) > add_residents * 12 / 10 + 100)
        prefix = max_prefix + 1;
    printf("bench_fill: database has %lld residents, %lld cases; adding %lld residents, %lld "
           "cases (BSN prefixes from %08u)\n",
           (long long)have_residents, (long long)have_cases, (long long)add_residents,
           (long long)add_cases, prefix);
    fflush(stdout);

    /* ---- Residents ---- */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct resident *rows = calloc(BATCH, sizeof(*rows));
    static const char *keys[BATCH];
    struct case_row *crows = calloc(BATCH, sizeof(*crows));
    if (!rows || !crows)
        abort();
    int64_t done = 0;
    while (done < add_residents) {
        struct arena a;
        arena_init(&a);
        int n = (int)(add_residents - done < BATCH ? add_residents - done : BATCH);
        for (int i = 0; i < n; i++) {
            struct resident *r = &rows[i];
            memset(r, 0, sizeof(*r));
            char bsn[10];
            for (;;) {
                uint32_t p = prefix++;
                if (p > 99999999u) {
                    fprintf(stderr, "bench_fill: out of BSN prefixes\n");
                    return 1;
                }
                if (!bsn_set_has(p) && bsn_complete(p, bsn))
                    break;
            }
            r->bsn = arena_strdup(&a, bsn);
            r->first_name = firsts[rng_below((uint32_t)nfirst)].name;
            const struct refdata_last_name *ln = &lasts[rng_below((uint32_t)nlast)];
            r->prefix = ln->prefix;
            r->last_name = ln->name;
            int year = 1960 + (int)rng_below(47), month = 1 + (int)rng_below(12),
                day = 1 + (int)rng_below(28);
            r->birth_date = arena_printf(&a, "%04d-%02d-%02d", year, month, day);
            const struct refdata_pc4 *pc = &pc4s[rng_below((uint32_t)npc4)];
            char l1, l2;
            do {
                l1 = (char)('A' + rng_below(26));
                l2 = (char)('A' + rng_below(26));
            } while (l1 == 'S' && (l2 == 'A' || l2 == 'D' || l2 == 'S'));
            r->postcode = arena_printf(&a, "%04d %c%c", pc->pc4, l1, l2);
            r->pc4 = pc->pc4;
            r->municipality = pc->municipality;
            char first[64], last[96], full_last[96];
            ascii_lower(first, sizeof(first), r->first_name);
            snprintf(full_last, sizeof(full_last), "%s%s", r->prefix, r->last_name);
            ascii_lower(last, sizeof(last), full_last);
            r->email = *first && *last && rng_below(100) < 65
                           ? arena_printf(&a, "%s.%s@example.nl", first, last)
                           : "";
            r->phone = rng_below(100) < 60 ? arena_printf(&a, "06%08u", rng_below(100000000)) : "";
            char now[TS_SIZE];
            random_timestamp(now);
            r->created_at = r->updated_at = arena_strdup(&a, now);
            /* The same folded key the door stores (door.c, resident create). */
            keys[i] = resident_search_key(&a, r);
        }
        if (db_begin(db, true))
            die(db, "begin");
        int64_t last_id = max_resident_id(db);
        insert_residents(db, rows, keys, n);
        insert_words(db, last_id);
        if (db_commit(db))
            die(db, "commit");
        arena_release(&a);
        done += n;
        if (done % 100000 == 0 || done == add_residents) {
            fprintf(stderr, "\r  residents %lld/%lld", (long long)done, (long long)add_residents);
            if (done == add_residents)
                fputc('\n', stderr);
        }
    }
    double tr = seconds_since(&t0);
    printf("bench_fill: residents: %lld rows in %.1f s = %.0f rows/s\n", (long long)add_residents,
           tr, tr > 0 ? (double)add_residents / tr : 0.0);
    fflush(stdout);

    int64_t *ids = malloc(sizeof(*ids) * (size_t)(add_residents + have_residents + 1));
    if (!ids)
        abort();
    int64_t nids = 0;
    {
        static const char SQL[] = "SELECT id FROM residents ORDER BY id";
        struct db_stmt *st;
        bool row;
        if (db_prepare(db, SQL, &st))
            die(db, SQL);
        while (!db_step(st, &row) && row)
            ids[nids++] = db_col_int(st, 0);
        db_done(st);
    }

    /* ---- Cases: spread evenly over the residents and the six phases ---- */
    static const char *const routes[] = {"werk", "ontwikkelen", "ondersteuning", "beschut"};
    static const char *const reasons[] = {"werk", "opleiding", "verhuisd", "zorg", "anders"};
    clock_gettime(CLOCK_MONOTONIC, &t0);
    done = 0;
    while (done < add_cases) {
        int n = (int)(add_cases - done < BATCH ? add_cases - done : BATCH);
        for (int i = 0; i < n; i++) {
            struct case_row *c = &crows[i];
            enum case_phase phase = (enum case_phase)rng_below(CASE_PHASE_COUNT);
            c->resident_id = ids[(done + i) % nids];
            c->phase = case_phase_name(phase);
            c->route = phase >= CASE_PLAN ? routes[rng_below(4)] : "";
            c->close_reason = phase == CASE_AFGESLOTEN ? reasons[rng_below(5)] : "";
            c->manager = manager;
            random_timestamp(c->opened_at);
            c->closed = phase == CASE_AFGESLOTEN;
            snprintf(c->closed_at, sizeof(c->closed_at), "%.4s-12-31T12:00:00Z", c->opened_at);
        }
        if (db_begin(db, true))
            die(db, "begin");
        insert_cases(db, crows, n);
        if (db_commit(db))
            die(db, "commit");
        done += n;
        if (done % 100000 == 0 || done == add_cases) {
            fprintf(stderr, "\r  cases %lld/%lld", (long long)done, (long long)add_cases);
            if (done == add_cases)
                fputc('\n', stderr);
        }
    }
    double tc = seconds_since(&t0);
    printf("bench_fill: cases: %lld rows in %.1f s = %.0f rows/s\n", (long long)add_cases, tc,
           tc > 0 ? (double)add_cases / tc : 0.0);
    fflush(stdout);
    free(rows);
    free(crows);

    /* PostgreSQL: what autovacuum would do shortly after such a load anyway
     * (planner statistics, visibility map). SQLite is left as the server
     * finds a database in use: werkroute does not run ANALYZE itself. */
    if (db_kind(db) == DB_POSTGRESQL) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (db_exec(db, "VACUUM ANALYZE"))
            die(db, "vacuum analyze");
        printf("bench_fill: VACUUM ANALYZE in %.1f s\n", seconds_since(&t0));
    }
    printf("bench_fill: total %lld residents (ids %lld..%lld), %lld cases; max resident id %lld\n",
           (long long)nids, (long long)(nids ? ids[0] : 0), (long long)(nids ? ids[nids - 1] : 0),
           (long long)(have_cases + add_cases), (long long)(nids ? ids[nids - 1] : 0));
    free(ids);
    free(bsn_slots);
    db_close(db);
    arena_release(&ref);
    return 0;
}
