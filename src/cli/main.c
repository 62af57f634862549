/* werkroute: the one binary. Wires the subcommands. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "banned.h"

static void usage(FILE *out)
{
    fprintf(out,
            "werkroute %s - the shared work system of a region\n\n"
            "usage: werkroute COMMAND [options]\n\n"
            "commands:\n"
            "  init    create or migrate a database and its admin user\n"
            "  demo    fill a new database with a demo region\n"
            "  serve   serve the pages and the JSON API\n"
            "  backup  copy a SQLite database while it is served\n"
            "  import  load reference data: import esco DIR (occupations and skills)\n"
            "  match   the best workplaces for every resident in matching, as CSV\n"
            "  migrate-store\n"
            "          copy a whole database into a new one (SQLite to PostgreSQL)\n\n"
            "werkroute COMMAND --help lists the options of a command.\n",
            WR_VERSION);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("werkroute %s\n", WR_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "init"))
        return cmd_init(argc - 2, argv + 2);
    if (!strcmp(cmd, "demo"))
        return cmd_demo(argc - 2, argv + 2);
    if (!strcmp(cmd, "serve"))
        return cmd_serve(argc - 2, argv + 2);
    if (!strcmp(cmd, "backup"))
        return cmd_backup(argc - 2, argv + 2);
    if (!strcmp(cmd, "migrate-store"))
        return cmd_migrate_store(argc - 2, argv + 2);
    if (!strcmp(cmd, "import"))
        return cmd_import(argc - 2, argv + 2);
    if (!strcmp(cmd, "match"))
        return cmd_match(argc - 2, argv + 2);
    fprintf(stderr, "werkroute: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
