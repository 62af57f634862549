/* The intakes of the demo region (src/cli/demo_intake.c). */
#ifndef WR_DEMO_INTAKE_H
#define WR_DEMO_INTAKE_H

#include <stdint.h>
#include <stdio.h>

#include "rc.h"
#include "store.h"

/* demo_intake_fill gives every open case from phase plan on an intake,
 * written through the door as the klantmanager who holds the case: work
 * wishes, skills from ESCO's relations of the first wish (ESCO must be
 * loaded), languages, hours, barriers, a route with its motivation, and
 * for most an older version with a lower ladder step. Prints a count to
 * out. Errors: what the door or store returned (a message on stderr). */
enum rc demo_intake_fill(struct store *store, uint64_t seed, FILE *out);

#endif
