/* The demo region's service catalogue and plans van aanpak: see
 * demo_catalogue.h. */
#include "demo_catalogue.h"

#include <stdio.h>
#include <string.h>

#include "catalogue.h"
#include "date.h"
#include "directory.h"
#include "door_plan.h"
#include "banned.h"

#define DEMO_PROVIDER "Drechtwerk"
#define DEMO_TRAINER "Da Vinci College Contractonderwijs"
#define DEMO_SMALL_BUDGET "GM0482" /* Alblasserdam: one werkfit-traject a year */
#define DEMO_BIG "GM0505"          /* Dordrecht */
#define DEMO_PLANS_PER_PLACE 14

enum demo_service { S_WERKFIT, S_JOBCOACHING, S_WEP, S_BESCHUT, S_VCA, S_TAAL, S_COUNT };

/* What is offered: by Drechtwerk unless trainer. Prices in cents per
 * unit; budgets in euros a year for Dordrecht and for the others (0: no
 * budget), places likewise (0: no limit). */
static const struct {
    const char *name;
    enum service_kind kind;
    enum service_unit unit;
    bool trainer;
    const char *target_group;
    const char *description;
    int64_t price_cents;
    int64_t budget_big, budget_other;
    int64_t places_big, places_other;
} service_specs[S_COUNT] = {
    {"Werkfit-traject", SERVICE_WERKFIT, UNIT_TRAJECT, false, "",
     "Zes maanden werken aan werkritme, samenwerken en werknemersvaardigheden in de "
     "leerwerkbedrijven van Drechtwerk, met een eindverslag over de stap naar werk.",
     325000, 160000, 40000, 0, 0},
    {"Jobcoaching", SERVICE_JOBCOACHING, UNIT_UUR, false, "",
     "Begeleiding op de werkplek door een jobcoach van Drechtwerk, ook na plaatsing.", 8500, 0, 0,
     0, 0},
    {"Werkervaringsplaats", SERVICE_WERKERVARINGSPLAATS, UNIT_MAAND, false, "",
     "Werkervaring opdoen in groen, schoonmaak, logistiek of facilitaire dienst, met "
     "begeleiding.",
     45000, 90000, 25000, 40, 10},
    {"Beschut werk", SERVICE_BESCHUT_WERK, UNIT_MAAND, false, "",
     "Een dienstbetrekking beschut werk voor wie een indicatie beschut werk heeft.", 210000, 0, 0,
     30, 6},
    {"Basiscursus VCA", SERVICE_TRAINING, UNIT_TRAJECT, true, "",
     "Tweedaagse cursus Veiligheid, Gezondheid en Milieu met examen VCA Basis.", 45000, 20000, 6000,
     0, 0},
    {"Taalcoaching op de werkvloer", SERVICE_PLUSDIENST, UNIT_UUR, true, "Statushouders",
     "Een taalcoach helpt op de werkplek met het Nederlands van het vak, naast de inburgering.",
     6500, 15000, 5000, 0, 0},
};

/* A plan for a case: goals, and activities (service, goal, units, start in
 * months from today (negative: past), status, end in months from the start). */
struct demo_activity {
    enum demo_service service;
    int goal;
    int units;
    int start_months;
    enum activity_status status;
    int end_months; /* afgerond: when it ended; 0: open */
    const char *responsible;
};

struct demo_plan_spec {
    const char *goals[3];
    struct demo_activity acts[3];
    int nacts;
};

static const struct demo_plan_spec plan_specs[] = {
    {{"Werkritme en werknemersvaardigheden opdoen", "Doorstromen naar betaald werk"},
     {{S_WERKFIT, 1, 1, -2, ACTIVITY_LOPEND, 0, "Gerda Mulder (Drechtwerk)"},
      {S_JOBCOACHING, 2, 20, 4, ACTIVITY_GEPLAND, 0, "Gerda Mulder (Drechtwerk)"}},
     2},
    {{"Werkervaring opdoen in de groenvoorziening", "Veilig werken op de bouwplaats"},
     {{S_WEP, 1, 6, -1, ACTIVITY_LOPEND, 0, "Drechtwerk Groen"},
      {S_VCA, 2, 1, -2, ACTIVITY_AFGEROND, 1, "Da Vinci College"}},
     2},
    {{"Duurzaam aan het werk in een beschutte omgeving"},
     {{S_BESCHUT, 1, 12, -3, ACTIVITY_LOPEND, 0, "Drechtwerk"},
      {S_JOBCOACHING, 1, 10, -3, ACTIVITY_LOPEND, 0, "Gerda Mulder (Drechtwerk)"}},
     2},
    {{"Nederlands op de werkvloer verbeteren (B1)", "Werkervaring opdoen in de logistiek"},
     {{S_TAAL, 1, 24, -1, ACTIVITY_LOPEND, 0, "Da Vinci College"},
      {S_WEP, 2, 3, 2, ACTIVITY_GEPLAND, 0, "Drechtwerk Logistiek"}},
     2},
};
#define NPLAN_SPECS ((int)(sizeof(plan_specs) / sizeof(plan_specs[0])))

static const struct demo_plan_spec aftercare = {
    {"Het nieuwe werk behouden"},
    {{S_JOBCOACHING, 1, 12, -1, ACTIVITY_LOPEND, 0, "Gerda Mulder (Drechtwerk)"}},
    1,
};

struct fill {
    struct store *store;
    struct arena *arena;
    int64_t service_ids[S_COUNT];
    struct date today;
    int plans, agreed, awaiting, refused, terms;
};

/* A date months from today (clamped to the 28th, so it always exists). */
static const char *months_from(struct fill *f, struct arena *a, int months)
{
    struct date d = f->today;
    int m = d.year * 12 + (d.month - 1) + months;
    d.year = m / 12;
    d.month = m % 12 + 1;
    if (d.day > 28)
        d.day = 28;
    char out[11];
    date_format(&d, out);
    return arena_strdup(a, out);
}

static enum rc make_catalogue(struct fill *f, struct db *db)
{
    struct organisation *orgs;
    struct municipality *munis;
    int norgs, nmunis;
    enum rc rc = directory_organisations(db, f->arena, &orgs, &norgs);
    if (!rc)
        rc = directory_municipalities(db, f->arena, &munis, &nmunis);
    if (rc)
        return rc;
    int64_t provider = 0;
    for (int i = 0; i < norgs; i++)
        if (strcmp(orgs[i].name, DEMO_PROVIDER) == 0)
            provider = orgs[i].id;
    if (!provider) {
        fprintf(stderr, "werkroute: demo: no organisation %s for the catalogue\n", DEMO_PROVIDER);
        return RC_INVALID;
    }
    const char **codes = arena_alloc(f->arena, sizeof(char *) * (size_t)(nmunis + 1));
    for (int i = 0; i < nmunis; i++)
        codes[i] = munis[i].code;
    struct organisation trainer = {.name = DEMO_TRAINER,
                                   .kind = ORG_OTHER,
                                   .municipalities = codes,
                                   .nmunicipalities = nmunis};
    int64_t trainer_id;
    if ((rc = db_begin(db, true)))
        return rc;
    rc = directory_organisation_create(db, &trainer, &trainer_id);
    for (int s = 0; !rc && s < S_COUNT; s++) {
        struct service svc = {.provider_id = service_specs[s].trainer ? trainer_id : provider,
                              .name = service_specs[s].name,
                              .kind = service_specs[s].kind,
                              .unit = service_specs[s].unit,
                              .target_group = service_specs[s].target_group,
                              .description = service_specs[s].description};
        struct plan_errors errs;
        rc = catalogue_service_create(db, &svc, &errs, &f->service_ids[s]);
        for (int m = 0; !rc && m < nmunis; m++) {
            bool big = strcmp(munis[m].code, DEMO_BIG) == 0;
            int64_t budget = big ? service_specs[s].budget_big : service_specs[s].budget_other;
            int64_t places = big ? service_specs[s].places_big : service_specs[s].places_other;
            if (s == S_WERKFIT && strcmp(munis[m].code, DEMO_SMALL_BUDGET) == 0)
                budget = 5000;
            struct service_terms t = {.service_id = f->service_ids[s],
                                      .municipality = munis[m].code,
                                      .price_cents = service_specs[s].price_cents,
                                      .has_budget = budget > 0,
                                      .budget_cents = budget * 100,
                                      .has_places = places > 0,
                                      .places = places,
                                      .ordered_by = "case_manager"};
            rc = catalogue_terms_set(db, &t, &errs);
            f->terms += !rc;
        }
    }
    if (rc) {
        db_rollback(db);
        fprintf(stderr, "werkroute: demo: making the catalogue failed: %s\n", rc_name(rc));
        return rc;
    }
    return db_commit(db);
}

/* Writes spec as the plan of case_id; agree: the resident agreed today. */
static enum rc write_plan(struct fill *f, struct door *d, struct arena *a, int64_t case_id,
                          const struct demo_plan_spec *spec, bool agree)
{
    struct plan_goal goals[3];
    struct plan_activity acts[3];
    struct plan p = {.goals = goals, .activities = acts};
    for (int g = 0; g < 3 && spec->goals[g]; g++)
        goals[p.ngoals++] = (struct plan_goal){0, spec->goals[g]};
    for (int i = 0; i < spec->nacts; i++) {
        const struct demo_activity *x = &spec->acts[i];
        /* A new activity starts gepland or lopend: record it so first. */
        acts[p.nactivities++] = (struct plan_activity){
            .goal = x->goal,
            .service_id = f->service_ids[x->service],
            .responsible = x->responsible,
            .units = x->units,
            .starts_on = months_from(f, a, x->start_months),
            .ends_on = "",
            .status = x->status == ACTIVITY_AFGEROND ? ACTIVITY_LOPEND : x->status,
            .stop_reason = "",
        };
    }
    struct plan_errors errs;
    struct plan_refusal refusal;
    struct plan out;
    enum rc rc = door_plan_put(d, case_id, &p, &out, &errs, &refusal);
    /* A budget or places that run out are part of the demo: skip the plan. */
    if (rc == RC_CONFLICT) {
        f->refused++;
        return RC_OK;
    }
    bool finished = false;
    for (int i = 0; !rc && i < spec->nacts; i++)
        if (spec->acts[i].status == ACTIVITY_AFGEROND) {
            out.activities[i].status = ACTIVITY_AFGEROND;
            out.activities[i].ends_on =
                months_from(f, a, spec->acts[i].start_months + spec->acts[i].end_months);
            finished = true;
        }
    if (!rc && finished)
        rc = door_plan_put(d, case_id, &out, NULL, &errs, &refusal);
    if (!rc && agree) {
        char today[11];
        date_format(&f->today, today);
        rc = door_plan_agree(d, case_id, today, (enum agreement_how)(case_id % AGREEMENT_HOW_COUNT),
                             &errs, NULL);
    }
    if (rc) {
        fprintf(stderr, "werkroute: demo: the plan of case %lld failed: %s (%s)\n",
                (long long)case_id, rc_name(rc), errs.count ? errs.list[0].msg : "");
        return rc;
    }
    f->plans++;
    f->agreed += agree;
    f->awaiting += !agree;
    return RC_OK;
}

/* Plans for the klantmanager's cases in uitvoering and nazorg. */
static enum rc plans_of(struct fill *f, const struct user *km)
{
    struct arena a;
    arena_init(&a);
    struct policy_actor actor;
    directory_actor(km, &actor);
    struct door d;
    door_init(&d, f->store, &a, &actor, km->username, "demo");
    struct caseload load;
    enum rc rc = door_caseload(&d, 1000, &load);
    int made = 0;
    for (int i = 0; !rc && i < load.ncases && made < DEMO_PLANS_PER_PLACE; i++) {
        const struct case_file *c = &load.cases[i];
        if (c->phase != CASE_UITVOERING && c->phase != CASE_NAZORG)
            continue;
        const struct demo_plan_spec *spec =
            c->phase == CASE_NAZORG ? &aftercare : &plan_specs[c->id % NPLAN_SPECS];
        /* The first plan of each klantmanager awaits the resident's agreement. */
        rc = write_plan(f, &d, &a, c->id, spec, made > 0);
        made++;
    }
    door_release(&d);
    arena_release(&a);
    return rc;
}

/* The case of the demo resident (user inwoner) gets an agreed plan they
 * can read themselves. Takes over db and gives it back to the pool. */
static enum rc plan_of_inwoner(struct fill *f, struct db *db, const struct user *users, int n)
{
    struct user inwoner;
    enum rc rc = directory_user_by_name(db, f->arena, "inwoner", &inwoner);
    /* The door borrows the pool's connection: give it back first. */
    store_release(f->store, db);
    if (rc == RC_NOT_FOUND)
        return RC_OK;
    if (rc)
        return rc;
    const struct user *km = NULL;
    for (int i = 0; i < n; i++)
        if (users[i].role == ROLE_CASE_MANAGER && users[i].nmunicipalities == 1 &&
            strcmp(users[i].municipalities[0], DEMO_BIG) == 0)
            km = &users[i];
    if (!km)
        return RC_OK;
    struct arena a;
    arena_init(&a);
    struct policy_actor actor;
    directory_actor(km, &actor);
    struct door d;
    door_init(&d, f->store, &a, &actor, km->username, "demo");
    struct case_file *cases;
    int ncases;
    rc = door_case_list(&d, inwoner.resident_id, &cases, &ncases);
    for (int i = 0; !rc && i < ncases; i++) {
        if (cases[i].phase != CASE_UITVOERING)
            continue;
        struct plan cur;
        rc = door_plan_get(&d, cases[i].id, &cur, NULL);
        if (rc || cur.version > 0)
            break; /* planned already among the caseload */
        rc = write_plan(f, &d, &a, cases[i].id, &plan_specs[1], true);
        break;
    }
    door_release(&d);
    arena_release(&a);
    return rc;
}

enum rc demo_catalogue(struct store *store, FILE *out)
{
    struct arena arena;
    arena_init(&arena);
    struct fill f = {.store = store, .arena = &arena};
    if (!date_today(&f.today)) {
        arena_release(&arena);
        return RC_IO;
    }
    struct db *db = store_acquire(store);
    struct user *users = NULL;
    int nusers = 0;
    enum rc rc = make_catalogue(&f, db);
    if (!rc)
        rc = directory_users(db, &arena, &users, &nusers);
    store_release(store, db);
    db = NULL;
    for (int i = 0; !rc && i < nusers; i++)
        if (users[i].role == ROLE_CASE_MANAGER && users[i].nmunicipalities == 1 && users[i].active)
            rc = plans_of(&f, &users[i]);
    if (!rc)
        rc = plan_of_inwoner(&f, store_acquire(store), users, nusers);
    if (!rc)
        fprintf(out,
                "Dienstencatalogus: %d diensten van %s en %s, %d voorwaarden per gemeente.\n"
                "Plannen van aanpak: %d (%d met akkoord van de inwoner, %d wachten op akkoord); "
                "%d niet gemaakt omdat budget of plaatsen op waren.\n\n",
                S_COUNT, DEMO_PROVIDER, DEMO_TRAINER, f.terms, f.plans, f.agreed, f.awaiting,
                f.refused);
    arena_release(&arena);
    return rc;
}
