#include "audit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "date.h"
#include "banned.h"

#define AUDIT_BATCH_MAX 4096
#define AUDIT_QUEUE_MAX 65536

/* A queued entry owns copies of its strings. */
struct queued {
    struct audit_entry e;
    char at[21];
    char *strings;
    enum rc *result; /* the waiting caller's: set when the batch is done */
};

/* A response held back until the writer has committed up to seq. */
struct waiter {
    uint64_t seq;
    void (*fn)(void *);
    void *arg;
};

struct audit_writer {
    struct waiter *waiters;
    size_t nwaiters, waiters_cap;
    struct db *db;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t work;     /* something was queued, or stop */
    pthread_cond_t progress; /* a batch finished, or room in the queue */
    struct queued *queue;
    size_t nqueued;
    uint64_t next_seq; /* sequence number of the next entry queued */
    uint64_t done_seq; /* entries below this are finished */
    bool stopping;
};

#define AUDIT_COLUMNS 11
static const char INSERT_HEAD[] =
    "INSERT INTO audit_log (at, user_id, username, role, organisation_id, resident_id, case_id,"
    " action, allowed, reason, ip) VALUES ";

/* One INSERT per chunk of a batch rather than one per row: on PostgreSQL
 * each statement is a round trip. The statements are built once, so their
 * addresses stay put for the connection's statement cache. */
static const int CHUNK_ROWS[] = {16, 4, 1};
#define NCHUNKS (sizeof(CHUNK_ROWS) / sizeof(CHUNK_ROWS[0]))
static char *chunk_sql[NCHUNKS];
static pthread_once_t chunk_once = PTHREAD_ONCE_INIT;

static void build_chunk_sql(void)
{
    for (size_t k = 0; k < NCHUNKS; k++) {
        size_t size = sizeof(INSERT_HEAD) + (size_t)CHUNK_ROWS[k] * AUDIT_COLUMNS * 8;
        char *sql = xmalloc(size), *p = sql;
        p += snprintf(p, size, "%s", INSERT_HEAD);
        for (int r = 0; r < CHUNK_ROWS[k]; r++) {
            for (int c = 0; c < AUDIT_COLUMNS; c++)
                p += snprintf(p, size - (size_t)(p - sql), "%s$%d%s", c ? "" : r ? ",(" : "(",
                              r * AUDIT_COLUMNS + c + 1, c + 1 < AUDIT_COLUMNS ? "," : ")");
        }
        chunk_sql[k] = sql;
    }
}

static void bind_entry(struct db_stmt *st, int first, const struct audit_entry *e, const char *at)
{
    db_bind_text(st, first, at);
    db_bind_id(st, first + 1, e->user_id);
    db_bind_text(st, first + 2, e->username ? e->username : "");
    db_bind_text(st, first + 3, e->role ? e->role : "");
    db_bind_id(st, first + 4, e->organisation_id);
    db_bind_id(st, first + 5, e->resident_id);
    db_bind_id(st, first + 6, e->case_id);
    db_bind_text(st, first + 7, e->action ? e->action : "");
    db_bind_int(st, first + 8, e->allowed ? 1 : 0);
    db_bind_text(st, first + 9, e->reason ? e->reason : "");
    db_bind_text(st, first + 10, e->ip ? e->ip : "");
}

/* Inserts n entries (each with its own time) in as few statements as the
 * chunk sizes allow. */
static enum rc insert_entries(struct db *db, const struct audit_entry *const *entries,
                              const char *const *ats, size_t n)
{
    pthread_once(&chunk_once, build_chunk_sql);
    size_t done = 0;
    for (size_t k = 0; k < NCHUNKS; k++) {
        size_t rows = (size_t)CHUNK_ROWS[k];
        while (n - done >= rows) {
            struct db_stmt *st;
            enum rc rc = db_prepare(db, chunk_sql[k], &st);
            if (rc)
                return rc;
            for (size_t r = 0; r < rows; r++)
                bind_entry(st, (int)(r * AUDIT_COLUMNS) + 1, entries[done + r], ats[done + r]);
            rc = db_step_done(st);
            db_done(st);
            if (rc)
                return rc;
            done += rows;
        }
    }
    return RC_OK;
}

static enum rc insert_at(struct db *db, const struct audit_entry *e, const char *at)
{
    return insert_entries(db, &e, &at, 1);
}

enum rc audit_insert(struct db *db, const struct audit_entry *e)
{
    char at[21];
    timestamp_now(at);
    return insert_at(db, e, at);
}

static enum rc write_batch(struct db *db, struct queued *batch, size_t n,
                           const struct audit_entry **entries, const char **ats)
{
    for (size_t i = 0; i < n; i++) {
        entries[i] = &batch[i].e;
        ats[i] = batch[i].at;
    }
    /* A busy database is retried here, so a read is never answered before
     * its audit record is safe. */
    enum rc rc = RC_BUSY;
    for (int attempt = 0; attempt < 20 && (rc == RC_BUSY || rc == RC_UNAVAILABLE); attempt++) {
        if (rc == RC_UNAVAILABLE) {
            /* The database went away: wait a little, then try to reconnect,
             * a bounded number of times; the waiting requests get 503. */
            if (attempt > 5)
                break;
            usleep(200000);
            if (db_reconnect(db))
                continue;
        }
        rc = db_begin(db, true);
        if (!rc)
            rc = insert_entries(db, entries, ats, n);
        if (!rc)
            rc = db_commit(db);
        else
            db_rollback(db);
    }
    return rc;
}

static void *writer_main(void *arg)
{
    struct audit_writer *w = arg;
    struct queued *batch = xcalloc(AUDIT_BATCH_MAX, sizeof(*batch));
    const struct audit_entry **entries = xcalloc(AUDIT_BATCH_MAX, sizeof(*entries));
    const char **ats = xcalloc(AUDIT_BATCH_MAX, sizeof(*ats));
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->nqueued == 0 && !w->stopping)
            pthread_cond_wait(&w->work, &w->lock);
        if (w->nqueued == 0 && w->stopping)
            break;
        size_t n = w->nqueued < AUDIT_BATCH_MAX ? w->nqueued : AUDIT_BATCH_MAX;
        memcpy(batch, w->queue, n * sizeof(*batch));
        memmove(w->queue, w->queue + n, (w->nqueued - n) * sizeof(*batch));
        w->nqueued -= n;
        uint64_t first = w->done_seq;
        pthread_mutex_unlock(&w->lock);

        enum rc rc = write_batch(w->db, batch, n, entries, ats);
        if (rc)
            fprintf(stderr, "werkroute: audit log write failed: %s\n", db_errmsg(w->db));
        for (size_t i = 0; i < n; i++)
            free(batch[i].strings);

        pthread_mutex_lock(&w->lock);
        /* Each waiter learns the fate of its own entries: a failure is never
         * reported as success, whatever other batches do meanwhile. */
        for (size_t i = 0; i < n; i++)
            if (rc && batch[i].result)
                *batch[i].result = rc;
        w->done_seq = first + n;
        pthread_cond_broadcast(&w->progress);
        /* Let the held-back responses go, outside the lock: a callback
         * resumes a connection and must not wait on us. */
        size_t ready = 0;
        for (size_t i = 0; i < w->nwaiters; i++) {
            if (w->waiters[i].seq < w->done_seq) {
                struct waiter tmp = w->waiters[ready];
                w->waiters[ready++] = w->waiters[i];
                w->waiters[i] = tmp;
            }
        }
        if (ready) {
            struct waiter *go = xmalloc(sizeof(*go) * ready);
            memcpy(go, w->waiters, sizeof(*go) * ready);
            memmove(w->waiters, w->waiters + ready, sizeof(*go) * (w->nwaiters - ready));
            w->nwaiters -= ready;
            pthread_mutex_unlock(&w->lock);
            for (size_t i = 0; i < ready; i++)
                go[i].fn(go[i].arg);
            free(go);
            pthread_mutex_lock(&w->lock);
        }
    }
    pthread_mutex_unlock(&w->lock);
    free(batch);
    free(entries);
    free(ats);
    return NULL;
}

enum rc audit_writer_start(const char *url, struct audit_writer **out)
{
    *out = NULL;
    struct audit_writer *w = xcalloc(1, sizeof(*w));
    enum rc rc = db_open(url, false, &w->db);
    if (rc) {
        free(w);
        return rc;
    }
    w->queue = xcalloc(AUDIT_QUEUE_MAX, sizeof(*w->queue));
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    pthread_cond_init(&w->progress, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w)) {
        db_close(w->db);
        free(w->queue);
        free(w);
        return RC_IO;
    }
    *out = w;
    return RC_OK;
}

void audit_writer_stop(struct audit_writer *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    db_close(w->db);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->work);
    pthread_cond_destroy(&w->progress);
    free(w->queue);
    free(w->waiters);
    free(w);
}

static size_t slen(const char *s)
{
    return s ? strlen(s) + 1 : 1;
}

static const char *scopy(char **p, const char *s)
{
    const char *start = *p;
    size_t n = slen(s);
    if (s)
        memcpy(*p, s, n);
    else
        **p = '\0';
    *p += n;
    return start;
}

/* Queues entries; the caller holds the lock. Their results go to *result. */
static void enqueue_locked(struct audit_writer *w, const struct audit_entry *entries, size_t n,
                           enum rc *result)
{
    char at[21];
    timestamp_now(at);
    for (size_t i = 0; i < n; i++) {
        /* Back-pressure: a full queue makes requests wait for the writer. */
        while (w->nqueued == AUDIT_QUEUE_MAX)
            pthread_cond_wait(&w->progress, &w->lock);
        const struct audit_entry *e = &entries[i];
        struct queued *q = &w->queue[w->nqueued++];
        q->e = *e;
        memcpy(q->at, at, sizeof(at));
        q->strings = xmalloc(slen(e->username) + slen(e->role) + slen(e->action) + slen(e->reason) +
                             slen(e->ip));
        char *p = q->strings;
        q->e.username = scopy(&p, e->username);
        q->e.role = scopy(&p, e->role);
        q->e.action = scopy(&p, e->action);
        q->e.reason = scopy(&p, e->reason);
        q->e.ip = scopy(&p, e->ip);
        q->result = result;
        w->next_seq++;
        pthread_cond_signal(&w->work);
    }
}

enum rc audit_append(struct audit_writer *w, const struct audit_entry *entries, size_t n)
{
    if (n == 0)
        return RC_OK;
    enum rc result = RC_OK;
    pthread_mutex_lock(&w->lock);
    enqueue_locked(w, entries, n, &result);
    uint64_t last = w->next_seq;
    while (w->done_seq < last)
        pthread_cond_wait(&w->progress, &w->lock);
    pthread_mutex_unlock(&w->lock);
    return result;
}

void audit_enqueue(struct audit_writer *w, const struct audit_entry *entries, size_t n,
                   struct audit_ticket *t)
{
    if (n == 0)
        return;
    if (!t->pending)
        t->result = RC_OK;
    pthread_mutex_lock(&w->lock);
    enqueue_locked(w, entries, n, &t->result);
    t->last = w->next_seq - 1;
    t->pending = true;
    pthread_mutex_unlock(&w->lock);
}

void audit_when_done(struct audit_writer *w, struct audit_ticket *t, void (*fn)(void *), void *arg)
{
    pthread_mutex_lock(&w->lock);
    if (!t->pending || t->last < w->done_seq) {
        pthread_mutex_unlock(&w->lock);
        fn(arg);
        return;
    }
    if (w->nwaiters == w->waiters_cap) {
        w->waiters_cap = w->waiters_cap ? w->waiters_cap * 2 : 64;
        w->waiters = xrealloc(w->waiters, sizeof(*w->waiters) * w->waiters_cap);
    }
    w->waiters[w->nwaiters++] = (struct waiter){t->last, fn, arg};
    pthread_mutex_unlock(&w->lock);
}

enum rc audit_search(struct db *db, struct arena *a, int64_t resident_id, const char *username,
                     int limit, int offset, struct audit_record **out, int *n, int64_t *total)
{
    static const char COUNT_SQL[] =
        "SELECT count(*) FROM audit_log WHERE ($1 = 0 OR resident_id = $1)"
        " AND ($2 = '' OR username = $2)";
    static const char LIST_SQL[] =
        "SELECT id, at, coalesce(user_id, 0), username, role, coalesce(resident_id, 0),"
        " coalesce(case_id, 0), action, allowed, reason, ip FROM audit_log"
        " WHERE ($1 = 0 OR resident_id = $1) AND ($2 = '' OR username = $2)"
        " ORDER BY id DESC LIMIT $3 OFFSET $4";
    *out = NULL;
    *n = 0;
    *total = 0;
    if (!username)
        username = "";
    struct db_stmt *st;
    bool row;
    enum rc rc = db_prepare(db, COUNT_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, resident_id);
    db_bind_text(st, 2, username);
    rc = db_step(st, &row);
    if (!rc && row)
        *total = db_col_int(st, 0);
    db_done(st);
    if (rc)
        return rc;
    rc = db_prepare(db, LIST_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, resident_id);
    db_bind_text(st, 2, username);
    db_bind_int(st, 3, limit);
    db_bind_int(st, 4, offset);
    struct audit_record *recs = arena_alloc(a, sizeof(*recs) * (size_t)(limit > 0 ? limit : 1));
    int count = 0;
    while (!(rc = db_step(st, &row)) && row && count < limit) {
        struct audit_record *r = &recs[count++];
        r->id = db_col_int(st, 0);
        r->at = arena_strdup(a, db_col_text(st, 1));
        r->user_id = db_col_int(st, 2);
        r->username = arena_strdup(a, db_col_text(st, 3));
        r->role = arena_strdup(a, db_col_text(st, 4));
        r->resident_id = db_col_int(st, 5);
        r->case_id = db_col_int(st, 6);
        r->action = arena_strdup(a, db_col_text(st, 7));
        r->allowed = db_col_int(st, 8) != 0;
        r->reason = arena_strdup(a, db_col_text(st, 9));
        r->ip = arena_strdup(a, db_col_text(st, 10));
    }
    db_done(st);
    *out = recs;
    *n = count;
    return rc;
}
