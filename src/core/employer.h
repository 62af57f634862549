/* Employers and the workplaces they offer: the pure rules. The store
 * (src/store/network.c) applies them; the catalogue has the Dutch labels
 * (vacancy_kind.<name>, pso_level.<name>). No I/O. */
#ifndef WR_EMPLOYER_H
#define WR_EMPLOYER_H

#include <stdbool.h>

/* PSO-trede: the Prestatieladder Socialer Ondernemen. */
enum pso_level { PSO_NONE, PSO_AANLOOP, PSO_TREDE1, PSO_TREDE2, PSO_TREDE3, PSO_KOPLOPER, PSO_COUNT };

enum vacancy_kind {
    VACANCY_REGULIER,
    VACANCY_DETACHERING,
    VACANCY_WERKERVARINGSPLAATS,
    VACANCY_PROEFPLAATSING,
    VACANCY_BESCHUT,
    VACANCY_KIND_COUNT
};

enum vacancy_status { VACANCY_OPEN, VACANCY_GESLOTEN, VACANCY_STATUS_COUNT };

#define EMPLOYER_NAME_MAX 200    /* characters */
#define EMPLOYER_TEXT_MAX 2000   /* notes, description */
#define VACANCY_TITLE_MAX 200    /* characters */
#define VACANCY_PLACES_MAX 999
#define VACANCY_SKILLS_MAX 200   /* essential and optional together */

const char *pso_level_name(enum pso_level l);
bool pso_level_parse(const char *name, enum pso_level *out);
const char *vacancy_kind_name(enum vacancy_kind k);
bool vacancy_kind_parse(const char *name, enum vacancy_kind *out);
const char *vacancy_status_name(enum vacancy_status s);
bool vacancy_status_parse(const char *name, enum vacancy_status *out);

/* kvk_valid accepts exactly eight ASCII digits, not all zero, after
 * removing spaces and dots ("1234 5678", "12.345.678"); out receives the
 * eight digits. KvK numbers have had no check digit since 2008, so the
 * shape is all that can be checked. */
bool kvk_valid(const char *in, char out[9]);

/* sbi_valid: an SBI 2008 code is 2 to 5 digits ("4711", "56101"). */
bool sbi_valid(const char *code);

#endif
