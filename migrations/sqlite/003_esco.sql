-- ESCO, the European classification of occupations and skills (© European
-- Union; "This service uses the ESCO classification of the European
-- Commission."): reference data loaded by `werkroute import esco`
-- (src/store/esco_import.c), not personal data. Occupations, skills and
-- groups keep a numeric id that stays the same when the import runs again
-- (it upserts by URI), so later tables can refer to them; labels, words,
-- relations and the skill hierarchy are replaced as a whole by each import.
-- Empty text means "not available". Folded text (label_key, folded, word) is
-- the search form of src/core/fold.c, compared byte by byte.

-- The ISCO-08 groups, from major group (level 1) to unit group (level 4).
CREATE TABLE esco_isco_groups (
    code        TEXT PRIMARY KEY,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent_code TEXT NOT NULL DEFAULT '',
    uri         TEXT NOT NULL DEFAULT '',
    label_nl    TEXT NOT NULL DEFAULT '',
    label_en    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE esco_skill_groups (
    id       INTEGER PRIMARY KEY,
    uri      TEXT NOT NULL UNIQUE,
    code     TEXT NOT NULL DEFAULT '',
    label_nl TEXT NOT NULL DEFAULT '',
    label_en TEXT NOT NULL DEFAULT ''
) STRICT;

-- label_key is the folded label shown (Dutch, else English): search results
-- are ranked on it.
CREATE TABLE esco_occupations (
    id        INTEGER PRIMARY KEY,
    uri       TEXT NOT NULL UNIQUE,
    code      TEXT NOT NULL DEFAULT '',
    isco_code TEXT NOT NULL DEFAULT '',
    label_nl  TEXT NOT NULL DEFAULT '',
    label_en  TEXT NOT NULL DEFAULT '',
    label_key TEXT NOT NULL
) STRICT;

-- group_id is the nearest skill group with a Dutch label up the hierarchy:
-- it names a skill that has only an English label.
CREATE TABLE esco_skills (
    id          INTEGER PRIMARY KEY,
    uri         TEXT NOT NULL UNIQUE,
    skill_type  TEXT NOT NULL DEFAULT '',
    reuse_level TEXT NOT NULL DEFAULT '',
    label_nl    TEXT NOT NULL DEFAULT '',
    label_en    TEXT NOT NULL DEFAULT '',
    label_key   TEXT NOT NULL,
    group_id    INTEGER REFERENCES esco_skill_groups (id)
) STRICT;

-- Every preferred (position 0) and alternative label (1, 2, ... in source
-- order) of an occupation or skill.
CREATE TABLE esco_labels (
    kind       TEXT NOT NULL CHECK (kind IN ('occupation', 'skill')),
    concept_id INTEGER NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    folded     TEXT NOT NULL,
    PRIMARY KEY (kind, concept_id, lang, position)
) STRICT, WITHOUT ROWID;

-- Each distinct folded word of all labels of a concept: typing the start of
-- any word finds it with a range scan (word >= prefix AND word < prefix
-- followed by U+10FFFF) on the primary key.
CREATE TABLE esco_words (
    kind       TEXT NOT NULL CHECK (kind IN ('occupation', 'skill')),
    word       TEXT NOT NULL,
    concept_id INTEGER NOT NULL,
    PRIMARY KEY (kind, word, concept_id)
) STRICT, WITHOUT ROWID;

-- The primary key serves "the skills of an occupation"; the index "the
-- occupations that need a skill".
CREATE TABLE esco_occupation_skills (
    occupation_id INTEGER NOT NULL REFERENCES esco_occupations (id),
    skill_id      INTEGER NOT NULL REFERENCES esco_skills (id),
    relation      TEXT NOT NULL CHECK (relation IN ('essential', 'optional')),
    PRIMARY KEY (occupation_id, skill_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX esco_occupation_skills_by_skill ON esco_occupation_skills (skill_id);

-- The skill hierarchy as published: skill -> broader skill or skill group,
-- group -> broader group. Kept by URI, as it also names concepts that are in
-- no other table.
CREATE TABLE esco_skill_broader (
    concept_uri  TEXT NOT NULL,
    broader_uri  TEXT NOT NULL,
    concept_type TEXT NOT NULL DEFAULT '',
    broader_type TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (concept_uri, broader_uri)
) STRICT, WITHOUT ROWID;
