/* The one door to personal data. Every read or write of a resident, case or
 * note goes through these functions: each asks the policy (core/policy.h)
 * whether the actor may, and records the answer in the audit log, allowed or
 * refused. Nothing above the store reaches the data another way (records.h
 * is private to the door; a test checks that). See docs/internals/door.md.
 *
 * Errors: RC_NOT_FOUND for what does not exist and for any refused action on
 * an existing resident, case or note (so nobody learns what exists
 * elsewhere); RC_FORBIDDEN when a search, or a create or update into a
 * municipality the actor names itself, is refused;
 * RC_INVALID, RC_CONFLICT for bad or clashing input; RC_BUSY, RC_STORE. */
#ifndef WR_DOOR_H
#define WR_DOOR_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "case_phase.h"
#include "policy.h"
#include "rc.h"
#include "resident.h"
#include "audit.h"
#include "store.h"

struct case_file {
    int64_t id;
    int64_t resident_id;
    enum case_phase phase;
    enum case_route route;
    const char *close_reason; /* "" while open */
    int64_t case_manager_id;
    const char *case_manager_name;
    const char *opened_at;
    const char *closed_at;     /* "" while open */
    const char *municipality;  /* the resident's */
    const char *resident_name; /* display name */
};

struct case_transition {
    int64_t id;
    const char *from_phase; /* "" for the opening */
    const char *to_phase;
    const char *reason;
    const char *by; /* display name of the user, "" for the system */
    const char *at;
};

struct note {
    int64_t id;
    int64_t case_id;
    int64_t author_id;
    int64_t author_org;
    const char *author_name;
    enum note_visibility visibility;
    const char *text;
    const char *created_at;
};

/* One request's way in: who asks, from where, on which connection. */
struct door {
    struct store *store;
    struct db *db; /* borrowed from the pool for this request */
    struct arena *arena;
    const struct policy_actor *actor;
    const char *username;
    const char *ip;
    /* NULL: reads wait for their audit record. Set (by the web server): reads
     * queue it on the ticket and the answer is held back until it commits. */
    struct audit_ticket *ticket;
};

/* door_init borrows a connection for d; door_release gives it back. */
void door_init(struct door *d, struct store *s, struct arena *a, const struct policy_actor *actor,
               const char *username, const char *ip);
void door_release(struct door *d);

enum rc door_resident_get(struct door *d, int64_t id, struct resident *out);
/* A search counts its matches up to this; *total DOOR_COUNT_MAX + 1 means
 * more than that. Counting them all would cost as much as finding them all. */
#define DOOR_COUNT_MAX 1000
/* door_resident_search finds residents with, for every word of q, a word of
 * their name, BSN, postcode, birth date or e-mail (or a part of a
 * hyphenated one: "vries" in "Jansen-de Vries") that starts with it
 * (accent- and case-insensitive), within the actor's municipalities,
 * ordered by the first word that starts with q's longest word and then by
 * name; q "" lists them all by last name. More than RECORDS_MAX_TOKENS (8)
 * words is RC_INVALID. */
enum rc door_resident_search(struct door *d, const char *q, int limit, int offset,
                             struct resident **out, int *n, int64_t *total);
/* door_resident_create checks r (resident_normalize) and stores it; field
 * problems come back in errs with RC_INVALID; a taken BSN is RC_CONFLICT. */
enum rc door_resident_create(struct door *d, struct resident *r, struct field_errors *errs);
/* door_resident_get_for_update loads resident id for an edit that merges
 * into it (an API PATCH): it asks the policy about the update, so a refusal
 * is recorded as resident.update, not as a read. Nothing of it is shown
 * before the update, whose own record (or the read of the result) follows. */
enum rc door_resident_get_for_update(struct door *d, int64_t id, struct resident *out);
/* door_resident_update replaces the editable fields of resident r->id; the
 * BSN cannot change. */
enum rc door_resident_update(struct door *d, struct resident *r, struct field_errors *errs);

enum rc door_case_list(struct door *d, int64_t resident_id, struct case_file **out, int *n);
enum rc door_case_get(struct door *d, int64_t case_id, struct case_file *out);
/* door_case_open opens a case in phase aanmelding with the actor as its
 * klantmanager. */
enum rc door_case_open(struct door *d, int64_t resident_id, struct case_file *out);
/* door_case_transition moves a case: RC_CONFLICT when the move is not
 * allowed from its phase, RC_INVALID for a missing or needless reason. */
enum rc door_case_transition(struct door *d, int64_t case_id, enum case_phase to,
                             const char *reason, struct case_file *out);
enum rc door_case_history(struct door *d, int64_t case_id, struct case_transition **out, int *n);

/* door_note_list returns only the notes the actor may read. */
enum rc door_note_list(struct door *d, int64_t case_id, struct note **out, int *n);
enum rc door_note_create(struct door *d, int64_t case_id, enum note_visibility visibility,
                         const char *text, struct note *out);

/* The actor's own caseload: open cases per phase and the cases themselves. */
struct caseload {
    int64_t per_phase[CASE_PHASE_COUNT];
    struct case_file *cases;
    int ncases;
};
enum rc door_caseload(struct door *d, int limit, struct caseload *out);

/* door_audit_search lets the privacy officer read the audit log. */
struct audit_record;
enum rc door_audit_search(struct door *d, int64_t resident_id, const char *username, int limit,
                          int offset, struct audit_record **out, int *n, int64_t *total);

#endif
