/* The service catalogue (dienstencatalogus): what providers offer and on
 * which terms each municipality buys it. Reference data about
 * organisations, not about residents, so it does not pass the door; the
 * web layer lets the functional administrator change it and every
 * professional read it. What is spent and which places are in use are
 * sums over all plans of a municipality, never one resident's data. */
#ifndef WR_CATALOGUE_H
#define WR_CATALOGUE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "plan.h"
#include "rc.h"

#define SERVICE_NAME_MAX_CHARS 100
#define SERVICE_TARGET_GROUP_MAX_CHARS 100
#define SERVICE_DESCRIPTION_MAX_CHARS 2000
#define TERMS_MAX_PRICE_CENTS 1000000000LL    /* € 10 million per unit */
#define TERMS_MAX_BUDGET_CENTS 100000000000LL /* € 1 billion a year */
#define TERMS_MAX_PLACES 100000
#define TERMS_ORDERED_BY_MAX 200

/* A municipality's terms with what it committed this calendar year (the
 * cost of the activities of the current plans that start in that year)
 * and the places in use (activities gepland or lopend). */
struct catalogue_terms {
    struct service_terms terms;
    const char *municipality_name;
    int64_t spent_cents;
    int64_t places_used;
};

struct service {
    int64_t id;
    int64_t provider_id;
    const char *provider_name;
    const char *name;
    enum service_kind kind;
    enum service_unit unit;
    const char *target_group; /* for a Plusdienst: the group it is for */
    const char *description;
    bool active;
    struct catalogue_terms *terms; /* ordered by municipality name */
    int nterms;
};

/* catalogue_list returns the services with their terms, ordered by provider
 * and name, spending counted for year. municipality "" or NULL: every
 * service with all its terms; a code: only the services that municipality
 * buys, with its terms alone. Inactive services only with include_inactive. */
enum rc catalogue_list(struct db *db, struct arena *a, const char *municipality,
                       bool include_inactive, int year, struct service **out, int *n);
/* catalogue_get returns one service with all its terms; RC_NOT_FOUND. */
enum rc catalogue_get(struct db *db, struct arena *a, int64_t id, int year, struct service *out);

/* catalogue_service_check cleans and checks s in place (NULL texts become
 * ""): name 1..100 clean characters, target group up to 100, description
 * up to 2000 (lines allowed), a known kind and unit, a provider id. Problems
 * go to errs (part "", fields "name", "kind", ...); true when none. */
bool catalogue_service_check(struct service *s, struct plan_errors *errs);
/* catalogue_service_create stores s (checked) as active. RC_INVALID when
 * the provider does not exist or is a municipal organisation (errs field
 * "provider_id"); RC_CONFLICT when the provider already offers a service of
 * that name (errs field "name"). */
enum rc catalogue_service_create(struct db *db, struct service *s, struct plan_errors *errs,
                                 int64_t *id);
/* catalogue_service_update replaces name, kind, unit, target group,
 * description and active of s->id (the provider stays): RC_NOT_FOUND, and
 * the errors of create. */
enum rc catalogue_service_update(struct db *db, struct service *s, struct plan_errors *errs);

/* catalogue_terms_check checks terms: a price 0..TERMS_MAX_PRICE_CENTS, a
 * budget 0..TERMS_MAX_BUDGET_CENTS or none, places 0..TERMS_MAX_PLACES or
 * none, ordered_by one or more role names separated by commas. */
bool catalogue_terms_check(const struct service_terms *t, struct plan_errors *errs);
/* catalogue_terms_set adds or replaces the terms of t->service_id for
 * t->municipality: RC_NOT_FOUND for an unknown service, RC_INVALID (errs
 * field "municipality") for an unknown municipality. */
enum rc catalogue_terms_set(struct db *db, const struct service_terms *t, struct plan_errors *errs);
/* catalogue_terms_delete ends a municipality's terms: it no longer buys
 * the service (activities already ordered stay). RC_NOT_FOUND when there
 * were none. */
enum rc catalogue_terms_delete(struct db *db, int64_t service_id, const char *municipality);

#endif
