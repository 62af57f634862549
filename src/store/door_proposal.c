#include "door_proposal.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "db.h"
#include "door_internal.h"
#include "fold.h"
#include "network.h"
#include "records.h"
#include "resident.h"
#include "rows.h"
#include "banned.h"

static int64_t actor_user(const struct door *d)
{
    return d->actor->system ? 0 : d->actor->user_id;
}

/* ---- reading proposals ---- */

#define PROPOSAL_COLUMNS                                                                           \
    "p.id, p.vacancy_id, v.title, v.employer_id, eo.name, p.case_id, c.resident_id,"              \
    " r.first_name, r.prefix, r.last_name, r.municipality, p.status, p.reject_reason,"             \
    " p.profile_shared, p.score, coalesce(u.display_name, ''), p.created_at, p.updated_at,"        \
    " coalesce((SELECT pl.id FROM placements pl WHERE pl.proposal_id = p.id), 0),"                 \
    " (SELECT count(*) FROM consents k WHERE k.resident_id = r.id AND k.revoked_at = ''"          \
    "  AND k.scope = 'profiel_werkgevers')"
#define PROPOSAL_FROM                                                                              \
    " FROM proposals p JOIN vacancies v ON v.id = p.vacancy_id"                                    \
    " JOIN organisations eo ON eo.id = v.employer_id"                                              \
    " JOIN cases c ON c.id = p.case_id JOIN residents r ON r.id = c.resident_id"                   \
    " LEFT JOIN users u ON u.id = p.created_by"

/* A proposal row with what the policy needs; the door decides what of it
 * the actor sees (proposal_view). */
struct proposal_row {
    struct proposal p;
    const char *first, *prefix, *last, *municipality;
};

static void read_proposal(struct db_stmt *st, struct arena *a, void *out)
{
    struct proposal_row *row = out;
    memset(row, 0, sizeof(*row));
    struct proposal *p = &row->p;
    p->id = db_col_int(st, 0);
    p->vacancy_id = db_col_int(st, 1);
    p->vacancy_title = arena_strdup(a, db_col_text(st, 2));
    p->employer_id = db_col_int(st, 3);
    p->employer_name = arena_strdup(a, db_col_text(st, 4));
    p->case_id = db_col_int(st, 5);
    p->resident_id = db_col_int(st, 6);
    row->first = arena_strdup(a, db_col_text(st, 7));
    row->prefix = arena_strdup(a, db_col_text(st, 8));
    row->last = arena_strdup(a, db_col_text(st, 9));
    row->municipality = arena_strdup(a, db_col_text(st, 10));
    /* A status the code does not know is treated as ended. */
    if (!proposal_status_parse(db_col_text(st, 11), &p->status))
        p->status = PROPOSAL_AFGEWEZEN;
    p->reject_reason = arena_strdup(a, db_col_text(st, 12));
    p->profile_shared = db_col_int(st, 13) != 0;
    p->score = (int)db_col_int(st, 14);
    p->created_by = arena_strdup(a, db_col_text(st, 15));
    p->created_at = arena_strdup(a, db_col_text(st, 16));
    p->updated_at = arena_strdup(a, db_col_text(st, 17));
    p->placement_id = db_col_int(st, 18);
    p->consent_profile = db_col_int(st, 19) > 0;
}

static enum rc proposal_row_get(struct door *d, int64_t id, struct proposal_row *out)
{
    static const char SQL[] = "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM " WHERE p.id = $1";
    memset(out, 0, sizeof(*out));
    if (id <= 0)
        return RC_NOT_FOUND;
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    return rows_one(st, d->arena, read_proposal, out);
}

/* The policy's view of one proposal: the file's links, and whether it is
 * for a workplace of the actor's employer and shared by the professional. */
static enum rc proposal_subject(struct door *d, const struct proposal_row *row,
                                struct policy_subject *s)
{
    enum rc rc = door_subject(d, row->municipality, row->p.resident_id, row->p.case_id, s);
    if (rc)
        return rc;
    bool own = !d->actor->system && d->actor->role == ROLE_EMPLOYER &&
               row->p.employer_id == d->actor->organisation_id;
    s->proposal_own = own;
    s->proposal_shared = own && row->p.profile_shared;
    /* door_subject looks the consent up for partners only. */
    s->consent_profile = s->consent_profile || row->p.consent_profile;
    return RC_OK;
}

/* Fills what the actor may see: the name only when they may read the
 * resident's record or matching profile (an employer: only with consent and
 * the switch on); else "Kandidaat <id>" and no resident id. */
static void proposal_view(struct door *d, struct proposal_row *row, const struct policy_subject *s)
{
    struct proposal *p = &row->p;
    bool named = policy_decide(d->actor, ACT_RESIDENT_READ, s).allowed ||
                 policy_decide(d->actor, ACT_PROFILE_READ, s).allowed;
    if (named) {
        struct resident r = {.first_name = row->first, .prefix = row->prefix,
                             .last_name = row->last};
        p->candidate = resident_display_name(d->arena, &r);
    } else {
        p->candidate = arena_printf(d->arena, "Kandidaat %lld", (long long)p->id);
        p->anonymous = true;
        p->resident_id = 0;
        p->case_id = 0;
        p->consent_profile = false;
    }
    p->why.filter = MATCH_FILTER_COUNT;
}

static void read_step(struct db_stmt *st, struct arena *a, void *out)
{
    struct proposal_step *s = out;
    s->from_status = arena_strdup(a, db_col_text(st, 0));
    s->to_status = arena_strdup(a, db_col_text(st, 1));
    s->reason = arena_strdup(a, db_col_text(st, 2));
    s->by = arena_strdup(a, db_col_text(st, 3));
    s->at = arena_strdup(a, db_col_text(st, 4));
}

static enum rc proposal_steps(struct door *d, struct proposal *p, bool anonymous)
{
    static const char SQL[] =
        "SELECT s.from_status, s.to_status, s.reason, coalesce(u.display_name, ''), s.at"
        " FROM proposal_steps s LEFT JOIN users u ON u.id = s.user_id"
        " WHERE s.proposal_id = $1 ORDER BY s.id";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, p->id);
    struct rows rows;
    rc = rows_all(st, d->arena, sizeof(struct proposal_step), 100, read_step, &rows);
    p->steps = rows.list;
    p->nsteps = rows.n;
    (void)anonymous;
    return rc;
}

/* Asks whether the actor may `see` the object and then `ask`; a refusal is
 * audited as `record` and answers RC_FORBIDDEN to one who may see it (an
 * employer placing), RC_NOT_FOUND to anyone else, who learns nothing. */
static enum rc decide_on(struct door *d, enum policy_action record, enum policy_action see,
                         enum policy_action ask, int64_t resident_id, int64_t case_id,
                         const struct policy_subject *s)
{
    struct policy_decision seen = policy_decide(d->actor, see, s);
    struct policy_decision dec = seen.allowed && ask != see ? policy_decide(d->actor, ask, s) : seen;
    if (dec.allowed)
        return RC_OK;
    return door_refuse(d, record, resident_id, case_id, dec,
                       seen.allowed ? RC_FORBIDDEN : RC_NOT_FOUND);
}

/* Loads proposal id for `ask`; a missing one or a refusal is audited as
 * `record` and answers RC_NOT_FOUND (an employer learns nothing of other
 * employers' proposals). */
static enum rc load_proposal(struct door *d, enum policy_action record, enum policy_action ask,
                             int64_t id, struct proposal_row *row, struct policy_subject *s)
{
    enum rc rc = proposal_row_get(d, id, row);
    if (rc == RC_NOT_FOUND)
        return door_refuse(d, record, 0, 0, (struct policy_decision){false, "not_found"},
                           RC_NOT_FOUND);
    if (!rc)
        rc = proposal_subject(d, row, s);
    if (rc)
        return rc;
    rc = decide_on(d, record, ACT_PROPOSAL_READ, ask, row->p.resident_id, row->p.case_id, s);
    if (rc)
        memset(row, 0, sizeof(*row));
    return rc;
}

enum rc door_proposal_get(struct door *d, int64_t id, struct proposal *out)
{
    struct proposal_row row;
    struct policy_subject s;
    enum rc rc = load_proposal(d, ACT_PROPOSAL_READ, ACT_PROPOSAL_READ, id, &row, &s);
    if (rc) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    int64_t resident_id = row.p.resident_id, case_id = row.p.case_id;
    proposal_view(d, &row, &s);
    rc = proposal_steps(d, &row.p, row.p.anonymous);
    /* What the employer sees of an anonymous candidate too: the matching
     * skills, hours and distance (the read is this proposal's record). */
    if (!rc)
        rc = door_match_why(d, case_id, row.p.vacancy_id, &row.p.why);
    if (!rc)
        rc = door_audit_read(d, ACT_PROPOSAL_READ, resident_id, case_id,
                             policy_decide(d->actor, ACT_PROPOSAL_READ, &s));
    *out = row.p;
    return rc;
}

enum rc door_proposal_list(struct door *d, int64_t vacancy_id, int64_t case_id, int limit,
                           struct proposal **out, int *n)
{
    static const char SQL[] =
        "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM
        " WHERE ($1 = 0 OR p.vacancy_id = $1) AND ($2 = 0 OR p.case_id = $2)"
        " AND ($3 = 0 OR v.employer_id = $3)"
        " AND ($4 = 0 OR r.municipality IN (SELECT municipality FROM user_municipalities"
        "  WHERE user_id = $4))"
        " AND ($5 = 0 OR r.id = $5)"
        " ORDER BY p.updated_at DESC, p.id DESC";
    *out = NULL;
    *n = 0;
    const struct policy_actor *a = d->actor;
    if (a->system)
        return RC_FORBIDDEN;
    bool employer = a->role == ROLE_EMPLOYER;
    bool professional = a->role == ROLE_EMPLOYER_ADVISER || a->role == ROLE_CASE_MANAGER;
    /* A resident sees for which work they were proposed, and how it went. */
    bool resident = a->role == ROLE_RESIDENT && a->own_resident_id > 0;
    if (!employer && !professional && !resident)
        return RC_FORBIDDEN;
    if (limit < 1 || limit > 500)
        return RC_INVALID;
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, vacancy_id > 0 ? vacancy_id : 0);
    db_bind_int(st, 2, case_id > 0 ? case_id : 0);
    db_bind_int(st, 3, employer ? a->organisation_id : 0);
    db_bind_int(st, 4, professional ? a->user_id : 0);
    db_bind_int(st, 5, resident ? a->own_resident_id : 0);
    struct rows rows;
    rc = rows_all(st, d->arena, sizeof(struct proposal_row), limit, read_proposal, &rows);
    if (rc)
        return rc;
    struct proposal_row *list = rows.list;
    struct proposal *shown = arena_alloc(d->arena, sizeof(*shown) * (size_t)(rows.n + 1));
    struct audit_entry *audits = arena_alloc(d->arena, sizeof(*audits) * (size_t)(rows.n + 1));
    int count = 0;
    for (int i = 0; i < rows.n; i++) {
        struct policy_subject s;
        rc = proposal_subject(d, &list[i], &s);
        if (rc)
            return rc;
        struct policy_decision dec = policy_decide(a, ACT_PROPOSAL_READ, &s);
        if (!dec.allowed)
            continue;
        audits[count] = door_audit_entry(d, ACT_PROPOSAL_READ, list[i].p.resident_id,
                                         list[i].p.case_id, dec);
        proposal_view(d, &list[i], &s);
        shown[count++] = list[i].p;
    }
    if (count) {
        rc = door_audit_out(d, audits, (size_t)count);
        if (rc)
            return rc;
    }
    *out = shown;
    *n = count;
    return RC_OK;
}

/* ---- writing proposals ---- */

static enum rc step_insert(struct door *d, int64_t id, const char *from, const char *to,
                           const char *reason, const char *now)
{
    static const char SQL[] = "INSERT INTO proposal_steps (proposal_id, from_status, to_status,"
                              " reason, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    db_bind_text(st, 4, reason);
    db_bind_id(st, 5, actor_user(d));
    db_bind_text(st, 6, now);
    enum rc done = db_step_done(st);
    db_done(st);
    return done;
}

static enum rc proposal_create_once(struct door *d, int64_t vacancy_id, int64_t case_id,
                                    bool share, int64_t *id)
{
    struct vacancy v;
    enum rc rc = network_vacancy_get(d, vacancy_id, &v);
    if (rc)
        return rc;
    if (!d->actor->system && d->actor->role == ROLE_EMPLOYER)
        return RC_FORBIDDEN;
    if (v.status != VACANCY_OPEN)
        return RC_CONFLICT;
    struct match_why why;
    /* Also checks the actor may read the profile, and audits that read. */
    rc = d->actor->system ? RC_OK : door_match_explain_pair(d, case_id, vacancy_id, &why);
    if (d->actor->system)
        memset(&why, 0, sizeof(why)), why.filter = MATCH_OK;
    if (rc)
        return rc;
    /* Only a resident in matching (active, on route, available) with a
     * pair that is not filtered out can be proposed. */
    if (why.filter != MATCH_OK)
        return RC_CONFLICT;
    rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct case_file c;
    struct policy_subject s;
    rc = door_load_case(d, ACT_PROPOSAL_WRITE, case_id, &c, &s);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    static const char SQL[] =
        "INSERT INTO proposals (vacancy_id, case_id, status, profile_shared, score, created_by,"
        " created_at, updated_at) VALUES ($1, $2, 'voorgesteld', $3, $4, $5, $6, $6) RETURNING id";
    char now[21];
    timestamp_now(now);
    struct db_stmt *st;
    rc = db_prepare(d->db, SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, vacancy_id);
        db_bind_int(st, 2, case_id);
        db_bind_int(st, 3, share ? 1 : 0);
        db_bind_int(st, 4, (int64_t)(why.score + 0.5f));
        db_bind_id(st, 5, actor_user(d));
        db_bind_text(st, 6, now);
        bool row = false;
        rc = db_step(st, &row);
        if (!rc && row)
            *id = db_col_int(st, 0);
        db_done(st);
    }
    if (!rc)
        rc = step_insert(d, *id, "", "voorgesteld", "", now);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return door_commit_with_audit(d, ACT_PROPOSAL_WRITE, c.resident_id, case_id,
                                  policy_decide(d->actor, ACT_PROPOSAL_WRITE, &s).reason);
}

enum rc door_proposal_create(struct door *d, int64_t vacancy_id, int64_t case_id, bool share,
                             struct proposal *out)
{
    memset(out, 0, sizeof(*out));
    int64_t id = 0;
    enum rc rc;
    int attempt = 0;
    do
        rc = proposal_create_once(d, vacancy_id, case_id, share, &id);
    while (door_retry_busy(d, rc, &attempt));
    if (rc)
        return rc;
    return d->actor->system ? RC_OK : door_proposal_get(d, id, out);
}

static enum rc set_status(struct door *d, int64_t id, const char *status, const char *reason,
                          const char *now)
{
    static const char SQL[] = "UPDATE proposals SET status = $2, reject_reason = $3,"
                              " updated_at = $4 WHERE id = $1";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, reason);
    db_bind_text(st, 4, now);
    enum rc done = db_step_done(st);
    db_done(st);
    return done;
}

static enum rc proposal_step_once(struct door *d, int64_t id, enum proposal_status to,
                                  const char *reason)
{
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct proposal_row row;
    struct policy_subject s;
    rc = load_proposal(d, ACT_PROPOSAL_WRITE, ACT_PROPOSAL_WRITE, id, &row, &s);
    if (rc)
        return rc;
    enum role role = d->actor->system ? ROLE_EMPLOYER_ADVISER : d->actor->role;
    rc = proposal_step_check(role, row.p.status, to, reason);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    char now[21];
    timestamp_now(now);
    const char *why = to == PROPOSAL_AFGEWEZEN ? arena_strtrim(d->arena, reason) : "";
    rc = set_status(d, id, proposal_status_name(to), why, now);
    if (!rc)
        rc = step_insert(d, id, proposal_status_name(row.p.status), proposal_status_name(to),
                         reason ? arena_strtrim(d->arena, reason) : "", now);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return door_commit_with_audit(d, ACT_PROPOSAL_WRITE, row.p.resident_id, row.p.case_id,
                                  policy_decide(d->actor, ACT_PROPOSAL_WRITE, &s).reason);
}

enum rc door_proposal_step(struct door *d, int64_t id, const char *to, const char *reason,
                           struct proposal *out)
{
    memset(out, 0, sizeof(*out));
    enum proposal_status status;
    if (!proposal_status_parse(to, &status))
        return RC_INVALID;
    enum rc rc;
    int attempt = 0;
    do
        rc = proposal_step_once(d, id, status, reason);
    while (door_retry_busy(d, rc, &attempt));
    if (rc)
        return rc;
    return d->actor->system ? RC_OK : door_proposal_get(d, id, out);
}

static enum rc proposal_share_once(struct door *d, int64_t id, bool share)
{
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct proposal_row row;
    struct policy_subject s;
    rc = load_proposal(d, ACT_PROPOSAL_WRITE, ACT_PROPOSAL_WRITE, id, &row, &s);
    if (rc)
        return rc;
    /* The switch is the professional's; the employer cannot turn it on. */
    if (!d->actor->system && d->actor->role == ROLE_EMPLOYER)
        return door_refuse(d, ACT_PROPOSAL_WRITE, row.p.resident_id, row.p.case_id,
                           (struct policy_decision){false, "role"}, RC_FORBIDDEN);
    static const char SQL[] =
        "UPDATE proposals SET profile_shared = $2, updated_at = $3 WHERE id = $1";
    char now[21];
    timestamp_now(now);
    struct db_stmt *st;
    rc = db_prepare(d->db, SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, share ? 1 : 0);
        db_bind_text(st, 3, now);
        rc = db_step_done(st);
        db_done(st);
    }
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return door_commit_with_audit(d, ACT_PROPOSAL_WRITE, row.p.resident_id, row.p.case_id,
                                  share ? "profile_shared" : "profile_hidden");
}

enum rc door_proposal_share(struct door *d, int64_t id, bool share, struct proposal *out)
{
    memset(out, 0, sizeof(*out));
    enum rc rc;
    int attempt = 0;
    do
        rc = proposal_share_once(d, id, share);
    while (door_retry_busy(d, rc, &attempt));
    if (rc)
        return rc;
    return d->actor->system ? RC_OK : door_proposal_get(d, id, out);
}

/* ---- placements ---- */

#define PLACEMENT_COLUMNS                                                                          \
    "pl.id, pl.proposal_id, p.vacancy_id, v.title, v.employer_id, eo.name, p.case_id,"            \
    " c.resident_id, r.first_name, r.prefix, r.last_name, r.municipality, pl.starts_on,"           \
    " pl.contract, pl.hours_per_week, pl.wage_cents, pl.loonwaarde_pct, pl.subsidy,"               \
    " pl.job_coach, coalesce(u.display_name, ''), pl.created_at, p.profile_shared,"                \
    " (SELECT count(*) FROM consents k WHERE k.resident_id = r.id AND k.revoked_at = ''"          \
    "  AND k.scope = 'profiel_werkgevers')"
#define PLACEMENT_FROM                                                                             \
    " FROM placements pl JOIN proposals p ON p.id = pl.proposal_id"                                \
    " JOIN vacancies v ON v.id = p.vacancy_id JOIN organisations eo ON eo.id = v.employer_id"     \
    " JOIN cases c ON c.id = p.case_id JOIN residents r ON r.id = c.resident_id"                   \
    " LEFT JOIN users u ON u.id = pl.created_by"

struct placement_row {
    struct placement pl;
    struct proposal_row who; /* for the policy and the name */
};

static void read_placement(struct db_stmt *st, struct arena *a, void *out)
{
    struct placement_row *row = out;
    memset(row, 0, sizeof(*row));
    struct placement *pl = &row->pl;
    pl->id = db_col_int(st, 0);
    pl->proposal_id = db_col_int(st, 1);
    pl->vacancy_id = db_col_int(st, 2);
    pl->vacancy_title = arena_strdup(a, db_col_text(st, 3));
    pl->employer_id = db_col_int(st, 4);
    pl->employer_name = arena_strdup(a, db_col_text(st, 5));
    pl->case_id = db_col_int(st, 6);
    pl->resident_id = db_col_int(st, 7);
    row->who.first = arena_strdup(a, db_col_text(st, 8));
    row->who.prefix = arena_strdup(a, db_col_text(st, 9));
    row->who.last = arena_strdup(a, db_col_text(st, 10));
    row->who.municipality = arena_strdup(a, db_col_text(st, 11));
    pl->starts_on = arena_strdup(a, db_col_text(st, 12));
    if (!placement_contract_parse(db_col_text(st, 13), &pl->contract))
        pl->contract = CONTRACT_BEPAALDE_TIJD;
    pl->hours_per_week = (int)db_col_int(st, 14);
    pl->wage_cents = db_col_int(st, 15);
    pl->loonwaarde_pct = (int)db_col_int(st, 16);
    if (!placement_subsidy_parse(db_col_text(st, 17), &pl->subsidy))
        pl->subsidy = SUBSIDY_GEEN;
    pl->job_coach = arena_strdup(a, db_col_text(st, 18));
    pl->created_by = arena_strdup(a, db_col_text(st, 19));
    pl->created_at = arena_strdup(a, db_col_text(st, 20));
    struct proposal *p = &row->who.p;
    p->id = pl->proposal_id;
    p->employer_id = pl->employer_id;
    p->case_id = pl->case_id;
    p->resident_id = pl->resident_id;
    p->profile_shared = db_col_int(st, 21) != 0;
    p->consent_profile = db_col_int(st, 22) > 0;
}

static enum rc placement_checks(struct door *d, struct placement *pl)
{
    static const char SQL[] =
        "SELECT k.months, k.due_on, k.checked_on, coalesce(k.lasted, -1), k.note,"
        " coalesce(u.display_name, '') FROM placement_checks k"
        " LEFT JOIN users u ON u.id = k.checked_by WHERE k.placement_id = $1 ORDER BY k.months";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, pl->id);
    bool row;
    int i = 0;
    while (!(rc = db_step(st, &row)) && row) {
        if (i >= 2)
            continue;
        struct placement_check *k = &pl->checks[i++];
        k->months = (int)db_col_int(st, 0);
        k->due_on = arena_strdup(d->arena, db_col_text(st, 1));
        k->checked_on = arena_strdup(d->arena, db_col_text(st, 2));
        k->lasted = (int)db_col_int(st, 3);
        k->note = arena_strdup(d->arena, db_col_text(st, 4));
        k->by = arena_strdup(d->arena, db_col_text(st, 5));
    }
    db_done(st);
    return rc;
}

static void placement_view(struct door *d, struct placement_row *row,
                           const struct policy_subject *s)
{
    proposal_view(d, &row->who, s);
    row->pl.candidate = row->who.p.candidate;
    if (row->who.p.anonymous) {
        row->pl.resident_id = 0;
        row->pl.case_id = 0;
    }
}

static enum rc load_placement(struct door *d, enum policy_action record, enum policy_action ask,
                              int64_t id, struct placement_row *row, struct policy_subject *s)
{
    static const char SQL[] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM " WHERE pl.id = $1";
    memset(row, 0, sizeof(*row));
    enum rc rc = RC_NOT_FOUND;
    if (id > 0) {
        struct db_stmt *st;
        rc = db_prepare(d->db, SQL, &st);
        if (rc)
            return rc;
        db_bind_int(st, 1, id);
        rc = rows_one(st, d->arena, read_placement, row);
    }
    if (rc == RC_NOT_FOUND)
        return door_refuse(d, record, 0, 0, (struct policy_decision){false, "not_found"},
                           RC_NOT_FOUND);
    if (!rc)
        rc = proposal_subject(d, &row->who, s);
    if (rc)
        return rc;
    rc = decide_on(d, record, ACT_PLACEMENT_READ, ask, row->pl.resident_id, row->pl.case_id, s);
    if (rc)
        memset(row, 0, sizeof(*row));
    return rc;
}

enum rc door_placement_get(struct door *d, int64_t id, struct placement *out)
{
    struct placement_row row;
    struct policy_subject s;
    memset(out, 0, sizeof(*out));
    enum rc rc = load_placement(d, ACT_PLACEMENT_READ, ACT_PLACEMENT_READ, id, &row, &s);
    if (rc)
        return rc;
    int64_t resident_id = row.pl.resident_id, case_id = row.pl.case_id;
    placement_view(d, &row, &s);
    rc = placement_checks(d, &row.pl);
    if (!rc)
        rc = door_audit_read(d, ACT_PLACEMENT_READ, resident_id, case_id,
                             policy_decide(d->actor, ACT_PLACEMENT_READ, &s));
    *out = row.pl;
    return rc;
}

enum rc door_placement_list(struct door *d, int limit, struct placement **out, int *n)
{
    static const char SQL[] =
        "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM " WHERE ($1 = 0 OR v.employer_id = $1)"
        " AND ($2 = 0 OR r.municipality IN (SELECT municipality FROM user_municipalities"
        "  WHERE user_id = $2))"
        " ORDER BY pl.starts_on DESC, pl.id DESC";
    *out = NULL;
    *n = 0;
    const struct policy_actor *a = d->actor;
    bool employer = !a->system && a->role == ROLE_EMPLOYER;
    bool professional =
        !a->system && (a->role == ROLE_EMPLOYER_ADVISER || a->role == ROLE_CASE_MANAGER);
    if (!employer && !professional)
        return RC_FORBIDDEN;
    if (limit < 1 || limit > 500)
        return RC_INVALID;
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, employer ? a->organisation_id : 0);
    db_bind_int(st, 2, professional ? a->user_id : 0);
    struct rows rows;
    rc = rows_all(st, d->arena, sizeof(struct placement_row), limit, read_placement, &rows);
    if (rc)
        return rc;
    struct placement_row *list = rows.list;
    struct placement *shown = arena_alloc(d->arena, sizeof(*shown) * (size_t)(rows.n + 1));
    struct audit_entry *audits = arena_alloc(d->arena, sizeof(*audits) * (size_t)(rows.n + 1));
    int count = 0;
    for (int i = 0; i < rows.n; i++) {
        struct policy_subject s;
        rc = proposal_subject(d, &list[i].who, &s);
        if (rc)
            return rc;
        struct policy_decision dec = policy_decide(a, ACT_PLACEMENT_READ, &s);
        if (!dec.allowed)
            continue;
        audits[count] =
            door_audit_entry(d, ACT_PLACEMENT_READ, list[i].pl.resident_id, list[i].pl.case_id, dec);
        placement_view(d, &list[i], &s);
        rc = placement_checks(d, &list[i].pl);
        if (rc)
            return rc;
        shown[count++] = list[i].pl;
    }
    if (count) {
        rc = door_audit_out(d, audits, (size_t)count);
        if (rc)
            return rc;
    }
    *out = shown;
    *n = count;
    return RC_OK;
}

static const char *const placement_fields[] = {"starts_on", "contract", "hours_per_week",
                                               "wage_cents", "loonwaarde_pct", "subsidy",
                                               "job_coach"};

static enum rc placement_create_once(struct door *d, int64_t proposal_id,
                                     const struct placement_input *in, int64_t *id,
                                     int64_t *case_id, struct door_field_errors *errs)
{
    memset(errs, 0, sizeof(*errs));
    struct date today, start;
    if (!date_today(&today))
        return RC_IO;
    for (size_t i = 0; i < sizeof(placement_fields) / sizeof(placement_fields[0]); i++) {
        const char *problem = placement_field_problem(in, placement_fields[i], &today);
        if (problem)
            door_field_error_add(errs, placement_fields[i], problem);
    }
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct proposal_row row;
    struct policy_subject s;
    rc = load_proposal(d, ACT_PLACEMENT_WRITE, ACT_PLACEMENT_WRITE, proposal_id, &row, &s);
    if (rc)
        return rc;
    if (errs->count) {
        db_rollback(d->db);
        return RC_INVALID;
    }
    if (row.p.status == PROPOSAL_AFGEWEZEN || row.p.placement_id) {
        db_rollback(d->db);
        return RC_CONFLICT;
    }
    date_parse(in->starts_on, &start);
    char now[21];
    timestamp_now(now);
    static const char SQL[] =
        "INSERT INTO placements (proposal_id, starts_on, contract, hours_per_week, wage_cents,"
        " loonwaarde_pct, subsidy, job_coach, created_by, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
    static const char CHECK[] =
        "INSERT INTO placement_checks (placement_id, months, due_on) VALUES ($1, $2, $3)";
    struct db_stmt *st;
    rc = db_prepare(d->db, SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, proposal_id);
        db_bind_text(st, 2, in->starts_on);
        db_bind_text(st, 3, in->contract);
        db_bind_int(st, 4, in->hours_per_week);
        db_bind_int(st, 5, in->wage_cents);
        db_bind_int(st, 6, in->loonwaarde_pct);
        db_bind_text(st, 7, in->subsidy);
        db_bind_text(st, 8, in->job_coach ? arena_strtrim(d->arena, in->job_coach) : "");
        db_bind_id(st, 9, actor_user(d));
        db_bind_text(st, 10, now);
        bool r = false;
        rc = db_step(st, &r);
        if (!rc && r)
            *id = db_col_int(st, 0);
        db_done(st);
    }
    for (int months = 6; !rc && months <= 12; months += 6) {
        struct date due;
        char due_s[11];
        placement_check_due(&start, months, &due);
        date_format(&due, due_s);
        rc = db_prepare(d->db, CHECK, &st);
        if (!rc) {
            db_bind_int(st, 1, *id);
            db_bind_int(st, 2, months);
            db_bind_text(st, 3, due_s);
            rc = db_step_done(st);
            db_done(st);
        }
    }
    if (!rc && row.p.status != PROPOSAL_GEPLAATST) {
        rc = set_status(d, proposal_id, "geplaatst", "", now);
        if (!rc)
            rc = step_insert(d, proposal_id, proposal_status_name(row.p.status), "geplaatst", "",
                             now);
    }
    /* The route to work reached its goal: aftercare follows. */
    struct case_file c;
    if (!rc)
        rc = records_case_get(d->db, d->arena, row.p.case_id, &c);
    if (!rc && c.phase == CASE_UITVOERING) {
        rc = records_case_set_phase(d->db, c.id, CASE_NAZORG, "", now);
        if (!rc)
            rc = records_transition_insert(d->db, c.id, case_phase_name(CASE_UITVOERING),
                                           case_phase_name(CASE_NAZORG), "plaatsing",
                                           actor_user(d), now);
    }
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    *case_id = row.p.case_id;
    return door_commit_with_audit(d, ACT_PLACEMENT_WRITE, row.p.resident_id, row.p.case_id,
                                  policy_decide(d->actor, ACT_PLACEMENT_WRITE, &s).reason);
}

enum rc door_placement_create(struct door *d, int64_t proposal_id,
                              const struct placement_input *in, struct placement *out,
                              struct door_field_errors *errs)
{
    memset(out, 0, sizeof(*out));
    int64_t id = 0, case_id = 0;
    enum rc rc;
    int attempt = 0;
    do
        rc = placement_create_once(d, proposal_id, in, &id, &case_id, errs);
    while (door_retry_busy(d, rc, &attempt));
    if (rc)
        return rc;
    door_match_case_changed(d, case_id);
    return d->actor->system ? RC_OK : door_placement_get(d, id, out);
}

static enum rc placement_check_once(struct door *d, int64_t id, int months, bool lasted,
                                    const char *note)
{
    if (months != 6 && months != 12)
        return RC_INVALID;
    if (!note)
        note = "";
    if (!text_clean_multiline(note, PROPOSAL_REASON_MAX))
        return RC_INVALID;
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct placement_row row;
    struct policy_subject s;
    rc = load_placement(d, ACT_PLACEMENT_WRITE, ACT_PLACEMENT_WRITE, id, &row, &s);
    if (rc)
        return rc;
    static const char SQL[] =
        "UPDATE placement_checks SET checked_on = $3, lasted = $4, note = $5, checked_by = $6"
        " WHERE placement_id = $1 AND months = $2";
    struct date today;
    char day[11];
    if (!date_today(&today)) {
        db_rollback(d->db);
        return RC_IO;
    }
    date_format(&today, day);
    struct db_stmt *st;
    rc = db_prepare(d->db, SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, months);
        db_bind_text(st, 3, day);
        db_bind_int(st, 4, lasted ? 1 : 0);
        db_bind_text(st, 5, arena_strtrim(d->arena, note));
        db_bind_id(st, 6, actor_user(d));
        rc = db_step_done(st);
        db_done(st);
    }
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return door_commit_with_audit(d, ACT_PLACEMENT_WRITE, row.pl.resident_id, row.pl.case_id,
                                  lasted ? "check_lasted" : "check_not_lasted");
}

enum rc door_placement_check(struct door *d, int64_t id, int months, bool lasted,
                             const char *note, struct placement *out)
{
    memset(out, 0, sizeof(*out));
    enum rc rc;
    int attempt = 0;
    do
        rc = placement_check_once(d, id, months, lasted, note);
    while (door_retry_busy(d, rc, &attempt));
    if (rc)
        return rc;
    return d->actor->system ? RC_OK : door_placement_get(d, id, out);
}

/* ---- availability ---- */

static enum rc availability_read(struct door *d, int64_t case_id, struct availability *out)
{
    static const char SQL[] =
        "SELECT a.confirmed_on, a.expires_on, coalesce(u.display_name, '') FROM availability a"
        " LEFT JOIN users u ON u.id = a.confirmed_by WHERE a.case_id = $1";
    memset(out, 0, sizeof(*out));
    out->confirmed_on = out->expires_on = out->by = "";
    struct db_stmt *st;
    enum rc rc = db_prepare(d->db, SQL, &st);
    if (rc)
        return rc;
    db_bind_int(st, 1, case_id);
    bool row = false;
    rc = db_step(st, &row);
    if (!rc && row) {
        out->confirmed_on = arena_strdup(d->arena, db_col_text(st, 0));
        out->expires_on = arena_strdup(d->arena, db_col_text(st, 1));
        out->by = arena_strdup(d->arena, db_col_text(st, 2));
    }
    db_done(st);
    struct date today, until;
    if (!rc && date_today(&today))
        out->expired = !date_parse(out->expires_on, &until) || date_cmp(&until, &today) < 0;
    return rc;
}

enum rc door_availability_get(struct door *d, int64_t case_id, struct availability *out)
{
    struct case_file c;
    struct policy_subject s;
    enum rc rc = door_load_case(d, ACT_CASE_READ, case_id, &c, &s);
    if (rc)
        return rc;
    rc = availability_read(d, case_id, out);
    if (rc)
        return rc;
    return door_audit_read(d, ACT_CASE_READ, c.resident_id, case_id,
                           policy_decide(d->actor, ACT_CASE_READ, &s));
}

static enum rc availability_once(struct door *d, int64_t case_id, const char *confirmed_on,
                                 int months)
{
    struct date today, on, until;
    if (!date_today(&today))
        return RC_IO;
    if (!confirmed_on || !*confirmed_on)
        on = today;
    else if (!date_parse(confirmed_on, &on) || date_cmp(&on, &today) > 0)
        return RC_INVALID;
    if (months == 0)
        months = AVAILABILITY_MONTHS;
    /* A confirmation may be recorded late, but not from over a year ago. */
    struct date year_ago = today;
    date_add_months(&year_ago, -12);
    if (!availability_expiry(&on, months, &until) || date_cmp(&on, &year_ago) < 0)
        return RC_INVALID;
    enum rc rc = db_begin(d->db, true);
    if (rc)
        return rc;
    struct case_file c;
    struct policy_subject s;
    rc = door_load_case(d, ACT_AVAILABILITY_WRITE, case_id, &c, &s);
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    if (c.phase == CASE_AFGESLOTEN) {
        db_rollback(d->db);
        return RC_CONFLICT;
    }
    static const char SQL[] =
        "INSERT INTO availability (case_id, confirmed_on, expires_on, confirmed_by, updated_at)"
        " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO UPDATE SET"
        " confirmed_on = excluded.confirmed_on, expires_on = excluded.expires_on,"
        " confirmed_by = excluded.confirmed_by, updated_at = excluded.updated_at";
    char on_s[11], until_s[11], now[21];
    date_format(&on, on_s);
    date_format(&until, until_s);
    timestamp_now(now);
    struct db_stmt *st;
    rc = db_prepare(d->db, SQL, &st);
    if (!rc) {
        db_bind_int(st, 1, case_id);
        db_bind_text(st, 2, on_s);
        db_bind_text(st, 3, until_s);
        db_bind_id(st, 4, actor_user(d));
        db_bind_text(st, 5, now);
        rc = db_step_done(st);
        db_done(st);
    }
    if (rc) {
        db_rollback(d->db);
        return rc;
    }
    return door_commit_with_audit(d, ACT_AVAILABILITY_WRITE, c.resident_id, case_id,
                                  policy_decide(d->actor, ACT_AVAILABILITY_WRITE, &s).reason);
}

enum rc door_availability_confirm(struct door *d, int64_t case_id, const char *confirmed_on,
                                  int months, struct availability *out)
{
    memset(out, 0, sizeof(*out));
    enum rc rc;
    int attempt = 0;
    do
        rc = availability_once(d, case_id, confirmed_on, months);
    while (door_retry_busy(d, rc, &attempt));
    if (rc)
        return rc;
    door_match_case_changed(d, case_id);
    if (d->actor->system)
        return RC_OK;
    return door_availability_get(d, case_id, out);
}
