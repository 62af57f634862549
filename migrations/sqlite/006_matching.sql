-- Employers, workplaces and matching (issue 5): the PC4 areas travel
-- distance is measured between, the employer network and its workplaces
-- (vacatures) with their ESCO skills, a resident's confirmed availability,
-- proposals (voordrachten) and placements with their follow-up checks.
-- Dates are 'YYYY-MM-DD', timestamps UTC ISO 8601 text, money whole cents.

-- The centre of each four-digit postcode area, in 1/10,000 degrees (the
-- precision of the source), and the 2024 municipality it lies in.
CREATE TABLE pc4_areas (
    pc4          INTEGER PRIMARY KEY CHECK (pc4 BETWEEN 1000 AND 9999),
    lat_e4       INTEGER NOT NULL CHECK (lat_e4 BETWEEN 500000 AND 540000),
    lon_e4       INTEGER NOT NULL CHECK (lon_e4 BETWEEN 30000 AND 80000),
    municipality TEXT NOT NULL DEFAULT ''
) STRICT;

-- An employer is an organisation of kind 'employer' with what the employer
-- advisers keep about it. pso_level is the PSO-trede (Prestatieladder
-- Socialer Ondernemen), network the employers' network it belongs to.
CREATE TABLE employers (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations (id),
    kvk             TEXT NOT NULL UNIQUE CHECK (length(kvk) = 8),
    sbi             TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL,
    pc4             INTEGER NOT NULL,
    city            TEXT NOT NULL DEFAULT '',
    network         TEXT NOT NULL DEFAULT '',
    pso_level       TEXT NOT NULL DEFAULT '' CHECK (pso_level IN ('', 'aanloop', 'trede1', 'trede2',
                        'trede3', 'koploper')),
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE employer_contacts (
    id          INTEGER PRIMARY KEY,
    employer_id INTEGER NOT NULL REFERENCES employers (organisation_id),
    name        TEXT NOT NULL,
    position    TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX employer_contacts_by_employer ON employer_contacts (employer_id);

-- A workplace an employer offers. licences lists the driving licences it
-- needs ('B,C'); dutch_level the least CEFR level of Dutch ('' for none).
CREATE TABLE vacancies (
    id             INTEGER PRIMARY KEY,
    employer_id    INTEGER NOT NULL REFERENCES employers (organisation_id),
    title          TEXT NOT NULL,
    occupation_id  INTEGER NOT NULL REFERENCES esco_occupations (id),
    kind           TEXT NOT NULL CHECK (kind IN ('regulier', 'detachering', 'werkervaringsplaats',
                       'proefplaatsing', 'beschut')),
    hours_per_week INTEGER NOT NULL CHECK (hours_per_week BETWEEN 1 AND 60),
    places         INTEGER NOT NULL CHECK (places BETWEEN 1 AND 999),
    postcode       TEXT NOT NULL,
    pc4            INTEGER NOT NULL,
    starts_on      TEXT NOT NULL DEFAULT '',
    wage_subsidy   INTEGER NOT NULL DEFAULT 0 CHECK (wage_subsidy IN (0, 1)),
    job_coaching   INTEGER NOT NULL DEFAULT 0 CHECK (job_coaching IN (0, 1)),
    licences       TEXT NOT NULL DEFAULT '',
    dutch_level    TEXT NOT NULL DEFAULT '' CHECK (dutch_level IN ('', 'A1', 'A2', 'B1', 'B2',
                       'C1', 'C2')),
    description    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'gesloten')),
    created_by     INTEGER REFERENCES users (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX vacancies_by_employer ON vacancies (employer_id, status);

CREATE TABLE vacancy_skills (
    vacancy_id INTEGER NOT NULL REFERENCES vacancies (id),
    skill_id   INTEGER NOT NULL REFERENCES esco_skills (id),
    essential  INTEGER NOT NULL CHECK (essential IN (0, 1)),
    PRIMARY KEY (vacancy_id, skill_id)
) STRICT;

-- A case's availability for work, confirmed on a date and valid until
-- expires_on; an expired case drops out of matching until re-confirmed.
CREATE TABLE availability (
    case_id      INTEGER PRIMARY KEY REFERENCES cases (id),
    confirmed_on TEXT NOT NULL,
    expires_on   TEXT NOT NULL,
    confirmed_by INTEGER REFERENCES users (id),
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX availability_by_expiry ON availability (expires_on);

-- A proposal (voordracht) of a case for a workplace. profile_shared is the
-- professional's switch: with the resident's consent to share their profile
-- with employers, the employer then sees who it is.
CREATE TABLE proposals (
    id             INTEGER PRIMARY KEY,
    vacancy_id     INTEGER NOT NULL REFERENCES vacancies (id),
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    status         TEXT NOT NULL CHECK (status IN ('voorgesteld', 'gesprek', 'proefplaatsing',
                       'geplaatst', 'afgewezen')),
    reject_reason  TEXT NOT NULL DEFAULT '',
    profile_shared INTEGER NOT NULL DEFAULT 0 CHECK (profile_shared IN (0, 1)),
    score          INTEGER NOT NULL DEFAULT 0,
    created_by     INTEGER REFERENCES users (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX proposals_by_vacancy ON proposals (vacancy_id, status);
CREATE INDEX proposals_by_case ON proposals (case_id);
-- One open proposal per case and workplace.
CREATE UNIQUE INDEX proposals_open ON proposals (vacancy_id, case_id)
    WHERE status IN ('voorgesteld', 'gesprek', 'proefplaatsing');

CREATE TABLE proposal_steps (
    id          INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES proposals (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    user_id     INTEGER REFERENCES users (id),
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX proposal_steps_by_proposal ON proposal_steps (proposal_id);

-- A placement: the work a proposal led to. wage_cents is the gross wage per
-- hour, loonwaarde_pct what the work yields as a share of the wage.
CREATE TABLE placements (
    id             INTEGER PRIMARY KEY,
    proposal_id    INTEGER NOT NULL UNIQUE REFERENCES proposals (id),
    starts_on      TEXT NOT NULL,
    contract       TEXT NOT NULL CHECK (contract IN ('bepaalde_tijd', 'onbepaalde_tijd',
                       'detachering', 'werkervaringsplaats', 'beschut')),
    hours_per_week INTEGER NOT NULL CHECK (hours_per_week BETWEEN 1 AND 60),
    wage_cents     INTEGER NOT NULL CHECK (wage_cents >= 0),
    loonwaarde_pct INTEGER NOT NULL CHECK (loonwaarde_pct BETWEEN 0 AND 100),
    subsidy        TEXT NOT NULL CHECK (subsidy IN ('geen', 'loonkostensubsidie',
                       'loondispensatie', 'no_riskpolis')),
    job_coach      TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users (id),
    created_at     TEXT NOT NULL
) STRICT;

-- The follow-up checks of a placement, after 6 and 12 months: lasted is
-- NULL until checked, then whether the resident still works there.
CREATE TABLE placement_checks (
    placement_id INTEGER NOT NULL REFERENCES placements (id),
    months       INTEGER NOT NULL CHECK (months IN (6, 12)),
    due_on       TEXT NOT NULL,
    checked_on   TEXT NOT NULL DEFAULT '',
    lasted       INTEGER CHECK (lasted IN (0, 1)),
    note         TEXT NOT NULL DEFAULT '',
    checked_by   INTEGER REFERENCES users (id),
    PRIMARY KEY (placement_id, months)
) STRICT;
CREATE INDEX placement_checks_due ON placement_checks (checked_on, due_on);
