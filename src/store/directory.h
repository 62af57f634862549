/* The region's who's who: municipalities, organisations and users. This is
 * data about professionals and partners, not about residents, so it does not
 * pass the door; the web layer restricts these pages to the administrator. */
#ifndef WR_DIRECTORY_H
#define WR_DIRECTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "policy.h"
#include "rc.h"

struct municipality {
    const char *code;
    const char *name;
    const char *region_code;
    const char *region_name;
};

struct organisation {
    int64_t id;
    const char *name;
    enum org_kind kind;
    const char **municipalities;
    int nmunicipalities;
};

struct user {
    int64_t id;
    const char *username;
    const char *display_name;
    const char *password_hash;
    enum role role;
    int64_t organisation_id;
    const char *organisation_name;
    enum org_kind org_kind;
    int64_t resident_id; /* role resident: the own file */
    bool active;
    const char **municipalities;
    int nmunicipalities;
};

enum rc directory_municipality_put(struct db *db, const struct municipality *m);
enum rc directory_municipalities(struct db *db, struct arena *a, struct municipality **out, int *n);
/* directory_municipality_name is the name for code, or NULL when unknown. */
const char *directory_municipality_name(struct db *db, struct arena *a, const char *code);

enum rc directory_organisation_create(struct db *db, const struct organisation *o, int64_t *id);
enum rc directory_organisations(struct db *db, struct arena *a, struct organisation **out, int *n);
enum rc directory_organisation_get(struct db *db, struct arena *a, int64_t id,
                                   struct organisation *out);

/* directory_user_create stores u with the given hash. RC_INVALID when the
 * organisation does not exist or does not serve every one of
 * u->municipalities (each named once); a taken username is RC_CONFLICT.
 * Runs in its own transaction unless one is open. */
enum rc directory_user_create(struct db *db, const struct user *u, const char *password_hash,
                              int64_t *id);
enum rc directory_user_by_name(struct db *db, struct arena *a, const char *username,
                               struct user *out);
enum rc directory_user_get(struct db *db, struct arena *a, int64_t id, struct user *out);
enum rc directory_users(struct db *db, struct arena *a, struct user **out, int *n);
enum rc directory_user_set_password(struct db *db, int64_t id, const char *password_hash);
/* directory_user_set_active switches a user on or off; switching off also
 * ends the user's sessions. RC_NOT_FOUND for an unknown id. */
enum rc directory_user_set_active(struct db *db, int64_t id, bool active);

/* directory_actor turns a user into the policy's actor. */
void directory_actor(const struct user *u, struct policy_actor *out);

#endif
