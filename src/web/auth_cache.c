#include "auth_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "password.h"
#include "banned.h"

#define AUTH_CACHE_SLOTS 4096

struct entry {
    bool used;
    char key[TOKEN_HASH_LEN + 1];
    int64_t cached_at;
    struct session session;
    struct user user; /* its strings live in text */
    char *text;
};

struct auth_cache {
    pthread_mutex_t lock;
    int64_t ttl;
    struct entry slots[AUTH_CACHE_SLOTS];
};

struct auth_cache *auth_cache_new(int64_t ttl_seconds)
{
    struct auth_cache *c = xcalloc(1, sizeof(*c));
    pthread_mutex_init(&c->lock, NULL);
    c->ttl = ttl_seconds;
    return c;
}

static void entry_clear(struct entry *e)
{
    free(e->text);
    memset(e, 0, sizeof(*e));
}

void auth_cache_free(struct auth_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < AUTH_CACHE_SLOTS; i++)
        entry_clear(&c->slots[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* The slot of a token: the hash is uniform, so its first hex digits do. */
static struct entry *slot(struct auth_cache *c, const char *token, char key[TOKEN_HASH_LEN + 1])
{
    token_hash(token, key);
    return &c->slots[strtoul((char[]){key[0], key[1], key[2], key[3], '\0'}, NULL, 16) %
                     AUTH_CACHE_SLOTS];
}

static size_t text_size(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* Copies s to *p (advancing it), or gives NULL for NULL. */
static const char *text_copy(char **p, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*p, s, n);
    const char *start = *p;
    *p += n;
    return start;
}

void auth_cache_put(struct auth_cache *c, const char *token, int64_t now, const struct session *s,
                    const struct user *u)
{
    char key[TOKEN_HASH_LEN + 1];
    struct entry *e = slot(c, token, key);
    size_t size = text_size(u->username) + text_size(u->display_name) +
                  text_size(u->organisation_name) +
                  (size_t)u->nmunicipalities * sizeof(char *);
    for (int i = 0; i < u->nmunicipalities; i++)
        size += text_size(u->municipalities[i]);
    char *text = xmalloc(size ? size : 1);
    /* The pointer array first, so it is aligned. */
    const char **codes = (const char **)text;
    char *p = text + (size_t)u->nmunicipalities * sizeof(char *);
    struct user copy = *u;
    copy.password_hash = NULL; /* never needed after login */
    copy.username = text_copy(&p, u->username);
    copy.display_name = text_copy(&p, u->display_name);
    copy.organisation_name = text_copy(&p, u->organisation_name);
    for (int i = 0; i < u->nmunicipalities; i++)
        codes[i] = text_copy(&p, u->municipalities[i]);
    copy.municipalities = u->nmunicipalities ? codes : NULL;

    pthread_mutex_lock(&c->lock);
    entry_clear(e);
    e->used = true;
    memcpy(e->key, key, sizeof(key));
    e->cached_at = now;
    e->session = *s;
    e->user = copy;
    e->text = text;
    pthread_mutex_unlock(&c->lock);
}

static const char *dup(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

bool auth_cache_get(struct auth_cache *c, const char *token, int64_t now, int64_t idle_seconds,
                    int64_t max_seconds, struct arena *a, struct session *s, struct user *u)
{
    char key[TOKEN_HASH_LEN + 1];
    struct entry *e = slot(c, token, key);
    bool hit = false;
    pthread_mutex_lock(&c->lock);
    if (e->used && memcmp(e->key, key, sizeof(key)) == 0 && now - e->cached_at < c->ttl &&
        now - e->session.last_seen <= idle_seconds && now - e->session.created_at <= max_seconds) {
        hit = true;
        *s = e->session;
        *u = e->user;
        u->username = dup(a, e->user.username);
        u->display_name = dup(a, e->user.display_name);
        u->organisation_name = dup(a, e->user.organisation_name);
        if (e->user.nmunicipalities) {
            const char **codes = arena_alloc(a, sizeof(char *) * (size_t)e->user.nmunicipalities);
            for (int i = 0; i < e->user.nmunicipalities; i++)
                codes[i] = dup(a, e->user.municipalities[i]);
            u->municipalities = codes;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void auth_cache_forget(struct auth_cache *c, const char *token)
{
    char key[TOKEN_HASH_LEN + 1];
    struct entry *e = slot(c, token, key);
    pthread_mutex_lock(&c->lock);
    if (e->used && memcmp(e->key, key, sizeof(key)) == 0)
        entry_clear(e);
    pthread_mutex_unlock(&c->lock);
}

void auth_cache_clear(struct auth_cache *c)
{
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < AUTH_CACHE_SLOTS; i++)
        entry_clear(&c->slots[i]);
    pthread_mutex_unlock(&c->lock);
}
