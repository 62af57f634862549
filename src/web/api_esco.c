/* /api/v1/esco/occupations and /api/v1/esco/skills: pick an ESCO
 * occupation or skill by typing a few letters of any of its labels (esco.h).
 * ESCO is reference data, not personal data, so these do not pass the door
 * and are not audited; still only logged-in professionals ask, as only
 * they fill in the forms that use them. Every answer names ESCO as its
 * source, as its licence asks. */
#include <string.h>

#include "api.h"
#include "esco.h"
#include "banned.h"

/* Residents and employers pick nothing from ESCO through the API. */
static bool is_professional(const struct auth *au)
{
    return au->user.role != ROLE_RESIDENT && au->user.role != ROLE_EMPLOYER;
}

json_t *esco_concept_json(const struct esco_concept *c)
{
    json_t *item =
        json_pack("{s:s, s:s, s:s}", "uri", c->uri, "label", c->label, "label_lang", c->label_lang);
    /* An English label is shown with the Dutch name of its group. */
    if (strcmp(c->label_lang, "en") == 0 && *c->group_label)
        json_object_set_new(item, "group_label", json_string(c->group_label));
    return item;
}

static void search(struct request *req, struct response *resp, enum esco_kind kind)
{
    if (!is_professional(req_auth(req))) {
        api_problem(resp, 403, tr("esco.forbidden"), NULL);
        return;
    }
    int limit, offset;
    if (!api_paging(req, resp, &limit, &offset))
        return;
    const char *q = NULL;
    enum rc rc = request_query_get(req, "q", &q);
    if (rc == RC_NOT_FOUND || (!rc && !esco_query_check(q))) {
        api_problem(resp, 400, tr("esco.query"), NULL);
        return;
    }
    if (rc) {
        api_problem(resp, 400, tr("error.bad_query"), NULL);
        return;
    }
    struct app *app = req_app(req);
    struct db *db = store_acquire(app->store);
    struct esco_concept *list;
    int n;
    int64_t total;
    rc = esco_search(db, &req->arena, kind, q, limit, offset, &list, &n, &total);
    store_release(app->store, db);
    if (rc == RC_INVALID) {
        api_problem(resp, 400, tr("esco.query"), NULL);
        return;
    }
    if (rc) {
        api_problem_rc(resp, rc);
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, esco_concept_json(&list[i]));
    api_json(resp, 200,
             json_pack("{s:o, s:I, s:s}", "items", items, "total", (json_int_t)total, "attribution",
                       ESCO_ATTRIBUTION));
}

void api_esco_occupations(struct request *req, struct response *resp)
{
    search(req, resp, ESCO_OCCUPATION);
}

void api_esco_skills(struct request *req, struct response *resp)
{
    search(req, resp, ESCO_SKILL);
}
