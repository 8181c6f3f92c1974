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

# Load-generator smoke run (bench/README.md): a real broker in a child process, a few seconds of publishing over
# mTLS gRPC; fails if any receipted bundle is lost, duplicated or misrouted, or any publish is refused. One test.
echo "Load-generator smoke run (bench/Isac.LoadGen --smoke)..."
loadgen="bench/Isac.LoadGen/bin/Release/net10.0/Isac.LoadGen.dll"
smoke=0
if [ ! -f "$loadgen" ]; then
  dotnet build bench/Isac.LoadGen -c Release -nologo -v q || smoke=$?
fi
if [ "$smoke" -eq 0 ]; then
  timeout 180 dotnet "$loadgen" --smoke --out "$results/loadgen" || smoke=$?
fi
if [ "$smoke" -eq 0 ]; then
  passed=$((passed + 1))
  echo "Load-generator smoke run: passed"
else
  failed=$((failed + 1))
  status=1
  echo "Load-generator smoke run: FAILED (exit $smoke)"
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
