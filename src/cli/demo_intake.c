/* The demo's intakes (demo_intake.h): every open case from plan on gets an
 * intake written through the door by its municipality's klantmanager, with
 * work wishes from a list of occupations the region's residents often aim
 * for, skills drawn from ESCO's relations of the first wish, languages,
 * hours, travel distance, licences and barriers; most have an older version
 * whose ladder step is lower, so progress shows. Deterministic for a seed. */
#include "demo_intake.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "directory.h"
#include "door_intake.h"
#include "esco.h"
#include "banned.h"

#define DEMO_IP "demo"
#define MAX_SKILLS_PER_OCCUPATION 14
/* Cases a klantmanager has at most in the demo: far more than made. */
#define CASELOAD_MAX 5000

/* The occupations wished for, by their Dutch ESCO label: the search puts
 * an equal label first. One that the loaded ESCO lacks is left out. */
static const char *const wished[] = {
    "orderpicker",
    "heftruckchauffeur",
    "schoonmaker gebouwen",
    "kassamedewerker",
    "thuiszorgmedewerker",
    "hovenier",
    "kok",
    "keukenhulp",
    "vrachtwagenchauffeur",
    "timmerman",
    "beveiliger",
    "postbode",
    "winkelmedewerker",
    "schilder bouw",
    "verkoopmedewerker",
};
#define NWISHED ((int)(sizeof(wished) / sizeof(wished[0])))

static const char *const benefits[] = {
    "Participatiewet (bijstand), norm alleenstaande",
    "Participatiewet (bijstand), norm gehuwden; partner werkt niet",
    "Participatiewet (bijstand), norm alleenstaande ouder",
    "Geen uitkering (nugger); inkomen partner",
    "WW tot eind dit jaar, daarna mogelijk bijstand",
    "Participatiewet met inkomstenvrijlating (parttime werk)",
};
#define NBENEFITS ((int)(sizeof(benefits) / sizeof(benefits[0])))

static const char *const motivations[CASE_ROUTE_COUNT][2] = {
    [ROUTE_WERK] = {"Heeft werkervaring en een duidelijke werkwens; kan met bemiddeling direct "
                    "aan de slag.",
                    "Gemotiveerd en werkfit; een proefplaatsing bij een werkgever uit het netwerk "
                    "ligt voor de hand."},
    [ROUTE_ONTWIKKELEN] = {"Wil graag werken maar mist nog werkritme; eerst een werkfit-traject "
                           "bij Drechtwerk.",
                           "Vakkennis is er, de taal nog onvoldoende: werkervaringsplaats "
                           "met taalles ernaast."},
    [ROUTE_ONDERSTEUNING] = {"Eerst de schulden op orde via de schuldhulpverlening; daarna "
                             "opnieuw kijken naar werk.",
                             "Zorgtaken en gezondheid gaan nu voor; samen met het sociaal "
                             "wijkteam een plan maken."},
    [ROUTE_BESCHUT] = {"Indicatie beschut werk afgegeven; aangewezen op een beschutte werkplek "
                       "bij Drechtwerk.",
                       "Kan alleen onder intensieve begeleiding werken; beschut werk past het "
                       "best."},
};

static const char *const second_languages[] = {"ar", "tr", "pl", "ti", "so", "uk", "en", "fa"};
#define NSECOND ((int)(sizeof(second_languages) / sizeof(second_languages[0])))

struct occupation_pool {
    const char *uri;
    const char *skills[MAX_SKILLS_PER_OCCUPATION];
    int nskills;
};

struct fill {
    struct arena arena;
    uint64_t rng;
    struct occupation_pool pool[NWISHED];
    int npool;
    int intakes, versions, outdated;
};

/* splitmix64, as the rest of the demo. */
static uint64_t next(struct fill *f)
{
    uint64_t z = (f->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int below(struct fill *f, int n)
{
    return n > 0 ? (int)(next(f) % (uint64_t)n) : 0;
}

static bool percent(struct fill *f, int p)
{
    return below(f, 100) < p;
}

/* The date days before today, as YYYY-MM-DD in a. */
static const char *days_ago(struct arena *a, const struct date *today, int days)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    struct date d = *today;
    while (days-- > 0) {
        if (--d.day > 0)
            continue;
        if (--d.month == 0) {
            d.month = 12;
            d.year--;
        }
        bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
        d.day = d.month == 2 && leap ? 29 : mdays[d.month - 1];
    }
    char out[11];
    date_format(&d, out);
    return arena_strdup(a, out);
}

/* Looks the wished occupations up once, with the skills ESCO relates to
 * each (essential ones first). */
static enum rc load_pool(struct fill *f, struct db *db)
{
    for (int i = 0; i < NWISHED; i++) {
        struct esco_concept *found, *skills;
        int n, nskills;
        int64_t total;
        enum rc rc =
            esco_search(db, &f->arena, ESCO_OCCUPATION, wished[i], 1, 0, &found, &n, &total);
        if (rc)
            return rc;
        if (n == 0)
            continue;
        rc = esco_occupation_skills(db, &f->arena, found[0].uri, &skills, &nskills);
        if (rc)
            return rc;
        if (nskills < 3)
            continue;
        struct occupation_pool *p = &f->pool[f->npool++];
        p->uri = found[0].uri;
        for (int k = 0; k < nskills && p->nskills < MAX_SKILLS_PER_OCCUPATION; k++)
            p->skills[p->nskills++] = skills[k].uri;
    }
    return RC_OK;
}

/* An intake for a case in phase ph, at ladder step `step` measured on `on`. */
static void draw_intake(struct fill *f, struct arena *a, enum case_phase ph, int step,
                        const char *on, int nskills, struct intake *in)
{
    memset(in, 0, sizeof(*in));
    static const int hours[] = {8, 12, 16, 20, 24, 24, 28, 32, 32, 36, 40};
    static const int km[] = {5, 10, 10, 15, 20, 25, 25, 30, 40};
    in->hours_per_week = hours[below(f, (int)(sizeof(hours) / sizeof(hours[0])))];
    in->max_travel_km = km[below(f, (int)(sizeof(km) / sizeof(km[0])))];
    if (percent(f, 55))
        in->licences |= 1u << LICENCE_B;
    if (percent(f, 10))
        in->licences |= 1u << LICENCE_AM;
    if (in->licences && percent(f, 12))
        in->licences |= (1u << LICENCE_BE) | (1u << LICENCE_C);
    in->ladder_step = step;
    in->ladder_measured_on = on;
    in->benefit = benefits[below(f, NBENEFITS)];

    /* Dutch, and for about half a first language besides it. */
    in->languages = arena_alloc(a, sizeof(*in->languages) * 2);
    bool newcomer = percent(f, 45);
    static const enum cefr_level native[] = {CEFR_C1, CEFR_C2, CEFR_C2};
    static const enum cefr_level learning[] = {CEFR_A1, CEFR_A2, CEFR_A2, CEFR_B1, CEFR_B1};
    in->languages[in->nlanguages++] =
        (struct intake_language){"nl", newcomer ? learning[below(f, 5)] : native[below(f, 3)]};
    if (newcomer)
        in->languages[in->nlanguages++] =
            (struct intake_language){second_languages[below(f, NSECOND)], CEFR_C2};
    if (newcomer && in->languages[0].level < CEFR_B1)
        in->barriers |= 1u << BARRIER_TAAL;
    static const enum intake_barrier others[] = {
        BARRIER_SCHULDEN,  BARRIER_GEZONDHEID,  BARRIER_ZORGTAKEN,
        BARRIER_VERVOER,   BARRIER_HUISVESTING, BARRIER_DIGITALE_VAARDIGHEDEN,
        BARRIER_PSYCHISCH, BARRIER_VERSLAVING,  BARRIER_JUSTITIE,
    };
    for (int k = below(f, step <= 3 ? 4 : 2); k > 0; k--)
        in->barriers |= 1u << others[below(f, (int)(sizeof(others) / sizeof(others[0])))];

    /* The route follows the step; beschut now and then for the lowest. */
    enum case_route route = step >= 5   ? ROUTE_WERK
                            : step <= 2 ? (percent(f, 25) ? ROUTE_BESCHUT : ROUTE_ONDERSTEUNING)
                                        : ROUTE_ONTWIKKELEN;
    if (ph >= CASE_NAZORG)
        route = ROUTE_WERK;
    in->route = route;
    in->route_motivation = motivations[route][below(f, 2)];

    /* Wishes, and skills drawn from the first wish's ESCO relations. */
    if (!f->npool)
        return;
    const struct occupation_pool *p = &f->pool[below(f, f->npool)];
    in->wishes = arena_alloc(a, sizeof(*in->wishes) * 2);
    in->wishes[in->nwishes++] = p->uri;
    const struct occupation_pool *q = &f->pool[below(f, f->npool)];
    if (q != p && percent(f, 35))
        in->wishes[in->nwishes++] = q->uri;
    in->skills = arena_alloc(a, sizeof(*in->skills) * MAX_SKILLS_PER_OCCUPATION);
    int offset = below(f, p->nskills);
    for (int k = 0; k < p->nskills && in->nskills < nskills; k++) {
        const char *uri = p->skills[(offset + k) % p->nskills];
        enum skill_level level = percent(f, 40) ? SKILL_WAARGENOMEN : SKILL_ZELF;
        in->skills[in->nskills++] = (struct intake_skill){uri, level};
    }
}

static enum rc put(struct door *d, int64_t case_id, struct intake *in)
{
    struct intake_errors errs;
    int version;
    enum rc rc = door_intake_put(d, case_id, in, &errs, &version);
    if (rc) {
        fprintf(stderr, "werkroute: demo: intake of case %lld failed: %s\n", (long long)case_id,
                rc_name(rc));
        for (int k = 0; k < INTAKE_FIELD_COUNT; k++)
            if (errs.msg[k])
                fprintf(stderr, "werkroute: demo:   %s: %s\n",
                        intake_field_name((enum intake_field)k), errs.msg[k]);
    }
    return rc;
}

/* One case: maybe an older version a year ago, then the current one. */
static enum rc fill_case(struct fill *f, struct door *d, const struct case_file *c,
                         const struct date *today)
{
    struct arena *a = d->arena;
    int now_step = c->phase >= CASE_NAZORG ? 5 + below(f, 2) : 2 + below(f, 3);
    int nskills = 3 + below(f, 4);
    struct intake in;
    enum rc rc;
    if (percent(f, 70)) {
        int then_step = now_step - 1 - below(f, 2);
        if (then_step < 1)
            then_step = 1;
        draw_intake(f, a, c->phase, then_step, days_ago(a, today, 280 + below(f, 140)),
                    nskills > 3 ? nskills - 2 : nskills, &in);
        rc = put(d, c->id, &in);
        if (rc)
            return rc;
        f->versions++;
    }
    /* Most were measured in the last half year; some are overdue. */
    bool overdue = percent(f, 15);
    draw_intake(f, a, c->phase, now_step,
                days_ago(a, today, overdue ? 190 + below(f, 60) : 7 + below(f, 150)), nskills, &in);
    rc = put(d, c->id, &in);
    if (rc)
        return rc;
    f->versions++;
    f->intakes++;
    f->outdated += overdue;
    return RC_OK;
}

enum rc demo_intake_fill(struct store *store, uint64_t seed, FILE *out)
{
    struct fill fill = {.rng = seed ^ 0x1a7a4eULL};
    struct fill *f = &fill;
    arena_init(&f->arena);
    struct date today;
    struct user *users = NULL;
    int nusers = 0;
    enum rc rc = date_today(&today) ? RC_OK : RC_IO;
    struct db *db = store_acquire(store);
    if (!rc)
        rc = load_pool(f, db);
    if (!rc)
        rc = directory_users(db, &f->arena, &users, &nusers);
    store_release(store, db);
    /* The klantmanager of each municipality writes the intakes of the
     * cases they hold, each in a transaction of its own. */
    for (int u = 0; !rc && u < nusers; u++) {
        if (users[u].role != ROLE_CASE_MANAGER)
            continue;
        struct policy_actor actor;
        directory_actor(&users[u], &actor);
        struct arena a;
        arena_init(&a);
        struct door d;
        door_init(&d, store, &a, &actor, users[u].username, DEMO_IP);
        struct caseload load;
        rc = door_caseload(&d, CASELOAD_MAX, &load);
        for (int i = 0; !rc && i < load.ncases; i++) {
            const struct case_file *c = &load.cases[i];
            if (c->phase < CASE_PLAN || c->phase == CASE_AFGESLOTEN)
                continue;
            struct arena ca;
            arena_init(&ca);
            d.arena = &ca;
            rc = fill_case(f, &d, c, &today);
            d.arena = &a;
            arena_release(&ca);
        }
        door_release(&d);
        arena_release(&a);
    }
    if (!rc)
        fprintf(out,
                "Intakes: %d (met %d versies; bij %d is de laatste laddermeting ouder dan een "
                "half jaar)\n\n",
                f->intakes, f->versions, f->outdated);
    arena_release(&f->arena);
    return rc;
}
