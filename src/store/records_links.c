#include "records_links.h"

#include "banned.h"

enum rc records_access_links(struct db *db, int64_t org, int64_t resident_id, int64_t case_id,
                             struct policy_subject *s)
{
    /* One round trip for all four: this runs on every request of a partner. */
    static const char SQL[] =
        "SELECT"
        " coalesce(sum(CASE WHEN f.status = 'geaccepteerd' THEN 1 ELSE 0 END), 0),"
        " coalesce(sum(CASE WHEN f.status = 'aangevraagd' THEN 1 ELSE 0 END), 0),"
        " (SELECT count(*) FROM consents k WHERE k.resident_id = $2 AND k.revoked_at = ''"
        "   AND k.scope = 'dossier_organisatie' AND k.organisation_id = $1),"
        " (SELECT count(*) FROM consents k WHERE k.resident_id = $2 AND k.revoked_at = ''"
        "   AND k.scope = 'profiel_werkgevers'"
        "   AND (k.organisation_id IS NULL OR k.organisation_id = $1))"
        " FROM referrals f JOIN cases c ON c.id = f.case_id"
        " WHERE f.organisation_id = $1 AND c.resident_id = $2 AND (f.case_id = $3 OR $4 = 0)"
        "   AND f.status IN ('geaccepteerd', 'aangevraagd')";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, org);
    db_bind_int(st, 2, resident_id);
    db_bind_int(st, 3, case_id);
    db_bind_int(st, 4, case_id);
    bool row = false;
    rc = db_step(st, &row);
    if (!rc && row) {
        s->referral_active = db_col_int(st, 0) > 0;
        s->referral_pending = db_col_int(st, 1) > 0;
        s->consent_file = db_col_int(st, 2) > 0;
        s->consent_profile = db_col_int(st, 3) > 0;
    }
    db_done(st);
    return rc;
}
