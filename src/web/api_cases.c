/* Cases, their phase transitions and notes under /api/v1. */
#include <string.h>

#include "api.h"
#include "router.h"
#include "banned.h"

json_t *case_json(const struct case_file *c)
{
    enum case_phase next[CASE_PHASE_COUNT];
    int nnext = 0;
    case_phase_next(c->phase, next, &nnext);
    json_t *allowed = json_array();
    for (int i = 0; i < nnext; i++)
        json_array_append_new(allowed, json_string(case_phase_name(next[i])));
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)c->id,
        "resident_id", (json_int_t)c->resident_id, "phase", case_phase_name(c->phase), "route",
        case_route_name(c->route), "close_reason", c->close_reason ? c->close_reason : "",
        "case_manager", c->case_manager_name ? c->case_manager_name : "", "municipality",
        c->municipality ? c->municipality : "", "opened_at", c->opened_at ? c->opened_at : "",
        "closed_at", c->closed_at ? c->closed_at : "", "next_phases", allowed);
}

static json_t *note_json(const struct note *n)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)n->id, "case_id",
                     (json_int_t)n->case_id, "author", n->author_name ? n->author_name : "",
                     "visibility", note_visibility_name(n->visibility), "text", n->text,
                     "created_at", n->created_at);
}

void api_resident_cases_list(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct case_file *list;
    int n;
    enum rc rc = door_case_list(&d, request_param_id(req, 0), &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, case_json(&list[i]));
    api_list(resp, items, n);
}

void api_resident_cases_create(struct request *req, struct response *resp)
{
    /* The body is optional: a case starts in aanmelding with the caller as
     * klantmanager. An empty object is accepted too. */
    if (req->body_len) {
        if (!api_read_object(req, resp, NULL, 0))
            return;
    }
    struct door d;
    req_door(req, &d);
    struct case_file c;
    enum rc rc = door_case_open(&d, request_param_id(req, 0), &c);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    response_header(resp, "Location",
                    arena_printf(&req->arena, "/api/v1/cases/%lld", (long long)c.id));
    api_json(resp, 201, case_json(&c));
}

static json_t *history_json(const struct case_transition *list, int n)
{
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s}", "from",
                                               list[i].from_phase, "to", list[i].to_phase, "reason",
                                               list[i].reason, "by", list[i].by, "at", list[i].at));
    return items;
}

void api_case_get(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct case_file c;
    struct case_transition *hist = NULL;
    int nhist = 0;
    int64_t id = request_param_id(req, 0);
    enum rc rc = door_case_get(&d, id, &c);
    if (!rc)
        rc = door_case_history(&d, id, &hist, &nhist);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *out = case_json(&c);
    json_object_set_new(out, "history", history_json(hist, nhist));
    api_json(resp, 200, out);
}

void api_case_transition(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"to", JSON_STRING, true},
        {"reason", JSON_STRING, false},
    };
    json_t *in = api_read_object(req, resp, fields, 2);
    if (!in)
        return;
    enum case_phase to;
    if (!case_phase_parse(api_string(in, "to"), &to)) {
        api_problem(resp, 422, tr("error.invalid"),
                    json_pack("[{s:s, s:s}]", "field", "to", "message", tr("field.phase")));
        return;
    }
    const char *reason = api_string(in, "reason");
    struct door d;
    req_door(req, &d);
    struct case_file c;
    enum rc rc = door_case_transition(&d, request_param_id(req, 0), to, reason, &c);
    door_release(&d);
    if (rc == RC_CONFLICT)
        api_problem(resp, 409, tr("error.transition"), NULL);
    else if (rc == RC_INVALID)
        api_problem(resp, 422, tr("error.invalid"),
                    json_pack("[{s:s, s:s}]", "field", "reason", "message",
                              tr(to == CASE_AFGESLOTEN ? "field.close_reason"
                                                       : "field.reason_not_needed")));
    else if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, 200, case_json(&c));
}

void api_case_notes_list(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct note *list;
    int n;
    enum rc rc = door_note_list(&d, request_param_id(req, 0), &list, &n);
    door_release(&d);
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, note_json(&list[i]));
    api_list(resp, items, n);
}

void api_case_notes_create(struct request *req, struct response *resp)
{
    static const struct api_field fields[] = {
        {"text", JSON_STRING, true},
        {"visibility", JSON_STRING, false},
    };
    json_t *in = api_read_object(req, resp, fields, 2);
    if (!in)
        return;
    enum note_visibility vis = NOTE_PROFESSIONALS;
    const char *v = api_string(in, "visibility");
    if (v && !note_visibility_parse(v, &vis)) {
        api_problem(
            resp, 422, tr("error.invalid"),
            json_pack("[{s:s, s:s}]", "field", "visibility", "message", tr("field.visibility")));
        return;
    }
    const char *text = api_string(in, "text");
    struct door d;
    req_door(req, &d);
    struct note n;
    enum rc rc = door_note_create(&d, request_param_id(req, 0), vis, text, &n);
    door_release(&d);
    n.author_name = req_auth(req)->user.display_name;
    if (rc == RC_INVALID)
        api_problem(resp, 422, tr("error.invalid"),
                    json_pack("[{s:s, s:s}]", "field", "text", "message", tr("field.note")));
    else if (rc)
        api_problem_rc(resp, rc);
    else
        api_json(resp, 201, note_json(&n));
}
