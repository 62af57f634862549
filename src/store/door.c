#include "door.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "date.h"
#include "fold.h"
#include "door_internal.h"
#include "door_match.h"
#include "records.h"
#include "records_links.h"
#include "banned.h"

#define NOTE_MAX_CHARS 10000

void door_init(struct door *d, struct store *s, struct arena *a, const struct policy_actor *actor,
               const char *username, const char *ip)
{
    d->store = s;
    d->db = store_acquire(s);
    d->arena = a;
    d->actor = actor;
    d->username = username ? username : "";
    d->ip = ip ? ip : "";
    d->ticket = NULL;
}

void door_release(struct door *d)
{
    if (d->db)
        store_release(d->store, d->db);
    d->db = NULL;
}

struct audit_entry door_audit_entry(const struct door *d, enum policy_action action,
                                    int64_t resident_id, int64_t case_id,
                                    struct policy_decision decision)
{
    const struct policy_actor *a = d->actor;
    return (struct audit_entry){
        .user_id = a->user_id,
        .username = d->username,
        .role = a->system ? "system" : role_name(a->role),
        .organisation_id = a->organisation_id,
        .resident_id = resident_id,
        .case_id = case_id,
        .action = policy_action_name(action),
        .allowed = decision.allowed,
        .reason = decision.reason,
        .ip = d->ip,
    };
}

/* Records reads (or refusals). No personal data may leave before its audit
 * record is durable: with a ticket the caller holds its answer back until
 * the ticket's entries are committed (the web server does); without one this
 * waits for the commit here. */
enum rc door_audit_out(struct door *d, const struct audit_entry *entries, size_t n)
{
    if (d->ticket) {
        audit_enqueue(store_audit(d->store), entries, n, d->ticket);
        return RC_OK;
    }
    return audit_append(store_audit(d->store), entries, n);
}

enum rc door_audit_read(struct door *d, enum policy_action action, int64_t resident_id,
                        int64_t case_id, struct policy_decision decision)
{
    struct audit_entry e = door_audit_entry(d, action, resident_id, case_id, decision);
    return door_audit_out(d, &e, 1);
}

/* Records a refused request and answers as if the object did not exist. */
enum rc door_refuse(struct door *d, enum policy_action action, int64_t resident_id, int64_t case_id,
                    struct policy_decision decision, enum rc answer)
{
    if (d->db && db_in_transaction(d->db))
        db_rollback(d->db);
    enum rc rc = door_audit_read(d, action, resident_id, case_id, decision);
    return rc ? rc : answer;
}

static struct policy_decision decide(const struct door *d, enum policy_action action,
                                     const char *municipality, int64_t resident_id)
{
    struct policy_subject s = {.municipality = municipality, .resident_id = resident_id};
    return policy_decide(d->actor, action, &s);
}

/* Only partners reach a file through referrals and consents; for anyone
 * else the look-up would be a wasted query on every request. */
static bool needs_links(const struct policy_actor *a)
{
    return !a->system && (a->role == ROLE_JOB_COACH || a->role == ROLE_EMPLOYER);
}

enum rc door_subject(struct door *d, const char *municipality, int64_t resident_id, int64_t case_id,
                     struct policy_subject *s)
{
    memset(s, 0, sizeof(*s));
    s->municipality = municipality;
    s->resident_id = resident_id;
    if (!needs_links(d->actor))
        return RC_OK;
    return records_access_links(d->db, d->actor->organisation_id, resident_id, case_id, s);
}

/* Looks up what is asked for; a missing object is audited as a refusal
 * too, so probing for ids shows in the log. */
enum rc door_load_resident(struct door *d, enum policy_action action, int64_t id,
                           struct resident *r, struct policy_subject *subject)
{
    struct policy_subject own;
    if (!subject)
        subject = &own;
    enum rc rc = records_resident_get(d->db, d->arena, id, r);
    if (rc == RC_NOT_FOUND)
        return door_refuse(d, action, id, 0, (struct policy_decision){false, "not_found"},
                           RC_NOT_FOUND);
    if (!rc)
        rc = door_subject(d, r->municipality, r->id, 0, subject);
    if (rc)
        return rc;
    struct policy_decision dec = policy_decide(d->actor, action, subject);
    if (!dec.allowed) {
        memset(r, 0, sizeof(*r));
        return door_refuse(d, action, id, 0, dec, RC_NOT_FOUND);
    }
    return RC_OK;
}

/* Loads case id and asks the policy about `ask`; a refusal is recorded as
 * `record` (listing notes asks about the case but is a note read). */
enum rc door_load_case_as(struct door *d, enum policy_action record, enum policy_action ask,
                          int64_t id, struct case_file *c, struct policy_subject *subject)
{
    struct policy_subject own;
    if (!subject)
        subject = &own;
    enum rc rc = records_case_get(d->db, d->arena, id, c);
    if (rc == RC_NOT_FOUND)
        return door_refuse(d, record, 0, id, (struct policy_decision){false, "not_found"},
                           RC_NOT_FOUND);
    if (!rc)
        rc = door_subject(d, c->municipality, c->resident_id, id, subject);
    if (rc)
        return rc;
    struct policy_decision dec = policy_decide(d->actor, ask, subject);
    if (!dec.allowed) {
        int64_t resident_id = c->resident_id;
        memset(c, 0, sizeof(*c));
        return door_refuse(d, record, resident_id, id, dec, RC_NOT_FOUND);
    }
    return RC_OK;
}

enum rc door_load_case(struct door *d, enum policy_action action, int64_t id, struct case_file *c,
                       struct policy_subject *subject)
{
    return door_load_case_as(d, action, action, id, c, subject);
}

/* Ends a write: its audit record goes into the same transaction, so the
 * change and the record of who made it commit together or not at all. */
enum rc door_commit_with_audit(struct door *d, enum policy_action action, int64_t resident_id,
                               int64_t case_id, const char *reason)
{
    struct audit_entry e =
        door_audit_entry(d, action, resident_id, case_id, (struct policy_decision){true, reason});
    enum rc rc = audit_insert(d->db, &e);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return db_commit(d->db);
}

/* A write that met a serialization failure or deadlock (RC_BUSY) is run
 * again from the start, a bounded number of times with a growing pause. */
bool door_retry_busy(struct door *d, enum rc rc, int *attempt)
{
    if (rc != RC_BUSY || *attempt >= 5)
        return false;
    if (db_in_transaction(d->db))
        db_rollback(d->db);
    usleep(1000u << *attempt);
    (*attempt)++;
    return true;
}

enum rc door_resident_get(struct door *d, int64_t id, struct resident *out)
{
    struct policy_subject s;
    enum rc rc = door_load_resident(d, ACT_RESIDENT_READ, id, out, &s);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_RESIDENT_READ, id, 0,
                           policy_decide(d->actor, ACT_RESIDENT_READ, &s));
}

enum rc door_resident_get_for_update(struct door *d, int64_t id, struct resident *out)
{
    return door_load_resident(d, ACT_RESIDENT_UPDATE, id, out, NULL);
}

/* The actor's municipalities as ",GM0505,GM0590," for the search query. */
static const char *municipality_list(struct door *d)
{
    const struct policy_actor *a = d->actor;
    size_t size = (size_t)a->nmunicipalities * 8 + 2;
    char *s = arena_alloc(d->arena, size), *p = s;
    *p++ = ',';
    for (int i = 0; i < a->nmunicipalities; i++)
        p += snprintf(p, size - (size_t)(p - s), "%s,", a->municipalities[i]);
    return s;
}

enum rc door_resident_search(struct door *d, const char *q, int limit, int offset,
                             struct resident **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    struct policy_decision dec = decide(d, ACT_RESIDENT_SEARCH, NULL, 0);
    if (!dec.allowed || d->actor->nmunicipalities == 0)
        return door_refuse(d, ACT_RESIDENT_SEARCH, 0, 0, dec, RC_FORBIDDEN);
    const char *folded = fold_search_key(d->arena, q ? q : "");
    if (!folded)
        return RC_INVALID;
    const char *tokens[RECORDS_MAX_TOKENS];
    int ntokens = 0;
    char *copy = arena_strdup(d->arena, folded), *save = NULL;
    for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        /* Every word must match: dropping words would widen the result. */
        if (ntokens == RECORDS_MAX_TOKENS)
            return RC_INVALID;
        tokens[ntokens++] = t;
    }
    enum rc rc = records_resident_search(d->db, d->arena, tokens, ntokens, municipality_list(d),
                                         limit, offset, DOOR_COUNT_MAX, out, n, total);
    if (rc)
        return rc;
    /* The SQL already limits to the actor's municipalities; the policy still
     * has the last word on every row, and every row shown is audited. */
    struct audit_entry *entries = arena_alloc(d->arena, sizeof(*entries) * (size_t)(*n + 1));
    int kept = 0, nentries = 0;
    for (int i = 0; i < *n; i++) {
        struct resident *r = &(*out)[i];
        struct policy_decision rd = decide(d, ACT_RESIDENT_SEARCH, r->municipality, r->id);
        entries[nentries++] = door_audit_entry(d, ACT_RESIDENT_SEARCH, r->id, 0, rd);
        if (rd.allowed)
            (*out)[kept++] = *r;
    }
    if (nentries == 0)
        entries[nentries++] = door_audit_entry(d, ACT_RESIDENT_SEARCH, 0, 0, dec);
    *n = kept;
    return door_audit_out(d, entries, (size_t)nentries);
}

/* Shared by create and update: the municipality must exist and be one the
 * actor works for. */
static enum rc check_municipality(struct door *d, enum policy_action action, struct resident *r,
                                  struct field_errors *errs)
{
    bool exists = false;
    enum rc rc = records_municipality_exists(d->db, r->municipality, &exists);
    if (rc)
        return rc;
    struct policy_decision dec = decide(d, action, r->municipality, r->id);
    if (!exists || !dec.allowed) {
        errs->msg[RF_MUNICIPALITY] = "field.municipality";
        errs->count++;
        if (!exists)
            return RC_INVALID;
        return door_refuse(d, action, r->id, 0, dec, RC_FORBIDDEN);
    }
    return RC_OK;
}

static enum rc resident_create_once(struct door *d, struct resident *r, struct field_errors *errs)
{
    r->id = 0;
    if (!resident_normalize(d->arena, r, errs))
        return RC_INVALID;
    enum rc rc = check_municipality(d, ACT_RESIDENT_CREATE, r, errs);
    if (rc)
        return rc;
    char now[21];
    timestamp_now(now);
    rc = db_begin(d->db, true);
    if (rc)
        return rc;
    rc = records_resident_insert(d->db, r, resident_search_key(d->arena, r), now, &r->id);
    if (rc == RC_CONFLICT) {
        db_rollback(d->db);
        errs->msg[RF_BSN] = "field.bsn_taken";
        errs->count++;
        return RC_CONFLICT;
    }
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    r->created_at = r->updated_at = arena_strdup(d->arena, now);
    return door_commit_with_audit(d, ACT_RESIDENT_CREATE, r->id, 0, "municipality");
}

static enum rc resident_update_once(struct door *d, struct resident *r, struct field_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    struct resident old;
    enum rc rc = door_load_resident(d, ACT_RESIDENT_UPDATE, r->id, &old, NULL);
    if (rc)
        return rc;
    /* The BSN identifies the person: it cannot be edited, only shown. */
    if (r->bsn && *r->bsn && strcmp(r->bsn, old.bsn) != 0) {
        resident_normalize(d->arena, r, errs);
        errs->msg[RF_BSN] = "field.bsn_fixed";
        errs->count++;
        return RC_INVALID;
    }
    r->bsn = old.bsn;
    if (!resident_normalize(d->arena, r, errs))
        return RC_INVALID;
    rc = check_municipality(d, ACT_RESIDENT_UPDATE, r, errs);
    if (rc)
        return rc;
    char now[21];
    timestamp_now(now);
    rc = db_begin(d->db, true);
    if (!rc)
        rc = records_resident_update(d->db, r, resident_search_key(d->arena, r), now);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    r->created_at = old.created_at;
    r->updated_at = arena_strdup(d->arena, now);
    return door_commit_with_audit(d, ACT_RESIDENT_UPDATE, r->id, 0, "municipality");
}

enum rc door_case_list(struct door *d, int64_t resident_id, struct case_file **out, int *n)
{
    *out = NULL;
    *n = 0;
    struct resident r;
    struct policy_subject s;
    enum rc rc = door_load_resident(d, ACT_CASE_READ, resident_id, &r, &s);
    if (rc)
        return rc;
    rc = records_case_list(d->db, d->arena, resident_id, out, n);
    if (rc)
        return rc;
    /* A partner may be tied to one case of the resident and not another. */
    if (needs_links(d->actor)) {
        int kept = 0;
        for (int i = 0; i < *n; i++) {
            struct policy_subject cs;
            rc = door_subject(d, r.municipality, resident_id, (*out)[i].id, &cs);
            if (rc)
                return rc;
            if (policy_decide(d->actor, ACT_CASE_READ, &cs).allowed)
                (*out)[kept++] = (*out)[i];
        }
        *n = kept;
    }
    return door_audit_read(d, ACT_CASE_READ, resident_id, 0,
                           policy_decide(d->actor, ACT_CASE_READ, &s));
}

enum rc door_case_get(struct door *d, int64_t case_id, struct case_file *out)
{
    struct policy_subject s;
    enum rc rc = door_load_case(d, ACT_CASE_READ, case_id, out, &s);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_CASE_READ, out->resident_id, case_id,
                           policy_decide(d->actor, ACT_CASE_READ, &s));
}

static enum rc case_open_once(struct door *d, int64_t resident_id, struct case_file *out)
{
    struct resident r;
    enum rc rc = door_load_resident(d, ACT_CASE_CREATE, resident_id, &r, NULL);
    if (rc)
        return rc;
    char now[21];
    timestamp_now(now);
    int64_t id = 0;
    rc = db_begin(d->db, true);
    if (!rc)
        rc = records_case_insert(d->db, resident_id, d->actor->system ? 0 : d->actor->user_id, now,
                                 &id);
    if (!rc)
        rc = records_transition_insert(d->db, id, "", case_phase_name(CASE_AANMELDING), "",
                                       d->actor->user_id, now);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = door_commit_with_audit(d, ACT_CASE_CREATE, resident_id, id, "municipality");
    if (rc)
        return rc;
    return records_case_get(d->db, d->arena, id, out);
}

static enum rc case_transition_once(struct door *d, int64_t case_id, enum case_phase to,
                                    const char *reason, struct case_file *out)
{
    if (reason && !*reason)
        reason = NULL;
    /* Read the phase inside the write transaction, so two people moving the
     * same case at once cannot both succeed from the same phase. */
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    rc = door_load_case(d, ACT_CASE_TRANSITION, case_id, out, NULL);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = case_transition_check(out->phase, to, reason);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    char now[21];
    timestamp_now(now);
    rc = records_case_set_phase(d->db, case_id, to, reason, now);
    if (!rc)
        rc = records_transition_insert(d->db, case_id, case_phase_name(out->phase),
                                       case_phase_name(to), reason, d->actor->user_id, now);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    rc = door_commit_with_audit(d, ACT_CASE_TRANSITION, out->resident_id, case_id, "municipality");
    if (rc)
        return rc;
    return records_case_get(d->db, d->arena, case_id, out);
}

enum rc door_case_history(struct door *d, int64_t case_id, struct case_transition **out, int *n)
{
    *out = NULL;
    *n = 0;
    struct case_file c;
    struct policy_subject s;
    enum rc rc = door_load_case(d, ACT_CASE_READ, case_id, &c, &s);
    if (rc)
        return rc;
    rc = records_transitions(d->db, d->arena, case_id, out, n);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_CASE_READ, c.resident_id, case_id,
                           policy_decide(d->actor, ACT_CASE_READ, &s));
}

enum rc door_note_list(struct door *d, int64_t case_id, struct note **out, int *n)
{
    *out = NULL;
    *n = 0;
    /* The case is the gate; then each note is weighed on its own
     * visibility (a resident sees only the notes shared with them). */
    struct case_file c;
    struct policy_subject cs;
    enum rc rc = door_load_case_as(d, ACT_NOTE_READ, ACT_CASE_READ, case_id, &c, &cs);
    if (rc)
        return rc;
    rc = records_notes(d->db, d->arena, case_id, out, n);
    if (rc)
        return rc;
    int kept = 0;
    for (int i = 0; i < *n; i++) {
        struct note *nt = &(*out)[i];
        struct policy_subject s = cs;
        s.note_author_org = nt->author_org;
        s.note_visibility = nt->visibility;
        if (policy_decide(d->actor, ACT_NOTE_READ, &s).allowed)
            (*out)[kept++] = *nt;
    }
    *n = kept;
    return door_audit_read(d, ACT_NOTE_READ, c.resident_id, case_id,
                           policy_decide(d->actor, ACT_CASE_READ, &cs));
}

static enum rc note_create_once(struct door *d, int64_t case_id, enum note_visibility visibility,
                                const char *text, struct note *out)
{
    if (!text || !*text || !text_clean_multiline(text, NOTE_MAX_CHARS) ||
        (unsigned)visibility >= NOTE_VISIBILITY_COUNT)
        return RC_INVALID;
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct case_file c;
    struct policy_subject cs;
    rc = door_load_case(d, ACT_NOTE_CREATE, case_id, &c, &cs);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    char now[21];
    timestamp_now(now);
    memset(out, 0, sizeof(*out));
    out->case_id = case_id;
    out->author_id = d->actor->user_id;
    out->author_org = d->actor->organisation_id;
    out->visibility = visibility;
    out->text = text;
    out->created_at = arena_strdup(d->arena, now);
    rc = records_note_insert(d->db, out, &out->id);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return door_commit_with_audit(d, ACT_NOTE_CREATE, c.resident_id, case_id,
                                  policy_decide(d->actor, ACT_NOTE_CREATE, &cs).reason);
}

enum rc door_resident_create(struct door *d, struct resident *r, struct field_errors *errs)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = resident_create_once(d, r, errs);
    while (door_retry_busy(d, rc, &attempt));
    return rc;
}

enum rc door_resident_update(struct door *d, struct resident *r, struct field_errors *errs)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = resident_update_once(d, r, errs);
    while (door_retry_busy(d, rc, &attempt));
    if (!rc)
        door_match_resident_changed(d, r->id);
    return rc;
}

enum rc door_case_open(struct door *d, int64_t resident_id, struct case_file *out)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = case_open_once(d, resident_id, out);
    while (door_retry_busy(d, rc, &attempt));
    return rc;
}

enum rc door_case_transition(struct door *d, int64_t case_id, enum case_phase to,
                             const char *reason, struct case_file *out)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = case_transition_once(d, case_id, to, reason, out);
    while (door_retry_busy(d, rc, &attempt));
    if (!rc)
        door_match_case_changed(d, case_id);
    return rc;
}

enum rc door_note_create(struct door *d, int64_t case_id, enum note_visibility visibility,
                         const char *text, struct note *out)
{
    enum rc rc;
    int attempt = 0;
    do
        rc = note_create_once(d, case_id, visibility, text, out);
    while (door_retry_busy(d, rc, &attempt));
    return rc;
}

enum rc door_caseload(struct door *d, int limit, struct caseload *out)
{
    memset(out, 0, sizeof(*out));
    if (d->actor->system || d->actor->role != ROLE_CASE_MANAGER)
        return RC_OK;
    enum rc rc = records_caseload(d->db, d->arena, d->actor->user_id, limit, out);
    if (rc)
        return rc;
    struct audit_entry *entries =
        arena_alloc(d->arena, sizeof(*entries) * (size_t)(out->ncases + 1));
    int kept = 0;
    for (int i = 0; i < out->ncases; i++) {
        struct case_file *c = &out->cases[i];
        struct policy_decision dec = decide(d, ACT_CASE_READ, c->municipality, c->resident_id);
        entries[i] = door_audit_entry(d, ACT_CASE_READ, c->resident_id, c->id, dec);
        if (dec.allowed)
            out->cases[kept++] = *c;
    }
    int nentries = out->ncases;
    out->ncases = kept;
    return door_audit_out(d, entries, (size_t)nentries);
}

enum rc door_audit_search(struct door *d, int64_t resident_id, const char *username, int limit,
                          int offset, struct audit_record **out, int *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    struct policy_decision dec = policy_decide(d->actor, ACT_AUDIT_READ, NULL);
    if (!dec.allowed)
        return door_refuse(d, ACT_AUDIT_READ, resident_id, 0, dec, RC_FORBIDDEN);
    enum rc rc = audit_search(d->db, d->arena, resident_id, username, limit, offset, out, n, total);
    if (rc)
        return rc;
    /* Reading the log is itself recorded: the privacy officer is watched too. */
    return door_audit_read(d, ACT_AUDIT_READ, resident_id, 0, dec);
}
