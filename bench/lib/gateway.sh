# Sourced by bench/http-ingest.sh and bench/replay.sh (from the repository root, after the Release builds of Gateway
# and bench/HttpLoad): one Gateway alone (embedded cluster) on free loopback ports with a fresh data directory, killed
# and its directory removed when the script exits.
#
#   start_gateway STORE NAME [SETTING=VALUE]...   sets work (the temp directory), base (its URL) and gateway_pid;
#                                                  the settings are given to the process as environment variables.

gateway_pid=""
work=""

stop_gateway() {
  if [ -n "$gateway_pid" ] && kill -0 "$gateway_pid" 2>/dev/null; then kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true; fi
  [ -z "$work" ] || rm -rf "$work"
}

start_gateway() {
  local store=$1 name=$2; shift 2
  local free_port="dotnet bench/HttpLoad/bin/Release/net10.0/Engine.Bench.HttpLoad.dll free-port"
  local http_port silo_port gateway_port
  work=$(mktemp -d "/tmp/$name.XXXXXX")
  trap stop_gateway EXIT
  http_port=$($free_port); silo_port=$($free_port); gateway_port=$($free_port)
  base="http://127.0.0.1:$http_port"
  mkdir -p "$work/data"
  (cd Gateway/bin/Release/net10.0 && exec env "$@" \
    Storage__Provider="$store" Storage__DataDirectory="$work/data" \
    Cluster__SiloPort="$silo_port" Cluster__GatewayPort="$gateway_port" Cluster__ClusterId="$name-$$" \
    dotnet Engine.Gateway.dll --urls "$base" >"$work/gateway.log" 2>&1) &
  gateway_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "$base/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log"; echo "the gateway exited" >&2; exit 1; }
    sleep 1
  done
  tail -50 "$work/gateway.log"; echo "the gateway did not get ready" >&2; exit 1
}
