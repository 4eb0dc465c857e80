"""Stepwise under load: ``make bench``. Serves the app as production does and drives it with wrk.

    make bench                                    # SQLite, 20 and 2,000 engagements, 25 s a page
    BENCH_SECONDS=5 BENCH_WARMUP=1 BENCH_SIZES=20 .venv/bin/python bench/run.py   # a quick try
    BENCH_DATABASE_URL=postgres://user@host:port/db .venv/bin/python bench/run.py  # PostgreSQL
    scripts/pg.sh run sh -c 'BENCH_DATABASE_URL=$DATABASE_URL .venv/bin/python bench/run.py'

For each size: fill a database (or reuse the one cached for this size and code version), count
each page's queries in-process (bench/pages.py), serve it with gunicorn as scripts/run.sh does
(gunicorn.conf.py, 2 sync workers, STEPWISE_ENV=production, every request carrying the proxy's
``X-Forwarded-Proto: https``), sign a coach, an executive and a sponsor in through the sign-in
form (the coach with the authenticator code, as production requires of coaches), then run wrk on
each page with their session cookie, then read the workers' resident memory. The floor is a view
answering two bytes through the whole middleware stack (bench/urls.py, never the product's URLs),
timed signed in and anonymous in the same run.

Environment:
    BENCH_SIZES=20,2000       practice sizes (engagements)
    BENCH_SECONDS=25          wrk's measured run per page, after BENCH_WARMUP=5 seconds
    BENCH_CONNECTIONS=20      wrk connections for pages and the API; BENCH_PDF_CONNECTIONS=2 for
                              PDFs (one per worker, so latency is the rendering, not the queue)
    BENCH_ONLY=home,inbox     only the pages whose name contains one of these (floors always run)
    BENCH_REBUILD=1           fill the databases afresh even if a cached one matches
    BENCH_DATABASE_URL        a PostgreSQL server (databases <name>_bench_<size> are made on it)
    BENCH_SOURCE=fill|demo    what fills the databases: bench/fill.py (one coach with every
                              engagement) or `manage.py demo --size large --engagements N` (the
                              default once that command exists)
    BENCH_WORKERS=2           gunicorn workers

Writes bench/results-<date>-<vendor>[-quick][-partial].md (tables and the raw JSON) and prints the summary.
"""

import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import parse_wrk, size_table, summary_table, totp_code, with_ratios  # noqa: E402

VAR = ROOT / "var"
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "20,2000").split(",") if n.strip()]
SECONDS = int(os.environ.get("BENCH_SECONDS", "25"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
PDF_CONNECTIONS = int(os.environ.get("BENCH_PDF_CONNECTIONS", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# gunicorn kills a worker whose request runs past 30 s (its default timeout, as in production).
# A page whose requests would wait longer than this under load (the time it takes alone times
# the connections each worker serves) is timed alone instead (see `probed`).
LOADED_LIMIT_SECONDS = 25.0
ONLY = [word.strip() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
REBUILD = os.environ.get("BENCH_REBUILD", "") not in ("", "0")
# What fills the databases: `manage.py demo --size large --engagements N` once it exists (the
# issue's first item), bench/fill.py until then; BENCH_SOURCE=fill or demo chooses.
DEMO_COMMAND = ROOT / "stepwise" / "dashboard" / "management" / "commands" / "demo.py"
SOURCE = os.environ.get("BENCH_SOURCE") or ("demo" if '"--engagements"' in DEMO_COMMAND.read_text() else "fill")
SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "")
# A run shorter than the default is a try-out: its file says so and never replaces a full one.
QUICK = SECONDS < 25 or WARMUP < 5

# What a cached database depends on: if any of these changes, it is filled afresh.
FILLED_BY = [
    "bench/fill.py",
    "stepwise/*/migrations/*.py",
    "stepwise/*/demo.py",
    "stepwise/*/large.py",
    "stepwise/*/management/commands/demo.py",
]


def code_version(size: int) -> str:
    digest = hashlib.sha256(f"{SOURCE} {size}".encode())
    for pattern in FILLED_BY:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def database_for(size: int) -> str:
    """The DATABASE_URL of this size's bench database: the cached one if it was filled by the
    same code, otherwise an empty one (bench/pages.py fills an empty database)."""
    key = code_version(size)
    if not SERVER_URL:
        path = VAR / f"bench-{size}.sqlite3"
        stamp = Path(f"{path}.key")
        if REBUILD or not stamp.exists() or stamp.read_text().strip() != key:
            for suffix in ("", "-wal", "-shm", ".key"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parts = urlsplit(SERVER_URL)
    name = f"{parts.path.lstrip('/') or 'postgres'}_bench_{size}"
    stamp = VAR / f"bench-postgresql-{size}.key"
    url = urlunsplit(parts._replace(path=f"/{name}"))
    wanted = f"{url} {key}"
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        fresh = not REBUILD and exists and stamp.exists() and stamp.read_text().strip() == wanted
        if not fresh:
            stamp.unlink(missing_ok=True)
            server.execute(f'DROP DATABASE IF EXISTS "{name}"')
            server.execute(f'CREATE DATABASE "{name}"')
    return url


def stamp_database(size: int, url: str) -> None:
    """Mark this size's database as filled by this code version (after a successful fill)."""
    key = code_version(size)
    if url.startswith("sqlite:///"):
        Path(f"{url.removeprefix('sqlite:///')}.key").write_text(key + "\n")
    else:
        (VAR / f"bench-postgresql-{size}.key").write_text(f"{url} {key}\n")


def server_env(url: str) -> dict[str, str]:
    """Production settings plus the floor's URLs, on the bench's database; nothing from .env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "STEPWISE_", "DJANGO_"))}
    return env | {
        "STEPWISE_ENV": "production",
        "STEPWISE_DOTENV": os.devnull,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "https://127.0.0.1",
        "BENCH_SOURCE": SOURCE,
        "PYTHONPATH": str(ROOT),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """Just enough of a browser behind the HTTPS proxy to sign in: cookies, CSRF, redirects by hand."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                "Referer": f"{origin}{path}",
            }
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            location = urlsplit(response.getheader("Location") or "").path
            return response.status, location, text
        finally:
            connection.close()

    def post_form(self, path: str, fields: Callable[[], dict[str, str]]) -> tuple[int, str, str]:
        """GET the form, POST it with its CSRF token and ``fields()`` (made after the GET, so an
        authenticator code is fresh); the status, where it redirects, and any error shown."""
        status, _, page = self.request("GET", path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not found:
            raise SystemExit(f"sign-in: {path} answered {status} without a form")
        status, location, page = self.request("POST", path, fields() | {"csrfmiddlewaretoken": found.group(1)})
        said = re.findall(r'<(?:ul|p|div)[^>]*class="[^"]*error[^"]*"[^>]*>(.*?)</', page, re.DOTALL)
        return status, location, " ".join(re.sub(r"<[^>]+>", " ", text).strip() for text in said)


def authenticator_code(secret: str) -> dict[str, str]:
    """The code the coach's app shows now; in a period's last seconds, the next period's, once
    it has begun (allauth accepts the current period's code only)."""
    left = 30 - time.time() % 30
    if left < 4:
        time.sleep(left + 0.2)
    return {"code": totp_code(secret, now=time.time())}


def sign_in(port: int, person: dict[str, str]) -> str:
    """Sign in through allauth's form (and its authenticator step for the coach); the cookie header."""
    browser = Browser(port)
    credentials = {"login": person["email"], "password": person["password"]}
    status, location, said = browser.post_form("/accounts/login/", lambda: credentials)
    if status != 302:
        raise SystemExit(f"sign-in of {person['email']} answered {status}: {said}")
    # A loaded server may take long enough for a period to end between the code and its check.
    tries = 0
    while "2fa" in location:
        tries += 1
        if tries > 3:
            raise SystemExit(f"the authenticator refused the codes of {person['email']}: {said}")
        status, next_location, said = browser.post_form(location, lambda: authenticator_code(person["totp_secret"]))
        if status == 302:
            location = next_location
        elif status != 200:
            raise SystemExit(f"the authenticator step of {person['email']} answered {status}: {said}")
    if browser.request("GET", "/")[0] != 200:
        raise SystemExit(f"{person['email']} is not signed in after the sign-in form")
    return f"sessionid={browser.cookies['sessionid']}"


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting (see above)")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start in 60 s")


def wrk(url: str, *, cookie: str | None, seconds: int, connections: int) -> dict[str, Any]:
    command = [
        shutil.which("wrk") or "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=60s",
        "--script",
        str(ROOT / "bench" / "wrk_report.lua"),
        "-H",
        "X-Forwarded-Proto: https",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603 (fixed arguments)
    return parse_wrk(done.stdout)


def probed(seconds: float) -> dict[str, Any]:
    """The figures of a page too slow to load: one request alone, the throughput both workers
    would reach at that speed."""
    ms = round(seconds * 1000, 1)
    return {
        "requests": 1,
        "seconds": round(seconds, 2),
        "rps": round(WORKERS / seconds, 2),
        "p50_ms": ms,
        "p95_ms": ms,
        "p99_ms": ms,
        "max_ms": ms,
        "errors": 0,
        "bad_status": 0,
        "timeouts": 0,
        "alone": True,
    }


def worker_memory_mb(master: int) -> dict[int, float]:
    """VmRSS of each of gunicorn's workers (the master's children), by process id."""
    sizes = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if found:
            sizes[int(stat.parent.name)] = round(int(found.group(1)) / 1024, 1)
    return sizes


def measure(size: int) -> dict[str, Any]:
    url = database_for(size)
    env = server_env(url)
    VAR.mkdir(exist_ok=True)
    prepared_file = VAR / f"bench-{size}.json"
    started = time.perf_counter()
    print(f"\n== {size:,} engagements on {url.split(':', 1)[0]}: preparing (filling takes minutes when not cached)")
    subprocess.run(  # noqa: S603 (our own interpreter and code)
        [PY, str(ROOT / "bench" / "pages.py"), "--engagements", str(size), "--out", str(prepared_file)],
        env=env,
        check=True,
    )
    stamp_database(size, url)
    prepared = json.loads(prepared_file.read_text())
    prepared_file.unlink()
    if prepared["filled_seconds"] is not None:
        print(f"   filled in {prepared['filled_seconds']} s")
    pages = [
        page
        for page in prepared["pages"]
        if page["kind"] == "floor" or not ONLY or any(word in page["name"] for word in ONLY)
    ]
    port = free_port()
    # gunicorn's own log (warnings and worse): a worker killed by the 30 s timeout says WORKER TIMEOUT.
    server_log = VAR / f"bench-gunicorn-{size}.log"
    server = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
        [
            GUNICORN,
            "stepwise.wsgi",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            # As scripts/run.sh: every request is logged (here to nowhere, so no disk fills up).
            "--access-logfile",
            os.devnull,
            "--graceful-timeout",
            "5",
            # Quiet, and no control socket in the home directory shared with other gunicorns.
            "--log-level",
            "warning",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stderr=server_log.open("w"),
    )
    try:
        wait_for(port, server)
        cookies = {role: sign_in(port, person) for role, person in prepared["people"].items()}
        first_workers = set(worker_memory_mb(server.pid))
        cookies["anonymous"] = ""
        results = []
        floor = next(page["path"] for page in pages if page["kind"] == "floor")
        for page in pages:
            cookie = cookies[page["role"]]
            connections = PDF_CONNECTIONS if page["kind"] == "pdf" else CONNECTIONS
            check = Browser(port)
            if cookie:
                check.cookies["sessionid"] = cookie.split("=", 1)[1]
            alone = time.perf_counter()
            status = check.request("GET", page["path"])[0]
            alone = time.perf_counter() - alone
            if status != 200:
                raise SystemExit(f"{page['name']} ({page['path']}) answered {status} to the {page['role']} over HTTP")
            target = f"http://127.0.0.1:{port}{page['path']}"
            if alone * connections / WORKERS > LOADED_LIMIT_SECONDS:
                # Under load every request would outlive gunicorn's 30 s timeout and the run would
                # mostly wait for killed workers: the page is timed alone, and marked so.
                figures = probed(alone)
            else:
                if WARMUP:
                    wrk(target, cookie=cookie, seconds=WARMUP, connections=connections)
                figures = wrk(target, cookie=cookie, seconds=SECONDS, connections=connections)
                # wrk leaves requests queued at gunicorn when it stops; the next page waits for them.
                drained = time.perf_counter()
                Browser(port).request("GET", floor)
                figures["drain_s"] = round(time.perf_counter() - drained, 1)
            results.append(page | figures | {"connections": connections})
            print(
                f"   {page['name']:<26} {figures['rps']:>9.1f} req/s  p50 {figures['p50_ms']:>8.1f}  "
                f"p95 {figures['p95_ms']:>8.1f}  p99 {figures['p99_ms']:>8.1f} ms  {page['queries']:>3} queries"
                + (f"  {figures['errors']} ERRORS" if figures["errors"] else "")
                + ("  (timed alone: too slow to load)" if figures.get("alone") else "")
            )
        workers = worker_memory_mb(server.pid)
        memory = sorted(workers.values())
        # A worker is replaced after max_requests (gunicorn.conf.py: 10,000 ± 1,000 requests, which a
        # floor's run passes) or killed when a request runs past the 30 s timeout, as in production.
        restarted = len(set(workers) - first_workers)
        timed_out = server_log.read_text(errors="replace").count("WORKER TIMEOUT")
        print(f"   web workers' resident memory: {', '.join(f'{mb:.0f} MB' for mb in memory)}")
        if restarted or timed_out:
            print(f"   web workers replaced during the run: {restarted}; killed by the 30 s timeout: {timed_out}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return {
        "engagements": size,
        "coach_engagements": prepared["coach_engagements"],
        "vendor": prepared["vendor"],
        "source": prepared["source"],
        "filled_seconds": prepared["filled_seconds"],
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "worker_mb": memory,
        "workers_replaced": restarted,
        "workers_timed_out": timed_out,
        "pages": with_ratios(results),
    }


def git_commit() -> str:
    git = shutil.which("git") or "git"
    done = subprocess.run([git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    dirty = subprocess.run([git, "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True)  # noqa: S603
    return done.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def write_results(runs: list[dict[str, Any]], started: datetime) -> Path:
    vendor = runs[0]["vendor"]
    name = f"results-{started:%Y-%m-%d}-{vendor}{'-quick' if QUICK else ''}{'-partial' if ONLY else ''}.md"
    path = ROOT / "bench" / name
    how = (
        f"gunicorn ({WORKERS} sync workers, gunicorn.conf.py, STEPWISE_ENV=production, X-Forwarded-Proto: https), "
        f"wrk {CONNECTIONS} connections ({PDF_CONNECTIONS} for PDFs), {SECONDS} s after {WARMUP} s of warm-up, "
        f"on {os.cpu_count()} cores shared with wrk; {vendor}; data from {runs[0]['source']}; "
        f"commit {git_commit()}; {started:%Y-%m-%d %H:%M} UTC; load average before the run "
        f"{LOAD_BEFORE:.1f} (anything above 0.5 means other work shared the cores)."
    )
    parts = [
        f"# Stepwise under load, {started:%Y-%m-%d} ({vendor}{', quick run' if QUICK else ''})",
        "",
        how,
        "Signed in through the sign-in form as the coach with the most engagements (with the authenticator "
        "code), the executive and the sponsor of that coach's busiest engagement. Query counts are in-process "
        "(bench/pages.py). Written by `make bench` (bench/run.py).",
        "",
        "## Summary",
        "",
        summary_table(runs),
    ]
    for run in runs:
        parts += [
            "",
            f"## {run['engagements']:,} engagements (the coach holds {run['coach_engagements']:,}; "
            f"{run['minutes']} min)",
            "",
            size_table(run),
            "",
            f"Web workers' resident memory after the run: {', '.join(f'{mb:.0f} MB' for mb in run['worker_mb'])}"
            + (
                f"; {run['workers_replaced']} workers were replaced during the run (gunicorn restarts one after "
                "max_requests, 10,000 ± 1,000 requests, which a floor's run passes), "
                f"{run.get('workers_timed_out', 0)} of them killed by the 30 s timeout."
                if run["workers_replaced"]
                else "."
            ),
        ]
    parts += [
        "",
        "A page marked † was timed alone, not loaded with wrk: at the time it took alone, its requests would "
        f"have waited over {LOADED_LIMIT_SECONDS:g} s under load, near gunicorn's 30 s timeout; its req/s is what "
        "the workers would reach at that speed.",
    ]
    parts += ["", "## Raw figures", "", "```json", json.dumps(runs, indent=1), "```", ""]
    path.write_text("\n".join(parts))
    return path


# The machine's 1-minute load average when the run started: a busy machine makes figures noise.
LOAD_BEFORE = os.getloadavg()[0]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("bench/run.py needs wrk: `make bench` installs it (Debian package wrk)")
    started = datetime.now(UTC)
    clock = time.perf_counter()
    if LOAD_BEFORE > 0.5:
        print(f"The machine is busy (load average {LOAD_BEFORE:.1f}): the figures will say more about that.")
    runs = [measure(size) for size in SIZES]
    path = write_results(runs, started)
    print()
    print(summary_table(runs))
    print(f"\nWritten to {path.relative_to(ROOT)} in {(time.perf_counter() - clock) / 60:.1f} min.")


if __name__ == "__main__":
    main()
