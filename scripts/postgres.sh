#!/usr/bin/env bash
# A throwaway PostgreSQL for development and tests, kept in .pgtest/ of the repository.
#
#   scripts/postgres.sh [start]   install PostgreSQL if missing (Debian, as root), create and start the cluster on a
#                                 free loopback port, create database "engine", apply the schema (`Silo migrate`),
#                                 and print the connection string (also written to .pgtest/connection).
#   scripts/postgres.sh stop      stop the cluster (its files stay, so `start` again is quick).
#   scripts/postgres.sh destroy   stop it and delete .pgtest/.
#   scripts/postgres.sh env       print `export ENGINE_TEST_POSTGRES=...` for eval.
#
# Set PGTEST_NO_MIGRATE=1 to skip the migration (tests migrate their own databases anyway).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.pgtest"
data="$dir/data"
password="engine-test"
database="engine"

log() { echo "postgres.sh: $*" >&2; }

pg_bin() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [[ -n "$bin" && -x "$bin/initdb" ]] && echo "$bin"
}

install_postgres() {
    if [[ -n "$(pg_bin)" ]]; then return; fi
    if [[ $EUID -ne 0 ]]; then
        log "PostgreSQL is not installed; run this script as root once, or: apt-get install -y postgresql"
        exit 1
    fi
    log "installing PostgreSQL from Debian's packages"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
    # Debian's package starts a system cluster on 5432; this script uses its own, so leave that one alone.
}

# The server refuses to run as root, so root runs it as the postgres user; anyone else runs it as themselves.
as_owner() {
    if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    log "no free port found"; exit 1
}

connection_string() {
    echo "Host=127.0.0.1;Port=$(cat "$dir/port");Username=postgres;Password=$password;Database=$1"
}

running() { [[ -f "$data/postmaster.pid" ]] && as_owner "$(pg_bin)/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start() {
    install_postgres
    local bin; bin="$(pg_bin)"
    mkdir -p "$dir"
    if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi

    if [[ ! -f "$data/PG_VERSION" ]]; then
        log "creating a cluster in $data"
        local pwfile="$dir/pwfile"
        echo "$password" > "$pwfile"
        [[ $EUID -eq 0 ]] && chown postgres:postgres "$pwfile"
        as_owner "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        rm -f "$pwfile"
        free_port > "$dir/port"
        # Several silos and test classes at once need more than the default 100 connections.
        cat >> "$data/postgresql.conf" <<CONF
port = $(cat "$dir/port")
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 64MB
fsync = off
synchronous_commit = off
full_page_writes = off
timezone = 'UTC'
CONF
    fi

    if ! running; then
        # A stale port may have been taken since the cluster was created.
        if (exec 3<>"/dev/tcp/127.0.0.1/$(cat "$dir/port")") 2>/dev/null; then
            free_port > "$dir/port"
            sed -i "s/^port = .*/port = $(cat "$dir/port")/" "$data/postgresql.conf"
        fi
        log "starting on 127.0.0.1:$(cat "$dir/port")"
        as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null
    fi

    if ! as_owner "$bin/psql" -h "$dir" -p "$(cat "$dir/port")" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$database'" postgres | grep -q 1; then
        as_owner "$bin/psql" -h "$dir" -p "$(cat "$dir/port")" -U postgres -qc "CREATE DATABASE $database" postgres
    fi

    connection_string "$database" > "$dir/connection"
    if [[ "${PGTEST_NO_MIGRATE:-0}" != 1 ]]; then
        dotnet run --project "$root/Silo" -- migrate --connection "$(cat "$dir/connection")" >&2
    fi
    cat "$dir/connection"
}

stop() {
    local bin; bin="$(pg_bin)"
    if [[ -n "$bin" ]] && running; then
        as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
        log "stopped"
    else
        log "not running"
    fi
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    destroy) stop; rm -rf "$dir"; log "removed $dir" ;;
    env) echo "export ENGINE_TEST_POSTGRES='$(cat "$dir/connection")'" ;;
    *) echo "usage: $0 [start|stop|destroy|env]" >&2; exit 2 ;;
esac
