/* Pages for a case (dossier): view, open, move through phases, notes. */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "router.h"
#include "banned.h"

static const char *label(const char *prefix, const char *name)
{
    char key[64];
    if (!name || !*name)
        return "";
    snprintf(key, sizeof(key), "%s.%s", prefix, name);
    return tr(key);
}

void page_case_open(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct case_file c;
    enum rc rc = door_case_open(&d, request_param_id(req, 0), &c);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(
        req, resp,
        arena_printf(&req->arena, "/dossiers/%lld?melding=dossier_geopend", (long long)c.id));
}

/* Renders the case page; the error texts and typed note come from a failed post. */
static void render_case(struct request *req, struct response *resp, int status,
                        const char *transition_error, const char *note_error, const char *note_text)
{
    struct door d;
    req_door(req, &d);
    int64_t id = request_param_id(req, 0);
    struct case_file c;
    struct case_transition *hist = NULL;
    struct note *notes = NULL;
    int nhist = 0, nnotes = 0;
    enum rc rc = door_case_get(&d, id, &c);
    if (!rc)
        rc = door_case_history(&d, id, &hist, &nhist);
    if (!rc)
        rc = door_note_list(&d, id, &notes, &nnotes);
    json_t *referrals = rc ? NULL : page_case_referral_rows(req, &d, id);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    bool professional = req_auth(req)->actor.role == ROLE_CASE_MANAGER;
    bool partner = req_auth(req)->actor.role == ROLE_JOB_COACH;
    enum case_phase next[CASE_PHASE_COUNT];
    int nnext = 0;
    if (professional)
        case_phase_next(c.phase, next, &nnext);
    json_t *transitions = json_array();
    bool can_close = false;
    for (int i = 0; i < nnext; i++) {
        json_array_append_new(transitions,
                              json_pack("{s:s, s:s}", "to", case_phase_name(next[i]), "label",
                                        label("phase", case_phase_name(next[i]))));
        can_close = can_close || next[i] == CASE_AFGESLOTEN;
    }
    json_t *reasons = json_array();
    for (int r = 0; r < CLOSE_REASON_COUNT; r++)
        json_array_append_new(
            reasons, json_pack("{s:s, s:s}", "value", close_reason_name((enum close_reason)r),
                               "label", label("close", close_reason_name((enum close_reason)r))));
    json_t *history = json_array();
    for (int i = 0; i < nhist; i++)
        json_array_append_new(history, json_pack("{s:s, s:s, s:s, s:s, s:s}", "at",
                                                 page_date_nl(req, hist[i].at), "from_label",
                                                 label("phase", hist[i].from_phase), "to_label",
                                                 label("phase", hist[i].to_phase), "by", hist[i].by,
                                                 "reason_label", label("close", hist[i].reason)));
    json_t *note_rows = json_array();
    for (int i = 0; i < nnotes; i++)
        json_array_append_new(
            note_rows,
            json_pack("{s:s, s:s, s:s, s:s}", "at", page_date_nl(req, notes[i].created_at),
                      "author", notes[i].author_name, "text", notes[i].text, "visibility_label",
                      label("visibility", note_visibility_name(notes[i].visibility))));
    json_t *visibilities = json_array();
    const char *chosen = page_field(req, "visibility");
    for (int v = 0; v < NOTE_VISIBILITY_COUNT; v++) {
        const char *name = note_visibility_name((enum note_visibility)v);
        json_array_append_new(visibilities,
                              json_pack("{s:s, s:s, s:b}", "value", name, "label",
                                        label("visibility", name), "selected",
                                        *chosen ? strcmp(chosen, name) == 0 : v == 0));
    }
    json_t *ctx = json_pack(
        "{s:{s:I, s:s, s:s, s:s, s:s, s:s}, s:{s:I, s:s}, s:o, s:b, s:o, s:o, s:o, s:o, s:s, s:b}",
        "case", "id", (json_int_t)c.id, "phase", case_phase_name(c.phase), "phase_label",
        label("phase", case_phase_name(c.phase)), "route_label",
        c.route == ROUTE_NONE ? tr("route.none") : label("route", case_route_name(c.route)),
        "opened", page_date_nl(req, c.opened_at), "case_manager", c.case_manager_name, "resident",
        "id", (json_int_t)c.resident_id, "name", c.resident_name, "transitions", transitions,
        "can_close", can_close, "reasons", reasons, "history", history, "notes", note_rows,
        "visibilities", visibilities, "note_text", note_text ? note_text : "", "can_write",
        professional);
    json_object_set_new(ctx, "referrals", referrals);
    json_object_set_new(ctx, "referrals_link", json_boolean(professional || partner));
    if (transition_error)
        json_object_set_new(ctx, "transition_error", json_string(transition_error));
    if (note_error)
        json_object_set_new(ctx, "note_error", json_string(note_error));
    page_render(req, resp, status, "case",
                arena_printf(&req->arena, "%s %lld", tr("case.title"), (long long)c.id), ctx);
}

void page_case(struct request *req, struct response *resp)
{
    render_case(req, resp, 200, NULL, NULL, NULL);
}

void page_case_transition(struct request *req, struct response *resp)
{
    enum case_phase to;
    if (!case_phase_parse(page_field(req, "to"), &to)) {
        render_case(req, resp, 422, tr("field.phase"), NULL, NULL);
        return;
    }
    const char *reason = page_field(req, "reason");
    /* The reason select is always on the form; it only counts for closing. */
    if (to != CASE_AFGESLOTEN)
        reason = NULL;
    struct door d;
    req_door(req, &d);
    struct case_file c;
    enum rc rc = door_case_transition(&d, request_param_id(req, 0), to, reason, &c);
    door_release(&d);
    if (rc == RC_CONFLICT) {
        render_case(req, resp, 409, tr("error.transition"), NULL, NULL);
        return;
    }
    if (rc == RC_INVALID) {
        render_case(req, resp, 422, tr("field.close_reason"), NULL, NULL);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(
        req, resp,
        arena_printf(&req->arena, "/dossiers/%lld?melding=fase_gewijzigd", (long long)c.id));
}

void page_case_note(struct request *req, struct response *resp)
{
    const char *text = page_field(req, "text");
    enum note_visibility vis;
    if (!note_visibility_parse(page_field(req, "visibility"), &vis))
        vis = NOTE_PROFESSIONALS;
    struct door d;
    req_door(req, &d);
    struct note n;
    enum rc rc = door_note_create(&d, request_param_id(req, 0), vis, text, &n);
    door_release(&d);
    if (rc == RC_INVALID) {
        render_case(req, resp, 422, NULL, tr(*text ? "field.note" : "field.required"), text);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/dossiers/%lld?melding=notitie_opgeslagen#journaal",
                               (long long)request_param_id(req, 0)));
}
