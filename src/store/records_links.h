/* Raw SQL for what ties an organisation to a resident's file: referrals and
 * consents. PRIVATE to the door (see door_internal.h). */
#ifndef WR_RECORDS_LINKS_H
#define WR_RECORDS_LINKS_H

#include "door.h"

/* records_access_links sets the referral and consent flags of s for
 * organisation org on resident_id's case case_id (0: any of their cases). */
enum rc records_access_links(struct db *db, int64_t org, int64_t resident_id, int64_t case_id,
                             struct policy_subject *s);

#endif
