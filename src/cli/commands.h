/* The subcommands of the werkroute binary; each returns the exit status. */
#ifndef WR_COMMANDS_H
#define WR_COMMANDS_H

#include <stdbool.h>

int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_migrate_store(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_match(int argc, char **argv);

/* open_store opens and migrates the database for a command; NULL (message
 * printed) on failure. create allows a new SQLite file. */
struct store;
struct store *open_store(const char *url, unsigned pool, bool create);

#endif
