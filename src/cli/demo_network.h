/* The demo's employer network (issue 5), made after the intakes. */
#ifndef WR_DEMO_NETWORK_H
#define WR_DEMO_NETWORK_H

#include <stdint.h>
#include <stdio.h>

#include "rc.h"
#include "store.h"

/* demo_network loads the PC4 centres from data_dir, adds six employers of
 * the Drechtsteden (two of them the demo's employer organisations) with
 * three workplaces each in the occupations the demo residents wish for,
 * confirms the availability of every case on a route to work (10 %
 * expiring within two weeks, 10 % expired), and, as the employer adviser
 * wgadviseur, proposes the best candidate for six workplaces: one named
 * for the employer, one anonymous, one rejected, one on trial, and two
 * placed (one's 6-month check due within days, one's done); and proposes
 * own_resident (the demo user inwoner's resident, 0 for none) for their
 * best workplace, so they see it on their page. Prints a line of counts. */
enum rc demo_network(struct store *store, const char *data_dir, uint64_t seed,
                     int64_t own_resident, FILE *out);

#endif
