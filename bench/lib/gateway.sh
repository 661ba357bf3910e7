# Sourced by bench/http-ingest.sh, bench/new-conversations.sh and bench/replay.sh (from the repository root, after the Release builds of Gateway
# and bench/HttpLoad, and of Silo for postgres): one Gateway on free loopback ports with a fresh data directory, killed and its directory removed
# when the script exits. With the memory or sqlite store it is alone (embedded cluster). With postgres it is the
# production topology: one Silo process on a fresh database of $connection (migrated by the Silo's own command) and
# the Gateway as its client, both on PostgreSQL (the caller sets $connection, e.g. from bench/durable-postgres.sh).
#
#   start_gateway STORE NAME [SETTING=VALUE]...   sets work (the temp directory), base (its URL), gateway_pid and, with
#                                                  postgres, silo_pid; the settings are given to the Gateway as
#                                                  environment variables.
#   random_key PREFIX                             prints PREFIX-<32 random hex digits> (operator keys, passwords)
#   make_demo_tenant OPERATOR_KEY                 makes the demo tenant and an integration key through the API, as an
#                                                  operator would (a client-mode Gateway has no demo tenant); prints the key
#
# bench_settings: what every load benchmark changes from the defaults. The caller and tenant token buckets (200/s and
# 2,000/s) would cap one key at 200 messages/s, so they are raised far above any rate reached but stay in the pipeline;
# the dashboard is off. Everything else is the production configuration.
bench_settings=("RateLimits__CallerPerSecond=10000000" "RateLimits__CallerBurst=10000000"
  "RateLimits__TenantPerSecond=10000000" "RateLimits__TenantBurst=10000000" "Dashboard__Enabled=false")

gateway_pid=""
silo_pid=""
work=""
bench_database=""
silo_settings=()   # KEY=VALUE given to the Silo process (postgres only)
silo_connection_extra=""   # appended to the Silo's connection string, e.g. "Max Auto Prepare=0" (postgres only)
after_gateway=""   # run at exit after the processes are stopped (e.g. stopping a PostgreSQL the script started)

random_key() { echo "$1-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }

make_demo_tenant() {
  local operator_key=$1
  curl -sf -X POST "$base/api/v1/tenants" -H "X-Api-Key: $operator_key" -H 'Content-Type: application/json' \
    -d "{\"tenantId\":\"demo\",\"displayName\":\"Bench brand\",\"adminUserId\":\"admin\",\"adminPassword\":\"$(random_key admin)\"}" >/dev/null
  curl -sf -X POST "$base/api/v1/tenants/demo/api-keys" -H "X-Api-Key: $operator_key" -H 'Content-Type: application/json' \
    -d '{"name":"bench","roles":["integration"]}' | jq -r .key
}

stop_gateway() {
  local pid
  for pid in "$gateway_pid" "$silo_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  done
  [ -z "$work" ] || rm -rf "$work"
  [ -z "$bench_database" ] || psql "$pgurl" -qc "DROP DATABASE IF EXISTS $bench_database WITH (FORCE)" >/dev/null 2>&1 || true
  [ -z "$after_gateway" ] || eval "$after_gateway"
}

start_gateway() {
  local store=$1 name=$2; shift 2
  local free_port="dotnet bench/HttpLoad/bin/Release/net10.0/Engine.Bench.HttpLoad.dll free-port"
  local http_port silo_port gateway_port cluster=()
  work=$(mktemp -d "/tmp/$name.XXXXXX")
  trap stop_gateway EXIT
  http_port=$($free_port); silo_port=$($free_port); gateway_port=$($free_port)
  base="http://127.0.0.1:$http_port"
  mkdir -p "$work/data"
  if [ "$store" = postgres ]; then
    start_silo "$name" "$silo_port" "$gateway_port"
    cluster=(Cluster__Mode=client Cluster__ConnectionString="$cluster_connection" Cluster__ClusterId="$name-$$")
  else
    cluster=(Storage__Provider="$store" Storage__DataDirectory="$work/data"
      Cluster__SiloPort="$silo_port" Cluster__GatewayPort="$gateway_port" Cluster__ClusterId="$name-$$")
  fi
  (cd Gateway/bin/Release/net10.0 && exec env "$@" "${cluster[@]}" dotnet Engine.Gateway.dll --urls "$base" >"$work/gateway.log" 2>&1) &
  gateway_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "$base/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log"; echo "the gateway exited" >&2; exit 1; }
    sleep 1
  done
  tail -50 "$work/gateway.log"; echo "the gateway did not get ready" >&2; exit 1
}

# A database of its own per run (so earlier runs' rows do not change the figures; dropped at exit), migrated, and one
# silo on it.
start_silo() {
  local name=$1 silo_port=$2 gateway_port=$3
  bench_database="bench_$(echo "$name" | tr -c 'a-z0-9\n' '_')_$$"
  psql "$pgurl" -qc "CREATE DATABASE $bench_database" >/dev/null
  cluster_connection=$(echo "$connection" | sed "s/Database=[^;]*/Database=$bench_database/")
  [ -z "$silo_connection_extra" ] || cluster_connection="$cluster_connection;$silo_connection_extra"
  dotnet Silo/bin/Release/net10.0/Engine.Silo.dll migrate --connection "$cluster_connection" >"$work/migrate.log" 2>&1 \
    || { cat "$work/migrate.log"; echo "migration failed" >&2; exit 1; }
  (exec env ${silo_settings[@]+"${silo_settings[@]}"} Cluster__ConnectionString="$cluster_connection" Cluster__ClusterId="$name-$$" Cluster__SiloPort="$silo_port" \
    Cluster__GatewayPort="$gateway_port" Cluster__Loopback=true Dashboard__Enabled=false \
    dotnet Silo/bin/Release/net10.0/Engine.Silo.dll run >"$work/silo.log" 2>&1) &
  silo_pid=$!
}
