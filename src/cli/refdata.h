/* A small reader of the reference TSV files in a data directory (see
 * data/SOURCES.md): UTF-8, LF line endings, one header row, TAB-separated,
 * no quoting. Every file is read to its end and every line is checked (the
 * column count of the header, well-formed UTF-8, at most REFDATA_LINE_MAX
 * bytes), also the lines a filter leaves out, so a damaged file is noticed
 * whatever is asked of it.
 *
 * Errors, each with a message on stderr naming the file (and the line):
 * RC_IO when a file is missing or unreadable (the message says to pass
 * --data DIR); RC_INVALID for a malformed line, a missing column or a value
 * of the wrong shape. What the functions return lives in the arena a and
 * dies with it; on error *out is NULL and *n is 0. */
#ifndef WR_REFDATA_H
#define WR_REFDATA_H

#include <stdint.h>

#include "arena.h"
#include "rc.h"

/* The longest line accepted, newline included. */
#define REFDATA_LINE_MAX 8192

/* One row of gemeenten_2024.tsv. */
struct refdata_municipality {
    const char *code;        /* "GM0505" */
    const char *name;        /* "Dordrecht" */
    const char *province;    /* "Zuid-Holland" */
    const char *region_code; /* arbeidsmarktregio, "AM23" */
    const char *region_name; /* "Drechtsteden" */
};

/* One row of pc4_centroids.tsv: a four-digit postcode area and the 2024
 * municipality it lies in. */
struct refdata_pc4 {
    int pc4;                  /* 1000..9999 */
    const char *municipality; /* "GM0505" */
};

/* A PC4 area's centre, in 1/10,000 degrees, and its 2024 municipality. */
struct refdata_pc4_centroid {
    int pc4;
    int lat_e4, lon_e4;
    const char *municipality;
};

/* One row of voornamen_nl_faker.tsv. */
struct refdata_first_name {
    const char *name;
    char gender; /* 'm', 'v' or 'x' (neutral) */
};

/* One row of achternamen_top1000_2007.tsv, the tussenvoegsel split off. */
struct refdata_last_name {
    const char *prefix; /* "van der", "" when none */
    const char *name;   /* "Berg" */
    int64_t count;      /* bearers in 2007, for weighting */
};

/* refdata_municipalities reads gemeenten_2024.tsv in data_dir and returns the
 * municipalities of arbeidsmarktregio region_code ("AM23") in file order.
 * A region without municipalities gives RC_OK with *n = 0. */
enum rc refdata_municipalities(struct arena *a, const char *data_dir, const char *region_code,
                               struct refdata_municipality **out, int *n);

/* refdata_pc4s reads pc4_centroids.tsv in data_dir and returns the PC4 areas
 * whose gemeentecode_2024 is one of the ncodes codes, in file order. */
enum rc refdata_pc4s(struct arena *a, const char *data_dir, const char *const *codes, int ncodes,
                     struct refdata_pc4 **out, int *n);

/* refdata_first_names reads voornamen_nl_faker.tsv in data_dir. */
enum rc refdata_first_names(struct arena *a, const char *data_dir, struct refdata_first_name **out,
                            int *n);

/* refdata_last_names reads achternamen_top1000_2007.tsv in data_dir (column
 * achternaam and aantal_2007) and splits each name with
 * refdata_split_last_name. */
enum rc refdata_last_names(struct arena *a, const char *data_dir, struct refdata_last_name **out,
                           int *n);

/* refdata_split_last_name splits a leading tussenvoegsel off a surname as
 * it is written in the Dutch registers: "de Jong" gives prefix "de" and name
 * "Jong", "van der Berg" gives "van der" and "Berg", "in 't Veld" gives
 * "in 't" and "Veld"; "Jansen" gives "" and "Jansen". The longest known
 * prefix wins ("van der" before "van"); a prefix is split off only when a
 * capitalised name follows it. The spelling "' t" (a stray space) is read as
 * "'t". Both results are allocated in a. */
void refdata_split_last_name(struct arena *a, const char *full, const char **prefix,
                             const char **name);

/* refdata_pc4_centroids reads every row of pc4_centroids.tsv: the centres
 * travel distance is measured between. */
enum rc refdata_pc4_centroids(struct arena *a, const char *data_dir,
                              struct refdata_pc4_centroid **out, int *n);

#endif
