/* GET and PUT /api/v1/cases/{id}/intake: the current version of a case's
 * intake with its ladder history, and saving a new version (door_intake.h).
 * Skills and wishes are ESCO URIs; answers carry their labels and the ESCO
 * attribution. */
#include <string.h>

#include "api.h"
#include "date.h"
#include "door_intake.h"
#include "router.h"
#include "banned.h"

/* More items than this in a list is no intake: refused before parsing. */
#define LIST_MAX 200

static json_t *names_json(unsigned set, const char *(*name_of)(int), int count)
{
    json_t *list = json_array();
    for (int i = 0; i < count; i++)
        if (set & (1u << i))
            json_array_append_new(list, json_string(name_of(i)));
    return list;
}

static json_t *record_json(const struct intake_record *r, const struct intake_history *hist,
                           int nhist)
{
    const struct intake *in = &r->data;
    json_t *skills = json_array();
    for (int i = 0; i < in->nskills; i++) {
        json_t *s = esco_concept_json(&r->skill_concepts[i]);
        json_object_set_new(s, "level", json_string(skill_level_name(in->skills[i].level)));
        json_array_append_new(skills, s);
    }
    json_t *wishes = json_array();
    for (int i = 0; i < in->nwishes; i++)
        json_array_append_new(wishes, esco_concept_json(&r->wish_concepts[i]));
    json_t *languages = json_array();
    for (int i = 0; i < in->nlanguages; i++)
        json_array_append_new(languages,
                              json_pack("{s:s, s:s}", "language", in->languages[i].code, "level",
                                        cefr_level_name(in->languages[i].level)));
    json_t *history = json_array();
    for (int i = 0; i < nhist; i++)
        json_array_append_new(
            history, json_pack("{s:i, s:i, s:s, s:s, s:s, s:s}", "version", hist[i].version,
                               "ladder_step", hist[i].ladder_step, "ladder_measured_on",
                               hist[i].ladder_measured_on, "route", case_route_name(hist[i].route),
                               "by", hist[i].by, "created_at", hist[i].created_at));
    struct date today;
    bool outdated = r->version > 0 && date_today(&today) &&
                    intake_ladder_outdated(in->ladder_measured_on, &today);
    json_t *out = json_pack(
        "{s:I, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:b, s:s, s:b, s:s, s:s, s:o, s:o, s:o, s:s, "
        "s:s, s:o, s:s}",
        "case_id", (json_int_t)r->case_id, "version", r->version, "hours_per_week",
        in->hours_per_week, "max_travel_km", in->max_travel_km, "driving_licences",
        names_json(in->licences, driving_licence_name_i, DRIVING_LICENCE_COUNT), "barriers",
        names_json(in->barriers, intake_barrier_name_i, INTAKE_BARRIER_COUNT), "ladder_step",
        r->version ? json_integer(in->ladder_step) : json_null(), "ladder_measured_on",
        r->version ? json_string(in->ladder_measured_on) : json_null(), "ladder_outdated", outdated,
        "benefit", in->benefit, "benefit_hidden", r->benefit_hidden, "route",
        case_route_name(in->route), "route_motivation", in->route_motivation, "skills", skills,
        "wishes", wishes, "languages", languages, "created_at", r->created_at, "by", r->by,
        "history", history, "attribution", ESCO_ATTRIBUTION);
    return out;
}

/* Reads the current version and the history and answers them. */
static void answer_intake(struct request *req, struct response *resp, struct door *d,
                          int64_t case_id, int status)
{
    struct intake_record rec;
    struct intake_history *hist = NULL;
    int nhist = 0;
    enum rc rc = door_intake_get(d, case_id, &rec);
    if (!rc)
        rc = door_intake_versions(d, case_id, &hist, &nhist);
    door_release(d);
    if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, status, record_json(&rec, hist, nhist));
}

void api_case_intake_get(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    answer_intake(req, resp, &d, request_param_id(req, 0), 200);
}

static json_t *errors_json(const struct intake_errors *errs)
{
    json_t *list = json_array();
    for (int f = 0; f < INTAKE_FIELD_COUNT; f++)
        if (errs->msg[f])
            json_array_append_new(list, json_pack("{s:s, s:s}", "field",
                                                  intake_field_name((enum intake_field)f),
                                                  "message", tr(errs->msg[f])));
    return list;
}

/* An array of names (licences, barriers) into a bit set. */
static void read_names(json_t *list, bool (*parse)(const char *, int *), enum intake_field f,
                       const char *key, unsigned *out, struct intake_errors *errs)
{
    *out = 0;
    if (!list || json_is_null(list))
        return;
    if (json_array_size(list) > LIST_MAX) {
        intake_fail(errs, f, "field.too_many");
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        int bit;
        if (!json_is_string(v) || !parse(json_string_value(v), &bit)) {
            intake_fail(errs, f, key);
            return;
        }
        *out |= 1u << bit;
    }
}

static bool parse_licence(const char *s, int *out)
{
    enum driving_licence l;
    if (!driving_licence_parse(s, &l))
        return false;
    *out = (int)l;
    return true;
}

static bool parse_barrier(const char *s, int *out)
{
    enum intake_barrier b;
    if (!intake_barrier_parse(s, &b))
        return false;
    *out = (int)b;
    return true;
}

/* The string member name of item, which may have only the given members;
 * NULL when absent (or not a string: *bad is then set). */
static const char *member(json_t *item, const char *name, bool *bad)
{
    json_t *v = json_object_get(item, name);
    if (v && !json_is_string(v))
        *bad = true;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool only_members(json_t *item, const char *a, const char *b)
{
    const char *key;
    json_t *v;
    json_object_foreach(item, key, v)
    {
        if (strcmp(key, a) != 0 && (!b || strcmp(key, b) != 0))
            return false;
    }
    return true;
}

/* A list of objects: returns its size, or -1 after recording key for f when
 * it is too long or an item is no object with only the given members. */
static int list_of_objects(json_t *list, const char *a, const char *b, enum intake_field f,
                           struct intake_errors *errs)
{
    if (!list || json_is_null(list))
        return 0;
    if (json_array_size(list) > LIST_MAX) {
        intake_fail(errs, f, "field.too_many");
        return -1;
    }
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (!json_is_object(v) || !only_members(v, a, b)) {
            intake_fail(errs, f, "field.item");
            return -1;
        }
    }
    return (int)json_array_size(list);
}

/* Fills in from the request body; shape errors go to errs. */
static void read_intake(struct request *req, json_t *body, struct intake *in,
                        struct intake_errors *errs)
{
    struct arena *a = &req->arena;
    json_t *v;
    in->hours_per_week = 0;
    in->max_travel_km = INTAKE_TRAVEL_KM_DEFAULT;
    /* Out of the int range is out of range: the checks say which field. */
    if ((v = json_object_get(body, "hours_per_week")) && json_is_integer(v))
        in->hours_per_week = json_integer_value(v) < -1 || json_integer_value(v) > 1000
                                 ? -1
                                 : (int)json_integer_value(v);
    if ((v = json_object_get(body, "max_travel_km")) && json_is_integer(v))
        in->max_travel_km = json_integer_value(v) < -1 || json_integer_value(v) > 100000
                                ? -1
                                : (int)json_integer_value(v);
    v = json_object_get(body, "ladder_step");
    in->ladder_step =
        json_integer_value(v) < 0 || json_integer_value(v) > 100 ? 0 : (int)json_integer_value(v);
    in->ladder_measured_on = api_string(body, "ladder_measured_on");
    in->benefit = api_string(body, "benefit");
    in->route_motivation = api_string(body, "route_motivation");
    const char *route = api_string(body, "route");
    in->route = ROUTE_NONE;
    if (route && !case_route_parse(route, &in->route))
        intake_fail(errs, IF_ROUTE, "field.route");
    read_names(json_object_get(body, "driving_licences"), parse_licence, IF_DRIVING_LICENCES,
               "field.licence", &in->licences, errs);
    read_names(json_object_get(body, "barriers"), parse_barrier, IF_BARRIERS, "field.barrier",
               &in->barriers, errs);

    json_t *list = json_object_get(body, "skills");
    int n = list_of_objects(list, "uri", "level", IF_SKILLS, errs);
    if (n > 0) {
        in->skills = arena_alloc(a, sizeof(*in->skills) * (size_t)n);
        for (int i = 0; i < n; i++) {
            json_t *item = json_array_get(list, (size_t)i);
            bool bad = false;
            const char *uri = member(item, "uri", &bad);
            const char *level = member(item, "level", &bad);
            in->skills[i].uri = uri;
            in->skills[i].level = SKILL_ZELF;
            if (bad || !uri || (level && !skill_level_parse(level, &in->skills[i].level)))
                intake_fail(errs, IF_SKILLS, bad || !uri ? "field.item" : "field.skill_level");
        }
        in->nskills = n;
    }
    list = json_object_get(body, "wishes");
    n = list_of_objects(list, "uri", NULL, IF_WISHES, errs);
    if (n > 0) {
        in->wishes = arena_alloc(a, sizeof(*in->wishes) * (size_t)n);
        for (int i = 0; i < n; i++) {
            bool bad = false;
            in->wishes[i] = member(json_array_get(list, (size_t)i), "uri", &bad);
            if (bad || !in->wishes[i])
                intake_fail(errs, IF_WISHES, "field.item");
        }
        in->nwishes = n;
    }
    list = json_object_get(body, "languages");
    n = list_of_objects(list, "language", "level", IF_LANGUAGES, errs);
    if (n > 0) {
        in->languages = arena_alloc(a, sizeof(*in->languages) * (size_t)n);
        for (int i = 0; i < n; i++) {
            json_t *item = json_array_get(list, (size_t)i);
            bool bad = false;
            const char *code = member(item, "language", &bad);
            const char *level = member(item, "level", &bad);
            in->languages[i].code = code;
            in->languages[i].level = CEFR_A0;
            if (bad || !code || !level)
                intake_fail(errs, IF_LANGUAGES, "field.item");
            else if (!cefr_level_parse(level, &in->languages[i].level))
                intake_fail(errs, IF_LANGUAGES, "field.cefr");
        }
        in->nlanguages = n;
    }
}

void api_case_intake_put(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"hours_per_week", JSON_INTEGER, false},
        {"max_travel_km", JSON_INTEGER, false},
        {"driving_licences", JSON_ARRAY, false},
        {"barriers", JSON_ARRAY, false},
        {"ladder_step", JSON_INTEGER, true},
        {"ladder_measured_on", JSON_STRING, true},
        {"benefit", JSON_STRING, false},
        {"route", JSON_STRING, false},
        {"route_motivation", JSON_STRING, false},
        {"skills", JSON_ARRAY, false},
        {"wishes", JSON_ARRAY, false},
        {"languages", JSON_ARRAY, false},
    };
    json_t *body = api_read_object(req, resp, fields, sizeof(fields) / sizeof(fields[0]));
    if (!body)
        return;
    struct intake in = {0};
    struct intake_errors errs = {0};
    read_intake(req, body, &in, &errs);
    if (errs.count) {
        /* Report the other fields' problems too, in one answer. */
        struct intake copy = in;
        struct date today;
        intake_check(&req->arena, &copy, date_today(&today) ? &today : NULL, &errs);
        api_problem(resp, 422, tr("error.invalid"), errors_json(&errs));
        return;
    }
    struct door d;
    req_door(req, &d);
    int64_t case_id = request_param_id(req, 0);
    int version = 0;
    enum rc rc = door_intake_put(&d, case_id, &in, &errs, &version);
    if (rc) {
        door_release(&d);
        if (rc == RC_INVALID && errs.count)
            api_problem(resp, 422, tr("error.invalid"), errors_json(&errs));
        else if (rc == RC_CONFLICT)
            api_problem(resp, 409, tr("intake.case_closed"), NULL);
        else
            api_problem_rc(resp, rc);
        return;
    }
    answer_intake(req, resp, &d, case_id, 200);
}
