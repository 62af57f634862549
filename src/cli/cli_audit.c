#include "cli_audit.h"

#include <stdlib.h>

#include "audit.h"
#include "banned.h"

enum rc cli_audit_record(struct db *db, const char *action, const char *reason)
{
    /* sudo keeps the name of the person behind root. */
    const char *who = getenv("SUDO_USER");
    if (!who || !*who)
        who = getenv("USER");
    struct audit_entry e = {
        .username = who ? who : "",
        .role = "system",
        .action = action,
        .allowed = true,
        .reason = reason,
        .ip = "",
    };
    enum rc rc = db_begin(db, true);
    if (!rc)
        rc = audit_insert(db, &e);
    if (!rc)
        return db_commit(db);
    db_rollback(db);
    return rc;
}
