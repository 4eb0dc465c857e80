#!/usr/bin/env bash
# The web server and the task worker side by side; Ctrl-C (or either one dying) stops both.
# `make run` prepares the database and static files first, then calls this.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT="${PORT:-8000}"
WEB_WORKERS="${WEB_WORKERS:-2}"

stop() {
    trap - INT TERM EXIT
    # Only our own children: gunicorn's master and the task worker shut down cleanly on TERM.
    local children
    children="$(jobs -p)"
    if [ -n "$children" ]; then
        kill $children 2>/dev/null || true
        wait 2>/dev/null || true
    fi
}
trap 'set +e; stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# gunicorn.conf.py masks the tokens of invitation, reset and calendar links in the access log.
.venv/bin/gunicorn stepwise.wsgi \
    --config gunicorn.conf.py \
    --bind "127.0.0.1:$PORT" \
    --workers "$WEB_WORKERS" \
    --access-logfile - \
    --graceful-timeout 5 &
# Reminders run in the worker every ten minutes; queue the first run unless one is waiting.
.venv/bin/python manage.py reminders --schedule
# The 360's raters are reminded from the worker every hour likewise.
.venv/bin/python manage.py rater_reminders --schedule
# The practice steps' pulse (hourly) and follow-up reminders (every six hours).
.venv/bin/python manage.py practice --schedule
# Step 7: sustain check-in reminders and retention (hourly).
.venv/bin/python manage.py retention --schedule
# Tasks a killed worker left running are recovered by the worker itself, every minute.
.venv/bin/python manage.py tasks_recover --schedule
.venv/bin/python manage.py db_worker --no-reload --queue-name '*' &

echo
echo "Stepwise is running at http://127.0.0.1:$PORT/ (web server and task worker; Ctrl-C stops both)"
echo

# Whichever stops first (a crash, a port already in use) takes the other one down with it.
wait -n
