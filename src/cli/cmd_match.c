/* werkroute match: the matching batch of the whole region. For every
 * resident in the matching index the best workplaces, best first, as CSV
 * (case_id, resident_id, vacancy_id, rank, score, distance_km) on standard
 * output or in a file. It runs as the system through the one door
 * (door_match_batch), which notes the run in the audit log. A file is
 * written beside its name and renamed into place when complete: never a
 * partial file. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "door_match.h"
#include "store.h"
#include "banned.h"

struct batch_out {
    FILE *f;
    bool failed;
};

static void write_row(void *arg, int64_t case_id, int64_t resident_id, int64_t vacancy_id, int rank,
                      float score, float distance_km)
{
    struct batch_out *o = arg;
    if (o->failed)
        return;
    if (fprintf(o->f, "%lld,%lld,%lld,%d,%.2f,%.1f\n", (long long)case_id, (long long)resident_id,
                (long long)vacancy_id, rank, (double)score, (double)distance_km) < 0)
        o->failed = true;
}

static void usage(FILE *out)
{
    config_usage(out, CMD_MATCH, "match");
    fprintf(out,
            "\nWrites, for every resident in matching (an active case on route werk,\n"
            "ontwikkelen or beschut, an intake with hours, a confirmed availability), the\n"
            "best open workplaces as CSV: a header row, then case_id, resident_id,\n"
            "vacancy_id, rank, score (0-100), distance_km; comma-separated, a point as the\n"
            "decimal sign, ordered by resident and rank. The run is noted in the audit log.\n");
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Opens where the CSV goes: standard output, or a private temporary file
 * beside path (its name in tmp). */
static FILE *open_out(const char *path, char tmp[PATH_MAX])
{
    if (!path || !*path)
        return stdout;
    if ((size_t)snprintf(tmp, PATH_MAX, "%s.tmp-XXXXXX", path) >= PATH_MAX) {
        fprintf(stderr, "werkroute: %s: name too long\n", path);
        return NULL;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "werkroute: %s: %s\n", tmp, strerror(errno));
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        fprintf(stderr, "werkroute: %s: %s\n", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
    }
    return f;
}

/* Closes the output; a complete file is synced and moved to path, else
 * removed. 0 on success. */
static int close_out(FILE *f, const char *path, const char *tmp, bool complete)
{
    if (f == stdout)
        return fflush(stdout) == 0 && complete ? 0 : 1;
    bool ok = complete && fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = fclose(f) == 0 && ok;
    if (ok && rename(tmp, path) == 0)
        return 0;
    if (complete)
        fprintf(stderr, "werkroute: %s: %s; nothing was written\n", path, strerror(errno));
    unlink(tmp);
    return 1;
}

int cmd_match(int argc, char **argv)
{
    struct config cfg;
    int r = config_parse(&cfg, CMD_MATCH, argc, argv);
    if (r == 1) {
        usage(stdout);
        return 0;
    }
    if (r)
        return r;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct store *s = open_store(cfg.db, 1, false);
    if (!s)
        return 1;
    char tmp[PATH_MAX] = "";
    struct batch_out out = {.f = open_out(cfg.out, tmp)};
    if (!out.f) {
        store_close(s);
        return 1;
    }
    /* No person runs it: the system, noted with the operating-system user. */
    const char *who = getenv("SUDO_USER");
    if (!who || !*who)
        who = getenv("USER");
    struct policy_actor actor = {.system = true};
    struct arena a;
    arena_init(&a);
    struct door d;
    door_init(&d, s, &a, &actor, who ? who : "", "");
    struct match_stats stats = {0};
    int64_t residents = 0, rows = 0;
    enum rc rc = door_match_build(&d, &stats);
    if (!rc && fputs("case_id,resident_id,vacancy_id,rank,score,distance_km\n", out.f) < 0)
        out.failed = true;
    if (!rc && !out.failed)
        rc = door_match_batch(&d, (int)cfg.per_resident, write_row, &out, &residents, &rows);
    door_release(&d);
    arena_release(&a);
    store_close(s);
    if (rc)
        fprintf(stderr, "werkroute: match failed (%s)\n", rc_name(rc));
    else if (out.failed)
        fprintf(stderr, "werkroute: match: writing the CSV failed: %s\n", strerror(errno));
    int status = close_out(out.f, cfg.out, tmp, !rc && !out.failed);
    if (status)
        return 1;
    fprintf(stderr, "werkroute: match: %lld residents against %lld workplaces, %lld rows, %.2f s\n",
            (long long)residents, (long long)stats.workplaces, (long long)rows, seconds_since(&t0));
    return 0;
}
