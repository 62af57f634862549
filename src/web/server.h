/* The HTTP server: libmicrohttpd with an internal epoll thread pool, wrapped
 * so the app sees one call per request, handle(req, resp), with the whole body
 * read and both structs ready (see http.h).
 *
 * Per request the server:
 *   - keeps the path and query exactly as the client sent them (taken from
 *     MHD's URI log callback, before MHD splits or unescapes anything), and
 *     answers 400 itself, without calling the app, when the path holds a NUL
 *     byte, "%00" or invalid UTF-8;
 *   - reads the body into req.body up to max_body bytes; a larger body (by
 *     Content-Length or as it streams in, chunked or not) is read and thrown
 *     away, and the app gets req.body_too_big with no body, to answer 413;
 *   - sends resp with Content-Type, the headers and the body; a HEAD request
 *     gets the headers (with the GET Content-Length) and no body. A header
 *     MHD refuses (control characters) or a status outside 100..599 turns the
 *     answer into a plain 500.
 * Connections stay open between requests (keep-alive) until the client closes
 * or connection_timeout passes. */
#ifndef WR_SERVER_H
#define WR_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "rc.h"

struct server_config {
    const char *address;              /* "127.0.0.1", "::1" (':' means IPv6) */
    uint16_t port;                    /* 0 = any free port, see server_port */
    unsigned threads;                 /* MHD thread pool size; 0 counts as 1 */
    size_t max_body;                  /* bytes; larger bodies -> req.body_too_big */
    unsigned connection_timeout;      /* seconds of inactivity; 0 = none */
    unsigned per_ip_connection_limit; /* 0 = no limit */
    size_t max_response;              /* cap for response.body */
    void (*handle)(struct request *req, struct response *resp); /* the app */
    /* Optional: after handle, must_wait tells whether the response must be
     * held back (its audit records are not yet committed). If so the server
     * suspends the connection, frees the thread, and calls wait, which calls
     * resume(arg) exactly once, from any thread, when the response may go;
     * then finish may still change it (say, to 503 when the audit failed). */
    bool (*must_wait)(struct request *req);
    void (*wait)(struct request *req, void (*resume)(void *arg), void *arg);
    void (*finish)(struct request *req, struct response *resp);
    void *app;                                                  /* passed on as req.app */
};

/* Opaque: one running server. */
struct server;

/* server_start ignores SIGPIPE for the process, binds cfg->address:cfg->port
 * and starts serving on MHD's own threads; cfg->handle is then called from
 * those threads, several at once. cfg is copied, but cfg->address need only
 * live during the call and cfg->app as long as the server. On success *out
 * is the server, to be given to server_stop. Returns RC_INVALID for an
 * address that is not a numeric IPv4/IPv6 address or a missing handle, RC_IO
 * when it cannot bind or start (both with a message on stderr); *out is then
 * NULL. */
enum rc server_start(const struct server_config *cfg, struct server **out);

/* server_port returns the port actually bound (useful after port 0). */
uint16_t server_port(const struct server *s);

/* server_stop shuts down gracefully: it stops accepting connections, waits
 * (up to a few seconds) for requests already being received or answered to
 * finish, then closes the remaining connections, idle keep-alive ones
 * included, joins the threads and frees s. NULL is ignored. */
void server_stop(struct server *s);

#endif
