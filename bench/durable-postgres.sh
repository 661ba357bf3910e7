# Sourced by the benchmark scripts that need a durable PostgreSQL: sets $connection to ENGINE_BENCH_POSTGRES, or starts
# scripts/postgres.sh's server (stopped again when the script exits; $postgres_started says so), and turns fsync, synchronous_commit and
# full_page_writes on, checked, since the test server runs with fsync off for speed.
connection=${ENGINE_BENCH_POSTGRES:-}
postgres_started=""
if [ -z "$connection" ]; then
  connection=$(bash scripts/postgres.sh start)
  postgres_started=1
  trap 'bash scripts/postgres.sh stop' EXIT
fi
pgurl=$(echo "$connection" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Password=/password=/; s/Database=/dbname=/')
psql "$pgurl" -qc "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
  -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" >/dev/null
sleep 2 # the server applies a reload asynchronously
durable_settings=$(psql "$pgurl" -Atc "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit')")
echo "postgres: fsync and synchronous_commit = $durable_settings"
[ "$durable_settings" = "on on" ] || { echo "could not make the server durable" >&2; exit 1; }
