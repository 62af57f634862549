#include "intake.h"

#include <ctype.h>
#include <string.h>

#include "fold.h"
#include "names.h"
#include "banned.h"

/* Indexed by the enums; the static assert and NAMES_FUNCTIONS keep names and
 * enums in step. */
static const char *const field_names[] = {
    "hours_per_week", "max_travel_km", "driving_licences",
    "barriers",       "ladder_step",   "ladder_measured_on",
    "benefit",        "route",         "route_motivation",
    "skills",         "wishes",        "languages",
};
_Static_assert(sizeof(field_names) / sizeof(field_names[0]) == INTAKE_FIELD_COUNT,
               "one name per intake field");

static const char *const barrier_names[] = {
    "taal",        "schulden",   "gezondheid", "zorgtaken", "vervoer",
    "huisvesting", "verslaving", "justitie",   "psychisch", "digitale_vaardigheden",
};

static const char *const licence_names[] = {"AM", "A", "B", "BE", "C", "CE", "D"};

static const char *const cefr_names[] = {"A0", "A1", "A2", "B1", "B2", "C1", "C2"};

static const char *const skill_level_names[] = {"zelf", "waargenomen"};

const char *intake_field_name(enum intake_field f)
{
    const char *n = names_at(field_names, INTAKE_FIELD_COUNT, (int)f);
    return n ? n : "";
}

void intake_fail(struct intake_errors *errs, enum intake_field f, const char *key)
{
    if ((unsigned)f < INTAKE_FIELD_COUNT && !errs->msg[f]) {
        errs->msg[f] = key;
        errs->count++;
    }
}

NAMES_FUNCTIONS(intake_barrier, intake_barrier_name, intake_barrier_parse, barrier_names,
                INTAKE_BARRIER_COUNT, NULL)

const char *intake_barrier_name_i(int i)
{
    return names_at(barrier_names, INTAKE_BARRIER_COUNT, i);
}

NAMES_FUNCTIONS(driving_licence, driving_licence_name, driving_licence_parse, licence_names,
                DRIVING_LICENCE_COUNT, NULL)

const char *driving_licence_name_i(int i)
{
    return names_at(licence_names, DRIVING_LICENCE_COUNT, i);
}

NAMES_FUNCTIONS(cefr_level, cefr_level_name, cefr_level_parse, cefr_names, CEFR_COUNT, NULL)

NAMES_FUNCTIONS(skill_level, skill_level_name, skill_level_parse, skill_level_names,
                SKILL_LEVEL_COUNT, NULL)

bool intake_language_code_valid(const char *code)
{
    return code && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z' &&
           code[2] == '\0';
}

const char *intake_set_format(struct arena *a, unsigned set, const char *(*name_of)(int), int count)
{
    size_t size = 1;
    for (int i = 0; i < count; i++)
        if (set & (1u << i))
            size += strlen(name_of(i)) + 1;
    char *out = arena_alloc(a, size), *p = out;
    for (int i = 0; i < count; i++) {
        if (!(set & (1u << i)))
            continue;
        if (p != out)
            *p++ = ',';
        size_t n = strlen(name_of(i));
        memcpy(p, name_of(i), n);
        p += n;
    }
    *p = '\0';
    return out;
}

bool intake_set_parse(const char *text, const char *(*name_of)(int), int count, unsigned *out)
{
    unsigned set = 0;
    if (!text)
        return false;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        int found = -1;
        for (int i = 0; i < count && found < 0; i++)
            if (strlen(name_of(i)) == n && strncmp(name_of(i), p, n) == 0)
                found = i;
        if (found < 0 || (set & (1u << found)))
            return false;
        set |= 1u << found;
        if (!end)
            break;
        p = end + 1;
        if (!*p)
            return false; /* a trailing comma */
    }
    *out = set;
    return true;
}

/* check_free_text cleans a multi-line text field in place: NULL becomes "". */
static void check_free_text(struct arena *a, struct intake_errors *errs, enum intake_field f,
                            const char **value, size_t max)
{
    if (!*value) {
        *value = "";
        return;
    }
    /* Four bytes a character at most: longer cannot be within max. */
    if (strlen(*value) > max * 4) {
        intake_fail(errs, f, "field.too_long");
        return;
    }
    if (!text_clean_multiline(*value, max)) {
        bool valid = utf8_valid(*value, strlen(*value));
        intake_fail(errs, f,
                    valid && text_clean_multiline(*value, SIZE_MAX) ? "field.too_long"
                                                                    : "field.text");
        return;
    }
    *value = arena_strtrim(a, *value);
}

static bool uri_ok(const char *uri)
{
    return uri && *uri && strlen(uri) <= INTAKE_URI_MAX_CHARS * 4 &&
           text_clean(uri, INTAKE_URI_MAX_CHARS) && !strchr(uri, ' ');
}

static void check_date(struct intake_errors *errs, struct intake *in, const struct date *today)
{
    struct date d;
    if (!in->ladder_measured_on || !*in->ladder_measured_on)
        intake_fail(errs, IF_LADDER_MEASURED_ON, "field.required");
    else if (!date_parse(in->ladder_measured_on, &d))
        intake_fail(errs, IF_LADDER_MEASURED_ON, "field.date");
    else if (!today || d.year > today->year ||
             (d.year == today->year &&
              (d.month > today->month || (d.month == today->month && d.day > today->day))))
        intake_fail(errs, IF_LADDER_MEASURED_ON, "field.date_future");
}

static void check_skills(struct intake_errors *errs, const struct intake *in)
{
    if (in->nskills < 0 || in->nskills > INTAKE_MAX_SKILLS || (in->nskills && !in->skills)) {
        intake_fail(errs, IF_SKILLS, "field.too_many");
        return;
    }
    for (int i = 0; i < in->nskills; i++) {
        const struct intake_skill *s = &in->skills[i];
        if (!uri_ok(s->uri))
            intake_fail(errs, IF_SKILLS, "field.esco_uri");
        else if ((unsigned)s->level >= SKILL_LEVEL_COUNT)
            intake_fail(errs, IF_SKILLS, "field.skill_level");
        for (int j = 0; j < i && !errs->msg[IF_SKILLS]; j++)
            if (strcmp(in->skills[j].uri, s->uri) == 0)
                intake_fail(errs, IF_SKILLS, "field.duplicate");
    }
}

static void check_wishes(struct intake_errors *errs, const struct intake *in)
{
    if (in->nwishes < 0 || in->nwishes > INTAKE_MAX_WISHES || (in->nwishes && !in->wishes)) {
        intake_fail(errs, IF_WISHES, "field.too_many");
        return;
    }
    for (int i = 0; i < in->nwishes; i++) {
        if (!uri_ok(in->wishes[i]))
            intake_fail(errs, IF_WISHES, "field.esco_uri");
        for (int j = 0; j < i && !errs->msg[IF_WISHES]; j++)
            if (strcmp(in->wishes[j], in->wishes[i]) == 0)
                intake_fail(errs, IF_WISHES, "field.duplicate");
    }
}

static void check_languages(struct intake_errors *errs, const struct intake *in)
{
    if (in->nlanguages < 0 || in->nlanguages > INTAKE_MAX_LANGUAGES ||
        (in->nlanguages && !in->languages)) {
        intake_fail(errs, IF_LANGUAGES, "field.too_many");
        return;
    }
    for (int i = 0; i < in->nlanguages; i++) {
        const struct intake_language *l = &in->languages[i];
        if (!intake_language_code_valid(l->code))
            intake_fail(errs, IF_LANGUAGES, "field.language");
        else if ((unsigned)l->level >= CEFR_COUNT)
            intake_fail(errs, IF_LANGUAGES, "field.cefr");
        for (int j = 0; j < i && !errs->msg[IF_LANGUAGES]; j++)
            if (strcmp(in->languages[j].code, l->code) == 0)
                intake_fail(errs, IF_LANGUAGES, "field.duplicate");
    }
}

bool intake_check(struct arena *a, struct intake *in, const struct date *today,
                  struct intake_errors *errs)
{
    if (in->hours_per_week < 0 || in->hours_per_week > INTAKE_HOURS_MAX)
        intake_fail(errs, IF_HOURS_PER_WEEK, "field.hours");
    if (in->max_travel_km < 0 || in->max_travel_km > INTAKE_TRAVEL_KM_MAX)
        intake_fail(errs, IF_MAX_TRAVEL_KM, "field.travel_km");
    if (in->licences >> DRIVING_LICENCE_COUNT)
        intake_fail(errs, IF_DRIVING_LICENCES, "field.licence");
    if (in->barriers >> INTAKE_BARRIER_COUNT)
        intake_fail(errs, IF_BARRIERS, "field.barrier");
    if (in->ladder_step < INTAKE_LADDER_MIN || in->ladder_step > INTAKE_LADDER_MAX)
        intake_fail(errs, IF_LADDER_STEP, "field.ladder_step");
    check_date(errs, in, today);
    check_free_text(a, errs, IF_BENEFIT, &in->benefit, INTAKE_BENEFIT_MAX_CHARS);
    if ((unsigned)in->route >= CASE_ROUTE_COUNT)
        intake_fail(errs, IF_ROUTE, "field.route");
    check_free_text(a, errs, IF_ROUTE_MOTIVATION, &in->route_motivation,
                    INTAKE_MOTIVATION_MAX_CHARS);
    if (!errs->msg[IF_ROUTE] && !errs->msg[IF_ROUTE_MOTIVATION] && in->route != ROUTE_NONE &&
        !*in->route_motivation)
        intake_fail(errs, IF_ROUTE_MOTIVATION, "field.motivation_required");
    check_skills(errs, in);
    check_wishes(errs, in);
    check_languages(errs, in);
    return errs->count == 0;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool intake_ladder_outdated(const char *measured_on, const struct date *today)
{
    struct date m;
    if (!today || !date_parse(measured_on, &m))
        return false;
    /* The day it is due: the same day INTAKE_LADDER_MAX_AGE_MONTHS later,
     * or the last day of that month when it is shorter. */
    int months = m.year * 12 + (m.month - 1) + INTAKE_LADDER_MAX_AGE_MONTHS;
    struct date due = {months / 12, months % 12 + 1, m.day};
    if (due.day > days_in_month(due.year, due.month))
        due.day = days_in_month(due.year, due.month);
    if (today->year != due.year)
        return today->year > due.year;
    if (today->month != due.month)
        return today->month > due.month;
    return today->day > due.day;
}
