/* The two stores' migrations must give the same logical schema: the same
 * tables, the same columns in the same order with the same type class and
 * nullability, and the same named indexes. Needs the throwaway PostgreSQL
 * cluster of scripts/test.sh (WERKROUTE_TEST_PG_URL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "store.h"

static void append_rows(struct db *db, const char *sql, const char *param, int ncols,
                        struct buf *out)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare(db, sql, &st), RC_OK);
    if (param)
        db_bind_text(st, 1, param);
    bool row;
    while (db_step(st, &row) == RC_OK && row) {
        for (int c = 0; c < ncols; c++)
            buf_printf(out, "%s%s", c ? "|" : "", db_col_text(st, c));
        buf_putc(out, '\n');
    }
    db_done(st);
}

/* A text description of the schema, the same for both stores when they
 * agree. */
static void describe(struct db *db, bool pg, struct buf *out)
{
    /* Search indexes are store-specific (FTS5 on SQLite, pg_trgm on
     * PostgreSQL): both are named residents_search*, and left out. */
    static const char SQ_TABLES[] = "SELECT name FROM sqlite_master WHERE type = 'table'"
                                    " AND name NOT LIKE 'sqlite_%'"
                                    " AND name NOT LIKE 'residents_search%' ORDER BY name";
    static const char PG_TABLES[] = "SELECT table_name FROM information_schema.tables"
                                    " WHERE table_schema = 'public' ORDER BY table_name";
    /* INTEGER PRIMARY KEY is NOT NULL in effect though SQLite reports 0. */
    static const char SQ_COLUMNS[] =
        "SELECT name, CASE WHEN upper(type) = 'INTEGER' THEN 'integer' ELSE lower(type) END,"
        " CASE WHEN \"notnull\" = 1 OR pk > 0 THEN 'not null' ELSE 'null' END"
        " FROM pragma_table_info($1) ORDER BY cid";
    static const char PG_COLUMNS[] =
        "SELECT column_name, CASE WHEN data_type = 'bigint' THEN 'integer' ELSE data_type END,"
        " CASE WHEN is_nullable = 'NO' THEN 'not null' ELSE 'null' END"
        " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1"
        " ORDER BY ordinal_position";
    static const char SQ_INDEXES[] = "SELECT name FROM sqlite_master WHERE type = 'index'"
                                     " AND name NOT LIKE 'sqlite_autoindex%'"
                                     " AND name NOT LIKE 'residents_search%' ORDER BY name";
    static const char PG_INDEXES[] =
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
        " AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'"
        " AND indexname NOT LIKE 'residents_search%' ORDER BY indexname";
    struct buf tables;
    buf_init(&tables, 1 << 20);
    append_rows(db, pg ? PG_TABLES : SQ_TABLES, NULL, 1, &tables);
    assert_non_null(tables.data);
    char *save = NULL;
    for (char *t = strtok_r(tables.data, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
        buf_printf(out, "table %s\n", t);
        append_rows(db, pg ? PG_COLUMNS : SQ_COLUMNS, t, 3, out);
    }
    buf_puts(out, "indexes\n");
    append_rows(db, pg ? PG_INDEXES : SQ_INDEXES, NULL, 1, out);
    buf_release(&tables);
}

static void test_both_stores_have_the_same_schema(void **state)
{
    (void)state;
    const char *base = getenv("WERKROUTE_TEST_PG_URL");
    if (!base || !*base)
        fail_msg("WERKROUTE_TEST_PG_URL is not set: run the tests with make test");
    char dir[] = "/tmp/werkroute-schema-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sqlite_url[256], pg_url[512];
    snprintf(sqlite_url, sizeof(sqlite_url), "sqlite:%s/s.db", dir);
    const char *slash = strrchr(base, '/');
    snprintf(pg_url, sizeof(pg_url), "%.*s/schema_%d", (int)(slash - base), base, (int)getpid());

    struct store *sq, *pg;
    assert_int_equal(store_open(sqlite_url, 1, true, &sq), RC_OK);
    assert_int_equal(store_open(pg_url, 1, true, &pg), RC_OK);
    assert_int_equal(store_migrate(sq, NULL), RC_OK);
    assert_int_equal(store_migrate(pg, NULL), RC_OK);

    struct buf a, b;
    buf_init(&a, 1 << 20);
    buf_init(&b, 1 << 20);
    struct db *db = store_acquire(sq);
    describe(db, false, &a);
    store_release(sq, db);
    db = store_acquire(pg);
    describe(db, true, &b);
    store_release(pg, db);
    assert_non_null(a.data);
    assert_non_null(strstr(a.data, "table residents\nid|integer|not null\nbsn|text|not null\n"));
    assert_string_equal(a.data, b.data);
    buf_release(&a);
    buf_release(&b);
    store_close(sq);
    store_close(pg);
    char path[300];
    snprintf(path, sizeof(path), "%s/s.db", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_stores_have_the_same_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
