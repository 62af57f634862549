/* werkroute demo: fill a new database with a plausible demo region. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "config.h"
#include "demo.h"
#include "password.h"
#include "store.h"
#include "banned.h"

int cmd_demo(int argc, char **argv)
{
    struct config cfg;
    int r = config_parse(&cfg, CMD_DEMO, argc, argv);
    if (r == 1) {
        config_usage(stdout, CMD_DEMO, "demo");
        return 0;
    }
    if (r)
        return r;
    if (password_init()) {
        fprintf(stderr, "werkroute: libsodium failed to start\n");
        return 1;
    }
    char random_pw[TOKEN_TEXT_LEN + 1];
    const char *pw = cfg.password;
    if (!pw) {
        token_new(random_pw);
        random_pw[16] = '\0';
        pw = random_pw;
    } else if (!password_acceptable(pw)) {
        fprintf(stderr, "werkroute: the demo password must have 12 to 256 characters\n");
        return 2;
    }
    struct store *s = open_store(cfg.db, 1, true);
    if (!s)
        return 1;
    enum rc rc = demo_fill(s, cfg.data, pw, cfg.seed, stdout);
    store_close(s);
    if (rc) {
        fprintf(stderr, "werkroute: demo failed: %s\n", rc_name(rc));
        return 1;
    }
    return 0;
}
