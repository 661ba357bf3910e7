#!/usr/bin/env bash
# Issue 9 suite 2: HTTP ingest through the Gateway against a bare endpoint in the same gateway process, driven from
# other processes. Builds the Gateway (Release), starts it alone (embedded cluster, fresh temp data dir, free ports,
# Bench:BareEndpoint=true) or, with --store postgres, as the client of one Silo process on a fresh database of a durable
# PostgreSQL (bench/durable-postgres.sh; the production topology), then in one run:
#   closed loop (wrk, same threads/connections/duration): bare, stored, silo-stored, ingest, bare, ... then the
#   anonymous bare floor ("stored", the store floor: the pipeline plus an ingested message's durable writes, made
#   straight to the stores, with no grain; with --store postgres from the Gateway through the silos' writers;
#   "silo-stored": the same writes made in the silo behind one grain call from the Gateway);
#   open loop (bench/HttpLoad, constant rate = 50% of the best ingest phase): bare, then ingest.
# Prints a table and writes bench/results/http-ingest-<store>-<time>.json. Exits 1 if ingest answered any non-2xx.
#
#   bash bench/http-ingest.sh [--store sqlite|memory|postgres] [--seconds 15] [--threads 2] [--connections 64]
#                             [--conversations 1000] [--rounds 3] [--open-seconds 20] [--open-fraction 0.5]
#                             [--open-connections 256]  (at most this many connections in the open loop; requests due while
#                                                 all are busy wait in the load program, and their wait counts in their latency)
#                             [--open-warmup 2]  (seconds each open-loop phase sends at its rate before the timed span;
#                                                 their latencies are printed apart: the load process's own start-up)
#                             [--setting KEY=VALUE]... (extra gateway settings, for experiments; printed)
#                             [--silo-setting KEY=VALUE]... (the same for the Silo process of --store postgres)
#                             [--key demo|operator]  (the demo tenant's integration key, or an operator key set here)
#                             [--trace PHASES]  (e.g. bare-1,ingest-1: dotnet-trace samples the gateway during that phase;
#                                                the .nettrace and .speedscope.json files land in bench/results/traces/)
#                             [--allocations PHASES]  (the same phases' allocation ticks instead: bytes per message by type
#                                                and allocating frame, from Engine.Bench allocations; beside the traces)
#                             [--gc PHASES]  (the same phases' collections only: each pause, when, how long, which
#                                                generation; cheap enough not to change the tail it explains)
#                             [--trace-process gateway|silo]  (which process --trace and --allocations follow; silo
#                                                only with --store postgres)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

store=sqlite; seconds=15; threads=2; connections=64; conversations=1000; rounds=3; open_seconds=20; open_warmup=2; open_fraction=0.5; open_connections=256; trace_phase=""; alloc_phase=""; gc_phase=""; trace_process=gateway; key_kind=demo; extra=(); silo_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --open-warmup) open_warmup=$2; shift 2 ;;
    --open-connections) open_connections=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --conversations) conversations=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --open-seconds) open_seconds=$2; shift 2 ;;
    --open-fraction) open_fraction=$2; shift 2 ;;
    --trace) trace_phase=$2; shift 2 ;;
    --allocations) alloc_phase=$2; shift 2 ;;
    --gc) gc_phase=$2; shift 2 ;;
    --trace-process) trace_process=$2; shift 2 ;;
    --setting) extra+=("$2"); shift 2 ;;
    --silo-setting) silo_extra+=("$2"); shift 2 ;;
    --key) key_kind=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$store" in sqlite|memory|postgres) ;; *) echo "--store must be sqlite, memory or postgres" >&2; exit 2 ;; esac
case "$trace_process/$store" in gateway/*|silo/postgres) ;; *) echo "--trace-process silo needs --store postgres" >&2; exit 2 ;; esac
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
export PATH="$PATH:$HOME/.dotnet/tools"   # dotnet-trace for --trace

echo "building Gateway and bench/HttpLoad (Release)..."
dotnet build -c Release Gateway >/dev/null
dotnet build -c Release bench/HttpLoad >/dev/null
[ "$store" != postgres ] || dotnet build -c Release Silo >/dev/null
[ -z "$alloc_phase" ] || dotnet build -c Release bench/Bench >/dev/null

load_tool="dotnet bench/HttpLoad/bin/Release/net10.0/Engine.Bench.HttpLoad.dll"

source bench/lib/gateway.sh
# Changed from the defaults for the benchmark only: bench_settings (bench/lib/gateway.sh) and the baselines.
# The ingest in-flight limit (2,048) stays: wrk keeps --connections in flight and HttpLoad at most 256 connections.
settings=("Bench__BareEndpoint=true" "${bench_settings[@]}")
operator_key=""
# A client-mode Gateway (postgres) has no demo tenant: the script makes it, and its integration key, with this key.
if [ "$key_kind" = operator ] || [ "$store" = postgres ]; then operator_key=$(random_key bench-operator); settings+=("Auth__OperatorKey=$operator_key"); fi
settings+=(${extra[@]+"${extra[@]}"})
echo "settings changed for the benchmark: ${settings[*]//$operator_key/<random>} (RateLimits:IngestInFlight unchanged: 2048 unless set above)"

if [ "$store" = postgres ]; then
  source bench/durable-postgres.sh
  after_gateway=postgres_cleanup   # start_gateway's EXIT trap replaces durable-postgres.sh's
fi
silo_settings=(${silo_extra[@]+"${silo_extra[@]}"})
[ ${#silo_settings[@]} -eq 0 ] || echo "silo settings changed for the benchmark: ${silo_settings[*]}"
start_gateway "$store" http-ingest "${settings[@]}"
[ "$store" != postgres ] || key=$(make_demo_tenant "$operator_key")
if [ "$key_kind" = operator ]; then
  key=$operator_key
elif [ "$store" != postgres ]; then
  # The demo tenant's key: kept in the data dir with SQLite, only printed in the log with the memory store.
  for _ in $(seq 1 30); do
    key=$(sed -n 's/^.*Integration API key (header X-Api-Key): //p' "$work/data/demo-credentials.txt" "$work/gateway.log" 2>/dev/null | head -1 || true)
    [ -n "$key" ] && break; sleep 1
  done
fi
[ -n "${key:-}" ] || { tail -50 "$work/gateway.log"; echo "no integration key found" >&2; exit 1; }
echo "gateway pid $gateway_pid on $base, $store store, data in $work/data"

run_id=$(date -u +%Y%m%dT%H%M%SZ)
bare="$base/bench/tenants/demo/bare"; ingest="$base/api/v1/tenants/demo/inbound"; anonymous="$base/bench/bare"
# The store floor: the durable writes of an ingested message, straight to the stores of the embedded silo, or with
# --store postgres to the cluster's database through the silos' PostgreSQL writers in the Gateway process.
stored="$base/bench/tenants/demo/stored"
# The same writes in the silo behind one grain call from the Gateway: the floor of any design with a silo in between.
silo_stored="$base/bench/tenants/demo/stored-in-silo"
# The Gateway's CPU (with postgres also its Silo's: the engine then runs there).
cpu_ticks() { cat "/proc/$gateway_pid/stat" ${silo_pid:+"/proc/$silo_pid/stat"} | awk '{t += $14 + $15} END {print t}'; }
# SQLite commits and the writes they carried so far (engine.sqlite.* on /metrics; 0 0 where the build has none).
sqlite_counts() {
  curl -sf "$base/metrics" | awk '/^engine_sqlite_commits_total/ {c += $2} /^engine_sqlite_writes_total/ {w += $2} END {printf "%d %d\n", c, w}' || echo "0 0"
}
phases="$work/phases.jsonl"; : >"$phases"

# start_tracer NAME SECONDS: if --trace or --allocations names the phase, dotnet-trace follows the gateway for SECONDS
# (from 1 s before the load); finish_tracer NAME ITEMS waits for it and, for --allocations, reads the bytes per item.
tracer=""; alloc_file=""
traced_pid=$gateway_pid; [ "$trace_process" = gateway ] || traced_pid=$silo_pid
start_tracer() {
  local name=$1 duration=$2
  tracer=""; alloc_file=""
  if [[ ",$trace_phase," == *",$name,"* ]]; then
    mkdir -p bench/results/traces
    dotnet-trace collect -p "$traced_pid" --duration "00:00:00:$(printf %02d "$duration")" --format Speedscope \
      -o "bench/results/traces/http-ingest-$store-$run_id-$name.nettrace" >"$work/trace.log" 2>&1 &
    tracer=$!; sleep 1
  elif [[ ",$alloc_phase," == *",$name,"* || ",$gc_phase," == *",$name,"* ]]; then
    # Level 5 adds the allocation ticks to the collections' events (level 4).
    local kind=allocations level=5
    [[ ",$alloc_phase," == *",$name,"* ]] || { kind=gc; level=4; }
    mkdir -p bench/results/traces
    alloc_file="bench/results/traces/http-ingest-$store-$run_id-$name-$trace_process-$kind.nettrace"
    dotnet-trace collect -p "$traced_pid" --duration "00:00:00:$(printf %02d "$duration")" \
      --providers "Microsoft-Windows-DotNETRuntime:0x1:$level" -o "$alloc_file" >"$work/trace.log" 2>&1 &
    tracer=$!; sleep 1
  fi
}
finish_tracer() {
  local name=$1 items=$2
  if [ -n "$tracer" ]; then wait "$tracer" || cat "$work/trace.log"; fi
  if [ -n "$alloc_file" ]; then
    dotnet bench/Bench/bin/Release/net10.0/Engine.Bench.dll allocations "$alloc_file" --items "$items" \
      --json "${alloc_file%.nettrace}.json" | sed 's/^/    /'
  fi
}

# wrk_phase NAME URL KEY SECONDS: one closed-loop phase; appends its figures (and the gateway's CPU time) to $phases.
wrk_phase() {
  local name=$1 url=$2 key_arg=$3 duration=$4 tag="$run_id-$1-$RANDOM"
  local before after load
  sleep 2 # one-way work the previous phase left queued (publications, routing) settles first
  start_tracer "$name" "$duration"
  load=$(cut -d' ' -f1 /proc/loadavg); before=$(cpu_ticks); read -r commits0 writes0 < <(sqlite_counts)
  # wrk's default 2 s timeout would drop the slowest answers from the latency figures (counted as errors instead).
  wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 30s --latency -s bench/http-ingest.lua "$url" -- "$tag" "$conversations" "$key_arg" "$threads" >"$work/$tag.txt"
  after=$(cpu_ticks); read -r commits1 writes1 < <(sqlite_counts)
  local result; result=$(sed -n 's/^RESULT //p' "$work/$tag.txt")
  [ -n "$result" ] || { cat "$work/$tag.txt"; echo "wrk gave no result" >&2; exit 1; }
  # The trace starts 1 s before the load and lasts as long as the phase, so it holds all but its last second.
  finish_tracer "$name" "$(echo "$result" | jq --argjson d "$duration" '(.requests * ($d - 1) / $d) | floor')"
  echo "$result" | jq -c --arg name "$name" --arg load "$load" --argjson cpu "$(( after - before ))" \
    --argjson commits "$(( commits1 - commits0 ))" --argjson writes "$(( writes1 - writes0 ))" \
    '. + {phase: $name, kind: "closed", load1: ($load|tonumber), gateway_cpu_s: ($cpu / 100), sqlite_commits: $commits, sqlite_writes: $writes}' >>"$phases"
  echo "$result" | jq -r --arg name "$name" --argjson commits "$(( commits1 - commits0 ))" --argjson writes "$(( writes1 - writes0 ))" \
    '"  \($name): \(.requests) requests in \(.duration_us/1e6) s, non-2xx \(.non2xx), p50 \(.p50_us/1000) ms, p99 \(.p99_us/1000) ms, SQLite \($commits) commits / \($writes) writes"'
}

# Every conversation gets its first message before anything is measured: opening a conversation (directory, customer,
# queue) costs more than appending to one, and the phases should all measure appends.
echo "seeding $conversations conversations (one message each), then warm-up (discarded): bare, ingest, bare, ingest, 5 s each"
# Slow on SQLite (a new conversation costs several durable writes): a seed message that failed or timed out only
# leaves its conversation to be opened during warm-up, so failures are reported, not fatal.
$load_tool open-loop --url "$ingest" --api-key "$key" --rate 100 --seconds "$(jq -n "$conversations / 100")" \
  --conversations "$conversations" --tag "$run_id-seed" | sed 's/^/  seed: /' || true
# Tiered JIT and dynamic PGO settle only after a while on this loaded machine: a single short warm-up left round 1
# measurably slower than round 2.
for _ in 1 2; do
  wrk_phase warmup-bare "$bare" "$key" 5 >/dev/null
  wrk_phase warmup-stored "$stored" "$key" 5 >/dev/null
  wrk_phase warmup-silo-stored "$silo_stored" "$key" 5 >/dev/null
  wrk_phase warmup-ingest "$ingest" "$key" 5 >/dev/null
done
: >"$phases"
echo "closed loop: wrk -t$threads -c$connections -d${seconds}s --timeout 30s --latency, $conversations conversations, $rounds rounds"
for round in $(seq 1 "$rounds"); do
  wrk_phase "bare-$round" "$bare" "$key" "$seconds"
  wrk_phase "stored-$round" "$stored" "$key" "$seconds"
  wrk_phase "silo-stored-$round" "$silo_stored" "$key" "$seconds"
  wrk_phase "ingest-$round" "$ingest" "$key" "$seconds"
done
wrk_phase "anonymous-bare" "$anonymous" - "$seconds"

peak=$(jq -s '[.[] | select(.phase | startswith("ingest")) | .requests / (.duration_us / 1e6)] | max' "$phases")
rate=$(jq -n "$peak * $open_fraction | . * 10 | round / 10")
echo "open loop at $rate/s ($open_fraction of the best ingest phase, $peak/s) for ${open_seconds}s each, at most $open_connections connections"
open_phase() {
  local name=$1 url=$2 tag="$run_id-$1-$RANDOM" load before after
  start_tracer "$name" "$(jq -n "$open_warmup + $open_seconds | ceil")"
  load=$(cut -d' ' -f1 /proc/loadavg); before=$(cpu_ticks)
  $load_tool open-loop --url "$url" --api-key "$key" --rate "$rate" --connections "$open_connections" \
    --seconds "$open_seconds" --warmup-seconds "$open_warmup" --conversations "$conversations" --tag "$tag" --json "$work/$tag.json" \
    | sed 's/^/  /' || true
  after=$(cpu_ticks)
  finish_tracer "$name" "$(jq --argjson d "$(jq -n "$open_warmup + $open_seconds | ceil")" \
    '((.Completed + .WarmupRequests) * ($d - 1) / $d) | floor' "$work/$tag.json")"
  jq -c --arg name "$name" --arg load "$load" --argjson cpu "$(( after - before ))" \
    '. + {phase: $name, kind: "open", load1: ($load|tonumber), gateway_cpu_s: ($cpu / 100)}' "$work/$tag.json" >>"$phases"
}
if [ "$open_seconds" != 0 ]; then
  open_phase "open-bare" "$bare"
  open_phase "open-ingest" "$ingest"
fi

mkdir -p bench/results
out="bench/results/http-ingest-$store-$run_id.json"
$load_tool summarize --phases "$phases" --output "$out" --set "store=$store" \
  "wrk=-t$threads -c$connections -d${seconds}s --timeout 30s --latency, $conversations conversations, $rounds rounds" \
  "machine=$(nproc) cores,$(uptime | sed 's/.*,  *load/ load/')" "rate=$rate" "openFraction=$open_fraction" \
  "openSeconds=$open_seconds" "openConnections=$open_connections" "openWarmupSeconds=$open_warmup" "peakIngest=$peak" "settings=${settings[*]//$operator_key/<random>}" "siloSettings=${silo_settings[*]}" "key=$key_kind" "commit=$(git rev-parse --short HEAD)"
