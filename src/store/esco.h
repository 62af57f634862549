/* ESCO, the European classification of occupations and skills, in the
 * store: importing it from a directory of files, and looking occupations and
 * skills up for the forms that pick them. ESCO is reference data, not
 * personal data: it does not go through the door (door.h).
 *
 * Every page or answer that shows ESCO data must carry ESCO_ATTRIBUTION
 * (ESCO is © European Union; reuse is allowed when the source is named). */
#ifndef WR_ESCO_H
#define WR_ESCO_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "db.h"
#include "rc.h"

#define ESCO_ATTRIBUTION "This service uses the ESCO classification of the European Commission."

/* A search query: at most this many characters and words. */
#define ESCO_QUERY_MAX_CHARS 100
#define ESCO_QUERY_MAX_WORDS 6

enum esco_kind { ESCO_OCCUPATION, ESCO_SKILL };

/* Rows per ESCO table, after an import or as esco_count finds them. */
struct esco_counts {
    int64_t occupations, skills, relations, broader, skill_groups, isco_groups;
    int64_t labels, words;
};

/* What an import read and did. */
struct esco_import_report {
    bool official_layout;        /* the ESCO CSV download, else the shared TSV files */
    struct esco_counts counts;   /* rows in the tables afterwards */
    int64_t skipped_relations;   /* naming an unknown occupation or skill, or repeated */
    int64_t skipped_broader;     /* repeated broader pairs */
    int64_t english_only_skills; /* skills without a Dutch label */
    double seconds;
};

/* esco_import loads the ESCO files in dir into the store, in one
 * transaction: occupations, skills, their labels in Dutch and English (all
 * preferred and alternative ones, with their folded search words), the
 * occupation-skill relations, the skill hierarchy, the skill groups and the
 * ISCO-08 groups. Two layouts are read, by which files exist:
 *
 *  - the ESCO CSV download: occupations_nl.csv and/or occupations_en.csv,
 *    skills_{nl,en}.csv, skillGroups_{nl,en}.csv, ISCOGroups_{nl,en}.csv,
 *    occupationSkillRelations_{en,nl}.csv (or without a language) and
 *    broaderRelationsSkillPillar_{en,nl}.csv (RFC 4180 CSV with a header
 *    row; altLabels newline-separated). Used when occupations_nl.csv or
 *    occupations_en.csv is there; a language without files has no labels.
 *  - the shared copy (data/SOURCES.md): esco_occupations.tsv,
 *    esco_skills.tsv, esco_occupation_skill_relations.tsv,
 *    esco_skill_broader.tsv, esco_skill_groups.tsv, isco08_groups.tsv.
 *
 * Running it again with the same files leaves the same rows: occupations,
 * skills and groups are updated in place by URI (their ids stay), the other
 * tables are replaced. Concepts that a newer source no longer has are kept
 * (later tables may refer to them) but lose their labels and words, so the
 * search no longer finds them. Relations that name an occupation or skill
 * the source does not have are skipped and counted.
 *
 * db must not be inside a transaction. Errors, with a message on stderr
 * naming the file and line: RC_IO when a file is missing or unreadable;
 * RC_INVALID for malformed files or values (invalid UTF-8, a missing
 * column, a concept without any label, a duplicate URI); RC_TOO_BIG for an
 * overlong field; else what the store returned. On error nothing changed. */
enum rc esco_import(struct db *db, const char *dir, struct esco_import_report *report);

/* esco_count counts the rows of every ESCO table. */
enum rc esco_count(struct db *db, struct esco_counts *out);

/* One occupation or skill as the forms show it. label follows the display
 * rule: the Dutch label where there is one (label_lang "nl"), else the
 * English one (label_lang "en") with group_label, the Dutch label of the
 * skill's nearest skill group or the occupation's ISCO group ("" when there
 * is none). All strings live in the caller's arena; "" when not available. */
struct esco_concept {
    int64_t id;
    const char *uri;
    const char *label;
    const char *label_lang;  /* "nl" or "en" */
    const char *group_label; /* "" unless label_lang is "en" */
    const char *label_nl, *label_en;
    const char *code;       /* occupation: ESCO code ("7212.1"); skill: "" */
    const char *isco_code;  /* occupation: ISCO-08 unit group ("7212"); skill: "" */
    const char *skill_type; /* skill: "skill/competence" or "knowledge"; occupation: "" */
    const char *relation;   /* from esco_occupation_skills: "essential" or "optional"; else "" */
};

/* esco_query_check tells whether q is a query esco_search takes: valid
 * UTF-8, 1 to ESCO_QUERY_MAX_CHARS characters, not blank, at most
 * ESCO_QUERY_MAX_WORDS words. */
bool esco_query_check(const char *q);

/* esco_search finds occupations or skills by the start of any word of any of
 * their labels, Dutch or English, preferred or alternative, ignoring case
 * and accents ("cafe" finds "cafébediende"); with several words each must
 * start a word of the concept. Best first: the label shown equal to the
 * query, then another label equal to it, then the label shown starting with
 * it, then one of its words starting with it, then the rest; shorter labels
 * first. Returns up to limit from offset into *out (arena a) and the number
 * of all matches in *total. A query without any letter or digit ("--")
 * finds nothing. RC_INVALID when esco_query_check(q) fails. */
enum rc esco_search(struct db *db, struct arena *a, enum esco_kind kind, const char *q, int limit,
                    int offset, struct esco_concept **out, int *n, int64_t *total);

/* esco_get reads one occupation or skill by its URI: RC_NOT_FOUND when
 * there is none. */
enum rc esco_get(struct db *db, struct arena *a, enum esco_kind kind, const char *uri,
                 struct esco_concept *out);

/* esco_occupation_skills lists the skills of the occupation with uri,
 * essential ones first, each with its relation, by label. RC_NOT_FOUND when
 * the occupation does not exist; an occupation without relations gives
 * RC_OK with *n = 0. */
enum rc esco_occupation_skills(struct db *db, struct arena *a, const char *occupation_uri,
                               struct esco_concept **out, int *n);

#endif
