/* The audit record of a command that copies every file at once (backup,
 * migrate-store): the privacy officer must see that a full copy was made,
 * when and by which operating-system user. */
#ifndef WR_CLI_AUDIT_H
#define WR_CLI_AUDIT_H

#include "db.h"

/* cli_audit_record writes one allowed entry with role "system" and the
 * action ("store.backup", "store.migrate") and reason given. */
enum rc cli_audit_record(struct db *db, const char *action, const char *reason);

#endif
