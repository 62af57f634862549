/* What the pages of the employer network, matching, proposals and
 * placements share (pages_network.c, pages_matching.c): Dutch labels of
 * their enums, field problems as the error summary shows them, an ESCO
 * concept and a match explanation as the templates show them, and whole
 * numbers and ids from forms. */
#ifndef WR_WORK_WEB_H
#define WR_WORK_WEB_H

#include <jansson.h>

#include "app.h"
#include "door_match.h"
#include "door_proposal.h"
#include "network.h"

/* work_label is the catalogue text of "prefix.name"; "" for an empty name. */
const char *work_label(const char *prefix, const char *name);

/* work_errors turns errs into {"by_id": {id: message}, "summary": [...]}
 * (new reference), ids prefixed ("werkgever-kvk", "werkgever-contacts-0-email"
 * for contacts[0].email). */
json_t *work_errors(struct request *req, const char *prefix, const struct door_field_errors *errs);

/* An ESCO concept as esco_label.html shows it (new reference). */
json_t *work_concept(const struct esco_concept *c);

/* work_why explains a match in plain Dutch for match_why.html (new
 * reference): score, distance, hours, wish, the skills by label. */
json_t *work_why(struct request *req, const struct match_why *w);

/* work_number reads a whole number of at most 6 digits; -1 for anything
 * else, def for "". */
int work_number(const char *s, int def);
/* work_id reads a posted or queried id; 0 for none or garbage. */
int64_t work_id(const char *s);
/* work_query is the query parameter name, "" when absent or invalid. */
const char *work_query(struct request *req, const char *name);

/* work_is_professional: the employer adviser or the klantmanager, who see
 * matches and propose. */
bool work_is_professional(struct request *req);

#endif
