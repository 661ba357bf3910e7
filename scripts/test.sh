#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET SDK: installs and starts what the tests
# need (a throwaway PostgreSQL and Chromium from Debian's packages), runs every test project, stops what it started, and
# ends with one summary line "tests: N passed, N failed, N skipped".
# ENGINE_TEST_POSTGRES=<connection string> uses an existing server instead of starting one.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
started_postgres=0
cleanup() {
  rm -f "$log"
  if [ "$started_postgres" = 1 ]; then bash scripts/postgres.sh stop || true; fi
}
trap cleanup EXIT

if [ -z "${ENGINE_TEST_POSTGRES:-}" ]; then
  # Tests create and migrate their own databases, so the server needs no schema of its own.
  ENGINE_TEST_POSTGRES=$(PGTEST_NO_MIGRATE=1 bash scripts/postgres.sh start)
  export ENGINE_TEST_POSTGRES
  started_postgres=1
fi

# The browser tests (tests/Web.Tests) drive Debian's Chromium; Playwright's own browser builds are never downloaded.
if [ -z "${ENGINE_TEST_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is not installed; run this script as root once, or: apt-get install -y chromium" >&2
  else
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  fi
fi

# promtool validates the /metrics scrape; only the package file is fetched, nothing is installed.
ENGINE_TEST_PROMTOOL=$(bash scripts/promtool.sh)
export ENGINE_TEST_PROMTOOL

status=0
dotnet test Engine.sln --configuration Release 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed! - Failed: a, Passed: b, Skipped: c" line per test assembly.
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- Failed:' "$log" | awk -F'[:,]' '
  { failed += $2; passed += $4; skipped += $6 } END { printf "%d %d %d\n", passed, failed, skipped }')
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
