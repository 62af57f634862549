#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

enum option_type { OPT_STRING, OPT_UINT, OPT_BOOL };

struct option_def {
    const char *name;
    enum option_type type;
    const char *def;
    uint64_t min, max;
    const char *env;
    bool secret;
    unsigned commands;
    size_t offset;
    const char *help;
};

#define WITH_DB (CMD_INIT | CMD_DEMO | CMD_SERVE | CMD_BACKUP | CMD_IMPORT | CMD_MATCH)
#define OFF(field) offsetof(struct config, field)

static const struct option_def options[] = {
    {"db", OPT_STRING, "sqlite:werkroute.db", 0, 0, "WERKROUTE_DB", false, WITH_DB, OFF(db),
     "database: sqlite:PATH or postgresql://USER@HOST:PORT/DATABASE"},
    {"data", OPT_STRING, NULL, 0, 0, "WERKROUTE_DATA", false, CMD_DEMO | CMD_SERVE, OFF(data),
     "reference data directory (municipalities, postcodes, names)"},
    {"listen", OPT_STRING, "127.0.0.1:8080", 0, 0, "WERKROUTE_LISTEN", false, CMD_SERVE,
     OFF(listen), "address:port to serve on (port 0 picks a free one)"},
    {"threads", OPT_UINT, "16", 1, 256, "WERKROUTE_THREADS", false, CMD_SERVE, OFF(threads),
     "worker threads and database connections; reads wait for their audit record, so more threads "
     "let more reads share one commit"},
    {"max-body", OPT_UINT, "1048576", 1024, 67108864, "WERKROUTE_MAX_BODY", false, CMD_SERVE,
     OFF(max_body), "largest request body in bytes; larger gets 413"},
    {"connection-timeout", OPT_UINT, "30", 1, 3600, "WERKROUTE_CONNECTION_TIMEOUT", false,
     CMD_SERVE, OFF(connection_timeout), "seconds an idle connection is kept"},
    {"per-ip-connections", OPT_UINT, "256", 1, 100000, "WERKROUTE_PER_IP_CONNECTIONS", false,
     CMD_SERVE, OFF(per_ip_connections), "open connections allowed per client address"},
    {"session-idle-minutes", OPT_UINT, "30", 1, 1440, "WERKROUTE_SESSION_IDLE_MINUTES", false,
     CMD_SERVE, OFF(session_idle_minutes), "a session ends after this long unused"},
    {"session-max-hours", OPT_UINT, "10", 1, 168, "WERKROUTE_SESSION_MAX_HOURS", false, CMD_SERVE,
     OFF(session_max_hours), "a session ends this long after login"},
    {"secure-cookies", OPT_BOOL, "false", 0, 1, "WERKROUTE_SECURE_COOKIES", false, CMD_SERVE,
     OFF(secure_cookies), "mark cookies Secure (serve behind TLS)"},
    {"password", OPT_STRING, NULL, 0, 0, "WERKROUTE_DEMO_PASSWORD", true, CMD_DEMO, OFF(password),
     "password of every demo user (else a random one is printed)"},
    {"seed", OPT_UINT, "20261125", 0, UINT64_MAX, "WERKROUTE_DEMO_SEED", false, CMD_DEMO, OFF(seed),
     "random seed of the demo region"},
    {"to", OPT_STRING, NULL, 0, 0, NULL, false, CMD_BACKUP, OFF(to),
     "file to write the copy to (required)"},
    {"force", OPT_BOOL, "false", 0, 1, NULL, false, CMD_BACKUP, OFF(force),
     "replace the file when it exists"},
    {"from", OPT_STRING, NULL, 0, 0, NULL, false, CMD_MIGRATE_STORE, OFF(from),
     "source database, e.g. sqlite:werkroute.db (required)"},
    {"to", OPT_STRING, NULL, 0, 0, NULL, false, CMD_MIGRATE_STORE, OFF(to),
     "new, empty target database, e.g. postgresql://USER@HOST:PORT/DATABASE (required)"},
    {"migrate-source", OPT_BOOL, "false", 0, 1, NULL, false, CMD_MIGRATE_STORE, OFF(migrate_source),
     "first migrate a source whose schema is behind this program"},
    {"per-resident", OPT_UINT, "10", 1, 100, NULL, false, CMD_MATCH, OFF(per_resident),
     "workplaces listed per resident, best first"},
    {"out", OPT_STRING, NULL, 0, 0, NULL, false, CMD_MATCH, OFF(out),
     "CSV file to write (replaced when it exists); without it standard output"},
    {"print-config", OPT_BOOL, "false", 0, 1, NULL, false, CMD_SERVE, OFF(print_config),
     "print the effective settings and exit"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

const char *config_default_data(void)
{
    /* ../shared/data beside the checkout: found from the binary's path
     * (build/<preset>/werkroute -> ../../../shared/data), else the cwd. */
    static char path[PATH_MAX];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 4; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            if (strlen(exe) + 16 >= sizeof(path))
                break;
            memcpy(path, exe, strlen(exe));
            memcpy(path + strlen(exe), "/../shared/data", 16);
            if (access(path, R_OK) == 0)
                return path;
        }
    }
    return "../shared/data";
}

static bool parse_uint(const char *s, uint64_t *out)
{
    if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 20)
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno)
        return false;
    *out = v;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    if (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")) {
        *out = true;
        return true;
    }
    if (!strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")) {
        *out = false;
        return true;
    }
    return false;
}

static int set(struct config *cfg, const struct option_def *o, const char *value,
               const char *source)
{
    char *base = (char *)cfg + o->offset;
    switch (o->type) {
    case OPT_STRING:
        *(const char **)base = value;
        return 0;
    case OPT_BOOL:
        if (parse_bool(value, (bool *)base))
            return 0;
        fprintf(stderr, "werkroute: %s: expected true or false, got '%s'\n", source, value);
        return 2;
    case OPT_UINT: {
        uint64_t v;
        if (!parse_uint(value, &v) || v < o->min || v > o->max) {
            fprintf(stderr, "werkroute: %s: expected a whole number from %llu to %llu, got '%s'\n",
                    source, (unsigned long long)o->min, (unsigned long long)o->max, value);
            return 2;
        }
        *(uint64_t *)base = v;
        return 0;
    }
    }
    return 2;
}

int config_parse(struct config *cfg, enum command command, int argc, char **argv)
{
    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct option_def *o = &options[i];
        if (!(o->commands & command))
            continue;
        const char *def = o->def;
        if (!def && strcmp(o->name, "data") == 0)
            def = config_default_data();
        if (def && set(cfg, o, def, o->name))
            return 2;
        const char *env = o->env ? getenv(o->env) : NULL;
        if (env && set(cfg, o, env, o->env))
            return 2;
    }
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
            return 1;
        if (strncmp(arg, "--", 2) != 0) {
            fprintf(stderr, "werkroute: unexpected argument '%s' (see --help)\n", arg);
            return 2;
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct option_def *o = NULL;
        for (size_t k = 0; k < NOPTIONS; k++)
            if ((options[k].commands & command) && strlen(options[k].name) == len &&
                !strncmp(options[k].name, name, len))
                o = &options[k];
        if (!o) {
            fprintf(stderr, "werkroute: unknown option '%s' (see --help)\n", arg);
            return 2;
        }
        const char *value;
        if (eq)
            value = eq + 1;
        else if (o->type == OPT_BOOL)
            value = "true";
        else if (i + 1 < argc)
            value = argv[++i];
        else {
            fprintf(stderr, "werkroute: option --%s needs a value\n", o->name);
            return 2;
        }
        if (set(cfg, o, value, arg))
            return 2;
    }
    return 0;
}

void config_usage(FILE *out, enum command command, const char *name)
{
    fprintf(out, "usage: werkroute %s [options]\n\noptions (flag, environment, default):\n", name);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct option_def *o = &options[i];
        if (!(o->commands & command))
            continue;
        fprintf(out, "  --%-22s %s\n  %24s env %s%s%s%s\n", o->name, o->help, "",
                o->env ? o->env : "-", o->def ? ", default " : "", o->def ? o->def : "",
                o->secret ? " (secret)" : "");
    }
}

/* A database URL may carry a password (postgresql://user:secret@host/db):
 * print it with the password masked. */
static void print_masked_url(FILE *out, const char *name, const char *v)
{
    const char *scheme = strstr(v, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (at && colon && colon < at)
        fprintf(out, "%s = %.*s:********%s\n", name, (int)(colon - v), v, at);
    else
        fprintf(out, "%s = %s\n", name, v);
}

void config_dump(FILE *out, const struct config *cfg, enum command command)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct option_def *o = &options[i];
        if (!(o->commands & command) || !strcmp(o->name, "print-config"))
            continue;
        const char *base = (const char *)cfg + o->offset;
        switch (o->type) {
        case OPT_STRING: {
            const char *v = *(const char *const *)base;
            if (!v)
                fprintf(out, "%s = (unset)\n", o->name);
            else if (o->secret)
                fprintf(out, "%s = ********\n", o->name);
            else
                print_masked_url(out, o->name, v);
            break;
        }
        case OPT_UINT:
            fprintf(out, "%s = %llu\n", o->name, (unsigned long long)*(const uint64_t *)base);
            break;
        case OPT_BOOL:
            fprintf(out, "%s = %s\n", o->name, *(const bool *)base ? "true" : "false");
            break;
        }
    }
}
