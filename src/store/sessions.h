/* Server-side sessions. Only a hash of each token is stored, so a copy of
 * the database does not let anyone log in. Cookie sessions carry a CSRF
 * token; bearer sessions (API) do not need one. */
#ifndef WR_SESSIONS_H
#define WR_SESSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "password.h"
#include "rc.h"

struct session {
    int64_t user_id;
    bool bearer;
    char csrf[TOKEN_TEXT_LEN + 1];
    int64_t created_at, last_seen; /* Unix seconds */
};

/* sessions_create makes a session and writes its token (to give to the
 * client once) and CSRF token. */
enum rc sessions_create(struct db *db, int64_t user_id, bool bearer, const char *ip, int64_t now,
                        char token[TOKEN_TEXT_LEN + 1], char csrf[TOKEN_TEXT_LEN + 1]);
/* sessions_lookup finds a live session for token: RC_UNAUTHORIZED when it is
 * unknown, idle longer than idle_seconds or older than max_seconds (then it
 * is deleted). Refreshes last_seen at most once a minute. */
enum rc sessions_lookup(struct db *db, const char *token, int64_t now, int64_t idle_seconds,
                        int64_t max_seconds, struct session *out);
enum rc sessions_delete(struct db *db, const char *token);
/* sessions_purge removes every expired session. */
enum rc sessions_purge(struct db *db, int64_t now, int64_t idle_seconds, int64_t max_seconds);

#endif
