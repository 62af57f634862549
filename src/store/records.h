/* Raw SQL for residents, cases and notes. PRIVATE to the door (door.c):
 * these functions check nothing and audit nothing. Nothing else includes
 * this header; tests/unit/test_layering.c fails the build's tests if it does. */
#ifndef WR_RECORDS_H
#define WR_RECORDS_H

#include "door.h"

#define RECORDS_MAX_TOKENS 8

enum rc records_resident_get(struct db *db, struct arena *a, int64_t id, struct resident *out);
/* tokens are folded words; municipalities is ",GM0505,GM0590," (all when "").
 * *total counts matches up to count_max + 1. */
enum rc records_resident_search(struct db *db, struct arena *a, const char *const *tokens,
                                int ntokens, const char *municipalities, int limit, int offset,
                                int count_max, struct resident **out, int *n, int64_t *total);
enum rc records_resident_insert(struct db *db, const struct resident *r, const char *search_key,
                                const char *now, int64_t *id);
enum rc records_resident_update(struct db *db, const struct resident *r, const char *search_key,
                                const char *now);
enum rc records_municipality_exists(struct db *db, const char *code, bool *exists);

enum rc records_case_list(struct db *db, struct arena *a, int64_t resident_id,
                          struct case_file **out, int *n);
enum rc records_case_get(struct db *db, struct arena *a, int64_t id, struct case_file *out);
enum rc records_case_insert(struct db *db, int64_t resident_id, int64_t case_manager_id,
                            const char *now, int64_t *id);
enum rc records_case_set_phase(struct db *db, int64_t id, enum case_phase phase,
                               const char *close_reason, const char *now);
enum rc records_transition_insert(struct db *db, int64_t case_id, const char *from, const char *to,
                                  const char *reason, int64_t user_id, const char *now);
enum rc records_transitions(struct db *db, struct arena *a, int64_t case_id,
                            struct case_transition **out, int *n);
enum rc records_notes(struct db *db, struct arena *a, int64_t case_id, struct note **out, int *n);
enum rc records_note_insert(struct db *db, const struct note *nt, int64_t *id);
enum rc records_caseload(struct db *db, struct arena *a, int64_t case_manager_id, int limit,
                         struct caseload *out);

#endif
