-- Werkroute foundation: the region, its organisations and users, residents,
-- cases, notes, sessions and the audit log. Timestamps are UTC ISO 8601 text
-- written by the application, so both stores hold the same values.

CREATE TABLE municipalities (
    code        TEXT PRIMARY KEY CHECK (code GLOB 'GM[0-9][0-9][0-9][0-9]'),
    name        TEXT NOT NULL,
    province    TEXT NOT NULL DEFAULT '',
    region_code TEXT NOT NULL DEFAULT '',
    region_name TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('municipal', 'social_work_company', 'employer', 'other')),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE organisation_municipalities (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    municipality    TEXT NOT NULL REFERENCES municipalities (code),
    PRIMARY KEY (organisation_id, municipality)
) STRICT;

CREATE TABLE residents (
    id           INTEGER PRIMARY KEY,
    bsn          TEXT NOT NULL UNIQUE,
    first_name   TEXT NOT NULL,
    prefix       TEXT NOT NULL DEFAULT '',
    last_name    TEXT NOT NULL,
    birth_date   TEXT NOT NULL,
    postcode     TEXT NOT NULL,
    pc4          INTEGER NOT NULL,
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    search_key   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX residents_by_municipality ON residents (municipality, last_name, first_name);
CREATE INDEX residents_by_postcode ON residents (pc4);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('case_manager', 'job_coach', 'employer_adviser',
                        'employer', 'resident', 'manager', 'admin', 'auditor')),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    resident_id     INTEGER REFERENCES residents (id),
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE user_municipalities (
    user_id      INTEGER NOT NULL REFERENCES users (id),
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    PRIMARY KEY (user_id, municipality)
) STRICT;

-- Only a hash of each session token is kept: a copy of the database does not
-- let anyone log in. Times are Unix seconds.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL CHECK (kind IN ('cookie', 'bearer')),
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    ip         TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    resident_id     INTEGER NOT NULL REFERENCES residents (id),
    phase           TEXT NOT NULL CHECK (phase IN ('aanmelding', 'intake', 'plan', 'uitvoering',
                        'nazorg', 'afgesloten')),
    route           TEXT NOT NULL DEFAULT '',
    close_reason    TEXT NOT NULL DEFAULT '',
    case_manager_id INTEGER REFERENCES users (id),
    opened_at       TEXT NOT NULL,
    closed_at       TEXT
) STRICT;
CREATE INDEX cases_by_resident ON cases (resident_id);
CREATE INDEX cases_by_manager ON cases (case_manager_id, phase);

CREATE TABLE case_transitions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    from_phase TEXT NOT NULL,
    to_phase   TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users (id),
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX case_transitions_by_case ON case_transitions (case_id, id);

CREATE TABLE notes (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    author_id       INTEGER REFERENCES users (id),
    author_org      INTEGER REFERENCES organisations (id),
    visibility      TEXT NOT NULL CHECK (visibility IN ('professionals', 'internal', 'resident')),
    text            TEXT NOT NULL,
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX notes_by_case ON notes (case_id, id);

-- Every read and write of personal data, allowed or refused.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    user_id         INTEGER,
    username        TEXT NOT NULL,
    role            TEXT NOT NULL,
    organisation_id INTEGER,
    resident_id     INTEGER,
    case_id         INTEGER,
    action          TEXT NOT NULL,
    allowed         INTEGER NOT NULL,
    reason          TEXT NOT NULL,
    ip              TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_resident ON audit_log (resident_id, id);
CREATE INDEX audit_by_user ON audit_log (username, id);
