#include "sessions.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

enum rc sessions_create(struct db *db, int64_t user_id, bool bearer, const char *ip, int64_t now,
                        char token[TOKEN_TEXT_LEN + 1], char csrf[TOKEN_TEXT_LEN + 1])
{
    static const char SQL[] = "INSERT INTO sessions (token_hash, user_id, kind, csrf, created_at,"
                              " last_seen, ip) VALUES ($1, $2, $3, $4, $5, $5, $6)";
    char hash[TOKEN_HASH_LEN + 1];
    token_new(token);
    token_new(csrf);
    token_hash(token, hash);
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, bearer ? "bearer" : "cookie");
    db_bind_text(st, 4, csrf);
    db_bind_int(st, 5, now);
    db_bind_text(st, 6, ip ? ip : "");
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc sessions_delete(struct db *db, const char *token)
{
    static const char SQL[] = "DELETE FROM sessions WHERE token_hash = $1";
    char hash[TOKEN_HASH_LEN + 1];
    token_hash(token, hash);
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, hash);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc sessions_lookup(struct db *db, const char *token, int64_t now, int64_t idle_seconds,
                        int64_t max_seconds, struct session *out)
{
    static const char SQL[] = "SELECT user_id, kind, csrf, created_at, last_seen FROM sessions"
                              " WHERE token_hash = $1";
    static const char TOUCH_SQL[] = "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1";
    if (!token || strlen(token) != TOKEN_TEXT_LEN)
        return RC_UNAUTHORIZED;
    char hash[TOKEN_HASH_LEN + 1];
    token_hash(token, hash);
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, hash);
    bool row;
    rc = db_step(st, &row);
    if (!rc && !row)
        rc = RC_UNAUTHORIZED;
    if (!rc) {
        out->user_id = db_col_int(st, 0);
        out->bearer = strcmp(db_col_text(st, 1), "bearer") == 0;
        snprintf(out->csrf, sizeof(out->csrf), "%s", db_col_text(st, 2));
        out->created_at = db_col_int(st, 3);
        out->last_seen = db_col_int(st, 4);
    }
    db_done(st);
    if (rc)
        return rc;
    if (now - out->last_seen > idle_seconds || now - out->created_at > max_seconds) {
        sessions_delete(db, token);
        return RC_UNAUTHORIZED;
    }
    /* Writing on every request would make each page view a commit. */
    if (now - out->last_seen >= 60) {
        rc = db_prepare(db, TOUCH_SQL, &st);
        if (rc)
            return rc;
        db_bind_text(st, 1, hash);
        db_bind_int(st, 2, now);
        rc = db_step_done(st);
        db_done(st);
        out->last_seen = now;
    }
    return rc;
}

enum rc sessions_purge(struct db *db, int64_t now, int64_t idle_seconds, int64_t max_seconds)
{
    static const char SQL[] = "DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, now - idle_seconds);
    db_bind_int(st, 2, now - max_seconds);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}
