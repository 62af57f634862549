/* The demo region: municipalities, organisations, users and residents with
 * cases and notes, for trying Werkroute out. */
#ifndef WR_DEMO_H
#define WR_DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "rc.h"
#include "store.h"

/* demo_fill fills store (schema present, no residents yet) from the
 * reference data in data_dir; every demo user gets password. Deterministic
 * for a seed. Prints the users and counts to out. */
enum rc demo_fill(struct store *store, const char *data_dir, const char *password, uint64_t seed,
                  FILE *out);

#endif
