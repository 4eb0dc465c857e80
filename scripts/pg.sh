#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   scripts/pg.sh run CMD ARGS...   start a cluster, run CMD with DATABASE_URL set, stop it
#   scripts/pg.sh start             start a cluster and print its DATABASE_URL
#   scripts/pg.sh stop              stop it and delete its files
#
# The cluster lives in var/pg (trust auth, fsync off: it holds nothing worth keeping) and
# listens on its own Unix socket there and on 127.0.0.1 at the first free port from 54329.
# initdb refuses to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGROOT="${STEPWISE_PG_DIR:-$ROOT/var/pg}"

as_owner() {
    # From / so that the postgres user is not left in a directory it may not enter.
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

find_bindir() {
    local dir
    # The newest server installed wins; pg_config and PATH are the fall-backs.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
    done
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; return; fi
    echo "pg.sh: no PostgreSQL server found (apt-get install postgresql)" >&2
    exit 1
}

choose_root() {
    # The postgres user must reach the cluster's directory, and a Unix socket path must stay
    # under ~100 bytes. A checkout under /root or deep in a CI workspace gets a /tmp directory.
    local ok=1
    mkdir -p "$PGROOT" 2>/dev/null || ok=0
    if [ "$ok" -eq 1 ] && [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$PGROOT"
        runuser -u postgres -- test -w "$PGROOT" || ok=0
    fi
    if [ "${#PGROOT}" -gt 80 ]; then ok=0; fi
    if [ "$ok" -eq 0 ]; then
        PGROOT="${TMPDIR:-/tmp}/stepwise-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"
        mkdir -p "$PGROOT"
        if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGROOT"; fi
    fi
    chmod 700 "$PGROOT"
}

free_port() {
    local port="${STEPWISE_PG_PORT:-54329}"
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

stop() {
    local bin
    bin="$(find_bindir)"
    for dir in "$PGROOT" "${TMPDIR:-/tmp}/stepwise-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)"; do
        if [ -f "$dir/data/postmaster.pid" ]; then
            as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        if [ -d "$dir/data" ]; then rm -rf "$dir"; fi
    done
}

start() {
    local bin port data
    bin="$(find_bindir)"
    stop  # a cluster left behind by an interrupted run
    choose_root
    data="$PGROOT/data"
    port="$(free_port)"
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PGROOT/initdb.log" 2>&1 ||
        { cat "$PGROOT/initdb.log" >&2; exit 1; }
    cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PGROOT'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
EOF
    as_owner "$bin/pg_ctl" -D "$data" -l "$PGROOT/server.log" -w -t 30 start >/dev/null ||
        { cat "$PGROOT/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h "$PGROOT" -p "$port" -U postgres stepwise
    echo "postgres://postgres@127.0.0.1:$port/stepwise"
}

case "${1:-}" in
    start)
        start
        ;;
    stop)
        stop
        ;;
    run)
        shift
        [ "$#" -gt 0 ] || { echo "usage: $0 run CMD [ARGS...]" >&2; exit 2; }
        trap 'set +e; stop' EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        DATABASE_URL="$(start)"
        export DATABASE_URL
        echo "pg.sh: PostgreSQL $("$(find_bindir)/postgres" --version | awk '{print $3}') at $DATABASE_URL" >&2
        "$@"
        ;;
    *)
        echo "usage: $0 {run CMD [ARGS...]|start|stop}" >&2
        exit 2
        ;;
esac
