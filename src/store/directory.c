#include "directory.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "rows.h"
#include "banned.h"

enum rc directory_municipality_put(struct db *db, const struct municipality *m)
{
    static const char SQL[] = "INSERT INTO municipalities (code, name, region_code, region_name)"
                              " VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET name = $2,"
                              " region_code = $3, region_name = $4";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, m->code);
    db_bind_text(st, 2, m->name);
    db_bind_text(st, 3, m->region_code ? m->region_code : "");
    db_bind_text(st, 4, m->region_name ? m->region_name : "");
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc directory_municipalities(struct db *db, struct arena *a, struct municipality **out, int *n)
{
    static const char COUNT_SQL[] = "SELECT count(*) FROM municipalities";
    static const char SQL[] =
        "SELECT code, name, region_code, region_name FROM municipalities ORDER BY name";
    struct db_stmt *st;
    bool row;
    *out = NULL;
    *n = 0;
    enum rc rc = db_prepare(db, COUNT_SQL, &st);
    if (rc)
        return rc;
    rc = db_step(st, &row);
    int64_t total = (!rc && row) ? db_col_int(st, 0) : 0;
    db_done(st);
    if (rc)
        return rc;
    rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    struct municipality *list = arena_alloc(a, sizeof(*list) * (size_t)(total + 1));
    int count = 0;
    while (!(rc = db_step(st, &row)) && row && count < total) {
        struct municipality *m = &list[count++];
        m->code = arena_strdup(a, db_col_text(st, 0));
        m->name = arena_strdup(a, db_col_text(st, 1));
        m->region_code = arena_strdup(a, db_col_text(st, 2));
        m->region_name = arena_strdup(a, db_col_text(st, 3));
    }
    db_done(st);
    *out = list;
    *n = count;
    return rc;
}

const char *directory_municipality_name(struct db *db, struct arena *a, const char *code)
{
    static const char SQL[] = "SELECT name FROM municipalities WHERE code = $1";
    struct db_stmt *st;
    if (!code || db_prepare(db, SQL, &st))
        return NULL;
    db_bind_text(st, 1, code);
    bool row;
    const char *name = NULL;
    if (!db_step(st, &row) && row)
        name = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    return name;
}

/* Reads the municipality codes of one organisation or user. */
static enum rc read_codes(struct db *db, struct arena *a, const char *sql, int64_t id,
                          const char ***out, int *n)
{
    struct db_stmt *st;
    enum rc rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    int cap = POLICY_MAX_MUNICIPALITIES, count = 0;
    const char **codes = arena_alloc(a, sizeof(*codes) * (size_t)cap);
    bool row;
    while (!(rc = db_step(st, &row)) && row && count < cap)
        codes[count++] = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    *out = codes;
    *n = count;
    return rc;
}

static const char ORG_CODES_SQL[] = "SELECT municipality FROM organisation_municipalities"
                                    " WHERE organisation_id = $1 ORDER BY municipality";
static const char USER_CODES_SQL[] =
    "SELECT municipality FROM user_municipalities WHERE user_id = $1 ORDER BY municipality";

/* Runs body in a write transaction unless the caller already holds one. */
static enum rc begin_own(struct db *db, bool *own)
{
    *own = !db_in_transaction(db);
    return *own ? db_begin(db, true) : RC_OK;
}

static enum rc end_own(struct db *db, bool own, enum rc rc)
{
    if (!own)
        return rc;
    if (rc) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

/* Links id to each municipality code with link_sql ($1 id, $2 code). */
static enum rc insert_links(struct db *db, const char *link_sql, int64_t id, const char **codes,
                            int n)
{
    enum rc rc = RC_OK;
    for (int i = 0; !rc && i < n; i++) {
        struct db_stmt *st;
        rc = db_prepare(db, link_sql, &st);
        if (rc)
            break;
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, codes[i]);
        rc = db_step_done(st);
        db_done(st);
    }
    return rc;
}

enum rc directory_organisation_create(struct db *db, const struct organisation *o, int64_t *id)
{
    static const char SQL[] = "INSERT INTO organisations (name, kind, created_at)"
                              " VALUES ($1, $2, $3) RETURNING id";
    static const char LINK_SQL[] = "INSERT INTO organisation_municipalities"
                                   " (organisation_id, municipality) VALUES ($1, $2)";
    bool own;
    enum rc rc = begin_own(db, &own);
    if (rc)
        return rc;
    char now[21];
    timestamp_now(now);
    struct db_stmt *st;
    rc = db_prepare(db, SQL, &st);
    if (!rc) {
        db_bind_text(st, 1, o->name);
        db_bind_text(st, 2, org_kind_name(o->kind));
        db_bind_text(st, 3, now);
        bool row;
        rc = db_step(st, &row);
        if (!rc && row)
            *id = db_col_int(st, 0);
        db_done(st);
    }
    if (!rc)
        rc = insert_links(db, LINK_SQL, *id, o->municipalities, o->nmunicipalities);
    return end_own(db, own, rc);
}

static void read_organisation(struct db_stmt *st, struct arena *a, void *row)
{
    struct organisation *o = row;
    o->id = db_col_int(st, 0);
    o->name = arena_strdup(a, db_col_text(st, 1));
    if (!org_kind_parse(db_col_text(st, 2), &o->kind))
        o->kind = ORG_OTHER;
}

enum rc directory_organisations(struct db *db, struct arena *a, struct organisation **out, int *n)
{
    static const char SQL[] = "SELECT id, name, kind FROM organisations ORDER BY name";
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct organisation), 0, read_organisation, &rows);
    struct organisation *list = rows.list;
    int count = rows.n;
    for (int i = 0; !rc && i < count; i++)
        rc = read_codes(db, a, ORG_CODES_SQL, list[i].id, &list[i].municipalities,
                        &list[i].nmunicipalities);
    *out = list;
    *n = count;
    return rc;
}

enum rc directory_organisation_get(struct db *db, struct arena *a, int64_t id,
                                   struct organisation *out)
{
    static const char SQL[] = "SELECT id, name, kind FROM organisations WHERE id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = rows_one(st, a, read_organisation, out);
    if (!rc)
        rc = read_codes(db, a, ORG_CODES_SQL, id, &out->municipalities, &out->nmunicipalities);
    return rc;
}

enum rc directory_user_create(struct db *db, const struct user *u, const char *password_hash,
                              int64_t *id)
{
    static const char SQL[] =
        "INSERT INTO users (username, display_name, password_hash, role, organisation_id,"
        " resident_id, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id";
    static const char LINK_SQL[] =
        "INSERT INTO user_municipalities (user_id, municipality) VALUES ($1, $2)";
    static const char SERVES_SQL[] = "SELECT 1 FROM organisation_municipalities"
                                     " WHERE organisation_id = $1 AND municipality = $2";
    bool own;
    enum rc rc = begin_own(db, &own);
    if (rc)
        return rc;
    struct db_stmt *st;
    /* A user works only for municipalities its organisation serves, each
     * named once. */
    for (int i = 0; !rc && i < u->nmunicipalities; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(u->municipalities[i], u->municipalities[k]) == 0)
                rc = RC_INVALID;
    for (int i = 0; !rc && i < u->nmunicipalities; i++) {
        rc = db_prepare(db, SERVES_SQL, &st);
        if (rc)
            break;
        db_bind_int(st, 1, u->organisation_id);
        db_bind_text(st, 2, u->municipalities[i]);
        bool row;
        rc = db_step(st, &row);
        db_done(st);
        if (!rc && !row)
            rc = RC_INVALID;
    }
    static const char ORG_SQL[] = "SELECT 1 FROM organisations WHERE id = $1";
    if (!rc)
        rc = db_prepare(db, ORG_SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, u->organisation_id);
        bool row;
        rc = db_step(st, &row);
        db_done(st);
        if (!rc && !row)
            rc = RC_INVALID;
    }
    char now[21];
    timestamp_now(now);
    if (!rc)
        rc = db_prepare(db, SQL, &st);
    if (!rc) {
        db_bind_text(st, 1, u->username);
        db_bind_text(st, 2, u->display_name && *u->display_name ? u->display_name : u->username);
        db_bind_text(st, 3, password_hash);
        db_bind_text(st, 4, role_name(u->role));
        db_bind_int(st, 5, u->organisation_id);
        db_bind_id(st, 6, u->resident_id);
        db_bind_text(st, 7, now);
        bool row;
        rc = db_step(st, &row);
        if (!rc && row)
            *id = db_col_int(st, 0);
        db_done(st);
    }
    if (!rc)
        rc = insert_links(db, LINK_SQL, *id, u->municipalities, u->nmunicipalities);
    return end_own(db, own, rc);
}

#define USER_COLUMNS                                                                               \
    "u.id, u.username, u.display_name, u.password_hash, u.role, u.organisation_id, o.name,"        \
    " o.kind, coalesce(u.resident_id, 0), u.active"
#define USER_FROM " FROM users u JOIN organisations o ON o.id = u.organisation_id"

static void read_user(struct db_stmt *st, struct arena *a, void *row)
{
    struct user *u = row;
    u->id = db_col_int(st, 0);
    u->username = arena_strdup(a, db_col_text(st, 1));
    u->display_name = arena_strdup(a, db_col_text(st, 2));
    u->password_hash = arena_strdup(a, db_col_text(st, 3));
    if (!role_parse(db_col_text(st, 4), &u->role))
        u->role = ROLE_RESIDENT;
    u->organisation_id = db_col_int(st, 5);
    u->organisation_name = arena_strdup(a, db_col_text(st, 6));
    if (!org_kind_parse(db_col_text(st, 7), &u->org_kind))
        u->org_kind = ORG_OTHER;
    u->resident_id = db_col_int(st, 8);
    u->active = db_col_int(st, 9) != 0;
}

static enum rc user_where(struct db *db, struct arena *a, const char *sql, const char *name,
                          int64_t id, struct user *out)
{
    struct db_stmt *st;
    enum rc rc = db_prepare(db, sql, &st);
    if (rc)
        return rc;
    if (name)
        db_bind_text(st, 1, name);
    else
        db_bind_int(st, 1, id);
    rc = rows_one(st, a, read_user, out);
    if (!rc)
        rc =
            read_codes(db, a, USER_CODES_SQL, out->id, &out->municipalities, &out->nmunicipalities);
    return rc;
}

enum rc directory_user_by_name(struct db *db, struct arena *a, const char *username,
                               struct user *out)
{
    static const char SQL[] = "SELECT " USER_COLUMNS USER_FROM " WHERE u.username = $1";
    return user_where(db, a, SQL, username ? username : "", 0, out);
}

enum rc directory_user_get(struct db *db, struct arena *a, int64_t id, struct user *out)
{
    static const char SQL[] = "SELECT " USER_COLUMNS USER_FROM " WHERE u.id = $1";
    return user_where(db, a, SQL, NULL, id, out);
}

enum rc directory_users(struct db *db, struct arena *a, struct user **out, int *n)
{
    static const char SQL[] = "SELECT " USER_COLUMNS USER_FROM " ORDER BY u.username";
    struct db_stmt *st;
    *out = NULL;
    *n = 0;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct user), 0, read_user, &rows);
    struct user *list = rows.list;
    int count = rows.n;
    for (int i = 0; !rc && i < count; i++)
        rc = read_codes(db, a, USER_CODES_SQL, list[i].id, &list[i].municipalities,
                        &list[i].nmunicipalities);
    *out = list;
    *n = count;
    return rc;
}

enum rc directory_user_set_password(struct db *db, int64_t id, const char *password_hash)
{
    static const char SQL[] = "UPDATE users SET password_hash = $2 WHERE id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, password_hash);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc directory_user_set_active(struct db *db, int64_t id, bool active)
{
    static const char SQL[] = "UPDATE users SET active = $2 WHERE id = $1 RETURNING id";
    static const char END_SQL[] = "DELETE FROM sessions WHERE user_id = $1";
    bool own;
    enum rc rc = begin_own(db, &own);
    if (rc)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db, SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, active ? 1 : 0);
        bool row;
        rc = db_step(st, &row);
        if (!rc && !row)
            rc = RC_NOT_FOUND;
        if (!rc)
            rc = db_step_done(st);
        db_done(st);
    }
    if (!rc && !active) {
        rc = db_prepare(db, END_SQL, &st);
        if (!rc) {
            db_bind_int(st, 1, id);
            rc = db_step_done(st);
            db_done(st);
        }
    }
    return end_own(db, own, rc);
}

void directory_actor(const struct user *u, struct policy_actor *out)
{
    memset(out, 0, sizeof(*out));
    out->role = u->role;
    out->user_id = u->id;
    out->organisation_id = u->organisation_id;
    out->org_kind = u->org_kind;
    out->own_resident_id = u->role == ROLE_RESIDENT ? u->resident_id : 0;
    for (int i = 0; i < u->nmunicipalities && i < POLICY_MAX_MUNICIPALITIES; i++)
        snprintf(out->municipalities[out->nmunicipalities++], sizeof(out->municipalities[0]), "%s",
                 u->municipalities[i]);
}
