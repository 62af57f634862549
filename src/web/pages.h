/* The HTML pages for professionals and residents: routing, login, and the
 * helpers the page handlers share (pages_residents.c, pages_cases.c,
 * pages_admin.c). Every POST carries the session's CSRF token. */
#ifndef WR_PAGES_H
#define WR_PAGES_H

#include <jansson.h>

#include "app.h"
#include "form.h"
#include "http.h"

void pages_dispatch(struct request *req, struct response *resp);

/* The posted form of this request, parsed and CSRF-checked by the dispatcher. */
const struct form *page_form(struct request *req);
/* page_field returns a posted field or "" when absent. */
const char *page_field(struct request *req, const char *name);
/* page_date_nl formats an ISO timestamp or date for people, in the arena. */
const char *page_date_nl(struct request *req, const char *iso);
/* page_redirect answers 303 to location (a path on this site). */
void page_redirect(struct request *req, struct response *resp, const char *location);
/* page_rc_error renders the error page that fits rc. */
void page_rc_error(struct request *req, struct response *resp, enum rc rc);
/* page_csrf is the session's CSRF token, for forms. */
const char *page_csrf(struct request *req);

void page_home(struct request *req, struct response *resp);
void page_residents(struct request *req, struct response *resp);
void page_resident_new(struct request *req, struct response *resp);
void page_resident_create(struct request *req, struct response *resp);
void page_resident(struct request *req, struct response *resp);
void page_resident_edit(struct request *req, struct response *resp);
void page_resident_update(struct request *req, struct response *resp);
void page_case_open(struct request *req, struct response *resp);
void page_case(struct request *req, struct response *resp);
void page_case_transition(struct request *req, struct response *resp);
void page_case_note(struct request *req, struct response *resp);
void page_intake(struct request *req, struct response *resp);
void page_intake_save(struct request *req, struct response *resp);
void page_intake_esco_add(struct request *req, struct response *resp);
void page_intake_esco_remove(struct request *req, struct response *resp);
void page_users(struct request *req, struct response *resp);
void page_user_create(struct request *req, struct response *resp);
void page_user_status(struct request *req, struct response *resp);
void page_audit(struct request *req, struct response *resp);
/* Referrals, consents and tasks (pages_referrals.c). */
void page_case_referrals(struct request *req, struct response *resp);
void page_case_referral_create(struct request *req, struct response *resp);
void page_referrals(struct request *req, struct response *resp);
void page_referral_accept(struct request *req, struct response *resp);
void page_referral_decline(struct request *req, struct response *resp);
void page_referral_end(struct request *req, struct response *resp);
void page_tasks(struct request *req, struct response *resp);
void page_partner_home(struct request *req, struct response *resp);
void page_resident_consents(struct request *req, struct response *resp);
void page_resident_consent_create(struct request *req, struct response *resp);
void page_consent_revoke(struct request *req, struct response *resp);
/* page_case_referral_rows lists the case's referrals for the case page
 * (empty for roles that do not work with referrals). */
json_t *page_case_referral_rows(struct request *req, struct door *d, int64_t case_id);
/* page_task_counts: the start page's cards, one per task kind of the role. */
json_t *page_task_counts(struct request *req);
/* page_resident_consents_section adds "consents" to the resident page's
 * ctx for a klantmanager or the resident; nothing for anyone else. */
enum rc page_resident_consents_section(struct request *req, int64_t resident_id, json_t *ctx);
void page_plan(struct request *req, struct response *resp);
void page_plan_pdf(struct request *req, struct response *resp);
void page_plan_goal(struct request *req, struct response *resp);
void page_plan_activity(struct request *req, struct response *resp);
void page_plan_activity_change(struct request *req, struct response *resp);
void page_plan_agreement(struct request *req, struct response *resp);
void page_services(struct request *req, struct response *resp);
void page_service_create(struct request *req, struct response *resp);
void page_service(struct request *req, struct response *resp);
void page_service_update(struct request *req, struct response *resp);
void page_service_terms(struct request *req, struct response *resp);
void page_service_terms_end(struct request *req, struct response *resp);
/* The employer network (pages_network.c). */
void page_employers(struct request *req, struct response *resp);
void page_employer_create(struct request *req, struct response *resp);
void page_employer(struct request *req, struct response *resp);
void page_employer_update(struct request *req, struct response *resp);
void page_vacancies(struct request *req, struct response *resp);
void page_vacancy_new(struct request *req, struct response *resp);
void page_vacancy_create(struct request *req, struct response *resp);
void page_vacancy_edit(struct request *req, struct response *resp);
void page_vacancy_update(struct request *req, struct response *resp);
void page_vacancy_skill_add(struct request *req, struct response *resp);
void page_vacancy_skill_remove(struct request *req, struct response *resp);
/* page_vacancy_skill_search: the ESCO skill search of the workplace page
 * (query q), as the template shows it; *status becomes 400 for a bad query. */
json_t *page_vacancy_skill_search(struct request *req, int *status);
/* Matching, proposals, placements and the start pages of the employer
 * adviser and the employer (pages_matching.c). */
void page_vacancy(struct request *req, struct response *resp);
void page_proposal_create(struct request *req, struct response *resp);
void page_case_work(struct request *req, struct response *resp);
void page_availability_confirm(struct request *req, struct response *resp);
void page_proposals(struct request *req, struct response *resp);
void page_proposal(struct request *req, struct response *resp);
void page_proposal_step(struct request *req, struct response *resp);
void page_proposal_share(struct request *req, struct response *resp);
void page_placement_create(struct request *req, struct response *resp);
void page_placements(struct request *req, struct response *resp);
void page_placement(struct request *req, struct response *resp);
void page_placement_check(struct request *req, struct response *resp);
void page_adviser_home(struct request *req, struct response *resp);
void page_employer_home(struct request *req, struct response *resp);

#endif
