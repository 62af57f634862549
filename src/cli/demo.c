#include "demo.h"
#include "demo_network.h"
#include "demo_referrals.h"
#include "demo_catalogue.h"
#include "demo_intake.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "bsn.h"
#include "case_phase.h"
#include "directory.h"
#include "door.h"
#include "esco.h"
#include "fold.h"
#include "password.h"
#include "refdata.h"
#include "resident.h"
#include "banned.h"

#define DEMO_REGION "AM23"
#define DEMO_MUNICIPALITIES 7
#define DEMO_DORDRECHT "GM0505"
#define DEMO_RESIDENTS 2000
#define DEMO_IP "demo"
#define BSN_SET_SIZE 8192 /* a power of two, over twice the BSNs made */

/* ---- A small deterministic random generator (splitmix64) ---- */

struct rng {
    uint64_t state;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A uniform number in 0..n-1 without modulo bias; 0 when n is 0. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
    if (n == 0)
        return 0;
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do
        x = rng_next(r);
    while (x >= limit);
    return (uint32_t)(x % n);
}

static bool rng_percent(struct rng *r, unsigned percent)
{
    return rng_below(r, 100) < percent;
}

/* An index into weights[0..n-1], each drawn in proportion to its weight. */
static int rng_weighted(struct rng *r, const int *weights, int n)
{
    uint32_t total = 0;
    for (int i = 0; i < n; i++)
        total += (uint32_t)weights[i];
    uint32_t x = rng_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < (uint32_t)weights[i])
            return i;
        x -= (uint32_t)weights[i];
    }
    return n - 1;
}

/* ---- What the demo region looks like (fixed in code) ---- */

/* Inhabitants (CBS, 1 January 2024, rounded) spread the residents by size;
 * each municipality has its own klantmanager. */
static const struct {
    const char *code;
    int inhabitants;
    const char *case_manager;
} known_places[] = {
    {"GM0482", 20600, "Sanne Verhoeven"},     {"GM0505", 121000, "Fatima el Idrissi"},
    {"GM0523", 18600, "Kees Bouman"},         {"GM0531", 32000, "Priya Ramdin"},
    {"GM0590", 32500, "Mark van der Linden"}, {"GM0610", 26000, "Ingrid Post"},
    {"GM0642", 45500, "Youssef Amrani"},
};

enum demo_org {
    DORG_SOCIALE_DIENST,
    DORG_DRECHTWERK,
    DORG_MERWEDEOEVER,
    DORG_LINDEHOF,
    DORG_COUNT
};

static const struct {
    const char *name;
    enum org_kind kind;
    const char *codes[3]; /* NULL first: all municipalities of the region */
} org_specs[DORG_COUNT] = {
    {"Sociale Dienst Drechtsteden", ORG_MUNICIPAL, {NULL}},
    {"Drechtwerk", ORG_SOCIAL_WORK_COMPANY, {NULL}},
    {"Bouwbedrijf Merwedeoever B.V.", ORG_EMPLOYER, {"GM0505", "GM0642", NULL}},
    {"Zorgcentrum De Lindehof", ORG_EMPLOYER, {"GM0590", "GM0610", NULL}},
};

enum scope { SCOPE_NONE, SCOPE_ALL, SCOPE_ORG };

/* The users besides one klantmanager per municipality and the resident. */
static const struct {
    const char *username;
    const char *display_name;
    enum role role;
    enum demo_org org;
    enum scope scope;
} user_specs[] = {
    {"admin", "Ruud Hoogendoorn", ROLE_ADMIN, DORG_SOCIALE_DIENST, SCOPE_NONE},
    {"fg", "Annelies Smit", ROLE_AUDITOR, DORG_SOCIALE_DIENST, SCOPE_NONE},
    {"teamleider", "Jeroen de Wit", ROLE_MANAGER, DORG_SOCIALE_DIENST, SCOPE_ALL},
    {"km.regio", "Marloes Kuipers", ROLE_CASE_MANAGER, DORG_SOCIALE_DIENST, SCOPE_ALL},
    {"jobcoach", "Gerda Mulder", ROLE_JOB_COACH, DORG_DRECHTWERK, SCOPE_ALL},
    {"wgadviseur", "Dennis Koster", ROLE_EMPLOYER_ADVISER, DORG_SOCIALE_DIENST, SCOPE_ALL},
    {"werkgever.merwedeoever", "Peter van Wijk", ROLE_EMPLOYER, DORG_MERWEDEOEVER, SCOPE_ORG},
    {"werkgever.lindehof", "Anouk Vermeulen", ROLE_EMPLOYER, DORG_LINDEHOF, SCOPE_ORG},
};
#define NUSER_SPECS ((int)(sizeof(user_specs) / sizeof(user_specs[0])))

/* The phase a case ends in, in percent of the cases. */
static const int phase_weights[CASE_PHASE_COUNT] = {12, 15, 15, 28, 10, 20};

/* Journal texts, each fitting the phase the case has just reached; for
 * afgesloten also the close reason. shareable: fit for the resident to
 * read. */
struct note_template {
    enum case_phase phase;
    int reason; /* enum close_reason, or -1 for any */
    bool shareable;
    const char *text;
};

static const struct note_template note_templates[] = {
    {CASE_AANMELDING, -1, true,
     "Aanmelding ontvangen via het Werkplein; inwoner uitgenodigd voor een kennismakingsgesprek."},
    {CASE_AANMELDING, -1, true,
     "Telefonisch contact gehad; inwoner komt graag langs voor een intake."},
    {CASE_AANMELDING, -1, true, "Uitnodiging voor het intakegesprek per post verstuurd."},
    {CASE_INTAKE, -1, true, "Intakegesprek gevoerd; inwoner wil graag in de zorg werken."},
    {CASE_INTAKE, -1, true,
     "Intakegesprek gevoerd; inwoner heeft ervaring in de logistiek en zoekt werk in de buurt."},
    {CASE_INTAKE, -1, true, "Telefonisch contact, afspraak verzet naar volgende week."},
    {CASE_INTAKE, -1, false,
     "Inwoner heeft schulden; doorverwezen naar de schuldhulpverlening van de gemeente."},
    {CASE_INTAKE, -1, true, "Participatieladder ingevuld: trede 3, onbetaald werk buitenshuis."},
    {CASE_INTAKE, -1, true,
     "Taalniveau besproken; inwoner volgt een cursus Nederlands bij het ROC."},
    {CASE_INTAKE, -1, false,
     "Inwoner niet verschenen op de afspraak; nieuwe uitnodiging verstuurd."},
    {CASE_PLAN, -1, true, "Plan van aanpak opgesteld en samen met inwoner besproken."},
    {CASE_PLAN, -1, true, "Cv besproken en aangepast."},
    {CASE_PLAN, -1, true, "Afspraak gemaakt voor een werkfit-traject bij Drechtwerk."},
    {CASE_PLAN, -1, true,
     "Inwoner wil het rijbewijs halen; mogelijkheden voor vergoeding uitgezocht."},
    {CASE_PLAN, -1, true, "Doelen in het plan bijgesteld na overleg met de inwoner."},
    {CASE_UITVOERING, -1, true, "Sollicitatietraining gevolgd; inwoner is enthousiast."},
    {CASE_UITVOERING, -1, true,
     "Werkervaringsplaats gestart in de groenvoorziening, drie dagen per week."},
    {CASE_UITVOERING, -1, true,
     "Voortgangsgesprek met de jobcoach: inwoner komt de afspraken goed na."},
    {CASE_UITVOERING, -1, true,
     "Sollicitatiegesprek gehad bij een bouwbedrijf in Dordrecht; wacht op de uitslag."},
    {CASE_UITVOERING, -1, false,
     "Inwoner heeft zich een week ziek gemeld; contact opnieuw gepland."},
    {CASE_UITVOERING, -1, true,
     "Proefplaatsing besproken met de werkgever; start over twee weken."},
    {CASE_NAZORG, -1, true, "Inwoner is gestart met een contract voor 24 uur per week."},
    {CASE_NAZORG, -1, true, "Nazorggesprek: het werk bevalt goed, jobcoaching wordt afgebouwd."},
    {CASE_NAZORG, -1, false, "Contact met de werkgever; inwoner is goed ingewerkt."},
    {CASE_AFGESLOTEN, CLOSE_WERK, true,
     "Traject afgesloten: inwoner heeft een vaste baan en heeft geen ondersteuning meer nodig."},
    {CASE_AFGESLOTEN, CLOSE_OPLEIDING, true,
     "Traject afgesloten: inwoner start met een mbo-opleiding."},
    {CASE_AFGESLOTEN, CLOSE_VERHUISD, true,
     "Inwoner is verhuisd naar een andere gemeente; dossier overgedragen en afgesloten."},
    {CASE_AFGESLOTEN, CLOSE_ZORG, false,
     "Traject gestopt: eerst zorg en herstel; overgedragen aan het sociaal wijkteam."},
    {CASE_AFGESLOTEN, CLOSE_ANDERS, false,
     "Traject afgesloten: inwoner reageert niet meer op uitnodigingen."},
};
#define NNOTE_TEMPLATES ((int)(sizeof(note_templates) / sizeof(note_templates[0])))

/* ---- The state of one fill ---- */

struct demo_place {
    const struct refdata_municipality *m;
    const char *slug; /* "hendrikidoambacht" */
    int weight;
    const char *case_manager_name;
    int *pc4s;
    int npc4s;
    struct policy_actor actor; /* its klantmanager */
    const char *username;
    int residents;
};

struct demo {
    struct store *store;
    struct arena arena; /* lives for the whole fill */
    struct rng rng;
    struct demo_place places[DEMO_MUNICIPALITIES];
    int nplaces;
    int dordrecht; /* index into places */
    const char *region_name;
    struct refdata_first_name *first_names[3]; /* m, v, x */
    int nfirst_names[3];
    struct refdata_last_name *last_names;
    int nlast_names;
    int64_t *last_cumulative; /* running sum of the 2007 counts */
    uint32_t bsns[BSN_SET_SIZE];
    int64_t org_ids[DORG_COUNT];
    bool admin_existed;
    int64_t resident_user_resident_id;
    const char *resident_user_name;
    /* What was made, counted as it was made. */
    int residents, cases, older_cases, notes;
    int per_phase[CASE_PHASE_COUNT];
    int per_visibility[NOTE_VISIBILITY_COUNT];
    int per_reason[CLOSE_REASON_COUNT];
};

/* The plan for one case: where it ends and which notes it gets. */
struct case_plan {
    enum case_phase path[12]; /* path[0] is aanmelding, where it opens */
    int npath;
    enum close_reason reason; /* when the path ends in afgesloten */
    int note_at[3];           /* index into path, ascending */
    int nnotes;
    bool share; /* the demo resident's own case: notes shared with them */
};

/* ---- Helpers ---- */

/* The lower-case ASCII letters of name, accents dropped, everything else
 * left out: "Hendrik-Ido-Ambacht" gives "hendrikidoambacht". For user names
 * and e-mail addresses. */
static const char *ascii_letters(struct arena *a, const char *name)
{
    const char *folded = fold_search_key(a, name);
    char *slug = arena_strdup(a, folded ? folded : "");
    size_t n = 0;
    for (const char *p = slug; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            slug[n++] = *p;
    slug[n] = '\0';
    return slug;
}

static bool bsn_set_add(struct demo *dm, uint32_t bsn)
{
    uint32_t key = bsn + 1; /* 0 marks an empty slot */
    uint32_t i = (key * 2654435761u) & (BSN_SET_SIZE - 1);
    while (dm->bsns[i]) {
        if (dm->bsns[i] == key)
            return false;
        i = (i + 1) & (BSN_SET_SIZE - 1);
    }
    dm->bsns[i] = key;
    return true;
}

/* A fresh valid BSN; at most BSN_SET_SIZE / 2 are asked for. */
static void new_bsn(struct demo *dm, char out[10])
{
    for (;;) {
        uint32_t prefix = rng_below(&dm->rng, 100000000);
        if (!bsn_complete(prefix, out))
            continue;
        uint32_t value = prefix * 10u + (uint32_t)(out[8] - '0');
        if (bsn_set_add(dm, value))
            return;
    }
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static const struct refdata_last_name *pick_last_name(struct demo *dm)
{
    int64_t total = dm->last_cumulative[dm->nlast_names - 1];
    /* total is a few million, so the modulo bias is below 1e-12. */
    uint64_t x = rng_next(&dm->rng) % (uint64_t)total;
    int lo = 0, hi = dm->nlast_names - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if ((uint64_t)dm->last_cumulative[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return &dm->last_names[lo];
}

/* Fills r with a made-up resident of place p; strings live in a. */
static void make_resident(struct demo *dm, struct arena *a, int p, struct resident *r)
{
    struct rng *g = &dm->rng;
    struct demo_place *pl = &dm->places[p];
    memset(r, 0, sizeof(*r));

    static const int gender_weights[3] = {48, 48, 4};
    int gender = rng_weighted(g, gender_weights, 3);
    if (dm->nfirst_names[gender] == 0)
        gender = dm->nfirst_names[0] ? 0 : 1;
    r->first_name = dm->first_names[gender][rng_below(g, (uint32_t)dm->nfirst_names[gender])].name;
    const struct refdata_last_name *ln = pick_last_name(dm);
    r->prefix = ln->prefix;
    r->last_name = ln->name;

    char bsn[10];
    new_bsn(dm, bsn);
    r->bsn = arena_strdup(a, bsn);

    int year = 1960 + (int)rng_below(g, 2006 - 1960 + 1);
    int month = 1 + (int)rng_below(g, 12);
    int day = 1 + (int)rng_below(g, (uint32_t)days_in_month(year, month));
    r->birth_date = arena_printf(a, "%04d-%02d-%02d", year, month, day);

    /* SA, SD and SS are never issued. */
    char l1, l2;
    do {
        l1 = (char)('A' + rng_below(g, 26));
        l2 = (char)('A' + rng_below(g, 26));
    } while (l1 == 'S' && (l2 == 'A' || l2 == 'D' || l2 == 'S'));
    r->postcode = arena_printf(a, "%04d %c%c", pl->pc4s[rng_below(g, (uint32_t)pl->npc4s)], l1, l2);
    r->municipality = pl->m->code;

    const char *first = ascii_letters(a, r->first_name);
    const char *last = ascii_letters(a, arena_printf(a, "%s%s", r->prefix, r->last_name));
    r->email = "";
    if (*first && *last && rng_percent(g, 65)) {
        switch (rng_below(g, 3)) {
        case 0:
            r->email = arena_printf(a, "%s.%s@example.nl", first, last);
            break;
        case 1:
            r->email = arena_printf(a, "%s%s%02d@example.nl", first, last, year % 100);
            break;
        default:
            r->email = arena_printf(a, "%c.%s@example.nl", first[0], last);
            break;
        }
    }
    r->phone = "";
    if (rng_percent(g, 60))
        r->phone = arena_printf(a, "06%08u", rng_below(g, 100000000));
}

/* Draws where a case goes. An early close leaves from intake, plan or
 * uitvoering with another reason than work; work is found from nazorg. */
static void plan_case(struct demo *dm, enum case_phase target, struct case_plan *cp)
{
    struct rng *g = &dm->rng;
    memset(cp, 0, sizeof(*cp));
    enum case_phase last_open = target;
    cp->reason = CLOSE_WERK;
    if (target == CASE_AFGESLOTEN) {
        if (rng_percent(g, 55)) {
            last_open = CASE_NAZORG;
        } else {
            static const int from_weights[3] = {40, 35, 25};
            last_open = (enum case_phase)(CASE_INTAKE + rng_weighted(g, from_weights, 3));
            static const int reason_weights[4] = {25, 25, 30, 20};
            static const enum close_reason reasons[4] = {CLOSE_OPLEIDING, CLOSE_VERHUISD,
                                                         CLOSE_ZORG, CLOSE_ANDERS};
            cp->reason = reasons[rng_weighted(g, reason_weights, 4)];
        }
    }
    /* Now and then a plan is revised during uitvoering. */
    bool revise = last_open >= CASE_UITVOERING && rng_percent(g, 8);
    cp->path[cp->npath++] = CASE_AANMELDING;
    for (enum case_phase ph = CASE_INTAKE; ph <= last_open; ph++) {
        cp->path[cp->npath++] = ph;
        if (ph == CASE_UITVOERING && revise) {
            cp->path[cp->npath++] = CASE_PLAN;
            cp->path[cp->npath++] = CASE_UITVOERING;
        }
    }
    if (target == CASE_AFGESLOTEN)
        cp->path[cp->npath++] = CASE_AFGESLOTEN;

    static const int note_weights[4] = {20, 35, 30, 15};
    cp->nnotes = rng_weighted(g, note_weights, 4);
    for (int i = 0; i < cp->nnotes; i++)
        cp->note_at[i] = (int)rng_below(g, (uint32_t)cp->npath);
    for (int i = 1; i < cp->nnotes; i++)
        for (int j = i; j > 0 && cp->note_at[j - 1] > cp->note_at[j]; j--) {
            int t = cp->note_at[j];
            cp->note_at[j] = cp->note_at[j - 1];
            cp->note_at[j - 1] = t;
        }
}

static const struct note_template *pick_template(struct demo *dm, enum case_phase phase,
                                                 enum close_reason reason, bool shareable_only)
{
    const struct note_template *fits[NNOTE_TEMPLATES];
    int n = 0;
    for (int i = 0; i < NNOTE_TEMPLATES; i++) {
        const struct note_template *t = &note_templates[i];
        if (t->phase == phase && (t->reason < 0 || t->reason == (int)reason) &&
            (!shareable_only || t->shareable))
            fits[n++] = t;
    }
    if (n == 0)
        return NULL;
    return fits[rng_below(&dm->rng, (uint32_t)n)];
}

static enum rc write_note(struct demo *dm, struct door *d, int64_t case_id, enum case_phase phase,
                          const struct case_plan *cp)
{
    const struct note_template *t = pick_template(dm, phase, cp->reason, cp->share);
    if (!t)
        t = pick_template(dm, phase, cp->reason, false);
    if (!t)
        return RC_OK;
    static const int visibility_weights[NOTE_VISIBILITY_COUNT] = {70, 15, 15};
    enum note_visibility v =
        (enum note_visibility)rng_weighted(&dm->rng, visibility_weights, NOTE_VISIBILITY_COUNT);
    if (cp->share)
        v = NOTE_RESIDENT;
    else if (v == NOTE_RESIDENT && !t->shareable)
        v = NOTE_PROFESSIONALS;
    struct note nt;
    enum rc rc = door_note_create(d, case_id, v, t->text, &nt);
    if (rc) {
        fprintf(stderr, "werkroute: demo: note on case %lld failed: %s\n", (long long)case_id,
                rc_name(rc));
        return rc;
    }
    dm->notes++;
    dm->per_visibility[v]++;
    return RC_OK;
}

/* Opens a case for resident_id and walks it along cp->path, writing the
 * notes where the plan puts them. */
static enum rc run_case(struct demo *dm, struct door *d, int64_t resident_id,
                        const struct case_plan *cp)
{
    struct case_file c;
    enum rc rc = door_case_open(d, resident_id, &c);
    if (rc) {
        fprintf(stderr, "werkroute: demo: opening a case for resident %lld failed: %s\n",
                (long long)resident_id, rc_name(rc));
        return rc;
    }
    int next_note = 0;
    for (int k = 0; k < cp->npath; k++) {
        enum case_phase ph = cp->path[k];
        if (k > 0) {
            const char *reason = ph == CASE_AFGESLOTEN ? close_reason_name(cp->reason) : NULL;
            rc = door_case_transition(d, c.id, ph, reason, &c);
            if (rc) {
                fprintf(stderr, "werkroute: demo: moving case %lld to %s failed: %s\n",
                        (long long)c.id, case_phase_name(ph), rc_name(rc));
                return rc;
            }
        }
        for (; next_note < cp->nnotes && cp->note_at[next_note] == k; next_note++) {
            rc = write_note(dm, d, c.id, ph, cp);
            if (rc)
                return rc;
        }
    }
    dm->cases++;
    dm->per_phase[cp->path[cp->npath - 1]]++;
    if (cp->path[cp->npath - 1] == CASE_AFGESLOTEN)
        dm->per_reason[cp->reason]++;
    return RC_OK;
}

static void print_field_errors(const struct field_errors *errs)
{
    for (int f = 0; f < RF_COUNT; f++)
        if (errs->msg[f])
            fprintf(stderr, "werkroute: demo:   %s: %s\n",
                    resident_field_name((enum resident_field)f), errs->msg[f]);
}

/* Makes resident number i with its cases and notes, as the klantmanager of
 * its municipality, each write a transaction of its own. */
static enum rc make_one(struct demo *dm, int i, bool *made_resident_user)
{
    struct rng *g = &dm->rng;
    int weights[DEMO_MUNICIPALITIES];
    for (int p = 0; p < dm->nplaces; p++)
        weights[p] = dm->places[p].weight;
    int p = rng_weighted(g, weights, dm->nplaces);
    /* The first resident of Dordrecht is the one who logs in as inwoner:
     * a case in uitvoering, with notes shared with them. */
    bool for_login = p == dm->dordrecht && !*made_resident_user;
    struct demo_place *pl = &dm->places[p];

    struct arena a;
    arena_init(&a);
    struct door d;
    door_init(&d, dm->store, &a, &pl->actor, pl->username, DEMO_IP);
    struct resident r;
    make_resident(dm, &a, p, &r);
    if (for_login && !*r.email)
        r.email = arena_printf(&a, "%s@example.nl", ascii_letters(&a, r.first_name));
    struct field_errors errs;
    enum rc rc = door_resident_create(&d, &r, &errs);
    if (rc) {
        fprintf(stderr, "werkroute: demo: creating resident %d failed: %s\n", i + 1, rc_name(rc));
        print_field_errors(&errs);
        goto out;
    }
    dm->residents++;
    pl->residents++;
    if (for_login) {
        dm->resident_user_resident_id = r.id;
        dm->resident_user_name = arena_strdup(&dm->arena, resident_display_name(&a, &r));
        *made_resident_user = true;
    }

    /* About 9 in 10 residents have a case; 1 in 20 of those had one before. */
    if (!for_login && !rng_percent(g, 90))
        goto out;
    struct case_plan cp;
    if (!for_login && rng_percent(g, 5)) {
        plan_case(dm, CASE_AFGESLOTEN, &cp);
        if (cp.nnotes > 2)
            cp.nnotes = 2;
        rc = run_case(dm, &d, r.id, &cp);
        if (rc)
            goto out;
        dm->older_cases++;
    }
    enum case_phase target =
        for_login ? CASE_UITVOERING
                  : (enum case_phase)rng_weighted(g, phase_weights, CASE_PHASE_COUNT);
    plan_case(dm, target, &cp);
    if (for_login) {
        cp.share = true;
        cp.nnotes = 3;
        cp.note_at[0] = 1;
        cp.note_at[1] = cp.npath - 2;
        cp.note_at[2] = cp.npath - 1;
    }
    rc = run_case(dm, &d, r.id, &cp);
out:
    door_release(&d);
    arena_release(&a);
    return rc;
}

/* ---- Reading the reference data ---- */

static enum rc load_reference(struct demo *dm, const char *data_dir)
{
    struct arena *a = &dm->arena;
    struct refdata_municipality *ms;
    int n;
    enum rc rc = refdata_municipalities(a, data_dir, DEMO_REGION, &ms, &n);
    if (rc)
        return rc;
    if (n != DEMO_MUNICIPALITIES) {
        fprintf(stderr,
                "werkroute: demo: expected %d municipalities in arbeidsmarktregio %s in "
                "gemeenten_2024.tsv, found %d\n",
                DEMO_MUNICIPALITIES, DEMO_REGION, n);
        return RC_INVALID;
    }
    dm->nplaces = n;
    dm->dordrecht = -1;
    dm->region_name = ms[0].region_name;
    const char *codes[DEMO_MUNICIPALITIES];
    for (int i = 0; i < n; i++) {
        struct demo_place *pl = &dm->places[i];
        pl->m = &ms[i];
        pl->slug = ascii_letters(a, ms[i].name);
        pl->weight = 20000;
        pl->case_manager_name = arena_printf(a, "Klantmanager %s", ms[i].name);
        for (size_t k = 0; k < sizeof(known_places) / sizeof(known_places[0]); k++) {
            if (strcmp(known_places[k].code, ms[i].code) == 0) {
                pl->weight = known_places[k].inhabitants;
                pl->case_manager_name = known_places[k].case_manager;
            }
        }
        if (strcmp(ms[i].code, DEMO_DORDRECHT) == 0)
            dm->dordrecht = i;
        codes[i] = ms[i].code;
    }
    if (dm->dordrecht < 0) {
        fprintf(stderr, "werkroute: demo: Dordrecht (%s) is not in arbeidsmarktregio %s\n",
                DEMO_DORDRECHT, DEMO_REGION);
        return RC_INVALID;
    }

    struct refdata_pc4 *pcs;
    int npcs;
    rc = refdata_pc4s(a, data_dir, codes, n, &pcs, &npcs);
    if (rc)
        return rc;
    for (int i = 0; i < n; i++) {
        struct demo_place *pl = &dm->places[i];
        pl->pc4s = arena_alloc(a, sizeof(int) * (size_t)(npcs + 1));
        for (int k = 0; k < npcs; k++)
            if (strcmp(pcs[k].municipality, pl->m->code) == 0)
                pl->pc4s[pl->npc4s++] = pcs[k].pc4;
        if (pl->npc4s == 0) {
            fprintf(stderr, "werkroute: demo: pc4_centroids.tsv has no postcode area in %s (%s)\n",
                    pl->m->name, pl->m->code);
            return RC_INVALID;
        }
    }

    struct refdata_first_name *fn;
    int nfn;
    rc = refdata_first_names(a, data_dir, &fn, &nfn);
    if (rc)
        return rc;
    static const char genders[3] = {'m', 'v', 'x'};
    for (int gi = 0; gi < 3; gi++) {
        dm->first_names[gi] = arena_alloc(a, sizeof(*fn) * (size_t)(nfn + 1));
        for (int k = 0; k < nfn; k++)
            if (fn[k].gender == genders[gi])
                dm->first_names[gi][dm->nfirst_names[gi]++] = fn[k];
    }
    if (dm->nfirst_names[0] + dm->nfirst_names[1] == 0) {
        fprintf(stderr, "werkroute: demo: voornamen_nl_faker.tsv has no male or female names\n");
        return RC_INVALID;
    }

    rc = refdata_last_names(a, data_dir, &dm->last_names, &dm->nlast_names);
    if (rc)
        return rc;
    if (dm->nlast_names == 0) {
        fprintf(stderr, "werkroute: demo: achternamen_top1000_2007.tsv has no names\n");
        return RC_INVALID;
    }
    dm->last_cumulative = arena_alloc(a, sizeof(int64_t) * (size_t)dm->nlast_names);
    int64_t sum = 0;
    for (int k = 0; k < dm->nlast_names; k++) {
        /* A name counted 0 times still turns up now and then. */
        sum += dm->last_names[k].count > 0 ? dm->last_names[k].count : 1;
        dm->last_cumulative[k] = sum;
    }
    return RC_OK;
}

/* ---- The directory: municipalities, organisations, users ---- */

/* Whether the database already holds residents. Only a yes or no about the
 * table as a whole, no one's personal data, so it does not pass the door
 * (which answers questions about residents, not about the table). */
static void org_codes(struct demo *dm, enum demo_org o, const char **codes, int *n)
{
    *n = 0;
    if (!org_specs[o].codes[0]) {
        for (int i = 0; i < dm->nplaces; i++)
            codes[(*n)++] = dm->places[i].m->code;
        return;
    }
    for (int i = 0; i < 3 && org_specs[o].codes[i]; i++)
        codes[(*n)++] = org_specs[o].codes[i];
}

static bool place_known(const struct demo *dm, const char *code)
{
    for (int i = 0; i < dm->nplaces; i++)
        if (strcmp(dm->places[i].m->code, code) == 0)
            return true;
    return false;
}

static enum rc create_user(struct db *db, const struct user *u, const char *hash, int64_t *id)
{
    enum rc rc = directory_user_create(db, u, hash, id);
    if (rc)
        fprintf(stderr, "werkroute: demo: creating user %s failed: %s\n", u->username, rc_name(rc));
    return rc;
}

/* Writes municipalities, organisations and users in one transaction, then
 * turns each klantmanager into the actor of its municipality. hashes holds
 * the hashes for user_specs, then one per municipality. */
static enum rc make_directory(struct demo *dm, struct db *db, char (*hashes)[PASSWORD_HASH_MAX])
{
    struct arena *a = &dm->arena;
    enum rc rc = db_begin(db, true);
    if (rc)
        return rc;
    for (int i = 0; !rc && i < dm->nplaces; i++) {
        const struct refdata_municipality *m = dm->places[i].m;
        struct municipality dm_m = {.code = m->code,
                                    .name = m->name,
                                    .region_code = m->region_code,
                                    .region_name = m->region_name};
        rc = directory_municipality_put(db, &dm_m);
    }
    for (int o = 0; !rc && o < DORG_COUNT; o++) {
        const char *codes[DEMO_MUNICIPALITIES];
        struct organisation org = {
            .name = org_specs[o].name, .kind = org_specs[o].kind, .municipalities = codes};
        org_codes(dm, (enum demo_org)o, codes, &org.nmunicipalities);
        rc = directory_organisation_create(db, &org, &dm->org_ids[o]);
        if (rc)
            fprintf(stderr, "werkroute: demo: creating organisation %s failed: %s\n",
                    org_specs[o].name, rc_name(rc));
    }
    for (int k = 0; !rc && k < NUSER_SPECS; k++) {
        if (strcmp(user_specs[k].username, "admin") == 0 && dm->admin_existed)
            continue;
        const char *codes[DEMO_MUNICIPALITIES];
        struct user u = {.username = user_specs[k].username,
                         .display_name = user_specs[k].display_name,
                         .role = user_specs[k].role,
                         .organisation_id = dm->org_ids[user_specs[k].org],
                         .municipalities = codes};
        if (user_specs[k].scope == SCOPE_ALL)
            org_codes(dm, DORG_SOCIALE_DIENST, codes, &u.nmunicipalities);
        else if (user_specs[k].scope == SCOPE_ORG)
            org_codes(dm, user_specs[k].org, codes, &u.nmunicipalities);
        int64_t id;
        rc = create_user(db, &u, hashes[k], &id);
    }
    int64_t km_ids[DEMO_MUNICIPALITIES];
    for (int i = 0; !rc && i < dm->nplaces; i++) {
        struct demo_place *pl = &dm->places[i];
        const char *codes[1] = {pl->m->code};
        pl->username = arena_printf(a, "km.%s", pl->slug);
        struct user u = {.username = pl->username,
                         .display_name = pl->case_manager_name,
                         .role = ROLE_CASE_MANAGER,
                         .organisation_id = dm->org_ids[DORG_SOCIALE_DIENST],
                         .municipalities = codes,
                         .nmunicipalities = 1};
        rc = create_user(db, &u, hashes[NUSER_SPECS + i], &km_ids[i]);
    }
    if (rc) {
        db_rollback(db);
        return rc;
    }
    rc = db_commit(db);
    for (int i = 0; !rc && i < dm->nplaces; i++) {
        struct user u;
        rc = directory_user_get(db, a, km_ids[i], &u);
        if (!rc)
            directory_actor(&u, &dm->places[i].actor);
    }
    return rc;
}

/* ---- The summary ---- */

/* The number of characters (code points) in UTF-8 text s. */
static int text_width(const char *s)
{
    int chars = 0;
    for (const char *p = s; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            chars++;
    return chars;
}

/* Prints s left-aligned in a column of width characters plus two spaces. */
static void print_cell(FILE *out, const char *s, int width)
{
    fprintf(out, "%s  ", s);
    for (int chars = text_width(s); chars < width; chars++)
        fputc(' ', out);
}

static const char *place_name(const struct demo *dm, const char *code)
{
    for (int i = 0; i < dm->nplaces; i++)
        if (strcmp(dm->places[i].m->code, code) == 0)
            return dm->places[i].m->name;
    return code;
}

static enum rc print_summary(struct demo *dm, struct db *db, const char *password, double seconds,
                             FILE *out)
{
    struct arena *a = &dm->arena;
    struct user *users;
    int n;
    enum rc rc = directory_users(db, a, &users, &n);
    if (rc)
        return rc;
    fprintf(out, "Demo-regio %s (%s) gevuld in %.1f s.\n\n", dm->region_name, DEMO_REGION, seconds);
    static const char *const heads[] = {"gebruikersnaam", "naam", "rol", "organisatie"};
    int widths[4];
    for (int c = 0; c < 4; c++)
        widths[c] = text_width(heads[c]);
    for (int i = 0; i < n; i++) {
        const char *cells[4] = {users[i].username, users[i].display_name, role_name(users[i].role),
                                users[i].organisation_name};
        for (int c = 0; c < 4; c++)
            if (text_width(cells[c]) > widths[c])
                widths[c] = text_width(cells[c]);
    }
    for (int c = 0; c < 4; c++)
        print_cell(out, heads[c], widths[c]);
    fprintf(out, "gemeenten\n");
    for (int i = 0; i < n; i++) {
        const struct user *u = &users[i];
        print_cell(out, u->username, widths[0]);
        print_cell(out, u->display_name, widths[1]);
        print_cell(out, role_name(u->role), widths[2]);
        print_cell(out, u->organisation_name, widths[3]);
        if (u->nmunicipalities == 0) {
            fprintf(out, "-");
        } else if (u->nmunicipalities == dm->nplaces) {
            fprintf(out, "alle %d (%s)", dm->nplaces, dm->region_name);
        } else {
            for (int k = 0; k < u->nmunicipalities; k++)
                fprintf(out, "%s%s", k ? ", " : "", place_name(dm, u->municipalities[k]));
        }
        fputc('\n', out);
    }
    fprintf(out, "\nWachtwoord voor alle demo-gebruikers: %s\n", password);
    if (dm->admin_existed)
        fprintf(out, "(admin bestond al en houdt het eigen wachtwoord)\n");
    fprintf(out, "Gebruiker inwoner is %s, inwoner %lld in %s.\n", dm->resident_user_name,
            (long long)dm->resident_user_resident_id, dm->places[dm->dordrecht].m->name);

    fprintf(out, "\nInwoners: %d\n", dm->residents);
    for (int i = 0; i < dm->nplaces; i++)
        fprintf(out, "  %-24s %5d\n", dm->places[i].m->name, dm->places[i].residents);
    fprintf(out, "Dossiers: %d (waarvan %d eerdere, afgesloten)\n", dm->cases, dm->older_cases);
    for (int ph = 0; ph < CASE_PHASE_COUNT; ph++)
        fprintf(out, "  %-24s %5d\n", case_phase_name((enum case_phase)ph), dm->per_phase[ph]);
    fprintf(out, "Afgesloten per reden:\n");
    for (int r = 0; r < CLOSE_REASON_COUNT; r++)
        if (dm->per_reason[r])
            fprintf(out, "  %-24s %5d\n", close_reason_name((enum close_reason)r),
                    dm->per_reason[r]);
    fprintf(out, "Journaalregels: %d\n", dm->notes);
    for (int v = 0; v < NOTE_VISIBILITY_COUNT; v++)
        fprintf(out, "  %-24s %5d\n", note_visibility_name((enum note_visibility)v),
                dm->per_visibility[v]);
    return RC_OK;
}

/* ---- ESCO ---- */

/* import_esco loads ESCO from the reference data, as `werkroute import
 * esco` would: the forms pick occupations and skills from it. */
static enum rc import_esco(struct store *store, const char *data_dir, FILE *out)
{
    struct db *db = store_acquire(store);
    struct esco_import_report r;
    enum rc rc = esco_import(db, data_dir, &r);
    store_release(store, db);
    if (rc)
        return rc;
    fprintf(out,
            "ESCO: %lld beroepen, %lld vaardigheden, %lld relaties beroep-vaardigheid "
            "(%.1f s).\n%s\n\n",
            (long long)r.counts.occupations, (long long)r.counts.skills,
            (long long)r.counts.relations, r.seconds, ESCO_ATTRIBUTION);
    return RC_OK;
}

/* ---- The fill ---- */

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

enum rc demo_fill(struct store *store, const char *data_dir, const char *password, uint64_t seed,
                  FILE *out)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (!password || !*password) {
        fprintf(stderr, "werkroute: demo: no password for the demo users\n");
        return RC_INVALID;
    }
    struct demo *dm = xcalloc(1, sizeof(*dm));
    dm->store = store;
    arena_init(&dm->arena);
    dm->rng.state = seed;
    int nhashes = NUSER_SPECS + DEMO_MUNICIPALITIES + 1;
    char(*hashes)[PASSWORD_HASH_MAX] = xcalloc((size_t)nhashes, PASSWORD_HASH_MAX);
    struct db *db = NULL;

    enum rc rc = load_reference(dm, data_dir);
    if (rc)
        goto out;
    for (int o = 0; o < DORG_COUNT; o++) {
        for (int k = 0; k < 3 && org_specs[o].codes[k]; k++) {
            if (!place_known(dm, org_specs[o].codes[k])) {
                fprintf(stderr, "werkroute: demo: %s is not in arbeidsmarktregio %s\n",
                        org_specs[o].codes[k], DEMO_REGION);
                rc = RC_INVALID;
                goto out;
            }
        }
    }

    db = store_acquire(store);
    bool exist = false;
    rc = store_has_residents(db, &exist);
    if (rc)
        goto out;
    if (exist) {
        fprintf(stderr, "werkroute: demo: the database already holds residents; fill a new "
                        "database instead\n");
        rc = RC_CONFLICT;
        goto out;
    }
    struct user admin;
    rc = directory_user_by_name(db, &dm->arena, "admin", &admin);
    if (rc == RC_OK)
        dm->admin_existed = true;
    else if (rc != RC_NOT_FOUND)
        goto out;
    store_release(store, db);
    db = NULL;

    /* Every user gets a hash of its own (its own salt), made before the
     * directory transaction so the write lock is held briefly. */
    for (int k = 0; k < nhashes; k++) {
        if (k < NUSER_SPECS && dm->admin_existed && strcmp(user_specs[k].username, "admin") == 0)
            continue;
        rc = password_hash(password, hashes[k]);
        if (rc) {
            fprintf(stderr, "werkroute: demo: hashing the password failed: %s\n", rc_name(rc));
            goto out;
        }
    }
    db = store_acquire(store);
    rc = make_directory(dm, db, hashes);
    store_release(store, db);
    db = NULL;
    if (rc)
        goto out;

    /* The door borrows its own connection for every resident. */
    bool made_resident_user = false;
    for (int i = 0; i < DEMO_RESIDENTS; i++) {
        rc = make_one(dm, i, &made_resident_user);
        if (rc) {
            fprintf(stderr,
                    "werkroute: demo: stopped after %d residents; the database holds "
                    "what was made so far\n",
                    dm->residents);
            goto out;
        }
    }
    if (!made_resident_user) {
        fprintf(stderr, "werkroute: demo: no resident of Dordrecht to link user inwoner to\n");
        rc = RC_INVALID;
        goto out;
    }

    rc = import_esco(store, data_dir, out);
    if (rc)
        goto out;
    rc = demo_intake_fill(store, seed, out);
    if (rc)
        goto out;
    rc = demo_referrals(store, out);
    if (rc)
        goto out;
    rc = demo_network(store, data_dir, seed, dm->resident_user_resident_id, out);
    if (rc)
        goto out;

    db = store_acquire(store);
    struct user resident_user = {.username = "inwoner",
                                 .display_name = dm->resident_user_name,
                                 .role = ROLE_RESIDENT,
                                 .organisation_id = dm->org_ids[DORG_SOCIALE_DIENST],
                                 .resident_id = dm->resident_user_resident_id};
    int64_t id;
    rc = create_user(db, &resident_user, hashes[NUSER_SPECS + DEMO_MUNICIPALITIES], &id);
    /* The catalogue's doors borrow the only connection of the pool. */
    store_release(store, db);
    db = NULL;
    if (!rc)
        rc = demo_catalogue(store, out);
    if (!rc)
        db = store_acquire(store);
    if (!rc)
        rc = print_summary(dm, db, password, seconds_since(&start), out);
out:
    if (db)
        store_release(store, db);
    arena_release(&dm->arena);
    free(hashes);
    free(dm);
    return rc;
}
