#!/usr/bin/env bash
# Runs every test suite — SDK and dashboard unit tests (vitest), server API tests, browser end-to-end
# tests in real Chromium — installing what is missing first, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

results="$PWD/.test-results"
rm -rf "$results" && mkdir -p "$results"
passed=0 failed=0

count() { passed=$((passed + $1)); failed=$((failed + $2)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ] && exit 0 || exit 1; }
abort() { log "$1"; count 0 1; finish; }

ensure_node_modules || abort "npm ci failed"
ensure_chromium || abort "installing chromium failed"
ensure_strace || abort "installing strace failed"
build_frontends || abort "building the SDK or the dashboard failed"
log "Building the .NET solution"
dotnet build Hindsight.slnx --nologo -v quiet || abort "dotnet build failed"

vitest_suite() { # workspace
  log "Unit tests: $1 (vitest)"
  npm run test --silent -w "$1" -- --reporter=default --reporter=json --outputFile="$results/$1.json"
  if [ -f "$results/$1.json" ]; then
    count $(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + (r.success || r.numFailedTests ? 0 : 1))' "$results/$1.json")
  else
    count 0 1
  fi
}

dotnet_suite() { # project
  local name trx
  name=$(basename "$1")
  log "Tests: $name"
  dotnet test "$1" --no-build --nologo --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results"
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    count "$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)" \
          "$(( $(grep -o ' failed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9) + $(grep -o ' error="[0-9]*"' "$trx" | head -1 | tr -dc 0-9) ))"
  else
    count 0 1
  fi
}

vitest_suite types
vitest_suite sdk
vitest_suite web
dotnet_suite tests/Hindsight.Server.Tests
dotnet_suite tests/Hindsight.Browser.Tests
finish
