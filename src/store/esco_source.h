/* Private to the ESCO import (esco_import.c): the ESCO files of a directory
 * read into memory and checked, in either layout that esco.h describes.
 * Writing them into the store is esco_import.c's job. */
#ifndef WR_ESCO_SOURCE_H
#define WR_ESCO_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "rc.h"
#include "strmap.h"

enum esco_lang { ESCO_NL, ESCO_EN, ESCO_LANGS };

/* An occupation or a skill. Every string is "" when not available; alt
 * holds the alternative labels without the preferred one and without
 * repeats. */
struct esco_src_concept {
    const char *uri;
    const char *code, *isco_code;         /* occupations */
    const char *skill_type, *reuse_level; /* skills */
    const char *label[ESCO_LANGS];
    const char **alt[ESCO_LANGS];
    int nalt[ESCO_LANGS], alt_cap[ESCO_LANGS];
    int file; /* the file that last named it: a second mention there is a repeat */
};

struct esco_src_group {
    const char *uri, *code;
    const char *label[ESCO_LANGS];
    int file;
};

struct esco_src_isco {
    const char *code, *parent_code, *uri;
    int level;
    const char *label[ESCO_LANGS];
    int file;
};

/* A relation between concepts of the source, by their index. */
struct esco_src_relation {
    int occupation, skill;
    bool essential;
};

struct esco_src_broader {
    const char *concept_type, *concept_uri, *broader_type, *broader_uri;
};

struct esco_source {
    struct arena arena; /* owns everything below */
    bool official;      /* the ESCO CSV download, else the shared TSV files */
    struct esco_src_concept *occupations, *skills;
    int noccupations, nskills;
    struct esco_src_group *groups;
    int ngroups;
    struct esco_src_isco *isco;
    int nisco;
    struct esco_src_relation *relations;
    int nrelations;
    struct esco_src_broader *broader;
    int nbroader;
    int64_t skipped_relations; /* naming an unknown occupation or skill */
    /* URI (ISCO: code) -> index in the arrays above. */
    struct strmap occupation_index, skill_index, group_index, isco_index;
    /* Private: capacities of the arrays and the number of the file being read. */
    int occupations_cap, skills_cap, groups_cap, isco_cap, relations_cap, broader_cap;
    int file;
};

/* esco_next_word finds the next word in folded text (fold_search_key): a
 * run of ASCII letters and digits and non-ASCII characters (already folded
 * to lower case without accents). It skips to the word, sets *len and
 * returns its start, or NULL when no word is left; *p moves past it. The
 * import indexes labels and the search splits queries with it, so both see
 * the same words. */
const char *esco_next_word(const char **p, size_t *len);

/* esco_source_read reads dir into src (which it initialises; release it
 * with esco_source_release also after an error). Errors as esco_import. */
enum rc esco_source_read(const char *dir, struct esco_source *src);
void esco_source_release(struct esco_source *src);

#endif
