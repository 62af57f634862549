/* The settings of every subcommand in one declarative table: name, type,
 * default, bounds, environment variable, whether secret (redis's
 * static_configs). One parser for flags and environment, one validator, one
 * dump of the effective settings with secrets masked. Flags beat the
 * environment, which beats the default. */
#ifndef WR_CONFIG_H
#define WR_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum command {
    CMD_INIT = 1 << 0,
    CMD_DEMO = 1 << 1,
    CMD_SERVE = 1 << 2,
    CMD_BACKUP = 1 << 3,
    CMD_MIGRATE_STORE = 1 << 4,
    CMD_IMPORT = 1 << 5,
    CMD_MATCH = 1 << 6,
};

struct config {
    const char *db;
    const char *data;
    const char *listen;
    uint64_t threads;
    uint64_t max_body;
    uint64_t connection_timeout;
    uint64_t per_ip_connections;
    uint64_t session_idle_minutes;
    uint64_t session_max_hours;
    bool secure_cookies;
    const char *password;
    uint64_t seed;
    bool print_config;
    const char *from;      /* migrate-store: the source database */
    const char *to;        /* backup: the file; migrate-store: the target database */
    bool force;            /* backup: replace an existing file */
    bool migrate_source;   /* migrate-store: migrate a source that is behind */
    uint64_t per_resident; /* match: workplaces per resident */
    const char *out;       /* match: the CSV file ("" or unset: standard output) */
};

/* config_parse fills cfg for command from argv (after the subcommand name)
 * and the environment. Returns 0, or 2 after printing a usage error, or 1
 * when --help was asked (help printed). */
int config_parse(struct config *cfg, enum command command, int argc, char **argv);
/* config_usage prints the options of command with defaults and env names. */
void config_usage(FILE *out, enum command command, const char *name);
/* config_dump prints the effective settings, secrets masked. */
void config_dump(FILE *out, const struct config *cfg, enum command command);
/* config_default_data is the data directory beside the checkout. */
const char *config_default_data(void);

#endif
