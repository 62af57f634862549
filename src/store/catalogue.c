#include "catalogue.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "fold.h"
#include "policy.h"
#include "rows.h"
#include "banned.h"

#define SERVICE_COLUMNS                                                                            \
    "s.id, s.provider_id, o.name, s.name, s.kind, s.unit, s.target_group, s.description,"          \
    " s.active"

static void read_service(struct db_stmt *st, struct arena *a, void *row)
{
    struct service *s = row;
    memset(s, 0, sizeof(*s));
    s->id = db_col_int(st, 0);
    s->provider_id = db_col_int(st, 1);
    s->provider_name = arena_strdup(a, db_col_text(st, 2));
    s->name = arena_strdup(a, db_col_text(st, 3));
    if (!service_kind_parse(db_col_text(st, 4), &s->kind))
        s->kind = SERVICE_TRAINING;
    if (!service_unit_parse(db_col_text(st, 5), &s->unit))
        s->unit = UNIT_TRAJECT;
    s->target_group = arena_strdup(a, db_col_text(st, 6));
    s->description = arena_strdup(a, db_col_text(st, 7));
    s->active = db_col_int(st, 8) != 0;
}

/* The terms of the services, each with the spending of its municipality in
 * one year: one round trip for the whole catalogue. A plan's current
 * version is its highest; an activity counts in the year it starts. $1
 * narrows to one municipality (or ""), $2 is the year ("2026"), $3 to one
 * service (or 0). */
static const char TERMS_SQL[] =
    "SELECT t.service_id, t.municipality, m.name, t.price_cents, t.budget_cents, t.places,"
    " t.ordered_by, coalesce(u.spent, 0), coalesce(u.used, 0)"
    " FROM service_terms t JOIN municipalities m ON m.code = t.municipality"
    " LEFT JOIN (SELECT a.service_id AS service_id, r.municipality AS municipality,"
    "   sum(CASE WHEN substr(a.starts_on, 1, 4) = $2 THEN a.cost_cents ELSE 0 END) AS spent,"
    "   sum(CASE WHEN a.status IN ('gepland', 'lopend') THEN 1 ELSE 0 END) AS used"
    "   FROM plans p JOIN plan_activities a ON a.plan_id = p.id"
    "   JOIN cases c ON c.id = p.case_id JOIN residents r ON r.id = c.resident_id"
    "   WHERE p.version = (SELECT max(q.version) FROM plans q WHERE q.case_id = p.case_id)"
    "   AND ($1 = '' OR r.municipality = $1) AND ($3 = 0 OR a.service_id = $3)"
    "   GROUP BY a.service_id, r.municipality) u"
    " ON u.service_id = t.service_id AND u.municipality = t.municipality"
    " WHERE ($1 = '' OR t.municipality = $1) AND ($3 = 0 OR t.service_id = $3)"
    " ORDER BY t.service_id, m.name";

static void read_terms(struct db_stmt *st, struct arena *a, struct catalogue_terms *ct)
{
    struct service_terms *t = &ct->terms;
    memset(ct, 0, sizeof(*ct));
    t->service_id = db_col_int(st, 0);
    t->municipality = arena_strdup(a, db_col_text(st, 1));
    ct->municipality_name = arena_strdup(a, db_col_text(st, 2));
    t->price_cents = db_col_int(st, 3);
    t->has_budget = !db_col_is_null(st, 4);
    t->budget_cents = t->has_budget ? db_col_int(st, 4) : 0;
    t->has_places = !db_col_is_null(st, 5);
    t->places = t->has_places ? db_col_int(st, 5) : 0;
    t->ordered_by = arena_strdup(a, db_col_text(st, 6));
    ct->spent_cents = db_col_int(st, 7);
    ct->places_used = db_col_int(st, 8);
}

/* Reads the terms for the services list[0..n) (sorted by nothing in
 * particular) and hangs each on its service. */
static enum rc attach_terms(struct db *db, struct arena *a, const char *municipality,
                            int64_t service_id, int year, struct service *list, int n)
{
    struct db_stmt *st;
    enum rc rc = db_prepare(db, TERMS_SQL, &st);
    if (rc)
        return rc;
    char y[16];
    snprintf(y, sizeof(y), "%04d", year);
    db_bind_text(st, 1, municipality ? municipality : "");
    db_bind_text(st, 2, y);
    db_bind_int(st, 3, service_id);
    int *caps = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        int64_t sid = db_col_int(st, 0);
        for (int i = 0; i < n; i++) {
            if (list[i].id != sid)
                continue;
            list[i].terms =
                arena_grow(a, list[i].terms, sizeof(*list[i].terms), &caps[i], list[i].nterms);
            read_terms(st, a, &list[i].terms[list[i].nterms++]);
            break;
        }
    }
    db_done(st);
    return rc;
}

enum rc catalogue_list(struct db *db, struct arena *a, const char *municipality,
                       bool include_inactive, int year, struct service **out, int *n)
{
    static const char SQL[] =
        "SELECT " SERVICE_COLUMNS " FROM services s JOIN organisations o ON o.id = s.provider_id"
        " WHERE ($1 = '' OR EXISTS (SELECT 1 FROM service_terms t WHERE t.service_id = s.id"
        "   AND t.municipality = $1)) AND ($2 = 1 OR s.active = 1)"
        " ORDER BY o.name, s.name, s.id";
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, municipality ? municipality : "");
    db_bind_int(st, 2, include_inactive ? 1 : 0);
    struct rows rows;
    rc = rows_all(st, a, sizeof(struct service), 0, read_service, &rows);
    struct service *list = rows.list;
    int count = rows.n;
    if (!rc && count)
        rc = attach_terms(db, a, municipality, 0, year, list, count);
    *out = list;
    *n = count;
    return rc;
}

enum rc catalogue_get(struct db *db, struct arena *a, int64_t id, int year, struct service *out)
{
    static const char SQL[] =
        "SELECT " SERVICE_COLUMNS " FROM services s JOIN organisations o ON o.id = s.provider_id"
        " WHERE s.id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = rows_one(st, a, read_service, out);
    if (!rc)
        rc = attach_terms(db, a, "", id, year, out, 1);
    return rc;
}

/* A clean text of at most max characters, required or not: the message key
 * of its problem or NULL. */
static const char *text_problem(const char *s, size_t max, bool required, bool lines)
{
    if (!*s)
        return required ? "field.required" : NULL;
    if (!(lines ? text_clean_multiline(s, SIZE_MAX) : text_clean(s, SIZE_MAX)))
        return "field.text";
    return (lines ? text_clean_multiline(s, max) : text_clean(s, max)) ? NULL : "field.too_long";
}

bool catalogue_service_check(struct service *s, struct plan_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    if (!s->name)
        s->name = "";
    if (!s->target_group)
        s->target_group = "";
    if (!s->description)
        s->description = "";
    const char *m;
    if ((m = text_problem(s->name, SERVICE_NAME_MAX_CHARS, true, false)))
        plan_error_add(errs, "", 0, "name", m);
    if ((unsigned)s->kind >= SERVICE_KIND_COUNT)
        plan_error_add(errs, "", 0, "kind", "catalogue.field_kind");
    if ((unsigned)s->unit >= SERVICE_UNIT_COUNT)
        plan_error_add(errs, "", 0, "unit", "catalogue.field_unit");
    if (s->provider_id <= 0)
        plan_error_add(errs, "", 0, "provider_id", "catalogue.field_provider");
    if ((m = text_problem(s->target_group, SERVICE_TARGET_GROUP_MAX_CHARS, false, false)))
        plan_error_add(errs, "", 0, "target_group", m);
    if ((m = text_problem(s->description, SERVICE_DESCRIPTION_MAX_CHARS, false, true)))
        plan_error_add(errs, "", 0, "description", m);
    return errs->count == 0;
}

/* A provider is an organisation that is not a municipality's own service. */
static enum rc check_provider(struct db *db, int64_t provider_id, struct plan_errors *errs)
{
    static const char SQL[] = "SELECT kind FROM organisations WHERE id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, provider_id);
    bool row;
    rc = db_step(st, &row);
    bool ok = !rc && row && strcmp(db_col_text(st, 0), org_kind_name(ORG_MUNICIPAL)) != 0;
    db_done(st);
    if (rc)
        return rc;
    if (!ok) {
        plan_error_add(errs, "", 0, "provider_id", "catalogue.field_provider");
        return RC_INVALID;
    }
    return RC_OK;
}

static enum rc name_taken(enum rc rc, struct plan_errors *errs)
{
    if (rc == RC_CONFLICT)
        plan_error_add(errs, "", 0, "name", "catalogue.field_name_taken");
    return rc;
}

enum rc catalogue_service_create(struct db *db, struct service *s, struct plan_errors *errs,
                                 int64_t *id)
{
    static const char SQL[] =
        "INSERT INTO services (provider_id, name, kind, target_group, description, unit, active,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id";
    if (!catalogue_service_check(s, errs))
        return RC_INVALID;
    enum rc rc = check_provider(db, s->provider_id, errs);
    if (rc)
        return rc;
    char now[21];
    timestamp_now(now);
    struct db_stmt *st;
    if ((rc = db_prepare(db, SQL, &st)))
        return rc;
    db_bind_int(st, 1, s->provider_id);
    db_bind_text(st, 2, s->name);
    db_bind_text(st, 3, service_kind_name(s->kind));
    db_bind_text(st, 4, s->target_group);
    db_bind_text(st, 5, s->description);
    db_bind_text(st, 6, service_unit_name(s->unit));
    db_bind_text(st, 7, now);
    bool row;
    rc = db_step(st, &row);
    if (!rc && row)
        *id = s->id = db_col_int(st, 0);
    db_done(st);
    s->active = true;
    return name_taken(rc, errs);
}

enum rc catalogue_service_update(struct db *db, struct service *s, struct plan_errors *errs)
{
    static const char SQL[] =
        "UPDATE services SET name = $2, kind = $3, target_group = $4, description = $5,"
        " unit = $6, active = $7 WHERE id = $1 RETURNING provider_id";
    if (!catalogue_service_check(s, errs))
        return RC_INVALID;
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, s->id);
    db_bind_text(st, 2, s->name);
    db_bind_text(st, 3, service_kind_name(s->kind));
    db_bind_text(st, 4, s->target_group);
    db_bind_text(st, 5, s->description);
    db_bind_text(st, 6, service_unit_name(s->unit));
    db_bind_int(st, 7, s->active ? 1 : 0);
    bool row;
    rc = db_step(st, &row);
    if (!rc && !row)
        rc = RC_NOT_FOUND;
    if (!rc)
        s->provider_id = db_col_int(st, 0);
    db_done(st);
    return name_taken(rc, errs);
}

/* ordered_by: role names separated by commas, at least one. */
static bool ordered_by_ok(const char *s)
{
    if (!s || !*s || strlen(s) > TERMS_ORDERED_BY_MAX)
        return false;
    int names = 0;
    for (const char *p = s; *p;) {
        p += strspn(p, " ");
        size_t len = strcspn(p, ",");
        size_t trimmed = len;
        while (trimmed > 0 && p[trimmed - 1] == ' ')
            trimmed--;
        char name[64];
        enum role r;
        if (trimmed == 0 || trimmed >= sizeof(name))
            return false;
        memcpy(name, p, trimmed);
        name[trimmed] = '\0';
        if (!role_parse(name, &r))
            return false;
        names++;
        p += len;
        if (*p == ',')
            p++;
    }
    return names > 0;
}

bool catalogue_terms_check(const struct service_terms *t, struct plan_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    if (t->price_cents < 0 || t->price_cents > TERMS_MAX_PRICE_CENTS)
        plan_error_add(errs, "", 0, "price_cents", "catalogue.field_price");
    if (t->has_budget && (t->budget_cents < 0 || t->budget_cents > TERMS_MAX_BUDGET_CENTS))
        plan_error_add(errs, "", 0, "budget_cents", "catalogue.field_budget");
    if (t->has_places && (t->places < 0 || t->places > TERMS_MAX_PLACES))
        plan_error_add(errs, "", 0, "places", "catalogue.field_places");
    if (!ordered_by_ok(t->ordered_by))
        plan_error_add(errs, "", 0, "ordered_by", "catalogue.field_ordered_by");
    if (!t->municipality || !*t->municipality)
        plan_error_add(errs, "", 0, "municipality", "field.municipality");
    return errs->count == 0;
}

enum rc catalogue_terms_set(struct db *db, const struct service_terms *t, struct plan_errors *errs)
{
    static const char SERVICE_SQL[] = "SELECT 1 FROM services WHERE id = $1";
    static const char MUNICIPALITY_SQL[] = "SELECT 1 FROM municipalities WHERE code = $1";
    static const char SQL[] =
        "INSERT INTO service_terms (service_id, municipality, price_cents, budget_cents, places,"
        " ordered_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (service_id, municipality)"
        " DO UPDATE SET price_cents = $3, budget_cents = $4, places = $5, ordered_by = $6";
    if (!catalogue_terms_check(t, errs))
        return RC_INVALID;
    struct db_stmt *st;
    bool row = false;
    enum rc rc = db_prepare(db, SERVICE_SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, t->service_id);
    rc = db_step(st, &row);
    db_done(st);
    if (!rc && !row)
        rc = RC_NOT_FOUND;
    if (rc)
        return rc;
    if ((rc = db_prepare(db, MUNICIPALITY_SQL, &st)))
        return rc;
    db_bind_text(st, 1, t->municipality);
    rc = db_step(st, &row);
    db_done(st);
    if (rc)
        return rc;
    if (!row) {
        plan_error_add(errs, "", 0, "municipality", "field.municipality");
        return RC_INVALID;
    }
    if ((rc = db_prepare(db, SQL, &st)))
        return rc;
    db_bind_int(st, 1, t->service_id);
    db_bind_text(st, 2, t->municipality);
    db_bind_int(st, 3, t->price_cents);
    if (t->has_budget)
        db_bind_int(st, 4, t->budget_cents);
    else
        db_bind_null(st, 4);
    if (t->has_places)
        db_bind_int(st, 5, t->places);
    else
        db_bind_null(st, 5);
    db_bind_text(st, 6, t->ordered_by);
    rc = db_step_done(st);
    db_done(st);
    return rc;
}

enum rc catalogue_terms_delete(struct db *db, int64_t service_id, const char *municipality)
{
    static const char SQL[] = "DELETE FROM service_terms WHERE service_id = $1"
                              " AND municipality = $2 RETURNING service_id";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, service_id);
    db_bind_text(st, 2, municipality ? municipality : "");
    bool row;
    rc = db_step(st, &row);
    db_done(st);
    if (!rc && !row)
        rc = RC_NOT_FOUND;
    return rc;
}
