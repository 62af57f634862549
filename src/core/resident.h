/* A resident (inwoner) and the checks on what a professional types for one.
 * Pure logic: the same checks serve the pages and the API. */
#ifndef WR_RESIDENT_H
#define WR_RESIDENT_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

struct resident {
    int64_t id;
    const char *bsn;
    const char *first_name;
    const char *prefix; /* tussenvoegsel, "" when none */
    const char *last_name;
    const char *birth_date; /* YYYY-MM-DD */
    const char *postcode;   /* "1234 AB" */
    int pc4;
    const char *municipality; /* CBS code "GM0505" */
    const char *municipality_name;
    const char *email;
    const char *phone;
    const char *created_at;
    const char *updated_at;
};

enum resident_field {
    RF_BSN,
    RF_FIRST_NAME,
    RF_PREFIX,
    RF_LAST_NAME,
    RF_BIRTH_DATE,
    RF_POSTCODE,
    RF_MUNICIPALITY,
    RF_EMAIL,
    RF_PHONE,
    RF_COUNT
};

/* One message key (see the catalogue) per field that failed, NULL when fine. */
struct field_errors {
    const char *msg[RF_COUNT];
    int count;
};

/* resident_field_name is the API/form name of a field, e.g. "first_name". */
const char *resident_field_name(enum resident_field f);

/* resident_normalize checks and cleans r in place (trims, canonical postcode
 * and its pc4; NULL optional fields become ""), allocating in a. Errors go to
 * errs as message keys such as "field.bsn"; returns true when there are none.
 * It does not check that the municipality exists or is the caller's. */
bool resident_normalize(struct arena *a, struct resident *r, struct field_errors *errs);

/* resident_display_name is "first prefix last", allocated in a. */
const char *resident_display_name(struct arena *a, const struct resident *r);
/* resident_search_key is the folded text a search matches against. */
const char *resident_search_key(struct arena *a, const struct resident *r);

#endif
