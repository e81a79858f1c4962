#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, builds, runs every test and ends with
# one line "N passed, N failed[, N skipped]". Usage: ./test.sh [--fast]  (--fast skips tests marked Slow)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

# Debian packages the tests use. Each later capability adds its own (PostgreSQL, Chromium, wrk...).
# chromium and chromium-driver: the end-to-end tests drive Debian's browser headless through its chromedriver;
# fonts-liberation so their screenshots show readable text on a bare machine.
# postgresql: the cluster-mode tests start their own server on loopback with scripts/postgres-local.sh (the package's
# own cluster is not used).
apt_packages=(ca-certificates chromium chromium-driver fonts-liberation postgresql)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet) is needed; install the .NET 10 SDK first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The end-to-end tests save their screenshots (and a page's HTML when a step fails) here; the default folder
# starts empty on each run.
if [[ -z "${SIGHTLINE_ARTIFACTS:-}" ]]; then
  export SIGHTLINE_ARTIFACTS="$root/.artifacts/e2e"
  rm -rf "$SIGHTLINE_ARTIFACTS"
fi

filter=()
if [[ "${1:-}" == "--fast" ]]; then
  filter=(--filter "Category!=Slow")
fi

log="$(mktemp)"
dotnet build Sightline.slnx -c Release -nologo -v q 2>&1 | tee "$log" | grep -E "error|Warn|Error" || true
if grep -qE " error |Build FAILED" "$log"; then
  echo "test.sh: build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test Sightline.slnx -c Release --no-build -nologo "${filter[@]}" 2>&1 | tee "$log" \
  | grep -vE "^\s*$" || true
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12".
read -r passed failed skipped < <(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if compgen -G "$SIGHTLINE_ARTIFACTS/*.png" >/dev/null; then
  echo "test.sh: end-to-end screenshots in $SIGHTLINE_ARTIFACTS"
fi
if [[ $status -ne 0 && $failed -eq 0 ]]; then
  failed=1
fi
if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[[ $status -eq 0 && $failed -eq 0 && $passed -gt 0 ]]
