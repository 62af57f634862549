#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a free loopback port, in a
# temporary directory; nothing of the machine's own PostgreSQL is touched.
#   scripts/pg-cluster.sh start DIR   -> prints the base URL (database werkroute)
#   scripts/pg-cluster.sh restart DIR [MODE] -> restarts it (default: immediate)
#   scripts/pg-cluster.sh stop DIR    -> stops the cluster and removes DIR
# As root the cluster runs as the postgres user (PostgreSQL refuses root).
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || { echo "pg-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
# The server's settings. By default, for tests: small, and fsync=off (a
# throwaway cluster need not survive a machine crash, and a killed server
# process still loses nothing: its writes are in the OS). bench/store asks
# for a durable, production-like cluster through WERKROUTE_PG_SETTINGS.
settings() {
    echo "-c listen_addresses=127.0.0.1 -c max_connections=300" \
        "${WERKROUTE_PG_SETTINGS:--c shared_buffers=64MB -c fsync=off}"
}

case "$cmd" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U werkroute -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$((20000 + RANDOM % 20000))
    for _ in $(seq 1 50); do
        (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || break
        port=$((20000 + RANDOM % 20000))
    done
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir $(settings)" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://werkroute@127.0.0.1:$port/werkroute"
    ;;
restart)
    # An immediate stop is a crash for PostgreSQL: it recovers from its WAL.
    # With WERKROUTE_PG_SETTINGS set, the cluster comes back with those.
    if [ -n "${WERKROUTE_PG_SETTINGS:-}" ]; then
        port=$(sed -n 4p "$dir/data/postmaster.pid")
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m "${3:-immediate}" -w -t 60 \
            -o "-p $port -k $dir $(settings)" restart >/dev/null
    else
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m "${3:-immediate}" -w -t 60 restart >/dev/null
    fi
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|restart|stop DIR" >&2
    exit 2
    ;;
esac
