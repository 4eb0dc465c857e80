"""The bench's pure parts, with no server and no Django: reading wrk's output, the TOTP code the
coach's authenticator would show, and the tables with each page's ratios and the issue's targets.
``tests/test_bench.py`` covers them in ``make test``; ``bench/run.py`` does the rest."""

import base64
import hmac
import json
import struct
from dataclasses import dataclass
from typing import Any

# What wrk's Lua `done` hook (bench/wrk_report.lua) prints, on one line.
WRK_MARK = "BENCH-RESULT "

# The targets ("Performance and scale", item 3), on this 2-core machine.
SIGNED_FLOOR_OF_ANONYMOUS = 0.5  # the signed-in floor against the anonymous one
PAGE_OF_SIGNED_FLOOR = 0.5  # every HTML page against the signed-in floor, on the large practice
P95_MS = 100.0  # every page and API call at 20 connections, on the large practice
STORED_PDF_RPS = 200.0  # PDFs of frozen documents, from their stored rendering
OTHER_PDF_P95_MS = 300.0  # every other PDF
WORKER_MB = 150.0  # each web worker's resident memory after the run
# "Throughput does not fall from small to large": wrk shares the two cores with the server, so
# runs differ by about ±15 %; a page counts as fallen below 85 % of its small figure.
NOT_FALLING = 0.85


def parse_wrk(output: str) -> dict[str, Any]:
    """The figures of one wrk run from its output: requests a second, latency percentiles in
    milliseconds, and the errors (non-2xx/3xx answers, timeouts, broken connections)."""
    for line in output.splitlines():
        if line.startswith(WRK_MARK):
            raw = json.loads(line[len(WRK_MARK) :])
            break
    else:
        raise ValueError(f"no {WRK_MARK.strip()} line in wrk's output (is bench/wrk_report.lua loaded?):\n{output}")
    seconds = raw["duration_us"] / 1e6
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "max_ms": round(raw["max_us"] / 1000, 1),
        "errors": sum(errors.values()),
        "bad_status": errors["status"],
        "timeouts": errors["timeout"],
    }


def totp_code(secret: str, *, now: float, period: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows at ``now`` for a base32 ``secret`` (RFC 6238, SHA-1,
    allauth's defaults), so the bench signs the coach in as a person would."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(now // period)), "sha1").digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def with_ratios(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each measured page with its throughput against both floors of the same run."""
    by_name = {page["name"]: page for page in pages}
    anonymous = by_name["anonymous floor"]["rps"]
    signed = by_name["signed-in floor"]["rps"]
    return [
        page
        | {
            "x_signed_floor": round(page["rps"] / signed, 3) if signed else None,
            "x_anonymous_floor": round(page["rps"] / anonymous, 3) if anonymous else None,
        }
        for page in pages
    ]


@dataclass
class Verdict:
    target: str
    met: bool | None  # None: not measured in this run
    why: str = ""

    @property
    def mark(self) -> str:
        if self.met is None:
            return f"n/a ({self.why})" if self.why else "n/a"
        return "yes" if self.met else f"**no**: {self.why}"


def page_verdict(large: dict[str, Any], small: dict[str, Any] | None, *, compared: bool) -> Verdict:
    """Whether one page meets its targets, read at the large size against the small one.
    ``compared`` says whether the run measured two sizes (otherwise throughput is not judged)."""
    verdict = _page_verdict(large, small, compared=compared)
    if not large["requests"] and verdict.met is not None:
        return Verdict(verdict.target, False, "no request finished within the run")
    return verdict


def _page_verdict(large: dict[str, Any], small: dict[str, Any] | None, *, compared: bool) -> Verdict:
    kind = large["kind"]
    misses: list[str] = []
    if large.get("errors"):
        misses.append(f"{large['errors']} errors")
    if kind == "floor":
        if large["name"] == "anonymous floor":
            return Verdict("(reference)", None)
        ratio = large["x_anonymous_floor"]
        target = f"≥ {SIGNED_FLOOR_OF_ANONYMOUS}× anonymous floor"
        if ratio is None or ratio < SIGNED_FLOOR_OF_ANONYMOUS:
            misses.append(f"{ratio}× anonymous floor")
        return Verdict(target, not misses, "; ".join(misses))
    if kind == "pdf":
        if large.get("stored"):
            target = f"≥ {STORED_PDF_RPS:.0f} req/s (stored)"
            if large["rps"] < STORED_PDF_RPS:
                misses.append(f"{large['rps']} req/s")
        else:
            target = f"p95 < {OTHER_PDF_P95_MS:.0f} ms"
            if large["p95_ms"] >= OTHER_PDF_P95_MS:
                misses.append(f"p95 {large['p95_ms']} ms")
        return Verdict(target, not misses, "; ".join(misses))
    parts = []
    if kind == "html":
        parts.append(f"≥ {PAGE_OF_SIGNED_FLOOR}× signed-in floor")
        ratio = large["x_signed_floor"]
        if ratio is None or ratio < PAGE_OF_SIGNED_FLOOR:
            misses.append(f"{ratio}× floor")
    parts.append(f"p95 < {P95_MS:.0f} ms")
    if large["p95_ms"] >= P95_MS:
        misses.append(f"p95 {large['p95_ms']} ms")
    parts.append("not below small size")
    if compared and small is not None and large["rps"] < NOT_FALLING * small["rps"]:
        misses.append(f"{large['rps']} < {small['rps']} req/s")
    return Verdict(", ".join(parts), not misses, "; ".join(misses))


def memory_verdict(worker_mb: list[float]) -> Verdict:
    target = f"each worker < {WORKER_MB:.0f} MB"
    if not worker_mb:
        return Verdict(target, None, "not read")
    biggest = max(worker_mb)
    return Verdict(target, biggest < WORKER_MB, f"{biggest:.0f} MB")


def _name(page: dict[str, Any]) -> str:
    """A page's name, marked † when it was too slow to load and was timed alone."""
    return page["name"] + (" †" if page.get("alone") else "")


def _n(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def summary_table(runs: list[dict[str, Any]]) -> str:
    """The paste-ready table: every page at the smallest and largest size measured, with the
    issue's target and whether it is met (read at the largest size)."""
    runs = sorted(runs, key=lambda run: run["engagements"])
    small, large = runs[0], runs[-1]
    compared = len(runs) > 1
    small_pages = {page["name"]: page for page in small["pages"]}
    n_small, n_large = f"{small['engagements']:,}", f"{large['engagements']:,}"
    if compared:
        head = (
            f"| page | queries N={n_small} | queries N={n_large} | req/s N={n_small} | req/s N={n_large} "
            f"| p50 / p95 / p99 ms N={n_large} | × signed-in floor | × anonymous floor | target | met? |"
        )
    else:
        head = (
            f"| page | queries N={n_large} | req/s N={n_large} | p50 / p95 / p99 ms "
            "| × signed-in floor | × anonymous floor | target | met? |"
        )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for page in large["pages"]:
        before = small_pages.get(page["name"])
        verdict = page_verdict(page, before, compared=compared)
        latency = f"{_n(page['p50_ms'], 1)} / {_n(page['p95_ms'], 1)} / {_n(page['p99_ms'], 1)}"
        ratios = f"{_n(page['x_signed_floor'], 2)} | {_n(page['x_anonymous_floor'], 3)}"
        if compared:
            cells = (
                f"{_n(before and before['queries'])} | {_n(page['queries'])} | {_n(before and before['rps'], 1)} "
                f"| {_n(page['rps'], 1)} | {latency} | {ratios}"
            )
        else:
            cells = f"{_n(page['queries'])} | {_n(page['rps'], 1)} | {latency} | {ratios}"
        lines.append(f"| {_name(page)} | {cells} | {verdict.target} | {verdict.mark} |")
    memory = memory_verdict(large["worker_mb"])
    shown = ", ".join(f"{mb:.0f}" for mb in large["worker_mb"]) or "–"
    blanks = " | ".join([""] * (head.count("|") - 5))
    lines.append(f"| web worker memory (MB) | {blanks} | {shown} | {memory.target} | {memory.mark} |")
    return "\n".join(lines)


def size_table(run: dict[str, Any]) -> str:
    """One size's figures in full."""
    head = "| page | kind | queries | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | × signed-in | × anonymous |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for page in run["pages"]:
        cells = [
            _name(page),
            page["kind"],
            _n(page["queries"]),
            *(_n(page[key], 1) for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "max_ms")),
            str(page["errors"]),
            _n(page["x_signed_floor"], 3),
            _n(page["x_anonymous_floor"], 4),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
