#!/usr/bin/env bash
# Builds Release and runs the import benchmark for one tier (default 1m), writing
# bench/results/import.md and bench/results/import.json. Extra arguments go to the harness,
# e.g. bench/run.sh 1m --runs 1
set -euo pipefail

tier="${1:-1m}"
shift || true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

dotnet build Sightline.slnx -c Release
dotnet run -c Release --no-build --project bench/Sightline.Bench -- \
  import --tier "$tier" --out bench/results/import.md "$@"
