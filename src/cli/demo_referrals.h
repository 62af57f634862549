/* The demo's referrals and consents (issue 4), made after the residents. */
#ifndef WR_DEMO_REFERRALS_H
#define WR_DEMO_REFERRALS_H

#include <stdio.h>

#include "rc.h"
#include "store.h"

/* demo_referrals refers some of km.dordrecht's cases in phase plan or
 * uitvoering to Drechtwerk through the door, as the klantmanager: three
 * accepted by the demo jobcoach (each with a progress note from her), one
 * accepted and later ended, one awaiting her answer and one declined; and
 * records three consents (one revoked). Prints a line of counts to out.
 * RC_NOT_FOUND (with a message) when the demo users or Drechtwerk are
 * missing or km.dordrecht has too few such cases. */
enum rc demo_referrals(struct store *store, FILE *out);

#endif
