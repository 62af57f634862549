/* Pages for referrals (on a case and the partner's inbox), the resident's
 * consents, and the task inbox with its counts on the start page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "door_consent.h"
#include "door_referral.h"
#include "door_tasks.h"
#include "pages.h"
#include "router.h"
#include "banned.h"

#define INBOX_LIMIT 200
#define TASKS_LIMIT 100 /* per kind */

static const char *label(const char *prefix, const char *name)
{
    char key[64];
    if (!name || !*name)
        return "";
    snprintf(key, sizeof(key), "%s.%s", prefix, name);
    return tr(key);
}

static enum role role_of(struct request *req)
{
    return req_auth(req)->actor.role;
}

/* A posted id: digits only, else 0 ("" and garbage name nothing). */
static int64_t posted_id(struct request *req, const char *name, bool *given)
{
    const char *v = page_field(req, name);
    *given = *v != '\0';
    if (!*v || strlen(v) > 18 || strspn(v, "0123456789") != strlen(v))
        return *given ? -1 : 0;
    return strtoll(v, NULL, 10);
}

static json_t *referral_row(struct request *req, const struct referral *f, bool partner)
{
    bool own = partner && f->organisation_id == req_auth(req)->actor.organisation_id;
    bool may_end =
        referral_is_open(f->status) && (!partner || (own && f->status == REFERRAL_GEACCEPTEERD));
    json_t *row = json_pack(
        "{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id",
        (json_int_t)f->id, "case_id", (json_int_t)f->case_id, "resident_id",
        (json_int_t)f->resident_id, "organisation", f->organisation_name, "purpose_label",
        label("purpose", referral_purpose_name(f->purpose)), "legal_basis", f->legal_basis,
        "status", referral_status_name(f->status), "status_label",
        label("referral.status", referral_status_name(f->status)), "activity", f->activity_name,
        "created", page_date_nl(req, f->created_at), "created_by", f->created_by, "may_end",
        may_end, "may_decide", own && f->status == REFERRAL_AANGEVRAAGD);
    json_object_set_new(row, "resident_name", json_string(f->resident_name));
    json_object_set_new(row, "municipality_name", json_string(f->municipality_name));
    json_object_set_new(row, "decline_reason", json_string(f->decline_reason));
    json_object_set_new(row, "decided",
                        json_string(*f->decided_at ? page_date_nl(req, f->decided_at) : ""));
    json_object_set_new(row, "decided_by", json_string(f->decided_by));
    json_object_set_new(row, "ended_by", json_string(f->ended_by));
    json_object_set_new(row, "ended",
                        json_string(*f->ended_at ? page_date_nl(req, f->ended_at) : ""));
    return row;
}

json_t *page_case_referral_rows(struct request *req, struct door *d, int64_t case_id)
{
    json_t *rows = json_array();
    enum role role = role_of(req);
    /* Only those who work with referrals see them on the case; asking for
     * anyone else would only write a refusal into the log. */
    if (role != ROLE_CASE_MANAGER && role != ROLE_JOB_COACH)
        return rows;
    struct referral *list;
    int n;
    if (door_referral_list_case(d, case_id, &list, &n))
        return rows;
    for (int i = 0; i < n; i++)
        json_array_append_new(rows, referral_row(req, &list[i], role == ROLE_JOB_COACH));
    return rows;
}

/* ---- a case's referrals ---- */

struct referral_form {
    const char *organisation_id;
    const char *purpose;
    const char *legal_basis;
    const char *activity_key;
};

static void render_case_referrals(struct request *req, struct response *resp, int status,
                                  const struct referral_form *typed,
                                  const struct door_field_errors *errs, const char *error)
{
    struct door d;
    req_door(req, &d);
    int64_t id = request_param_id(req, 0);
    struct case_file c;
    struct organisation *orgs = NULL;
    struct plan_activity_ref *acts = NULL;
    int norgs = 0, nacts = 0;
    bool km = role_of(req) == ROLE_CASE_MANAGER;
    enum rc rc = door_case_get(&d, id, &c);
    json_t *rows = NULL;
    if (!rc)
        rows = page_case_referral_rows(req, &d, id);
    if (!rc && km)
        rc = door_partner_organisations(&d, &orgs, &norgs);
    if (!rc && km)
        rc = door_case_activities(&d, id, &acts, &nacts);
    door_release(&d);
    if (rc) {
        json_decref(rows);
        page_rc_error(req, resp, rc);
        return;
    }
    struct referral_form empty = {"", "", "", ""};
    if (!typed)
        typed = &empty;
    json_t *org_opts = json_array();
    for (int i = 0; i < norgs; i++) {
        char v[24];
        snprintf(v, sizeof(v), "%lld", (long long)orgs[i].id);
        json_array_append_new(org_opts,
                              json_pack("{s:s, s:s, s:b}", "value", v, "label", orgs[i].name,
                                        "selected", strcmp(v, typed->organisation_id) == 0));
    }
    json_t *purposes = json_array();
    for (int p = 0; p < PURPOSE_COUNT; p++) {
        const char *name = referral_purpose_name((enum referral_purpose)p);
        json_array_append_new(purposes, json_pack("{s:s, s:s, s:b}", "value", name, "label",
                                                  label("purpose", name), "selected",
                                                  strcmp(name, typed->purpose) == 0));
    }
    json_t *activities = json_array();
    for (int i = 0; i < nacts; i++) {
        char v[24];
        snprintf(v, sizeof(v), "%lld", (long long)acts[i].activity_key);
        json_array_append_new(activities,
                              json_pack("{s:s, s:s, s:b}", "value", v, "label",
                                        arena_printf(&req->arena, "%s (%s %s)", acts[i].name,
                                                     tr("referral.activity_until"),
                                                     page_date_nl(req, acts[i].ends_on)),
                                        "selected", strcmp(v, typed->activity_key) == 0));
    }
    json_t *field_errors = json_object(), *summary = json_array();
    for (int i = 0; errs && i < errs->count && i < DOOR_MAX_FIELD_ERRORS; i++) {
        if (json_object_get(field_errors, errs->e[i].field))
            continue;
        json_object_set_new(field_errors, errs->e[i].field, json_string(tr(errs->e[i].msg)));
        json_array_append_new(summary, json_pack("{s:s, s:s}", "field", errs->e[i].field, "message",
                                                 tr(errs->e[i].msg)));
    }
    json_t *ctx =
        json_pack("{s:{s:I, s:s, s:s}, s:{s:I, s:s}, s:o, s:b, s:o, s:o, s:o, s:{s:s}, s:o, s:o}",
                  "case", "id", (json_int_t)c.id, "phase_label",
                  label("phase", case_phase_name(c.phase)), "municipality", c.municipality,
                  "resident", "id", (json_int_t)c.resident_id, "name", c.resident_name, "referrals",
                  rows, "can_refer", km && c.phase != CASE_AFGESLOTEN && norgs > 0, "organisations",
                  org_opts, "purposes", purposes, "activities", activities, "values", "legal_basis",
                  typed->legal_basis, "errors", field_errors, "error_summary", summary);
    if (error)
        json_object_set_new(ctx, "error", json_string(error));
    page_render(req, resp, status, "case_referrals_page",
                arena_printf(&req->arena, "%s %s %lld", tr("referral.title"), tr("case.title"),
                             (long long)c.id),
                ctx);
}

void page_case_referrals(struct request *req, struct response *resp)
{
    render_case_referrals(req, resp, 200, NULL, NULL, NULL);
}

void page_case_referral_create(struct request *req, struct response *resp)
{
    struct referral_form typed = {page_field(req, "organisation_id"), page_field(req, "purpose"),
                                  page_field(req, "legal_basis"), page_field(req, "activity_key")};
    bool given;
    struct referral_input in = {.purpose = typed.purpose, .legal_basis = typed.legal_basis};
    in.organisation_id = posted_id(req, "organisation_id", &given);
    if (in.organisation_id < 0)
        in.organisation_id = 0;
    in.activity_key = posted_id(req, "activity_key", &given);
    if (given && in.activity_key == 0)
        in.activity_key = -1;
    struct door d;
    req_door(req, &d);
    struct referral f;
    struct door_field_errors errs = {0};
    int64_t case_id = request_param_id(req, 0);
    enum rc rc = door_referral_create(&d, case_id, &in, &f, &errs);
    door_release(&d);
    if (rc == RC_INVALID) {
        render_case_referrals(req, resp, 422, &typed, &errs, NULL);
        return;
    }
    if (rc == RC_CONFLICT) {
        render_case_referrals(req, resp, 409, &typed, NULL, tr("referral.error_open"));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena, "/dossiers/%lld/verwijzingen?melding=verwezen",
                               (long long)case_id));
}

/* ---- the partner's inbox ---- */

/* The inbox as context: pending referrals (to accept or decline) and the
 * active caseload. decline_id/decline_error mark a failed decline. */
static enum rc inbox_context(struct request *req, json_t *ctx, int64_t decline_id,
                             const char *decline_error)
{
    struct door d;
    req_door(req, &d);
    struct referral_inbox box;
    enum rc rc = door_referral_inbox(&d, INBOX_LIMIT, &box);
    door_release(&d);
    if (rc)
        return rc;
    json_t *pending = json_array(), *active = json_array();
    for (int i = 0; i < box.npending; i++) {
        json_t *row = referral_row(req, &box.pending[i], true);
        if (box.pending[i].id == decline_id) {
            json_object_set_new(row, "decline_error", json_string(decline_error));
            json_object_set_new(row, "reason", json_string(page_field(req, "reason")));
        }
        json_array_append_new(pending, row);
    }
    for (int i = 0; i < box.nactive; i++)
        json_array_append_new(active, referral_row(req, &box.active[i], true));
    json_object_set_new(ctx, "pending", pending);
    json_object_set_new(ctx, "active", active);
    return RC_OK;
}

static void render_inbox(struct request *req, struct response *resp, int status, int64_t decline_id,
                         const char *decline_error)
{
    if (role_of(req) != ROLE_JOB_COACH) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    json_t *ctx = json_object();
    enum rc rc = inbox_context(req, ctx, decline_id, decline_error);
    if (rc) {
        json_decref(ctx);
        page_rc_error(req, resp, rc);
        return;
    }
    page_render(req, resp, status, "referrals", tr("referral.inbox_title"), ctx);
}

void page_referrals(struct request *req, struct response *resp)
{
    render_inbox(req, resp, 200, 0, NULL);
}

/* Where to go after a step: back to the case's referrals when the form was
 * there, else the inbox. */
static const char *back_to(struct request *req, const struct referral *f, const char *flash)
{
    if (strcmp(page_field(req, "terug"), "dossier") == 0 && f->case_id)
        return arena_printf(&req->arena, "/dossiers/%lld/verwijzingen?melding=%s",
                            (long long)f->case_id, flash);
    return arena_printf(&req->arena, "/verwijzingen?melding=%s", flash);
}

static void move_result(struct request *req, struct response *resp, enum rc rc,
                        const struct referral *f, const char *flash)
{
    if (rc == RC_CONFLICT) {
        page_error(req, resp, 409, "referral.error_status");
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp, back_to(req, f, flash));
}

void page_referral_accept(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct referral f = {0};
    enum rc rc = door_referral_accept(&d, request_param_id(req, 0), &f);
    door_release(&d);
    if (!rc) {
        page_redirect(req, resp,
                      arena_printf(&req->arena, "/dossiers/%lld?melding=verwijzing_geaccepteerd",
                                   (long long)f.case_id));
        return;
    }
    move_result(req, resp, rc, &f, "verwijzing_geaccepteerd");
}

void page_referral_decline(struct request *req, struct response *resp)
{
    const char *reason = page_field(req, "reason");
    struct door d;
    req_door(req, &d);
    struct referral f = {0};
    int64_t id = request_param_id(req, 0);
    enum rc rc = door_referral_decline(&d, id, reason, &f);
    door_release(&d);
    if (rc == RC_INVALID) {
        render_inbox(req, resp, 422, id, tr("referral.error_reason"));
        return;
    }
    move_result(req, resp, rc, &f, "verwijzing_afgewezen");
}

void page_referral_end(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct referral f = {0};
    enum rc rc = door_referral_end(&d, request_param_id(req, 0), &f);
    door_release(&d);
    move_result(req, resp, rc, &f, "verwijzing_beeindigd");
}

/* ---- tasks ---- */

/* Per kind, in the order the page shows them, the ones this role has. */
static const enum task_kind case_manager_kinds[] = {TASK_PLAN_AGREEMENT, TASK_ACTIVITY_ENDING,
                                                    TASK_LADDER_DUE, TASK_REFERRAL_DECLINED,
                                                    TASK_AVAILABILITY};
static const enum task_kind coach_kinds[] = {TASK_REFERRAL_NEW, TASK_ACTIVITY_ENDING};
static const enum task_kind adviser_kinds[] = {TASK_PLACEMENT_CHECK, TASK_AVAILABILITY};

static const enum task_kind *kinds_for(enum role role, int *n)
{
    if (role == ROLE_CASE_MANAGER) {
        *n = (int)(sizeof(case_manager_kinds) / sizeof(case_manager_kinds[0]));
        return case_manager_kinds;
    }
    if (role == ROLE_JOB_COACH) {
        *n = (int)(sizeof(coach_kinds) / sizeof(coach_kinds[0]));
        return coach_kinds;
    }
    if (role == ROLE_EMPLOYER_ADVISER) {
        *n = (int)(sizeof(adviser_kinds) / sizeof(adviser_kinds[0]));
        return adviser_kinds;
    }
    *n = 0;
    return NULL;
}

static const char *task_anchor(enum task_kind k)
{
    switch (k) {
    case TASK_PLAN_AGREEMENT:
        return "akkoord";
    case TASK_ACTIVITY_ENDING:
        return "activiteiten";
    case TASK_LADDER_DUE:
        return "ladder";
    case TASK_REFERRAL_DECLINED:
        return "afgewezen";
    case TASK_REFERRAL_NEW:
        return "nieuwe-verwijzingen";
    case TASK_AVAILABILITY:
        return "beschikbaarheid";
    case TASK_PLACEMENT_CHECK:
        return "plaatsingscontroles";
    case TASK_KIND_COUNT:
        break;
    }
    return "taken";
}

json_t *page_task_counts(struct request *req)
{
    json_t *cards = json_array();
    int nkinds;
    const enum task_kind *kinds = kinds_for(role_of(req), &nkinds);
    if (!nkinds)
        return cards;
    struct door d;
    req_door(req, &d);
    struct task_list t;
    enum rc rc = door_tasks(&d, 0, &t);
    door_release(&d);
    if (rc)
        return cards;
    for (int i = 0; i < nkinds; i++)
        json_array_append_new(cards, json_pack("{s:s, s:s, s:I}", "label",
                                               label("tasks.kind", task_kind_name(kinds[i])),
                                               "anchor", task_anchor(kinds[i]), "count",
                                               (json_int_t)t.count[kinds[i]]));
    return cards;
}

void page_tasks(struct request *req, struct response *resp)
{
    int nkinds;
    const enum task_kind *kinds = kinds_for(role_of(req), &nkinds);
    if (!nkinds) {
        page_error(req, resp, 403, "error.forbidden");
        return;
    }
    struct door d;
    req_door(req, &d);
    struct task_list t;
    enum rc rc = door_tasks(&d, TASKS_LIMIT, &t);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    json_t *groups = json_array();
    for (int g = 0; g < nkinds; g++) {
        enum task_kind k = kinds[g];
        json_t *items = json_array();
        for (int i = 0; i < t.n; i++) {
            const struct task *it = &t.items[i];
            if (it->kind != k)
                continue;
            const char *detail = it->detail;
            if (k == TASK_REFERRAL_NEW)
                detail = label("purpose", it->detail);
            if (k == TASK_AVAILABILITY)
                detail = label("route", it->detail);
            bool to_inbox = k == TASK_REFERRAL_NEW, to_placement = k == TASK_PLACEMENT_CHECK;
            json_array_append_new(
                items,
                json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:b, s:b, s:b}", "case_id",
                          (json_int_t)it->case_id, "resident_id", (json_int_t)it->resident_id,
                          "placement_id", (json_int_t)it->placement_id, "resident_name",
                          it->resident_name, "date",
                          *it->date ? page_date_nl(req, it->date) : tr("tasks.never"), "detail",
                          detail, "to_inbox", to_inbox, "to_placement", to_placement, "to_case",
                          !to_inbox && !to_placement));
        }
        /* A plan or a ladder measurement has nothing more to say. */
        bool has_detail = k != TASK_PLAN_AGREEMENT && k != TASK_LADDER_DUE;
        json_array_append_new(
            groups, json_pack("{s:s, s:s, s:s, s:s, s:b, s:I, s:b, s:o}", "anchor", task_anchor(k),
                              "title", label("tasks.kind", task_kind_name(k)), "date_label",
                              label("tasks.date", task_kind_name(k)), "detail_label",
                              has_detail ? label("tasks.detail", task_kind_name(k)) : "",
                              "has_detail", has_detail, "count", (json_int_t)t.count[k], "more",
                              t.count[k] > TASKS_LIMIT, "items", items));
    }
    page_render(req, resp, 200, "tasks", tr("tasks.title"),
                json_pack("{s:o, s:i}", "groups", groups, "limit", TASKS_LIMIT));
}

/* The start page of a partner's jobcoach: task counts, referrals awaiting
 * an answer and the active caseload. */
void page_partner_home(struct request *req, struct response *resp)
{
    json_t *ctx = json_pack("{s:o}", "tasks", page_task_counts(req));
    enum rc rc = inbox_context(req, ctx, 0, NULL);
    if (rc) {
        json_decref(ctx);
        page_rc_error(req, resp, rc);
        return;
    }
    page_render(req, resp, 200, "partner_home", tr("home.title"), ctx);
}

/* ---- consents ---- */

struct consent_form {
    const char *scope;
    const char *organisation_id;
    const char *given_on;
    const char *how;
};

/* Adds the consents section of resident_id to ctx ("consents"): the list,
 * and for a klantmanager the form. Only the resident and the klantmanager
 * see consents; for anyone else nothing is added (and nothing asked). */
static enum rc consents_context(struct request *req, int64_t resident_id, json_t *ctx,
                                const struct consent_form *typed,
                                const struct door_field_errors *errs)
{
    enum role role = role_of(req);
    if (role != ROLE_CASE_MANAGER && role != ROLE_RESIDENT)
        return RC_OK;
    struct door d;
    req_door(req, &d);
    struct consent *list = NULL;
    int n = 0;
    struct organisation *orgs = NULL;
    int norgs = 0;
    enum rc rc = door_consent_list(&d, resident_id, &list, &n);
    if (!rc && role == ROLE_CASE_MANAGER)
        rc = directory_organisations(d.db, &req->arena, &orgs, &norgs);
    door_release(&d);
    if (rc)
        return rc;
    json_t *rows = json_array();
    for (int i = 0; i < n; i++) {
        const struct consent *k = &list[i];
        json_array_append_new(
            rows,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)k->id,
                      "scope_label", label("consent.scope", consent_scope_name(k->scope)),
                      "organisation",
                      *k->organisation_name ? k->organisation_name : tr("consent.all_employers"),
                      "given_on", page_date_nl(req, k->given_on), "how_label",
                      label("consent.how", consent_how_name(k->how)), "active", !*k->revoked_at,
                      "revoked", *k->revoked_at ? page_date_nl(req, k->revoked_at) : "",
                      "recorded_by", k->recorded_by));
    }
    struct consent_form empty = {"", "", "", ""};
    if (!typed)
        typed = &empty;
    json_t *org_opts = json_array();
    for (int i = 0; i < norgs; i++) {
        if (orgs[i].kind == ORG_MUNICIPAL)
            continue;
        char v[24];
        snprintf(v, sizeof(v), "%lld", (long long)orgs[i].id);
        json_array_append_new(org_opts,
                              json_pack("{s:s, s:s, s:s, s:b}", "value", v, "label", orgs[i].name,
                                        "kind", label("org_kind", org_kind_name(orgs[i].kind)),
                                        "selected", strcmp(v, typed->organisation_id) == 0));
    }
    json_t *scopes = json_array();
    for (int s = 0; s < CONSENT_SCOPE_COUNT; s++) {
        const char *name = consent_scope_name((enum consent_scope)s);
        json_array_append_new(scopes, json_pack("{s:s, s:s, s:b}", "value", name, "label",
                                                label("consent.scope", name), "selected",
                                                strcmp(name, typed->scope) == 0));
    }
    json_t *hows = json_array();
    for (int h = 0; h < CONSENT_HOW_COUNT; h++) {
        const char *name = consent_how_name((enum consent_how)h);
        json_array_append_new(hows, json_pack("{s:s, s:s, s:b}", "value", name, "label",
                                              label("consent.how", name), "selected",
                                              strcmp(name, typed->how) == 0));
    }
    json_t *field_errors = json_object(), *summary = json_array();
    for (int i = 0; errs && i < errs->count && i < DOOR_MAX_FIELD_ERRORS; i++) {
        if (json_object_get(field_errors, errs->e[i].field))
            continue;
        json_object_set_new(field_errors, errs->e[i].field, json_string(tr(errs->e[i].msg)));
        json_array_append_new(summary,
                              json_pack("{s:s, s:s}", "field",
                                        arena_printf(&req->arena, "consent_%s", errs->e[i].field),
                                        "message", tr(errs->e[i].msg)));
    }
    json_object_set_new(ctx, "consents",
                        json_pack("{s:I, s:o, s:b, s:b, s:o, s:o, s:o, s:{s:s}, s:o, s:o}",
                                  "resident_id", (json_int_t)resident_id, "items", rows,
                                  "can_record", role == ROLE_CASE_MANAGER, "can_revoke", true,
                                  "organisations", org_opts, "scopes", scopes, "hows", hows,
                                  "values", "given_on", typed->given_on, "errors", field_errors,
                                  "error_summary", summary));
    return RC_OK;
}

enum rc page_resident_consents_section(struct request *req, int64_t resident_id, json_t *ctx)
{
    return consents_context(req, resident_id, ctx, NULL, NULL);
}

static void render_consents(struct request *req, struct response *resp, int status,
                            const struct consent_form *typed, const struct door_field_errors *errs)
{
    struct door d;
    req_door(req, &d);
    struct resident r;
    int64_t id = request_param_id(req, 0);
    enum rc rc = door_resident_get(&d, id, &r);
    door_release(&d);
    json_t *ctx = json_pack("{s:I, s:s}", "resident_id", (json_int_t)id, "name",
                            rc ? "" : resident_display_name(&req->arena, &r));
    if (!rc && role_of(req) != ROLE_CASE_MANAGER && role_of(req) != ROLE_RESIDENT)
        rc = RC_FORBIDDEN;
    if (!rc)
        rc = consents_context(req, id, ctx, typed, errs);
    if (rc) {
        json_decref(ctx);
        page_rc_error(req, resp, rc);
        return;
    }
    page_render(req, resp, status, "consents_page", tr("consent.title"), ctx);
}

void page_resident_consents(struct request *req, struct response *resp)
{
    render_consents(req, resp, 200, NULL, NULL);
}

void page_resident_consent_create(struct request *req, struct response *resp)
{
    struct consent_form typed = {page_field(req, "scope"), page_field(req, "organisation_id"),
                                 page_field(req, "given_on"), page_field(req, "how")};
    bool given;
    struct consent_input in = {.scope = typed.scope, .given_on = typed.given_on, .how = typed.how};
    in.organisation_id = posted_id(req, "organisation_id", &given);
    if (given && in.organisation_id == 0)
        in.organisation_id = -1;
    struct door d;
    req_door(req, &d);
    struct consent k;
    struct door_field_errors errs = {0};
    int64_t id = request_param_id(req, 0);
    enum rc rc = door_consent_create(&d, id, &in, &k, &errs);
    door_release(&d);
    if (rc == RC_INVALID) {
        render_consents(req, resp, 422, &typed, &errs);
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena,
                               "/inwoners/%lld?melding=toestemming_vastgelegd#toestemmingen",
                               (long long)id));
}

void page_consent_revoke(struct request *req, struct response *resp)
{
    struct door d;
    req_door(req, &d);
    struct consent k = {0};
    enum rc rc = door_consent_revoke(&d, request_param_id(req, 0), &k);
    door_release(&d);
    if (rc == RC_CONFLICT) {
        page_error(req, resp, 409, "consent.error_revoked");
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  arena_printf(&req->arena,
                               "/inwoners/%lld?melding=toestemming_ingetrokken#toestemmingen",
                               (long long)k.resident_id));
}
