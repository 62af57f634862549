/* libFuzzer target: the CSV/TSV reader (src/core/csv.c) on any bytes, as
 * CSV and as TSV, with small limits so the limit paths are reached too. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csv.h"
#include "fold.h"

static void read_all(const uint8_t *data, size_t size, const struct csv_options *opt)
{
    struct csv c;
    csv_init_buffer(&c, (const char *)data, size, opt);
    bool got;
    int first = -1;
    while (csv_next(&c, &got) == RC_OK && got) {
        if (first < 0)
            first = c.nfields;
        if (c.nfields != first || c.nfields < 1 || c.nfields > opt->max_fields)
            __builtin_trap();
        for (int i = 0; i < c.nfields; i++) {
            size_t n = strlen(c.fields[i]);
            if (n > opt->max_field || !utf8_valid(c.fields[i], n))
                __builtin_trap();
        }
    }
    csv_release(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_options csv = {.separator = ',', .quoting = true, .max_field = 64, .max_fields = 8};
    struct csv_options tsv = {
        .separator = '\t', .quoting = false, .max_field = 64, .max_fields = 8};
    read_all(data, size, &csv);
    read_all(data, size, &tsv);
    return 0;
}
