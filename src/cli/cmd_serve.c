/* werkroute serve: the pages and the JSON API until SIGTERM or SIGINT. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "commands.h"
#include "config.h"
#include "door_match.h"
#include "password.h"
#include "server.h"
#include "store.h"
#include "banned.h"

/* Splits "host:port" or "[v6]:port". */
static bool split_listen(const char *listen, char *host, size_t size, uint16_t *port)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen)
        return false;
    const char *h = listen;
    size_t hlen = (size_t)(colon - listen);
    if (h[0] == '[' && hlen >= 2 && h[hlen - 1] == ']') {
        h++;
        hlen -= 2;
    }
    if (hlen == 0 || hlen >= size)
        return false;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || p < 0 || p > 65535)
        return false;
    *port = (uint16_t)p;
    return true;
}

int cmd_serve(int argc, char **argv)
{
    struct config cfg;
    int r = config_parse(&cfg, CMD_SERVE, argc, argv);
    if (r == 1) {
        config_usage(stdout, CMD_SERVE, "serve");
        return 0;
    }
    if (r)
        return r;
    if (cfg.print_config) {
        config_dump(stdout, &cfg, CMD_SERVE);
        return 0;
    }
    char host[256];
    uint16_t port;
    if (!split_listen(cfg.listen, host, sizeof(host), &port)) {
        fprintf(stderr, "werkroute: --listen %s: expected ADDRESS:PORT\n", cfg.listen);
        return 2;
    }
    if (password_init()) {
        fprintf(stderr, "werkroute: libsodium failed to start\n");
        return 1;
    }
    /* Block the stop signals in every thread; the main thread waits for them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    struct store *s = open_store(cfg.db, (unsigned)cfg.threads, false);
    if (!s) {
        fprintf(stderr,
                "werkroute: cannot open %s; create it first with 'werkroute init' or "
                "'werkroute demo'\n",
                cfg.db);
        return 1;
    }
    /* The matching index is built before the first request, not by it. */
    {
        static const struct policy_actor system = {.system = true};
        struct arena a;
        arena_init(&a);
        struct door d;
        door_init(&d, s, &a, &system, "werkroute serve", "local");
        struct match_stats st;
        enum rc rc = door_match_build(&d, &st);
        door_release(&d);
        arena_release(&a);
        if (rc) {
            fprintf(stderr, "werkroute: building the matching index failed (%s)\n", rc_name(rc));
            store_close(s);
            return 1;
        }
        printf("werkroute: matching index: %lld residents, %lld workplaces in %.2f s\n",
               (long long)st.residents, (long long)st.workplaces, st.build_seconds);
    }
    struct app_config ac = {
        .session_idle_seconds = (int64_t)cfg.session_idle_minutes * 60,
        .session_max_seconds = (int64_t)cfg.session_max_hours * 3600,
        .secure_cookies = cfg.secure_cookies,
    };
    struct app *app = app_new(s, &ac);
    if (!app) {
        store_close(s);
        return 1;
    }
    struct server_config sc = {
        .address = host,
        .port = port,
        .threads = (unsigned)cfg.threads,
        .max_body = cfg.max_body,
        .connection_timeout = (unsigned)cfg.connection_timeout,
        .per_ip_connection_limit = (unsigned)cfg.per_ip_connections,
        .max_response = 16u << 20,
        .handle = app_handle,
        .must_wait = app_must_wait,
        .wait = app_wait,
        .finish = app_finish,
        .app = app,
    };
    struct server *srv;
    if (server_start(&sc, &srv)) {
        app_free(app);
        store_close(s);
        return 1;
    }
    bool v6 = strchr(host, ':') != NULL;
    printf("werkroute: listening on http://%s%s%s:%u\n", v6 ? "[" : "", host, v6 ? "]" : "",
           server_port(srv));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "werkroute: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server_stop(srv);
    app_free(app);
    store_close(s);
    fprintf(stderr, "werkroute: stopped\n");
    return 0;
}
