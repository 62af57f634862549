/* The intake page of a case (/dossiers/{id}/intake): the current intake,
 * the participatieladder then and now, and for the klantmanager a form to
 * save a new version. Skills and work wishes are picked from ESCO without
 * JavaScript: a search form (GET with q) lists matches, each with a button
 * that posts it into the intake; every chosen item has a remove button.
 * Every save is a new version (door_intake.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "door_intake.h"
#include "pages.h"
#include "router.h"
#include "banned.h"

#define SEARCH_LIMIT 10
/* Empty language rows the form offers beside the chosen ones. */
#define EXTRA_LANGUAGE_ROWS 2

/* The languages the form offers by name; any other ISO 639-1 code that an
 * intake holds (through the API) is offered by its code. */
static const char *const known_languages[] = {
    "nl", "en", "ar", "tr", "pl", "uk", "ti", "so", "fa",
    "ps", "ru", "de", "fr", "es", "pt", "ro", "bg", "zh",
};
#define NKNOWN_LANGUAGES ((int)(sizeof(known_languages) / sizeof(known_languages[0])))

/* What the edit form shows: the saved intake, or what was typed. */
struct intake_form {
    const char *hours, *travel, *ladder_step, *measured_on, *benefit, *route, *motivation;
    unsigned licences, barriers;
    const char *lang_codes[INTAKE_MAX_LANGUAGES];
    const char *lang_levels[INTAKE_MAX_LANGUAGES];
    int nlangs;
};

static const char *label(const char *prefix, const char *name)
{
    char key[64];
    if (!name || !*name)
        return "";
    snprintf(key, sizeof(key), "%s.%s", prefix, name);
    return tr(key);
}

static const char *language_name(const char *code)
{
    char key[32];
    snprintf(key, sizeof(key), "language.%.8s", code ? code : "");
    const char *name = msg_get(LANG_NL, key);
    return name ? name : code;
}

static const char *ladder_name(int step)
{
    char key[16];
    snprintf(key, sizeof(key), "ladder.%d", step);
    const char *name = msg_get(LANG_NL, key);
    return name ? name : "";
}

/* An ESCO concept as esco_label.html shows it. */
static json_t *concept_view(const struct esco_concept *c)
{
    return json_pack("{s:s, s:s, s:b, s:s}", "uri", c->uri, "label", c->label, "english",
                     strcmp(c->label_lang, "en") == 0, "group_label", c->group_label);
}

static void form_from_record(struct request *req, const struct intake_record *r,
                             struct intake_form *f)
{
    const struct intake *in = &r->data;
    struct arena *a = &req->arena;
    memset(f, 0, sizeof(*f));
    f->hours = arena_printf(a, "%d", in->hours_per_week);
    f->travel = arena_printf(a, "%d", in->max_travel_km);
    f->ladder_step = r->version ? arena_printf(a, "%d", in->ladder_step) : "";
    f->measured_on = in->ladder_measured_on;
    if (!r->version) {
        char today[11] = "";
        struct date t;
        if (date_today(&t))
            date_format(&t, today);
        f->measured_on = arena_strdup(a, today);
    }
    f->benefit = in->benefit;
    f->route = case_route_name(in->route);
    f->motivation = in->route_motivation;
    f->licences = in->licences;
    f->barriers = in->barriers;
    for (int i = 0; i < in->nlanguages && i < INTAKE_MAX_LANGUAGES; i++) {
        f->lang_codes[f->nlangs] = in->languages[i].code;
        f->lang_levels[f->nlangs++] = cefr_level_name(in->languages[i].level);
    }
}

static json_t *options_json(const char *const *values, const char *const *labels, int n,
                            const char *selected)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:b}", "value", values[i], "label", labels[i],
                                        "selected", selected && strcmp(selected, values[i]) == 0));
    return list;
}

static json_t *language_rows(const struct intake_form *f)
{
    json_t *rows = json_array();
    const char *levels[CEFR_COUNT];
    for (int l = 0; l < CEFR_COUNT; l++)
        levels[l] = cefr_level_name((enum cefr_level)l);
    for (int i = 0; i < f->nlangs + EXTRA_LANGUAGE_ROWS && i < INTAKE_MAX_LANGUAGES; i++) {
        const char *code = i < f->nlangs ? f->lang_codes[i] : "";
        const char *level = i < f->nlangs ? f->lang_levels[i] : "";
        const char *values[NKNOWN_LANGUAGES + 1], *labels[NKNOWN_LANGUAGES + 1];
        int n = 0;
        bool known = !*code;
        for (int k = 0; k < NKNOWN_LANGUAGES; k++) {
            values[n] = known_languages[k];
            labels[n++] = language_name(known_languages[k]);
            known = known || strcmp(code, known_languages[k]) == 0;
        }
        if (!known) {
            values[n] = code;
            labels[n++] = code;
        }
        json_array_append_new(rows, json_pack("{s:i, s:o, s:o}", "row", i + 1, "languages",
                                              options_json(values, labels, n, code), "levels",
                                              options_json(levels, levels, CEFR_COUNT, level)));
    }
    return rows;
}

static json_t *checkboxes(unsigned set, const char *(*name_of)(int), int count,
                          const char *label_prefix)
{
    json_t *list = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:b}", "value", name_of(i), "label",
                                        label_prefix ? label(label_prefix, name_of(i)) : name_of(i),
                                        "checked", (set & (1u << i)) != 0));
    return list;
}

static json_t *form_json(struct request *req, const struct intake_form *f)
{
    const char *steps[INTAKE_LADDER_MAX], *step_labels[INTAKE_LADDER_MAX];
    for (int s = 0; s < INTAKE_LADDER_MAX; s++) {
        steps[s] = arena_printf(&req->arena, "%d", s + 1);
        step_labels[s] = arena_printf(&req->arena, "%d \u2013 %s", s + 1, ladder_name(s + 1));
    }
    const char *routes[CASE_ROUTE_COUNT], *route_labels[CASE_ROUTE_COUNT];
    for (int r = 0; r < CASE_ROUTE_COUNT; r++) {
        routes[r] = case_route_name((enum case_route)r);
        route_labels[r] = r == ROUTE_NONE ? tr("route.none") : label("route", routes[r]);
    }
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "hours", f->hours, "travel",
        f->travel, "measured_on", f->measured_on, "benefit", f->benefit, "motivation",
        f->motivation, "ladder",
        options_json(steps, step_labels, INTAKE_LADDER_MAX, f->ladder_step), "routes",
        options_json(routes, route_labels, CASE_ROUTE_COUNT, f->route), "licences",
        checkboxes(f->licences, driving_licence_name_i, DRIVING_LICENCE_COUNT, NULL), "barriers",
        checkboxes(f->barriers, intake_barrier_name_i, INTAKE_BARRIER_COUNT, "barrier"),
        "languages", language_rows(f));
}

/* The current intake as the page shows it. */
static json_t *record_view(struct request *req, const struct intake_record *r)
{
    const struct intake *in = &r->data;
    json_t *skills = json_array();
    for (int i = 0; i < in->nskills; i++) {
        json_t *s = concept_view(&r->skill_concepts[i]);
        /* The button beside it switches the level to the other one. */
        enum skill_level other = in->skills[i].level == SKILL_ZELF ? SKILL_WAARGENOMEN : SKILL_ZELF;
        json_object_set_new(
            s, "level_label",
            json_string(label("skill_level", skill_level_name(in->skills[i].level))));
        json_object_set_new(s, "other_level", json_string(skill_level_name(other)));
        json_object_set_new(s, "other_level_action",
                            json_string(label("intake.mark", skill_level_name(other))));
        json_object_set_new(s, "row", json_integer(i + 1));
        json_array_append_new(skills, s);
    }
    json_t *wishes = json_array();
    for (int i = 0; i < in->nwishes; i++) {
        json_t *w = concept_view(&r->wish_concepts[i]);
        json_object_set_new(w, "row", json_integer(i + 1));
        json_array_append_new(wishes, w);
    }
    json_t *languages = json_array();
    for (int i = 0; i < in->nlanguages; i++)
        json_array_append_new(languages,
                              json_pack("{s:s, s:s}", "name", language_name(in->languages[i].code),
                                        "level", cefr_level_name(in->languages[i].level)));
    json_t *barriers = json_array();
    for (int b = 0; b < INTAKE_BARRIER_COUNT; b++)
        if (in->barriers & (1u << b))
            json_array_append_new(barriers,
                                  json_string(label("barrier", intake_barrier_name_i(b))));
    const char *licences =
        intake_set_format(&req->arena, in->licences, driving_licence_name_i, DRIVING_LICENCE_COUNT);
    struct date today;
    bool outdated = r->version > 0 && date_today(&today) &&
                    intake_ladder_outdated(in->ladder_measured_on, &today);
    return json_pack(
        "{s:i, s:s, s:s, s:i, s:s, s:s, s:b, s:s, s:s, s:i, s:i, s:s, s:o, s:o, s:o, s:o, s:b, "
        "s:s}",
        "version", r->version, "saved_at", page_date_nl(req, r->created_at), "by", r->by,
        "ladder_step", in->ladder_step, "ladder_name", ladder_name(in->ladder_step), "measured_on",
        page_date_nl(req, in->ladder_measured_on), "outdated", outdated, "route_label",
        in->route == ROUTE_NONE ? tr("route.none") : label("route", case_route_name(in->route)),
        "route_motivation", in->route_motivation, "hours", in->hours_per_week, "travel_km",
        in->max_travel_km, "licences", *licences ? licences : tr("intake.none"), "barriers",
        barriers, "languages", languages, "skills", skills, "wishes", wishes, "show_benefit",
        !r->benefit_hidden, "benefit", *in->benefit ? in->benefit : tr("intake.none"));
}

/* The ladder then and now: each measurement once, from the version that
 * first recorded it, newest first. */
static json_t *history_view(struct request *req, const struct intake_history *h, int n,
                            json_t **progress)
{
    json_t *rows = json_array();
    const struct intake_history *newest = NULL, *oldest = NULL;
    for (int i = 0; i < n; i++) {
        bool same_as_older = i + 1 < n && h[i + 1].ladder_step == h[i].ladder_step &&
                             strcmp(h[i + 1].ladder_measured_on, h[i].ladder_measured_on) == 0;
        if (same_as_older)
            continue;
        if (!newest)
            newest = &h[i];
        oldest = &h[i];
        json_array_append_new(
            rows, json_pack("{s:i, s:s, s:i, s:s, s:s, s:s}", "version", h[i].version,
                            "measured_on", page_date_nl(req, h[i].ladder_measured_on), "step",
                            h[i].ladder_step, "step_name", ladder_name(h[i].ladder_step), "by",
                            h[i].by, "at", page_date_nl(req, h[i].created_at)));
    }
    *progress = NULL;
    if (newest && oldest && newest != oldest)
        *progress = json_pack("{s:i, s:s, s:i, s:s}", "then_step", oldest->ladder_step, "then_date",
                              page_date_nl(req, oldest->ladder_measured_on), "now_step",
                              newest->ladder_step, "now_date",
                              page_date_nl(req, newest->ladder_measured_on));
    return rows;
}

/* The ESCO search of the page: q and soort from the query string. */
static json_t *search_view(struct request *req, int *status)
{
    const char *q = NULL, *kind = NULL;
    enum rc rc = request_query_get(req, "q", &q);
    if (request_query_get(req, "soort", &kind) != RC_OK || strcmp(kind, "beroep") != 0)
        kind = "vaardigheid";
    bool occupation = strcmp(kind, "beroep") == 0;
    json_t *view = json_pack("{s:s, s:b, s:b, s:b}", "q", rc == RC_OK ? q : "", "skill",
                             !occupation, "occupation", occupation, "searched", false);
    if (rc == RC_NOT_FOUND)
        return view;
    if (rc || !esco_query_check(q)) {
        json_object_set_new(view, "error", json_string(tr("intake.search_invalid")));
        *status = 400;
        return view;
    }
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct esco_concept *list;
    int n;
    int64_t total;
    rc = esco_search(db, &req->arena, occupation ? ESCO_OCCUPATION : ESCO_SKILL, q, SEARCH_LIMIT, 0,
                     &list, &n, &total);
    store_release(app->store, db);
    if (rc) {
        json_object_set_new(view, "error", json_string(tr("error.unavailable")));
        *status = rc_http_status(rc);
        return view;
    }
    json_t *results = json_array();
    for (int i = 0; i < n; i++) {
        json_t *c = concept_view(&list[i]);
        json_object_set_new(c, "row", json_integer(i + 1));
        json_array_append_new(results, c);
    }
    json_object_set_new(view, "searched", json_true());
    json_object_set_new(view, "results", results);
    json_object_set_new(view, "more", json_boolean(total > n));
    return view;
}

/* Renders the page. typed is what a failed save posted (NULL: the saved
 * intake); errs its problems; alert an error text for the ESCO buttons. */
static void render_intake(struct request *req, struct response *resp, int status,
                          const struct intake_form *typed, const struct intake_errors *errs,
                          const char *alert)
{
    int64_t id = request_param_id(req, 0);
    struct door d;
    req_door(req, &d);
    struct case_file c;
    struct intake_record rec;
    struct intake_history *hist = NULL;
    int nhist = 0;
    enum rc rc = door_case_get(&d, id, &c);
    if (!rc)
        rc = door_intake_get(&d, id, &rec);
    if (!rc)
        rc = door_intake_versions(&d, id, &hist, &nhist);
    door_release(&d);
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    bool can_write = req_auth(req)->actor.role == ROLE_CASE_MANAGER && c.phase != CASE_AFGESLOTEN;
    json_t *progress;
    json_t *history = history_view(req, hist, nhist, &progress);
    json_t *ctx =
        json_pack("{s:{s:I, s:s, s:s}, s:{s:I, s:s}, s:b, s:o, s:o, s:b, s:b, s:s}", "case", "id",
                  (json_int_t)c.id, "phase", case_phase_name(c.phase), "phase_label",
                  label("phase", case_phase_name(c.phase)), "resident", "id",
                  (json_int_t)c.resident_id, "name", c.resident_name, "has_intake", rec.version > 0,
                  "intake", record_view(req, &rec), "history", history, "can_write", can_write,
                  "can_add", can_write && rec.version > 0, "attribution", tr("esco.attribution"));
    if (progress)
        json_object_set_new(ctx, "progress", progress);
    if (alert)
        json_object_set_new(ctx, "alert", json_string(alert));
    if (can_write) {
        int search_status = 200;
        json_object_set_new(ctx, "search", search_view(req, &search_status));
        if (status == 200)
            status = search_status;
        struct intake_form saved;
        if (!typed) {
            form_from_record(req, &rec, &saved);
            typed = &saved;
        }
        json_object_set_new(ctx, "form", form_json(req, typed));
        json_t *errors = json_object();
        json_t *summary = json_array();
        for (int f = 0; errs && f < INTAKE_FIELD_COUNT; f++) {
            if (!errs->msg[f])
                continue;
            const char *field = intake_field_name((enum intake_field)f);
            json_object_set_new(errors, field, json_string(tr(errs->msg[f])));
            json_array_append_new(
                summary, json_pack("{s:s, s:s}", "field", field, "message",
                                   arena_printf(&req->arena, "%s: %s", label("intake.field", field),
                                                tr(errs->msg[f]))));
        }
        json_object_set_new(ctx, "errors", errors);
        json_object_set_new(ctx, "error_summary", summary);
    }
    page_render(req, resp, status, "intake",
                arena_printf(&req->arena, "%s %s %lld", tr("intake.title"), tr("case.title"),
                             (long long)c.id),
                ctx);
}

void page_intake(struct request *req, struct response *resp)
{
    render_intake(req, resp, 200, NULL, NULL, NULL);
}

/* A whole number of at most 4 digits; -1 for anything else. */
static int whole_number(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 4 || strspn(s, "0123456789") != n)
        return -1;
    return (int)strtol(s, NULL, 10);
}

/* Reads the posted form into f (as typed) and in; problems that are the
 * form's own (a value no list offers) go to errs. */
static void read_posted(struct request *req, struct intake_form *f, struct intake *in,
                        struct intake_errors *errs)
{
    const struct form *form = page_form(req);
    memset(f, 0, sizeof(*f));
    f->hours = page_field(req, "hours_per_week");
    f->travel = page_field(req, "max_travel_km");
    f->ladder_step = page_field(req, "ladder_step");
    f->measured_on = page_field(req, "ladder_measured_on");
    f->benefit = page_field(req, "benefit");
    f->route = page_field(req, "route");
    f->motivation = page_field(req, "route_motivation");
    in->hours_per_week = whole_number(f->hours);
    if (!*f->hours)
        intake_fail(errs, IF_HOURS_PER_WEEK, "field.required");
    in->max_travel_km = whole_number(f->travel);
    if (!*f->travel)
        intake_fail(errs, IF_MAX_TRAVEL_KM, "field.required");
    in->ladder_step = whole_number(f->ladder_step);
    in->ladder_measured_on = f->measured_on;
    in->benefit = f->benefit;
    in->route_motivation = f->motivation;
    if (!case_route_parse(f->route, &in->route))
        intake_fail(errs, IF_ROUTE, "field.route");
    int pos = 0;
    for (const char *v; (v = form_next(form, "driving_licences", &pos));) {
        enum driving_licence l;
        if (driving_licence_parse(v, &l))
            f->licences |= 1u << l;
        else
            intake_fail(errs, IF_DRIVING_LICENCES, "field.licence");
    }
    pos = 0;
    for (const char *v; (v = form_next(form, "barriers", &pos));) {
        enum intake_barrier b;
        if (intake_barrier_parse(v, &b))
            f->barriers |= 1u << b;
        else
            intake_fail(errs, IF_BARRIERS, "field.barrier");
    }
    in->licences = f->licences;
    in->barriers = f->barriers;
    /* Language rows come as pairs in order; a row without a language is
     * an empty one and left out. */
    int lpos = 0, vpos = 0;
    in->languages = arena_alloc(&req->arena, sizeof(*in->languages) * INTAKE_MAX_LANGUAGES);
    for (const char *code; (code = form_next(form, "language", &lpos));) {
        const char *level = form_next(form, "language_level", &vpos);
        if (!*code)
            continue;
        if (f->nlangs == INTAKE_MAX_LANGUAGES) {
            intake_fail(errs, IF_LANGUAGES, "field.too_many");
            break;
        }
        f->lang_codes[f->nlangs] = code;
        f->lang_levels[f->nlangs++] = level ? level : "";
        struct intake_language *l = &in->languages[in->nlanguages++];
        l->code = code;
        l->level = CEFR_A0;
        if (!level || !cefr_level_parse(level, &l->level))
            intake_fail(errs, IF_LANGUAGES, "field.cefr");
    }
}

static const char *intake_url(struct request *req, const char *flash, const char *anchor)
{
    return arena_printf(&req->arena, "/dossiers/%lld/intake?melding=%s%s",
                        (long long)request_param_id(req, 0), flash, anchor);
}

void page_intake_save(struct request *req, struct response *resp)
{
    int64_t id = request_param_id(req, 0);
    struct intake_form typed;
    struct intake in = {0};
    struct intake_errors errs = {0};
    read_posted(req, &typed, &in, &errs);
    if (errs.count) {
        struct intake copy = in;
        struct date today;
        intake_check(&req->arena, &copy, date_today(&today) ? &today : NULL, &errs);
        render_intake(req, resp, 422, &typed, &errs, NULL);
        return;
    }
    /* The skills and wishes are kept as they are: the ESCO buttons change
     * those. */
    struct door d;
    req_door(req, &d);
    struct intake_record rec;
    int version = 0;
    enum rc rc = door_intake_get(&d, id, &rec);
    if (!rc) {
        in.skills = rec.data.skills;
        in.nskills = rec.data.nskills;
        in.wishes = rec.data.wishes;
        in.nwishes = rec.data.nwishes;
        if (rec.benefit_hidden)
            in.benefit = "";
        rc = door_intake_put(&d, id, &in, &errs, &version);
    }
    door_release(&d);
    if (rc == RC_INVALID && errs.count) {
        render_intake(req, resp, 422, &typed, &errs, NULL);
        return;
    }
    if (rc == RC_CONFLICT) {
        render_intake(req, resp, 409, &typed, NULL, tr("intake.case_closed"));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp, intake_url(req, "intake_opgeslagen", ""));
}

/* Adds (add) or removes an ESCO skill or occupation, as a new version. */
static void change_esco(struct request *req, struct response *resp, bool add)
{
    int64_t id = request_param_id(req, 0);
    bool occupation = strcmp(page_field(req, "soort"), "beroep") == 0;
    const char *uri = page_field(req, "uri");
    enum skill_level level = SKILL_ZELF;
    if (add && !occupation && *page_field(req, "niveau") &&
        !skill_level_parse(page_field(req, "niveau"), &level)) {
        render_intake(req, resp, 422, NULL, NULL, tr("field.skill_level"));
        return;
    }
    struct door d;
    req_door(req, &d);
    struct intake_record rec;
    struct intake_errors errs = {0};
    int version = 0;
    enum rc rc = door_intake_get(&d, id, &rec);
    if (!rc && rec.version == 0)
        rc = RC_CONFLICT;
    if (!rc) {
        struct intake in = rec.data;
        struct arena *a = &req->arena;
        /* Copy the list being changed: one more for an addition. */
        if (occupation) {
            in.wishes = arena_alloc(a, sizeof(*in.wishes) * (size_t)(in.nwishes + 1));
            in.nwishes = 0;
            bool there = false;
            for (int i = 0; i < rec.data.nwishes; i++) {
                there = there || strcmp(rec.data.wishes[i], uri) == 0;
                if (add || strcmp(rec.data.wishes[i], uri) != 0)
                    in.wishes[in.nwishes++] = rec.data.wishes[i];
            }
            if (add && !there)
                in.wishes[in.nwishes++] = uri;
        } else {
            in.skills = arena_alloc(a, sizeof(*in.skills) * (size_t)(in.nskills + 1));
            in.nskills = 0;
            bool there = false;
            for (int i = 0; i < rec.data.nskills; i++) {
                struct intake_skill s = rec.data.skills[i];
                if (strcmp(s.uri, uri) == 0) {
                    there = true;
                    if (!add)
                        continue;
                    s.level = level; /* adding it again sets its level */
                }
                in.skills[in.nskills++] = s;
            }
            if (add && !there)
                in.skills[in.nskills++] = (struct intake_skill){uri, level};
        }
        rc = door_intake_put(&d, id, &in, &errs, &version);
    }
    door_release(&d);
    if (rc == RC_INVALID && errs.count) {
        enum intake_field f = occupation ? IF_WISHES : IF_SKILLS;
        render_intake(req, resp, 422, NULL, NULL,
                      tr(errs.msg[f] ? errs.msg[f] : "intake.esco_failed"));
        return;
    }
    if (rc == RC_CONFLICT) {
        render_intake(req, resp, 409, NULL, NULL,
                      tr(rec.version == 0 ? "intake.save_first" : "intake.case_closed"));
        return;
    }
    if (rc) {
        page_rc_error(req, resp, rc);
        return;
    }
    page_redirect(req, resp,
                  intake_url(req, add ? "esco_toegevoegd" : "esco_verwijderd",
                             occupation ? "#werkwensen" : "#vaardigheden"));
}

void page_intake_esco_add(struct request *req, struct response *resp)
{
    change_esco(req, resp, true);
}

void page_intake_esco_remove(struct request *req, struct response *resp)
{
    change_esco(req, resp, false);
}
