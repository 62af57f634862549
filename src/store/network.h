/* The employer network: employers (organisations of kind employer with
 * their KvK number, sector, address, contact people, network and PSO
 * level) and the workplaces they offer, with ESCO occupation and skills.
 * These are not residents' data, so they do not pass the door, but who
 * sees what is still checked here: employer advisers and klantmanagers see
 * the employers serving one of their municipalities, an employer's users
 * only their own organisation; others nothing. Employer advisers (and the
 * command line) add and change employers; advisers and the employer's own
 * users add and change its workplaces. A change of a workplace updates the
 * matching index (door_match.h).
 *
 * Errors: RC_NOT_FOUND for an employer or workplace that does not exist or
 * that the actor may not see; RC_FORBIDDEN when the actor may see but not
 * change it, or may not use this at all; RC_INVALID with the problems in
 * errs; RC_CONFLICT for a KvK number or name already taken; RC_BUSY,
 * RC_STORE. */
#ifndef WR_NETWORK_H
#define WR_NETWORK_H

#include "door.h"
#include "door_referral.h"
#include "employer.h"
#include "esco.h"

#define NETWORK_MAX_CONTACTS 20

struct employer_contact {
    const char *name;
    const char *position;
    const char *email;
    const char *phone;
};

struct employer {
    int64_t id; /* the organisation's */
    const char *name;
    const char *kvk;
    const char *sbi; /* SBI 2008 code, "" when not known */
    const char *address;
    const char *postcode;
    const char *city;
    const char *network;
    enum pso_level pso_level;
    const char *notes;
    const char **municipalities; /* CBS codes the employer is in the network of */
    int nmunicipalities;
    struct employer_contact *contacts;
    int ncontacts;
    int open_vacancies;
    const char *created_at;
    const char *updated_at;
};

/* An employer as entered (create or update). municipalities NULL: those of
 * the actor. */
struct employer_input {
    const char *name;
    const char *kvk;
    const char *sbi;
    const char *address;
    const char *postcode;
    const char *city;
    const char *network;
    const char *pso_level;
    const char *notes;
    const char **municipalities;
    int nmunicipalities;
    const struct employer_contact *contacts;
    int ncontacts;
};

struct vacancy_skill {
    struct esco_concept skill;
    bool essential;
};

struct vacancy {
    int64_t id;
    int64_t employer_id;
    const char *employer_name;
    const char *title;
    struct esco_concept occupation;
    enum vacancy_kind kind;
    int hours_per_week;
    int places;
    const char *postcode;
    const char *starts_on; /* "" when not set */
    bool wage_subsidy;     /* loonkostensubsidie possible */
    bool job_coaching;     /* jobcoaching possible */
    unsigned licences;     /* bits 1u << enum driving_licence */
    const char *dutch_level; /* "" or a CEFR level */
    const char *description;
    enum vacancy_status status;
    struct vacancy_skill *skills; /* essential first, by label */
    int nskills;
    int open_proposals;
    const char *created_at;
    const char *updated_at;
};

/* A workplace as entered. skills NULL (nskills -1): pre-filled from the
 * occupation's ESCO relations, essential and optional. */
struct vacancy_input {
    int64_t employer_id;
    const char *title; /* "" or NULL: the occupation's label */
    const char *occupation_uri;
    const char *kind;
    int hours_per_week;
    int places;
    const char *postcode;
    const char *starts_on;
    bool wage_subsidy;
    bool job_coaching;
    unsigned licences;
    const char *dutch_level;
    const char *description;
    const char *status; /* update only; NULL keeps it */
    const char *const *skill_uris;
    const bool *skill_essential;
    int nskills; /* -1: from ESCO */
};

/* Lists are ordered by name (employers) or newest first (workplaces) and
 * hold at most limit rows; q "" lists all, else employers whose name or
 * KvK number contains it. */
enum rc network_employer_list(struct door *d, const char *q, int limit, struct employer **out,
                              int *n);
enum rc network_employer_get(struct door *d, int64_t id, struct employer *out);
enum rc network_employer_create(struct door *d, const struct employer_input *in,
                                struct employer *out, struct door_field_errors *errs);
enum rc network_employer_update(struct door *d, int64_t id, const struct employer_input *in,
                                struct employer *out, struct door_field_errors *errs);

/* employer_id 0: the workplaces of every employer the actor sees; status
 * NULL: open and closed. */
enum rc network_vacancy_list(struct door *d, int64_t employer_id, const char *status, int limit,
                             struct vacancy **out, int *n);
enum rc network_vacancy_get(struct door *d, int64_t id, struct vacancy *out);
enum rc network_vacancy_create(struct door *d, const struct vacancy_input *in,
                               struct vacancy *out, struct door_field_errors *errs);
enum rc network_vacancy_update(struct door *d, int64_t id, const struct vacancy_input *in,
                               struct vacancy *out, struct door_field_errors *errs);

/* network_pc4_import loads the PC4 areas (centres and municipality) from
 * pc4_centroids.tsv rows; the command line uses it (demo, import). */
struct network_pc4 {
    int pc4;
    int lat_e4, lon_e4;
    const char *municipality;
};
enum rc network_pc4_import(struct db *db, const struct network_pc4 *rows, int n);

#endif
