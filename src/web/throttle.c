#include "throttle.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

#define THROTTLE_SLOTS 4096

struct slot {
    char key[96]; /* "u:name" or "a:address" */
    int64_t window_start;
    int failures;
};

struct throttle {
    pthread_mutex_t lock;
    struct slot slots[THROTTLE_SLOTS];
};

struct throttle *throttle_new(void)
{
    struct throttle *t = xcalloc(1, sizeof(*t));
    pthread_mutex_init(&t->lock, NULL);
    return t;
}

void throttle_free(struct throttle *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->lock);
    free(t);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Finds the slot for key, or claims one (an empty or expired slot nearby, else
 * the oldest of the probed ones). Caller holds the lock. */
static struct slot *find(struct throttle *t, const char *kind, const char *name, int64_t now,
                         bool claim)
{
    char key[96];
    snprintf(key, sizeof(key), "%s:%s", kind, name ? name : "");
    uint64_t h = hash(key);
    struct slot *victim = NULL;
    for (int i = 0; i < 8; i++) {
        struct slot *s = &t->slots[(h + (uint64_t)i) % THROTTLE_SLOTS];
        if (strcmp(s->key, key) == 0) {
            if (now - s->window_start > THROTTLE_WINDOW_SECONDS) {
                s->window_start = now;
                s->failures = 0;
            }
            return s;
        }
        if (!victim || s->window_start < victim->window_start)
            victim = s;
    }
    if (!claim)
        return NULL;
    snprintf(victim->key, sizeof(victim->key), "%s", key);
    victim->window_start = now;
    victim->failures = 0;
    return victim;
}

bool throttle_allowed(struct throttle *t, const char *account, const char *address, int64_t now)
{
    pthread_mutex_lock(&t->lock);
    struct slot *u = find(t, "u", account, now, false);
    struct slot *a = find(t, "a", address, now, false);
    bool ok = (!u || u->failures < THROTTLE_MAX_PER_ACCOUNT) &&
              (!a || a->failures < THROTTLE_MAX_PER_ADDRESS);
    pthread_mutex_unlock(&t->lock);
    return ok;
}

void throttle_failed(struct throttle *t, const char *account, const char *address, int64_t now)
{
    pthread_mutex_lock(&t->lock);
    find(t, "u", account, now, true)->failures++;
    find(t, "a", address, now, true)->failures++;
    pthread_mutex_unlock(&t->lock);
}

void throttle_succeeded(struct throttle *t, const char *account)
{
    pthread_mutex_lock(&t->lock);
    struct slot *u = find(t, "u", account, 0, false);
    if (u)
        u->failures = 0;
    pthread_mutex_unlock(&t->lock);
}
