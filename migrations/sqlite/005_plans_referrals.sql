-- The work the partners do together (issue 4): the intake of a case, the
-- service catalogue, the plan van aanpak, referrals to partner
-- organisations and the resident's consents. Intakes and plans are
-- versioned: every save adds a version and the highest is current, so
-- progress over time can be shown. Dates are 'YYYY-MM-DD', timestamps UTC
-- ISO 8601 text, money whole euro cents.

-- One version of a case's intake. benefit (the uitkering and income
-- details) is for the municipality only: partners never see it.
CREATE TABLE intakes (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases (id),
    version            INTEGER NOT NULL CHECK (version >= 1),
    hours_per_week     INTEGER NOT NULL DEFAULT 0 CHECK (hours_per_week BETWEEN 0 AND 60),
    max_travel_km      INTEGER NOT NULL DEFAULT 25 CHECK (max_travel_km BETWEEN 0 AND 300),
    driving_licences   TEXT NOT NULL DEFAULT '',
    barriers           TEXT NOT NULL DEFAULT '',
    ladder_step        INTEGER NOT NULL CHECK (ladder_step BETWEEN 1 AND 6),
    ladder_measured_on TEXT NOT NULL,
    benefit            TEXT NOT NULL DEFAULT '',
    route              TEXT NOT NULL DEFAULT '' CHECK (route IN ('', 'werk', 'ontwikkelen',
                           'ondersteuning', 'beschut')),
    route_motivation   TEXT NOT NULL DEFAULT '',
    user_id            INTEGER REFERENCES users (id),
    created_at         TEXT NOT NULL,
    UNIQUE (case_id, version)
) STRICT;

CREATE TABLE intake_skills (
    intake_id INTEGER NOT NULL REFERENCES intakes (id),
    skill_id  INTEGER NOT NULL REFERENCES esco_skills (id),
    level     TEXT NOT NULL CHECK (level IN ('zelf', 'waargenomen')),
    PRIMARY KEY (intake_id, skill_id)
) STRICT;

CREATE TABLE intake_wishes (
    intake_id     INTEGER NOT NULL REFERENCES intakes (id),
    occupation_id INTEGER NOT NULL REFERENCES esco_occupations (id),
    PRIMARY KEY (intake_id, occupation_id)
) STRICT;

-- language is an ISO 639-1 code ('nl', 'ar'); level a CEFR level.
CREATE TABLE intake_languages (
    intake_id INTEGER NOT NULL REFERENCES intakes (id),
    language  TEXT NOT NULL,
    level     TEXT NOT NULL CHECK (level IN ('A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    PRIMARY KEY (intake_id, language)
) STRICT;

-- What providers offer. target_group names the group a Plusdienst is for.
CREATE TABLE services (
    id           INTEGER PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES organisations (id),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('training', 'werkfit', 'jobcoaching',
                     'werkervaringsplaats', 'beschut_werk', 'plusdienst')),
    target_group TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL CHECK (unit IN ('uur', 'dag', 'week', 'maand', 'traject')),
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    UNIQUE (provider_id, name)
) STRICT;

-- The terms on which a municipality buys a service; without a row it does
-- not. budget_cents is per calendar year and places at one time, NULL for
-- no limit; ordered_by lists the roles that may order it ('case_manager').
CREATE TABLE service_terms (
    service_id   INTEGER NOT NULL REFERENCES services (id),
    municipality TEXT NOT NULL REFERENCES municipalities (code),
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    budget_cents INTEGER CHECK (budget_cents >= 0),
    places       INTEGER CHECK (places >= 0),
    ordered_by   TEXT NOT NULL DEFAULT 'case_manager',
    PRIMARY KEY (service_id, municipality)
) STRICT;

-- One version of a case's plan van aanpak; agreed_on and agreed_how record
-- the resident's agreement to this version ('' while not agreed).
CREATE TABLE plans (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    version    INTEGER NOT NULL CHECK (version >= 1),
    agreed_on  TEXT NOT NULL DEFAULT '',
    agreed_how TEXT NOT NULL DEFAULT '' CHECK (agreed_how IN ('', 'handtekening', 'mondeling',
                   'digitaal')),
    user_id    INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    UNIQUE (case_id, version)
) STRICT;

CREATE TABLE plan_goals (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    position INTEGER NOT NULL CHECK (position >= 1),
    text     TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
) STRICT;

-- activity_key names the same activity in every version of a case's plan
-- (a referral can be for one activity). cost_cents is what ordering it
-- costs the municipality (price times units); approved_by the manager who
-- let it go over budget.
CREATE TABLE plan_activities (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans (id),
    activity_key  INTEGER NOT NULL CHECK (activity_key >= 1),
    goal_position INTEGER,
    service_id    INTEGER NOT NULL REFERENCES services (id),
    responsible   TEXT NOT NULL DEFAULT '',
    units         INTEGER NOT NULL DEFAULT 1 CHECK (units >= 1),
    starts_on     TEXT NOT NULL,
    ends_on       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('gepland', 'lopend', 'afgerond', 'gestopt')),
    stop_reason   TEXT NOT NULL DEFAULT '',
    cost_cents    INTEGER NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
    approved_by   INTEGER REFERENCES users (id),
    UNIQUE (plan_id, activity_key)
) STRICT;
CREATE INDEX plan_activities_by_service ON plan_activities (service_id);

-- A referral of a case (activity_key NULL) or one activity to a partner
-- organisation. Only an accepted referral that has not ended gives that
-- organisation's jobcoaches access.
CREATE TABLE referrals (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    activity_key    INTEGER,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    purpose         TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('aangevraagd', 'geaccepteerd', 'afgewezen',
                        'beeindigd')),
    decline_reason  TEXT NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users (id),
    created_at      TEXT NOT NULL,
    decided_by      INTEGER REFERENCES users (id),
    decided_at      TEXT NOT NULL DEFAULT '',
    ended_by        INTEGER REFERENCES users (id),
    ended_at        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX referrals_by_case ON referrals (case_id, organisation_id, status);
CREATE INDEX referrals_by_organisation ON referrals (organisation_id, status);

-- A resident's consent beyond the legal basis: to show their profile to
-- employers (organisation_id NULL: every employer of the network) or their
-- file to one named organisation. Revoked at once by setting revoked_at.
CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    resident_id     INTEGER NOT NULL REFERENCES residents (id),
    scope           TEXT NOT NULL CHECK (scope IN ('profiel_werkgevers', 'dossier_organisatie')),
    organisation_id INTEGER REFERENCES organisations (id),
    given_on        TEXT NOT NULL,
    how             TEXT NOT NULL CHECK (how IN ('handtekening', 'mondeling', 'digitaal')),
    recorded_by     INTEGER REFERENCES users (id),
    created_at      TEXT NOT NULL,
    revoked_at      TEXT NOT NULL DEFAULT '',
    revoked_by      INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX consents_by_resident ON consents (resident_id);
