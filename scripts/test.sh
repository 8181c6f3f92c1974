#!/usr/bin/env bash
# Runs every test of the solution. Installs redis-server first when it is missing (the integration tests
# start their own redis-server on a free loopback port, in a temp directory). Prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is missing: installing it from Debian's packages (apt-get)..."
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); elif command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "error: redis-server is not installed and this user cannot install it; run: apt-get install -y redis-server" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq redis-server >/dev/null
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
dotnet test ISAC.sln -c Release --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any result was written: count it as a failure.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
