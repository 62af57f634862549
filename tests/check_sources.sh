#!/usr/bin/env bash
# Source checks run by ctest:
# - the one door: only the door's files (src/store/door*.c) and the raw SQL files
#   (src/store/records*.c) include records*.h or door_internal.h, so no handler
#   can reach resident data another way;
# - the layers: core includes nothing from store/web/cli, store nothing from web/cli,
#   web nothing from cli;
# - every message key used in the C sources exists in the catalogue.
set -u
cd "$(dirname "$0")/.."
fail=0
bad=$(grep -rlE '#include "(records[a-z_]*|door_internal)\.h"' src |
      grep -vE '^src/store/(door|records)(_[a-z]+)?\.c$')
if [ -n "$bad" ]; then echo "records.h included outside the door: $bad"; fail=1; fi
check_layer() {
    local layer=$1; shift
    for above in "$@"; do
        for h in src/$above/*.h; do
            name=$(basename "$h")
            hits=$(grep -ln "#include \"$name\"" src/$layer/*.c src/$layer/*.h 2>/dev/null)
            if [ -n "$hits" ]; then echo "layer $layer includes $above/$name: $hits"; fail=1; fi
        done
    done
}
check_layer core store web cli
check_layer store web cli
check_layer web cli
keys=$(grep -ohE 'tr\("[a-z0-9_.]+"\)' src -r | sed -E 's/tr\("(.*)"\)/\1/' | sort -u)
for k in $keys; do
    grep -q "{\"$k\"," src/web/msg_catalogue.c || { echo "message key $k is not in the catalogue"; fail=1; }
done
for t in templates/*.html; do
    for k in $(grep -oE '\{\{@[a-z0-9_.]+\}\}' "$t" | sed -E 's/\{\{@(.*)\}\}/\1/' | sort -u); do
        grep -q "{\"$k\"," src/web/msg_catalogue.c || { echo "$t: message key $k is not in the catalogue"; fail=1; }
    done
done
[ $fail -eq 0 ] && echo "source checks passed"
exit $fail
