/* Proposals (voordrachten), placements with their follow-up checks, and a
 * case's availability for matching, under /api/v1 (door_proposal.h).
 *
 * An employer sees a proposal for its own workplace anonymously until the
 * resident consents and the professional switches the profile on: the door
 * then leaves out who it is (resident_id 0, "Kandidaat <n>"), and so does
 * the answer here: no case or resident id, no name, and of the explanation
 * only the matched skills, the hours fit and the distance. */
#include <string.h>

#include "api.h"
#include "date.h"
#include "door_proposal.h"
#include "router.h"
#include "banned.h"

#define LIST_LIMIT_DEFAULT 100
#define LIST_LIMIT_MAX 1000

static const char *text(const char *s)
{
    return s ? s : "";
}

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* Whether the actor is on the employer's side: they never learn whether
 * the resident consented, only what the door shows them. */
static bool is_employer(struct request *req)
{
    struct auth *au = req_auth(req);
    return au && au->actor.role == ROLE_EMPLOYER;
}

static json_t *proposal_json(const struct proposal *p, bool employer)
{
    json_t *steps = json_array();
    for (int i = 0; i < p->nsteps; i++) {
        const struct proposal_step *s = &p->steps[i];
        json_array_append_new(steps, json_pack("{s:o, s:s, s:s, s:s, s:s}", "from",
                                               text_or_null(s->from_status), "to",
                                               text(s->to_status), "reason", text(s->reason), "by",
                                               text(s->by), "at", text(s->at)));
    }
    bool anonymous = p->anonymous || p->resident_id <= 0;
    json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:b, s:b, s:s, s:s, s:i}", "id",
                          (json_int_t)p->id, "vacancy_id", (json_int_t)p->vacancy_id,
                          "vacancy_title", text(p->vacancy_title), "employer_id",
                          (json_int_t)p->employer_id, "employer_name", text(p->employer_name),
                          "candidate", text(p->candidate), "anonymous", anonymous, "profile_shared",
                          p->profile_shared, "status", proposal_status_name(p->status),
                          "reject_reason", text(p->reject_reason), "score", p->score);
    if (!anonymous) {
        json_object_set_new(o, "case_id", json_integer((json_int_t)p->case_id));
        json_object_set_new(o, "resident_id", json_integer((json_int_t)p->resident_id));
    }
    if (!employer)
        json_object_set_new(o, "consent_profile", json_boolean(p->consent_profile));
    json_object_set_new(o, "created_by", json_string(text(p->created_by)));
    json_object_set_new(o, "created_at", json_string(text(p->created_at)));
    json_object_set_new(o, "updated_at", json_string(text(p->updated_at)));
    json_object_set_new(o, "placement_id",
                        p->placement_id > 0 ? json_integer((json_int_t)p->placement_id)
                                            : json_null());
    json_object_set_new(o, "steps", steps);
    /* Not in the index now (closed workplace, case out of matching): no
     * explanation to give. */
    json_object_set_new(o, "explanation",
                        p->why.filter == MATCH_FILTER_COUNT
                            ? json_null()
                            : api_match_why_json(&p->why, anonymous || employer));
    return o;
}

static json_t *placement_json(const struct placement *p)
{
    json_t *checks = json_array();
    for (int i = 0; i < 2; i++) {
        const struct placement_check *c = &p->checks[i];
        json_array_append_new(
            checks, json_pack("{s:i, s:s, s:o, s:o, s:s, s:s, s:b}", "months", c->months, "due_on",
                              text(c->due_on), "checked_on", text_or_null(c->checked_on), "lasted",
                              c->lasted < 0 ? json_null() : json_boolean(c->lasted), "note",
                              text(c->note), "by", text(c->by), "done", c->lasted >= 0));
    }
    json_t *o = json_pack(
        "{s:I, s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:i, s:I, s:i, s:s, s:s, s:s, s:s, s:o}",
        "id", (json_int_t)p->id, "proposal_id", (json_int_t)p->proposal_id, "vacancy_id",
        (json_int_t)p->vacancy_id, "vacancy_title", text(p->vacancy_title), "employer_id",
        (json_int_t)p->employer_id, "employer_name", text(p->employer_name), "candidate",
        text(p->candidate), "starts_on", text(p->starts_on), "contract",
        placement_contract_name(p->contract), "hours_per_week", p->hours_per_week, "wage_cents",
        (json_int_t)p->wage_cents, "loonwaarde_pct", p->loonwaarde_pct, "subsidy",
        placement_subsidy_name(p->subsidy), "job_coach", text(p->job_coach), "created_by",
        text(p->created_by), "created_at", text(p->created_at), "checks", checks);
    if (p->resident_id > 0) {
        json_object_set_new(o, "case_id", json_integer((json_int_t)p->case_id));
        json_object_set_new(o, "resident_id", json_integer((json_int_t)p->resident_id));
    }
    json_object_set_new(o, "anonymous", json_boolean(p->resident_id <= 0));
    return o;
}

/* An id from the body: 0 and negative numbers name nothing. */
static int64_t body_id(json_t *in, const char *name)
{
    json_t *v = json_object_get(in, name);
    return json_is_integer(v) && json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : 0;
}

static void field_problem(struct response *resp, int status, const char *field, const char *key)
{
    api_problem(resp, status, tr("error.invalid"),
                json_pack("[{s:s, s:s}]", "field", field, "message", tr(key)));
}

/* ---- proposals ---- */

static void answer_proposal(struct request *req, struct response *resp, enum rc rc,
                            const struct proposal *p, int status)
{
    if (rc == RC_CONFLICT)
        api_problem(resp, 409, tr("proposal.error_step"), NULL);
    else if (rc == RC_INVALID)
        field_problem(resp, 422, "reason", "proposal.error_reason");
    else if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, status, proposal_json(p, is_employer(req)));
}

void api_proposals_list(struct request *req, struct response *resp)
{
    int limit;
    int64_t vacancy_id = 0, case_id = 0;
    if (!api_query_limit(req, resp, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, &limit) ||
        !api_query_id(req, resp, "vacancy_id", &vacancy_id) ||
        !api_query_id(req, resp, "case_id", &case_id))
        return;
    struct door d;
    req_door(req, &d);
    struct proposal *list;
    int n;
    enum rc rc = door_proposal_list(&d, vacancy_id, case_id, limit, &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    bool employer = is_employer(req);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, proposal_json(&list[i], employer));
    api_list(resp, items, n);
}

void api_proposals_create(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"vacancy_id", JSON_INTEGER, true},
        {"case_id", JSON_INTEGER, true},
        {"share_profile", JSON_TRUE, false},
    };
    json_t *in = api_read_object(req, resp, fields, 3);
    if (!in)
        return;
    int64_t vacancy_id = body_id(in, "vacancy_id"), case_id = body_id(in, "case_id");
    if (!vacancy_id || !case_id) {
        field_problem(resp, 422, !vacancy_id ? "vacancy_id" : "case_id", "field.id");
        return;
    }
    struct door d;
    req_door(req, &d);
    struct proposal p;
    enum rc rc = door_proposal_create(&d, vacancy_id, case_id,
                                      json_is_true(json_object_get(in, "share_profile")), &p);
    door_release(&d);
    if (rc == RC_CONFLICT) {
        api_problem(resp, 409, tr("proposal.error_open"), NULL);
        return;
    }
    if (!rc)
        response_header(resp, "Location",
                        arena_printf(&req->arena, "/api/v1/proposals/%lld", (long long)p.id));
    answer_proposal(req, resp, rc, &p, 201);
}

void api_proposal_get(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct proposal p;
    enum rc rc = door_proposal_get(&d, request_param_id(req, 0), &p);
    door_release(&d);
    answer_proposal(req, resp, rc, &p, 200);
}

void api_proposal_transition(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"to", JSON_STRING, true},
        {"reason", JSON_STRING, false},
    };
    json_t *in = api_read_object(req, resp, fields, 2);
    if (!in)
        return;
    const char *to = api_string(in, "to");
    enum proposal_status status;
    if (!proposal_status_parse(to, &status)) {
        field_problem(resp, 422, "to", "field.proposal_status");
        return;
    }
    const char *reason = api_string(in, "reason");
    struct door d;
    req_door(req, &d);
    struct proposal p;
    enum rc rc = door_proposal_step(&d, request_param_id(req, 0), to, reason ? reason : "", &p);
    door_release(&d);
    if (rc == RC_FORBIDDEN)
        api_problem(resp, 403, tr("proposal.error_role"), NULL);
    else
        answer_proposal(req, resp, rc, &p, 200);
}

void api_proposal_share(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {{"share", JSON_TRUE, true}};
    json_t *in = api_read_object(req, resp, fields, 1);
    if (!in)
        return;
    struct door d;
    req_door(req, &d);
    struct proposal p;
    enum rc rc = door_proposal_share(&d, request_param_id(req, 0),
                                     json_is_true(json_object_get(in, "share")), &p);
    door_release(&d);
    answer_proposal(req, resp, rc, &p, 200);
}

/* ---- placements ---- */

static void answer_placement(struct response *resp, enum rc rc, const struct placement *p,
                             int status)
{
    if (rc == RC_CONFLICT)
        api_problem(resp, 409, tr("placement.error_conflict"), NULL);
    else if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, status, placement_json(p));
}

void api_placements_list(struct request *req, struct response *resp)
{
    int limit;
    if (!api_query_limit(req, resp, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, &limit))
        return;
    struct door d;
    req_door(req, &d);
    struct placement *list;
    int n;
    enum rc rc = door_placement_list(&d, limit, &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, placement_json(&list[i]));
    api_list(resp, items, n);
}

/* An int field of the body for the range checks: out of range stays out of
 * range (-1 is refused by every one of them). */
static int body_int(json_t *in, const char *name)
{
    json_t *v = json_object_get(in, name);
    if (!json_is_integer(v))
        return 0;
    json_int_t n = json_integer_value(v);
    return n < 0 || n > 100000 ? -1 : (int)n;
}

void api_placements_create(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"proposal_id", JSON_INTEGER, true}, {"starts_on", JSON_STRING, true},
        {"contract", JSON_STRING, true},     {"hours_per_week", JSON_INTEGER, true},
        {"wage_cents", JSON_INTEGER, true},  {"loonwaarde_pct", JSON_INTEGER, false},
        {"subsidy", JSON_STRING, false},     {"job_coach", JSON_STRING, false},
    };
    json_t *in = api_read_object(req, resp, fields, sizeof(fields) / sizeof(fields[0]));
    if (!in)
        return;
    int64_t proposal_id = body_id(in, "proposal_id");
    if (!proposal_id) {
        field_problem(resp, 422, "proposal_id", "field.id");
        return;
    }
    json_t *wage = json_object_get(in, "wage_cents");
    struct placement_input pi = {
        .starts_on = api_string(in, "starts_on"),
        .contract = api_string(in, "contract"),
        .hours_per_week = body_int(in, "hours_per_week"),
        .wage_cents = json_integer_value(wage) < 0 || json_integer_value(wage) > INT32_MAX
                          ? -1
                          : (int64_t)json_integer_value(wage),
        .loonwaarde_pct =
            json_object_get(in, "loonwaarde_pct") ? body_int(in, "loonwaarde_pct") : 100,
        .subsidy = api_string(in, "subsidy") ? api_string(in, "subsidy") : "geen",
        .job_coach = api_string(in, "job_coach") ? api_string(in, "job_coach") : "",
    };
    struct door d;
    req_door(req, &d);
    struct placement p;
    struct door_field_errors errs = {0};
    enum rc rc = door_placement_create(&d, proposal_id, &pi, &p, &errs);
    door_release(&d);
    if (rc == RC_INVALID && errs.count) {
        api_problem(resp, 422, tr("error.invalid"), api_door_errors(&errs));
        return;
    }
    if (!rc)
        response_header(resp, "Location",
                        arena_printf(&req->arena, "/api/v1/placements/%lld", (long long)p.id));
    answer_placement(resp, rc, &p, 201);
}

void api_placement_get(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct placement p;
    enum rc rc = door_placement_get(&d, request_param_id(req, 0), &p);
    door_release(&d);
    answer_placement(resp, rc, &p, 200);
}

void api_placement_check(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"months", JSON_INTEGER, true},
        {"lasted", JSON_TRUE, true},
        {"note", JSON_STRING, false},
    };
    json_t *in = api_read_object(req, resp, fields, 3);
    if (!in)
        return;
    json_int_t months = json_integer_value(json_object_get(in, "months"));
    if (months != 6 && months != 12) {
        field_problem(resp, 422, "months", "placement.error_months");
        return;
    }
    const char *note = api_string(in, "note");
    struct door d;
    req_door(req, &d);
    struct placement p;
    enum rc rc =
        door_placement_check(&d, request_param_id(req, 0), (int)months,
                             json_is_true(json_object_get(in, "lasted")), note ? note : "", &p);
    door_release(&d);
    if (rc == RC_INVALID)
        field_problem(resp, 422, "note", "field.too_long");
    else
        answer_placement(resp, rc, &p, 200);
}

/* ---- availability ---- */

static void answer_availability(struct response *resp, enum rc rc, int64_t case_id,
                                const struct availability *a)
{
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    api_json(resp, 200,
             json_pack("{s:I, s:o, s:o, s:s, s:b}", "case_id", (json_int_t)case_id, "confirmed_on",
                       text_or_null(a->confirmed_on), "expires_on", text_or_null(a->expires_on),
                       "by", text(a->by), "expired", a->expired));
}

void api_case_availability_get(struct request *req, struct response *resp)
{
    int64_t case_id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct availability a;
    enum rc rc = door_availability_get(&d, case_id, &a);
    door_release(&d);
    answer_availability(resp, rc, case_id, &a);
}

void api_case_availability_put(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"confirmed_on", JSON_STRING, false},
        {"months", JSON_INTEGER, false},
    };
    json_t *in = api_read_object(req, resp, fields, 2);
    if (!in)
        return;
    const char *on = api_string(in, "confirmed_on");
    struct date parsed;
    if (on && *on && !date_parse(on, &parsed)) {
        field_problem(resp, 422, "confirmed_on", "field.date");
        return;
    }
    json_t *m = json_object_get(in, "months");
    json_int_t months = json_is_integer(m) ? json_integer_value(m) : 0;
    if (json_is_integer(m) && (months < 1 || months > AVAILABILITY_MONTHS_MAX)) {
        field_problem(resp, 422, "months", "availability.error_months");
        return;
    }
    int64_t case_id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct availability a;
    enum rc rc = door_availability_confirm(&d, case_id, on ? on : "", (int)months, &a);
    door_release(&d);
    if (rc == RC_INVALID)
        field_problem(resp, 422, "confirmed_on", "availability.error_date");
    else if (rc == RC_CONFLICT)
        api_problem(resp, 409, tr("availability.error_case"), NULL);
    else
        answer_availability(resp, rc, case_id, &a);
}
