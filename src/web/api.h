/* The JSON API under /api/v1: routing, authentication and CSRF for it, and
 * the helpers its handlers share (api_residents.c, api_cases.c, api_admin.c,
 * api_network.c, api_proposals.c, ...). */
#ifndef WR_API_H
#define WR_API_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "http.h"
#include "router.h"

void api_dispatch(struct request *req, struct response *resp);

/* One allowed field of a request object. type is a jansson type; nullable
 * lets JSON null through for optional fields. */
struct api_field {
    const char *name;
    json_type type;
    bool required;
};

/* api_read_object parses the body: Content-Type application/json, a JSON
 * object (strict UTF-8, no duplicate keys), only the listed fields, each of
 * its type, the required ones present. On failure it has written a problem
 * (400/415) to resp and returns NULL. The value lives until the request ends. */
json_t *api_read_object(struct request *req, struct response *resp, const struct api_field *fields,
                        size_t nfields);
/* api_paging reads limit (1..1000, default 50) and offset (>= 0); on a bad
 * value it has written a 400 problem and returns false. */
bool api_paging(struct request *req, struct response *resp, int *limit, int *offset);
/* api_query_id reads query parameter name as an id (1 to 18 digits, no
 * sign): absent leaves *out alone and is true; anything else that is not a
 * positive id writes a 400 problem and returns false. */
bool api_query_id(struct request *req, struct response *resp, const char *name, int64_t *out);
/* api_query_limit reads limit (1..max, default def) and refuses an offset
 * (these lists have no pages); on a bad value it has written a 400 problem
 * and returns false. */
bool api_query_limit(struct request *req, struct response *resp, int def, int max, int *limit);
/* api_list answers {"items": items, "total": total} (items consumed). */
void api_list(struct response *resp, json_t *items, int64_t total);
/* api_field_errors turns field message keys into [{"field", "message"}]. */
json_t *api_field_errors(const struct field_errors *errs);
/* api_door_errors turns the door's field problems into [{"field", "message"}]. */
struct door_field_errors;
json_t *api_door_errors(const struct door_field_errors *errs);
/* api_match_why_json is the explanation of a match: score, distance_km,
 * hours_fit and matched_skills (ESCO concepts with "essential"); not
 * anonymous also filter, wish and missing_skills. */
struct match_why;
json_t *api_match_why_json(const struct match_why *w, bool anonymous);
/* api_string returns the string field or NULL when absent or null. */
const char *api_string(json_t *obj, const char *name);

json_t *resident_json(const struct resident *r);
json_t *case_json(const struct case_file *c);
/* esco_concept_json is {"uri", "label", "label_lang"} and, for an English
 * label, the Dutch "group_label" beside it (esco.h's display rule). */
struct esco_concept;
json_t *esco_concept_json(const struct esco_concept *c);

/* Handlers, by resource. */
void api_sessions_create(struct request *req, struct response *resp);
void api_sessions_delete(struct request *req, struct response *resp);
void api_users_list(struct request *req, struct response *resp);
void api_audit_list(struct request *req, struct response *resp);
void api_openapi(struct request *req, struct response *resp);
void api_residents_list(struct request *req, struct response *resp);
void api_residents_create(struct request *req, struct response *resp);
void api_resident_get(struct request *req, struct response *resp);
void api_resident_patch(struct request *req, struct response *resp);
void api_resident_cases_list(struct request *req, struct response *resp);
void api_resident_cases_create(struct request *req, struct response *resp);
void api_case_get(struct request *req, struct response *resp);
void api_case_transition(struct request *req, struct response *resp);
void api_case_notes_list(struct request *req, struct response *resp);
void api_case_notes_create(struct request *req, struct response *resp);
void api_esco_occupations(struct request *req, struct response *resp);
void api_esco_skills(struct request *req, struct response *resp);
/* Referrals, consents, organisations and tasks (api_referrals.c). */
void api_case_referrals_list(struct request *req, struct response *resp);
void api_case_referrals_create(struct request *req, struct response *resp);
void api_referrals_inbox(struct request *req, struct response *resp);
void api_referral_accept(struct request *req, struct response *resp);
void api_referral_decline(struct request *req, struct response *resp);
void api_referral_end(struct request *req, struct response *resp);
void api_resident_consents_list(struct request *req, struct response *resp);
void api_resident_consents_create(struct request *req, struct response *resp);
void api_consent_revoke(struct request *req, struct response *resp);
void api_organisations_list(struct request *req, struct response *resp);
void api_tasks_list(struct request *req, struct response *resp);
void api_services_list(struct request *req, struct response *resp);
void api_case_plan_get(struct request *req, struct response *resp);
void api_case_plan_put(struct request *req, struct response *resp);
void api_case_plan_agree(struct request *req, struct response *resp);
void api_case_plan_pdf(struct request *req, struct response *resp);
void api_case_intake_get(struct request *req, struct response *resp);
void api_case_intake_put(struct request *req, struct response *resp);
/* Employers, workplaces and matching (api_network.c). */
void api_employers_list(struct request *req, struct response *resp);
void api_employers_create(struct request *req, struct response *resp);
void api_employer_get(struct request *req, struct response *resp);
void api_employer_patch(struct request *req, struct response *resp);
void api_vacancies_list(struct request *req, struct response *resp);
void api_vacancies_create(struct request *req, struct response *resp);
void api_vacancy_get(struct request *req, struct response *resp);
void api_vacancy_patch(struct request *req, struct response *resp);
void api_vacancy_matches(struct request *req, struct response *resp);
void api_resident_matches(struct request *req, struct response *resp);
/* Proposals, placements and availability (api_proposals.c). */
void api_proposals_list(struct request *req, struct response *resp);
void api_proposals_create(struct request *req, struct response *resp);
void api_proposal_get(struct request *req, struct response *resp);
void api_proposal_transition(struct request *req, struct response *resp);
void api_proposal_share(struct request *req, struct response *resp);
void api_placements_list(struct request *req, struct response *resp);
void api_placements_create(struct request *req, struct response *resp);
void api_placement_get(struct request *req, struct response *resp);
void api_placement_check(struct request *req, struct response *resp);
void api_case_availability_get(struct request *req, struct response *resp);
void api_case_availability_put(struct request *req, struct response *resp);

/* The route table, for the OpenAPI consistency test. */
extern const struct route api_routes[];
extern const size_t api_nroutes;

#endif
