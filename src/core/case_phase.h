/* The case state machine: the phases a case (dossier/traject) moves through,
 * the reasons it is closed, and the route decided after intake. The names are
 * the Dutch words stored in the database and used in the API. Pure logic. */
#ifndef WR_CASE_PHASE_H
#define WR_CASE_PHASE_H

#include <stdbool.h>

#include "rc.h"

enum case_phase {
    CASE_AANMELDING, /* registered */
    CASE_INTAKE,
    CASE_PLAN,
    CASE_UITVOERING, /* in progress */
    CASE_NAZORG,     /* aftercare after placement */
    CASE_AFGESLOTEN, /* closed, with a close_reason; final */
    CASE_PHASE_COUNT
};

enum close_reason {
    CLOSE_WERK,
    CLOSE_OPLEIDING,
    CLOSE_VERHUISD,
    CLOSE_ZORG,
    CLOSE_OVERLEDEN,
    CLOSE_ANDERS,
    CLOSE_REASON_COUNT
};

enum case_route {
    ROUTE_NONE, /* not decided yet (before or during intake) */
    ROUTE_WERK,
    ROUTE_ONTWIKKELEN,
    ROUTE_ONDERSTEUNING,
    ROUTE_BESCHUT,
    CASE_ROUTE_COUNT
};

/* case_phase_name returns the static lower-case name ("aanmelding", ...,
 * "afgesloten"), or NULL for a value outside the enum. */
const char *case_phase_name(enum case_phase phase);

/* case_phase_parse sets *out from an exact lower-case name. Returns false,
 * leaving *out untouched, for NULL or an unknown name. */
bool case_phase_parse(const char *name, enum case_phase *out);

/* close_reason_name returns the static name ("werk", "opleiding",
 * "verhuisd", "zorg", "overleden", "anders"), or NULL outside the enum. */
const char *close_reason_name(enum close_reason reason);

/* close_reason_parse sets *out from an exact lower-case name. Returns false,
 * leaving *out untouched, for NULL, "" or an unknown name. */
bool close_reason_parse(const char *name, enum close_reason *out);

/* case_route_name returns the static name: "" for ROUTE_NONE, then "werk",
 * "ontwikkelen", "ondersteuning", "beschut"; NULL outside the enum. */
const char *case_route_name(enum case_route route);

/* case_route_parse sets *out from an exact name; "" parses as ROUTE_NONE.
 * Returns false, leaving *out untouched, for NULL or an unknown name. */
bool case_route_parse(const char *name, enum case_route *out);

/* case_transition_allowed says whether a case may move from one phase to
 * another: one step forward; uitvoering back to plan (plan revised); nazorg
 * back to uitvoering (placement ended early); any open phase straight to
 * afgesloten. Nothing leaves afgesloten, and staying put is not a move. */
bool case_transition_allowed(enum case_phase from, enum case_phase to);

/* case_transition_check validates a requested move with its close reason
 * (NULL or "" meaning none given). Returns RC_INVALID for a phase outside the
 * enum; RC_CONFLICT when the move is not allowed from the current phase
 * (checked before the reason, as it does not depend on it); RC_INVALID when
 * closing without a known reason or when a reason comes with a move that does
 * not close; else RC_OK. */
enum rc case_transition_check(enum case_phase from, enum case_phase to, const char *close_reason);

/* case_phase_next fills out with the phases reachable from `from` and sets
 * *n to their number: the forward step first, then a step back, then
 * afgesloten if not already listed. Nothing (n = 0) for afgesloten or a value
 * outside the enum. */
void case_phase_next(enum case_phase from, enum case_phase out[CASE_PHASE_COUNT], int *n);

#endif
