#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "fold.h"

#include "banned.h"

/* How long server_stop waits for requests in flight before closing anyway. */
#define SERVER_STOP_GRACE_MS 5000

struct server {
    struct MHD_Daemon *daemon;
    struct server_config cfg;
    uint16_t port;
    atomic_int inflight;  /* requests between the URI log and completion */
    atomic_int suspended; /* responses held back, waiting for resume */
    atomic_bool stopping; /* server_stop began: new requests get 503 */
};

/* One request as the server tracks it; req is what the app sees. */
struct server_request {
    struct request req;
    struct response resp;
    struct buf body;
    struct server *server;
    const char *raw_uri; /* as received: path and query, arena-owned */
    bool started;        /* the access handler has seen the headers */
    bool handled;        /* the app has made the response */
    struct MHD_Connection *conn;
    bool bad_path;       /* answered 400 without calling the app */
};

static struct server_request *server_request_new(struct server *s, const char *uri)
{
    struct server_request *sr = xcalloc(1, sizeof(*sr));
    request_init(&sr->req);
    response_init(&sr->resp, s->cfg.max_response);
    buf_init(&sr->body, s->cfg.max_body);
    sr->server = s;
    sr->raw_uri = arena_strdup(&sr->req.arena, uri ? uri : "");
    atomic_fetch_add(&s->inflight, 1);
    return sr;
}

static void server_request_free(struct server_request *sr)
{
    atomic_fetch_sub(&sr->server->inflight, 1);
    buf_release(&sr->body);
    response_release(&sr->resp);
    request_release(&sr->req);
    free(sr);
}

/* Per connection: the request that uri_logged made and request_completed has
 * not yet freed. MHD 0.9.75 drops a request whose headers overflow the
 * connection's memory (answering 431) without calling request_completed, so
 * the connection's close frees what is left. */
struct connection_state {
    struct server_request *pending;
};

static struct connection_state *connection_state(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        conn ? MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT) : NULL;
    return info ? info->socket_context : NULL;
}

static void connection_notified(void *cls, struct MHD_Connection *conn, void **socket_context,
                                enum MHD_ConnectionNotificationCode code)
{
    (void)cls;
    (void)conn;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        *socket_context = xcalloc(1, sizeof(struct connection_state));
        return;
    }
    struct connection_state *cs = *socket_context;
    if (cs && cs->pending)
        server_request_free(cs->pending);
    free(cs);
    *socket_context = NULL;
}

/* MHD calls this with the request target before it splits off the query and
 * unescapes anything in place: the one place the raw query is available. What
 * it returns becomes *con_cls, and MHD promises request_completed for it. */
static void *uri_logged(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct server_request *sr = server_request_new(cls, uri);
    /* MHD next parses the query into the connection's own small memory pool;
     * with a few hundred parameters that pool runs out and MHD 0.9.75 drops
     * the request without an answer. The app parses the query itself from
     * the copy just made (request_query_get, with its own limits), so MHD's
     * view of the query is cut short here. The target lies in MHD's writable
     * read buffer, and MHD found the '?' before calling us and parses after. */
    char *q = uri ? strchr((char *)uri, '?') : NULL;
    if (q && q[1])
        q[1] = '\0';
    struct connection_state *cs = connection_state(conn);
    if (cs) {
        /* A request still pending here was dropped by MHD: free it now. */
        if (cs->pending)
            server_request_free(cs->pending);
        cs->pending = sr;
    }
    return sr;
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    struct connection_state *cs = connection_state(conn);
    if (cs && cs->pending == *con_cls)
        cs->pending = NULL;
    if (*con_cls)
        server_request_free(*con_cls);
    *con_cls = NULL;
}

/* The path is routed as received, so MHD must not decode it (nor, as a side
 * effect, its GET argument table: use request_query). */
static size_t unescape_nothing(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

__attribute__((format(printf, 2, 0))) static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    fprintf(stderr, "werkroute: http: %s\n", line);
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t size)
{
    out[0] = '\0';
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, out, (socklen_t)size);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        /* Show an IPv4 client on a dual-stack socket as plain IPv4. */
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
            inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], out, (socklen_t)size);
        else
            inet_ntop(AF_INET6, &in6->sin6_addr, out, (socklen_t)size);
    }
}

/* uri_has_nul detects a NUL byte in the request target. MHD hands out the
 * target as a C string, so a NUL silently cuts it short. MHD 0.9.75 keeps the
 * request line in one buffer as "METHOD\0TARGET\0VERSION" and passes pointers
 * into it; when the version does not start right after what we saw of the
 * target, the target went on past a NUL. Comparing addresses as integers
 * reads nothing; test_server checks that this still holds for the MHD in use. */
static bool uri_has_nul(const char *url, const char *version, size_t raw_len)
{
    uintptr_t u = (uintptr_t)url;
    uintptr_t v = (uintptr_t)version;
    if (!url || !version || v <= u)
        return false;
    size_t target_len = (size_t)(v - u - 1);
    /* Bigger than any request line MHD accepts: some other layout, not a
     * NUL. */
    if (target_len > 1024 * 1024)
        return false;
    return target_len != raw_len;
}

static bool path_acceptable(const char *path)
{
    return strstr(path, "%00") == NULL && utf8_valid(path, strlen(path));
}

/* request_start runs on the first call, once the headers are in. */
static void request_start(struct server_request *sr, struct MHD_Connection *conn, const char *url,
                          const char *method, const char *version)
{
    struct server *s = sr->server;
    struct request *req = &sr->req;
    sr->started = true;
    req->conn = conn;
    req->app = s->cfg.app;
    req->method = arena_strdup(&req->arena, method ? method : "");
    client_ip(conn, req->ip, sizeof(req->ip));

    const char *q = strchr(sr->raw_uri, '?');
    if (q) {
        req->path = arena_strndup(&req->arena, sr->raw_uri, (size_t)(q - sr->raw_uri));
        req->query = q + 1;
    } else {
        req->path = sr->raw_uri;
        req->query = "";
    }
    if (uri_has_nul(url, version, strlen(sr->raw_uri)) || !path_acceptable(req->path))
        sr->bad_path = true;

    /* Refuse to buffer a body that announces itself as too big. */
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (errno == ERANGE || (end != cl && n > s->cfg.max_body))
            req->body_too_big = true;
    }
}

static void request_body_chunk(struct server_request *sr, const char *data, size_t size)
{
    if (sr->bad_path || sr->req.body_too_big)
        return;
    if (buf_append(&sr->body, data, size)) {
        sr->req.body_too_big = true;
        buf_release(&sr->body);
    }
}

static struct MHD_Response *plain_response(const char *text)
{
    struct MHD_Response *mr =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    if (mr)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
    return mr;
}

static enum MHD_Result queue_plain(struct MHD_Connection *conn, unsigned status, const char *text)
{
    struct MHD_Response *mr = plain_response(text);
    if (!mr)
        return MHD_NO;
    enum MHD_Result ret = MHD_queue_response(conn, status, mr);
    MHD_destroy_response(mr);
    return ret;
}

/* queue_app_response hands the body to MHD (it frees it) with the headers;
 * anything MHD refuses becomes a 500. */
static enum MHD_Result queue_app_response(struct server_request *sr, struct MHD_Connection *conn)
{
    struct response *resp = &sr->resp;
    if (resp->status < 100 || resp->status > 599) {
        fprintf(stderr, "werkroute: http: %s %s: status %d out of range\n", sr->req.method,
                sr->req.path, resp->status);
        return queue_plain(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "Interne fout\n");
    }
    size_t len = 0;
    char *data = buf_detach(&resp->body, &len);
    if (!data) {
        data = xmalloc(1);
        len = 0;
    }
    struct MHD_Response *mr = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    if (!mr) {
        free(data);
        return MHD_NO;
    }
    bool ok = true;
    if (resp->content_type)
        ok = MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type) ==
             MHD_YES;
    for (int i = 0; ok && i < resp->nheaders && i < HTTP_MAX_HEADERS; i++) {
        const struct http_header *h = &resp->headers[i];
        ok = h->name && h->value && MHD_add_response_header(mr, h->name, h->value) == MHD_YES;
        if (!ok)
            fprintf(stderr, "werkroute: http: %s %s: response header %d refused\n", sr->req.method,
                    sr->req.path, i);
    }
    if (!ok) {
        MHD_destroy_response(mr);
        return queue_plain(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "Interne fout\n");
    }
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static void resume_request(void *arg)
{
    struct server_request *sr = arg;
    atomic_fetch_sub(&sr->server->suspended, 1);
    MHD_resume_connection(sr->conn);
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                      const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **con_cls)
{
    struct server *s = cls;
    struct server_request *sr = *con_cls;
    if (!sr) {
        /* MHD always calls the URI log first; this only guards against a
         * version that does not. */
        sr = server_request_new(s, url);
        *con_cls = sr;
    }
    /* Two phases (STACK.md): answering on the first call would make MHD close
     * the connection after the response. */
    if (!sr->started) {
        request_start(sr, conn, url, method, version);
        return MHD_YES;
    }
    if (*upload_data_size) {
        request_body_chunk(sr, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }

    if (sr->bad_path)
        return queue_plain(conn, MHD_HTTP_BAD_REQUEST, "Ongeldig verzoek\n");
    if (sr->handled) {
        /* Called again after resume_request: the response may go now. */
        if (s->cfg.finish)
            s->cfg.finish(&sr->req, &sr->resp);
        return queue_app_response(sr, conn);
    }
    /* While stopping, keep-alive clients could go on sending requests and
     * keep the stop waiting: they are told to come back. */
    if (atomic_load(&s->stopping))
        return queue_plain(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
                           "Werkroute stopt; probeer het zo opnieuw\n");
    if (sr->body.len) {
        sr->req.body = sr->body.data;
        sr->req.body_len = sr->body.len;
    }
    s->cfg.handle(&sr->req, &sr->resp);
    sr->handled = true;
    if (s->cfg.must_wait && s->cfg.must_wait(&sr->req)) {
        /* Suspend first: wait may resume at once, from another thread. */
        sr->conn = conn;
        atomic_fetch_add(&s->suspended, 1);
        MHD_suspend_connection(conn);
        s->cfg.wait(&sr->req, resume_request, sr);
        return MHD_YES;
    }
    if (s->cfg.finish)
        s->cfg.finish(&sr->req, &sr->resp);
    return queue_app_response(sr, conn);
}

static enum rc sock_addr_parse(const char *address, uint16_t port, struct sockaddr_storage *ss,
                               bool *ipv6)
{
    memset(ss, 0, sizeof(*ss));
    *ipv6 = strchr(address, ':') != NULL;
    if (*ipv6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        return inet_pton(AF_INET6, address, &in6->sin6_addr) == 1 ? RC_OK : RC_INVALID;
    }
    struct sockaddr_in *in = (struct sockaddr_in *)ss;
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    return inet_pton(AF_INET, address, &in->sin_addr) == 1 ? RC_OK : RC_INVALID;
}

enum rc server_start(const struct server_config *cfg, struct server **out)
{
    *out = NULL;
    const char *address = cfg->address ? cfg->address : "127.0.0.1";
    if (!cfg->handle) {
        fprintf(stderr, "werkroute: http: no request handler\n");
        return RC_INVALID;
    }
    struct sockaddr_storage ss;
    bool ipv6;
    if (sock_addr_parse(address, cfg->port, &ss, &ipv6)) {
        fprintf(stderr, "werkroute: http: %s: not a numeric IPv4 or IPv6 address\n", address);
        return RC_INVALID;
    }

    /* A client that hangs up must not kill the process on the next write. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);

    struct server *s = xcalloc(1, sizeof(*s));
    s->cfg = *cfg;
    s->cfg.address = NULL; /* not kept: the caller's string need not outlive us */
    atomic_init(&s->inflight, 0);
    atomic_init(&s->suspended, 0);
    atomic_init(&s->stopping, false);

    /* ITC so server_stop can quiesce (stop accepting) a thread-pool daemon. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
        flags |= MHD_USE_EPOLL;
    else if (MHD_is_feature_supported(MHD_FEATURE_POLL) == MHD_YES)
        flags |= MHD_USE_POLL;
    if (ipv6)
        flags |= MHD_USE_IPv6;
    unsigned threads = cfg->threads ? cfg->threads : 1;

    /* Two-argument options take the function as value and its cls as
     * ptr_value (MHD_OPTION_ARRAY). */
    struct MHD_OptionItem opts[] = {
        /* First, or MHD logs its own complaints about later options. */
        {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)log_mhd, s},
        {MHD_OPTION_SOCK_ADDR, 0, &ss},
        {MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)uri_logged, s},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)request_completed, s},
        {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)connection_notified, s},
        {MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)unescape_nothing, s},
        {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)cfg->connection_timeout, NULL},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)cfg->per_ip_connection_limit, NULL},
        {MHD_OPTION_END, 0, NULL}, /* room for the pool size */
        {MHD_OPTION_END, 0, NULL},
    };
    if (threads > 1) {
        size_t last = sizeof(opts) / sizeof(opts[0]) - 2;
        opts[last] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)threads, NULL};
    }
    s->daemon = MHD_start_daemon(flags, cfg->port, NULL, NULL, access_handler, s, MHD_OPTION_ARRAY,
                                 opts, MHD_OPTION_END);
    if (!s->daemon) {
        fprintf(stderr, "werkroute: http: %s port %u: cannot listen\n", address,
                (unsigned)cfg->port);
        free(s);
        return RC_IO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    *out = s;
    return RC_OK;
}

uint16_t server_port(const struct server *s)
{
    return s->port;
}

void server_stop(struct server *s)
{
    if (!s)
        return;
    atomic_store(&s->stopping, true);
    MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);
    struct timespec tick = {.tv_sec = 0, .tv_nsec = 10 * 1000 * 1000};
    for (int waited = 0; waited < SERVER_STOP_GRACE_MS && atomic_load(&s->inflight) > 0;
         waited += 10)
        nanosleep(&tick, NULL);
    /* MHD must not stop with suspended connections; their audit records are
     * being committed by the still-running writer, so they resume soon. */
    for (int waited = 0; waited < 60000 && atomic_load(&s->suspended) > 0; waited += 10)
        nanosleep(&tick, NULL);
    if (atomic_load(&s->suspended) > 0) {
        fprintf(stderr, "werkroute: http: %d responses still wait for the audit log; not "
                        "stopping the listener cleanly\n",
                atomic_load(&s->suspended));
        return;
    }
    MHD_stop_daemon(s->daemon);
    /* After quiesce the listening socket is ours to close. */
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    free(s);
}
