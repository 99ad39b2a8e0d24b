#!/usr/bin/env bash
# Starts Hindsight on its embedded default: a SQLite file and a data folder under ./data, no configuration.
# Builds what it needs on the way; the server prints the dashboard URL, the first admin's credentials,
# the default project's token and an install snippet. Extra arguments go to the server (e.g. --urls).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_node_modules
build_frontends_if_stale
# `dotnet run` works in the project folder; keep the data beside the checkout's root instead.
export HINDSIGHT_DATA="${HINDSIGHT_DATA:-$PWD/data}"
log "Starting Hindsight"
exec dotnet run --project src/Hindsight.Server -c Release -- "$@"
