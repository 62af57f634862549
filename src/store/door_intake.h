/* The intake of a case through the one door (door.h): read the current
 * version and the history of the participatieladder, save a new version.
 * Every save adds a version (the highest is current), so progress over
 * time can be shown. The API speaks ESCO URIs; the store keeps the ids of
 * esco_skills and esco_occupations.
 *
 * Reading asks ACT_CASE_READ (the case's municipality, or a jobcoach of an
 * organisation with an accepted referral); the benefit is only given when
 * ACT_BENEFIT_READ allows it, and else left empty with benefit_hidden set.
 * Saving asks ACT_CASE_UPDATE (the municipality's klantmanager). A case the
 * actor may not see answers RC_NOT_FOUND, like one that does not exist;
 * allowed and refused requests are audited. */
#ifndef WR_DOOR_INTAKE_H
#define WR_DOOR_INTAKE_H

#include "door.h"
#include "esco.h"
#include "intake.h"

/* The history lists at most this many versions, newest first. */
#define DOOR_INTAKE_HISTORY_MAX 200

/* One saved version of an intake. */
struct intake_record {
    int64_t case_id;
    int version;         /* 0: no intake yet; the rest is then empty */
    struct intake data;  /* as saved; data.benefit is "" when hidden */
    bool benefit_hidden; /* the actor may not read the benefit */
    /* The ESCO concepts of data.skills and data.wishes, index for index,
     * with their labels by the display rule of esco.h. */
    struct esco_concept *skill_concepts;
    struct esco_concept *wish_concepts;
    const char *by;         /* display name of who saved it, "" when unknown */
    const char *created_at; /* "" for version 0 */
};

/* A version as the ladder history shows it: step then and now. */
struct intake_history {
    int version;
    int ladder_step;
    const char *ladder_measured_on;
    enum case_route route;
    const char *by;
    const char *created_at;
};

/* door_intake_get reads the current (highest) version of case_id's intake
 * into out, all strings in the door's arena; a case without an intake
 * gives RC_OK with version 0. */
enum rc door_intake_get(struct door *d, int64_t case_id, struct intake_record *out);

/* door_intake_versions lists the versions of case_id's intake, newest
 * first, at most DOOR_INTAKE_HISTORY_MAX; none is RC_OK with *n 0. */
enum rc door_intake_versions(struct door *d, int64_t case_id, struct intake_history **out, int *n);

/* door_intake_put checks in (intake_check, allocating in the door's arena)
 * and saves it as the next version of case_id's intake in one transaction
 * with its audit record, setting the case's route to in->route. An ESCO URI
 * that names no skill or occupation is a field error. *version receives the
 * new version number. Errors: RC_NOT_FOUND (no such case, or not the
 * actor's to change); RC_INVALID with errs filled; RC_CONFLICT when the
 * case is closed; RC_BUSY, RC_STORE. When the actor may not read the
 * benefit, the stored one is kept whatever in->benefit says. */
enum rc door_intake_put(struct door *d, int64_t case_id, struct intake *in,
                        struct intake_errors *errs, int *version);

#endif
