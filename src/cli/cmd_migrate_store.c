/* werkroute migrate-store: copy a whole database into a new, empty one,
 * typically SQLite to PostgreSQL (transfer.h). The target gets its schema
 * from its own migrations; both must be at the same version. The source
 * must not be written meanwhile: stop werkroute first. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli_audit.h"
#include "commands.h"
#include "config.h"
#include "store.h"
#include "transfer.h"
#include "banned.h"

static void print_checksum(const unsigned char *sum)
{
    /* 64 bits identify a table's content well enough for the eye; the
     * comparison uses all 256. */
    for (int i = 0; i < 8; i++)
        printf("%02x", sum[i]);
}

static void print_report(const struct transfer_report *report)
{
    printf("%-30s %10s %10s  %-16s  %s\n", "table", "rows", "copied", "checksum", "check");
    for (int i = 0; i < report->ntables; i++) {
        const struct transfer_table *t = &report->tables[i];
        bool ok = transfer_table_ok(t);
        printf("%-30s %10lld %10lld  ", t->name, (long long)t->rows, (long long)t->target_rows);
        print_checksum(t->checksum);
        printf("  %s", ok ? "OK" : "MISMATCH, target ");
        if (!ok)
            print_checksum(t->target_checksum);
        printf("\n");
    }
}

/* check_source brings the source to this program's schema version when
 * asked, else refuses a source that is behind or ahead. */
static int check_source(struct store *src, bool migrate, int *version)
{
    int latest = store_latest_version();
    if (store_schema_version(src, version))
        return 1;
    if (*version == 0) {
        fprintf(stderr, "werkroute: the source holds no werkroute database\n");
        return 1;
    }
    if (*version > latest) {
        fprintf(stderr, "werkroute: the source schema (%d) is newer than this program (%d)\n",
                *version, latest);
        return 1;
    }
    if (*version < latest && !migrate) {
        fprintf(stderr,
                "werkroute: the source schema (%d) is behind this program (%d); pass "
                "--migrate-source to migrate it first\n",
                *version, latest);
        return 1;
    }
    if (*version < latest) {
        int applied = 0;
        if (store_migrate(src, &applied) || store_schema_version(src, version))
            return 1;
        fprintf(stderr, "werkroute: source: applied %d migration(s)\n", applied);
    }
    return 0;
}

/* prepare_target refuses a target with rows (before its migrations touch
 * it), then creates or updates its schema with its own migrations. */
static int prepare_target(struct store *dst, int version)
{
    struct db *db = store_acquire(dst);
    enum rc rc = transfer_check_empty(db);
    store_release(dst, db);
    if (rc)
        return 1;
    int applied = 0, target_version = 0;
    if (store_migrate(dst, &applied) || store_schema_version(dst, &target_version))
        return 1;
    if (applied)
        fprintf(stderr, "werkroute: target: applied %d migration(s)\n", applied);
    if (target_version != version) {
        fprintf(stderr, "werkroute: the target schema (%d) differs from the source (%d)\n",
                target_version, version);
        return 1;
    }
    return 0;
}

int cmd_migrate_store(int argc, char **argv)
{
    struct config cfg;
    int r = config_parse(&cfg, CMD_MIGRATE_STORE, argc, argv);
    if (r == 1) {
        config_usage(stdout, CMD_MIGRATE_STORE, "migrate-store");
        printf("\nCopies every table of the source into a new, empty target database, keeping\n"
               "the ids, in one transaction, and verifies each table's rows and checksum.\n"
               "Stop werkroute first: the source must not be written during the move.\n");
        return 0;
    }
    if (r)
        return r;
    if (!cfg.from || !*cfg.from || !cfg.to || !*cfg.to) {
        fprintf(stderr, "werkroute: migrate-store needs --from DB and --to DB\n");
        return 2;
    }
    if (!strcmp(cfg.from, cfg.to)) {
        fprintf(stderr, "werkroute: --from and --to name the same database\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct store *src = NULL, *dst = NULL;
    int status = 1, version = 0;
    if (store_open(cfg.from, 1, false, &src) || check_source(src, cfg.migrate_source, &version))
        goto out;
    /* create: a missing target file or PostgreSQL database is made. */
    if (store_open(cfg.to, 1, true, &dst) || prepare_target(dst, version))
        goto out;
    struct db *from = store_acquire(src), *to = store_acquire(dst);
    struct transfer_report report;
    enum rc rc = transfer_copy(from, to, &report);
    store_release(dst, to);
    store_release(src, from);
    if (report.ntables)
        print_report(&report);
    if (rc) {
        fprintf(stderr,
                "werkroute: migrate-store failed (%s); no rows were written to the target\n",
                rc_name(rc));
        goto out;
    }
    /* The new home of the data records where it came from (the kind of
     * store only: a URL may hold a password). */
    to = store_acquire(dst);
    rc = cli_audit_record(to, "store.migrate",
                          db_url_is_postgresql(cfg.from) ? "from_postgresql" : "from_sqlite");
    store_release(dst, to);
    if (rc) {
        fprintf(stderr,
                "werkroute: the rows were copied and verified, but recording the move in "
                "the audit log failed (%s)\n",
                rc_name(rc));
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long rows = 0;
    for (int i = 0; i < report.ntables; i++)
        rows += report.tables[i].rows;
    printf("werkroute: copied %lld rows in %d tables at schema version %d in %.2f s; all "
           "verified\n",
           rows, report.ntables, version,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    printf("werkroute: next: start werkroute serve with --db set to the target\n");
    status = 0;
out:
    store_close(dst);
    store_close(src);
    return status;
}
