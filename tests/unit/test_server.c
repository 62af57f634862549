/* The server over a real loopback socket, with HTTP/1.1 written by hand so
 * every byte on the wire is the test's choice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "http.h"
#include "server.h"

#include "banned.h"

#define MAX_BODY 1024
#define IO_TIMEOUT_MS 3000

/* ---- the app under test ---- */

/* What the handler saw last, copied out under a lock. */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char method[16];
    char path[256];
    char query[256];
    char ip[64];
    bool too_big;
    bool body_null;
    size_t body_len;
    char body[MAX_BODY + 1];
    char q[64]; /* request_query(req, "q"), "(null)" when NULL */
    bool query_malformed;
    char cookie[64];     /* request_cookie(req, "sid") */
    char user_agent[64]; /* request_header(req, "user-agent") */
    bool app_set;
} seen;
static atomic_int handled;
static int app_token;

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "(null)");
}

static void app_handle(struct request *req, struct response *resp)
{
    pthread_mutex_lock(&seen_lock);
    copy(seen.method, sizeof(seen.method), req->method);
    copy(seen.path, sizeof(seen.path), req->path);
    copy(seen.query, sizeof(seen.query), req->query);
    copy(seen.ip, sizeof(seen.ip), req->ip);
    seen.too_big = req->body_too_big;
    seen.body_null = req->body == NULL;
    seen.body_len = req->body_len;
    seen.body[0] = '\0';
    if (req->body && req->body_len <= MAX_BODY) {
        memcpy(seen.body, req->body, req->body_len);
        seen.body[req->body_len] = '\0';
    }
    copy(seen.q, sizeof(seen.q), request_query(req, "q"));
    seen.query_malformed = request_query_malformed(req);
    copy(seen.cookie, sizeof(seen.cookie), request_cookie(req, "sid"));
    copy(seen.user_agent, sizeof(seen.user_agent), request_header(req, "user-agent"));
    seen.app_set = req->app == &app_token;
    pthread_mutex_unlock(&seen_lock);
    atomic_fetch_add(&handled, 1);

    if (req->body_too_big) {
        resp->status = 413;
        buf_puts(&resp->body, "te groot\n");
        return;
    }
    if (strcmp(req->path, "/redirect") == 0) {
        response_redirect(resp, req, "/elders?x=1");
        return;
    }
    if (strcmp(req->path, "/bad-header") == 0) {
        response_header(resp, "X-Bad", arena_strdup(&req->arena, "a\r\nSet-Cookie: evil=1"));
        buf_puts(&resp->body, "should not be sent\n");
        return;
    }
    if (strcmp(req->path, "/bad-status") == 0) {
        resp->status = 42;
        return;
    }
    if (strcmp(req->path, "/slow") == 0) {
        struct timespec t = {.tv_sec = 0, .tv_nsec = 300 * 1000 * 1000};
        nanosleep(&t, NULL);
    }
    resp->content_type = "text/plain; charset=utf-8";
    response_header(resp, "X-Test", "yes");
    buf_printf(&resp->body, "echo:%s", req->body ? req->body : "");
}

/* ---- a tiny HTTP client ---- */

struct reply {
    int status;
    char head[4096]; /* status line and headers, NUL-terminated */
    char body[8192];
    size_t body_len;
};

struct conn {
    int fd;
    char buf[16384]; /* bytes received but not yet consumed */
    size_t len;
};

static uint16_t port;
static struct server *srv;

static void conn_open(struct conn *c, uint16_t p)
{
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(c->fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(p)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    c->len = 0;
}

static void conn_close(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

static void conn_send(struct conn *c, const char *data, size_t len)
{
    while (len) {
        ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
        assert_true(n > 0);
        data += n;
        len -= (size_t)n;
    }
}

static void conn_send_str(struct conn *c, const char *s)
{
    conn_send(c, s, strlen(s));
}

/* conn_fill reads more bytes; returns false on EOF or timeout. */
static bool conn_fill(struct conn *c, int timeout_ms)
{
    if (c->len >= sizeof(c->buf))
        return false;
    struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
    if (poll(&pfd, 1, timeout_ms) <= 0)
        return false;
    ssize_t n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
    if (n <= 0)
        return false;
    c->len += (size_t)n;
    return true;
}

static void conn_consume(struct conn *c, size_t n)
{
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
}

static const char *reply_header(const struct reply *r, const char *name)
{
    static __thread char value[512];
    size_t name_len = strlen(name);
    const char *line = strstr(r->head, "\r\n");
    while (line && line[2]) {
        line += 2;
        if (strncasecmp(line, name, name_len) == 0 && line[name_len] == ':') {
            const char *v = line + name_len + 1;
            while (*v == ' ')
                v++;
            const char *end = strstr(v, "\r\n");
            size_t len = end ? (size_t)(end - v) : strlen(v);
            snprintf(value, sizeof(value), "%.*s", (int)len, v);
            return value;
        }
        line = strstr(line, "\r\n");
    }
    return NULL;
}

/* conn_read_reply reads one response; a HEAD reply has no body whatever its
 * Content-Length says. Returns false when none arrived. */
static bool conn_read_reply(struct conn *c, struct reply *r, bool head)
{
    memset(r, 0, sizeof(*r));
    char *end;
    while (!(c->len && (end = memmem(c->buf, c->len, "\r\n\r\n", 4)))) {
        if (!conn_fill(c, IO_TIMEOUT_MS))
            return false;
    }
    size_t head_len = (size_t)(end - c->buf) + 2;
    assert_true(head_len < sizeof(r->head));
    memcpy(r->head, c->buf, head_len);
    r->head[head_len] = '\0';
    conn_consume(c, head_len + 2);
    assert_int_equal(sscanf(r->head, "HTTP/1.1 %d", &r->status), 1);
    if (head)
        return true;
    const char *cl = reply_header(r, "Content-Length");
    assert_non_null(cl);
    size_t want = strtoul(cl, NULL, 10);
    assert_true(want < sizeof(r->body));
    while (c->len < want)
        assert_true(conn_fill(c, IO_TIMEOUT_MS));
    memcpy(r->body, c->buf, want);
    r->body[want] = '\0';
    r->body_len = want;
    conn_consume(c, want);
    return true;
}

/* one_request sends raw bytes on a new connection and reads one reply. */
static void one_request(const char *raw, size_t len, struct reply *r)
{
    struct conn c;
    conn_open(&c, port);
    conn_send(&c, raw, len);
    assert_true(conn_read_reply(&c, r, false));
    conn_close(&c);
}

static void one_request_str(const char *raw, struct reply *r)
{
    one_request(raw, strlen(raw), r);
}

/* ---- fixtures ---- */

static struct server_config config(void)
{
    struct server_config cfg = {
        .address = "127.0.0.1",
        .port = 0,
        .threads = 2,
        .max_body = MAX_BODY,
        .connection_timeout = 10,
        .per_ip_connection_limit = 0,
        .max_response = 1 << 20,
        .handle = app_handle,
        .app = &app_token,
    };
    return cfg;
}

static int group_setup(void **state)
{
    (void)state;
    struct server_config cfg = config();
    if (server_start(&cfg, &srv) != RC_OK)
        return -1;
    port = server_port(srv);
    return port ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    server_stop(srv);
    srv = NULL;
    return 0;
}

/* ---- tests ---- */

static void test_echo(void **state)
{
    (void)state;
    struct reply r;
    one_request_str("POST /echo HTTP/1.1\r\nHost: t\r\nUser-Agent: cmocka\r\n"
                    "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhallo",
                    &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "echo:hallo");
    assert_string_equal(reply_header(&r, "Content-Type"), "text/plain; charset=utf-8");
    assert_string_equal(reply_header(&r, "X-Test"), "yes");
    assert_string_equal(seen.method, "POST");
    assert_string_equal(seen.path, "/echo");
    assert_string_equal(seen.query, "");
    assert_string_equal(seen.body, "hallo");
    assert_int_equal(seen.body_len, 5);
    assert_false(seen.too_big);
    assert_string_equal(seen.user_agent, "cmocka");
    assert_true(seen.app_set);

    /* No body at all: NULL, 0. */
    one_request_str("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "echo:");
    assert_true(seen.body_null);
    assert_int_equal(seen.body_len, 0);
    assert_string_equal(seen.user_agent, "(null)");
}

static void test_client_ip(void **state)
{
    (void)state;
    struct reply r;
    one_request_str("GET /ip HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.ip, "127.0.0.1");
}

static void test_keep_alive(void **state)
{
    (void)state;
    struct conn c;
    struct reply r;
    conn_open(&c, port);
    conn_send_str(&c, "GET /one HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_null(reply_header(&r, "Connection"));
    assert_string_equal(seen.path, "/one");

    conn_send_str(&c, "POST /two HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "echo:abc");
    assert_string_equal(seen.path, "/two");
    const char *conn_hdr = reply_header(&r, "Connection");
    assert_true(conn_hdr == NULL || strcasecmp(conn_hdr, "close") != 0);

    /* Pipelined: two requests in one write. */
    conn_send_str(&c, "GET /three HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /four HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.path, "/four");
    conn_close(&c);
}

static void test_body_too_big(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 20);
    size_t big = 4 * MAX_BODY;
    buf_printf(&b, "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: %zu\r\n\r\n", big);
    for (size_t i = 0; i < big; i++)
        buf_putc(&b, 'x');

    /* Then a second request on the same connection: the big body was read
     * and thrown away, not taken for the next request. */
    struct conn c;
    struct reply r;
    conn_open(&c, port);
    conn_send(&c, b.data, b.len);
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 413);
    assert_true(seen.too_big);
    assert_true(seen.body_null);
    assert_int_equal(seen.body_len, 0);
    conn_send_str(&c, "GET /after HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.path, "/after");
    assert_false(seen.too_big);
    conn_close(&c);

    /* Exactly max_body is fine. */
    buf_reset(&b);
    buf_printf(&b, "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n", MAX_BODY);
    for (size_t i = 0; i < MAX_BODY; i++)
        buf_putc(&b, 'y');
    one_request(b.data, b.len, &r);
    assert_int_equal(r.status, 200);
    assert_false(seen.too_big);
    assert_int_equal(seen.body_len, MAX_BODY);

    /* Chunked, so the size is not known up front: caught while streaming. */
    buf_reset(&b);
    buf_puts(&b, "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int chunk = 0; chunk < 8; chunk++) {
        buf_puts(&b, "100\r\n");
        for (int i = 0; i < 256; i++)
            buf_putc(&b, 'z');
        buf_puts(&b, "\r\n");
    }
    buf_puts(&b, "0\r\n\r\n");
    one_request(b.data, b.len, &r);
    assert_int_equal(r.status, 413);
    assert_true(seen.too_big);
    assert_true(seen.body_null);
    buf_release(&b);
}

static void test_chunked_upload(void **state)
{
    (void)state;
    struct conn c;
    struct reply r;
    conn_open(&c, port);
    /* Sent in pieces, with a pause, so MHD hands the body over in parts. */
    conn_send_str(&c, "POST /chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5\r\nhallo\r\n");
    struct timespec t = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
    nanosleep(&t, NULL);
    conn_send_str(&c, "8\r\n, wereld\r\n");
    nanosleep(&t, NULL);
    conn_send_str(&c, "0\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "echo:hallo, wereld");
    assert_int_equal(seen.body_len, 13);
    conn_close(&c);
}

static void test_query_raw(void **state)
{
    (void)state;
    struct reply r;
    one_request_str("GET /zoek?q=Jan+de%20Vries&x=%2F&y HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.path, "/zoek");
    assert_string_equal(seen.query, "q=Jan+de%20Vries&x=%2F&y");
    assert_string_equal(seen.q, "Jan de Vries");
    assert_false(seen.query_malformed);

    /* Nothing in the path is decoded. */
    one_request_str("GET /a%2Fb/%41?q=%zz HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.path, "/a%2Fb/%41");
    assert_string_equal(seen.query, "q=%zz");
    assert_string_equal(seen.q, "(null)");
    assert_true(seen.query_malformed);

    /* A '?' with nothing after it, and a second '?' inside the query. */
    one_request_str("GET /leeg? HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_string_equal(seen.path, "/leeg");
    assert_string_equal(seen.query, "");
    one_request_str("GET /v?q=a?b HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_string_equal(seen.query, "q=a?b");
    assert_string_equal(seen.q, "a?b");
}

static void test_cookie(void **state)
{
    (void)state;
    struct reply r;
    one_request_str("GET /c HTTP/1.1\r\nHost: t\r\nCookie: a=1; sid=\"tok-en\";b=2\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.cookie, "tok-en");
    one_request_str("GET /c HTTP/1.1\r\nHost: t\r\nCookie: xsid=1; sid=first; sid=second\r\n\r\n",
                    &r);
    assert_string_equal(seen.cookie, "first");
    one_request_str("GET /c HTTP/1.1\r\nHost: t\r\nCookie: a=1\r\nCookie: sid=two\r\n\r\n", &r);
    assert_string_equal(seen.cookie, "two");
    one_request_str("GET /c HTTP/1.1\r\nHost: t\r\nCookie: Sid=1; sid; =x\r\n\r\n", &r);
    assert_string_equal(seen.cookie, "(null)");
    one_request_str("GET /c HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_string_equal(seen.cookie, "(null)");
}

static void test_bad_path_400(void **state)
{
    (void)state;
    struct reply r;
    /* Bytes the server must refuse before the app sees them: invalid UTF-8,
     * an encoded NUL, an overlong '/', a raw NUL (MHD cuts the string there),
     * a surrogate. */
    static const char *const paths[] = {"/a\xff", "/a%00b", "/a\xc0\xaf", "/\xed\xa0\x80"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        char raw[256];
        int n = snprintf(raw, sizeof(raw), "GET %s HTTP/1.1\r\nHost: t\r\n\r\n", paths[i]);
        int before = atomic_load(&handled);
        one_request(raw, (size_t)n, &r);
        assert_int_equal(r.status, 400);
        assert_int_equal(atomic_load(&handled), before);
    }
    static const char nul_path[] = "GET /a\0b HTTP/1.1\r\nHost: t\r\n\r\n";
    static const char nul_query[] = "GET /a?x=1\0y HTTP/1.1\r\nHost: t\r\n\r\n";
    static const char nul_before_query[] = "GET /a\0?x=1 HTTP/1.1\r\nHost: t\r\n\r\n";
    const char *const nul_reqs[] = {nul_path, nul_query, nul_before_query};
    const size_t nul_lens[] = {sizeof(nul_path) - 1, sizeof(nul_query) - 1,
                               sizeof(nul_before_query) - 1};
    for (size_t i = 0; i < 3; i++) {
        int before = atomic_load(&handled);
        one_request(nul_reqs[i], nul_lens[i], &r);
        assert_int_equal(r.status, 400);
        assert_int_equal(atomic_load(&handled), before);
    }
    /* A body after a bad path is read and dropped; the connection lives on. */
    struct conn c;
    conn_open(&c, port);
    conn_send_str(&c, "POST /x%00 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 400);
    conn_send_str(&c, "GET /ok/caf\xc3\xa9 HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.path, "/ok/caf\xc3\xa9");
    conn_close(&c);
}

static void test_head_has_no_body(void **state)
{
    (void)state;
    struct conn c;
    struct reply r;
    conn_open(&c, port);
    conn_send_str(&c, "HEAD /echo HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, true));
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.method, "HEAD");
    /* The length of the GET answer ("echo:"), but no bytes of it. */
    assert_string_equal(reply_header(&r, "Content-Length"), "5");
    /* The next reply on the connection must start right away with its
     * status line: a HEAD body would come first. */
    conn_send_str(&c, "GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "echo:");
    conn_close(&c);
}

static void test_redirect_and_errors(void **state)
{
    (void)state;
    struct reply r;
    one_request_str("GET /redirect HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_int_equal(r.status, 303);
    assert_string_equal(reply_header(&r, "Location"), "/elders?x=1");

    one_request_str("GET /bad-header HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_int_equal(r.status, 500);
    assert_null(reply_header(&r, "Set-Cookie"));
    assert_null(strstr(r.body, "should not"));

    one_request_str("GET /bad-status HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_int_equal(r.status, 500);
}

static void test_garbage_does_not_crash(void **state)
{
    (void)state;
    /* status 0: no particular answer expected (MHD may also keep waiting for
     * the rest of a request after a half-close, until the timeout). */
    static const struct {
        const char *raw;
        int status;
    } junk[] = {
        {"\r\n\r\n", 0},
        {"GET\r\n\r\n", 0},
        {"GET / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413},
        {"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
        {"GET / HTTP/9.9\r\nHost: t\r\n\r\n", 505},
        {"G\x01T / HTTP/1.1\r\n\r\n", 0},
        {"GET / HTTP/1.1\r\nNo colon here\r\n\r\n", 400},
        {"GET /half", 0},
    };
    for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        struct conn c;
        struct reply r;
        conn_open(&c, port);
        conn_send_str(&c, junk[i].raw);
        shutdown(c.fd, SHUT_WR);
        if (junk[i].status) {
            assert_true(conn_read_reply(&c, &r, false));
            assert_int_equal(r.status, junk[i].status);
        } else {
            (void)conn_fill(&c, 200);
        }
        conn_close(&c);
    }
    /* Headers over MHD's memory limit: 431 from MHD itself. */
    struct buf b;
    buf_init(&b, 1 << 20);
    buf_puts(&b, "GET / HTTP/1.1\r\nHost: t\r\nX-Big: ");
    for (int i = 0; i < 64 * 1024; i++)
        buf_putc(&b, 'a');
    buf_puts(&b, "\r\n\r\n");
    struct conn c;
    struct reply r;
    conn_open(&c, port);
    /* The server may stop reading and answer early; ignore send errors. */
    (void)send(c.fd, b.data, b.len, MSG_NOSIGNAL);
    if (conn_read_reply(&c, &r, false))
        assert_int_equal(r.status, 431);
    conn_close(&c);
    buf_release(&b);

    /* And the server still answers. */
    one_request_str("GET /alive HTTP/1.1\r\nHost: t\r\n\r\n", &r);
    assert_int_equal(r.status, 200);
}

static void test_port_in_use(void **state)
{
    (void)state;
    struct server_config cfg = config();
    cfg.port = port;
    struct server *other = (struct server *)&cfg;
    assert_int_equal(server_start(&cfg, &other), RC_IO);
    assert_null(other);
    cfg.address = "localhost"; /* names are not resolved */
    assert_int_equal(server_start(&cfg, &other), RC_INVALID);
    assert_null(other);
    cfg.address = "127.0.0.1";
    cfg.handle = NULL;
    assert_int_equal(server_start(&cfg, &other), RC_INVALID);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_stop_with_idle_keep_alive(void **state)
{
    (void)state;
    struct server_config cfg = config();
    cfg.connection_timeout = 60;
    struct server *s;
    assert_int_equal(server_start(&cfg, &s), RC_OK);
    struct conn c;
    struct reply r;
    conn_open(&c, server_port(s));
    conn_send_str(&c, "GET /idle HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    double t0 = now_s();
    server_stop(s);
    assert_true(now_s() - t0 < 2.0);
    /* The connection was closed by the server. */
    assert_false(conn_fill(&c, 1000));
    conn_close(&c);
}

/* conn_closed_within tells whether the server closes c within ms. */
static bool conn_closed_within(struct conn *c, int ms)
{
    struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
    if (poll(&pfd, 1, ms) <= 0)
        return false;
    char byte;
    return recv(c->fd, &byte, 1, 0) <= 0;
}

static void test_per_ip_limit(void **state)
{
    (void)state;
    struct server_config cfg = config();
    cfg.per_ip_connection_limit = 1;
    struct server *s;
    assert_int_equal(server_start(&cfg, &s), RC_OK);
    struct conn c1, c2;
    struct reply r;
    conn_open(&c1, server_port(s));
    conn_send_str(&c1, "GET /first HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c1, &r, false));
    assert_int_equal(r.status, 200);
    /* A second connection from the same address is closed unanswered. */
    conn_open(&c2, server_port(s));
    const char *second = "GET /second HTTP/1.1\r\nHost: t\r\n\r\n";
    (void)send(c2.fd, second, strlen(second), MSG_NOSIGNAL);
    assert_true(conn_closed_within(&c2, IO_TIMEOUT_MS));
    conn_close(&c2);
    /* The first one still works. */
    conn_send_str(&c1, "GET /again HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c1, &r, false));
    assert_int_equal(r.status, 200);
    conn_close(&c1);
    server_stop(s);
}

static void test_idle_timeout(void **state)
{
    (void)state;
    struct server_config cfg = config();
    cfg.connection_timeout = 1;
    struct server *s;
    assert_int_equal(server_start(&cfg, &s), RC_OK);
    struct conn c;
    conn_open(&c, server_port(s));
    /* Half a request line, then silence. */
    conn_send_str(&c, "GET /sl");
    double t0 = now_s();
    assert_true(conn_closed_within(&c, 5000));
    double waited = now_s() - t0;
    assert_true(waited >= 0.5 && waited < 4.0);
    conn_close(&c);
    server_stop(s);
}

struct slow_client {
    uint16_t port;
    struct reply reply;
    bool got;
};

static void *slow_request(void *arg)
{
    struct slow_client *sc = arg;
    struct conn c;
    conn_open(&c, sc->port);
    conn_send_str(&c, "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    sc->got = conn_read_reply(&c, &sc->reply, false);
    conn_close(&c);
    return NULL;
}

static void test_stop_finishes_in_flight(void **state)
{
    (void)state;
    struct server_config cfg = config();
    struct server *s;
    assert_int_equal(server_start(&cfg, &s), RC_OK);
    struct slow_client sc = {.port = server_port(s)};
    pthread_t th;
    int before = atomic_load(&handled);
    assert_int_equal(pthread_create(&th, NULL, slow_request, &sc), 0);
    /* Wait until the request is in the handler... */
    struct timespec t = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
    nanosleep(&t, NULL);
    /* ...then stop: the slow answer still reaches the client. */
    server_stop(s);
    pthread_join(th, NULL);
    assert_true(sc.got);
    assert_int_equal(sc.reply.status, 200);
    assert_int_equal(atomic_load(&handled), before + 1);
}

static void test_ipv6(void **state)
{
    (void)state;
    struct server_config cfg = config();
    cfg.address = "::1";
    struct server *s;
    if (server_start(&cfg, &s) != RC_OK) {
        /* No IPv6 loopback in this container: nothing to test. */
        skip();
    }
    assert_true(server_port(s) > 0);
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_port = htons(server_port(s))};
    sa.sin6_addr = in6addr_loopback;
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    struct conn c = {.fd = fd, .len = 0};
    struct reply r;
    conn_send_str(&c, "GET /v6 HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_true(conn_read_reply(&c, &r, false));
    assert_int_equal(r.status, 200);
    assert_string_equal(seen.ip, "::1");
    conn_close(&c);
    server_stop(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo),
        cmocka_unit_test(test_client_ip),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_body_too_big),
        cmocka_unit_test(test_chunked_upload),
        cmocka_unit_test(test_query_raw),
        cmocka_unit_test(test_cookie),
        cmocka_unit_test(test_bad_path_400),
        cmocka_unit_test(test_head_has_no_body),
        cmocka_unit_test(test_redirect_and_errors),
        cmocka_unit_test(test_garbage_does_not_crash),
        cmocka_unit_test(test_port_in_use),
        cmocka_unit_test(test_stop_with_idle_keep_alive),
        cmocka_unit_test(test_stop_finishes_in_flight),
        cmocka_unit_test(test_per_ip_limit),
        cmocka_unit_test(test_idle_timeout),
        cmocka_unit_test(test_ipv6),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
