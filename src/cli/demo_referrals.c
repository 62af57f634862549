#include "demo_referrals.h"

#include <string.h>

#include "arena.h"
#include "date.h"
#include "directory.h"
#include "door.h"
#include "door_consent.h"
#include "door_referral.h"
#include "banned.h"

#define DEMO_IP "demo"
#define LEGAL_BASIS "Participatiewet art. 7 en 10"

/* What happens to each referred case, in order of km.dordrecht's caseload. */
enum demo_outcome { OUT_ACCEPTED, OUT_ENDED, OUT_PENDING, OUT_DECLINED };

static const struct {
    enum demo_outcome outcome;
    const char *purpose;
    const char *note; /* the jobcoach's progress report, or the decline reason */
} plan[] = {
    {OUT_ACCEPTED, "jobcoaching",
     "Kennismaking gehad op de werkplek. Inwoner is gemotiveerd; we spreken wekelijks af."},
    {OUT_ACCEPTED, "werkfit",
     "Werkfit-traject gestart: drie dagdelen per week in de groenvoorziening. Eerste week goed "
     "verlopen."},
    {OUT_ACCEPTED, "begeleiding_werkplek",
     "Voortgang: werkt nu zelfstandig aan de inpaklijn; begeleiding kan terug naar eens per "
     "twee weken."},
    {OUT_ENDED, "diagnose", "Diagnose afgerond; verslag besproken met de klantmanager."},
    {OUT_PENDING, "jobcoaching", NULL},
    {OUT_DECLINED, "beschut_werk",
     "Geen plek in beschut werk tot 1 september; graag in augustus opnieuw aanmelden."},
};
#define NPLAN ((int)(sizeof(plan) / sizeof(plan[0])))

static enum rc load_actor(struct db *db, struct arena *a, const char *username, struct user *u,
                          struct policy_actor *actor)
{
    enum rc rc = directory_user_by_name(db, a, username, u);
    if (rc) {
        fprintf(stderr, "werkroute: demo: user %s not found for the referrals\n", username);
        return rc;
    }
    directory_actor(u, actor);
    return RC_OK;
}

/* A date days ago, as "YYYY-MM-DD" in a. */
static const char *days_ago(struct arena *a, const struct date *today, int days)
{
    struct date d = date_add_days(today, -days);
    char out[11];
    date_format(&d, out);
    return arena_strdup(a, out);
}

static enum rc make_referrals(struct store *store, struct arena *a, const struct user *km,
                              const struct policy_actor *km_actor, const struct user *coach,
                              const struct policy_actor *coach_actor, int *counts,
                              int64_t *residents)
{
    struct door d;
    door_init(&d, store, a, km_actor, km->username, DEMO_IP);
    struct caseload load;
    enum rc rc = door_caseload(&d, 200, &load);
    struct organisation *orgs = NULL;
    int norgs = 0;
    if (!rc)
        rc = door_partner_organisations(&d, &orgs, &norgs);
    door_release(&d);
    if (rc)
        return rc;
    int64_t drechtwerk = 0;
    for (int i = 0; i < norgs; i++)
        if (strcmp(orgs[i].name, "Drechtwerk") == 0)
            drechtwerk = orgs[i].id;
    if (!drechtwerk) {
        fprintf(stderr, "werkroute: demo: organisation Drechtwerk not found\n");
        return RC_NOT_FOUND;
    }
    int k = 0;
    for (int i = 0; !rc && i < load.ncases && k < NPLAN; i++) {
        const struct case_file *c = &load.cases[i];
        if (c->phase != CASE_PLAN && c->phase != CASE_UITVOERING)
            continue;
        struct referral f;
        struct door_field_errors errs;
        struct referral_input in = {
            .organisation_id = drechtwerk, .purpose = plan[k].purpose, .legal_basis = LEGAL_BASIS};
        door_init(&d, store, a, km_actor, km->username, DEMO_IP);
        rc = door_referral_create(&d, c->id, &in, &f, &errs);
        door_release(&d);
        if (rc)
            break;
        door_init(&d, store, a, coach_actor, coach->username, DEMO_IP);
        switch (plan[k].outcome) {
        case OUT_ACCEPTED:
        case OUT_ENDED: {
            struct note nt;
            rc = door_referral_accept(&d, f.id, &f);
            if (!rc)
                rc = door_note_create(&d, c->id, NOTE_PROFESSIONALS, plan[k].note, &nt);
            if (!rc && plan[k].outcome == OUT_ENDED)
                rc = door_referral_end(&d, f.id, &f);
            break;
        }
        case OUT_DECLINED:
            rc = door_referral_decline(&d, f.id, plan[k].note, &f);
            break;
        case OUT_PENDING:
            break;
        }
        door_release(&d);
        if (!rc) {
            residents[k] = c->resident_id;
            counts[plan[k].outcome]++;
            k++;
        }
    }
    if (!rc && k < NPLAN) {
        fprintf(stderr, "werkroute: demo: %s has too few cases in plan or uitvoering to refer\n",
                km->username);
        rc = RC_NOT_FOUND;
    }
    if (rc)
        fprintf(stderr, "werkroute: demo: referring failed: %s\n", rc_name(rc));
    return rc;
}

/* Consents of three referred residents: one shares the file with the
 * employer Bouwbedrijf Merwedeoever, one the profile with every employer,
 * one gave that and revoked it. */
static enum rc make_consents(struct store *store, struct arena *a, const struct user *km,
                             const struct policy_actor *km_actor, const int64_t *residents,
                             int *made, int *revoked)
{
    struct date today;
    if (!date_today(&today))
        return RC_IO;
    struct door d;
    door_init(&d, store, a, km_actor, km->username, DEMO_IP);
    int64_t merwede = 0;
    struct organisation *orgs;
    int norgs;
    enum rc rc = directory_organisations(d.db, a, &orgs, &norgs);
    for (int i = 0; !rc && i < norgs; i++)
        if (orgs[i].kind == ORG_EMPLOYER && strstr(orgs[i].name, "Merwedeoever"))
            merwede = orgs[i].id;
    struct consent_input in[3] = {
        {"dossier_organisatie", merwede, days_ago(a, &today, 20), "handtekening"},
        {"profiel_werkgevers", 0, days_ago(a, &today, 45), "digitaal"},
        {"profiel_werkgevers", 0, days_ago(a, &today, 90), "mondeling"},
    };
    for (int i = 0; !rc && i < 3; i++) {
        struct consent k;
        struct door_field_errors errs;
        rc = door_consent_create(&d, residents[i], &in[i], &k, &errs);
        if (!rc)
            (*made)++;
        if (!rc && i == 2) {
            rc = door_consent_revoke(&d, k.id, &k);
            if (!rc)
                (*revoked)++;
        }
    }
    door_release(&d);
    if (rc)
        fprintf(stderr, "werkroute: demo: recording consents failed: %s\n", rc_name(rc));
    return rc;
}

enum rc demo_referrals(struct store *store, FILE *out)
{
    struct arena a;
    arena_init(&a);
    struct user km, coach;
    struct policy_actor km_actor, coach_actor;
    struct db *db = store_acquire(store);
    enum rc rc = load_actor(db, &a, "km.dordrecht", &km, &km_actor);
    if (!rc)
        rc = load_actor(db, &a, "jobcoach", &coach, &coach_actor);
    store_release(store, db);
    int counts[4] = {0};
    int64_t residents[NPLAN] = {0};
    int consents = 0, revoked = 0;
    if (!rc)
        rc = make_referrals(store, &a, &km, &km_actor, &coach, &coach_actor, counts, residents);
    if (!rc)
        rc = make_consents(store, &a, &km, &km_actor, residents, &consents, &revoked);
    if (!rc)
        fprintf(out,
                "Verwijzingen naar Drechtwerk: %d geaccepteerd, %d beëindigd, %d aangevraagd, "
                "%d afgewezen; toestemmingen: %d (waarvan %d ingetrokken).\n",
                counts[OUT_ACCEPTED], counts[OUT_ENDED], counts[OUT_PENDING], counts[OUT_DECLINED],
                consents, revoked);
    arena_release(&a);
    return rc;
}
