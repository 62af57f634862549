/* The audit log (inzagelog): every read and write of personal data, allowed
 * or refused. Reads are recorded through a group-commit writer: one thread
 * commits a batch, then every request waiting in that batch may answer.
 * Writes record their entry in their own transaction (audit_insert), so data
 * and its audit record commit together. See docs/internals/door.md. */
#ifndef WR_AUDIT_H
#define WR_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "rc.h"

struct audit_writer;

struct audit_entry {
    int64_t user_id; /* 0 for the command line */
    const char *username;
    const char *role;
    int64_t organisation_id;
    int64_t resident_id; /* 0 when none */
    int64_t case_id;     /* 0 when none */
    const char *action;  /* e.g. "resident.read" */
    bool allowed;
    const char *reason; /* the policy's reason code */
    const char *ip;
};

/* audit_writer_start opens its own connection to url and starts the thread. */
enum rc audit_writer_start(const char *url, struct audit_writer **out);
/* audit_writer_stop commits what is queued, then stops and frees. */
void audit_writer_stop(struct audit_writer *w);

/* audit_append copies n entries into the queue and returns once they are
 * durably committed (RC_OK) or the write failed (RC_STORE/RC_BUSY). */
enum rc audit_append(struct audit_writer *w, const struct audit_entry *entries, size_t n);

/* A request's claim on entries it queued without waiting: the server holds
 * the response back until they are committed (audit_when_done), so a worker
 * thread need not wait and more reads share one commit. The ticket must stay
 * where it is until its callback has run. */
struct audit_ticket {
    bool pending;   /* something was queued */
    uint64_t last;  /* sequence number of the last entry queued */
    enum rc result; /* RC_OK, or the failure of a batch holding one of ours */
};

/* audit_enqueue copies n entries into the queue and returns at once
 * (waiting only when the queue is full); t records them. */
void audit_enqueue(struct audit_writer *w, const struct audit_entry *entries, size_t n,
                   struct audit_ticket *t);
/* audit_when_done calls fn(arg) once, from the writer thread or at once, when
 * every entry of t is committed or failed (see t->result). */
void audit_when_done(struct audit_writer *w, struct audit_ticket *t, void (*fn)(void *), void *arg);

/* audit_insert writes one entry through db, inside the caller's transaction. */
enum rc audit_insert(struct db *db, const struct audit_entry *e);

struct audit_record {
    int64_t id;
    const char *at;
    int64_t user_id;
    const char *username;
    const char *role;
    int64_t resident_id;
    int64_t case_id;
    const char *action;
    bool allowed;
    const char *reason;
    const char *ip;
};

/* audit_search lists records newest first, filtered by resident (>0) and/or
 * username (non-empty); results live in arena a. */
enum rc audit_search(struct db *db, struct arena *a, int64_t resident_id, const char *username,
                     int limit, int offset, struct audit_record **out, int *n, int64_t *total);

#endif
