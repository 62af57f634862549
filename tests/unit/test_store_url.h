/* For unit tests that need a real store: the database URL of the store under
 * test. WERKROUTE_TEST_STORE=postgresql (set by ctest for the -pg variants)
 * picks a fresh database on the throwaway cluster of WERKROUTE_TEST_PG_URL
 * (made by scripts/test.sh); otherwise a SQLite file in dir. */
#ifndef WR_TEST_STORE_URL_H
#define WR_TEST_STORE_URL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static bool test_store_is_postgresql(void)
{
    const char *s = getenv("WERKROUTE_TEST_STORE");
    return s && strcmp(s, "postgresql") == 0;
}

/* Writes the URL into out; false (with a message) when PostgreSQL is asked
 * for but no cluster is given. */
static bool test_store_url(char *out, size_t size, const char *dir, const char *name)
{
    if (!test_store_is_postgresql()) {
        snprintf(out, size, "sqlite:%s/%s.db", dir, name);
        return true;
    }
    const char *base = getenv("WERKROUTE_TEST_PG_URL");
    if (!base || !*base) {
        fprintf(stderr, "WERKROUTE_TEST_STORE=postgresql needs WERKROUTE_TEST_PG_URL "
                        "(run the tests with make test)\n");
        return false;
    }
    const char *slash = strrchr(base, '/');
    size_t keep = slash ? (size_t)(slash - base) : strlen(base);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(out, size, "%.*s/t_%s_%ld_%ld", (int)keep, base, name, (long)getpid(),
             (long)(ts.tv_nsec % 1000000));
    return true;
}

#endif
