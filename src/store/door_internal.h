/* What the files of the one door (src/store/door*.c) share: the audit
 * helpers and the loads that ask the policy. PRIVATE to the door: only
 * door*.c and records*.c include it (tests/check_sources.sh checks). Each
 * area of the file (intake, plan, referrals, consents) keeps its own
 * door_<area>.c with its raw SQL in records_<area>.c. */
#ifndef WR_DOOR_INTERNAL_H
#define WR_DOOR_INTERNAL_H

#include "door.h"

struct audit_entry door_audit_entry(const struct door *d, enum policy_action action,
                                    int64_t resident_id, int64_t case_id,
                                    struct policy_decision decision);
/* Records reads (or refusals); see door.c for when the answer may leave. */
enum rc door_audit_out(struct door *d, const struct audit_entry *entries, size_t n);
enum rc door_audit_read(struct door *d, enum policy_action action, int64_t resident_id,
                        int64_t case_id, struct policy_decision decision);
/* Rolls back any open transaction, records the refusal and returns answer. */
enum rc door_refuse(struct door *d, enum policy_action action, int64_t resident_id, int64_t case_id,
                    struct policy_decision decision, enum rc answer);
/* Ends a write: the audit record of `action` commits with the change. */
enum rc door_commit_with_audit(struct door *d, enum policy_action action, int64_t resident_id,
                               int64_t case_id, const char *reason);
/* True (after a pause) when a write that met RC_BUSY should run again. */
bool door_retry_busy(struct door *d, enum rc rc, int *attempt);

/* door_subject fills s for the resident's file: their municipality and id,
 * and, for a partner (jobcoach, employer), the referrals and consents that
 * tie the actor's organisation to case_id (0: to any case of the resident). */
enum rc door_subject(struct door *d, const char *municipality, int64_t resident_id, int64_t case_id,
                     struct policy_subject *s);

/* Load what is asked for and ask the policy about `ask`; a missing object or
 * a refusal is audited as `record` and answers RC_NOT_FOUND. subject (may be
 * NULL) receives what the policy was asked about, for later questions on
 * the same file (fields, notes). */
enum rc door_load_resident(struct door *d, enum policy_action action, int64_t id,
                           struct resident *r, struct policy_subject *subject);
enum rc door_load_case_as(struct door *d, enum policy_action record, enum policy_action ask,
                          int64_t id, struct case_file *c, struct policy_subject *subject);
enum rc door_load_case(struct door *d, enum policy_action action, int64_t id, struct case_file *c,
                       struct policy_subject *subject);

/* door_match_why explains the pair now (filter MATCH_FILTER_COUNT when
 * either is not in the index), with labels, without a record of its own:
 * for a caller that has asked the policy and records the read itself. */
struct match_why;
enum rc door_match_why(struct door *d, int64_t case_id, int64_t vacancy_id, struct match_why *out);

#endif
