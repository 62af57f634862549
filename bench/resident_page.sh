#!/usr/bin/env bash
# Benchmark: requests per second of a resident page on loopback, with each
# read audited (group commit), and the server's peak memory with the demo
# region. Prints figures; asserts nothing (machines are shared and noisy).
#   bench/resident_page.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-64}
data=${WERKROUTE_DATA:-$(cd .. && pwd)/shared/data}
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)"; exit 1; }
cmake --preset release >/dev/null && cmake --build build/release --target werkroute >/dev/null
bin=build/release/werkroute
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
pw=bench-wachtwoord-2026
start=$(date +%s%N)
$bin demo --db "sqlite:$dir/b.db" --data "$data" --password "$pw" >/dev/null
echo "demo region created in $(( ($(date +%s%N) - start) / 1000000 )) ms"
start=$(date +%s%N)
$bin serve --db "sqlite:$dir/b.db" --listen 127.0.0.1:0 --threads "${WERKROUTE_THREADS:-2}" >"$dir/out" 2>"$dir/err" &
pid=$!
until grep -q listening "$dir/out" 2>/dev/null; do sleep 0.01; done
echo "server ready in $(( ($(date +%s%N) - start) / 1000000 )) ms"
url=$(sed -n 's/.*listening on //p' "$dir/out")
token=$(curl -s -X POST "$url/api/v1/sessions" -H 'Content-Type: application/json' \
    -d "{\"username\":\"km.regio\",\"password\":\"$pw\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
cat >"$dir/ids.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/residents/" .. math.random(1, 2000))
end
LUA
echo "== GET /api/v1/residents/{id} (JSON, audited), ${conns} connections, ${secs}s"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$dir/ids.lua" "$url" | grep -E "Requests/sec|Latency|50%|99%|requests in"
# The HTML page with a cookie session.
jar="$dir/jar"
page=$(curl -s -c "$jar" "$url/inloggen")
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "username=km.regio" --data-urlencode "password=$pw" "$url/inloggen"
cookie=$(awk '$6=="wr_session"{print $7}' "$jar")
cat >"$dir/page.lua" <<LUA
wrk.headers["Cookie"] = "wr_session=$cookie"
math.randomseed(7)
request = function()
  return wrk.format("GET", "/inwoners/" .. math.random(1, 2000))
end
LUA
echo "== GET /inwoners/{id} (HTML page with cases, audited), ${conns} connections, ${secs}s"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$dir/page.lua" "$url" | grep -E "Requests/sec|Latency|50%|99%|requests in"
echo "== server peak memory: $(grep VmHWM /proc/$pid/status | awk '{print $2, $3}')"
audit=$(sqlite3 "$dir/b.db" "select count(*) from audit_log")
echo "== audit records written: $audit"
