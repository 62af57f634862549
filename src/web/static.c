#include "static.h"

#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "banned.h"

static const char *content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".woff2", "font/woff2"},
        {".ico", "image/x-icon"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

static bool plain_name(const char *name)
{
    if (!*name || name[0] == '.' || strlen(name) > 100)
        return false;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
           strlen(name);
}

void static_serve(struct request *req, struct response *resp)
{
    const char *name = req->path + strlen("/static/");
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        resp->status = 405;
        response_header(resp, "Allow", "GET, HEAD");
        resp->content_type = "text/plain; charset=utf-8";
        buf_puts(&resp->body, "Methode niet toegestaan\n");
        return;
    }
    char key[128];
    snprintf(key, sizeof(key), "static/%s", name);
    const struct embedded_file *f = plain_name(name) ? embedded_find(key) : NULL;
    if (!f) {
        resp->status = 404;
        resp->content_type = "text/plain; charset=utf-8";
        buf_puts(&resp->body, "Niet gevonden\n");
        return;
    }
    resp->content_type = content_type(name);
    response_header(resp, "Cache-Control", "public, max-age=3600");
    if (buf_append(&resp->body, f->data, f->size)) {
        resp->status = 500;
        buf_reset(&resp->body);
    }
}
