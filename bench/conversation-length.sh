#!/usr/bin/env bash
# The conversation-length suite on every store, in one run: per-message ingest cost at the 1st, ~10th, ~100th,
# ~1,000th (and ~10,000th) message, each beside its baseline (bare grain call / bare durable INSERT), and
# activation of long conversations with and without snapshots. Results: bench/results/*.json and stdout.
# Uses ENGINE_BENCH_POSTGRES if set, else starts the throwaway server of scripts/postgres.sh with durable settings.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build -c Release bench/Bench >/dev/null

source bench/durable-postgres.sh

bench="dotnet bench/Bench/bin/Release/net10.0/Engine.Bench.dll conversation-length"
$bench --store memory --conversations 10 --length 1020 --json bench/results/length-memory.json
$bench --store sqlite --conversations 10 --length 1020 --json bench/results/length-sqlite.json
$bench --store postgres --connection "$connection" --conversations 10 --length 1020 --json bench/results/length-postgres.json
$bench --store postgres --connection "$connection" --conversations 5 --length 10000 --snapshot-every 100 --json bench/results/length-postgres-10k.json
$bench --store postgres --connection "$connection" --conversations 5 --length 10000 --snapshot-every 0 --json bench/results/length-postgres-10k-nosnap.json
