#include "employer.h"

#include <string.h>

#include "names.h"
#include "banned.h"

static const char *const pso_names[PSO_COUNT] = {"",       "aanloop", "trede1",
                                                 "trede2", "trede3",  "koploper"};
static const char *const kind_names[VACANCY_KIND_COUNT] = {
    "regulier", "detachering", "werkervaringsplaats", "proefplaatsing", "beschut"};
static const char *const status_names[VACANCY_STATUS_COUNT] = {"open", "gesloten"};

NAMES_FUNCTIONS(pso_level, pso_level_name, pso_level_parse, pso_names, PSO_COUNT, "")
NAMES_FUNCTIONS(vacancy_kind, vacancy_kind_name, vacancy_kind_parse, kind_names,
                VACANCY_KIND_COUNT, "")
NAMES_FUNCTIONS(vacancy_status, vacancy_status_name, vacancy_status_parse, status_names,
                VACANCY_STATUS_COUNT, "")

bool kvk_valid(const char *in, char out[9])
{
    out[0] = '\0';
    if (!in)
        return false;
    int n = 0;
    bool nonzero = false;
    char digits[9];
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '.')
            continue;
        if (*p < '0' || *p > '9' || n == 8)
            return false;
        nonzero |= *p != '0';
        digits[n++] = *p;
    }
    if (n != 8 || !nonzero)
        return false;
    digits[8] = '\0';
    memcpy(out, digits, 9);
    return true;
}

bool sbi_valid(const char *code)
{
    if (!code)
        return false;
    size_t n = strlen(code);
    if (n < 2 || n > 5)
        return false;
    for (size_t i = 0; i < n; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    return true;
}
