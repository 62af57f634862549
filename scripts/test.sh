#!/usr/bin/env bash
# Runs every test suite and ends with one plain summary line:
#   "N passed, N failed"
# counted from ctest's own results of each build (debug, then asan).
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# Every store test also runs on PostgreSQL: a throwaway cluster on a free
# loopback port, removed again on exit, also when a test fails.
pgdir=$(mktemp -d /tmp/werkroute-pg-XXXXXX)
# The demo region is built once per build and store and copied for each test
# (tests/api/demo_template.mjs); its templates live here until the end.
WERKROUTE_TEST_TEMPLATE_DIR=$(mktemp -d /tmp/werkroute-templates-XXXXXX)
export WERKROUTE_TEST_TEMPLATE_DIR
trap 'scripts/pg-cluster.sh stop "$pgdir"; rm -rf "$WERKROUTE_TEST_TEMPLATE_DIR"' EXIT
if ! WERKROUTE_TEST_PG_URL=$(scripts/pg-cluster.sh start "$pgdir"); then
    echo "could not start a PostgreSQL cluster for the tests"
    echo "0 passed, 1 failed"
    exit 1
fi
export WERKROUTE_TEST_PG_URL
export WERKROUTE_TEST_PG_DIR=$pgdir
echo "== PostgreSQL test cluster: $WERKROUTE_TEST_PG_URL"
passed=0
failed=0
status=0
# What make run builds: the optimised build sees warnings the others do not
# (maybe-uninitialized), and warnings are errors.
echo "== build: release"
if cmake --preset release >/dev/null && cmake --build build/release; then
    passed=$((passed + 1))
else
    echo "build release failed"
    failed=$((failed + 1))
    status=1
fi
for preset in debug asan; do
    echo "== build: $preset"
    if ! cmake --preset "$preset" >/dev/null || ! cmake --build "build/$preset"; then
        echo "build $preset failed"
        failed=$((failed + 1))
        status=1
        continue
    fi
    echo "== tests: $preset"
    log="build/$preset/ctest.log"
    # ASan must not stop at the first leak report of a child; make reports fatal.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "build/$preset" --output-on-failure -j "$jobs" 2>&1 | tee "$log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$line")
    if [ -z "$line" ]; then
        failed=$((failed + 1))
        status=1
    else
        passed=$((passed + total - bad))
        failed=$((failed + bad))
    fi
done
echo "$passed passed, $failed failed"
exit $status
