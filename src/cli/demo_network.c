/* The demo's employer network (demo_network.h): PC4 centres, employers of
 * the Drechtsteden with workplaces in the occupations the demo residents
 * wish for, availability confirmed for the cases on a route to work (some
 * expiring, some expired), and proposals and placements made by the
 * employer adviser through the door, one placement's 6-month check due
 * within days. Deterministic for a seed. */
#include "demo_network.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "directory.h"
#include "door_consent.h"
#include "door_match.h"
#include "door_proposal.h"
#include "esco.h"
#include "network.h"
#include "pc4_areas.h"
#include "banned.h"

#define DEMO_IP "demo"

struct demo_workplace {
    const char *occupation; /* Dutch ESCO label, as the intakes' wishes */
    const char *kind;
    int hours, places;
    bool subsidy, coaching;
    unsigned licences;
    const char *dutch;
};

static const struct demo_employer {
    const char *name;
    const char *existing; /* the demo organisation it describes, NULL: a new one */
    const char *kvk, *sbi, *address, *postcode, *city, *network, *pso;
    const char *contact, *position, *email;
    struct demo_workplace work[3];
} employers[] = {
    {"Bouwbedrijf Merwedeoever B.V.", "Bouwbedrijf Merwedeoever B.V.", "24371205", "4120",
     "Merwedestraat 48", "3313 CS", "Dordrecht", "Werkgeversservicepunt Drechtsteden", "trede2",
     "Peter van Wijk", "HR-adviseur", "p.vanwijk@merwedeoever.example",
     {{"timmerman", "regulier", 36, 2, true, true, 1u << 2, "A2"},
      {"schilder bouw", "werkervaringsplaats", 32, 1, false, true, 0, ""},
      {"orderpicker", "proefplaatsing", 24, 1, false, false, 0, ""}}},
    {"Zorgcentrum De Lindehof", "Zorgcentrum De Lindehof", "41127653", "8710",
     "Lindelaan 2", "3351 EA", "Papendrecht", "MVO-netwerk Drechtsteden", "trede1",
     "Anouk Vermeulen", "Teamleider facilitair", "a.vermeulen@lindehof.example",
     {{"thuiszorgmedewerker", "regulier", 24, 3, true, true, 0, "B1"},
      {"keukenhulp", "werkervaringsplaats", 20, 2, false, true, 0, ""},
      {"schoonmaker gebouwen", "detachering", 16, 2, false, false, 0, ""}}},
    {"Drechtsteden Logistiek B.V.", NULL, "58210934", "5210", "Kilweg 11", "3316 BA",
     "Dordrecht", "Werkgeversservicepunt Drechtsteden", "aanloop", "Samira El Idrissi",
     "Vestigingsmanager", "s.elidrissi@dlogistiek.example",
     {{"orderpicker", "regulier", 32, 4, true, false, 0, ""},
      {"heftruckchauffeur", "proefplaatsing", 36, 2, false, true, 0, "A2"},
      {"vrachtwagenchauffeur", "regulier", 40, 1, false, false, 1u << 4, "A2"}}},
    {"Supermarkt De Linde Sliedrecht", NULL, "65011873", "4711", "Kerkbuurt 80", "3361 BM",
     "Sliedrecht", "MVO-netwerk Drechtsteden", "", "Bram Kooijman", "Bedrijfsleider",
     "b.kooijman@delinde.example",
     {{"kassamedewerker", "regulier", 20, 2, true, false, 0, "A2"},
      {"winkelmedewerker", "werkervaringsplaats", 24, 2, false, true, 0, ""},
      {"verkoopmedewerker", "regulier", 28, 1, false, false, 0, "B1"}}},
    {"Hoveniersbedrijf Groen & Co", NULL, "70233418", "8130", "Weteringsingel 5", "3343 BA",
     "Hendrik-Ido-Ambacht", "Werkgeversservicepunt Drechtsteden", "trede3", "Kees de Groot",
     "Eigenaar", "kees@groenenco.example",
     {{"hovenier", "regulier", 36, 2, true, true, 1u << 2, ""},
      {"hovenier", "beschut", 24, 3, false, true, 0, ""},
      {"schoonmaker gebouwen", "proefplaatsing", 20, 1, false, false, 0, ""}}},
    {"Restaurant Het Wantij", NULL, "80412276", "5610", "Wantijkade 3", "3312 AH", "Dordrecht",
     "", "", "Lotte Verhoef", "Chef-kok", "lotte@hetwantij.example",
     {{"kok", "regulier", 32, 1, true, false, 0, "A2"},
      {"keukenhulp", "proefplaatsing", 24, 2, false, true, 0, ""},
      {"beveiliger", "detachering", 32, 1, false, false, 0, "B1"}}},
};
#define NEMPLOYERS ((int)(sizeof(employers) / sizeof(employers[0])))

static const char *day_offset(struct arena *a, const struct date *today, int days)
{
    struct date d = date_add_days(today, days);
    char out[11];
    date_format(&d, out);
    return arena_strdup(a, out);
}

/* A small generator of our own, so the demo is the same for a seed. */
static unsigned next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(*s >> 33);
}

static enum rc find_user(struct store *store, struct arena *a, const char *username,
                         struct user *u, struct policy_actor *actor)
{
    struct db *db = store_acquire(store);
    enum rc rc = directory_user_by_name(db, a, username, u);
    store_release(store, db);
    if (rc) {
        fprintf(stderr, "werkroute: demo: user %s not found for the employer network\n",
                username);
        return rc;
    }
    directory_actor(u, actor);
    return RC_OK;
}

static enum rc make_employers(struct store *store, struct arena *a, int64_t *vacancies,
                              int *nvacancies)
{
    static const struct policy_actor system = {.system = true};
    struct db *db = store_acquire(store);
    struct organisation *orgs;
    struct municipality *ms;
    int norgs = 0, nms = 0;
    enum rc rc = directory_organisations(db, a, &orgs, &norgs);
    if (!rc)
        rc = directory_municipalities(db, a, &ms, &nms);
    store_release(store, db);
    if (rc)
        return rc;
    const char **region = arena_alloc(a, sizeof(*region) * (size_t)(nms + 1));
    for (int i = 0; i < nms; i++)
        region[i] = ms[i].code;
    *nvacancies = 0;
    for (int e = 0; !rc && e < NEMPLOYERS; e++) {
        const struct demo_employer *spec = &employers[e];
        struct employer_contact contact = {spec->contact, spec->position, spec->email, ""};
        struct employer_input in = {
            .name = spec->name, .kvk = spec->kvk, .sbi = spec->sbi, .address = spec->address,
            .postcode = spec->postcode, .city = spec->city, .network = spec->network,
            .pso_level = spec->pso, .notes = "", .municipalities = region,
            .nmunicipalities = nms, .contacts = &contact, .ncontacts = 1};
        for (int i = 0; spec->existing && i < norgs; i++)
            if (!strcmp(orgs[i].name, spec->existing))
                in.organisation_id = orgs[i].id;
        struct door d;
        door_init(&d, store, a, &system, "demo", DEMO_IP);
        struct employer out;
        struct door_field_errors errs;
        rc = network_employer_create(&d, &in, &out, &errs);
        for (int w = 0; !rc && w < 3; w++) {
            const struct demo_workplace *wp = &spec->work[w];
            struct esco_concept *found;
            int n;
            int64_t total;
            rc = esco_search(d.db, a, ESCO_OCCUPATION, wp->occupation, 1, 0, &found, &n, &total);
            if (rc || n == 0)
                continue;
            struct vacancy_input v = {
                .employer_id = out.id, .occupation_uri = found[0].uri, .kind = wp->kind,
                .hours_per_week = wp->hours, .places = wp->places, .postcode = spec->postcode,
                .wage_subsidy = wp->subsidy, .job_coaching = wp->coaching,
                .licences = wp->licences, .dutch_level = wp->dutch, .nskills = -1,
                .description = "Een plek in een vast team, met een vaste begeleider op de werkvloer."};
            struct vacancy made;
            rc = network_vacancy_create(&d, &v, &made, &errs);
            if (!rc)
                vacancies[(*nvacancies)++] = made.id;
        }
        door_release(&d);
        if (rc == RC_INVALID)
            fprintf(stderr, "werkroute: demo: employer %s: %s %s\n", spec->name,
                    errs.count ? errs.e[0].field : "", errs.count ? errs.e[0].msg : "");
    }
    return rc;
}

/* Confirms availability for every case of every klantmanager on a route to
 * work: most recently, some about to expire, some expired. */
static enum rc confirm_availability(struct store *store, struct arena *a, uint64_t *seed,
                                    int *confirmed, int *expired)
{
    struct db *db = store_acquire(store);
    struct user *users;
    int nusers = 0;
    enum rc rc = directory_users(db, a, &users, &nusers);
    store_release(store, db);
    struct date today;
    if (!rc && !date_today(&today))
        rc = RC_IO;
    for (int u = 0; !rc && u < nusers; u++) {
        if (users[u].role != ROLE_CASE_MANAGER || !strcmp(users[u].username, "km.regio"))
            continue;
        struct policy_actor actor;
        directory_actor(&users[u], &actor);
        struct door d;
        door_init(&d, store, a, &actor, users[u].username, DEMO_IP);
        struct caseload load;
        rc = door_caseload(&d, 5000, &load);
        door_release(&d);
        for (int i = 0; !rc && i < load.ncases; i++) {
            const struct case_file *c = &load.cases[i];
            if (c->phase != CASE_INTAKE && c->phase != CASE_PLAN && c->phase != CASE_UITVOERING)
                continue;
            if (c->route != ROUTE_WERK && c->route != ROUTE_ONTWIKKELEN &&
                c->route != ROUTE_BESCHUT)
                continue;
            unsigned r = next(seed) % 100;
            /* 80 % recent, 10 % expiring within two weeks, 10 % expired. */
            int ago = r < 80 ? (int)(next(seed) % 75) : r < 90 ? 80 + (int)(next(seed) % 10)
                                                              : 95 + (int)(next(seed) % 60);
            struct availability av;
            door_init(&d, store, a, &actor, users[u].username, DEMO_IP);
            rc = door_availability_confirm(&d, c->id, day_offset(a, &today, -ago), 3, &av);
            door_release(&d);
            (*confirmed)++;
            if (ago > 92)
                (*expired)++;
        }
    }
    return rc;
}

/* The adviser's proposals: for the first workplaces, the best candidate,
 * moved to a different step each; two end in a placement. */
static enum rc make_proposals(struct store *store, struct arena *a, const int64_t *vacancies,
                              int nvacancies, int64_t own_resident, int *nproposals,
                              int *nplacements)
{
    struct user adviser, km;
    struct policy_actor adviser_actor, km_actor;
    enum rc rc = find_user(store, a, "wgadviseur", &adviser, &adviser_actor);
    if (!rc)
        rc = find_user(store, a, "km.regio", &km, &km_actor);
    if (rc)
        return rc;
    struct date today;
    if (!date_today(&today))
        return RC_IO;
    /* What happens to the proposal for workplace i. */
    static const struct {
        const char *to[3];
        bool share, consent;
        int placed_days_ago; /* 0: no placement */
        bool checked;
    } plan[] = {
        {{NULL}, true, true, 0, false},                                      /* voorgesteld, named */
        {{"gesprek", NULL}, false, false, 0, false},                         /* anonymous */
        {{"gesprek", "afgewezen", NULL}, false, false, 0, false},
        {{"gesprek", "proefplaatsing", NULL}, true, true, 0, false},
        {{"gesprek", "proefplaatsing", NULL}, true, true, 175, false}, /* check due in days */
        {{"gesprek", NULL}, true, true, 330, true},                    /* 6 months checked */
    };
    int nplan = (int)(sizeof(plan) / sizeof(plan[0]));
    for (int i = 0, k = 0; !rc && i < nvacancies && k < nplan; i++) {
        struct door d;
        door_init(&d, store, a, &adviser_actor, adviser.username, DEMO_IP);
        struct match_candidate *cands;
        int n = 0;
        rc = door_match_residents(&d, vacancies[i], 5, &cands, &n);
        int pick = -1;
        for (int j = 0; !rc && j < n && pick < 0; j++)
            if (!*cands[j].proposal_status)
                pick = j;
        door_release(&d);
        if (rc || pick < 0)
            continue;
        /* The pool of the demo has one connection: one door at a time. */
        if (plan[k].consent && !cands[pick].consent_profile) {
            struct door kd;
            door_init(&kd, store, a, &km_actor, km.username, DEMO_IP);
            struct consent_input ci = {.scope = "profiel_werkgevers",
                                       .given_on = day_offset(a, &today, -30), .how = "digitaal"};
            struct consent made;
            struct door_field_errors errs;
            rc = door_consent_create(&kd, cands[pick].resident_id, &ci, &made, &errs);
            door_release(&kd);
        }
        struct proposal p;
        door_init(&d, store, a, &adviser_actor, adviser.username, DEMO_IP);
        if (!rc)
            rc = door_proposal_create(&d, vacancies[i], cands[pick].case_id, plan[k].share, &p);
        for (int s = 0; !rc && s < 3 && plan[k].to[s]; s++) {
            const char *reason = !strcmp(plan[k].to[s], "afgewezen")
                                     ? "Past goed, maar de werktijden sluiten niet aan op de "
                                       "opvang van de kinderen."
                                     : "";
            rc = door_proposal_step(&d, p.id, plan[k].to[s], reason, &p);
        }
        if (!rc && plan[k].placed_days_ago) {
            struct placement_input in = {
                .starts_on = day_offset(a, &today, -plan[k].placed_days_ago),
                .contract = "bepaalde_tijd", .hours_per_week = 24, .wage_cents = 1475,
                .loonwaarde_pct = 70, .subsidy = "loonkostensubsidie", .job_coach = "Gerda Mulder"};
            struct placement pl;
            struct door_field_errors errs;
            rc = door_placement_create(&d, p.id, &in, &pl, &errs);
            if (!rc && plan[k].checked)
                rc = door_placement_check(&d, pl.id, 6, true,
                                          "Werkt nog bij de werkgever; uren uitgebreid naar 28.",
                                          &pl);
            if (!rc)
                (*nplacements)++;
        }
        door_release(&d);
        if (!rc)
            (*nproposals)++;
        k++;
    }
    /* The demo's own resident (user inwoner) sees a proposal on their page. */
    if (!rc && own_resident > 0) {
        struct door d;
        door_init(&d, store, a, &adviser_actor, adviser.username, DEMO_IP);
        struct match_offer *offers;
        int n = 0;
        rc = door_match_workplaces(&d, own_resident, 1, &offers, &n, NULL, NULL);
        struct case_file *cases;
        int ncases = 0;
        door_release(&d);
        door_init(&d, store, a, &km_actor, km.username, DEMO_IP);
        if (!rc && n)
            rc = door_case_list(&d, own_resident, &cases, &ncases);
        door_release(&d);
        door_init(&d, store, a, &adviser_actor, adviser.username, DEMO_IP);
        struct proposal p;
        for (int i = 0; !rc && n && i < ncases; i++) {
            if (cases[i].phase == CASE_AFGESLOTEN)
                continue;
            if (door_proposal_create(&d, offers[0].vacancy_id, cases[i].id, false, &p) == RC_OK)
                (*nproposals)++;
            break;
        }
        door_release(&d);
    }
    return rc;
}

enum rc demo_network(struct store *store, const char *data_dir, uint64_t seed,
                     int64_t own_resident, FILE *out)
{
    struct arena a;
    arena_init(&a);
    int npc4 = 0, nvacancies = 0, confirmed = 0, expired = 0, nproposals = 0, nplacements = 0;
    int64_t vacancies[NEMPLOYERS * 3];
    uint64_t s = seed ^ 0x9e3779b97f4a7c15ULL;
    enum rc rc = pc4_areas_load(store, data_dir, &npc4);
    if (!rc)
        rc = make_employers(store, &a, vacancies, &nvacancies);
    if (!rc)
        rc = confirm_availability(store, &a, &s, &confirmed, &expired);
    if (!rc)
        rc = make_proposals(store, &a, vacancies, nvacancies, own_resident, &nproposals,
                            &nplacements);
    if (!rc)
        fprintf(out,
                "werkroute: demo: %d PC4 areas, %d employers with %d workplaces, availability "
                "of %d cases (%d expired), %d proposals, %d placements\n",
                npc4, NEMPLOYERS, nvacancies, confirmed, expired, nproposals, nplacements);
    arena_release(&a);
    return rc;
}
