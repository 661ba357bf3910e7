#!/usr/bin/env bash
# Issue 9 suite 7: the twcs corpus replayed through a fresh Gateway's HTTP API as fast as the engine takes it (time
# compressed to nothing: each thread's tweets in platform order, threads side by side), end to end in seconds, then
# every conversation read back. Builds Gateway and bench/Replay (Release), starts the Gateway alone (embedded cluster,
# fresh temp data dir, free ports, an operator key of its own, since each brand of the corpus becomes a tenant), runs
# the replay, prints its report and writes bench/results/replay-<store>-<time>.txt.
#
#   bash bench/replay.sh [--store sqlite|memory] [--corpus PATH] [--concurrency 16]
set -euo pipefail
cd "$(dirname "$0")/.."

store=sqlite; corpus=../shared/data/twcs/twcs-head5000.csv; concurrency=16
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$store" in sqlite|memory) ;; *) echo "--store must be sqlite or memory" >&2; exit 2 ;; esac

echo "building Gateway, bench/Replay and bench/HttpLoad (Release)..."
dotnet build -c Release Gateway >/dev/null
dotnet build -c Release bench/Replay >/dev/null
dotnet build -c Release bench/HttpLoad >/dev/null
source bench/lib/gateway.sh
operator_key=$(random_key replay-operator)
# bench_settings (bench/lib/gateway.sh): the token buckets raised, the dashboard off; nothing else differs.
settings=("Auth__OperatorKey=$operator_key" "${bench_settings[@]}")
start_gateway "$store" replay "${settings[@]}"

mkdir -p bench/results
out="bench/results/replay-$store-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "replaying $corpus into $base ($store store, concurrency $concurrency, load average $(cut -d' ' -f1 /proc/loadavg))"
start=$(date +%s.%N)
status=0
dotnet bench/Replay/bin/Release/net10.0/Engine.Replay.dll --corpus "$corpus" --gateway "$base" --api-key "$operator_key" \
  --concurrency "$concurrency" | tee "$out" || status=$?
end=$(date +%s.%N)
echo "end to end (replay process, including tenants, sending and reading back): $(echo "$end - $start" | bc) s" | tee -a "$out"
# SQLite commits and the writes they carried over the whole run (none with the memory store or a build without them).
curl -sf "$base/metrics" | awk '/^engine_sqlite_commits_total/ {c += $2} /^engine_sqlite_writes_total/ {w += $2}
  END {if (c > 0) printf "SQLite: %d commits carrying %d writes (%.1f writes per commit)\n", c, w, w / c}' | tee -a "$out" || true
exit "$status"
