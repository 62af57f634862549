#include "resident.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "bsn.h"
#include "date.h"
#include "fold.h"
#include "postcode.h"
#include "banned.h"

#define NAME_MAX_CHARS 100
#define CONTACT_MAX_CHARS 200

static const char *const field_names[RF_COUNT] = {
    "bsn",      "first_name",   "prefix", "last_name", "birth_date",
    "postcode", "municipality", "email",  "phone",
};

const char *resident_field_name(enum resident_field f)
{
    return (unsigned)f < RF_COUNT ? field_names[f] : "";
}

static void fail(struct field_errors *errs, enum resident_field f, const char *key)
{
    if (!errs->msg[f]) {
        errs->msg[f] = key;
        errs->count++;
    }
}

static void check_text(struct field_errors *errs, enum resident_field f, const char **value,
                       bool required, size_t max, struct arena *a)
{
    *value = arena_strtrim(a, *value);
    if (!*value || !**value) {
        if (required)
            fail(errs, f, "field.required");
        *value = "";
        return;
    }
    if (strlen(*value) > max * 4 || !text_clean(*value, max))
        fail(errs, f, strlen(*value) > max ? "field.too_long" : "field.text");
}

static bool email_plausible(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && strchr(at + 1, '.') && !strchr(at + 1, '@') && !strchr(s, ' ');
}

static bool phone_plausible(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            digits++;
        else if (!strchr("+-() ", *s))
            return false;
    }
    return digits >= 8 && digits <= 15;
}

bool resident_normalize(struct arena *a, struct resident *r, struct field_errors *errs)
{
    memset(errs, 0, sizeof(*errs));

    r->bsn = arena_strtrim(a, r->bsn);
    if (!r->bsn || !*r->bsn)
        fail(errs, RF_BSN, "field.required");
    else if (!bsn_valid(r->bsn))
        fail(errs, RF_BSN, "field.bsn");

    check_text(errs, RF_FIRST_NAME, &r->first_name, true, NAME_MAX_CHARS, a);
    check_text(errs, RF_PREFIX, &r->prefix, false, 20, a);
    check_text(errs, RF_LAST_NAME, &r->last_name, true, NAME_MAX_CHARS, a);

    struct date birth, today;
    r->birth_date = arena_strtrim(a, r->birth_date);
    if (!r->birth_date || !*r->birth_date)
        fail(errs, RF_BIRTH_DATE, "field.required");
    else if (!date_parse(r->birth_date, &birth) || !date_today(&today) ||
             date_age_years(&birth, &today) < 0 || date_age_years(&birth, &today) > 120)
        fail(errs, RF_BIRTH_DATE, "field.date");

    r->postcode = arena_strtrim(a, r->postcode);
    if (!r->postcode || !*r->postcode) {
        fail(errs, RF_POSTCODE, "field.required");
    } else {
        char canon[8];
        if (postcode_normalize(r->postcode, canon, &r->pc4))
            fail(errs, RF_POSTCODE, "field.postcode");
        else
            r->postcode = arena_strdup(a, canon);
    }

    r->municipality = arena_strtrim(a, r->municipality);
    if (!r->municipality || !*r->municipality)
        fail(errs, RF_MUNICIPALITY, "field.required");
    else if (strlen(r->municipality) != 6 || strncmp(r->municipality, "GM", 2) != 0 ||
             strspn(r->municipality + 2, "0123456789") != 4)
        fail(errs, RF_MUNICIPALITY, "field.municipality");

    check_text(errs, RF_EMAIL, &r->email, false, CONTACT_MAX_CHARS, a);
    if (*r->email && !errs->msg[RF_EMAIL] && !email_plausible(r->email))
        fail(errs, RF_EMAIL, "field.email");
    check_text(errs, RF_PHONE, &r->phone, false, 30, a);
    if (*r->phone && !errs->msg[RF_PHONE] && !phone_plausible(r->phone))
        fail(errs, RF_PHONE, "field.phone");

    return errs->count == 0;
}

const char *resident_display_name(struct arena *a, const struct resident *r)
{
    const char *prefix = r->prefix ? r->prefix : "";
    return arena_printf(a, "%s %s%s%s", r->first_name ? r->first_name : "", prefix,
                        *prefix ? " " : "", r->last_name ? r->last_name : "");
}

const char *resident_search_key(struct arena *a, const struct resident *r)
{
    /* The postcode goes in with and without its space so "3311AB" and
     * "3311 ab" both find it. */
    char compact[8] = "";
    if (r->postcode && strlen(r->postcode) == 7)
        snprintf(compact, sizeof(compact), "%.4s%.2s", r->postcode, r->postcode + 5);
    const char *text = arena_printf(a, "%s %s %s %s %s %s", resident_display_name(a, r),
                                    r->bsn ? r->bsn : "", r->postcode ? r->postcode : "", compact,
                                    r->birth_date ? r->birth_date : "", r->email ? r->email : "");
    const char *key = fold_search_key(a, text);
    return key ? key : "";
}
