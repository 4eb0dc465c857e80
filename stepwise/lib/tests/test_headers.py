"""What browsers are told about each answer: keep nothing, run only the site's own code.

Every page of the access walk is checked for these headers (``tests/test_access_walk.py``);
these tests cover what the walk leaves out (the API, static files) and what makes the policy
hold in a browser: no inline script or style anywhere in the templates or the charts.
"""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.lib.charts import chart_stylesheet, line_chart, print_styled, print_stylesheet

TEMPLATE_DIRS = [settings.BASE_DIR / "templates", *sorted((settings.BASE_DIR / "stepwise").glob("*/templates"))]


def _static(name: str) -> str:
    found = finders.find(name)
    assert isinstance(found, str), f"static/{name} is missing"
    return Path(found).read_text()


def _policy(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {words[0]: words[1:] for words in (d.split() for d in policy.split(";")) if words}


def test_an_api_answer_is_not_stored_and_runs_nothing_inline(world: World) -> None:
    response = client_for(world.executive).get("/api/engagements")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert _policy(response)["script-src"] == ["'self'"]


def test_a_page_allows_only_the_sites_own_scripts_and_styles(world: World) -> None:
    response = client_for(world.coach).get(reverse("home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_htmx_is_told_not_to_inject_its_own_style(world: World) -> None:
    html = client_for(world.coach).get(reverse("home")).content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in html
    assert ".htmx-indicator" in _static("css/stepwise.css")


def test_the_favicon_is_linked_from_every_page_and_answers_at_favicon_ico(world: World) -> None:
    html = client_for(None).get(reverse("account_login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client_for(None).get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    assert _static("favicon.svg").startswith("<svg ")


def test_no_template_holds_an_inline_script_style_or_event_handler() -> None:
    found = []
    for folder in TEMPLATE_DIRS:
        for template in sorted(folder.rglob("*.html")):
            if template.name.endswith("_pdf.html"):
                continue  # PDFs are drawn by WeasyPrint, never by a browser
            if "email" in template.parts:
                continue  # mail readers ignore the site's policy and need inline styles
            text = template.read_text()
            for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\sstyle=", r"<style", r"\son[a-z]+="):
                name = template.relative_to(settings.BASE_DIR)
                found += [f"{name}: {match.group(0)!r}" for match in re.finditer(pattern, text)]
    assert found == []


def test_a_chart_carries_no_script_and_no_style_of_its_own() -> None:
    series = [("Hours", [6.0, 4.0]), ("Target", [1.0, 1.0])]
    svg = line_chart(title="Hours on the report", x_labels=["Jan", "Feb"], series=series)
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert 'class="pygal-chart"' in svg and "<title>Hours on the report</title>" in svg


def test_the_charts_stylesheet_is_the_one_pygal_makes_for_our_style() -> None:
    served = _static("css/charts.css")
    assert served.split("\n", 1)[1] == chart_stylesheet(), "run: python -m stepwise.lib.charts > static/css/charts.css"
    assert ".pygal-chart .color-0" in served and "#chart-" not in served


def test_a_chart_in_a_pdf_gets_the_styles_inside_it() -> None:
    svg = line_chart(title="Hours", x_labels=["Jan"], series=[("Hours", [6])])
    document = print_styled(f"<html><body><figure>{svg}</figure><figure>{svg}</figure></body></html>")
    assert document.count(f"<style>{print_stylesheet(1)}</style>") == 2
    assert re.search(r'<svg[^>]*class="pygal-chart"[^>]*><style>', document)


def test_a_chart_in_a_pdf_carries_the_colours_of_its_own_series_only() -> None:
    svg = line_chart(title="Hours", x_labels=["Jan"], series=[("Hours", [6]), ("Target", [1])])
    (style,) = re.findall(r"<style>(.*?)</style>", print_styled(svg), re.S)
    assert ".pygal-chart .color-0" in style and ".pygal-chart .color-1" in style
    assert ".color-2" not in style
    # The same colours as on the page, and every rule that names no series.
    page_rules = set(chart_stylesheet().split("}"))
    assert set(style.split("}")) <= page_rules
    assert {rule for rule in page_rules if ".color-" not in rule} <= set(style.split("}"))
