/* /api/v1/residents: list and search, create, read, change. */
#include <string.h>

#include "api.h"
#include "router.h"
#include "banned.h"

json_t *resident_json(const struct resident *r)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                     (json_int_t)r->id, "bsn", r->bsn, "first_name", r->first_name, "prefix",
                     r->prefix ? r->prefix : "", "last_name", r->last_name, "birth_date",
                     r->birth_date, "postcode", r->postcode, "municipality", r->municipality,
                     "municipality_name", r->municipality_name ? r->municipality_name : "", "email",
                     r->email ? r->email : "", "phone", r->phone ? r->phone : "", "created_at",
                     r->created_at ? r->created_at : "", "updated_at",
                     r->updated_at ? r->updated_at : "");
}

static const struct api_field resident_fields[] = {
    {"bsn", JSON_STRING, true},           {"first_name", JSON_STRING, true},
    {"prefix", JSON_STRING, false},       {"last_name", JSON_STRING, true},
    {"birth_date", JSON_STRING, true},    {"postcode", JSON_STRING, true},
    {"municipality", JSON_STRING, false}, {"email", JSON_STRING, false},
    {"phone", JSON_STRING, false},
};
#define NRESIDENT_FIELDS (sizeof(resident_fields) / sizeof(resident_fields[0]))

void api_residents_list(struct request *req, struct response *resp)
{
    int limit, offset;
    if (!api_paging(req, resp, &limit, &offset))
        return;
    const char *q = "";
    enum rc rc = request_query_get(req, "q", &q);
    if (rc == RC_NOT_FOUND) {
        q = "";
    } else if (rc || strlen(q) > 200) {
        api_problem(resp, 400, tr("error.bad_request"), NULL);
        return;
    }
    struct door d;
    req_door(req, &d);
    struct resident *list;
    int n;
    int64_t total;
    rc = door_resident_search(&d, q, limit, offset, &list, &n, &total);
    door_release(&d);
    if (rc == RC_INVALID) {
        api_problem(resp, 400, tr("error.search_words"), NULL);
        return;
    }
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, resident_json(&list[i]));
    /* The count stops at DOOR_COUNT_MAX: beyond it the total is a floor. */
    bool capped = total > DOOR_COUNT_MAX;
    api_json(resp, 200,
             json_pack("{s:o, s:I, s:b}", "items", items, "total",
                       (json_int_t)(capped ? DOOR_COUNT_MAX : total), "total_capped", capped));
}

/* The municipality may be left out by someone who serves only one. */
static const char *default_municipality(struct request *req, const char *given)
{
    if (given)
        return given;
    const struct policy_actor *a = &req_auth(req)->actor;
    return a->nmunicipalities == 1 ? a->municipalities[0] : NULL;
}

static void answer_write(struct response *resp, enum rc rc, const struct field_errors *errs)
{
    if (errs->count && (rc == RC_INVALID || rc == RC_CONFLICT || rc == RC_FORBIDDEN))
        api_problem(resp, rc_http_status(rc),
                    tr(rc == RC_CONFLICT ? "field.bsn_taken" : "error.invalid"),
                    api_field_errors(errs));
    else
        api_problem_rc(resp, rc);
}

void api_residents_create(struct request *req, struct response *resp)
{
    json_t *in = api_read_object(req, resp, resident_fields, NRESIDENT_FIELDS);
    if (!in)
        return;
    struct resident r = {
        .bsn = api_string(in, "bsn"),
        .first_name = api_string(in, "first_name"),
        .prefix = api_string(in, "prefix"),
        .last_name = api_string(in, "last_name"),
        .birth_date = api_string(in, "birth_date"),
        .postcode = api_string(in, "postcode"),
        .municipality = default_municipality(req, api_string(in, "municipality")),
        .email = api_string(in, "email"),
        .phone = api_string(in, "phone"),
    };
    struct door d;
    req_door(req, &d);
    struct field_errors errs = {0};
    enum rc rc = door_resident_create(&d, &r, &errs);
    if (!rc)
        rc = door_resident_get(&d, r.id, &r);
    door_release(&d);
    if (rc) {
        answer_write(resp, rc, &errs);
        return;
    }
    response_header(resp, "Location",
                    arena_printf(&req->arena, "/api/v1/residents/%lld", (long long)r.id));
    api_json(resp, 201, resident_json(&r));
}

void api_resident_get(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct resident r;
    enum rc rc = door_resident_get(&d, request_param_id(req, 0), &r);
    door_release(&d);
    if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, 200, resident_json(&r));
}

void api_resident_patch(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"bsn", JSON_STRING, false},          {"first_name", JSON_STRING, false},
        {"prefix", JSON_STRING, false},       {"last_name", JSON_STRING, false},
        {"birth_date", JSON_STRING, false},   {"postcode", JSON_STRING, false},
        {"municipality", JSON_STRING, false}, {"email", JSON_STRING, false},
        {"phone", JSON_STRING, false},
    };
    json_t *in = api_read_object(req, resp, fields, sizeof(fields) / sizeof(fields[0]));
    if (!in)
        return;
    struct door d;
    req_door(req, &d);
    struct resident r;
    struct field_errors errs = {0};
    enum rc rc = door_resident_get_for_update(&d, request_param_id(req, 0), &r);
    if (!rc) {
        /* A field that is sent replaces the stored one; null clears an
         * optional field. */
        const char **slots[] = {&r.bsn,          &r.first_name, &r.prefix,
                                &r.last_name,    &r.birth_date, &r.postcode,
                                &r.municipality, &r.email,      &r.phone};
        for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
            json_t *v = json_object_get(in, fields[i].name);
            if (json_is_string(v))
                *slots[i] = json_string_value(v);
            else if (json_is_null(v))
                *slots[i] = "";
        }
        rc = door_resident_update(&d, &r, &errs);
    }
    if (!rc)
        rc = door_resident_get(&d, r.id, &r);
    door_release(&d);
    if (rc)
        answer_write(resp, rc, &errs);
    else
        api_json(resp, 200, resident_json(&r));
}
