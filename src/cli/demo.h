/* The demo region: municipalities, organisations, users and residents with
 * cases and notes, for trying Werkroute out. The region is arbeidsmarktregio
 * AM23 Drechtsteden, read from the reference data (refdata.h). */
#ifndef WR_DEMO_H
#define WR_DEMO_H

#include <stdint.h>
#include <stdio.h>

#include "rc.h"
#include "store.h"

/* demo_fill fills store, which has the schema (store_migrate ran) and no
 * residents yet, from the reference data in data_dir: the 7 municipalities
 * of Drechtsteden, four organisations, the demo users (user admin only when
 * it does not exist yet; `werkroute init` may have made it), 2,000
 * residents with cases in every phase and journal notes. Every demo user
 * gets password; password_init() must have run. Residents, cases and notes
 * are written through the door (door.h) as the municipality's klantmanager,
 * so every write is audited. The same seed gives the same region. Prints the
 * users, the password and the counts to out.
 *
 * Errors (a message on stderr): RC_CONFLICT when residents already exist or
 * a demo user or organisation is taken; RC_IO for a missing data file;
 * RC_INVALID for malformed reference data or a region that is not as
 * expected; else what the store returned. The directory (municipalities,
 * organisations, users) is written in one transaction; residents, cases and
 * notes commit one by one, so a failure among them leaves those made so
 * far. */
enum rc demo_fill(struct store *store, const char *data_dir, const char *password, uint64_t seed,
                  FILE *out);

#endif
