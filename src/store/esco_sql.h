/* How SQL elsewhere in the store shows ESCO concepts beside its own rows
 * (an intake's skills and wishes, a vacancy's occupation): select these
 * columns first, join these tables, and read each row with
 * esco_concept_read, so every list applies the same display rule as the
 * search (esco.h: the Dutch label, else the English one with the Dutch
 * label of its group). Private to src/store. */
#ifndef WR_ESCO_SQL_H
#define WR_ESCO_SQL_H

#include "esco.h"

/* Columns 0..ESCO_CONCEPT_NCOLUMNS-1 of a row about occupation o (joined
 * with ESCO_OCCUPATION_JOIN) or skill s (joined with ESCO_SKILL_JOIN). */
#define ESCO_OCCUPATION_COLUMNS                                                                    \
    "o.id, o.uri, o.label_nl, o.label_en, coalesce(i.label_nl, ''), o.code, o.isco_code, ''"
#define ESCO_OCCUPATION_JOIN " LEFT JOIN esco_isco_groups i ON i.code = o.isco_code"
#define ESCO_SKILL_COLUMNS                                                                         \
    "s.id, s.uri, s.label_nl, s.label_en, coalesce(g.label_nl, ''), '', '', s.skill_type"
#define ESCO_SKILL_JOIN " LEFT JOIN esco_skill_groups g ON g.id = s.group_id"
#define ESCO_CONCEPT_NCOLUMNS 8

struct db_stmt;

/* esco_concept_read fills c from columns 0..ESCO_CONCEPT_NCOLUMNS-1 of the
 * current row of st, the strings copied into a; relation is "". */
void esco_concept_read(struct arena *a, struct db_stmt *st, struct esco_concept *c);

#endif
