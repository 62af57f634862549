/* The service catalogue for the functional administrator: /beheer/diensten
 * lists the services and makes new ones; /beheer/diensten/{id} changes a
 * service and sets or ends its terms per municipality. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "pages.h"
#include "plan_web.h"
#include "router.h"
#include "banned.h"

static bool is_admin(struct request *req, struct response *resp)
{
    if (req_auth(req)->user.role == ROLE_ADMIN)
        return true;
    page_error(req, resp, 403, "error.forbidden");
    return false;
}

/* Problems by field id, and the summary that links to them. */
struct form_errors {
    json_t *by_id;
    json_t *summary;
};

static void errors_from(struct form_errors *fe, const char *prefix, const struct plan_errors *errs)
{
    fe->by_id = json_object();
    fe->summary = json_array();
    int n = errs->count < PLAN_MAX_ERRORS ? errs->count : PLAN_MAX_ERRORS;
    for (int i = 0; i < n; i++) {
        char id[64];
        snprintf(id, sizeof(id), "%s-%s", prefix, errs->list[i].field);
        const char *msg = tr(errs->list[i].msg);
        if (!json_object_get(fe->by_id, id))
            json_object_set_new(fe->by_id, id, json_string(msg));
        json_array_append_new(fe->summary, json_pack("{s:s, s:s}", "field", id, "message", msg));
    }
}

static void errors_release(struct form_errors *fe)
{
    json_decref(fe->by_id);
    json_decref(fe->summary);
}

/* The name, kind, unit, target group and description fields of a service
 * form; values from the posted form when posted, else from s. */
static void service_fields(struct request *req, json_t *ctx, const char *prefix,
                           const struct service *s, bool posted, json_t *errors)
{
    char id[64];
    const char *kind = posted ? page_field(req, "kind") : s ? service_kind_name(s->kind) : "";
    const char *unit = posted ? page_field(req, "unit") : s ? service_unit_name(s->unit) : "";
    snprintf(id, sizeof(id), "%s-name", prefix);
    json_object_set_new(ctx, "f_name",
                        form_text_field(id, "name", tr("catalogue.name"),
                                        posted ? page_field(req, "name")
                                        : s    ? s->name
                                               : "",
                                        NULL, NULL, errors));
    json_t *kinds = json_array();
    json_array_append_new(kinds, form_option("", tr("form.choose"), false));
    for (int k = 0; k < SERVICE_KIND_COUNT; k++)
        json_array_append_new(
            kinds, form_option(service_kind_name((enum service_kind)k),
                               plan_kind_label((enum service_kind)k),
                               strcmp(kind, service_kind_name((enum service_kind)k)) == 0));
    snprintf(id, sizeof(id), "%s-kind", prefix);
    json_object_set_new(ctx, "f_kind",
                        form_select_field(id, "kind", tr("catalogue.kind"), kinds, errors));
    json_t *units = json_array();
    json_array_append_new(units, form_option("", tr("form.choose"), false));
    for (int u = 0; u < SERVICE_UNIT_COUNT; u++)
        json_array_append_new(
            units, form_option(service_unit_name((enum service_unit)u),
                               plan_unit_label((enum service_unit)u, 1),
                               strcmp(unit, service_unit_name((enum service_unit)u)) == 0));
    snprintf(id, sizeof(id), "%s-unit", prefix);
    json_object_set_new(ctx, "f_unit",
                        form_select_field(id, "unit", tr("catalogue.unit"), units, errors));
    snprintf(id, sizeof(id), "%s-target_group", prefix);
    json_t *tg = form_text_field(id, "target_group", tr("catalogue.target_group"),
                                 posted ? page_field(req, "target_group")
                                 : s    ? s->target_group
                                        : "",
                                 tr("catalogue.target_group_hint"), NULL, errors);
    json_object_set_new(tg, "optional", json_true());
    json_object_set_new(ctx, "f_target_group", tg);
    snprintf(id, sizeof(id), "%s-description", prefix);
    json_t *desc = form_text_field(id, "description", tr("catalogue.description"),
                                   posted ? page_field(req, "description")
                                   : s    ? s->description
                                          : "",
                                   NULL, NULL, errors);
    json_object_set_new(desc, "optional", json_true());
    json_object_set_new(desc, "lines", json_integer(4));
    json_object_set_new(ctx, "f_description", desc);
}

static void render_services(struct request *req, struct response *resp, int status,
                            const struct form_errors *fe)
{
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct service *list = NULL;
    struct organisation *orgs = NULL;
    int n = 0, norgs = 0;
    enum rc rc = catalogue_list(db, &req->arena, "", true, plan_current_year(), &list, &n);
    if (!rc)
        rc = directory_organisations(db, &req->arena, &orgs, &norgs);
    store_release(app->store, db);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:b}", "id",
                                              (json_int_t)list[i].id, "name", list[i].name,
                                              "provider", list[i].provider_name, "kind_label",
                                              plan_kind_label(list[i].kind), "unit_label",
                                              plan_unit_label(list[i].unit, 1), "target_group",
                                              list[i].target_group, "nterms", list[i].nterms,
                                              "active", list[i].active));
    json_t *errors = fe ? fe->by_id : NULL;
    json_t *providers = json_array();
    const char *chosen = page_field(req, "provider_id");
    json_array_append_new(providers, form_option("", tr("form.choose"), false));
    for (int i = 0; i < norgs; i++) {
        if (orgs[i].kind == ORG_MUNICIPAL)
            continue;
        const char *id = arena_printf(&req->arena, "%lld", (long long)orgs[i].id);
        json_array_append_new(providers, form_option(id, orgs[i].name, strcmp(chosen, id) == 0));
    }
    json_t *ctx = json_pack("{s:o, s:o, s:o}", "services", rows, "error_summary",
                            fe ? json_incref(fe->summary) : json_array(), "f_provider",
                            form_select_field("service-provider_id", "provider_id",
                                              tr("catalogue.provider"), providers, errors));
    service_fields(req, ctx, "service", NULL, fe != NULL, errors);
    page_render(req, resp, status, "services", tr("catalogue.title"), ctx);
}

void page_services(struct request *req, struct response *resp)
{
    if (is_admin(req, resp))
        render_services(req, resp, 200, NULL);
}

/* Reads the service fields of a posted form into s. */
static void read_service_form(struct request *req, struct service *s)
{
    s->name = page_field(req, "name");
    s->target_group = page_field(req, "target_group");
    s->description = page_field(req, "description");
    if (!service_kind_parse(page_field(req, "kind"), &s->kind))
        s->kind = SERVICE_KIND_COUNT;
    if (!service_unit_parse(page_field(req, "unit"), &s->unit))
        s->unit = SERVICE_UNIT_COUNT;
}

void page_service_create(struct request *req, struct response *resp)
{
    if (!is_admin(req, resp))
        return;
    struct service s = {0};
    read_service_form(req, &s);
    const char *provider = page_field(req, "provider_id");
    char *end;
    s.provider_id = strtoll(provider, &end, 10);
    if (!*provider || *end)
        s.provider_id = 0;
    struct plan_errors errs;
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    int64_t id = 0;
    enum rc rc = catalogue_service_create(db, &s, &errs, &id);
    store_release(app->store, db);
    if (rc == RC_INVALID || rc == RC_CONFLICT) {
        struct form_errors fe;
        errors_from(&fe, "service", &errs);
        render_services(req, resp, rc == RC_CONFLICT ? 409 : 422, &fe);
        errors_release(&fe);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/beheer/diensten/%lld?melding=dienst_aangemaakt",
                               (long long)id));
}

static const char *money_or_none(struct request *req, bool has, int64_t cents)
{
    return has ? plan_money(&req->arena, cents) : tr("plan.no_budget_limit");
}

/* "case_manager,manager" as "Klantmanager, Teamleider". */
static const char *roles_label(struct request *req, const char *ordered_by)
{
    const char *out = "";
    for (const char *p = ordered_by; *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, ",");
        size_t trimmed = len;
        while (trimmed > 0 && p[trimmed - 1] == ' ')
            trimmed--;
        if (trimmed) {
            char key[64];
            snprintf(key, sizeof(key), "role.%.*s", (int)trimmed, p);
            const char *label = msg_get(LANG_NL, key);
            out = arena_printf(&req->arena, "%s%s%s", out, *out ? ", " : "",
                               label ? label : key + 5);
        }
        p += len;
    }
    return out;
}

static void render_service(struct request *req, struct response *resp, int status,
                           const struct form_errors *fe, const char *posted_form)
{
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct service s;
    struct municipality *munis = NULL;
    int nmunis = 0;
    enum rc rc = catalogue_get(db, &req->arena, request_param_id(req, 0), plan_current_year(), &s);
    if (!rc)
        rc = directory_municipalities(db, &req->arena, &munis, &nmunis);
    store_release(app->store, db);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    bool terms_posted = posted_form && strcmp(posted_form, "terms") == 0;
    bool service_posted = posted_form && strcmp(posted_form, "service") == 0;
    json_t *errors = fe ? fe->by_id : NULL;
    json_t *terms = json_array();
    for (int i = 0; i < s.nterms; i++) {
        const struct catalogue_terms *ct = &s.terms[i];
        const struct service_terms *t = &ct->terms;
        json_array_append_new(
            terms,
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "municipality", t->municipality,
                      "municipality_name", ct->municipality_name, "price",
                      plan_money(&req->arena, t->price_cents), "budget",
                      money_or_none(req, t->has_budget, t->budget_cents), "spent",
                      plan_money(&req->arena, ct->spent_cents), "places",
                      t->has_places ? arena_printf(&req->arena, "%lld / %lld",
                                                   (long long)ct->places_used, (long long)t->places)
                                    : arena_printf(&req->arena, "%lld", (long long)ct->places_used),
                      "ordered_by", roles_label(req, t->ordered_by)));
    }
    /* The terms form starts from the first municipality's terms, if any. */
    const char *chosen = terms_posted ? page_field(req, "municipality") : "";
    json_t *munis_opt = json_array();
    json_array_append_new(munis_opt, form_option("", tr("form.choose"), false));
    for (int i = 0; i < nmunis; i++)
        json_array_append_new(munis_opt, form_option(munis[i].code, munis[i].name,
                                                     strcmp(chosen, munis[i].code) == 0));
    json_t *roles = json_array();
    static const enum role orderers[] = {ROLE_CASE_MANAGER, ROLE_JOB_COACH, ROLE_MANAGER};
    for (size_t r = 0; r < sizeof(orderers) / sizeof(orderers[0]); r++) {
        const char *name = role_name(orderers[r]);
        bool checked = !terms_posted && orderers[r] == ROLE_CASE_MANAGER;
        int pos = 0;
        for (const char *v; terms_posted && (v = form_next(page_form(req), "ordered_by", &pos));)
            checked = checked || strcmp(v, name) == 0;
        char key[40];
        snprintf(key, sizeof(key), "role.%s", name);
        json_array_append_new(roles, json_pack("{s:s, s:s, s:b}", "value", name, "label", tr(key),
                                               "checked", checked));
    }
    json_t *price = form_text_field("terms-price_cents", "price", tr("catalogue.price_label"),
                                    terms_posted ? page_field(req, "price") : "",
                                    tr("catalogue.money_hint"), "short", errors);
    json_t *budget = form_text_field("terms-budget_cents", "budget", tr("catalogue.budget_label"),
                                     terms_posted ? page_field(req, "budget") : "",
                                     tr("catalogue.budget_hint"), "short", errors);
    json_object_set_new(budget, "optional", json_true());
    json_t *places = form_text_field("terms-places", "places", tr("catalogue.places_label"),
                                     terms_posted ? page_field(req, "places") : "",
                                     tr("catalogue.places_hint"), "short", errors);
    json_object_set_new(places, "optional", json_true());
    json_object_set_new(places, "numeric", json_true());
    json_t *ctx = json_pack(
        "{s:{s:I, s:s, s:s, s:s, s:s, s:b}, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
        "service", "id", (json_int_t)s.id, "name", s.name, "provider", s.provider_name,
        "kind_label", plan_kind_label(s.kind), "unit_label", plan_unit_label(s.unit, 1), "active",
        s.active, "terms", terms, "error_summary", fe ? json_incref(fe->summary) : json_array(),
        "errors", errors ? json_incref(errors) : json_object(), "f_municipality",
        form_select_field("terms-municipality", "municipality", tr("resident.municipality"),
                          munis_opt, errors),
        "f_price", price, "f_budget", budget, "f_places", places, "roles", roles, "active_checked",
        service_posted ? *page_field(req, "active") != '\0' : s.active);
    service_fields(req, ctx, "service", &s, service_posted, errors);
    page_render(req, resp, status, "service", s.name, ctx);
}

void page_service(struct request *req, struct response *resp)
{
    if (is_admin(req, resp))
        render_service(req, resp, 200, NULL, NULL);
}

void page_service_update(struct request *req, struct response *resp)
{
    if (!is_admin(req, resp))
        return;
    struct service s = {.id = request_param_id(req, 0)};
    read_service_form(req, &s);
    s.active = *page_field(req, "active") != '\0';
    struct plan_errors errs;
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    enum rc rc = catalogue_service_update(db, &s, &errs);
    store_release(app->store, db);
    if (rc == RC_INVALID || rc == RC_CONFLICT) {
        struct form_errors fe;
        errors_from(&fe, "service", &errs);
        render_service(req, resp, rc == RC_CONFLICT ? 409 : 422, &fe, "service");
        errors_release(&fe);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(
        req, resp,
        arena_printf(&req->arena, "/beheer/diensten/%lld?melding=opgeslagen", (long long)s.id));
}

/* A whole number of places, or none for "". */
static bool places_parse(const char *s, bool *has, int64_t *places)
{
    *has = *s != '\0';
    if (!*has)
        return true;
    if (strlen(s) > 9 || strspn(s, "0123456789") != strlen(s))
        return false;
    *places = strtoll(s, NULL, 10);
    return true;
}

void page_service_terms(struct request *req, struct response *resp)
{
    if (!is_admin(req, resp))
        return;
    struct service_terms t = {.service_id = request_param_id(req, 0),
                              .municipality = page_field(req, "municipality")};
    struct plan_errors errs = {0};
    if (!money_parse_nl(page_field(req, "price"), &t.price_cents))
        plan_error_add(&errs, "", 0, "price_cents", "catalogue.field_price");
    const char *budget = page_field(req, "budget");
    t.has_budget = *budget != '\0';
    if (t.has_budget && !money_parse_nl(budget, &t.budget_cents))
        plan_error_add(&errs, "", 0, "budget_cents", "catalogue.field_budget");
    if (!places_parse(page_field(req, "places"), &t.has_places, &t.places))
        plan_error_add(&errs, "", 0, "places", "catalogue.field_places");
    struct buf roles;
    buf_init(&roles, 256);
    int pos = 0;
    for (const char *v; (v = form_next(page_form(req), "ordered_by", &pos));)
        buf_printf(&roles, "%s%s", roles.len ? "," : "", v);
    t.ordered_by = arena_strdup(&req->arena, roles.data ? roles.data : "");
    buf_release(&roles);
    enum rc rc = RC_INVALID;
    if (errs.count == 0) {
        struct app *app = req_app(req);
        struct db *db = store_acquire(app->store);
        rc = catalogue_terms_set(db, &t, &errs);
        store_release(app->store, db);
    }
    if (rc == RC_INVALID) {
        struct form_errors fe;
        errors_from(&fe, "terms", &errs);
        render_service(req, resp, 422, &fe, "terms");
        errors_release(&fe);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/beheer/diensten/%lld?melding=voorwaarden_opgeslagen",
                               (long long)t.service_id));
}

void page_service_terms_end(struct request *req, struct response *resp)
{
    if (!is_admin(req, resp))
        return;
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    int64_t id = request_param_id(req, 0);
    enum rc rc = catalogue_terms_delete(db, id, page_field(req, "municipality"));
    store_release(app->store, db);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/beheer/diensten/%lld?melding=voorwaarden_beeindigd",
                               (long long)id));
}
