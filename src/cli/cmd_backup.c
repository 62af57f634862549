/* werkroute backup: a consistent copy of a SQLite database, also while the
 * server writes it (SQLite's online backup, db_backup). The copy goes to a
 * temporary file beside the target, is checked with PRAGMA integrity_check
 * and only then moved into place: never a partial or damaged file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "db.h"
#include "cli_audit.h"
#include "transfer.h"
#include "banned.h"

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* remove_copy removes the temporary copy and what SQLite kept beside it. */
static void remove_copy(const char *tmp)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        char p[PATH_MAX + 16];
        snprintf(p, sizeof(p), "%s%s", tmp, suffixes[i]);
        unlink(p);
    }
}

/* check_copy runs PRAGMA integrity_check on the copy and counts its rows
 * into report; 0 when it is sound. */
static int check_copy(const char *tmp, struct transfer_report *report)
{
    static const char INTEGRITY[] = "PRAGMA integrity_check";
    char url[PATH_MAX + 16];
    snprintf(url, sizeof(url), "sqlite:%s", tmp);
    struct db *db;
    if (db_open(url, false, &db))
        return 1;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, INTEGRITY, &st);
    int problems = 0;
    if (!rc) {
        bool row;
        while (!(rc = db_step(st, &row)) && row) {
            const char *line = db_col_text(st, 0);
            if (strcmp(line, "ok") != 0 && problems++ < 10)
                fprintf(stderr, "werkroute: integrity check of the copy: %s\n", line);
        }
        db_done(st);
    }
    if (!rc && !problems)
        rc = transfer_count(db, report);
    db_close(db);
    if (rc)
        fprintf(stderr, "werkroute: checking the copy failed: %s\n", rc_name(rc));
    return rc || problems;
}

/* place moves the checked copy to its name. Without force a hard link
 * claims the name atomically, so a file that appeared meanwhile is not
 * replaced either. Then the directory is synced: the new name is durable. */
static int place(const char *tmp, const char *to, bool force)
{
    int r = force ? rename(tmp, to) : link(tmp, to);
    if (r != 0 && !force && errno != EEXIST && !exists(to))
        r = rename(tmp, to); /* a file system without hard links */
    if (r != 0) {
        fprintf(stderr, "werkroute: %s: %s%s\n", to, strerror(errno),
                errno == EEXIST ? " (pass --force to replace it)" : "");
        return 1;
    }
    if (!force)
        unlink(tmp);
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", to);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return 0;
}

static void print_report(const char *from, const char *to, const struct transfer_report *report,
                         double seconds)
{
    struct stat st;
    long long size = stat(to, &st) == 0 ? (long long)st.st_size : -1;
    printf("werkroute: backup of %s written to %s: %lld bytes (%.1f MB), integrity ok, "
           "%.2f s\n",
           from, to, size, (double)size / 1e6, seconds);
    printf("%-32s %12s\n", "table", "rows");
    for (int i = 0; i < report->ntables; i++)
        printf("%-32s %12lld\n", report->tables[i].name, (long long)report->tables[i].rows);
}

int cmd_backup(int argc, char **argv)
{
    struct config cfg;
    int r = config_parse(&cfg, CMD_BACKUP, argc, argv);
    if (r == 1) {
        config_usage(stdout, CMD_BACKUP, "backup");
        printf("\nCopies a SQLite database, also while werkroute serves it, to a new file.\n"
               "For PostgreSQL use pg_dump or pg_basebackup (see README).\n");
        return 0;
    }
    if (r)
        return r;
    if (db_url_is_postgresql(cfg.db)) {
        fprintf(stderr,
                "werkroute: backup copies SQLite databases only; back up PostgreSQL with its own "
                "tools: pg_dump -Fc for a consistent logical copy (restore with pg_restore), or "
                "pg_basebackup with WAL archiving for point-in-time recovery (README, \"Where "
                "data lives, and backups\")\n");
        return 2;
    }
    if (strncmp(cfg.db, "sqlite:", 7) != 0) {
        fprintf(stderr, "werkroute: %s: expected sqlite:PATH\n", cfg.db);
        return 2;
    }
    if (!cfg.to || !*cfg.to) {
        fprintf(stderr, "werkroute: backup needs --to FILE\n");
        return 2;
    }
    const char *to = cfg.to;
    if (exists(to) && !cfg.force) {
        fprintf(stderr, "werkroute: %s exists (pass --force to replace it)\n", to);
        return 1;
    }
    /* A -wal beside an old file would be replayed into the new one. */
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof(wal), "%s-wal", to);
    if (exists(wal)) {
        fprintf(stderr, "werkroute: %s exists: %s is in use or was not closed cleanly\n", wal, to);
        return 1;
    }
    char tmp[PATH_MAX];
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", to) >= sizeof(tmp) - 8) {
        fprintf(stderr, "werkroute: %s: name too long\n", to);
        return 2;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct db *src;
    if (db_open(cfg.db, false, &src))
        return 1;
    int fd = mkstemp(tmp); /* mode 0600: the copy holds personal data */
    if (fd < 0) {
        fprintf(stderr, "werkroute: %s: %s\n", tmp, strerror(errno));
        db_close(src);
        return 1;
    }
    close(fd);
    enum rc rc = db_backup(src, tmp);
    struct transfer_report report;
    if (rc || check_copy(tmp, &report) || place(tmp, to, cfg.force)) {
        db_close(src);
        remove_copy(tmp);
        fprintf(stderr, "werkroute: backup failed; %s was not written\n", to);
        return 1;
    }
    /* The live database records that a full copy left it. */
    rc = cli_audit_record(src, "store.backup", "backup");
    db_close(src);
    if (rc)
        fprintf(stderr,
                "werkroute: the backup was written, but recording it in the audit log "
                "failed (%s)\n",
                rc_name(rc));
    print_report(cfg.db + 7, to, &report, seconds_since(&t0));
    return rc ? 1 : 0;
}
