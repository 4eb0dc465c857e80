#!/usr/bin/env bash
# Several web and worker processes on one PostgreSQL: the shape of a firm's practice on one
# host, or of several hosts sharing a database (docs/operations.md, "Several web and worker processes").
#
#   scripts/scaleout.sh run      start everything in the foreground; Ctrl-C stops it all
#   scripts/scaleout.sh start    start everything in the background, return once the web answers
#   scripts/scaleout.sh stop     stop what `start` started (by the ids in $SCALEOUT_DIR)
#   scripts/scaleout.sh worker N (re)start task worker N in the background
#
# DATABASE_URL names the shared database (PostgreSQL; run it under `scripts/pg.sh run` for a
# throwaway one). WEB_PORTS lists one port per gunicorn master (default "8001 8002"), WEB_WORKERS
# the processes each master runs (2), TASK_WORKERS the task workers (2). Pids and logs go to
# SCALEOUT_DIR (var/scaleout). The database is migrated and the periodic tasks queued first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WEB_PORTS="${WEB_PORTS:-8001 8002}"
WEB_WORKERS="${WEB_WORKERS:-2}"
TASK_WORKERS="${TASK_WORKERS:-2}"
DIR="${SCALEOUT_DIR:-$ROOT/var/scaleout}"
PY="$ROOT/.venv/bin/python"

: "${DATABASE_URL:?set DATABASE_URL to the shared PostgreSQL database (or run under scripts/pg.sh run)}"
case "$DATABASE_URL" in
    postgres*) ;;
    *) echo "scaleout.sh: several processes need PostgreSQL; DATABASE_URL is $DATABASE_URL" >&2; exit 2 ;;
esac

prepare() {
    mkdir -p "$DIR"
    "$PY" manage.py migrate --no-input --verbosity 0
    # Each recurring task is queued once however many workers there are; the workers share the queue.
    "$PY" manage.py schedule
}

web() {
    local port="$1"
    # Each master on its own port, as two hosts behind a load balancer would be.
    exec "$ROOT/.venv/bin/gunicorn" stepwise.wsgi \
        --config gunicorn.conf.py \
        --bind "127.0.0.1:$port" \
        --workers "$WEB_WORKERS" \
        --graceful-timeout 5 \
        --access-logfile - \
        --control-socket "$DIR/web-$port.ctl"
}

worker() {
    local n="$1"
    # A unique id per worker run: it is written on every task it takes (worker_ids). A worker
    # that stops (killed, or the database restarted under it) is started again a second later,
    # as systemd's Restart=always would; what it was running is recovered (tasks_recover).
    while :; do
        "$PY" manage.py db_worker --no-reload --queue-name '*' --interval 0.5 \
            --worker-id "$(hostname -s)-$n-$RANDOM$RANDOM" &
        echo $! >"$DIR/worker-$n.pid"
        wait $! || echo "scaleout.sh: worker $n stopped ($?); starting it again" >&2
        sleep 1
    done
}

start_worker() {
    local n="$1"
    stop_worker "$n"
    # On TERM the loop stops its worker (which finishes its task first) and itself.
    (
        trap 'kill "$(cat "$DIR/worker-$n.pid")" 2>/dev/null; exit 0' TERM
        worker "$n"
    ) >>"$DIR/worker-$n.log" 2>&1 &
    echo $! >"$DIR/worker-$n.loop.pid"
}

stop_worker() {
    local n="$1" pidfile
    # The supervising loop first, so that it does not start the worker again.
    for pidfile in "$DIR/worker-$n.loop.pid" "$DIR/worker-$n.pid"; do
        [ -f "$pidfile" ] || continue
        if kill "$(cat "$pidfile")" 2>/dev/null; then wait_gone "$(cat "$pidfile")"; fi
        rm -f "$pidfile"
    done
}

wait_gone() {
    local pid="$1" i
    for i in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

wait_web() {
    local port="$1" i
    for i in $(seq 1 300); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "scaleout.sh: nothing answers on port $port; see $DIR/web-$port.log" >&2
    exit 1
}

start() {
    local port n
    stop
    prepare
    for port in $WEB_PORTS; do
        (web "$port") >>"$DIR/web-$port.log" 2>&1 &
        echo $! >"$DIR/web-$port.pid"
    done
    for n in $(seq 1 "$TASK_WORKERS"); do start_worker "$n"; done
    for port in $WEB_PORTS; do wait_web "$port"; done
    echo "scaleout.sh: web on ports $WEB_PORTS, $TASK_WORKERS task workers; logs in $DIR"
}

stop() {
    local pidfile pids=""
    [ -d "$DIR" ] || return 0
    # Only the processes this script started, by the ids it wrote down: the workers' loops first
    # (each stops its worker, which finishes its task), then the web masters; all at once.
    for pidfile in "$DIR"/worker-*.loop.pid "$DIR"/web-*.pid; do
        [ -f "$pidfile" ] || continue
        if kill "$(cat "$pidfile")" 2>/dev/null; then pids="$pids $(cat "$pidfile")"; fi
        rm -f "$pidfile"
    done
    for pid in $pids; do wait_gone "$pid"; done
    for pidfile in "$DIR"/worker-*.pid; do
        [ -f "$pidfile" ] || continue
        wait_gone "$(cat "$pidfile")"
        rm -f "$pidfile"
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    worker)
        [ -n "${2:-}" ] || { echo "usage: $0 worker N" >&2; exit 2; }
        mkdir -p "$DIR"
        start_worker "$2"
        ;;
    run)
        trap 'set +e; stop' EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        start
        echo "Ctrl-C stops them all."
        # Until one of them dies or Ctrl-C.
        while sleep 1; do
            for pidfile in "$DIR"/web-*.pid "$DIR"/worker-*.loop.pid; do
                kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "scaleout.sh: $pidfile's process stopped" >&2; exit 1; }
            done
        done
        ;;
    *)
        echo "usage: $0 {run|start|stop|worker N}" >&2
        exit 2
        ;;
esac
