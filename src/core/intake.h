/* The intake of a case: what a resident can and wants, what stands in the
 * way, where they stand on the participatieladder and the route decided.
 * The fixed lists (barriers, driving licences, CEFR levels, skill levels)
 * and the checks on what a professional enters. Pure logic: the same checks
 * serve the pages and the API; the store resolves the ESCO URIs (an unknown
 * one is its error to report). Names are the Dutch words stored in the
 * database and used in the API; the texts people read are in the message
 * catalogue (barrier.<name>, ladder.<step>, skill_level.<name>). */
#ifndef WR_INTAKE_H
#define WR_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "case_phase.h"
#include "date.h"

#define INTAKE_HOURS_MAX 60
#define INTAKE_TRAVEL_KM_MAX 300
#define INTAKE_TRAVEL_KM_DEFAULT 25
#define INTAKE_LADDER_MIN 1
#define INTAKE_LADDER_MAX 6
#define INTAKE_MAX_SKILLS 100
#define INTAKE_MAX_WISHES 20
#define INTAKE_MAX_LANGUAGES 20
#define INTAKE_BENEFIT_MAX_CHARS 500
#define INTAKE_MOTIVATION_MAX_CHARS 2000
#define INTAKE_URI_MAX_CHARS 200
/* The participatieladder is measured at least twice a year. */
#define INTAKE_LADDER_MAX_AGE_MONTHS 6

enum intake_barrier {
    BARRIER_TAAL,
    BARRIER_SCHULDEN,
    BARRIER_GEZONDHEID,
    BARRIER_ZORGTAKEN,
    BARRIER_VERVOER,
    BARRIER_HUISVESTING,
    BARRIER_VERSLAVING,
    BARRIER_JUSTITIE,
    BARRIER_PSYCHISCH,
    BARRIER_DIGITALE_VAARDIGHEDEN,
    INTAKE_BARRIER_COUNT
};

enum driving_licence {
    LICENCE_AM,
    LICENCE_A,
    LICENCE_B,
    LICENCE_BE,
    LICENCE_C,
    LICENCE_CE,
    LICENCE_D,
    DRIVING_LICENCE_COUNT
};

/* CEFR language levels, with A0 for "no knowledge yet". */
enum cefr_level { CEFR_A0, CEFR_A1, CEFR_A2, CEFR_B1, CEFR_B2, CEFR_C1, CEFR_C2, CEFR_COUNT };

/* How a skill is known: the resident says so, or a professional saw it. */
enum skill_level { SKILL_ZELF, SKILL_WAARGENOMEN, SKILL_LEVEL_COUNT };

struct intake_skill {
    const char *uri; /* ESCO skill URI */
    enum skill_level level;
};

struct intake_language {
    const char *code; /* ISO 639-1: two lower-case letters */
    enum cefr_level level;
};

/* One intake as entered. licences and barriers are bit sets: bit 1u << x
 * for each enum value x. */
struct intake {
    int hours_per_week;
    int max_travel_km;
    unsigned licences;
    unsigned barriers;
    int ladder_step;
    const char *ladder_measured_on; /* YYYY-MM-DD */
    const char *benefit;            /* uitkering and income details; "" when none */
    enum case_route route;
    const char *route_motivation; /* required when route is set */
    struct intake_skill *skills;
    int nskills;
    const char **wishes; /* ESCO occupation URIs */
    int nwishes;
    struct intake_language *languages;
    int nlanguages;
};

enum intake_field {
    IF_HOURS_PER_WEEK,
    IF_MAX_TRAVEL_KM,
    IF_DRIVING_LICENCES,
    IF_BARRIERS,
    IF_LADDER_STEP,
    IF_LADDER_MEASURED_ON,
    IF_BENEFIT,
    IF_ROUTE,
    IF_ROUTE_MOTIVATION,
    IF_SKILLS,
    IF_WISHES,
    IF_LANGUAGES,
    INTAKE_FIELD_COUNT
};

/* One message key (see the catalogue) per field that failed, NULL when fine. */
struct intake_errors {
    const char *msg[INTAKE_FIELD_COUNT];
    int count;
};

/* intake_field_name is the API/form name of a field, e.g. "ladder_step". */
const char *intake_field_name(enum intake_field f);

/* intake_fail records key for field f unless it already has an error. */
void intake_fail(struct intake_errors *errs, enum intake_field f, const char *key);

/* The names of the fixed lists: static strings, NULL outside the enum. The
 * parse functions take the exact name and return false, leaving *out
 * untouched, for NULL or an unknown name. */
const char *intake_barrier_name(enum intake_barrier b);
bool intake_barrier_parse(const char *name, enum intake_barrier *out);
const char *driving_licence_name(enum driving_licence l);
bool driving_licence_parse(const char *name, enum driving_licence *out);
const char *cefr_level_name(enum cefr_level l);
bool cefr_level_parse(const char *name, enum cefr_level *out);
const char *skill_level_name(enum skill_level l);
bool skill_level_parse(const char *name, enum skill_level *out);

/* intake_language_code_valid: exactly two ASCII lower-case letters. */
bool intake_language_code_valid(const char *code);

/* intake_set_format writes the names of the bits set in set, in enum order,
 * joined by commas ("B,BE"), into a: how the store keeps them.
 * intake_set_parse reads that form back ("" is the empty set); false for
 * an unknown or repeated name. name_of is intake_barrier_name-like: it
 * maps 0..count-1 to names. */
const char *intake_set_format(struct arena *a, unsigned set, const char *(*name_of)(int),
                              int count);
bool intake_set_parse(const char *text, const char *(*name_of)(int), int count, unsigned *out);
/* Adapters of the name functions for intake_set_format/parse. */
const char *intake_barrier_name_i(int i);
const char *driving_licence_name_i(int i);

/* intake_check checks in (allocating cleaned strings in a): hours 0..60,
 * travel 0..300 km, only known licence and barrier bits, ladder step 1..6,
 * ladder_measured_on a valid date not after today, benefit and motivation
 * clean text of bounded length (NULL becomes ""), a motivation whenever a
 * route is set, at most the maximum number of skills, wishes and languages,
 * each a clean URI or code that is there once. Errors go to errs (which it
 * adds to; clear it first) as message keys; returns true when errs has
 * none. Whether the URIs name ESCO concepts is for the store to say. */
bool intake_check(struct arena *a, struct intake *in, const struct date *today,
                  struct intake_errors *errs);

/* intake_ladder_outdated tells whether a measurement on measured_on is more
 * than INTAKE_LADDER_MAX_AGE_MONTHS before today (a measurement of 15
 * January is due on 15 July and outdated from 16 July); false when
 * measured_on is not a valid date. */
bool intake_ladder_outdated(const char *measured_on, const struct date *today);

#endif
