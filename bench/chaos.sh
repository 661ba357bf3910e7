#!/usr/bin/env bash
# Issue 10, chaos under load, at the heaviest load this machine sustains: the Failover.Tests chaos tests (3 silo
# processes and a client-mode Gateway on PostgreSQL; Gateway SIGKILL, silo SIGKILL, PostgreSQL restart and 10 s
# pause, outbox receiver failing) built in Release and run with a heavy load shape (tests/Failover.Tests/ChaosLoadShape.cs).
# The load first runs --warmup seconds unmeasured (new .NET processes spend their first minute or so JIT-compiling
# hot code again at higher tiers), then --steady seconds measured, then the fault.
# Every audit of the tests applies (exactly once, no double assignment, full service). Prints each fault's summary and
# writes the whole log to bench/results/chaos-<time>.log.
#
#   bash bench/chaos.sh [--warmup 180] [--threads 2000] [--senders 128] [--agents 100] [--capacity 30] [--steady 10] [--outbox 300]
set -euo pipefail
cd "$(dirname "$0")/.."

warmup=180; threads=2000; senders=128; agents=100; capacity=30; steady=10; outbox=300
while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) warmup=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --senders) senders=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    --capacity) capacity=$2; shift 2 ;;
    --steady) steady=$2; shift 2 ;;
    --outbox) outbox=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if [ -z "${ENGINE_TEST_POSTGRES:-}" ]; then
  ENGINE_TEST_POSTGRES=$(PGTEST_NO_MIGRATE=1 bash scripts/postgres.sh start)
fi
export ENGINE_TEST_POSTGRES
export ENGINE_CHAOS_WARMUP_SECONDS=$warmup ENGINE_CHAOS_THREADS=$threads ENGINE_CHAOS_SENDERS=$senders ENGINE_CHAOS_AGENTS=$agents \
  ENGINE_CHAOS_CAPACITY=$capacity ENGINE_CHAOS_STEADY_SECONDS=$steady ENGINE_CHAOS_OUTBOX_CONVERSATIONS=$outbox

echo "building tests/Failover.Tests with the Silo and Gateway (Release)..."
dotnet build tests/Failover.Tests -c Release >/dev/null

mkdir -p bench/results
out="bench/results/chaos-$(date -u +%Y%m%dT%H%M%SZ).log"
{ echo "# bench/chaos.sh $*"; echo "# $(date -u) $(uptime)"; nproc; } > "$out"

dotnet test tests/Failover.Tests -c Release --no-build --filter "FullyQualifiedName~Chaos" \
  --logger "console;verbosity=detailed" 2>&1 | tee -a "$out" | grep -E "^ *(load:|outbox receiver|.*(fault lasted|began .* UTC, lasted))|^(Passed|Failed)!|  (Passed|Failed) " || true
echo "# $(date -u) $(uptime)" >> "$out"
echo "log: $out"
grep -qE '^Passed!' "$out" || exit 1
exit 0
