/* werkroute import esco DIR: load the ESCO classification (occupations,
 * skills, their relations and hierarchy, skill and ISCO groups) from the
 * shared copy or the ESCO CSV download into the database (esco.h). Running
 * it again with the same files leaves the same rows. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "config.h"
#include "esco.h"
#include "pc4_areas.h"
#include "store.h"
#include "banned.h"

static void usage(FILE *out)
{
    config_usage(out, CMD_IMPORT, "import esco DIR | import postcodes DIR");
    fprintf(out,
            "\nLoads ESCO from DIR into the database, in one transaction: the shared copy\n"
            "(esco_*.tsv and isco08_groups.tsv, see data/SOURCES.md) or the ESCO CSV\n"
            "download (occupations_nl.csv, occupations_en.csv, skills_nl.csv, ...), which\n"
            "is used when DIR has occupations_nl.csv or occupations_en.csv. Running it again\n"
            "updates the same rows. Prints the rows of every ESCO table.\n\n"
            "import postcodes DIR loads the centres of the four-digit postcode areas from\n"
            "DIR/pc4_centroids.tsv, for the travel distance in matching (one transaction).\n\n"
            "%s\n",
            ESCO_ATTRIBUTION);
}

static void print_report(const char *dir, const struct esco_import_report *r)
{
    const struct esco_counts *c = &r->counts;
    printf("werkroute: imported ESCO from %s (%s) in %.1f s\n", dir,
           r->official_layout ? "the ESCO CSV download" : "the shared TSV copy", r->seconds);
    const struct {
        const char *table;
        int64_t rows;
    } rows[] = {
        {"esco_occupations", c->occupations},
        {"esco_skills", c->skills},
        {"esco_occupation_skills", c->relations},
        {"esco_skill_broader", c->broader},
        {"esco_skill_groups", c->skill_groups},
        {"esco_isco_groups", c->isco_groups},
        {"esco_labels", c->labels},
        {"esco_words", c->words},
    };
    printf("%-28s %10s\n", "table", "rows");
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        printf("%-28s %10lld\n", rows[i].table, (long long)rows[i].rows);
    printf("relations skipped (unknown occupation or skill, or repeated): %lld\n",
           (long long)r->skipped_relations);
    printf("skills with only an English label (shown with their skill group): %lld\n",
           (long long)r->english_only_skills);
    printf("%s\n", ESCO_ATTRIBUTION);
}

int cmd_import(int argc, char **argv)
{
    for (int i = 0; i < argc && i < 2; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
    }
    bool postcodes = argc >= 1 && strcmp(argv[0], "postcodes") == 0;
    if (argc < 1 || (strcmp(argv[0], "esco") != 0 && !postcodes)) {
        fprintf(stderr, "werkroute: import: expected 'import esco DIR' or 'import postcodes DIR'"
                        " (see import --help)\n");
        return 2;
    }
    if (argc < 2 || strncmp(argv[1], "--", 2) == 0) {
        fprintf(stderr, "werkroute: import %s: expected the directory with the %s\n", argv[0],
                postcodes ? "file pc4_centroids.tsv" : "ESCO files");
        return 2;
    }
    const char *dir = argv[1];
    struct config cfg;
    int r = config_parse(&cfg, CMD_IMPORT, argc - 2, argv + 2);
    if (r == 1) {
        usage(stdout);
        return 0;
    }
    if (r)
        return r;
    struct store *s = open_store(cfg.db, 1, false);
    if (!s)
        return 1;
    if (postcodes) {
        int n = 0;
        enum rc prc = pc4_areas_load(s, dir, &n);
        store_close(s);
        if (prc) {
            fprintf(stderr, "werkroute: import postcodes failed (%s); the database was not changed\n",
                    rc_name(prc));
            return 1;
        }
        printf("werkroute: imported %d PC4 areas from %s/pc4_centroids.tsv (GeoNames, CC BY 4.0)\n",
               n, dir);
        return 0;
    }
    struct db *db = store_acquire(s);
    struct esco_import_report report;
    enum rc rc = esco_import(db, dir, &report);
    store_release(s, db);
    store_close(s);
    if (rc) {
        fprintf(stderr, "werkroute: import esco failed (%s); the database was not changed\n",
                rc_name(rc));
        return 1;
    }
    print_report(dir, &report);
    return 0;
}
