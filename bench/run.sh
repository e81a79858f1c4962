#!/usr/bin/env bash
# Builds Release and runs one benchmark, writing bench/results/<name>.md and .json.
#   bench/run.sh [import] [25k|250k|1m] [harness arguments...]   (default: import 1m)
#   bench/run.sh kmeans|segments|pipeline|propensity|clv|coverage|territories|server|realtime [harness arguments...]
# The scikit-learn peers need Debian's python3-sklearn and python3-pandas, the clv peer python3-scipy and python3-pandas;
# they are installed here if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

name="${1:-import}"
case "$name" in
  25k|250k|1m) name=import ;;
  import|kmeans|segments|pipeline|propensity|clv|coverage|territories|server|realtime) shift ;;
  *) echo "usage: bench/run.sh [import [TIER]|kmeans|segments [TIER]|pipeline [TIER]|propensity|clv|coverage|territories|server|realtime] [harness arguments...]" >&2; exit 2 ;;
esac

args=()
if [[ "$name" == import || "$name" == segments || "$name" == pipeline ]]; then
  tier="${1:-1m}"
  shift || true
  args=(--tier "$tier")
fi

if [[ "$name" == kmeans || "$name" == propensity ]] && ! /usr/bin/python3 -c 'import sklearn, pandas' 2>/dev/null; then
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-sklearn python3-pandas
fi

if [[ "$name" == clv ]] && ! /usr/bin/python3 -c 'import scipy, pandas' 2>/dev/null; then
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-scipy python3-pandas
fi

# The real-time benchmark's two-silo row needs PostgreSQL (scripts/postgres-local.sh runs it on loopback).
if [[ "$name" == realtime ]] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql
fi

if [[ "$name" == server || "$name" == realtime ]] && ! command -v wrk >/dev/null 2>&1; then
  sudo_cmd=""
  [[ "$(id -u)" -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk
fi

dotnet build Sightline.slnx -c Release
dotnet run -c Release --no-build --project bench/Sightline.Bench -- "$name" "${args[@]}" "$@"
