"""The bench's own parts that need no server (bench/report.py), and the floor kept out of the
product: `make bench` itself is never part of `make test`."""

import pytest
from django.urls import Resolver404, resolve

from bench.report import page_verdict, parse_wrk, summary_table, totp_code, with_ratios

WRK_OUTPUT = """Running 25s test @ http://127.0.0.1:41331/inbox/
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   218.51ms   40.13ms 612.07ms   81.20%
    Req/Sec    45.91     12.40    80.00     68.00%
  2289 requests in 25.03s, 21.88MB read
  Non-2xx or 3xx responses: 3
Requests/sec:     91.45
Transfer/sec:      0.87MB
BENCH-RESULT {"requests": 2289, "duration_us": 25030000, "bytes": 22943000, \
"errors": {"connect": 0, "read": 0, "write": 0, "status": 3, "timeout": 1}, \
"p50_us": 210500, "p95_us": 290250, "p99_us": 401000, "max_us": 612070}
"""


def test_wrk_figures_are_read_from_the_report_line():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures["requests"] == 2289
    assert figures["rps"] == 91.5
    assert (figures["p50_ms"], figures["p95_ms"], figures["p99_ms"], figures["max_ms"]) == (210.5, 290.2, 401.0, 612.1)
    assert figures["errors"] == 4
    assert figures["bad_status"] == 3


def test_wrk_output_without_the_report_line_is_refused():
    with pytest.raises(ValueError, match=r"wrk_report\.lua"):
        parse_wrk(WRK_OUTPUT.rsplit("BENCH-RESULT", 1)[0])


def test_the_authenticator_code_is_rfc_6238s():
    # RFC 6238's SHA-1 test vector: the ASCII secret "12345678901234567890" at 59 s is 94287082.
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert totp_code(secret, now=59) == "287082"
    assert totp_code(secret, now=1111111109) == "081804"


def page(name: str, kind: str, rps: float, p95: float = 50.0, **extra: object) -> dict[str, object]:
    return {
        "name": name,
        "kind": kind,
        "rps": rps,
        "requests": int(rps * 25),
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 2,
        "max_ms": p95 * 3,
        "errors": 0,
        "queries": 7,
        "stored": False,
        **extra,
    }


def run_of(size: int, pages: list[dict[str, object]], memory: list[float]) -> dict[str, object]:
    floors = [page("anonymous floor", "floor", 2000.0, 10), page("signed-in floor", "floor", 1200.0, 20)]
    return {"engagements": size, "worker_mb": memory, "pages": with_ratios(floors + pages)}


def test_ratios_are_against_both_floors_of_the_same_run():
    pages = {p["name"]: p for p in run_of(20, [page("inbox", "html", 600.0)], [100.0])["pages"]}
    assert pages["inbox"]["x_signed_floor"] == 0.5
    assert pages["inbox"]["x_anonymous_floor"] == 0.3
    assert pages["signed-in floor"]["x_anonymous_floor"] == 0.6


def test_targets_name_what_is_missed():
    small = run_of(20, [page("home", "html", 800.0), page("API list", "api", 300.0)], [120.0])
    large = run_of(
        2000,
        [
            page("home", "html", 650.0, p95=140.0),
            page("API list", "api", 290.0),
            page("agreement PDF", "pdf", 150.0, stored=True),
            page("plan PDF", "pdf", 4.0, p95=280.0),
        ],
        [140.0, 160.0],
    )
    by_name = {p["name"]: p for p in large["pages"]}
    before = {p["name"]: p for p in small["pages"]}

    home = page_verdict(by_name["home"], before["home"], compared=True)
    assert home.met is False
    assert "p95 140.0 ms" in home.mark and "650.0 < 800.0 req/s" in home.mark and "× floor" not in home.mark
    assert page_verdict(by_name["API list"], before["API list"], compared=True).mark == "yes"
    assert page_verdict(by_name["signed-in floor"], None, compared=True).mark == "yes"
    assert "150.0 req/s" in page_verdict(by_name["agreement PDF"], None, compared=True).mark
    assert page_verdict(by_name["plan PDF"], None, compared=True).mark == "yes"
    # One size only: throughput is not judged against a size that was not measured.
    assert "req/s" not in page_verdict(by_name["home"], None, compared=False).mark

    table = summary_table([large, small]).splitlines()
    columns = table[0].count("|")
    assert all(line.count("|") == columns for line in table)
    assert table[-1].startswith("| web worker memory") and "**no**: 160 MB" in table[-1]


def test_a_page_timed_alone_is_marked():
    slow = page("home", "html", 0.4, p95=5000.0) | {"alone": True}
    table = summary_table([run_of(2000, [slow], [120.0])])
    assert "| home † |" in table


def test_a_page_that_finished_no_request_fails_its_target():
    stuck = with_ratios([page("anonymous floor", "floor", 10.0), page("signed-in floor", "floor", 5.0)])
    slow = page("plan PDF", "pdf", 0.0, p95=0.0) | {"x_signed_floor": 0.0, "x_anonymous_floor": 0.0}
    assert page_verdict(slow, None, compared=False).mark == "**no**: no request finished within the run"
    assert page_verdict(stuck[0], None, compared=False).met is None


def test_the_floor_is_served_by_the_bench_settings_only():
    assert resolve("/bench/floor/", urlconf="bench.urls").url_name == "bench_floor"
    assert resolve("/", urlconf="bench.urls").url_name == "home"
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")
