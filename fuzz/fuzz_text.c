/* libFuzzer target: the checks on what people type (BSN, postcode, dates,
 * folding, the resident record). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "bsn.h"
#include "date.h"
#include "fold.h"
#include "postcode.h"
#include "resident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a);
    char *s = arena_strndup(&a, (const char *)data, size);
    (void)bsn_valid(s);
    char pc[8];
    int pc4;
    if (postcode_normalize(s, pc, &pc4) == RC_OK && (pc4 < 1000 || pc4 > 9999 || strlen(pc) != 7))
        __builtin_trap();
    struct date d;
    if (date_parse(s, &d) && !date_valid(&d))
        __builtin_trap();
    const char *key = fold_search_key(&a, s);
    if (key && !utf8_valid(key, strlen(key)))
        __builtin_trap();
    (void)text_clean(s, 100);
    (void)text_clean_multiline(s, 10000);
    /* The same bytes as every field of a resident. */
    struct resident r = {.bsn = s, .first_name = s, .prefix = s, .last_name = s,
                         .birth_date = s, .postcode = s, .municipality = s, .email = s,
                         .phone = s};
    struct field_errors errs;
    if (resident_normalize(&a, &r, &errs) && !bsn_valid(r.bsn))
        __builtin_trap();
    (void)resident_search_key(&a, &r);
    arena_release(&a);
    return 0;
}
