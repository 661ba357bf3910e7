#!/usr/bin/env bash
# New conversations per second through the Gateway on the production topology: the Gateway as the client of one Silo
# process on a fresh database of a durable PostgreSQL (as bench/http-ingest.sh --store postgres). Every message of a
# phase opens a conversation of its own (a new thread key and a new customer, bench/HttpLoad --thread-prefix), sent at a
# constant rate from another process. Per phase it prints what HttpLoad measured and, per new conversation:
# database transactions (pg_stat_database.xact_commit; each statement outside a transaction counts as one), CPU of
# the Gateway, of the Silo and of the whole machine (/proc/stat: the server, the load process and everything else).
# The first phase also JIT-compiles and opens pools; read the later ones.
#
#   bash bench/new-conversations.sh [--rates "100:10 150:10 300:10"] (rate:seconds per phase)
#                                   [--statements N] (pg_stat_statements over phase N: calls and mean execution and
#                                                     planning time per statement; the server must preload it)
#                                   [--silo-setting KEY=VALUE]...
#                                   [--silo-connection "Key=Value"] (appended to the Silo's connection string, e.g.
#                                                     "Max Auto Prepare=0" to plan every statement anew)
set -euo pipefail
cd "$(dirname "$0")/.."

rates="100:10 150:10 300:10"; statements_phase=0; silo_extra=(); connection_extra=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) rates=$2; shift 2 ;;
    --statements) statements_phase=$2; shift 2 ;;
    --silo-setting) silo_extra+=("$2"); shift 2 ;;
    --silo-connection) connection_extra=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

echo "building Gateway, Silo and bench/HttpLoad (Release)..."
dotnet build -c Release Gateway >/dev/null
dotnet build -c Release Silo >/dev/null
dotnet build -c Release bench/HttpLoad >/dev/null

source bench/lib/gateway.sh
source bench/durable-postgres.sh
after_gateway=postgres_cleanup
operator_key=$(random_key bench-operator)
silo_settings=(${silo_extra[@]+"${silo_extra[@]}"})
silo_connection_extra=$connection_extra
start_gateway postgres new-conversations "${bench_settings[@]}" "Auth__OperatorKey=$operator_key"
key=$(make_demo_tenant "$operator_key")
load="dotnet bench/HttpLoad/bin/Release/net10.0/Engine.Bench.HttpLoad.dll open-loop --url $base/api/v1/tenants/demo/inbound --api-key $key"

database_url=$(echo "$pgurl" | sed "s/dbname=[^ ]*/dbname=$bench_database/")
sql() { psql "$database_url" -Atc "$1"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
transactions="SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"

echo "new conversations through $base (Gateway pid $gateway_pid, Silo pid $silo_pid, database $bench_database)"
phase=0
for spec in $rates; do
  rate=${spec%:*}; seconds=${spec#*:}; phase=$((phase + 1)); count=$((rate * seconds))
  echo "== phase $phase: $count new conversations at $rate/s"
  if [ "$phase" = "$statements_phase" ]; then
    sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null; sql "SELECT pg_stat_statements_reset()" >/dev/null
  fi
  x0=$(sql "$transactions"); g0=$(ticks "$gateway_pid"); s0=$(ticks "$silo_pid"); m0=$(machine_ticks); t0=$(date +%s.%N)
  $load --rate "$rate" --seconds "$seconds" --conversations "$count" --tag "new-$phase-$RANDOM" --thread-prefix "n$phase-$RANDOM" \
    | sed 's/^/  /' || true
  g1=$(ticks "$gateway_pid"); s1=$(ticks "$silo_pid"); m1=$(machine_ticks); t1=$(date +%s.%N)
  sleep 3 # the server publishes its counters once its sessions go idle
  x1=$(sql "$transactions")
  jq -rn --argjson n "$count" --argjson x "$((x1 - x0))" --argjson g "$((g1 - g0))" --argjson s "$((s1 - s0))" \
    --argjson m "$((m1 - m0))" --argjson t "$(echo "$t1 - $t0" | bc)" \
    '"  per new conversation: \($x / $n * 10 | round / 10) transactions; CPU ms: Gateway \($g * 10 / $n * 100 | round / 100), Silo \($s * 10 / $n * 100 | round / 100), machine \($m * 10 / $n * 100 | round / 100) (machine busy \($m / 100 / $t * 100 | round / 100) of 2 cores over \($t * 10 | round / 10) s)"'
  if [ "$phase" = "$statements_phase" ]; then
    echo "  statements (calls, mean exec µs, mean plan µs, plans):"
    sql "SELECT calls || ' | ' || round(mean_exec_time::numeric * 1000) || ' | ' || round(mean_plan_time::numeric * 1000) || ' | ' || plans
           || ' | ' || regexp_replace(left(query, 100), '\s+', ' ', 'g')
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY calls DESC LIMIT 25" | sed 's/^/    /'
  fi
  sleep 2
done
