#!/usr/bin/env bash
# Issue 9, suite 3: durable ingest on PostgreSQL against pgbench single-row inserts on the same server, in one run.
# Makes the server durable (fsync, synchronous_commit, full_page_writes on), then `Engine.Bench durable-ingest`:
# pgbench at several client counts, the conversation store alone (one caller, then N callers; group commit off and
# on), the engine through IInboundGrain on the memory store and on PostgreSQL with group commit off and on, and
# pgbench again. Results: bench/results/durable-ingest*.json and stdout.
# Uses ENGINE_BENCH_POSTGRES if set, else starts the throwaway server of scripts/postgres.sh.
#   bash bench/durable-ingest.sh [callers ...]     (default: 64; each count is one run and one JSON file)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build -c Release bench/Bench >/dev/null

source bench/durable-postgres.sh

for callers in "${@:-64}"; do
  suffix=$([ "$callers" = 64 ] && echo "" || echo "-$callers")
  echo "uptime: $(uptime)"
  dotnet bench/Bench/bin/Release/net10.0/Engine.Bench.dll durable-ingest --connection "$connection" --callers "$callers" \
    --conversations 10000 --phase-seconds 10 --pgbench-clients 16,64 --json "bench/results/durable-ingest$suffix.json"
done
