#!/usr/bin/env bash
# Measures Hindsight beside its peers (mixpanel-browser, posthog-js) in one run — recorder cost, bytes on the
# wire, bundle sizes, ingestion, time to watchable, the player, storage, analytics on 5 M events — and rewrites
# BENCHMARKS.md at the repository root. Installs what is missing first (npm packages, Debian's chromium and wrk) and builds the SDK,
# the dashboard and the server from this checkout. About 25 minutes on a 2-core machine.
# Arguments go to the harness: --only 1,3 (some items), --reps N (item 1), --out PATH (another report file).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_node_modules
ensure_chromium
ensure_apt_package wrk wrk
# Always: bundle sizes and every figure must be of this checkout's code.
build_frontends
log "Building the server and the benchmarks (Release)"
dotnet build bench/Hindsight.Bench -c Release --nologo -v quiet
log "Running the benchmarks"
exec dotnet bench/Hindsight.Bench/bin/Release/net10.0/Hindsight.Bench.dll "$@"
