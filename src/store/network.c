#include "network.h"

#include <string.h>

#include "date.h"
#include "db.h"
#include "directory.h"
#include "door_match.h"
#include "esco_sql.h"
#include "fold.h"
#include "intake.h"
#include "postcode.h"
#include "rows.h"
#include "banned.h"

/* ---- who sees and changes what ---- */

static bool is_professional(const struct policy_actor *a)
{
    return a->role == ROLE_EMPLOYER_ADVISER || a->role == ROLE_CASE_MANAGER;
}

static bool may_use(const struct policy_actor *a)
{
    return a->system || is_professional(a) || a->role == ROLE_EMPLOYER;
}

/* The condition an employer row e must meet for the actor: $1 the system,
 * $2 the employer's own organisation, $3 a user whose municipalities it
 * serves. */
#define VISIBLE                                                                                    \
    " ($1 = 1 OR e.organisation_id = $2 OR EXISTS (SELECT 1 FROM organisation_municipalities om"   \
    " JOIN user_municipalities um ON um.municipality = om.municipality"                           \
    " WHERE om.organisation_id = e.organisation_id AND um.user_id = $3))"

static void bind_visible(struct db_stmt *st, const struct policy_actor *a)
{
    db_bind_int(st, 1, a->system ? 1 : 0);
    db_bind_int(st, 2, a->role == ROLE_EMPLOYER ? a->organisation_id : 0);
    db_bind_int(st, 3, is_professional(a) ? a->user_id : 0);
}

/* ---- employers ---- */

#define EMPLOYER_COLUMNS                                                                           \
    "e.organisation_id, o.name, e.kvk, e.sbi, e.address, e.postcode, e.city, e.network,"           \
    " e.pso_level, e.notes, e.created_at, e.updated_at,"                                           \
    " (SELECT count(*) FROM vacancies v WHERE v.employer_id = e.organisation_id"                   \
    "  AND v.status = 'open')"
#define EMPLOYER_FROM " FROM employers e JOIN organisations o ON o.id = e.organisation_id"

static void read_employer(struct db_stmt *st, struct arena *a, void *row)
{
    struct employer *e = row;
    memset(e, 0, sizeof(*e));
    e->id = db_col_int(st, 0);
    e->name = arena_strdup(a, db_col_text(st, 1));
    e->kvk = arena_strdup(a, db_col_text(st, 2));
    e->sbi = arena_strdup(a, db_col_text(st, 3));
    e->address = arena_strdup(a, db_col_text(st, 4));
    e->postcode = arena_strdup(a, db_col_text(st, 5));
    e->city = arena_strdup(a, db_col_text(st, 6));
    e->network = arena_strdup(a, db_col_text(st, 7));
    if (!pso_level_parse(db_col_text(st, 8), &e->pso_level))
        e->pso_level = PSO_NONE;
    e->notes = arena_strdup(a, db_col_text(st, 9));
    e->created_at = arena_strdup(a, db_col_text(st, 10));
    e->updated_at = arena_strdup(a, db_col_text(st, 11));
    e->open_vacancies = (int)db_col_int(st, 12);
}

/* The municipalities whose network the employer is in. */
static enum rc employer_places(struct door *d, struct employer *e)
{
    static const char PLACES[] = "SELECT municipality FROM organisation_municipalities"
                                 " WHERE organisation_id = $1 ORDER BY municipality";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, PLACES, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, e->id);
    int cap = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        e->municipalities = arena_grow(d->arena, e->municipalities, sizeof(*e->municipalities),
                                       &cap, e->nmunicipalities);
        e->municipalities[e->nmunicipalities++] = arena_strdup(d->arena, db_col_text(st, 0));
    }
    db_done(st);
    return rc;
}

enum rc network_employer_list(struct door *d, const char *q, int limit, struct employer **out,
                              int *n)
{
    *out = NULL;
    *n = 0;
    if (!may_use(d->actor))
        return RC_FORBIDDEN;
    if (!q)
        q = "";
    if (!text_clean(q, 100))
        return RC_INVALID;
    static const char SQL[] = "SELECT " EMPLOYER_COLUMNS EMPLOYER_FROM " WHERE" VISIBLE
                              " AND ($4 = '' OR lower(o.name) LIKE '%' || lower($4) || '%'"
                              "  OR e.kvk LIKE '%' || $4 || '%')"
                              " ORDER BY o.name, e.organisation_id";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    bind_visible(st, d->actor);
    db_bind_text(st, 4, arena_strtrim(d->arena, q));
    struct rows rows;
    rc = rows_all(st, d->arena, sizeof(struct employer), limit, read_employer, &rows);
    struct employer *list = rows.list;
    for (int i = 0; !rc && i < rows.n; i++)
        rc = employer_places(d, &list[i]);
    *out = list;
    *n = rows.n;
    return rc;
}

static enum rc employer_load(struct door *d, int64_t id, struct employer *out)
{
    static const char SQL[] =
        "SELECT " EMPLOYER_COLUMNS EMPLOYER_FROM " WHERE e.organisation_id = $4 AND" VISIBLE;
    static const char CONTACTS[] = "SELECT name, position, email, phone FROM employer_contacts"
                                   " WHERE employer_id = $1 ORDER BY id";
    memset(out, 0, sizeof(*out));
    if (id <= 0)
        return RC_NOT_FOUND;
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    bind_visible(st, d->actor);
    db_bind_int(st, 4, id);
    rc = rows_one(st, d->arena, read_employer, out);
    if (rc)
        return rc;
    rc = db_prepare(d->db, CONTACTS, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    bool row;
    int cap = 0;
    while (!(rc = db_step(st, &row)) && row) {
        out->contacts =
            arena_grow(d->arena, out->contacts, sizeof(*out->contacts), &cap, out->ncontacts);
        struct employer_contact *c = &out->contacts[out->ncontacts++];
        c->name = arena_strdup(d->arena, db_col_text(st, 0));
        c->position = arena_strdup(d->arena, db_col_text(st, 1));
        c->email = arena_strdup(d->arena, db_col_text(st, 2));
        c->phone = arena_strdup(d->arena, db_col_text(st, 3));
    }
    db_done(st);
    if (rc)
        return rc;
    return employer_places(d, out);
}

enum rc network_employer_get(struct door *d, int64_t id, struct employer *out)
{
    if (!may_use(d->actor))
        return RC_NOT_FOUND;
    return employer_load(d, id, out);
}

static const char *clean_line(struct door *d, const char *s, size_t max, bool required,
                              const char *field, const char *msg, struct door_field_errors *errs)
{
    const char *t = arena_strtrim(d->arena, s ? s : "");
    if (!t || !text_clean(t, max) || (required && !*t)) {
        door_field_error_add(errs, field, msg);
        return "";
    }
    return t;
}

/* Checks in into *clean; the problems go to errs. */
static void employer_check(struct door *d, const struct employer_input *in,
                           struct employer_input *clean, char kvk[9], char postcode[8], int *pc4,
                           struct door_field_errors *errs)
{
    *clean = *in;
    clean->name = clean_line(d, in->name, EMPLOYER_NAME_MAX, true, "name",
                             "employer.error_name", errs);
    if (!kvk_valid(in->kvk, kvk))
        door_field_error_add(errs, "kvk", "employer.error_kvk");
    clean->kvk = kvk;
    clean->sbi = arena_strtrim(d->arena, in->sbi ? in->sbi : "");
    if (!clean->sbi || (*clean->sbi && !sbi_valid(clean->sbi))) {
        door_field_error_add(errs, "sbi", "employer.error_sbi");
        clean->sbi = "";
    }
    clean->address = clean_line(d, in->address, 200, false, "address", "employer.error_text", errs);
    clean->city = clean_line(d, in->city, 100, false, "city", "employer.error_text", errs);
    clean->network = clean_line(d, in->network, 200, false, "network", "employer.error_text", errs);
    if (postcode_normalize(in->postcode ? in->postcode : "", postcode, pc4) != RC_OK)
        door_field_error_add(errs, "postcode", "employer.error_postcode");
    enum pso_level pso;
    if (!pso_level_parse(in->pso_level ? in->pso_level : "", &pso))
        door_field_error_add(errs, "pso_level", "employer.error_pso_level");
    clean->notes = in->notes ? in->notes : "";
    if (!text_clean_multiline(clean->notes, EMPLOYER_TEXT_MAX))
        door_field_error_add(errs, "notes", "employer.error_notes");
    if (in->ncontacts < 0 || in->ncontacts > NETWORK_MAX_CONTACTS)
        door_field_error_add(errs, "contacts", "employer.error_contacts");
    for (int i = 0; i < in->ncontacts && i < NETWORK_MAX_CONTACTS; i++) {
        const struct employer_contact *c = &in->contacts[i];
        const char *name = arena_strtrim(d->arena, c->name ? c->name : "");
        if (!name || !*name || !text_clean(name, 200) || !text_clean(c->position ? c->position : "", 200) ||
            !text_clean(c->email ? c->email : "", 200) || !text_clean(c->phone ? c->phone : "", 50)) {
            door_field_error_add(errs, "contacts", "employer.error_contacts");
            break;
        }
    }
    if (in->municipalities) {
        if (in->nmunicipalities < 1 || in->nmunicipalities > POLICY_MAX_MUNICIPALITIES)
            door_field_error_add(errs, "municipalities", "employer.error_municipalities");
        for (int i = 0; i < in->nmunicipalities && i < POLICY_MAX_MUNICIPALITIES; i++)
            if (!d->actor->system &&
                !policy_serves_municipality(d->actor, in->municipalities[i])) {
                door_field_error_add(errs, "municipalities", "employer.error_municipalities");
                break;
            }
    }
}

static enum rc contacts_replace(struct db *db, int64_t id, const struct employer_contact *list,
                                int n)
{
    static const char DEL[] = "DELETE FROM employer_contacts WHERE employer_id = $1";
    static const char INS[] = "INSERT INTO employer_contacts (employer_id, name, position, email,"
                              " phone) VALUES ($1, $2, $3, $4, $5)";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, DEL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step_done(st);
    db_done(st);
    for (int i = 0; !rc && i < n; i++) {
        rc = db_prepare(db, INS, &st);
        if (rc)
            return rc;
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, list[i].name);
        db_bind_text(st, 3, list[i].position ? list[i].position : "");
        db_bind_text(st, 4, list[i].email ? list[i].email : "");
        db_bind_text(st, 5, list[i].phone ? list[i].phone : "");
        rc = db_step_done(st);
        db_done(st);
    }
    return rc;
}

static bool may_edit_employers(const struct policy_actor *a)
{
    return a->system || a->role == ROLE_EMPLOYER_ADVISER;
}

enum rc network_employer_create(struct door *d, const struct employer_input *in,
                                struct employer *out, struct door_field_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    if (!may_edit_employers(d->actor))
        return RC_FORBIDDEN;
    struct employer_input c;
    char kvk[9], postcode[8];
    int pc4 = 0;
    employer_check(d, in, &c, kvk, postcode, &pc4, errs);
    const char **codes = (const char **)c.municipalities;
    int ncodes = c.nmunicipalities;
    if (!codes) {
        codes = arena_alloc(d->arena, sizeof(*codes) * POLICY_MAX_MUNICIPALITIES);
        ncodes = 0;
        for (int i = 0; i < d->actor->nmunicipalities && i < POLICY_MAX_MUNICIPALITIES; i++)
            codes[ncodes++] = d->actor->municipalities[i];
        if (!ncodes)
            door_field_error_add(errs, "municipalities", "employer.error_municipalities");
    }
    if (errs->count)
        return RC_INVALID;
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    int64_t id = 0;
    struct organisation org = {.name = c.name, .kind = ORG_EMPLOYER, .municipalities = codes,
                               .nmunicipalities = ncodes};
    if (in->organisation_id > 0) {
        struct organisation existing;
        rc = directory_organisation_get(d->db, d->arena, in->organisation_id, &existing);
        if (!rc && existing.kind != ORG_EMPLOYER)
            rc = RC_CONFLICT;
        id = in->organisation_id;
        static const char NAME[] = "UPDATE organisations SET name = $2 WHERE id = $1";
        struct db_stmt *ns;
        if (!rc)
            rc = db_prepare(d->db, NAME, &ns);
        if (!rc) {
            db_bind_int(ns, 1, id);
            db_bind_text(ns, 2, c.name);
            rc = db_step_done(ns);
            db_done(ns);
        }
    } else {
        rc = directory_organisation_create(d->db, &org, &id);
    }
    char now[21];
    timestamp_now(now);
    static const char SQL[] =
        "INSERT INTO employers (organisation_id, kvk, sbi, address, postcode, pc4, city, network,"
        " pso_level, notes, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)";
    struct db_stmt *st;
    if (!rc)
        rc = db_prepare(d->db, SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, kvk);
        db_bind_text(st, 3, c.sbi);
        db_bind_text(st, 4, c.address);
        db_bind_text(st, 5, postcode);
        db_bind_int(st, 6, pc4);
        db_bind_text(st, 7, c.city);
        db_bind_text(st, 8, c.network);
        db_bind_text(st, 9, c.pso_level ? c.pso_level : "");
        db_bind_text(st, 10, c.notes);
        db_bind_text(st, 11, now);
        rc = db_step_done(st);
        db_done(st);
    }
    if (!rc)
        rc = contacts_replace(d->db, id, c.contacts, c.ncontacts);
    if (!rc)
        rc = db_commit(d->db);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return employer_load(d, id, out);
}

enum rc network_employer_update(struct door *d, int64_t id, const struct employer_input *in,
                                struct employer *out, struct door_field_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    struct employer old;
    enum rc rc = network_employer_get(d, id, &old);
    if (rc)
        return rc;
    if (!may_edit_employers(d->actor))
        return RC_FORBIDDEN;
    struct employer_input c;
    char kvk[9], postcode[8];
    int pc4 = 0;
    employer_check(d, in, &c, kvk, postcode, &pc4, errs);
    if (errs->count)
        return RC_INVALID;
    rc = db_begin(d->db, true);
    if (rc)
        return rc;
    char now[21];
    timestamp_now(now);
    static const char ORG[] = "UPDATE organisations SET name = $2 WHERE id = $1";
    static const char SQL[] =
        "UPDATE employers SET kvk = $2, sbi = $3, address = $4, postcode = $5, pc4 = $6,"
        " city = $7, network = $8, pso_level = $9, notes = $10, updated_at = $11"
        " WHERE organisation_id = $1";
    struct db_stmt *st;
    rc = db_prepare(d->db, ORG, &st);
    if (!rc) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, c.name);
        rc = db_step_done(st);
        db_done(st);
    }
    if (!rc)
        rc = db_prepare(d->db, SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, kvk);
        db_bind_text(st, 3, c.sbi);
        db_bind_text(st, 4, c.address);
        db_bind_text(st, 5, postcode);
        db_bind_int(st, 6, pc4);
        db_bind_text(st, 7, c.city);
        db_bind_text(st, 8, c.network);
        db_bind_text(st, 9, c.pso_level ? c.pso_level : "");
        db_bind_text(st, 10, c.notes);
        db_bind_text(st, 11, now);
        rc = db_step_done(st);
        db_done(st);
    }
    if (!rc && c.contacts)
        rc = contacts_replace(d->db, id, c.contacts, c.ncontacts);
    if (!rc)
        rc = db_commit(d->db);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return employer_load(d, id, out);
}

/* ---- workplaces ---- */

#define VACANCY_COLUMNS                                                                            \
    ESCO_OCCUPATION_COLUMNS ", v.id, v.employer_id, eo.name, v.title, v.kind, v.hours_per_week,"   \
                            " v.places, v.postcode, v.starts_on, v.wage_subsidy, v.job_coaching,"  \
                            " v.licences, v.dutch_level, v.description, v.status, v.created_at,"   \
                            " v.updated_at, (SELECT count(*) FROM proposals p"                     \
                            "  WHERE p.vacancy_id = v.id AND p.status IN ('voorgesteld',"          \
                            "  'gesprek', 'proefplaatsing'))"
#define VACANCY_FROM                                                                               \
    " FROM vacancies v JOIN employers e ON e.organisation_id = v.employer_id"                      \
    " JOIN organisations eo ON eo.id = v.employer_id"                                              \
    " JOIN esco_occupations o ON o.id = v.occupation_id" ESCO_OCCUPATION_JOIN

static void read_vacancy(struct db_stmt *st, struct arena *a, void *row)
{
    struct vacancy *v = row;
    memset(v, 0, sizeof(*v));
    esco_concept_read(a, st, &v->occupation);
    int c = ESCO_CONCEPT_NCOLUMNS;
    v->id = db_col_int(st, c);
    v->employer_id = db_col_int(st, c + 1);
    v->employer_name = arena_strdup(a, db_col_text(st, c + 2));
    v->title = arena_strdup(a, db_col_text(st, c + 3));
    if (!vacancy_kind_parse(db_col_text(st, c + 4), &v->kind))
        v->kind = VACANCY_REGULIER;
    v->hours_per_week = (int)db_col_int(st, c + 5);
    v->places = (int)db_col_int(st, c + 6);
    v->postcode = arena_strdup(a, db_col_text(st, c + 7));
    v->starts_on = arena_strdup(a, db_col_text(st, c + 8));
    v->wage_subsidy = db_col_int(st, c + 9) != 0;
    v->job_coaching = db_col_int(st, c + 10) != 0;
    if (!intake_set_parse(db_col_text(st, c + 11), driving_licence_name_i, DRIVING_LICENCE_COUNT,
                          &v->licences))
        v->licences = 0;
    v->dutch_level = arena_strdup(a, db_col_text(st, c + 12));
    v->description = arena_strdup(a, db_col_text(st, c + 13));
    /* An unknown status is not offered to anyone: read it as closed. */
    if (!vacancy_status_parse(db_col_text(st, c + 14), &v->status))
        v->status = VACANCY_GESLOTEN;
    v->created_at = arena_strdup(a, db_col_text(st, c + 15));
    v->updated_at = arena_strdup(a, db_col_text(st, c + 16));
    v->open_proposals = (int)db_col_int(st, c + 17);
}

enum rc network_vacancy_list(struct door *d, int64_t employer_id, const char *status, int limit,
                             struct vacancy **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (!may_use(d->actor))
        return RC_FORBIDDEN;
    enum vacancy_status s;
    if (status && *status && !vacancy_status_parse(status, &s))
        return RC_INVALID;
    static const char SQL[] = "SELECT " VACANCY_COLUMNS VACANCY_FROM " WHERE" VISIBLE
                              " AND ($4 = 0 OR v.employer_id = $4) AND ($5 = '' OR v.status = $5)"
                              " ORDER BY v.created_at DESC, v.id DESC";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    bind_visible(st, d->actor);
    db_bind_int(st, 4, employer_id > 0 ? employer_id : 0);
    db_bind_text(st, 5, status ? status : "");
    struct rows rows;
    rc = rows_all(st, d->arena, sizeof(struct vacancy), limit, read_vacancy, &rows);
    *out = rows.list;
    *n = rows.n;
    return rc;
}

static enum rc vacancy_load(struct door *d, int64_t id, struct vacancy *out)
{
    static const char SQL[] =
        "SELECT " VACANCY_COLUMNS VACANCY_FROM " WHERE v.id = $4 AND" VISIBLE;
    static const char SKILLS[] = "SELECT " ESCO_SKILL_COLUMNS ", x.essential"
                                 " FROM vacancy_skills x JOIN esco_skills s ON s.id = x.skill_id"
                                 ESCO_SKILL_JOIN " WHERE x.vacancy_id = $1"
                                 " ORDER BY x.essential DESC, s.label_key, s.id";
    memset(out, 0, sizeof(*out));
    if (id <= 0)
        return RC_NOT_FOUND;
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    bind_visible(st, d->actor);
    db_bind_int(st, 4, id);
    rc = rows_one(st, d->arena, read_vacancy, out);
    if (rc)
        return rc;
    rc = db_prepare(d->db, SKILLS, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    bool row;
    int cap = 0;
    while (!(rc = db_step(st, &row)) && row) {
        out->skills = arena_grow(d->arena, out->skills, sizeof(*out->skills), &cap, out->nskills);
        struct vacancy_skill *k = &out->skills[out->nskills++];
        esco_concept_read(d->arena, st, &k->skill);
        k->essential = db_col_int(st, ESCO_CONCEPT_NCOLUMNS) != 0;
        k->skill.relation = k->essential ? "essential" : "optional";
    }
    db_done(st);
    return rc;
}

enum rc network_vacancy_get(struct door *d, int64_t id, struct vacancy *out)
{
    if (!may_use(d->actor))
        return RC_NOT_FOUND;
    return vacancy_load(d, id, out);
}

/* The skills a workplace gets: as given, or its occupation's from ESCO. */
struct skill_choice {
    int64_t id;
    bool essential;
};

static enum rc vacancy_skills_resolve(struct door *d, const struct vacancy_input *in,
                                      struct skill_choice **out, int *n,
                                      struct door_field_errors *errs)
{
    *out = NULL;
    *n = 0;
    if (in->nskills < 0) {
        struct esco_concept *list;
        int count;
        enum rc rc = esco_occupation_skills(d->db, d->arena, in->occupation_uri, &list, &count);
        if (rc == RC_NOT_FOUND)
            return RC_OK; /* reported with the occupation */
        if (rc)
            return rc;
        if (count > VACANCY_SKILLS_MAX)
            count = VACANCY_SKILLS_MAX;
        *out = arena_alloc(d->arena, sizeof(**out) * (size_t)(count + 1));
        for (int i = 0; i < count; i++)
            (*out)[i] = (struct skill_choice){list[i].id, !strcmp(list[i].relation, "essential")};
        *n = count;
        return RC_OK;
    }
    if (in->nskills > VACANCY_SKILLS_MAX) {
        door_field_error_add(errs, "skills", "vacancy.error_skills");
        return RC_OK;
    }
    *out = arena_alloc(d->arena, sizeof(**out) * (size_t)(in->nskills + 1));
    for (int i = 0; i < in->nskills; i++) {
        struct esco_concept c;
        enum rc rc = esco_get(d->db, d->arena, ESCO_SKILL, in->skill_uris[i], &c);
        if (rc == RC_NOT_FOUND || rc == RC_INVALID) {
            door_field_error_add(errs, "skills", "vacancy.error_skills");
            return RC_OK;
        }
        if (rc)
            return rc;
        bool repeated = false;
        for (int j = 0; j < *n; j++)
            repeated |= (*out)[j].id == c.id;
        if (!repeated)
            (*out)[(*n)++] = (struct skill_choice){c.id, in->skill_essential[i]};
    }
    return RC_OK;
}

static bool pc4_known(struct db *db, int pc4)
{
    static const char SQL[] = "SELECT 1 FROM pc4_areas WHERE pc4 = $1";
    struct db_stmt *st;
    if (db_prepare(db, SQL, &st))
        return false;
    db_bind_int(st, 1, pc4);
    bool row = false;
    enum rc rc = db_step(st, &row);
    db_done(st);
    return !rc && row;
}

struct vacancy_clean {
    const char *title, *starts_on, *dutch_level, *description;
    enum vacancy_kind kind;
    enum vacancy_status status;
    int64_t occupation_id;
    char postcode[8];
    int pc4;
    struct skill_choice *skills;
    int nskills;
};

static enum rc vacancy_check(struct door *d, const struct vacancy_input *in, bool update,
                             const struct vacancy *old, struct vacancy_clean *c,
                             struct door_field_errors *errs)
{
    memset(c, 0, sizeof(*c));
    struct esco_concept occ = {0};
    enum rc rc = esco_get(d->db, d->arena, ESCO_OCCUPATION, in->occupation_uri ? in->occupation_uri : "", &occ);
    if (rc == RC_NOT_FOUND || rc == RC_INVALID) {
        door_field_error_add(errs, "occupation_uri", "vacancy.error_occupation");
        rc = RC_OK;
    } else if (rc) {
        return rc;
    }
    c->occupation_id = occ.id;
    const char *title = arena_strtrim(d->arena, in->title ? in->title : "");
    if (!title || !text_clean(title, VACANCY_TITLE_MAX))
        door_field_error_add(errs, "title", "vacancy.error_title");
    c->title = title && *title ? title : occ.label ? occ.label : "";
    if (!vacancy_kind_parse(in->kind, &c->kind))
        door_field_error_add(errs, "kind", "vacancy.error_kind");
    if (in->hours_per_week < 1 || in->hours_per_week > 60)
        door_field_error_add(errs, "hours", "vacancy.error_hours");
    if (in->places < 1 || in->places > VACANCY_PLACES_MAX)
        door_field_error_add(errs, "places", "vacancy.error_places");
    if (postcode_normalize(in->postcode ? in->postcode : "", c->postcode, &c->pc4) != RC_OK)
        door_field_error_add(errs, "postcode", "vacancy.error_postcode");
    else if (!pc4_known(d->db, c->pc4))
        door_field_error_add(errs, "postcode", "vacancy.error_postcode_area");
    struct date sd;
    c->starts_on = in->starts_on ? in->starts_on : "";
    if (*c->starts_on && !date_parse(c->starts_on, &sd))
        door_field_error_add(errs, "starts_on", "vacancy.error_starts_on");
    if (in->licences >> DRIVING_LICENCE_COUNT)
        door_field_error_add(errs, "licences", "vacancy.error_licences");
    enum cefr_level level;
    c->dutch_level = in->dutch_level ? in->dutch_level : "";
    if (*c->dutch_level && (!cefr_level_parse(c->dutch_level, &level) || level == CEFR_A0))
        door_field_error_add(errs, "dutch_level", "vacancy.error_dutch_level");
    c->description = in->description ? in->description : "";
    if (!text_clean_multiline(c->description, EMPLOYER_TEXT_MAX))
        door_field_error_add(errs, "description", "vacancy.error_description");
    c->status = update ? old->status : VACANCY_OPEN;
    if (in->status && !vacancy_status_parse(in->status, &c->status))
        door_field_error_add(errs, "status", "vacancy.error_status");
    if (occ.id)
        rc = vacancy_skills_resolve(d, in, &c->skills, &c->nskills, errs);
    return rc;
}

static bool may_edit_vacancies(const struct policy_actor *a, int64_t employer_id)
{
    return a->system || a->role == ROLE_EMPLOYER_ADVISER ||
           (a->role == ROLE_EMPLOYER && a->organisation_id == employer_id);
}

static enum rc vacancy_write(struct door *d, int64_t id, const struct vacancy_input *in,
                             const struct vacancy_clean *c, int64_t *out_id)
{
    static const char INS[] =
        "INSERT INTO vacancies (employer_id, title, occupation_id, kind, hours_per_week, places,"
        " postcode, pc4, starts_on, wage_subsidy, job_coaching, licences, dutch_level,"
        " description, status, created_by, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)"
        " RETURNING id";
    static const char UPD[] =
        "UPDATE vacancies SET title = $2, occupation_id = $3, kind = $4, hours_per_week = $5,"
        " places = $6, postcode = $7, pc4 = $8, starts_on = $9, wage_subsidy = $10,"
        " job_coaching = $11, licences = $12, dutch_level = $13, description = $14, status = $15,"
        " updated_at = $16 WHERE id = $1 RETURNING id";
    static const char DEL[] = "DELETE FROM vacancy_skills WHERE vacancy_id = $1";
    static const char SKILL[] =
        "INSERT INTO vacancy_skills (vacancy_id, skill_id, essential) VALUES ($1, $2, $3)";
    char now[21];
    timestamp_now(now);
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, id ? UPD : INS, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id ? id : in->employer_id);
    db_bind_text(st, 2, c->title);
    db_bind_int(st, 3, c->occupation_id);
    db_bind_text(st, 4, vacancy_kind_name(c->kind));
    db_bind_int(st, 5, in->hours_per_week);
    db_bind_int(st, 6, in->places);
    db_bind_text(st, 7, c->postcode);
    db_bind_int(st, 8, c->pc4);
    db_bind_text(st, 9, c->starts_on);
    db_bind_int(st, 10, in->wage_subsidy ? 1 : 0);
    db_bind_int(st, 11, in->job_coaching ? 1 : 0);
    db_bind_text(st, 12, intake_set_format(d->arena, in->licences, driving_licence_name_i,
                                           DRIVING_LICENCE_COUNT));
    db_bind_text(st, 13, c->dutch_level);
    db_bind_text(st, 14, c->description);
    db_bind_text(st, 15, vacancy_status_name(c->status));
    if (id) {
        db_bind_text(st, 16, now);
    } else {
        db_bind_id(st, 16, d->actor->system ? 0 : d->actor->user_id);
        db_bind_text(st, 17, now);
    }
    bool row = false;
    rc = db_step(st, &row);
    if (!rc && row)
        *out_id = db_col_int(st, 0);
    db_done(st);
    if (!rc && !row)
        rc = RC_NOT_FOUND;
    if (!rc) {
        rc = db_prepare(d->db, DEL, &st);
        if (!rc) {
            db_bind_int(st, 1, *out_id);
            rc = db_step_done(st);
            db_done(st);
        }
    }
    for (int i = 0; !rc && i < c->nskills; i++) {
        rc = db_prepare(d->db, SKILL, &st);
        if (rc)
            break;
        db_bind_int(st, 1, *out_id);
        db_bind_int(st, 2, c->skills[i].id);
        db_bind_int(st, 3, c->skills[i].essential ? 1 : 0);
        rc = db_step_done(st);
        db_done(st);
    }
    return rc;
}

static enum rc vacancy_save(struct door *d, int64_t id, const struct vacancy_input *in,
                            struct vacancy *out, struct door_field_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    struct vacancy old = {0};
    int64_t employer_id = in->employer_id;
    enum rc rc;
    if (id) {
        rc = network_vacancy_get(d, id, &old);
        if (rc)
            return rc;
        employer_id = old.employer_id;
    } else {
        struct employer e;
        rc = in->employer_id > 0 ? network_employer_get(d, in->employer_id, &e) : RC_NOT_FOUND;
        if (rc == RC_NOT_FOUND) {
            if (!may_use(d->actor))
                return RC_FORBIDDEN;
            door_field_error_add(errs, "employer_id", "vacancy.error_employer");
        } else if (rc) {
            return rc;
        }
    }
    if (!may_edit_vacancies(d->actor, employer_id))
        return RC_FORBIDDEN;
    struct vacancy_input eff = *in;
    eff.employer_id = employer_id;
    struct vacancy_clean c;
    rc = vacancy_check(d, &eff, id != 0, &old, &c, errs);
    if (rc)
        return rc;
    if (errs->count)
        return RC_INVALID;
    rc = db_begin(d->db, true);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = vacancy_write(d, id, &eff, &c, &new_id);
    if (!rc)
        rc = db_commit(d->db);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    door_match_vacancy_changed(d, new_id);
    return vacancy_load(d, new_id, out);
}

enum rc network_vacancy_create(struct door *d, const struct vacancy_input *in,
                               struct vacancy *out, struct door_field_errors *errs)
{
    return vacancy_save(d, 0, in, out, errs);
}

enum rc network_vacancy_update(struct door *d, int64_t id, const struct vacancy_input *in,
                               struct vacancy *out, struct door_field_errors *errs)
{
    if (id <= 0) {
        memset(errs, 0, sizeof(*errs));
        return RC_NOT_FOUND;
    }
    return vacancy_save(d, id, in, out, errs);
}

/* ---- PC4 areas ---- */

enum rc network_pc4_import(struct db *db, const struct network_pc4 *rows, int n)
{
    static const char SQL[] =
        "INSERT INTO pc4_areas (pc4, lat_e4, lon_e4, municipality) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (pc4) DO UPDATE SET lat_e4 = excluded.lat_e4, lon_e4 = excluded.lon_e4,"
        " municipality = excluded.municipality";
    enum rc rc = db_begin(db, true);
    if (rc)
        return rc;
    for (int i = 0; !rc && i < n; i++) {
        struct db_stmt *st;
        rc = db_prepare(db, SQL, &st);
        if (rc)
            break;
        db_bind_int(st, 1, rows[i].pc4);
        db_bind_int(st, 2, rows[i].lat_e4);
        db_bind_int(st, 3, rows[i].lon_e4);
        db_bind_text(st, 4, rows[i].municipality ? rows[i].municipality : "");
        rc = db_step_done(st);
        db_done(st);
    }
    if (!rc)
        rc = db_commit(db);
    if (rc)
        db_rollback(db);
    return rc;
}
