#include "work_web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

const char *work_label(const char *prefix, const char *name)
{
    char key[80];
    if (!name || !*name)
        return "";
    snprintf(key, sizeof(key), "%s.%s", prefix, name);
    return tr(key);
}

/* "contacts[0].email" as "contacts-0-email": a usable element id. */
static const char *field_id(struct request *req, const char *prefix, const char *field)
{
    char *out = arena_alloc(&req->arena, strlen(prefix) + strlen(field) + 2);
    size_t k = 0;
    for (const char *p = prefix; *p; p++)
        out[k++] = *p;
    out[k++] = '-';
    for (const char *p = field; *p; p++) {
        if (*p == ']')
            continue;
        out[k++] = *p == '[' || *p == '.' ? '-' : *p;
    }
    out[k] = '\0';
    return out;
}

json_t *work_errors(struct request *req, const char *prefix, const struct door_field_errors *errs)
{
    json_t *by_id = json_object(), *summary = json_array();
    for (int i = 0; errs && i < errs->count && i < DOOR_MAX_FIELD_ERRORS; i++) {
        const char *id = field_id(req, prefix, errs->e[i].field);
        const char *msg = tr(errs->e[i].msg);
        if (json_object_get(by_id, id))
            continue;
        json_object_set_new(by_id, id, json_string(msg));
        json_array_append_new(summary, json_pack("{s:s, s:s}", "field", id, "message", msg));
    }
    return json_pack("{s:o, s:o}", "by_id", by_id, "summary", summary);
}


json_t *work_concept(const struct esco_concept *c)
{
    return json_pack("{s:s, s:s, s:b, s:s}", "uri", c->uri ? c->uri : "", "label",
                     c->label ? c->label : "", "english",
                     c->label_lang && strcmp(c->label_lang, "en") == 0, "group_label",
                     c->group_label ? c->group_label : "");
}

static json_t *concepts(const struct esco_concept *list, int n)
{
    json_t *out = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(out, work_concept(&list[i]));
    return out;
}

/* 4.25 as "4,3": one decimal, a Dutch comma. */
static const char *decimal_nl(struct request *req, float v)
{
    char *s = arena_printf(&req->arena, "%.1f", (double)v);
    char *dot = strchr(s, '.');
    if (dot)
        *dot = ',';
    return s;
}

json_t *work_why(struct request *req, const struct match_why *w)
{
    int nessential = w->nessential_matched + w->nessential_missing;
    int hours_pct = (int)(w->hours_fit * 100.0f + 0.5f);
    const char *hours = hours_pct >= 100 ? tr("match.hours_fit")
                        : hours_pct <= 0 ? tr("match.hours_none")
                                         : arena_printf(&req->arena, "%s (%d%%)",
                                                        tr("match.hours_partly"), hours_pct);
    const char *essential =
        nessential ? arena_printf(&req->arena, "%d %s %d %s", w->nessential_matched,
                                  tr("match.of"), nessential, tr("match.essential_skills"))
                   : tr("match.no_essential");
    json_t *why = json_pack(
        "{s:i, s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:o}", "score", (int)(w->score + 0.5f),
        "distance", decimal_nl(req, w->distance_km), "hours", hours, "essential", essential,
        "wish", w->wish, "filter",
        w->filter != MATCH_OK && w->filter < MATCH_FILTER_COUNT
            ? work_label("match.filter", match_filter_name(w->filter))
            : "",
        "essential_matched", concepts(w->essential_matched, w->nessential_matched),
        "essential_missing", concepts(w->essential_missing, w->nessential_missing),
        "optional_matched", concepts(w->optional_matched, w->noptional_matched));
    return why;
}

int work_number(const char *s, int def)
{
    size_t n = strlen(s);
    if (n == 0)
        return def;
    if (n > 6 || strspn(s, "0123456789") != n)
        return -1;
    return (int)strtol(s, NULL, 10);
}

int64_t work_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
        return 0;
    return strtoll(s, NULL, 10);
}

const char *work_query(struct request *req, const char *name)
{
    const char *v = NULL;
    return request_query_get(req, name, &v) == RC_OK && v ? v : "";
}

bool work_is_professional(struct request *req)
{
    enum role r = req_auth(req)->actor.role;
    return r == ROLE_EMPLOYER_ADVISER || r == ROLE_CASE_MANAGER;
}
