/* libFuzzer target: form and query decoding (form_parse, url_decode). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "fold.h"
#include "urlcode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a);
    char *s = arena_strndup(&a, (const char *)data, size);
    struct form f;
    if (form_parse(&a, s, size, &f) == RC_OK) {
        for (int i = 0; i < f.n; i++) {
            /* Every decoded name and value is valid UTF-8 without NUL. */
            if (!utf8_valid(f.fields[i].name, strlen(f.fields[i].name)) ||
                !utf8_valid(f.fields[i].value, strlen(f.fields[i].value)))
                __builtin_trap();
        }
    }
    char *d = url_decode(&a, (const char *)data, size, true);
    if (d && !utf8_valid(d, strlen(d)))
        __builtin_trap();
    arena_release(&a);
    return 0;
}
