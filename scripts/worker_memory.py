"""Resident memory of one gunicorn web worker, served as production serves it.

    .venv/bin/python scripts/worker_memory.py [ROUNDS] [GUNICORN OPTIONS ...]
    MEM_ONLY=agreement,reviews .venv/bin/python scripts/worker_memory.py 20   # only those PDFs

Builds var/memory.sqlite3 once (migrate, the demo practice, collectstatic), starts gunicorn with
one worker and production settings (gunicorn.conf.py included), and prints the worker's RSS after
start, after ROUNDS rounds of the coach's HTML pages, and after the PDFs (a quarter as many
rounds) and the pages again. Delete var/memory.sqlite3 to start afresh.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "var" / "memory.sqlite3"
STATIC = ROOT / "var" / "static"
PORT = os.environ.get("MEM_PORT", "8765")
ENV = os.environ | {
    "STEPWISE_ENV": "production",
    "DATABASE_URL": f"sqlite:///{DB}",
    "SECRET_KEY": "memory-measurement-" + "k" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "STEPWISE_REQUIRE_2FA": "false",
    "SITE_URL": f"https://127.0.0.1:{PORT}",
    "STEPWISE_DOTENV": "/nonexistent",
    "DJANGO_SETTINGS_MODULE": "stepwise.settings",
}
PYTHON = str(ROOT / ".venv" / "bin" / "python")

# Run in a Django process: a signed-in coach's session and the addresses to fetch.
ADDRESSES = r"""
import json, django
django.setup()
from django.test import Client
from django.urls import reverse
from stepwise.agreements.models import Agreement
from stepwise.meetings.models import ProgressReview
from stepwise.plans.models import Goal
from stepwise.worksheets.models import Worksheet
agreement = Agreement.objects.filter(status="signed").select_related("engagement").first()
engagement = agreement.engagement
client = Client()
client.force_login(engagement.coach)
e = engagement.public_id
html = [reverse("home"), reverse("engagement_detail", args=[e]), reverse("plan_detail", args=[e]),
        reverse("review_list", args=[e]), reverse("agreement_detail", args=[e, agreement.public_id])]
goal = Goal.objects.filter(engagement=engagement).first()
if goal:
    html.append(reverse("goal_detail", args=[e, goal.public_id]))
pdf = [reverse("agreement_pdf", args=[e, agreement.public_id]), reverse("plan_pdf", args=[e])]
review = ProgressReview.objects.filter(engagement=engagement).first()
if review:
    pdf.append(reverse("review_pdf", args=[e, review.public_id]))
worksheet = Worksheet.objects.filter(engagement=engagement).first()
if worksheet:
    pdf.append(reverse("worksheet_pdf", args=[e, worksheet.public_id]))
print(json.dumps({"cookie": client.cookies["sessionid"].value, "html": html, "pdf": pdf}))
"""


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def fetch(path: str, cookie: str) -> None:
    headers = {"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"}
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status}")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    if not DB.exists():
        manage("migrate", "-v0")
        manage("demo")
    # Production serves hashed static files from var/static; removed afterwards unless it was
    # there before (the tests' whitenoise reads that folder too).
    static_was_there = STATIC.exists()
    manage("collectstatic", "--noinput", "-v0")
    made = subprocess.run([PYTHON, "-c", ADDRESSES], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True)  # noqa: S603
    info = json.loads(made.stdout.strip().splitlines()[-1])
    if os.environ.get("MEM_ONLY"):
        info["pdf"] = [p for p in info["pdf"] if any(k in p for k in os.environ["MEM_ONLY"].split(","))]
    gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "stepwise.wsgi", "--config", "gunicorn.conf.py"]
    server = subprocess.Popen(  # noqa: S603
        [*gunicorn, "--bind", f"127.0.0.1:{PORT}", "--workers", "1", *sys.argv[2:]],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def worker() -> int:
        return int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])

    try:
        for _attempt in range(100):
            try:
                fetch("/accounts/login/", "")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        print(f"after start: {rss_mb(worker()):.0f} MB")
        for _ in range(rounds):
            for path in info["html"]:
                fetch(path, info["cookie"])
        print(f"after {rounds} x {len(info['html'])} HTML pages: {rss_mb(worker()):.0f} MB")
        for _ in range(max(1, rounds // 4)):
            for path in info["pdf"]:
                fetch(path, info["cookie"])
        for _ in range(rounds):
            for path in info["html"]:
                fetch(path, info["cookie"])
        print(f"after {len(info['pdf'])} kinds of PDF and the pages again: {rss_mb(worker()):.0f} MB")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        if not static_was_there:
            shutil.rmtree(STATIC)


if __name__ == "__main__":
    main()
