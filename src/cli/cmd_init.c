/* werkroute init: create or migrate a database and its admin user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "directory.h"
#include "password.h"
#include "store.h"
#include "banned.h"

struct store *open_store(const char *url, unsigned pool, bool create)
{
    struct store *s;
    if (store_open(url, pool, create, &s))
        return NULL;
    int applied = 0;
    if (store_migrate(s, &applied)) {
        store_close(s);
        return NULL;
    }
    if (applied)
        fprintf(stderr, "werkroute: applied %d migration(s)\n", applied);
    return s;
}

/* The admin password comes from the environment or standard input, never
 * from a default or the command line (where ps would show it). */
static int read_admin_password(char *out, size_t size)
{
    const char *env = getenv("WERKROUTE_ADMIN_PASSWORD");
    if (env) {
        snprintf(out, size, "%s", env);
        return 0;
    }
    if (isatty(STDIN_FILENO))
        fprintf(stderr, "Password for user admin (at least 12 characters): ");
    if (!fgets(out, (int)size, stdin)) {
        fprintf(stderr, "werkroute: no admin password: set WERKROUTE_ADMIN_PASSWORD or give it on "
                        "standard input\n");
        return 1;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cmd_init(int argc, char **argv)
{
    struct config cfg;
    int r = config_parse(&cfg, CMD_INIT, argc, argv);
    if (r == 1) {
        config_usage(stdout, CMD_INIT, "init");
        printf("\nThe admin password is read from WERKROUTE_ADMIN_PASSWORD or standard input.\n");
        return 0;
    }
    if (r)
        return r;
    if (password_init()) {
        fprintf(stderr, "werkroute: libsodium failed to start\n");
        return 1;
    }
    struct store *s = open_store(cfg.db, 1, true);
    if (!s)
        return 1;
    struct arena a;
    arena_init(&a);
    int status = 1;
    struct db *db = store_acquire(s);
    struct user existing;
    enum rc rc = directory_user_by_name(db, &a, "admin", &existing);
    if (rc == RC_OK) {
        printf("werkroute: database %s is up to date; user admin exists\n", cfg.db);
        status = 0;
        goto out;
    }
    char pw[300];
    if (read_admin_password(pw, sizeof(pw)))
        goto out;
    if (!password_acceptable(pw)) {
        fprintf(stderr, "werkroute: the admin password must have 12 to 256 characters\n");
        goto out;
    }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(pw, hash))
        goto out;
    /* The administrator belongs to an organisation of its own until real
     * ones exist. */
    rc = db_begin(db, true);
    int64_t org_id = 0, user_id = 0;
    struct organisation org = {.name = "Functioneel beheer", .kind = ORG_OTHER};
    if (!rc)
        rc = directory_organisation_create(db, &org, &org_id);
    struct user admin = {.username = "admin",
                         .display_name = "Functioneel beheerder",
                         .role = ROLE_ADMIN,
                         .organisation_id = org_id};
    if (!rc)
        rc = directory_user_create(db, &admin, hash, &user_id);
    if (!rc)
        rc = db_commit(db);
    else
        db_rollback(db);
    if (rc) {
        fprintf(stderr, "werkroute: creating user admin failed: %s\n", rc_name(rc));
        goto out;
    }
    printf("werkroute: database %s ready; user admin created\n", cfg.db);
    status = 0;
out:
    store_release(s, db);
    arena_release(&a);
    store_close(s);
    return status;
}
