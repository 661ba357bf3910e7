# Sourced by the benchmark scripts that need a durable PostgreSQL: sets $connection to ENGINE_BENCH_POSTGRES, or starts
# scripts/postgres.sh's server, and turns fsync, synchronous_commit and full_page_writes on, checked, since the test
# server runs with fsync off for speed. At exit (postgres_cleanup, the EXIT trap; a script that sets its own trap calls
# it) the three settings go back to what they were, so the test server does not stay durable and slow for the tests and
# a server of one's own keeps its configuration, and a server started here (not one that was already running) is stopped.
connection=${ENGINE_BENCH_POSTGRES:-}
postgres_started=""
durability_before=""
postgres_cleanup() {
  if [ -n "$durability_before" ]; then
    read -r fsync_before commit_before pages_before <<<"$durability_before"
    psql "$pgurl" -qc "ALTER SYSTEM SET fsync = $fsync_before" -c "ALTER SYSTEM SET synchronous_commit = $commit_before" \
      -c "ALTER SYSTEM SET full_page_writes = $pages_before" -c "SELECT pg_reload_conf()" >/dev/null || true
    durability_before=""
  fi
  [ -z "$postgres_started" ] || { bash scripts/postgres.sh stop || true; postgres_started=""; }
}
if [ -z "$connection" ]; then
  # Only a server this script starts is stopped at exit; one already running (the tests', say) is left running.
  start_log=$(mktemp)
  connection=$(bash scripts/postgres.sh start 2>"$start_log") || { cat "$start_log" >&2; exit 1; }
  cat "$start_log" >&2
  ! grep -q 'starting on' "$start_log" || postgres_started=1
  rm -f "$start_log"
fi
trap postgres_cleanup EXIT
pgurl=$(echo "$connection" | sed 's/;/ /g; s/Host=/host=/; s/Port=/port=/; s/Username=/user=/; s/Password=/password=/; s/Database=/dbname=/')
durability_before=$(psql "$pgurl" -Atc "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' ' || current_setting('full_page_writes')")
psql "$pgurl" -qc "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
  -c "ALTER SYSTEM SET full_page_writes = on" -c "SELECT pg_reload_conf()" >/dev/null
sleep 2 # the server applies a reload asynchronously
durable_settings=$(psql "$pgurl" -Atc "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit')")
echo "postgres: fsync and synchronous_commit = $durable_settings"
[ "$durable_settings" = "on on" ] || { echo "could not make the server durable" >&2; exit 1; }
