/* Copying a store table by table; see transfer.h. The SQL here is built at
 * run time from the live schema (table and column names), so it goes
 * through db_prepare_uncached; values are always bound. */
#include "transfer.h"

#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "banned.h"

/* The tables the copier knows, parents before children. A new table must be
 * added here (the copy refuses a source with a table it does not know). */
static const char *const tables[] = {
    "municipalities", "organisations", "organisation_municipalities",
    "residents",      "resident_words", "users",        "user_municipalities",
    "sessions",       "cases",         "case_transitions",
    "notes",          "audit_log",
    /* ESCO reference data (migration 003), groups before what refers to them. */
    "esco_isco_groups", "esco_skill_groups", "esco_occupations", "esco_skills", "esco_labels",
    "esco_words", "esco_occupation_skills", "esco_skill_broader",
    /* Intake, catalogue, plans, referrals, consents (migration 005). */
    "services", "service_terms", "intakes", "intake_skills", "intake_wishes",
    "intake_languages", "plans", "plan_goals", "plan_activities", "referrals", "consents",
    /* Employers, workplaces, proposals and placements (migration 006). */
    "pc4_areas", "employers", "employer_contacts", "vacancies", "vacancy_skills", "availability",
    "proposals", "proposal_steps", "placements", "placement_checks",
};
#define NTABLES (int)(sizeof(tables) / sizeof(tables[0]))

/* Rows read per query and written per insert: bounds memory (PostgreSQL
 * results arrive whole) and round trips. */
#define BATCH_ROWS 1000
#define MAX_COLUMNS 64
#define SQL_MAX 8192

struct shape {
    int ncols;
    char col[MAX_COLUMNS][TRANSFER_NAME_MAX];
    bool integer[MAX_COLUMNS];
    int npk;
    int pk[MAX_COLUMNS]; /* the column index of each primary key column, in key order */
};

struct sql {
    char text[SQL_MAX];
    size_t len;
    bool overflow;
};

static void sql_add(struct sql *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sql_add(struct sql *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->text + b->len, sizeof(b->text) - b->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(b->text) - b->len)
        b->overflow = true;
    else
        b->len += (size_t)n;
}

/* Tables that are not data of their own: SQLite's internals and the
 * migration bookkeeping (each store has its own). */
static bool ignored_table(const char *name)
{
    return strncmp(name, "sqlite_", 7) == 0 || strcmp(name, "schema_migrations") == 0;
}

static bool known_table(const char *name)
{
    for (int i = 0; i < NTABLES; i++)
        if (!strcmp(tables[i], name))
            return true;
    return false;
}

/* Names are spliced into SQL (quoted): only plain identifiers pass. */
static bool plain_identifier(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n < TRANSFER_NAME_MAX &&
           strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n;
}

static bool integer_type(const char *type)
{
    return !strcasecmp(type, "integer") || !strcasecmp(type, "int") ||
           !strcasecmp(type, "bigint") || !strcasecmp(type, "smallint");
}

/* list_tables puts the name of every table of db but SQLite's internals
 * into names, in name order. */
static enum rc list_tables(struct db *db, char names[][TRANSFER_NAME_MAX], int *n)
{
    static const char SQLITE[] = "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                 " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
    static const char PG[] = "SELECT table_name FROM information_schema.tables"
                             " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                             " ORDER BY table_name";
    struct db_stmt *st;
    enum rc rc = db_prepare(db, db_kind(db) == DB_POSTGRESQL ? PG : SQLITE, &st);
    if (rc)
        return rc;
    *n = 0;
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        const char *name = db_col_text(st, 0);
        if (*n == TRANSFER_MAX_TABLES || !plain_identifier(name)) {
            fprintf(stderr, "werkroute: table '%s': %s\n", name,
                    *n == TRANSFER_MAX_TABLES ? "too many tables" : "name not supported");
            rc = RC_INVALID;
            break;
        }
        snprintf(names[(*n)++], TRANSFER_NAME_MAX, "%s", name);
    }
    db_done(st);
    return rc;
}

/* check_tables refuses a database with a table the copier does not know:
 * its rows would be left behind silently. */
static enum rc check_tables(struct db *db, const char *side)
{
    char names[TRANSFER_MAX_TABLES][TRANSFER_NAME_MAX];
    int n;
    enum rc rc = list_tables(db, names, &n);
    for (int i = 0; !rc && i < n; i++) {
        if (!ignored_table(names[i]) && !known_table(names[i])) {
            fprintf(stderr,
                    "werkroute: the %s database has a table '%s' that migrate-store does not "
                    "know; refusing to leave its rows behind (a newer werkroute may know it)\n",
                    side, names[i]);
            rc = RC_INVALID;
        }
    }
    return rc;
}

static bool table_exists(char names[][TRANSFER_NAME_MAX], int n, const char *table)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], table))
            return true;
    return false;
}

/* read_shape reads the columns and primary key of table; ncols is 0 for a
 * table that is not there. */
static enum rc read_shape(struct db *db, const char *table, struct shape *t)
{
    static const char SQLITE[] = "SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid";
    static const char PG[] =
        "SELECT c.column_name, c.data_type, coalesce((SELECT k.ordinal_position"
        "  FROM information_schema.table_constraints tc"
        "  JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema"
        "   AND k.constraint_name = tc.constraint_name"
        "  WHERE tc.table_schema = c.table_schema AND tc.table_name = c.table_name"
        "   AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name), 0)"
        " FROM information_schema.columns c"
        " WHERE c.table_schema = current_schema() AND c.table_name = $1"
        " ORDER BY c.ordinal_position";
    memset(t, 0, sizeof(*t));
    struct db_stmt *st;
    enum rc rc = db_prepare(db, db_kind(db) == DB_POSTGRESQL ? PG : SQLITE, &st);
    if (rc)
        return rc;
    db_bind_text(st, 1, table);
    int pk_position[MAX_COLUMNS] = {0};
    bool row;
    while (!(rc = db_step(st, &row)) && row) {
        const char *name = db_col_text(st, 0);
        if (t->ncols == MAX_COLUMNS || !plain_identifier(name)) {
            fprintf(stderr, "werkroute: table %s, column '%s': %s\n", table, name,
                    t->ncols == MAX_COLUMNS ? "too many columns to copy" : "name not supported");
            rc = RC_INVALID;
            break;
        }
        snprintf(t->col[t->ncols], TRANSFER_NAME_MAX, "%s", name);
        t->integer[t->ncols] = integer_type(db_col_text(st, 1));
        int64_t position = db_col_int(st, 2);
        if (position > 0 && position <= MAX_COLUMNS) {
            pk_position[position - 1] = t->ncols + 1;
            t->npk++;
        }
        t->ncols++;
    }
    db_done(st);
    for (int k = 0; !rc && k < t->npk; k++) {
        if (!pk_position[k]) {
            fprintf(stderr, "werkroute: table %s: unexpected primary key\n", table);
            return RC_INVALID;
        }
        t->pk[k] = pk_position[k] - 1;
    }
    if (!rc && t->ncols && !t->npk) {
        fprintf(stderr, "werkroute: table %s has no primary key to copy it in order\n", table);
        rc = RC_INVALID;
    }
    return rc;
}

/* The target must have the source's columns, and the same primary key. */
static bool same_shape(const struct shape *a, const struct shape *b)
{
    if (a->ncols != b->ncols || a->npk != b->npk)
        return false;
    for (int c = 0; c < a->ncols; c++) {
        bool found = false;
        for (int d = 0; d < b->ncols; d++)
            found = found || !strcmp(a->col[c], b->col[d]);
        if (!found)
            return false;
    }
    for (int k = 0; k < a->npk; k++)
        if (strcmp(a->col[a->pk[k]], b->col[b->pk[k]]))
            return false;
    return true;
}

/* The primary key columns for ORDER BY and the keyset comparison. Text keys
 * compare bytewise on PostgreSQL too ("C"), as SQLite's BINARY does, so both
 * sides hash the rows in the same order. */
static void add_key_list(struct sql *b, struct db *db, const struct shape *t)
{
    for (int k = 0; k < t->npk; k++) {
        int c = t->pk[k];
        bool bytewise = db_kind(db) == DB_POSTGRESQL && !t->integer[c];
        sql_add(b, "%s\"%s\"%s", k ? ", " : "", t->col[c], bytewise ? " COLLATE \"C\"" : "");
    }
}

/* The batch queries: the first rows, and the rows after a key ($1..$npk). */
static void build_select(struct sql *b, struct db *db, const char *table, const struct shape *t,
                         bool after)
{
    sql_add(b, "SELECT ");
    for (int c = 0; c < t->ncols; c++)
        sql_add(b, "%s\"%s\"", c ? ", " : "", t->col[c]);
    sql_add(b, " FROM \"%s\"", table);
    if (after) {
        sql_add(b, " WHERE (");
        add_key_list(b, db, t);
        sql_add(b, ") > (");
        for (int k = 0; k < t->npk; k++)
            sql_add(b, "%s$%d", k ? ", " : "", k + 1);
        sql_add(b, ")");
    }
    sql_add(b, " ORDER BY ");
    add_key_list(b, db, t);
    sql_add(b, " LIMIT %d", BATCH_ROWS);
}

static enum rc prepare_built(struct db *db, const struct sql *b, struct db_stmt **out)
{
    *out = NULL;
    if (b->overflow) {
        fprintf(stderr, "werkroute: bug: generated SQL too long\n");
        return RC_TOO_BIG;
    }
    return db_prepare_uncached(db, b->text, out);
}

static void hash_row(crypto_generichash_state *h, struct db_stmt *st, int ncols)
{
    for (int c = 0; c < ncols; c++) {
        if (c)
            crypto_generichash_update(h, (const unsigned char *)"\x1f", 1);
        /* No text value holds a NUL byte: it marks NULL, apart from "". */
        if (db_col_is_null(st, c)) {
            crypto_generichash_update(h, (const unsigned char *)"", 1);
        } else {
            const char *v = db_col_text(st, c);
            crypto_generichash_update(h, (const unsigned char *)v, strlen(v));
        }
    }
    crypto_generichash_update(h, (const unsigned char *)"\x1e", 1);
}

/* add_row appends the row of st to batch as an object keyed by column:
 * integers as JSON numbers, other values as strings, NULL as null. */
static enum rc add_row(json_t *batch, struct db_stmt *st, const char *table, const struct shape *t)
{
    json_t *row = json_object();
    json_array_append_new(batch, row);
    for (int c = 0; c < t->ncols; c++) {
        json_t *v;
        if (db_col_is_null(st, c))
            v = json_null();
        else if (t->integer[c])
            v = json_integer(db_col_int(st, c));
        else
            v = json_string(db_col_text(st, c));
        if (!v) {
            fprintf(stderr, "werkroute: table %s, column %s: a value is not valid UTF-8\n", table,
                    t->col[c]);
            return RC_INVALID;
        }
        json_object_set_new(row, t->col[c], v);
    }
    return RC_OK;
}

/* flush writes the batch through insert, one statement for all its rows. */
static enum rc flush(struct db_stmt *insert, json_t *batch)
{
    if (!json_array_size(batch))
        return RC_OK;
    char *text = json_dumps(batch, JSON_COMPACT);
    if (!text)
        abort();
    db_bind_text(insert, 1, text);
    free(text);
    enum rc rc = db_step_done(insert);
    db_done(insert);
    json_array_clear(batch);
    return rc;
}

/* scan reads every row of table in primary key order, in batches (keyset
 * paging: each batch starts after the last key of the one before), counts
 * and hashes the rows and, with insert, writes each batch through it. */
static enum rc scan(struct db *db, const char *table, const struct shape *t, struct db_stmt *insert,
                    int64_t *rows, unsigned char checksum[TRANSFER_CHECKSUM_LEN])
{
    struct sql first = {0}, next = {0};
    build_select(&first, db, table, t, false);
    build_select(&next, db, table, t, true);
    struct db_stmt *first_st = NULL, *next_st = NULL;
    char *last[MAX_COLUMNS] = {0};
    json_t *batch = json_array();
    crypto_generichash_state h;
    if (sodium_init() < 0)
        abort();
    crypto_generichash_init(&h, NULL, 0, TRANSFER_CHECKSUM_LEN);
    *rows = 0;
    enum rc rc = prepare_built(db, &first, &first_st);
    if (!rc)
        rc = prepare_built(db, &next, &next_st);
    for (struct db_stmt *st = first_st; !rc; st = next_st) {
        if (st == next_st) {
            for (int k = 0; k < t->npk; k++) {
                if (t->integer[t->pk[k]])
                    db_bind_int(st, k + 1, strtoll(last[k], NULL, 10));
                else
                    db_bind_text(st, k + 1, last[k]);
            }
        }
        int64_t n = 0;
        bool row;
        while (!(rc = db_step(st, &row)) && row) {
            n++;
            hash_row(&h, st, t->ncols);
            if (insert && (rc = add_row(batch, st, table, t)))
                break;
            for (int k = 0; k < t->npk; k++) {
                free(last[k]);
                last[k] = xstrdup(db_col_text(st, t->pk[k]));
            }
        }
        db_done(st);
        if (!rc && insert)
            rc = flush(insert, batch);
        *rows += n;
        if (n < BATCH_ROWS)
            break;
    }
    crypto_generichash_final(&h, checksum, TRANSFER_CHECKSUM_LEN);
    for (int k = 0; k < MAX_COLUMNS; k++)
        free(last[k]);
    json_decref(batch);
    db_finalize(first_st);
    db_finalize(next_st);
    return rc;
}

/* The insert of a batch: the rows come as one JSON array of objects keyed
 * by column ($1), one round trip per batch instead of per row. */
static void build_insert(struct sql *b, struct db *db, const char *table, const struct shape *t)
{
    sql_add(b, "INSERT INTO \"%s\" (", table);
    for (int c = 0; c < t->ncols; c++)
        sql_add(b, "%s\"%s\"", c ? ", " : "", t->col[c]);
    sql_add(b, ") SELECT ");
    for (int c = 0; c < t->ncols; c++) {
        if (db_kind(db) == DB_POSTGRESQL)
            sql_add(b, "%s\"%s\"", c ? ", " : "", t->col[c]);
        else
            sql_add(b, "%sjson_extract(value, '$.%s')", c ? ", " : "", t->col[c]);
    }
    if (db_kind(db) == DB_POSTGRESQL)
        sql_add(b, " FROM json_populate_recordset(NULL::\"%s\", $1::json)", table);
    else
        sql_add(b, " FROM json_each($1)");
}

static enum rc copy_table(struct db *src, struct db *dst, const char *table, const struct shape *t,
                          struct transfer_table *out)
{
    struct sql b = {0};
    build_insert(&b, dst, table, t);
    struct db_stmt *insert;
    enum rc rc = prepare_built(dst, &b, &insert);
    if (!rc)
        rc = scan(src, table, t, insert, &out->rows, out->checksum);
    db_finalize(insert);
    if (rc)
        fprintf(stderr, "werkroute: copying table %s failed: %s\n", table, rc_name(rc));
    return rc;
}

/* Ids were copied as they are: move each PostgreSQL identity sequence past
 * the largest, so the next row gets a fresh id. SQLite needs nothing: a new
 * INTEGER PRIMARY KEY is max(id) + 1. */
static enum rc reset_sequence(struct db *db, const char *table, const struct shape *t)
{
    if (db_kind(db) != DB_POSTGRESQL || t->npk != 1 || !t->integer[t->pk[0]])
        return RC_OK;
    const char *id = t->col[t->pk[0]];
    struct sql b = {0};
    sql_add(&b,
            "SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(\"%s\"), 1),"
            " max(\"%s\") IS NOT NULL) FROM \"%s\"",
            id, id, table);
    char quoted[TRANSFER_NAME_MAX + 2];
    snprintf(quoted, sizeof(quoted), "\"%s\"", table);
    struct db_stmt *st;
    enum rc rc = prepare_built(db, &b, &st);
    if (!rc) {
        db_bind_text(st, 1, quoted);
        db_bind_text(st, 2, id);
        rc = db_step_done(st);
    }
    db_finalize(st);
    return rc;
}

static enum rc table_has_rows(struct db *db, const char *table, bool *has)
{
    struct sql b = {0};
    sql_add(&b, "SELECT EXISTS (SELECT 1 FROM \"%s\")", table);
    struct db_stmt *st;
    enum rc rc = prepare_built(db, &b, &st);
    bool row = false;
    if (!rc)
        rc = db_step(st, &row);
    *has = !rc && row && db_col_int(st, 0) != 0;
    db_finalize(st);
    return rc;
}

enum rc transfer_check_empty(struct db *db)
{
    char names[TRANSFER_MAX_TABLES][TRANSFER_NAME_MAX];
    int n;
    enum rc rc = list_tables(db, names, &n);
    for (int i = 0; !rc && i < NTABLES; i++) {
        bool has = false;
        if (table_exists(names, n, tables[i]))
            rc = table_has_rows(db, tables[i], &has);
        if (!rc && has) {
            fprintf(stderr,
                    "werkroute: the target database is not empty (table %s has rows); "
                    "migrate-store only fills a new, empty database\n",
                    tables[i]);
            rc = RC_CONFLICT;
        }
    }
    return rc;
}

bool transfer_table_ok(const struct transfer_table *t)
{
    return t->rows == t->target_rows &&
           !memcmp(t->checksum, t->target_checksum, TRANSFER_CHECKSUM_LEN);
}

static enum rc read_shapes(struct db *src, struct db *dst, struct shape *shapes)
{
    for (int i = 0; i < NTABLES; i++) {
        struct shape other;
        enum rc rc = read_shape(src, tables[i], &shapes[i]);
        if (!rc)
            rc = read_shape(dst, tables[i], &other);
        if (rc)
            return rc;
        if (!shapes[i].ncols || !other.ncols) {
            fprintf(stderr, "werkroute: table %s is missing in the %s database\n", tables[i],
                    shapes[i].ncols ? "target" : "source");
            return RC_INVALID;
        }
        if (!same_shape(&shapes[i], &other)) {
            fprintf(stderr, "werkroute: table %s has other columns in the source and target\n",
                    tables[i]);
            return RC_INVALID;
        }
    }
    return RC_OK;
}

enum rc transfer_copy(struct db *src, struct db *dst, struct transfer_report *report)
{
    memset(report, 0, sizeof(*report));
    struct shape *shapes = xcalloc(NTABLES, sizeof(*shapes));
    enum rc rc = check_tables(src, "source");
    if (!rc)
        rc = check_tables(dst, "target");
    if (!rc)
        rc = read_shapes(src, dst, shapes);
    if (rc)
        goto out;
    /* On SQLite the write lock keeps everyone from writing the source during
     * the copy; on PostgreSQL a REPEATABLE READ snapshot keeps it one. */
    rc = db_begin(src, true);
    if (rc)
        goto out;
    rc = db_begin(dst, true);
    if (rc)
        goto out_src;
    rc = transfer_check_empty(dst);
    for (int i = 0; !rc && i < NTABLES; i++) {
        struct transfer_table *t = &report->tables[report->ntables++];
        snprintf(t->name, sizeof(t->name), "%s", tables[i]);
        rc = copy_table(src, dst, tables[i], &shapes[i], t);
    }
    for (int i = 0; !rc && i < NTABLES; i++)
        rc = reset_sequence(dst, tables[i], &shapes[i]);
    /* Read everything back inside the transaction: a difference rolls it
     * all back. */
    bool all_ok = true;
    for (int i = 0; !rc && i < NTABLES; i++) {
        struct transfer_table *t = &report->tables[i];
        rc = scan(dst, tables[i], &shapes[i], NULL, &t->target_rows, t->target_checksum);
        all_ok = all_ok && transfer_table_ok(t);
    }
    if (!rc && !all_ok) {
        fprintf(stderr, "werkroute: the copy differs from the source; nothing was written\n");
        rc = RC_STORE;
    }
    if (!rc)
        rc = db_commit(dst);
    else
        db_rollback(dst);
out_src:
    db_rollback(src);
out:
    free(shapes);
    return rc;
}

enum rc transfer_count(struct db *db, struct transfer_report *report)
{
    memset(report, 0, sizeof(*report));
    char names[TRANSFER_MAX_TABLES][TRANSFER_NAME_MAX];
    int n;
    enum rc rc = list_tables(db, names, &n);
    for (int i = 0; !rc && i < n; i++) {
        if (ignored_table(names[i]))
            continue;
        struct transfer_table *t = &report->tables[report->ntables++];
        snprintf(t->name, sizeof(t->name), "%.*s", (int)sizeof(t->name) - 1, names[i]);
        struct sql b = {0};
        sql_add(&b, "SELECT count(*) FROM \"%s\"", names[i]);
        struct db_stmt *st;
        rc = prepare_built(db, &b, &st);
        bool row = false;
        if (!rc)
            rc = db_step(st, &row);
        t->rows = !rc && row ? db_col_int(st, 0) : 0;
        db_finalize(st);
    }
    return rc;
}

enum rc transfer_checksum(struct db *db, const char *table, int64_t *rows,
                          unsigned char checksum[TRANSFER_CHECKSUM_LEN])
{
    if (!known_table(table))
        return RC_INVALID;
    struct shape t;
    enum rc rc = read_shape(db, table, &t);
    if (!rc && !t.ncols)
        rc = RC_INVALID;
    if (!rc)
        rc = scan(db, table, &t, NULL, rows, checksum);
    return rc;
}
