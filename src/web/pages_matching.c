/* Matching, proposals and placements in pages: /vacatures/{id} (the
 * workplace, its skills, its best candidates explained and its proposals),
 * /dossiers/{id}/werk (a resident's availability and the workplaces that fit
 * them), /voordrachten and /voordrachten/{id} (the proposal's steps, the
 * profile switch, the placement form), /plaatsingen and /plaatsingen/{id}
 * (the placement and its checks at 6 and 12 months), and the start pages of
 * the employer adviser and the employer. An employer sees only its own
 * proposals, anonymous until the resident consents and the professional
 * shares (the door decides; the page shows what it is given). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "door_tasks.h"
#include "intake.h"
#include "pages.h"
#include "plan.h"
#include "plan_web.h"
#include "router.h"
#include "work_web.h"
#include "banned.h"

#define MATCH_LIMIT 10
#define LIST_LIMIT 200
#define COUNT_LIMIT 500 /* the most a list of the door gives */
#define CHECK_SOON_DAYS 30 /* a check due within this many days is on the start page */

static enum role role_of(struct request *req)
{
    return req_auth(req)->actor.role;
}

static const char *today_iso(struct request *req)
{
    struct date t;
    char s[11] = "";
    if (date_today(&t))
        date_format(&t, s);
    return arena_strdup(&req->arena, s);
}

static json_t *proposal_row(struct request *req, const struct proposal *p)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:i, s:b, s:s, s:I}", "id",
                     (json_int_t)p->id, "vacancy_id", (json_int_t)p->vacancy_id, "vacancy",
                     p->vacancy_title, "employer", p->employer_name, "case_id",
                     (json_int_t)p->case_id, "candidate", p->candidate, "status",
                     proposal_status_name(p->status), "status_label",
                     work_label("proposal_status", proposal_status_name(p->status)), "score",
                     p->score, "anonymous", p->anonymous, "updated",
                     page_date_nl(req, p->updated_at), "placement_id",
                     (json_int_t)p->placement_id);
}

/* ---- the workplace ---- */

void page_vacancy(struct request *req, struct response *resp)
{
    int64_t id = request_param_id(req, 0);
    bool professional = work_is_professional(req);
    enum role role = role_of(req);
    bool writer = role == ROLE_EMPLOYER_ADVISER || role == ROLE_EMPLOYER;
    struct door d;
    req_door(req, &d);
    struct vacancy v;
    struct match_candidate *cands = NULL;
    struct proposal *props = NULL;
    int ncands = 0, nprops = 0;
    enum rc rc = network_vacancy_get(&d, id, &v);
    if (!rc && professional && v.status == VACANCY_OPEN)
        rc = door_match_residents(&d, id, MATCH_LIMIT, &cands, &ncands);
    if (!rc)
        rc = door_proposal_list(&d, id, 0, LIST_LIMIT, &props, &nprops);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *essential = json_array(), *optional = json_array();
    for (int i = 0; i < v.nskills; i++) {
        json_t *s = work_concept(&v.skills[i].skill);
        json_object_set_new(s, "essential", json_boolean(v.skills[i].essential));
        json_object_set_new(s, "row", json_integer(i + 1));
        json_array_append_new(v.skills[i].essential ? essential : optional, s);
    }
    json_t *candidates = json_array();
    for (int i = 0; i < ncands; i++) {
        const struct match_candidate *c = &cands[i];
        json_array_append_new(
            candidates,
            json_pack("{s:i, s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:b, s:s, s:s, s:I, s:o}", "rank",
                      i + 1, "case_id", (json_int_t)c->case_id, "resident_id",
                      (json_int_t)c->resident_id, "name", c->resident_name, "municipality",
                      c->municipality_name, "pc4", c->pc4_place, "hours", c->hours_per_week,
                      "available_until", page_date_nl(req, c->available_until), "consent",
                      c->consent_profile, "proposal_status", c->proposal_status,
                      "proposal_label", work_label("proposal_status", c->proposal_status),
                      "proposal_id", (json_int_t)c->proposal_id, "why", work_why(req, &c->why)));
    }
    json_t *proposals = json_array();
    for (int i = 0; i < nprops; i++)
        json_array_append_new(proposals, proposal_row(req, &props[i]));
    const char *licences = "";
    for (int l = 0; l < DRIVING_LICENCE_COUNT; l++)
        if (v.licences & (1u << l))
            licences = arena_printf(&req->arena, "%s%s%s", licences, *licences ? ", " : "",
                                    driving_licence_name_i(l));
    json_t *view = json_pack(
        "{s:I, s:s, s:I, s:s, s:o, s:s, s:i, s:i, s:s, s:s, s:b, s:b, s:s, s:s, s:s, s:b, s:s}",
        "id", (json_int_t)v.id, "title", v.title, "employer_id", (json_int_t)v.employer_id,
        "employer", v.employer_name, "occupation", work_concept(&v.occupation), "kind_label",
        work_label("vacancy_kind", vacancy_kind_name(v.kind)), "hours", v.hours_per_week,
        "places", v.places, "postcode", v.postcode, "starts_on",
        *v.starts_on ? page_date_nl(req, v.starts_on) : "", "wage_subsidy", v.wage_subsidy,
        "job_coaching", v.job_coaching, "licences", licences, "dutch_level", v.dutch_level,
        "description", v.description, "open", v.status == VACANCY_OPEN, "status_label",
        work_label("vacancy_status", vacancy_status_name(v.status)));
    int status = 200;
    json_t *ctx = json_pack("{s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:s}", "vacancy", view,
                            "essential_skills", essential, "optional_skills", optional, "candidates", candidates,
                            "proposals", proposals, "professional", professional, "can_edit",
                            writer, "attribution", tr("esco.attribution"));
    if (writer)
        json_object_set_new(ctx, "search", page_vacancy_skill_search(req, &status));
    page_render(req, resp, status, "vacancy", v.title, ctx);
}

/* POST /vacatures/{id}/voordragen: case_id, share; back to where it came from. */
void page_proposal_create(struct request *req, struct response *resp)
{
    int64_t vacancy_id = request_param_id(req, 0);
    int64_t case_id = work_id(page_field(req, "case_id"));
    bool share = *page_field(req, "share") != '\0';
    struct door d;
    req_door(req, &d);
    struct proposal p;
    enum rc rc = door_proposal_create(&d, vacancy_id, case_id, share, &p);
    door_release(&d);
    if (rc == RC_CONFLICT) {
        page_error(req, resp, 409, "proposal.error_conflict");
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/voordrachten/%lld?melding=voorgedragen",
                               (long long)p.id));
}

/* ---- a resident's work: availability and fitting workplaces ---- */

static void render_case_work(struct request *req, struct response *resp, int status,
                             const char *availability_error)
{
    int64_t id = request_param_id(req, 0);
    if (!work_is_professional(req)) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    struct door d;
    req_door(req, &d);
    struct case_file c;
    struct availability av = {0};
    struct match_offer *offers = NULL;
    struct proposal *props = NULL;
    int noffers = 0, nprops = 0;
    enum rc rc = door_case_get(&d, id, &c);
    if (!rc)
        rc = door_availability_get(&d, id, &av);
    /* A resident not in matching (no availability, another route) has no
     * workplaces to show; that is not an error of the page. */
    struct match_offer *excluded = NULL;
    int nexcluded = 0;
    if (!rc && door_match_workplaces(&d, c.resident_id, MATCH_LIMIT, &offers, &noffers, &excluded,
                                     &nexcluded)) {
        noffers = 0;
        nexcluded = 0;
    }
    if (!rc)
        rc = door_proposal_list(&d, 0, id, LIST_LIMIT, &props, &nprops);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *rows = json_array();
    for (int i = 0; i < noffers; i++) {
        const struct match_offer *o = &offers[i];
        json_array_append_new(
            rows, json_pack("{s:i, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:I, s:o}", "rank",
                            i + 1, "vacancy_id", (json_int_t)o->vacancy_id, "title", o->title,
                            "employer", o->employer_name, "kind_label",
                            work_label("vacancy_kind", o->kind), "hours", o->hours_per_week,
                            "postcode", o->postcode, "proposal_status", o->proposal_status,
                            "proposal_label", work_label("proposal_status", o->proposal_status),
                            "proposal_id", (json_int_t)o->proposal_id, "why",
                            work_why(req, &o->why)));
    }
    json_t *left_out = json_array();
    for (int i = 0; i < nexcluded; i++) {
        const struct match_offer *o = &excluded[i];
        json_array_append_new(
            left_out, json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:o}", "vacancy_id",
                                (json_int_t)o->vacancy_id, "title", o->title, "employer",
                                o->employer_name, "kind_label", work_label("vacancy_kind", o->kind),
                                "hours", o->hours_per_week, "postcode", o->postcode, "why",
                                work_why(req, &o->why)));
    }
    json_t *proposals = json_array();
    for (int i = 0; i < nprops; i++)
        json_array_append_new(proposals, proposal_row(req, &props[i]));
    bool confirmed = *av.confirmed_on != '\0';
    const char *typed = page_field(req, "confirmed_on");
    json_t *ctx = json_pack(
        "{s:{s:I, s:s, s:I, s:s}, s:{s:b, s:s, s:s, s:s, s:b}, s:o, s:o, s:s, s:s, s:b}", "case",
        "id", (json_int_t)c.id, "phase_label", work_label("phase", case_phase_name(c.phase)),
        "resident_id", (json_int_t)c.resident_id, "resident_name", c.resident_name,
        "availability", "confirmed", confirmed, "confirmed_on",
        confirmed ? page_date_nl(req, av.confirmed_on) : "", "expires_on",
        confirmed ? page_date_nl(req, av.expires_on) : "", "by", av.by ? av.by : "", "expired",
        confirmed && av.expired, "offers", rows, "proposals", proposals, "today",
        *typed ? typed : today_iso(req), "months", *page_field(req, "months") ? page_field(req, "months") : "3",
        "can_propose", true);
    json_object_set_new(ctx, "excluded", left_out);
    /* The klantmanager opens the file; the adviser sees only this page. */
    json_object_set_new(ctx, "file_links", json_boolean(role_of(req) == ROLE_CASE_MANAGER));
    if (availability_error)
        json_object_set_new(ctx, "availability_error", json_string(availability_error));
    page_render(req, resp, status, "case_work",
                arena_printf(&req->arena, "%s %s %lld", tr("work.title"), tr("case.title"),
                             (long long)c.id),
                ctx);
}

void page_case_work(struct request *req, struct response *resp)
{
    render_case_work(req, resp, 200, NULL);
}

void page_availability_confirm(struct request *req, struct response *resp)
{
    int64_t id = request_param_id(req, 0);
    int months = work_number(page_field(req, "months"), 0);
    const char *on = page_field(req, "confirmed_on");
    struct date parsed;
    if (months < 0 || months > AVAILABILITY_MONTHS_MAX || (*on && !date_parse(on, &parsed))) {
        render_case_work(req, resp, 422,
                         tr(months < 0 || months > AVAILABILITY_MONTHS_MAX
                                ? "availability.error_months"
                                : "field.date"));
        return;
    }
    struct door d;
    req_door(req, &d);
    struct availability av;
    enum rc rc = door_availability_confirm(&d, id, on, months, &av);
    door_release(&d);
    if (rc == RC_INVALID || rc == RC_CONFLICT) {
        render_case_work(req, resp, rc == RC_CONFLICT ? 409 : 422,
                         tr(rc == RC_CONFLICT ? "availability.error_case" : "availability.error_date"));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/dossiers/%lld/werk?melding=beschikbaar_bevestigd",
                               (long long)id));
}

/* ---- proposals ---- */

void page_proposals(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct proposal *list = NULL;
    int n = 0;
    enum rc rc = door_proposal_list(&d, 0, 0, LIST_LIMIT, &list, &n);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *open = json_array(), *closed = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(proposal_is_open(list[i].status) ? open : closed,
                              proposal_row(req, &list[i]));
    page_render(req, resp, 200, "proposals", tr("proposal.list_title"),
                json_pack("{s:o, s:o}", "open", open, "closed", closed));
}

struct placement_form {
    const char *starts_on, *contract, *hours, *wage, *loonwaarde, *subsidy, *job_coach;
};

static json_t *placement_form_view(struct request *req, const struct placement_form *f,
                                   json_t *by_id)
{
    json_t *contracts = json_array(), *subsidies = json_array();
    json_array_append_new(contracts, form_option("", tr("form.choose"), false));
    for (int c = 0; c < CONTRACT_COUNT; c++) {
        const char *name = placement_contract_name((enum placement_contract)c);
        json_array_append_new(contracts, form_option(name, work_label("contract", name),
                                                     strcmp(name, f->contract) == 0));
    }
    for (int s = 0; s < SUBSIDY_COUNT; s++) {
        const char *name = placement_subsidy_name((enum placement_subsidy)s);
        json_array_append_new(subsidies, form_option(name, work_label("subsidy", name),
                                                     strcmp(name, f->subsidy) == 0));
    }
    json_t *fields = json_array();
    json_array_append_new(fields, form_text_field("plaatsing-starts_on", "starts_on",
                                                  tr("placement.starts_on"), f->starts_on,
                                                  tr("vacancy.date_hint"), "date", by_id));
    json_array_append_new(fields, form_text_field("plaatsing-hours_per_week", "hours_per_week",
                                                  tr("placement.hours"), f->hours, NULL, "short",
                                                  by_id));
    json_array_append_new(fields, form_text_field("plaatsing-wage_cents", "wage",
                                                  tr("placement.wage"), f->wage,
                                                  tr("placement.wage_hint"), "short", by_id));
    json_array_append_new(fields, form_text_field("plaatsing-loonwaarde_pct", "loonwaarde_pct",
                                                  tr("placement.loonwaarde"), f->loonwaarde,
                                                  tr("placement.loonwaarde_hint"), "short",
                                                  by_id));
    json_t *coach = form_text_field("plaatsing-job_coach", "job_coach", tr("placement.job_coach"),
                                    f->job_coach, NULL, NULL, by_id);
    json_object_set_new(coach, "optional", json_true());
    return json_pack("{s:o, s:o, s:o, s:o}", "fields", fields, "contract",
                     form_select_field("plaatsing-contract", "contract", tr("placement.contract"),
                                       contracts, by_id),
                     "subsidy",
                     form_select_field("plaatsing-subsidy", "subsidy", tr("placement.subsidy"),
                                       subsidies, by_id),
                     "coach", coach);
}

static void render_proposal(struct request *req, struct response *resp, int status,
                            const struct placement_form *typed, json_t *errors,
                            const char *step_error)
{
    int64_t id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct proposal p;
    enum rc rc = door_proposal_get(&d, id, &p);
    door_release(&d);
    if (rc) {
        json_decref(errors);
        page_rc_error(req, resp, rc);
        return;
    }
    enum role role = role_of(req);
    bool professional = work_is_professional(req);
    json_t *steps = json_array();
    for (int i = 0; i < p.nsteps; i++)
        json_array_append_new(
            steps, json_pack("{s:s, s:s, s:s, s:s, s:s}", "at", page_date_nl(req, p.steps[i].at),
                             "from_label", work_label("proposal_status", p.steps[i].from_status),
                             "to_label", work_label("proposal_status", p.steps[i].to_status),
                             "reason", p.steps[i].reason ? p.steps[i].reason : "", "by",
                             p.steps[i].by ? p.steps[i].by : ""));
    /* The steps this role may take now, as buttons; afgewezen has its own form. */
    json_t *next = json_array();
    static const enum proposal_status forward[] = {PROPOSAL_GESPREK, PROPOSAL_PROEFPLAATSING};
    for (size_t i = 0; i < sizeof(forward) / sizeof(forward[0]); i++)
        if (proposal_step_check(role, p.status, forward[i], "") == RC_OK)
            json_array_append_new(
                next, json_pack("{s:s, s:s}", "to", proposal_status_name(forward[i]), "label",
                                work_label(role == ROLE_EMPLOYER ? "proposal.feedback"
                                                                 : "proposal.step",
                                           proposal_status_name(forward[i]))));
    bool may_reject = proposal_step_check(role, p.status, PROPOSAL_AFGEWEZEN, "x") == RC_OK;
    bool may_place = professional && proposal_is_open(p.status) && !p.placement_id;
    json_t *ctx = json_pack(
        "{s:o, s:s, s:o, s:o, s:b, s:b, s:b, s:b, s:b, s:b, s:s}", "proposal",
        proposal_row(req, &p), "status_label",
        work_label("proposal_status", proposal_status_name(p.status)), "steps", steps, "next",
        next, "may_reject", may_reject, "may_place", may_place, "professional", professional,
        "shared", p.profile_shared, "consent", p.consent_profile, "employer", role == ROLE_EMPLOYER,
        "reject_reason", p.reject_reason ? p.reject_reason : "");
    json_object_set_new(ctx, "created", json_string(page_date_nl(req, p.created_at)));
    json_object_set_new(ctx, "created_by", json_string(p.created_by ? p.created_by : ""));
    if (p.why.filter < MATCH_FILTER_COUNT)
        json_object_set_new(ctx, "why", work_why(req, &p.why));
    if (step_error)
        json_object_set_new(ctx, "step_error", json_string(step_error));
    if (may_place) {
        struct placement_form empty = {today_iso(req), "", "", "", "", "geen", ""};
        json_t *by_id = errors ? json_object_get(errors, "by_id") : NULL;
        json_object_set_new(ctx, "placement_form",
                            placement_form_view(req, typed ? typed : &empty, by_id));
        json_object_set_new(ctx, "error_summary",
                            errors ? json_incref(json_object_get(errors, "summary"))
                                   : json_array());
    }
    json_decref(errors);
    page_render(req, resp, status, "proposal",
                arena_printf(&req->arena, "%s %lld", tr("proposal.title"), (long long)p.id), ctx);
}

void page_proposal(struct request *req, struct response *resp)
{
    render_proposal(req, resp, 200, NULL, NULL, NULL);
}

void page_proposal_step(struct request *req, struct response *resp)
{
    int64_t id = request_param_id(req, 0);
    const char *to = page_field(req, "to");
    const char *reason = page_field(req, "reason");
    struct door d;
    req_door(req, &d);
    struct proposal p;
    enum rc rc = door_proposal_step(&d, id, to, reason, &p);
    door_release(&d);
    if (rc == RC_INVALID) {
        render_proposal(req, resp, 422, NULL, NULL,
                        tr(strcmp(to, "afgewezen") == 0 ? "proposal.error_reason"
                                                        : "proposal.error_step"));
        return;
    }
    if (rc == RC_CONFLICT) {
        render_proposal(req, resp, 409, NULL, NULL, tr("proposal.error_step"));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/voordrachten/%lld?melding=stap_opgeslagen",
                               (long long)id));
}

void page_proposal_share(struct request *req, struct response *resp)
{
    int64_t id = request_param_id(req, 0);
    bool share = strcmp(page_field(req, "share"), "1") == 0;
    struct door d;
    req_door(req, &d);
    struct proposal p;
    enum rc rc = door_proposal_share(&d, id, share, &p);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/voordrachten/%lld?melding=%s", (long long)id,
                               share ? "profiel_gedeeld" : "profiel_niet_gedeeld"));
}

void page_placement_create(struct request *req, struct response *resp)
{
    int64_t id = request_param_id(req, 0);
    struct placement_form f = {page_field(req, "starts_on"),      page_field(req, "contract"),
                               page_field(req, "hours_per_week"), page_field(req, "wage"),
                               page_field(req, "loonwaarde_pct"), page_field(req, "subsidy"),
                               page_field(req, "job_coach")};
    struct door_field_errors errs = {0};
    struct placement_input in = {.starts_on = f.starts_on,
                                 .contract = f.contract,
                                 .hours_per_week = work_number(f.hours, -1),
                                 .loonwaarde_pct = work_number(f.loonwaarde, -1),
                                 .subsidy = f.subsidy,
                                 .job_coach = f.job_coach};
    if (!money_parse_nl(f.wage, &in.wage_cents)) {
        in.wage_cents = -1;
        door_field_error_add(&errs, "wage_cents", "placement.error_wage");
    }
    enum rc rc = RC_INVALID;
    struct placement pl;
    if (!errs.count) {
        struct door d;
        req_door(req, &d);
        rc = door_placement_create(&d, id, &in, &pl, &errs);
        door_release(&d);
    }
    if (rc == RC_INVALID) {
        render_proposal(req, resp, 422, &f, work_errors(req, "plaatsing", &errs), NULL);
        return;
    }
    if (rc == RC_CONFLICT) {
        render_proposal(req, resp, 409, &f, NULL, tr("proposal.error_step"));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/plaatsingen/%lld?melding=geplaatst",
                               (long long)pl.id));
}

/* ---- placements ---- */

static json_t *check_view(struct request *req, const struct placement_check *c, const char *today)
{
    bool done = *c->checked_on != '\0';
    return json_pack("{s:i, s:s, s:s, s:b, s:b, s:b, s:s, s:s}", "months", c->months, "due_on",
                     page_date_nl(req, c->due_on), "checked_on",
                     done ? page_date_nl(req, c->checked_on) : "", "done", done, "lasted",
                     c->lasted == 1, "overdue", !done && strcmp(c->due_on, today) < 0, "note",
                     c->note ? c->note : "", "by", c->by ? c->by : "");
}

static json_t *placement_row(struct request *req, const struct placement *p, const char *today)
{
    json_t *checks = json_array();
    for (int i = 0; i < 2; i++)
        json_array_append_new(checks, check_view(req, &p->checks[i], today));
    return json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:i, s:o}", "id",
                     (json_int_t)p->id, "proposal_id", (json_int_t)p->proposal_id, "vacancy_id",
                     (json_int_t)p->vacancy_id, "vacancy", p->vacancy_title, "employer",
                     p->employer_name, "case_id", (json_int_t)p->case_id, "candidate",
                     p->candidate, "starts_on", page_date_nl(req, p->starts_on), "contract_label",
                     work_label("contract", placement_contract_name(p->contract)), "hours",
                     p->hours_per_week, "checks", checks);
}

void page_placements(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct placement *list = NULL;
    int n = 0;
    enum rc rc = door_placement_list(&d, LIST_LIMIT, &list, &n);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    const char *today = today_iso(req);
    json_t *rows = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, placement_row(req, &list[i], today));
    page_render(req, resp, 200, "placements", tr("placement.list_title"),
                json_pack("{s:o}", "placements", rows));
}

static void render_placement(struct request *req, struct response *resp, int status,
                             const char *check_error)
{
    int64_t id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct placement p;
    enum rc rc = door_placement_get(&d, id, &p);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    const char *today = today_iso(req);
    json_t *row = placement_row(req, &p, today);
    json_object_set_new(row, "wage", json_string(plan_money(&req->arena, p.wage_cents)));
    json_object_set_new(row, "loonwaarde", json_integer(p.loonwaarde_pct));
    json_object_set_new(row, "subsidy_label",
                        json_string(work_label("subsidy", placement_subsidy_name(p.subsidy))));
    json_object_set_new(row, "job_coach", json_string(p.job_coach ? p.job_coach : ""));
    json_object_set_new(row, "created_by", json_string(p.created_by ? p.created_by : ""));
    json_t *open_checks = json_array();
    for (int i = 0; i < 2; i++)
        if (!*p.checks[i].checked_on)
            json_array_append_new(open_checks,
                                  json_pack("{s:i, s:s}", "months", p.checks[i].months, "due_on",
                                            page_date_nl(req, p.checks[i].due_on)));
    bool professional = work_is_professional(req);
    json_t *ctx = json_pack("{s:o, s:o, s:b}", "placement", row, "open_checks", open_checks,
                            "can_check", professional && json_array_size(open_checks) > 0);
    if (check_error)
        json_object_set_new(ctx, "check_error", json_string(check_error));
    json_object_set_new(ctx, "note", json_string(page_field(req, "note")));
    page_render(req, resp, status, "placement",
                arena_printf(&req->arena, "%s %lld", tr("placement.title"), (long long)p.id), ctx);
}

void page_placement(struct request *req, struct response *resp)
{
    render_placement(req, resp, 200, NULL);
}

void page_placement_check(struct request *req, struct response *resp)
{
    int64_t id = request_param_id(req, 0);
    int months = work_number(page_field(req, "months"), -1);
    const char *lasted = page_field(req, "lasted");
    if ((months != 6 && months != 12) || (strcmp(lasted, "ja") != 0 && strcmp(lasted, "nee") != 0)) {
        render_placement(req, resp, 422, tr("placement.error_check"));
        return;
    }
    struct door d;
    req_door(req, &d);
    struct placement p;
    enum rc rc = door_placement_check(&d, id, months, strcmp(lasted, "ja") == 0,
                                      page_field(req, "note"), &p);
    door_release(&d);
    if (rc == RC_INVALID || rc == RC_CONFLICT) {
        render_placement(req, resp, rc == RC_CONFLICT ? 409 : 422,
                         tr(rc == RC_CONFLICT ? "placement.error_checked" : "placement.error_note"));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/plaatsingen/%lld?melding=controle_vastgelegd",
                               (long long)id));
}

/* ---- start pages ---- */

static json_t *card(const char *label_key, const char *href, int64_t count)
{
    return json_pack("{s:s, s:s, s:I}", "label", tr(label_key), "href", href, "count",
                     (json_int_t)count);
}

/* The employer adviser: what is open, what is due, and links to it. */
void page_adviser_home(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct vacancy *vs = NULL;
    struct proposal *ps = NULL;
    struct placement *pls = NULL;
    int nv = 0, np = 0, npl = 0;
    enum rc rc = network_vacancy_list(&d, 0, "open", COUNT_LIMIT, &vs, &nv);
    if (!rc)
        rc = door_proposal_list(&d, 0, 0, COUNT_LIMIT, &ps, &np);
    if (!rc)
        rc = door_placement_list(&d, COUNT_LIMIT, &pls, &npl);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    const char *today = today_iso(req);
    struct date soon;
    char soon_iso[11] = "";
    if (date_today(&soon)) {
        struct date later = date_add_days(&soon, CHECK_SOON_DAYS);
        date_format(&later, soon_iso);
    }
    json_t *open_proposals = json_array(), *checks = json_array();
    for (int i = 0; i < np; i++)
        if (proposal_is_open(ps[i].status) && json_array_size(open_proposals) < 10)
            json_array_append_new(open_proposals, proposal_row(req, &ps[i]));
    int64_t nopen = 0;
    for (int i = 0; i < np; i++)
        nopen += proposal_is_open(ps[i].status);
    int64_t ndue = 0;
    for (int i = 0; i < npl; i++)
        for (int k = 0; k < 2; k++) {
            const struct placement_check *c = &pls[i].checks[k];
            if (*c->checked_on || strcmp(c->due_on, soon_iso) > 0)
                continue;
            ndue++;
            json_array_append_new(
                checks, json_pack("{s:I, s:s, s:s, s:i, s:s, s:b}", "id", (json_int_t)pls[i].id,
                                  "candidate", pls[i].candidate, "vacancy", pls[i].vacancy_title,
                                  "months", c->months, "due_on", page_date_nl(req, c->due_on),
                                  "overdue", strcmp(c->due_on, today) < 0));
        }
    json_t *cards = json_array();
    json_array_append_new(cards, card("home.open_vacancies", "/vacatures", nv));
    json_array_append_new(cards, card("home.open_proposals", "/voordrachten", nopen));
    json_array_append_new(cards, card("home.checks_due", "/plaatsingen", ndue));
    page_render(req, resp, 200, "adviser_home", tr("home.adviser_title"),
                json_pack("{s:o, s:o, s:o, s:o}", "cards", cards, "tasks", page_task_counts(req),
                          "proposals", open_proposals, "checks", checks));
}

/* The employer: its own workplaces and the proposals for them. */
void page_employer_home(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct vacancy *vs = NULL;
    struct proposal *ps = NULL;
    int nv = 0, np = 0;
    enum rc rc = network_vacancy_list(&d, req_auth(req)->actor.organisation_id, NULL, LIST_LIMIT,
                                      &vs, &nv);
    if (!rc)
        rc = door_proposal_list(&d, 0, 0, LIST_LIMIT, &ps, &np);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *vacancies = json_array(), *proposals = json_array();
    for (int i = 0; i < nv; i++)
        json_array_append_new(
            vacancies,
            json_pack("{s:I, s:s, s:s, s:i, s:i, s:s}", "id", (json_int_t)vs[i].id, "title",
                      vs[i].title, "kind_label",
                      work_label("vacancy_kind", vacancy_kind_name(vs[i].kind)), "places",
                      vs[i].places, "open_proposals", vs[i].open_proposals, "status_label",
                      work_label("vacancy_status", vacancy_status_name(vs[i].status))));
    for (int i = 0; i < np; i++)
        json_array_append_new(proposals, proposal_row(req, &ps[i]));
    page_render(req, resp, 200, "employer_home", tr("home.employer_title"),
                json_pack("{s:o, s:o, s:I}", "vacancies", vacancies, "proposals", proposals,
                          "employer_id", (json_int_t)req_auth(req)->actor.organisation_id));
}
