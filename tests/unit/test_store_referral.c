/* Referrals, consents and the task inbox through the one door
 * (door_referral.c, door_consent.c, door_tasks.c) on a real store, proving
 * the policy of issue 4: a partner sees a file only through an accepted
 * referral to its own organisation (and never another organisation's
 * internal notes), or the resident's consent; pending, declined and ended
 * referrals give nothing; revoking a consent or ending a referral ends the
 * access at the next request; every refusal is audited.
 *
 * The region: Dordrecht (GM0505) and Papendrecht (GM0590). The Sociale
 * Dienst Drechtsteden (municipal) serves both; km works for Dordrecht.
 * Drechtwerk (social work company, both) has jobcoach jc; Werkbedrijf
 * Zuid (social work company, Papendrecht only) has jobcoach jc2; Bouwbedrijf
 * Merwedeoever (employer) has employer emp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "bsn.h"
#include "date.h"
#include "directory.h"
#include "door.h"
#include "door_consent.h"
#include "door_referral.h"
#include "door_tasks.h"
#include "password.h"
#include "resident.h"
#include "store.h"
#include "store_fixture.h"

#include "banned.h"

static struct {
    int64_t org_sd, org_drechtwerk, org_zuid, org_merwede;
    int64_t service_id; /* a Drechtwerk service for plan activities */
    struct who km, jc, jc2, emp;
} fx;

/* Refusals (allowed = 0) in the audit log for username and action. */
static int64_t refusals(const char *username, const char *action)
{
    static const char SQL[] = "SELECT count(*) FROM audit_log WHERE username = $1"
                              " AND action = $2 AND allowed = 0";
    struct db *db = take_db();
    struct db_stmt *st;
    assert_rc(db_prepare(db, SQL, &st), RC_OK);
    db_bind_text(st, 1, username);
    db_bind_text(st, 2, action);
    bool row = false;
    assert_rc(db_step(st, &row), RC_OK);
    assert_true(row);
    int64_t v = db_col_int(st, 0);
    db_done(st);
    give_db();
    return v;
}

/* Audit rows of username about case_id for action with allowed. */
static int64_t audited(const char *username, const char *action, int64_t case_id, int allowed)
{
    static const char SQL[] = "SELECT count(*) FROM audit_log WHERE username = $1"
                              " AND action = $2 AND case_id = $3 AND allowed = $4";
    struct db *db = take_db();
    struct db_stmt *st;
    assert_rc(db_prepare(db, SQL, &st), RC_OK);
    db_bind_text(st, 1, username);
    db_bind_text(st, 2, action);
    db_bind_int(st, 3, case_id);
    db_bind_int(st, 4, allowed);
    bool row = false;
    assert_rc(db_step(st, &row), RC_OK);
    assert_true(row);
    int64_t v = db_col_int(st, 0);
    db_done(st);
    give_db();
    return v;
}

static int64_t make_resident(const char *first, const char *last)
{
    struct resident r = {
        .bsn = next_bsn(),
        .first_name = first,
        .last_name = last,
        .birth_date = "1990-06-01",
        .postcode = "3311 AB",
        .municipality = "GM0505",
    };
    struct field_errors errs;
    assert_rc(door_resident_create(as(&fx.km), &r, &errs), RC_OK);
    return r.id;
}

static int64_t open_case(int64_t resident_id)
{
    struct case_file c;
    assert_rc(door_case_open(as(&fx.km), resident_id, &c), RC_OK);
    return c.id;
}

static void move_case(int64_t case_id, enum case_phase to)
{
    struct case_file c;
    assert_rc(door_case_transition(as(&fx.km), case_id, to, NULL, &c), RC_OK);
}

/* A current plan (version) for case_id with one activity key 1 of the
 * Drechtwerk service, ending on ends_on, agreed or not. */
static void add_plan(int64_t case_id, int version, const char *agreed_on, const char *ends_on)
{
    static const char PLAN_SQL[] =
        "INSERT INTO plans (case_id, version, agreed_on, agreed_how, created_at)"
        " VALUES ($1, $2, $3, $4, '2026-01-05T10:00:00Z') RETURNING id";
    static const char ACT_SQL[] =
        "INSERT INTO plan_activities (plan_id, activity_key, service_id, starts_on, ends_on,"
        " status) VALUES ($1, 1, $2, '2026-01-10', $3, 'lopend')";
    struct db *db = take_db();
    struct db_stmt *st;
    assert_rc(db_prepare(db, PLAN_SQL, &st), RC_OK);
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, version);
    db_bind_text(st, 3, agreed_on);
    db_bind_text(st, 4, *agreed_on ? "handtekening" : "");
    bool row = false;
    assert_rc(db_step(st, &row), RC_OK);
    assert_true(row);
    int64_t plan_id = db_col_int(st, 0);
    db_done(st);
    assert_rc(db_prepare(db, ACT_SQL, &st), RC_OK);
    db_bind_int(st, 1, plan_id);
    db_bind_int(st, 2, fx.service_id);
    db_bind_text(st, 3, ends_on);
    assert_rc(db_step_done(st), RC_OK);
    db_done(st);
    give_db();
}

static struct referral_input to_drechtwerk(void)
{
    return (struct referral_input){.organisation_id = fx.org_drechtwerk,
                                   .purpose = "jobcoaching",
                                   .legal_basis = "Participatiewet art. 7 en 10"};
}

static int64_t refer(int64_t case_id, const struct referral_input *in)
{
    struct referral f;
    struct door_field_errors errs;
    assert_rc(door_referral_create(as(&fx.km), case_id, in, &f, &errs), RC_OK);
    assert_int_equal(errs.count, 0);
    assert_int_equal(f.status, REFERRAL_AANGEVRAAGD);
    assert_int_equal(f.case_id, case_id);
    return f.id;
}

/* What w sees of the file: the resident, the case, its notes. */
static enum rc sees_resident(const struct who *w, int64_t resident_id)
{
    struct resident r;
    return door_resident_get(as(w), resident_id, &r);
}

static enum rc sees_case(const struct who *w, int64_t case_id)
{
    struct case_file c;
    return door_case_get(as(w), case_id, &c);
}

static enum rc sees_notes(const struct who *w, int64_t case_id)
{
    struct note *notes;
    int n;
    return door_note_list(as(w), case_id, &notes, &n);
}

static bool note_listed(const struct who *w, int64_t case_id, const char *text)
{
    struct note *notes;
    int n;
    assert_rc(door_note_list(as(w), case_id, &notes, &n), RC_OK);
    for (int i = 0; i < n; i++)
        if (strcmp(notes[i].text, text) == 0)
            return true;
    return false;
}

static int group_setup(void **state)
{
    (void)state;
    memset(&fx, 0, sizeof(fx));
    if (sfx_open("referral", 31000000))
        return -1;
    struct db *db = store_acquire(sfx.store);
    enum rc rc = add_org(db, "Sociale Dienst Drechtsteden", ORG_MUNICIPAL, SFX_BOTH, 2, &fx.org_sd);
    if (!rc)
        rc = add_org(db, "Drechtwerk", ORG_SOCIAL_WORK_COMPANY, SFX_BOTH, 2, &fx.org_drechtwerk);
    if (!rc)
        rc = add_org(db, "Werkbedrijf Zuid", ORG_SOCIAL_WORK_COMPANY, SFX_ONLY_0590, 1,
                     &fx.org_zuid);
    if (!rc)
        rc = add_org(db, "Bouwbedrijf Merwedeoever", ORG_EMPLOYER, SFX_ONLY_0505, 1,
                     &fx.org_merwede);
    if (!rc)
        rc = add_user(db, &fx.km, "km", NULL, ROLE_CASE_MANAGER, fx.org_sd, SFX_ONLY_0505, 1, 0);
    if (!rc)
        rc = add_user(db, &fx.jc, "jc", NULL, ROLE_JOB_COACH, fx.org_drechtwerk, SFX_BOTH, 2, 0);
    if (!rc)
        rc = add_user(db, &fx.jc2, "jc2", NULL, ROLE_JOB_COACH, fx.org_zuid, SFX_ONLY_0590, 1, 0);
    if (!rc)
        rc = add_user(db, &fx.emp, "emp", NULL, ROLE_EMPLOYER, fx.org_merwede, SFX_ONLY_0505, 1, 0);
    static const char SERVICE_SQL[] =
        "INSERT INTO services (provider_id, name, kind, unit, created_at)"
        " VALUES ($1, 'Jobcoaching op de werkplek', 'jobcoaching', 'uur',"
        " '2026-01-01T00:00:00Z') RETURNING id";
    struct db_stmt *st;
    if (!rc)
        rc = db_prepare(db, SERVICE_SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, fx.org_drechtwerk);
        bool row = false;
        rc = db_step(st, &row);
        fx.service_id = row ? db_col_int(st, 0) : 0;
        db_done(st);
    }
    store_release(sfx.store, db);
    if (rc) {
        fprintf(stderr, "setup failed: %s\n", rc_name(rc));
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    return sfx_close();
}

/* ---- the policy, through the door ---- */

static void test_referral_lifecycle_gives_and_ends_access(void **state)
{
    (void)state;
    int64_t res = make_resident("Yara", "Bakker");
    int64_t cid = open_case(res);
    struct note nt;
    assert_rc(
        door_note_create(as(&fx.km), cid, NOTE_PROFESSIONALS, "Gesprek gehad over werk.", &nt),
        RC_OK);
    assert_rc(door_note_create(as(&fx.km), cid, NOTE_INTERNAL, "Interne afweging uitkering.", &nt),
              RC_OK);

    /* Without a referral the jobcoach sees nothing, and each refusal is audited. */
    int64_t before =
        refusals("jc", "resident.read") + refusals("jc", "case.read") + refusals("jc", "note.read");
    assert_rc(sees_resident(&fx.jc, res), RC_NOT_FOUND);
    assert_rc(sees_case(&fx.jc, cid), RC_NOT_FOUND);
    assert_rc(sees_notes(&fx.jc, cid), RC_NOT_FOUND);
    assert_int_equal(refusals("jc", "resident.read") + refusals("jc", "case.read") +
                         refusals("jc", "note.read"),
                     before + 3);
    assert_int_equal(audited("jc", "case.read", cid, 0), 1);
    struct note *notes;
    int n;
    assert_rc(door_note_create(as(&fx.jc), cid, NOTE_PROFESSIONALS, "Mag niet.", &nt),
              RC_NOT_FOUND);
    struct referral *list;
    assert_rc(door_referral_list_case(as(&fx.jc), cid, &list, &n), RC_NOT_FOUND);

    /* Pending: still nothing of the file, but the referral is in the inbox. */
    int64_t rid =
        refer(cid, &(struct referral_input){.organisation_id = fx.org_drechtwerk,
                                            .purpose = "jobcoaching",
                                            .legal_basis = "Participatiewet art. 7 en 10"});
    assert_rc(sees_resident(&fx.jc, res), RC_NOT_FOUND);
    assert_rc(sees_case(&fx.jc, cid), RC_NOT_FOUND);
    assert_rc(sees_notes(&fx.jc, cid), RC_NOT_FOUND);
    struct referral_inbox inbox;
    assert_rc(door_referral_inbox(as(&fx.jc), 100, &inbox), RC_OK);
    bool found = false;
    for (int i = 0; i < inbox.npending; i++)
        if (inbox.pending[i].id == rid) {
            found = true;
            assert_string_equal(inbox.pending[i].resident_name, "Yara Bakker");
            assert_string_equal(inbox.pending[i].municipality_name, "Dordrecht");
            assert_string_equal(inbox.pending[i].legal_basis, "Participatiewet art. 7 en 10");
            assert_int_equal(inbox.pending[i].purpose, PURPOSE_JOBCOACHING);
        }
    assert_true(found);
    assert_true(audited("jc", "referral.read", cid, 1) >= 1);
    /* Another organisation's jobcoach sees neither the file nor the referral. */
    assert_rc(door_referral_inbox(as(&fx.jc2), 100, &inbox), RC_OK);
    for (int i = 0; i < inbox.npending; i++)
        assert_true(inbox.pending[i].id != rid);
    struct referral f;
    assert_rc(door_referral_get(as(&fx.jc2), rid, &f), RC_NOT_FOUND);
    assert_rc(door_referral_accept(as(&fx.jc2), rid, &f), RC_NOT_FOUND);
    assert_int_equal(audited("jc2", "referral.decide", cid, 0), 1);
    /* The municipality refers; it does not answer for the partner. */
    assert_rc(door_referral_accept(as(&fx.km), rid, &f), RC_FORBIDDEN);
    assert_int_equal(audited("km", "referral.decide", cid, 0), 1);

    /* Accepted: the case and the resident, the professionals' notes, not
     * the municipality's internal ones; and a progress report back. */
    assert_rc(door_referral_accept(as(&fx.jc), rid, &f), RC_OK);
    assert_int_equal(f.status, REFERRAL_GEACCEPTEERD);
    assert_string_equal(f.decided_by, "jc");
    assert_true(*f.decided_at);
    assert_rc(door_referral_accept(as(&fx.jc), rid, &f), RC_CONFLICT);
    assert_rc(door_referral_decline(as(&fx.jc), rid, "Toch niet", &f), RC_CONFLICT);
    assert_rc(sees_resident(&fx.jc, res), RC_OK);
    assert_rc(sees_case(&fx.jc, cid), RC_OK);
    assert_true(note_listed(&fx.jc, cid, "Gesprek gehad over werk."));
    assert_false(note_listed(&fx.jc, cid, "Interne afweging uitkering."));
    assert_rc(door_note_create(as(&fx.jc), cid, NOTE_PROFESSIONALS,
                               "Eerste week op de werkplek goed verlopen.", &nt),
              RC_OK);
    assert_true(note_listed(&fx.km, cid, "Eerste week op de werkplek goed verlopen."));
    assert_rc(door_referral_list_case(as(&fx.jc), cid, &list, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_rc(door_referral_inbox(as(&fx.jc), 100, &inbox), RC_OK);
    found = false;
    for (int i = 0; i < inbox.nactive; i++)
        found = found || inbox.active[i].id == rid;
    assert_true(found);
    /* Still nothing for the other organisation, nor for the employer. */
    assert_rc(sees_case(&fx.jc2, cid), RC_NOT_FOUND);
    assert_rc(sees_resident(&fx.jc2, res), RC_NOT_FOUND);
    assert_rc(sees_notes(&fx.jc2, cid), RC_NOT_FOUND);
    assert_rc(sees_case(&fx.emp, cid), RC_NOT_FOUND);

    /* Ended: nothing again, at the very next request. */
    assert_rc(door_referral_end(as(&fx.jc), rid, &f), RC_OK);
    assert_int_equal(f.status, REFERRAL_BEEINDIGD);
    assert_rc(sees_resident(&fx.jc, res), RC_NOT_FOUND);
    assert_rc(sees_case(&fx.jc, cid), RC_NOT_FOUND);
    assert_rc(sees_notes(&fx.jc, cid), RC_NOT_FOUND);
    assert_rc(door_note_create(as(&fx.jc), cid, NOTE_PROFESSIONALS, "Te laat.", &nt), RC_NOT_FOUND);
    assert_rc(door_referral_end(as(&fx.jc), rid, &f), RC_NOT_FOUND);
    assert_rc(door_referral_end(as(&fx.km), rid, &f), RC_CONFLICT);
    assert_int_equal(audited("jc", "case.read", cid, 0), 3);
    assert_rc(door_referral_list_case(as(&fx.km), cid, &list, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].status, REFERRAL_BEEINDIGD);
    assert_string_equal(list[0].ended_by, "jc");
    (void)notes;
}

static void test_declined_referral_gives_nothing(void **state)
{
    (void)state;
    int64_t res = make_resident("Daan", "Visser");
    int64_t cid = open_case(res);
    struct referral_input in = to_drechtwerk();
    in.purpose = "diagnose";
    int64_t rid = refer(cid, &in);
    struct referral f;
    assert_rc(door_referral_decline(as(&fx.jc), rid, "", &f), RC_INVALID);
    assert_rc(door_referral_decline(as(&fx.jc), rid, "   ", &f), RC_INVALID);
    assert_rc(door_referral_decline(as(&fx.jc), rid, "Geen plek tot september.", &f), RC_OK);
    assert_int_equal(f.status, REFERRAL_AFGEWEZEN);
    assert_string_equal(f.decline_reason, "Geen plek tot september.");
    assert_rc(sees_case(&fx.jc, cid), RC_NOT_FOUND);
    assert_rc(sees_resident(&fx.jc, res), RC_NOT_FOUND);
    assert_rc(door_referral_accept(as(&fx.jc), rid, &f), RC_NOT_FOUND);
    assert_rc(door_referral_get(as(&fx.jc), rid, &f), RC_NOT_FOUND);
    /* The klantmanager sees the answer and may refer again. */
    assert_rc(door_referral_get(as(&fx.km), rid, &f), RC_OK);
    assert_string_equal(f.decline_reason, "Geen plek tot september.");
    refer(cid, &in);
}

static void test_referral_create_validation(void **state)
{
    (void)state;
    int64_t res = make_resident("Noor", "Smit");
    int64_t cid = open_case(res);
    struct referral f;
    struct door_field_errors errs;
    struct referral_input in = to_drechtwerk();

    in.purpose = "koffie";
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
    assert_int_equal(errs.count, 1);
    assert_string_equal(errs.e[0].field, "purpose");
    in = to_drechtwerk();
    in.legal_basis = "";
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].field, "legal_basis");
    in.legal_basis = "  ";
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
    in.legal_basis = "Participatiewet\x01";
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
    static const int64_t bad_orgs[] = {0, 999999};
    for (size_t i = 0; i < 2; i++) {
        in = to_drechtwerk();
        in.organisation_id = bad_orgs[i];
        assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
        assert_string_equal(errs.e[0].field, "organisation_id");
        assert_string_equal(errs.e[0].msg, "referral.error_organisation_unknown");
    }
    /* Not to the municipality itself, not to an employer. */
    int64_t not_partners[] = {fx.org_sd, fx.org_merwede};
    for (size_t i = 0; i < 2; i++) {
        in = to_drechtwerk();
        in.organisation_id = not_partners[i];
        assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
        assert_string_equal(errs.e[0].msg, "referral.error_organisation_kind");
    }
    /* Werkbedrijf Zuid does not work in Dordrecht. */
    in = to_drechtwerk();
    in.organisation_id = fx.org_zuid;
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].msg, "referral.error_organisation_municipality");
    /* Everything wrong at once: each field told. */
    in = (struct referral_input){
        .organisation_id = 424242, .purpose = "", .legal_basis = "", .activity_key = 7};
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
    assert_int_equal(errs.count, 4);
    /* An activity must be in the current plan. */
    in = to_drechtwerk();
    in.activity_key = 1;
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].field, "activity_key");
    add_plan(cid, 1, "", "2026-12-31");
    int64_t act = refer(cid, &in);
    assert_rc(door_referral_get(as(&fx.km), act, &f), RC_OK);
    assert_int_equal(f.activity_key, 1);
    assert_string_equal(f.activity_name, "Jobcoaching op de werkplek");
    /* One open referral per case or activity and organisation. */
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_CONFLICT);
    in.activity_key = 0;
    int64_t whole = refer(cid, &in);
    assert_rc(door_referral_create(as(&fx.km), cid, &in, &f, &errs), RC_CONFLICT);
    /* Withdrawn (ended while pending) it may be made again. */
    assert_rc(door_referral_end(as(&fx.km), whole, &f), RC_OK);
    refer(cid, &in);
    /* Only the klantmanager of the municipality refers; partners do not. */
    assert_rc(door_referral_create(as(&fx.jc), cid, &in, &f, &errs), RC_NOT_FOUND);
    assert_rc(door_referral_create(as(&fx.km), 987654321, &in, &f, &errs), RC_NOT_FOUND);
    /* Nor into a closed case. */
    int64_t closed = open_case(res);
    assert_rc(door_case_transition(as(&fx.km), closed, CASE_AFGESLOTEN, "verhuisd",
                                   &(struct case_file){0}),
              RC_OK);
    assert_rc(door_referral_create(as(&fx.km), closed, &in, &f, &errs), RC_CONFLICT);
}

static void test_partner_decides_only_its_own_referral(void **state)
{
    (void)state;
    /* Two referrals of one case: one to Drechtwerk, accepted; the other to
     * Werkbedrijf Zuid for a Papendrecht resident... here both of the same
     * case to Drechtwerk for two activities. Accepting one does not let the
     * jobcoach decide a referral of another organisation. */
    int64_t res = make_resident("Sem", "de Boer");
    int64_t cid = open_case(res);
    add_plan(cid, 1, "", "2026-12-31");
    struct referral_input in = to_drechtwerk();
    int64_t whole = refer(cid, &in);
    in.activity_key = 1;
    in.purpose = "werkfit";
    int64_t act = refer(cid, &in);
    struct referral f;
    assert_rc(door_referral_accept(as(&fx.jc), whole, &f), RC_OK);
    /* The second, still pending, is answered on its own. */
    assert_rc(door_referral_get(as(&fx.jc), act, &f), RC_OK);
    assert_int_equal(f.status, REFERRAL_AANGEVRAAGD);
    assert_rc(door_referral_decline(as(&fx.jc), act, "Eerst de jobcoaching afronden.", &f), RC_OK);
    /* The accepted whole-case referral still gives access. */
    assert_rc(sees_case(&fx.jc, cid), RC_OK);
    /* The klantmanager ends it: access ends. */
    assert_rc(door_referral_end(as(&fx.km), whole, &f), RC_OK);
    assert_rc(sees_case(&fx.jc, cid), RC_NOT_FOUND);
}

static void test_consent_gives_and_revocation_ends_access(void **state)
{
    (void)state;
    int64_t res = make_resident("Lotte", "Mulder");
    int64_t cid = open_case(res);
    assert_rc(sees_resident(&fx.emp, res), RC_NOT_FOUND);
    assert_rc(sees_case(&fx.emp, cid), RC_NOT_FOUND);
    struct consent k;
    struct door_field_errors errs;
    struct consent_input in = {.scope = "dossier_organisatie",
                               .organisation_id = fx.org_merwede,
                               .given_on = "2026-01-15",
                               .how = "handtekening"};
    /* Partners do not record consents; the klantmanager does. */
    assert_rc(door_consent_create(as(&fx.emp), res, &in, &k, &errs), RC_NOT_FOUND);
    assert_rc(door_consent_create(as(&fx.km), res, &in, &k, &errs), RC_OK);
    assert_int_equal(k.scope, CONSENT_FILE_ORGANISATION);
    assert_string_equal(k.organisation_name, "Bouwbedrijf Merwedeoever");
    assert_string_equal(k.revoked_at, "");
    assert_rc(sees_resident(&fx.emp, res), RC_OK);
    assert_rc(sees_case(&fx.emp, cid), RC_OK);
    /* The consent is for Merwedeoever, not for Drechtwerk. */
    assert_rc(sees_case(&fx.jc, cid), RC_NOT_FOUND);
    struct consent *list;
    int n;
    int64_t kid = k.id;
    assert_rc(door_consent_list(as(&fx.km), res, &list, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, kid);
    assert_rc(door_consent_list(as(&fx.emp), res, &list, &n), RC_NOT_FOUND);

    int64_t before = refusals("emp", "case.read");
    assert_rc(door_consent_revoke(as(&fx.emp), kid, &k), RC_NOT_FOUND);
    assert_rc(door_consent_revoke(as(&fx.km), kid, &k), RC_OK);
    assert_true(*k.revoked_at);
    assert_rc(sees_case(&fx.emp, cid), RC_NOT_FOUND);
    assert_rc(sees_resident(&fx.emp, res), RC_NOT_FOUND);
    assert_int_equal(refusals("emp", "case.read"), before + 1);
    assert_rc(door_consent_revoke(as(&fx.km), kid, &k), RC_CONFLICT);
    assert_rc(door_consent_revoke(as(&fx.km), 987654321, &k), RC_NOT_FOUND);
}

static void test_resident_revokes_own_consent(void **state)
{
    (void)state;
    int64_t res = make_resident("Fenna", "Kok");
    int64_t other = make_resident("Gijs", "Kok");
    struct who self = {0}, stranger = {0};
    struct db *db = take_db();
    assert_rc(add_user(db, &self, "inwoner.fenna", NULL, ROLE_RESIDENT, fx.org_sd, NULL, 0, 0),
              RC_OK);
    give_db();
    /* directory_actor sets own_resident_id from the user; link it here. */
    self.actor.own_resident_id = res;
    stranger = self;
    stranger.username = "inwoner.gijs";
    stranger.actor.own_resident_id = other;
    struct consent k;
    struct door_field_errors errs;
    struct consent_input in = {
        .scope = "profiel_werkgevers", .given_on = "2026-02-01", .how = "mondeling"};
    assert_rc(door_consent_create(as(&fx.km), res, &in, &k, &errs), RC_OK);
    assert_int_equal(k.organisation_id, 0);
    int64_t kid = k.id;
    struct consent *list;
    int n;
    assert_rc(door_consent_list(as(&self), res, &list, &n), RC_OK);
    assert_int_equal(n, 1);
    assert_rc(door_consent_list(as(&stranger), res, &list, &n), RC_NOT_FOUND);
    assert_rc(door_consent_revoke(as(&stranger), kid, &k), RC_NOT_FOUND);
    assert_rc(door_consent_revoke(as(&self), kid, &k), RC_OK);
    assert_true(*k.revoked_at);
}

static void test_consent_validation(void **state)
{
    (void)state;
    int64_t res = make_resident("Ilse", "Vos");
    struct consent k;
    struct door_field_errors errs;
    struct consent_input in = {
        .scope = "dossier_organisatie", .given_on = "2026-01-15", .how = "digitaal"};
    assert_rc(door_consent_create(as(&fx.km), res, &in, &k, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].msg, "consent.error_organisation_required");
    in.organisation_id = fx.org_sd;
    assert_rc(door_consent_create(as(&fx.km), res, &in, &k, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].msg, "consent.error_organisation_municipal");
    in.organisation_id = 999999;
    assert_rc(door_consent_create(as(&fx.km), res, &in, &k, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].msg, "consent.error_organisation_unknown");
    in = (struct consent_input){.scope = "profiel_werkgevers",
                                .organisation_id = fx.org_drechtwerk,
                                .given_on = "2026-01-15",
                                .how = "digitaal"};
    assert_rc(door_consent_create(as(&fx.km), res, &in, &k, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].msg, "consent.error_organisation_employer");
    struct date today;
    assert_true(date_today(&today));
    struct date tomorrow = date_add_days(&today, 1);
    char future[11];
    date_format(&tomorrow, future);
    in = (struct consent_input){.scope = "alles", .given_on = future, .how = "per duif"};
    assert_rc(door_consent_create(as(&fx.km), res, &in, &k, &errs), RC_INVALID);
    assert_int_equal(errs.count, 3);
    in = (struct consent_input){
        .scope = "profiel_werkgevers", .given_on = "2026-02-30", .how = "digitaal"};
    assert_rc(door_consent_create(as(&fx.km), res, &in, &k, &errs), RC_INVALID);
    assert_string_equal(errs.e[0].field, "given_on");
    assert_rc(door_consent_create(as(&fx.km), 987654321, &in, &k, &errs), RC_NOT_FOUND);
    struct consent *list;
    int n;
    assert_rc(door_consent_list(as(&fx.km), res, &list, &n), RC_OK);
    assert_int_equal(n, 0);
}

static int64_t task_count(const struct who *w, enum task_kind kind)
{
    struct task_list t;
    assert_rc(door_tasks(as(w), 0, &t), RC_OK);
    assert_int_equal(t.n, 0);
    return t.count[kind];
}

static bool task_listed(const struct who *w, enum task_kind kind, int64_t case_id)
{
    struct task_list t;
    assert_rc(door_tasks(as(w), 1000, &t), RC_OK);
    for (int i = 0; i < t.n; i++)
        if (t.items[i].kind == kind && t.items[i].case_id == case_id)
            return true;
    return false;
}

static void test_tasks(void **state)
{
    (void)state;
    struct date today;
    assert_true(date_today(&today));
    char soon[11], later[11];
    struct date d = date_add_days(&today, 10);
    date_format(&d, soon);
    d = date_add_days(&today, 40);
    date_format(&d, later);

    int64_t before_plan = task_count(&fx.km, TASK_PLAN_AGREEMENT);
    int64_t before_ending = task_count(&fx.km, TASK_ACTIVITY_ENDING);
    int64_t before_ladder = task_count(&fx.km, TASK_LADDER_DUE);
    int64_t before_declined = task_count(&fx.km, TASK_REFERRAL_DECLINED);
    int64_t before_new = task_count(&fx.jc, TASK_REFERRAL_NEW);

    int64_t res = make_resident("Tess", "Hendriks");
    int64_t cid = open_case(res);
    move_case(cid, CASE_INTAKE);
    /* In intake without a ladder measurement: due. */
    assert_int_equal(task_count(&fx.km, TASK_LADDER_DUE), before_ladder + 1);
    move_case(cid, CASE_PLAN);
    add_plan(cid, 1, "2026-01-06", later);
    add_plan(cid, 2, "", soon); /* the current version: not agreed, ends soon */
    assert_int_equal(task_count(&fx.km, TASK_PLAN_AGREEMENT), before_plan + 1);
    assert_int_equal(task_count(&fx.km, TASK_ACTIVITY_ENDING), before_ending + 1);
    assert_true(task_listed(&fx.km, TASK_PLAN_AGREEMENT, cid));
    assert_true(task_listed(&fx.km, TASK_ACTIVITY_ENDING, cid));
    assert_true(audited("km", "case.read", cid, 1) >= 2);

    struct referral_input in = to_drechtwerk();
    in.activity_key = 1;
    int64_t rid = refer(cid, &in);
    assert_int_equal(task_count(&fx.jc, TASK_REFERRAL_NEW), before_new + 1);
    assert_true(task_listed(&fx.jc, TASK_REFERRAL_NEW, cid));
    assert_false(task_listed(&fx.jc2, TASK_REFERRAL_NEW, cid));
    struct referral f;
    assert_rc(door_referral_accept(as(&fx.jc), rid, &f), RC_OK);
    assert_int_equal(task_count(&fx.jc, TASK_REFERRAL_NEW), before_new);
    assert_true(task_listed(&fx.jc, TASK_ACTIVITY_ENDING, cid));
    assert_rc(door_referral_end(as(&fx.jc), rid, &f), RC_OK);
    assert_false(task_listed(&fx.jc, TASK_ACTIVITY_ENDING, cid));

    in.activity_key = 0;
    rid = refer(cid, &in);
    assert_rc(door_referral_decline(as(&fx.jc), rid, "Vol.", &f), RC_OK);
    assert_int_equal(task_count(&fx.km, TASK_REFERRAL_DECLINED), before_declined + 1);
    assert_true(task_listed(&fx.km, TASK_REFERRAL_DECLINED, cid));
    /* Followed up by a new referral: no longer a task. */
    refer(cid, &in);
    assert_int_equal(task_count(&fx.km, TASK_REFERRAL_DECLINED), before_declined);

    /* An activity without an end date is not ending, for either of them. */
    int64_t open_cid = open_case(make_resident("Open", "Einde"));
    move_case(open_cid, CASE_INTAKE);
    move_case(open_cid, CASE_PLAN);
    add_plan(open_cid, 1, "2026-01-06", "");
    in.activity_key = 0;
    rid = refer(open_cid, &in); /* before as(): each opens a door of the fixture */
    assert_rc(door_referral_accept(as(&fx.jc), rid, &f), RC_OK);
    assert_false(task_listed(&fx.km, TASK_ACTIVITY_ENDING, open_cid));
    assert_false(task_listed(&fx.jc, TASK_ACTIVITY_ENDING, open_cid));

    /* Other roles have no tasks. */
    struct task_list t;
    assert_rc(door_tasks(as(&fx.emp), 100, &t), RC_OK);
    for (int k = 0; k < TASK_KIND_COUNT; k++)
        assert_int_equal(t.count[k], 0);
}

static void test_partner_organisations(void **state)
{
    (void)state;
    struct organisation *orgs;
    int n;
    assert_rc(door_partner_organisations(as(&fx.km), &orgs, &n), RC_OK);
    assert_int_equal(n, 2);
    for (int i = 0; i < n; i++)
        assert_true(orgs[i].kind == ORG_SOCIAL_WORK_COMPANY || orgs[i].kind == ORG_OTHER);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, sfx_test_begin, sfx_test_end)
    const struct CMUnitTest tests[] = {
        T(test_referral_lifecycle_gives_and_ends_access),
        T(test_declined_referral_gives_nothing),
        T(test_referral_create_validation),
        T(test_partner_decides_only_its_own_referral),
        T(test_consent_gives_and_revocation_ends_access),
        T(test_resident_revokes_own_consent),
        T(test_consent_validation),
        T(test_tasks),
        T(test_partner_organisations),
    };
#undef T
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
