/* Raw SQL for intakes (door_intake.c). PRIVATE to the door: these
 * functions check nothing and audit nothing (see door_internal.h). */
#ifndef WR_RECORDS_INTAKE_H
#define WR_RECORDS_INTAKE_H

#include "door_intake.h"

/* records_intake_latest reads the highest version of case_id's intake
 * (without its lists) and its row id; RC_NOT_FOUND when there is none. */
enum rc records_intake_latest(struct db *db, struct arena *a, int64_t case_id,
                              struct intake_record *out, int64_t *intake_id);
/* records_intake_lists fills the skills (with levels), wishes and
 * languages of intake row intake_id into out, with the ESCO labels. */
enum rc records_intake_lists(struct db *db, struct arena *a, int64_t intake_id,
                             struct intake_record *out);
enum rc records_intake_versions(struct db *db, struct arena *a, int64_t case_id, int limit,
                                struct intake_history **out, int *n);
/* records_intake_insert adds the next version of case_id's intake (the
 * scalar fields of in); *intake_id and *version receive its row id and
 * number. */
enum rc records_intake_insert(struct db *db, int64_t case_id, const struct intake *in,
                              const char *licences, const char *barriers, int64_t user_id,
                              const char *now, int64_t *intake_id, int *version);
/* records_intake_add_skill and _add_wish add the concept with uri to the
 * intake; *found is false (and nothing added) when no concept has it. */
enum rc records_intake_add_skill(struct db *db, int64_t intake_id, const char *uri,
                                 enum skill_level level, bool *found);
enum rc records_intake_add_wish(struct db *db, int64_t intake_id, const char *uri, bool *found);
enum rc records_intake_add_language(struct db *db, int64_t intake_id,
                                    const struct intake_language *l);
/* records_case_set_route sets the route of case_id; *open is false (and
 * nothing changed) when the case is closed or gone. On PostgreSQL the
 * update also locks the case row, so two saves of one case take turns. */
enum rc records_case_set_route(struct db *db, int64_t case_id, enum case_route route, bool *open);

#endif
