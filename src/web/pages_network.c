/* The employer network: /werkgevers lists the employers (with a search) and
 * lets the employer adviser add one; /werkgevers/{id} shows an employer, its
 * contact people and workplaces, and changes it. /vacatures lists the
 * workplaces; /vacatures/nieuw and /vacatures/{id}/bewerken are the
 * workplace form, whose ESCO occupation is picked without JavaScript (a
 * search button posts the form back with the results as choices; htmx only
 * swaps the results in sooner); /vacatures/{id} shows the workplace, its
 * skills (pre-filled from ESCO, changed one by one), its best candidates
 * explained and its proposals (pages_matching.c draws those). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intake.h"
#include "pages.h"
#include "plan_web.h"
#include "router.h"
#include "work_web.h"
#include "banned.h"

#define EMPLOYER_LIST_LIMIT 200
#define VACANCY_LIST_LIMIT 200
#define ESCO_RESULTS 10
#define EXTRA_CONTACT_ROWS 1

static enum role role_of(struct request *req)
{
    return req_auth(req)->actor.role;
}

static bool is_adviser(struct request *req)
{
    return role_of(req) == ROLE_EMPLOYER_ADVISER;
}

/* Who may add and change workplaces: the adviser and the employer's own users. */
static bool writes_vacancies(struct request *req)
{
    return role_of(req) == ROLE_EMPLOYER_ADVISER || role_of(req) == ROLE_EMPLOYER;
}

static json_t *text_field(const char *id, const char *name, const char *label_key,
                          const char *value, const char *hint_key, const char *size, bool optional,
                          json_t *errors)
{
    json_t *f = form_text_field(id, name, tr(label_key), value ? value : "",
                                hint_key ? tr(hint_key) : NULL, size, errors);
    if (optional)
        json_object_set_new(f, "optional", json_true());
    return f;
}

/* ---- employers ---- */

/* What the employer form shows: what was posted, or the saved employer. */
struct employer_form {
    struct employer_input in;
    struct employer_contact *contacts;
    int ncontacts;
};

static void employer_form_from(const struct employer *e, struct employer_form *f)
{
    memset(f, 0, sizeof(*f));
    if (!e)
        return;
    f->in = (struct employer_input){.name = e->name,
                                    .kvk = e->kvk,
                                    .sbi = e->sbi,
                                    .address = e->address,
                                    .postcode = e->postcode,
                                    .city = e->city,
                                    .network = e->network,
                                    .pso_level = pso_level_name(e->pso_level),
                                    .notes = e->notes};
    f->contacts = e->contacts;
    f->ncontacts = e->ncontacts;
}

static void employer_form_posted(struct request *req, struct employer_form *f)
{
    const struct form *form = page_form(req);
    memset(f, 0, sizeof(*f));
    f->in = (struct employer_input){.name = page_field(req, "name"),
                                    .kvk = page_field(req, "kvk"),
                                    .sbi = page_field(req, "sbi"),
                                    .address = page_field(req, "address"),
                                    .postcode = page_field(req, "postcode"),
                                    .city = page_field(req, "city"),
                                    .network = page_field(req, "network"),
                                    .pso_level = page_field(req, "pso_level"),
                                    .notes = page_field(req, "notes")};
    f->contacts = arena_alloc(&req->arena, sizeof(*f->contacts) * NETWORK_MAX_CONTACTS);
    /* Rows come as four fields each, in order; an empty row is left out. */
    int pn = 0, pp = 0, pe = 0, pt = 0;
    for (const char *name; (name = form_next(form, "contact_name", &pn));) {
        const char *pos = form_next(form, "contact_position", &pp);
        const char *email = form_next(form, "contact_email", &pe);
        const char *phone = form_next(form, "contact_phone", &pt);
        struct employer_contact c = {name, pos ? pos : "", email ? email : "", phone ? phone : ""};
        if (!*c.name && !*c.position && !*c.email && !*c.phone)
            continue;
        if (f->ncontacts == NETWORK_MAX_CONTACTS)
            break;
        f->contacts[f->ncontacts++] = c;
    }
    f->in.contacts = f->contacts;
    f->in.ncontacts = f->ncontacts;
}

/* The employer form's fields into ctx ("employer_form"). */
static json_t *employer_form_view(struct request *req, const struct employer_form *f,
                                  json_t *errors)
{
    const struct employer_input *in = &f->in;
    json_t *psos = json_array();
    for (int l = 0; l < PSO_COUNT; l++) {
        const char *name = pso_level_name((enum pso_level)l);
        json_array_append_new(
            psos, form_option(name, l == PSO_NONE ? tr("pso_level.none") : work_label("pso_level", name),
                              in->pso_level && strcmp(in->pso_level, name) == 0));
    }
    json_t *fields = json_array();
    json_array_append_new(fields, text_field("werkgever-name", "name", "employer.name", in->name,
                                             NULL, NULL, false, errors));
    json_array_append_new(fields, text_field("werkgever-kvk", "kvk", "employer.kvk", in->kvk,
                                             "employer.kvk_hint", "short", false, errors));
    json_array_append_new(fields, text_field("werkgever-sbi", "sbi", "employer.sbi", in->sbi,
                                             "employer.sbi_hint", "short", true, errors));
    json_array_append_new(fields, text_field("werkgever-address", "address", "employer.address",
                                             in->address, NULL, NULL, true, errors));
    json_array_append_new(fields, text_field("werkgever-postcode", "postcode",
                                             "employer.postcode", in->postcode, NULL, "short",
                                             false, errors));
    json_array_append_new(fields, text_field("werkgever-city", "city", "employer.city", in->city,
                                             NULL, NULL, true, errors));
    json_array_append_new(fields, text_field("werkgever-network", "network", "employer.network",
                                             in->network, "employer.network_hint", NULL, true,
                                             errors));
    json_t *contacts = json_array();
    for (int i = 0; i < f->ncontacts + EXTRA_CONTACT_ROWS && i < NETWORK_MAX_CONTACTS; i++) {
        struct employer_contact c = {"", "", "", ""};
        if (i < f->ncontacts)
            c = f->contacts[i];
        json_array_append_new(contacts, json_pack("{s:i, s:i, s:s, s:s, s:s, s:s}", "row", i,
                                                  "number", i + 1, "name", c.name, "position",
                                                  c.position, "email", c.email, "phone", c.phone));
    }
    json_t *notes = text_field("werkgever-notes", "notes", "employer.notes", in->notes, NULL, NULL,
                               true, errors);
    json_object_set_new(notes, "lines", json_integer(4));
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "fields", fields, "pso",
                     form_select_field("werkgever-pso_level", "pso_level", tr("employer.pso_level"),
                                       psos, errors),
                     "contacts", contacts, "notes", notes, "errors",
                     errors ? json_incref(errors) : json_object());
}

static json_t *employer_row(struct request *req, const struct employer *e)
{
    (void)req;
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i}", "id", (json_int_t)e->id, "name",
                     e->name, "kvk", e->kvk, "city", e->city, "sector",
                     e->sbi, "pso",
                     e->pso_level == PSO_NONE ? ""
                                              : work_label("pso_level", pso_level_name(e->pso_level)),
                     "open_vacancies", e->open_vacancies);
}

static void render_employers(struct request *req, struct response *resp, int status,
                             const struct employer_form *typed, json_t *errors)
{
    const char *q = work_query(req, "q");
    struct door d;
    req_door(req, &d);
    struct employer *list = NULL;
    int n = 0;
    enum rc rc = network_employer_list(&d, q, EMPLOYER_LIST_LIMIT, &list, &n);
    door_release(&d);
    if (rc) {
        json_decref(errors);
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, employer_row(req, &list[i]));
    json_t *ctx = json_pack("{s:o, s:s, s:b, s:b}", "employers", rows, "q", q, "searched", *q != '\0',
                            "can_add", is_adviser(req));
    if (is_adviser(req)) {
        struct employer_form empty;
        employer_form_from(NULL, &empty);
        json_t *by_id = errors ? json_object_get(errors, "by_id") : NULL;
        json_object_set_new(ctx, "form", employer_form_view(req, typed ? typed : &empty, by_id));
        json_object_set_new(ctx, "error_summary",
                            errors ? json_incref(json_object_get(errors, "summary"))
                                   : json_array());
    }
    json_decref(errors);
    page_render(req, resp, status, "employers", tr("employer.list_title"), ctx);
}

void page_employers(struct request *req, struct response *resp)
{
    if (role_of(req) == ROLE_EMPLOYER) {
        /* An employer's user has one employer: their own. */
        page_redirect(req, resp,
                      arena_printf(&req->arena, "/werkgevers/%lld",
                                   (long long)req_auth(req)->actor.organisation_id));
        return;
    }
    render_employers(req, resp, 200, NULL, NULL);
}

/* The status and the problems of a failed create or update. */
static int failed_status(enum rc rc)
{
    return rc == RC_CONFLICT ? 409 : 422;
}

void page_employer_create(struct request *req, struct response *resp)
{
    struct employer_form f;
    employer_form_posted(req, &f);
    struct door d;
    req_door(req, &d);
    struct employer e;
    struct door_field_errors errs = {0};
    enum rc rc = network_employer_create(&d, &f.in, &e, &errs);
    door_release(&d);
    if ((rc == RC_INVALID || rc == RC_CONFLICT) && is_adviser(req)) {
        if (!errs.count)
            door_field_error_add(&errs, "kvk", "employer.error_taken");
        render_employers(req, resp, failed_status(rc), &f, work_errors(req, "werkgever", &errs));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/werkgevers/%lld?melding=werkgever_toegevoegd",
                               (long long)e.id));
}

static json_t *vacancy_row(struct request *req, const struct vacancy *v)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:i, s:i, s:s, s:s, s:b, s:i, s:s}", "id",
                     (json_int_t)v->id, "title", v->title, "employer_id",
                     (json_int_t)v->employer_id, "employer", v->employer_name, "kind_label",
                     work_label("vacancy_kind", vacancy_kind_name(v->kind)), "hours",
                     v->hours_per_week, "places", v->places, "postcode", v->postcode, "starts_on",
                     *v->starts_on ? page_date_nl(req, v->starts_on) : "", "open",
                     v->status == VACANCY_OPEN, "open_proposals", v->open_proposals,
                     "status_label", work_label("vacancy_status", vacancy_status_name(v->status)));
}

static void render_employer(struct request *req, struct response *resp, int status,
                            const struct employer_form *typed, json_t *errors)
{
    int64_t id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct employer e;
    struct vacancy *vs = NULL;
    int nv = 0;
    enum rc rc = network_employer_get(&d, id, &e);
    if (!rc)
        rc = network_vacancy_list(&d, id, NULL, VACANCY_LIST_LIMIT, &vs, &nv);
    door_release(&d);
    if (rc) {
        json_decref(errors);
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *contacts = json_array();
    for (int i = 0; i < e.ncontacts; i++)
        json_array_append_new(contacts, json_pack("{s:s, s:s, s:s, s:s}", "name",
                                                  e.contacts[i].name, "position",
                                                  e.contacts[i].position, "email",
                                                  e.contacts[i].email, "phone",
                                                  e.contacts[i].phone));
    json_t *vacancies = json_array();
    for (int i = 0; i < nv; i++)
        json_array_append_new(vacancies, vacancy_row(req, &vs[i]));
    json_t *view = employer_row(req, &e);
    json_object_set_new(view, "sbi", json_string(e.sbi));
    json_object_set_new(view, "address", json_string(e.address));
    json_object_set_new(view, "postcode", json_string(e.postcode));
    json_object_set_new(view, "network", json_string(e.network));
    json_object_set_new(view, "notes", json_string(e.notes));
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:b, s:b}", "employer", view, "contacts", contacts,
                            "vacancies", vacancies, "can_edit", is_adviser(req), "can_add_vacancy",
                            writes_vacancies(req));
    if (is_adviser(req)) {
        struct employer_form saved;
        employer_form_from(&e, &saved);
        json_t *by_id = errors ? json_object_get(errors, "by_id") : NULL;
        json_object_set_new(ctx, "form", employer_form_view(req, typed ? typed : &saved, by_id));
        json_object_set_new(ctx, "error_summary",
                            errors ? json_incref(json_object_get(errors, "summary"))
                                   : json_array());
    }
    json_decref(errors);
    page_render(req, resp, status, "employer", e.name, ctx);
}

void page_employer(struct request *req, struct response *resp)
{
    render_employer(req, resp, 200, NULL, NULL);
}

void page_employer_update(struct request *req, struct response *resp)
{
    struct employer_form f;
    employer_form_posted(req, &f);
    int64_t id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct employer e;
    struct door_field_errors errs = {0};
    enum rc rc = network_employer_update(&d, id, &f.in, &e, &errs);
    door_release(&d);
    if ((rc == RC_INVALID || rc == RC_CONFLICT) && is_adviser(req)) {
        if (!errs.count)
            door_field_error_add(&errs, "kvk", "employer.error_taken");
        render_employer(req, resp, failed_status(rc), &f, work_errors(req, "werkgever", &errs));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/werkgevers/%lld?melding=opgeslagen", (long long)id));
}

/* ---- workplaces ---- */

void page_vacancies(struct request *req, struct response *resp)
{
    const char *status = work_query(req, "status");
    if (strcmp(status, "gesloten") != 0 && strcmp(status, "alle") != 0)
        status = "open";
    struct door d;
    req_door(req, &d);
    struct vacancy *list = NULL;
    int n = 0;
    enum rc rc = network_vacancy_list(&d, 0, strcmp(status, "alle") == 0 ? NULL : status,
                                      VACANCY_LIST_LIMIT, &list, &n);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, vacancy_row(req, &list[i]));
    json_t *filters = json_array();
    static const char *const statuses[] = {"open", "gesloten", "alle"};
    for (int i = 0; i < 3; i++)
        json_array_append_new(filters, json_pack("{s:s, s:s, s:b}", "value", statuses[i], "label",
                                                 work_label("vacancy.filter", statuses[i]),
                                                 "current", strcmp(statuses[i], status) == 0));
    page_render(req, resp, 200, "vacancies", tr("vacancy.list_title"),
                json_pack("{s:o, s:o, s:b}", "vacancies", rows, "filters", filters, "can_add",
                          writes_vacancies(req)));
}

/* What the workplace form shows: what was posted, or the saved workplace. */
struct vacancy_form {
    const char *employer_id, *title, *occupation_uri, *kind, *hours, *places, *postcode,
        *starts_on, *dutch_level, *description, *status;
    bool wage_subsidy, job_coaching;
    unsigned licences;
};

static void vacancy_form_from(struct request *req, const struct vacancy *v, struct vacancy_form *f)
{
    struct arena *a = &req->arena;
    *f = (struct vacancy_form){.employer_id = arena_printf(a, "%lld", (long long)v->employer_id),
                               .title = v->title,
                               .occupation_uri = v->occupation.uri,
                               .kind = vacancy_kind_name(v->kind),
                               .hours = arena_printf(a, "%d", v->hours_per_week),
                               .places = arena_printf(a, "%d", v->places),
                               .postcode = v->postcode,
                               .starts_on = v->starts_on,
                               .dutch_level = v->dutch_level,
                               .description = v->description,
                               .status = vacancy_status_name(v->status),
                               .wage_subsidy = v->wage_subsidy,
                               .job_coaching = v->job_coaching,
                               .licences = v->licences};
}

static void vacancy_form_posted(struct request *req, struct vacancy_form *f,
                                struct door_field_errors *errs)
{
    *f = (struct vacancy_form){.employer_id = page_field(req, "employer_id"),
                               .title = page_field(req, "title"),
                               .occupation_uri = page_field(req, "occupation_uri"),
                               .kind = page_field(req, "kind"),
                               .hours = page_field(req, "hours_per_week"),
                               .places = page_field(req, "places"),
                               .postcode = page_field(req, "postcode"),
                               .starts_on = page_field(req, "starts_on"),
                               .dutch_level = page_field(req, "dutch_level"),
                               .description = page_field(req, "description"),
                               .status = page_field(req, "status"),
                               .wage_subsidy = *page_field(req, "wage_subsidy") != '\0',
                               .job_coaching = *page_field(req, "job_coaching") != '\0'};
    int pos = 0;
    for (const char *v; (v = form_next(page_form(req), "licences", &pos));) {
        enum driving_licence l;
        if (driving_licence_parse(v, &l))
            f->licences |= 1u << l;
        else
            door_field_error_add(errs, "licences", "field.licence");
    }
}

/* The occupation search of the form: the posted q, its results as choices. */
static json_t *occupation_choices(struct request *req, const struct vacancy_form *f,
                                  bool searching, const char **search_error)
{
    struct app *app = req_app(req);
    json_t *choices = json_array();
    struct db *db = store_acquire(app->store);
    if (*f->occupation_uri) {
        struct esco_concept c;
        if (esco_get(db, &req->arena, ESCO_OCCUPATION, f->occupation_uri, &c) == RC_OK) {
            json_t *v = work_concept(&c);
            json_object_set_new(v, "checked", json_true());
            json_object_set_new(v, "row", json_integer(0));
            json_array_append_new(choices, v);
        }
    }
    const char *q = page_field(req, "q");
    if (searching) {
        struct esco_concept *list = NULL;
        int n = 0;
        int64_t total = 0;
        if (!esco_query_check(q))
            *search_error = tr("intake.search_invalid");
        else if (esco_search(db, &req->arena, ESCO_OCCUPATION, q, ESCO_RESULTS, 0, &list, &n,
                             &total))
            *search_error = tr("error.unavailable");
        for (int i = 0; i < n; i++) {
            if (strcmp(list[i].uri, f->occupation_uri) == 0)
                continue;
            json_t *v = work_concept(&list[i]);
            json_object_set_new(v, "checked", json_false());
            json_object_set_new(v, "row", json_integer(i + 1));
            json_array_append_new(choices, v);
        }
    }
    store_release(app->store, db);
    return choices;
}

static void render_vacancy_form(struct request *req, struct response *resp, int status,
                                int64_t vacancy_id, const struct vacancy_form *f, bool searching,
                                json_t *errors)
{
    struct door d;
    req_door(req, &d);
    struct employer *emps = NULL;
    int nemps = 0;
    enum rc rc = RC_OK;
    if (is_adviser(req) && !vacancy_id)
        rc = network_employer_list(&d, "", EMPLOYER_LIST_LIMIT, &emps, &nemps);
    door_release(&d);
    if (rc) {
        json_decref(errors);
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *by_id = errors ? json_object_get(errors, "by_id") : NULL;
    const char *search_error = NULL;
    json_t *choices = occupation_choices(req, f, searching, &search_error);
    json_t *ctx = json_pack("{s:I, s:b, s:s, s:b, s:o, s:s, s:o}", "id", (json_int_t)vacancy_id,
                            "editing", vacancy_id != 0, "q", page_field(req, "q"), "searched",
                            searching, "choices", choices, "employer_id", f->employer_id,
                            "errors", by_id ? json_incref(by_id) : json_object());
    if (search_error)
        json_object_set_new(ctx, "search_error", json_string(search_error));
    if (nemps) {
        json_t *opts = json_array();
        json_array_append_new(opts, form_option("", tr("form.choose"), false));
        for (int i = 0; i < nemps; i++) {
            const char *v = arena_printf(&req->arena, "%lld", (long long)emps[i].id);
            json_array_append_new(opts,
                                  form_option(v, emps[i].name, strcmp(v, f->employer_id) == 0));
        }
        json_object_set_new(ctx, "f_employer",
                            form_select_field("werkplek-employer_id", "employer_id",
                                              tr("vacancy.employer"), opts, by_id));
    }
    json_t *kinds = json_array();
    json_array_append_new(kinds, form_option("", tr("form.choose"), false));
    for (int k = 0; k < VACANCY_KIND_COUNT; k++) {
        const char *name = vacancy_kind_name((enum vacancy_kind)k);
        json_array_append_new(kinds, form_option(name, work_label("vacancy_kind", name),
                                                 strcmp(name, f->kind) == 0));
    }
    json_t *levels = json_array();
    json_array_append_new(levels, form_option("", tr("vacancy.dutch_none"), false));
    for (int l = CEFR_A1; l < CEFR_COUNT; l++) {
        const char *name = cefr_level_name((enum cefr_level)l);
        json_array_append_new(levels, form_option(name, name, strcmp(name, f->dutch_level) == 0));
    }
    json_t *fields = json_array();
    json_array_append_new(fields, form_select_field("werkplek-kind", "kind", tr("vacancy.kind"),
                                                    kinds, by_id));
    json_t *title = text_field("werkplek-title", "title", "vacancy.title", f->title,
                               "vacancy.title_hint", NULL, true, by_id);
    json_t *hours = text_field("werkplek-hours", "hours_per_week", "vacancy.hours",
                               f->hours, NULL, "short", false, by_id);
    json_object_set_new(hours, "numeric", json_true());
    json_t *places = text_field("werkplek-places", "places", "vacancy.places", f->places, NULL,
                                "short", false, by_id);
    json_object_set_new(places, "numeric", json_true());
    json_t *postcode = text_field("werkplek-postcode", "postcode", "vacancy.postcode", f->postcode,
                                  "vacancy.postcode_hint", "short", false, by_id);
    json_t *starts = text_field("werkplek-starts_on", "starts_on", "vacancy.starts_on",
                                f->starts_on, "vacancy.date_hint", "date", true, by_id);
    json_t *desc = text_field("werkplek-description", "description", "vacancy.description",
                              f->description, NULL, NULL, true, by_id);
    json_object_set_new(desc, "lines", json_integer(4));
    json_t *licences = json_array();
    for (int l = 0; l < DRIVING_LICENCE_COUNT; l++)
        json_array_append_new(licences, json_pack("{s:s, s:b}", "value", driving_licence_name_i(l),
                                                  "checked", (f->licences & (1u << l)) != 0));
    json_t *statuses = json_array();
    for (int s = 0; s < VACANCY_STATUS_COUNT; s++) {
        const char *name = vacancy_status_name((enum vacancy_status)s);
        json_array_append_new(statuses, form_option(name, work_label("vacancy_status", name),
                                                    strcmp(name, f->status) == 0));
    }
    json_object_set_new(ctx, "f_kind", json_incref(json_array_get(fields, 0)));
    json_decref(fields);
    json_object_set_new(ctx, "f_title", title);
    json_object_set_new(ctx, "f_hours", hours);
    json_object_set_new(ctx, "f_places", places);
    json_object_set_new(ctx, "f_postcode", postcode);
    json_object_set_new(ctx, "f_starts_on", starts);
    json_object_set_new(ctx, "f_description", desc);
    json_object_set_new(ctx, "f_dutch_level",
                        form_select_field("werkplek-dutch_level", "dutch_level",
                                          tr("vacancy.dutch_level"), levels, by_id));
    if (vacancy_id)
        json_object_set_new(ctx, "f_status",
                            form_select_field("werkplek-status", "status", tr("vacancy.status"),
                                              statuses, by_id));
    json_object_set_new(ctx, "licences", licences);
    json_object_set_new(ctx, "wage_subsidy", json_boolean(f->wage_subsidy));
    json_object_set_new(ctx, "job_coaching", json_boolean(f->job_coaching));
    json_object_set_new(ctx, "error_summary",
                        errors ? json_incref(json_object_get(errors, "summary")) : json_array());
    json_object_set_new(ctx, "attribution", json_string(tr("esco.attribution")));
    json_decref(errors);
    page_render(req, resp, status, "vacancy_form",
                tr(vacancy_id ? "vacancy.edit_title" : "vacancy.new_title"), ctx);
}

void page_vacancy_new(struct request *req, struct response *resp)
{
    if (!writes_vacancies(req)) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    int64_t employer = work_id(work_query(req, "werkgever"));
    if (role_of(req) == ROLE_EMPLOYER)
        employer = req_auth(req)->actor.organisation_id;
    struct vacancy_form f = {.employer_id = employer ? arena_printf(&req->arena, "%lld",
                                                                    (long long)employer)
                                                     : "",
                             .title = "",
                             .occupation_uri = "",
                             .kind = "",
                             .hours = "",
                             .places = "1",
                             .postcode = "",
                             .starts_on = "",
                             .dutch_level = "",
                             .description = "",
                             .status = "open"};
    render_vacancy_form(req, resp, 200, 0, &f, false, NULL);
}

/* Creates (vacancy_id 0) or updates a workplace from the posted form; the
 * search button posts the same form back to look for an occupation. */
static void save_vacancy(struct request *req, struct response *resp, int64_t vacancy_id)
{
    if (!writes_vacancies(req)) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    struct vacancy_form f;
    struct door_field_errors errs = {0};
    vacancy_form_posted(req, &f, &errs);
    if (role_of(req) == ROLE_EMPLOYER && !vacancy_id)
        f.employer_id = arena_printf(&req->arena, "%lld",
                                     (long long)req_auth(req)->actor.organisation_id);
    if (strcmp(page_field(req, "actie"), "zoeken") == 0) {
        render_vacancy_form(req, resp, 200, vacancy_id, &f, true, NULL);
        return;
    }
    struct vacancy_input in = {.employer_id = work_id(f.employer_id),
                               .title = f.title,
                               .occupation_uri = f.occupation_uri,
                               .kind = f.kind,
                               .hours_per_week = work_number(f.hours, -1),
                               .places = work_number(f.places, -1),
                               .postcode = f.postcode,
                               .starts_on = f.starts_on,
                               .wage_subsidy = f.wage_subsidy,
                               .job_coaching = f.job_coaching,
                               .licences = f.licences,
                               .dutch_level = f.dutch_level,
                               .description = f.description,
                               .status = vacancy_id ? f.status : NULL,
                               .nskills = -1};
    if (!vacancy_id && !in.employer_id)
        door_field_error_add(&errs, "employer_id", "vacancy.error_employer");
    enum rc rc = RC_INVALID;
    struct vacancy v;
    struct door d;
    req_door(req, &d);
    if (vacancy_id && !errs.count) {
        /* An update keeps the skills as they are: the skill buttons change them. */
        struct vacancy old;
        rc = network_vacancy_get(&d, vacancy_id, &old);
        if (!rc) {
            const char **uris = arena_alloc(&req->arena, sizeof(*uris) * (size_t)(old.nskills + 1));
            bool *essential = arena_alloc(&req->arena, sizeof(*essential) * (size_t)(old.nskills + 1));
            for (int i = 0; i < old.nskills; i++) {
                uris[i] = old.skills[i].skill.uri;
                essential[i] = old.skills[i].essential;
            }
            in.employer_id = old.employer_id;
            /* A new occupation brings its own skills from ESCO. */
            if (strcmp(old.occupation.uri, in.occupation_uri) == 0) {
                in.skill_uris = uris;
                in.skill_essential = essential;
                in.nskills = old.nskills;
            }
            rc = network_vacancy_update(&d, vacancy_id, &in, &v, &errs);
        }
    } else if (!errs.count) {
        rc = network_vacancy_create(&d, &in, &v, &errs);
    }
    door_release(&d);
    if (rc == RC_INVALID || (rc == RC_CONFLICT && errs.count)) {
        render_vacancy_form(req, resp, failed_status(rc), vacancy_id, &f, false,
                            work_errors(req, "werkplek", &errs));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/vacatures/%lld?melding=%s", (long long)v.id,
                               vacancy_id ? "opgeslagen" : "werkplek_toegevoegd"));
}

void page_vacancy_create(struct request *req, struct response *resp)
{
    save_vacancy(req, resp, 0);
}

void page_vacancy_edit(struct request *req, struct response *resp)
{
    if (!writes_vacancies(req)) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    int64_t id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct vacancy v;
    enum rc rc = network_vacancy_get(&d, id, &v);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    struct vacancy_form f;
    vacancy_form_from(req, &v, &f);
    render_vacancy_form(req, resp, 200, id, &f, false, NULL);
}

void page_vacancy_update(struct request *req, struct response *resp)
{
    save_vacancy(req, resp, request_param_id(req, 0));
}

/* Adds, re-marks (add) or removes one skill of a workplace. */
static void change_skill(struct request *req, struct response *resp, bool add)
{
    if (!writes_vacancies(req)) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    int64_t id = request_param_id(req, 0);
    const char *uri = page_field(req, "uri");
    bool essential = strcmp(page_field(req, "essential"), "1") == 0;
    struct door d;
    req_door(req, &d);
    struct vacancy v;
    struct door_field_errors errs = {0};
    enum rc rc = network_vacancy_get(&d, id, &v);
    if (!rc) {
        const char **uris = arena_alloc(&req->arena, sizeof(*uris) * (size_t)(v.nskills + 1));
        bool *ess = arena_alloc(&req->arena, sizeof(*ess) * (size_t)(v.nskills + 1));
        int n = 0;
        bool there = false;
        for (int i = 0; i < v.nskills; i++) {
            bool same = strcmp(v.skills[i].skill.uri, uri) == 0;
            there = there || same;
            if (same && !add)
                continue;
            uris[n] = v.skills[i].skill.uri;
            ess[n++] = same ? essential : v.skills[i].essential;
        }
        if (add && !there) {
            uris[n] = uri;
            ess[n++] = essential;
        }
        struct vacancy_input in = {.employer_id = v.employer_id,
                                   .title = v.title,
                                   .occupation_uri = v.occupation.uri,
                                   .kind = vacancy_kind_name(v.kind),
                                   .hours_per_week = v.hours_per_week,
                                   .places = v.places,
                                   .postcode = v.postcode,
                                   .starts_on = v.starts_on,
                                   .wage_subsidy = v.wage_subsidy,
                                   .job_coaching = v.job_coaching,
                                   .licences = v.licences,
                                   .dutch_level = v.dutch_level,
                                   .description = v.description,
                                   .status = NULL,
                                   .skill_uris = uris,
                                   .skill_essential = ess,
                                   .nskills = n};
        struct vacancy out;
        rc = network_vacancy_update(&d, id, &in, &out, &errs);
    }
    door_release(&d);
    if (rc == RC_INVALID) {
        page_error(req, resp, 422, errs.count ? errs.e[0].msg : "vacancy.error_skill");
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/vacatures/%lld?melding=%s#vaardigheden",
                               (long long)id,
                               add ? "vaardigheid_opgeslagen" : "vaardigheid_verwijderd"));
}

void page_vacancy_skill_add(struct request *req, struct response *resp)
{
    change_skill(req, resp, true);
}

void page_vacancy_skill_remove(struct request *req, struct response *resp)
{
    change_skill(req, resp, false);
}

/* The ESCO skill search on the workplace page (GET q). */
json_t *page_vacancy_skill_search(struct request *req, int *status)
{
    const char *q = NULL;
    enum rc rc = request_query_get(req, "q", &q);
    json_t *view = json_pack("{s:s, s:b}", "q", rc == RC_OK ? q : "", "searched", false);
    if (rc == RC_NOT_FOUND)
        return view;
    if (rc || !esco_query_check(q)) {
        json_object_set_new(view, "error", json_string(tr("intake.search_invalid")));
        *status = 400;
        return view;
    }
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct esco_concept *list = NULL;
    int n = 0;
    int64_t total = 0;
    rc = esco_search(db, &req->arena, ESCO_SKILL, q, ESCO_RESULTS, 0, &list, &n, &total);
    store_release(app->store, db);
    if (rc) {
        json_object_set_new(view, "error", json_string(tr("error.unavailable")));
        *status = rc_http_status(rc);
        return view;
    }
    json_t *results = json_array();
    for (int i = 0; i < n; i++) {
        json_t *c = work_concept(&list[i]);
        json_object_set_new(c, "row", json_integer(i + 1));
        json_array_append_new(results, c);
    }
    json_object_set_new(view, "searched", json_true());
    json_object_set_new(view, "results", results);
    json_object_set_new(view, "more", json_boolean(total > n));
    return view;
}
