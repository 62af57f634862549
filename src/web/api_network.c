/* Employers, their workplaces (vacatures) and the matching between
 * workplaces and residents under /api/v1 (network.h, door_match.h). The
 * shape of the input is checked here (types, known members, choices from a
 * fixed list); everything about its content (KvK number, postcode, hours,
 * ESCO URIs, who may) is the store's. */
#include <string.h>

#include "api.h"
#include "door_match.h"
#include "intake.h"
#include "network.h"
#include "router.h"
#include "banned.h"

#define MATCH_LIMIT_DEFAULT 10
#define LIST_LIMIT_DEFAULT 100
#define LIST_LIMIT_MAX 1000
#define BIG_NUMBER 100000 /* an int field beyond this is out of range anyway */

/* ---- shared helpers ---- */

static const char *text(const char *s)
{
    return s ? s : "";
}

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* A number from the body as an int the checks can judge: anything out of
 * [-1, BIG_NUMBER] becomes -1, which every range check refuses. */
static int body_int(json_t *in, const char *name, int absent)
{
    json_t *v = json_object_get(in, name);
    if (!json_is_integer(v))
        return absent;
    json_int_t n = json_integer_value(v);
    return n < -1 || n > BIG_NUMBER ? -1 : (int)n;
}

/* An id from the body: 0 and negative numbers name nothing, -1 says so to
 * the store (which reports the field); absent is 0. */
static int64_t body_id(json_t *in, const char *name)
{
    json_t *v = json_object_get(in, name);
    if (!json_is_integer(v))
        return 0;
    return json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : -1;
}

static void fail(struct door_field_errors *errs, const char *field, const char *msg)
{
    for (int i = 0; i < errs->count; i++)
        if (strcmp(errs->e[i].field, field) == 0)
            return;
    door_field_error_add(errs, field, msg);
}

/* The answer to a failed create or update. */
static void answer_write_error(struct response *resp, enum rc rc,
                               const struct door_field_errors *errs, const char *conflict_key)
{
    if (rc == RC_INVALID && errs->count)
        api_problem(resp, 422, tr("error.invalid"), api_door_errors(errs));
    else if (rc == RC_CONFLICT)
        api_problem(resp, 409, tr(conflict_key), NULL);
    else
        api_problem_rc(resp, rc);
}

static json_t *concept_json(const struct esco_concept *c)
{
    if (!c->uri || !c->label || !c->label_lang)
        return json_pack("{s:s, s:s, s:s}", "uri", text(c->uri), "label", text(c->label),
                         "label_lang", text(c->label_lang));
    return esco_concept_json(c);
}

/* Scores and distances with one decimal, a fit with two: more digits would
 * promise a precision the inputs do not have. */
static json_t *rounded(float x, double scale)
{
    double v = (double)x * scale;
    v = v < 0 ? (double)(int64_t)(v - 0.5) : (double)(int64_t)(v + 0.5);
    return json_real(v / scale);
}

static json_t *licences_json(unsigned bits)
{
    json_t *list = json_array();
    for (int i = 0; i < DRIVING_LICENCE_COUNT; i++)
        if (bits & (1u << i))
            json_array_append_new(list, json_string(driving_licence_name((enum driving_licence)i)));
    return list;
}

/* ---- employers ---- */

static json_t *employer_json(const struct employer *e)
{
    json_t *municipalities = json_array();
    for (int i = 0; i < e->nmunicipalities; i++)
        json_array_append_new(municipalities, json_string(text(e->municipalities[i])));
    json_t *contacts = json_array();
    for (int i = 0; i < e->ncontacts; i++) {
        const struct employer_contact *c = &e->contacts[i];
        json_array_append_new(contacts, json_pack("{s:s, s:s, s:s, s:s}", "name", text(c->name),
                                                  "position", text(c->position), "email",
                                                  text(c->email), "phone", text(c->phone)));
    }
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id,
                          "name", text(e->name), "kvk", text(e->kvk), "sbi", text(e->sbi),
                          "address", text(e->address), "postcode", text(e->postcode), "city",
                          text(e->city), "network", text(e->network));
    json_object_set_new(o, "pso_level",
                        e->pso_level == PSO_NONE ? json_null()
                                                 : json_string(pso_level_name(e->pso_level)));
    json_object_set_new(o, "notes", json_string(text(e->notes)));
    json_object_set_new(o, "municipalities", municipalities);
    json_object_set_new(o, "contacts", contacts);
    json_object_set_new(o, "open_vacancies", json_integer(e->open_vacancies));
    json_object_set_new(o, "created_at", json_string(text(e->created_at)));
    json_object_set_new(o, "updated_at", json_string(text(e->updated_at)));
    return o;
}

static const struct api_field employer_fields[] = {
    {"name", JSON_STRING, true},      {"kvk", JSON_STRING, true},
    {"sbi", JSON_STRING, false},      {"address", JSON_STRING, false},
    {"postcode", JSON_STRING, false}, {"city", JSON_STRING, false},
    {"network", JSON_STRING, false},  {"pso_level", JSON_STRING, false},
    {"notes", JSON_STRING, false},    {"municipalities", JSON_ARRAY, false},
    {"contacts", JSON_ARRAY, false},
};
#define NEMPLOYER_FIELDS (sizeof(employer_fields) / sizeof(employer_fields[0]))

static bool only_members(json_t *item, const char *const *names, size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach(item, key, v)
    {
        bool known = false;
        for (size_t i = 0; i < n; i++)
            known = known || strcmp(key, names[i]) == 0;
        if (!known)
            return false;
    }
    return true;
}

/* Reads the lists of an employer (municipalities, contacts) from body into
 * in when they are sent; shape problems go to errs. */
static void read_employer_lists(struct arena *a, json_t *body, struct employer_input *in,
                                struct door_field_errors *errs)
{
    json_t *list = json_object_get(body, "municipalities");
    if (json_is_array(list)) {
        size_t n = json_array_size(list);
        if (n > POLICY_MAX_MUNICIPALITIES) {
            fail(errs, "municipalities", "field.too_many");
        } else {
            in->municipalities = arena_alloc(a, sizeof(*in->municipalities) * (n ? n : 1));
            in->nmunicipalities = (int)n;
            for (size_t i = 0; i < n; i++) {
                json_t *v = json_array_get(list, i);
                in->municipalities[i] = json_is_string(v) ? json_string_value(v) : "";
                if (!json_is_string(v))
                    fail(errs, "municipalities", "employer.error_municipalities");
            }
        }
    } else if (json_is_null(list)) {
        in->municipalities = NULL;
        in->nmunicipalities = 0;
    }
    list = json_object_get(body, "contacts");
    if (json_is_array(list)) {
        static const char *const members[] = {"name", "position", "email", "phone"};
        size_t n = json_array_size(list);
        if (n > NETWORK_MAX_CONTACTS) {
            fail(errs, "contacts", "field.too_many");
            return;
        }
        struct employer_contact *c = arena_alloc(a, sizeof(*c) * (n ? n : 1));
        for (size_t i = 0; i < n; i++) {
            json_t *item = json_array_get(list, i);
            if (!json_is_object(item) || !only_members(item, members, 4)) {
                fail(errs, "contacts", "employer.error_contacts");
                return;
            }
            const char **slots[] = {&c[i].name, &c[i].position, &c[i].email, &c[i].phone};
            for (size_t k = 0; k < 4; k++) {
                json_t *v = json_object_get(item, members[k]);
                if (v && !json_is_string(v) && !json_is_null(v)) {
                    fail(errs, "contacts", "employer.error_contacts");
                    return;
                }
                *slots[k] = json_is_string(v) ? json_string_value(v) : "";
            }
        }
        in->contacts = c;
        in->ncontacts = (int)n;
    } else if (json_is_null(list)) {
        in->contacts = NULL;
        in->ncontacts = 0;
    }
}

/* Text fields of an employer that are sent replace those in in; null
 * clears one. */
static void read_employer_texts(json_t *body, struct employer_input *in)
{
    const char **slots[] = {&in->name, &in->kvk,     &in->sbi,       &in->address, &in->postcode,
                            &in->city, &in->network, &in->pso_level, &in->notes};
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
        json_t *v = json_object_get(body, employer_fields[i].name);
        if (json_is_string(v))
            *slots[i] = json_string_value(v);
        else if (json_is_null(v))
            *slots[i] = "";
    }
}

static void check_pso_level(const struct employer_input *in, struct door_field_errors *errs)
{
    enum pso_level l;
    if (in->pso_level && *in->pso_level && !pso_level_parse(in->pso_level, &l))
        fail(errs, "pso_level", "employer.error_pso_level");
}

void api_employers_list(struct request *req, struct response *resp)
{
    int limit;
    if (!api_query_limit(req, resp, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, &limit))
        return;
    const char *q = request_query(req, "q");
    struct door d;
    req_door(req, &d);
    struct employer *list;
    int n;
    enum rc rc = network_employer_list(&d, q ? q : "", limit, &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, employer_json(&list[i]));
    api_list(resp, items, n);
}

void api_employers_create(struct request *req, struct response *resp)
{
    json_t *body = api_read_object(req, resp, employer_fields, NEMPLOYER_FIELDS);
    if (!body)
        return;
    struct employer_input in = {0};
    struct door_field_errors errs = {0};
    read_employer_texts(body, &in);
    read_employer_lists(&req->arena, body, &in, &errs);
    check_pso_level(&in, &errs);
    if (errs.count) {
        api_problem(resp, 422, tr("error.invalid"), api_door_errors(&errs));
        return;
    }
    struct door d;
    req_door(req, &d);
    struct employer e;
    enum rc rc = network_employer_create(&d, &in, &e, &errs);
    door_release(&d);
    if (rc) {
        answer_write_error(resp, rc, &errs, "employer.error_taken");
        return;
    }
    response_header(resp, "Location",
                    arena_printf(&req->arena, "/api/v1/employers/%lld", (long long)e.id));
    api_json(resp, 201, employer_json(&e));
}

void api_employer_get(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct employer e;
    enum rc rc = network_employer_get(&d, request_param_id(req, 0), &e);
    door_release(&d);
    if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, 200, employer_json(&e));
}

void api_employer_patch(struct request *req, struct response *resp)
{
    /* The same fields as a create, none of them required. */
    struct api_field fields[NEMPLOYER_FIELDS];
    for (size_t i = 0; i < NEMPLOYER_FIELDS; i++) {
        fields[i] = employer_fields[i];
        fields[i].required = false;
    }
    json_t *body = api_read_object(req, resp, fields, NEMPLOYER_FIELDS);
    if (!body)
        return;
    struct door d;
    req_door(req, &d);
    int64_t id = request_param_id(req, 0);
    struct employer e;
    struct door_field_errors errs = {0};
    enum rc rc = network_employer_get(&d, id, &e);
    if (!rc) {
        /* What is not sent stays as it is. */
        struct employer_input in = {
            .name = e.name,
            .kvk = e.kvk,
            .sbi = e.sbi,
            .address = e.address,
            .postcode = e.postcode,
            .city = e.city,
            .network = e.network,
            .pso_level = e.pso_level == PSO_NONE ? "" : pso_level_name(e.pso_level),
            .notes = e.notes,
            .municipalities = e.municipalities,
            .nmunicipalities = e.nmunicipalities,
            .contacts = e.contacts,
            .ncontacts = e.ncontacts,
        };
        read_employer_texts(body, &in);
        read_employer_lists(&req->arena, body, &in, &errs);
        check_pso_level(&in, &errs);
        rc = errs.count ? RC_INVALID : network_employer_update(&d, id, &in, &e, &errs);
    }
    door_release(&d);
    if (rc)
        answer_write_error(resp, rc, &errs, "employer.error_taken");
    else
        api_json(resp, 200, employer_json(&e));
}

/* ---- workplaces ---- */

static json_t *vacancy_json(const struct vacancy *v)
{
    json_t *skills = json_array();
    for (int i = 0; i < v->nskills; i++) {
        json_t *s = concept_json(&v->skills[i].skill);
        json_object_set_new(s, "essential", json_boolean(v->skills[i].essential));
        json_array_append_new(skills, s);
    }
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:i, s:i, s:s}", "id", (json_int_t)v->id,
                          "employer_id", (json_int_t)v->employer_id, "employer_name",
                          text(v->employer_name), "title", text(v->title), "occupation",
                          concept_json(&v->occupation), "kind", vacancy_kind_name(v->kind), "hours",
                          v->hours_per_week, "places", v->places, "postcode", text(v->postcode));
    json_object_set_new(o, "starts_on", text_or_null(v->starts_on));
    json_object_set_new(o, "wage_subsidy", json_boolean(v->wage_subsidy));
    json_object_set_new(o, "job_coaching", json_boolean(v->job_coaching));
    json_object_set_new(o, "licences", licences_json(v->licences));
    json_object_set_new(o, "dutch_level", text_or_null(v->dutch_level));
    json_object_set_new(o, "description", json_string(text(v->description)));
    json_object_set_new(o, "status", json_string(vacancy_status_name(v->status)));
    json_object_set_new(o, "skills", skills);
    json_object_set_new(o, "open_proposals", json_integer(v->open_proposals));
    json_object_set_new(o, "created_at", json_string(text(v->created_at)));
    json_object_set_new(o, "updated_at", json_string(text(v->updated_at)));
    json_object_set_new(o, "attribution", json_string(ESCO_ATTRIBUTION));
    return o;
}

/* The fields of POST; PATCH has the same but employer_id, none required,
 * and status. */
static const struct api_field vacancy_fields[] = {
    {"employer_id", JSON_INTEGER, true}, {"occupation_uri", JSON_STRING, true},
    {"hours", JSON_INTEGER, true},       {"postcode", JSON_STRING, true},
    {"kind", JSON_STRING, true},         {"places", JSON_INTEGER, true},
    {"title", JSON_STRING, false},       {"starts_on", JSON_STRING, false},
    {"wage_subsidy", JSON_TRUE, false},  {"job_coaching", JSON_TRUE, false},
    {"licences", JSON_ARRAY, false},     {"dutch_level", JSON_STRING, false},
    {"description", JSON_STRING, false}, {"skills", JSON_ARRAY, false},
};
static const struct api_field vacancy_patch_fields[] = {
    {"occupation_uri", JSON_STRING, false}, {"hours", JSON_INTEGER, false},
    {"postcode", JSON_STRING, false},       {"kind", JSON_STRING, false},
    {"places", JSON_INTEGER, false},        {"title", JSON_STRING, false},
    {"starts_on", JSON_STRING, false},      {"wage_subsidy", JSON_TRUE, false},
    {"job_coaching", JSON_TRUE, false},     {"licences", JSON_ARRAY, false},
    {"dutch_level", JSON_STRING, false},    {"description", JSON_STRING, false},
    {"skills", JSON_ARRAY, false},          {"status", JSON_STRING, false},
};

/* Reads what body sends into in (which holds the current values or
 * defaults); shape problems and unknown choices go to errs. */
static void read_vacancy(struct arena *a, json_t *body, struct vacancy_input *in,
                         struct door_field_errors *errs)
{
    json_t *v;
    const char **texts[] = {&in->occupation_uri, &in->postcode,    &in->kind,        &in->title,
                            &in->starts_on,      &in->dutch_level, &in->description, &in->status};
    static const char *const text_names[] = {"occupation_uri", "postcode",  "kind",
                                             "title",          "starts_on", "dutch_level",
                                             "description",    "status"};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        v = json_object_get(body, text_names[i]);
        if (json_is_string(v))
            *texts[i] = json_string_value(v);
        else if (json_is_null(v))
            *texts[i] = "";
    }
    in->hours_per_week = body_int(body, "hours", in->hours_per_week);
    in->places = body_int(body, "places", in->places);
    if ((v = json_object_get(body, "wage_subsidy")) && json_is_boolean(v))
        in->wage_subsidy = json_is_true(v);
    if ((v = json_object_get(body, "job_coaching")) && json_is_boolean(v))
        in->job_coaching = json_is_true(v);

    enum vacancy_kind kind;
    if (in->kind && !vacancy_kind_parse(in->kind, &kind))
        fail(errs, "kind", "vacancy.error_kind");
    enum vacancy_status status;
    if (in->status && !vacancy_status_parse(in->status, &status))
        fail(errs, "status", "vacancy.error_status");
    enum cefr_level level;
    if (in->dutch_level && *in->dutch_level &&
        (!cefr_level_parse(in->dutch_level, &level) || level == CEFR_A0))
        fail(errs, "dutch_level", "vacancy.error_dutch_level");

    v = json_object_get(body, "licences");
    if (json_is_array(v)) {
        in->licences = 0;
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            enum driving_licence l;
            if (i >= DRIVING_LICENCE_COUNT * 2 || !json_is_string(item) ||
                !driving_licence_parse(json_string_value(item), &l)) {
                fail(errs, "licences", "vacancy.error_licences");
                break;
            }
            in->licences |= 1u << l;
        }
    } else if (json_is_null(v)) {
        in->licences = 0;
    }

    v = json_object_get(body, "skills");
    if (json_is_array(v)) {
        static const char *const members[] = {"uri", "essential"};
        size_t n = json_array_size(v);
        if (n > VACANCY_SKILLS_MAX) {
            fail(errs, "skills", "field.too_many");
            return;
        }
        const char **uris = arena_alloc(a, sizeof(*uris) * (n ? n : 1));
        bool *essential = arena_alloc(a, sizeof(*essential) * (n ? n : 1));
        for (size_t i = 0; i < n; i++) {
            json_t *item = json_array_get(v, i);
            json_t *uri = json_object_get(item, "uri");
            json_t *ess = json_object_get(item, "essential");
            if (!json_is_object(item) || !only_members(item, members, 2) || !json_is_string(uri) ||
                (ess && !json_is_boolean(ess))) {
                fail(errs, "skills", "vacancy.error_skills");
                return;
            }
            uris[i] = json_string_value(uri);
            /* A skill named without saying is one the work needs. */
            essential[i] = !ess || json_is_true(ess);
        }
        in->skill_uris = uris;
        in->skill_essential = essential;
        in->nskills = (int)n;
    } else if (json_is_null(v)) {
        in->skill_uris = NULL;
        in->skill_essential = NULL;
        in->nskills = -1;
    }
}

void api_vacancies_list(struct request *req, struct response *resp)
{
    int limit;
    int64_t employer_id = 0;
    if (!api_query_limit(req, resp, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, &limit) ||
        !api_query_id(req, resp, "employer_id", &employer_id))
        return;
    const char *status = request_query(req, "status");
    enum vacancy_status st;
    if (status && !vacancy_status_parse(status, &st)) {
        api_problem(resp, 400, tr("vacancy.error_status_query"), NULL);
        return;
    }
    struct door d;
    req_door(req, &d);
    struct vacancy *list;
    int n;
    enum rc rc = network_vacancy_list(&d, employer_id, status, limit, &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, vacancy_json(&list[i]));
    api_list(resp, items, n);
}

void api_vacancies_create(struct request *req, struct response *resp)
{
    json_t *body = api_read_object(req, resp, vacancy_fields,
                                   sizeof(vacancy_fields) / sizeof(vacancy_fields[0]));
    if (!body)
        return;
    struct vacancy_input in = {.employer_id = body_id(body, "employer_id"), .nskills = -1};
    struct door_field_errors errs = {0};
    read_vacancy(&req->arena, body, &in, &errs);
    in.status = NULL;
    if (errs.count) {
        api_problem(resp, 422, tr("error.invalid"), api_door_errors(&errs));
        return;
    }
    struct door d;
    req_door(req, &d);
    struct vacancy v;
    enum rc rc = network_vacancy_create(&d, &in, &v, &errs);
    door_release(&d);
    if (rc) {
        answer_write_error(resp, rc, &errs, "error.conflict");
        return;
    }
    response_header(resp, "Location",
                    arena_printf(&req->arena, "/api/v1/vacancies/%lld", (long long)v.id));
    api_json(resp, 201, vacancy_json(&v));
}

void api_vacancy_get(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct vacancy v;
    enum rc rc = network_vacancy_get(&d, request_param_id(req, 0), &v);
    door_release(&d);
    if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, 200, vacancy_json(&v));
}

void api_vacancy_patch(struct request *req, struct response *resp)
{
    json_t *body = api_read_object(req, resp, vacancy_patch_fields,
                                   sizeof(vacancy_patch_fields) / sizeof(vacancy_patch_fields[0]));
    if (!body)
        return;
    struct door d;
    req_door(req, &d);
    int64_t id = request_param_id(req, 0);
    struct vacancy v;
    struct door_field_errors errs = {0};
    enum rc rc = network_vacancy_get(&d, id, &v);
    if (!rc) {
        /* What is not sent stays as it is; a new occupation without skills
         * takes the new occupation's skills from ESCO. */
        const char **uris = arena_alloc(&req->arena, sizeof(*uris) * (size_t)(v.nskills + 1));
        bool *essential = arena_alloc(&req->arena, sizeof(*essential) * (size_t)(v.nskills + 1));
        for (int i = 0; i < v.nskills; i++) {
            uris[i] = v.skills[i].skill.uri;
            essential[i] = v.skills[i].essential;
        }
        struct vacancy_input in = {
            .employer_id = v.employer_id,
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
            .skill_uris = uris,
            .skill_essential = essential,
            .nskills = v.nskills,
        };
        if (json_object_get(body, "occupation_uri") && !json_object_get(body, "skills"))
            in.nskills = -1;
        read_vacancy(&req->arena, body, &in, &errs);
        rc = errs.count ? RC_INVALID : network_vacancy_update(&d, id, &in, &v, &errs);
    }
    door_release(&d);
    if (rc)
        answer_write_error(resp, rc, &errs, "error.conflict");
    else
        api_json(resp, 200, vacancy_json(&v));
}

/* ---- matches ---- */

/* Appends list's concepts to out, each marked essential or not. */
static json_t *concepts_json(json_t *out, const struct esco_concept *list, int n, bool essential)
{
    for (int i = 0; i < n; i++) {
        json_t *c = concept_json(&list[i]);
        json_object_set_new(c, "essential", json_boolean(essential));
        json_array_append_new(out, c);
    }
    return out;
}

json_t *api_match_why_json(const struct match_why *w, bool anonymous)
{
    json_t *matched =
        concepts_json(json_array(), w->essential_matched, w->nessential_matched, true);
    concepts_json(matched, w->optional_matched, w->noptional_matched, false);
    json_t *o = json_pack("{s:o, s:o, s:o, s:o}", "score", rounded(w->score, 10), "distance_km",
                          rounded(w->distance_km, 10), "hours_fit", rounded(w->hours_fit, 100),
                          "matched_skills", matched);
    if (!anonymous) {
        json_object_set_new(o, "filter",
                            w->filter < MATCH_FILTER_COUNT
                                ? json_string(match_filter_name(w->filter))
                                : json_null());
        json_object_set_new(o, "wish", json_boolean(w->wish));
        json_object_set_new(
            o, "missing_skills",
            concepts_json(json_array(), w->essential_missing, w->nessential_missing, true));
    }
    return o;
}

/* The open proposal of a pair, or null. */
static json_t *proposal_ref(int64_t id, const char *status)
{
    if (id <= 0)
        return json_null();
    return json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", text(status));
}

void api_vacancy_matches(struct request *req, struct response *resp)
{
    int limit;
    if (!api_query_limit(req, resp, MATCH_LIMIT_DEFAULT, DOOR_MATCH_LIMIT_MAX, &limit))
        return;
    int64_t id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct match_candidate *list;
    int n;
    enum rc rc = door_match_residents(&d, id, limit, &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const struct match_candidate *c = &list[i];
        json_t *o = json_pack(
            "{s:i, s:o, s:I, s:I, s:s, s:s, s:s, s:i, s:o, s:b, s:o, s:o}", "rank", i + 1, "score",
            rounded(c->why.score, 10), "case_id", (json_int_t)c->case_id, "resident_id",
            (json_int_t)c->resident_id, "name", text(c->resident_name), "municipality",
            text(c->municipality), "pc4", text(c->pc4_place), "hours_per_week", c->hours_per_week,
            "available_until", text_or_null(c->available_until), "consent_profile",
            c->consent_profile, "proposal", proposal_ref(c->proposal_id, c->proposal_status),
            "explanation", api_match_why_json(&c->why, false));
        json_array_append_new(items, o);
    }
    api_json(resp, 200,
             json_pack("{s:I, s:o, s:I}", "vacancy_id", (json_int_t)id, "items", items, "total",
                       (json_int_t)n));
}

void api_resident_matches(struct request *req, struct response *resp)
{
    int limit;
    if (!api_query_limit(req, resp, MATCH_LIMIT_DEFAULT, DOOR_MATCH_LIMIT_MAX, &limit))
        return;
    int64_t id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct match_offer *list;
    int n;
    struct match_offer *left = NULL;
    int nleft = 0;
    enum rc rc = door_match_workplaces(&d, id, limit, &list, &n, &left, &nleft);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    /* Workplaces a hard requirement leaves out, with the requirement. */
    json_t *excluded = json_array();
    for (int i = 0; i < nleft; i++) {
        const struct match_offer *o = &left[i];
        json_array_append_new(
            excluded, json_pack("{s:I, s:s, s:s, s:o}", "vacancy_id", (json_int_t)o->vacancy_id,
                                "title", text(o->title), "employer_name", text(o->employer_name),
                                "explanation", api_match_why_json(&o->why, false)));
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const struct match_offer *o = &list[i];
        json_array_append_new(
            items, json_pack("{s:i, s:o, s:I, s:s, s:s, s:s, s:i, s:s, s:o, s:o}", "rank", i + 1,
                             "score", rounded(o->why.score, 10), "vacancy_id",
                             (json_int_t)o->vacancy_id, "title", text(o->title), "employer_name",
                             text(o->employer_name), "kind", text(o->kind), "hours_per_week",
                             o->hours_per_week, "postcode", text(o->postcode), "proposal",
                             proposal_ref(o->proposal_id, o->proposal_status), "explanation",
                             api_match_why_json(&o->why, false)));
    }
    api_json(resp, 200,
             json_pack("{s:I, s:o, s:I, s:o}", "resident_id", (json_int_t)id, "items", items,
                       "total", (json_int_t)n, "excluded", excluded));
}
