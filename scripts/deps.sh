#!/usr/bin/env bash
# Installs the Debian packages Werkroute needs when run as root; otherwise
# names exactly what is missing. Used by `make run` and `make test`.
set -euo pipefail
build=(build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
       libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev
       libutf8proc-dev libcmocka-dev sqlite3)
testing=(nodejs chromium fonts-dejavu-core postgresql)
want=("${build[@]}")
[ "${1:-}" = "--test" ] && want+=("${testing[@]}")
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from outside Debian (nodesource); accept either.
if printf '%s\n' "${missing[@]}" | grep -qx nodejs && command -v node >/dev/null; then
    missing=("${missing[@]/nodejs}")
fi
command -v npm >/dev/null || missing+=(npm)
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "werkroute: missing Debian packages; as root run:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "werkroute: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null
apt-get install -y -qq "${missing[@]}" </dev/null
