/* A short-lived in-memory copy of "who is this token": the session and its
 * user. Without it every request costs three queries (session, user, the
 * user's municipalities) before it does its own work.
 *
 * An entry lives at most ttl seconds, so a change made elsewhere (another
 * werkroute process on the same PostgreSQL) is seen within that time. In
 * this process a logout forgets its token and any change to a user clears
 * the cache at once. The session's own idle and absolute limits are checked
 * on every hit. Entries are keyed by the token's hash; the cache has a fixed
 * number of slots (direct-mapped), so its memory is bounded. */
#ifndef WR_AUTH_CACHE_H
#define WR_AUTH_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "directory.h"
#include "sessions.h"

struct auth_cache;

struct auth_cache *auth_cache_new(int64_t ttl_seconds);
void auth_cache_free(struct auth_cache *c);

/* auth_cache_get finds token's session and user (copied into a) when they
 * were cached less than ttl seconds ago and the session is still within
 * idle_seconds and max_seconds at now. */
bool auth_cache_get(struct auth_cache *c, const char *token, int64_t now, int64_t idle_seconds,
                    int64_t max_seconds, struct arena *a, struct session *s, struct user *u);
void auth_cache_put(struct auth_cache *c, const char *token, int64_t now, const struct session *s,
                    const struct user *u);
/* auth_cache_forget drops token (logout). */
void auth_cache_forget(struct auth_cache *c, const char *token);
/* auth_cache_clear drops everything (a user was switched off or changed). */
void auth_cache_clear(struct auth_cache *c);

#endif
