"""Charts drawn on the server as SVG (pygal), the same on the page and in the PDF.

Pages allow no inline script or style (the Content-Security-Policy in settings.py), so a chart
leaves pygal without its <script> (configuration for pygal's own tooltip script, which we do
not load) and without its <style>. Its styles are the same for every chart: pages read them
from ``static/css/charts.css``, made by ``python -m stepwise.lib.charts``, and a PDF gets them
inside each chart (``print_styled``), because WeasyPrint styles an inline SVG only from within.
"""

import functools
import html
import re
import uuid
from collections.abc import Sequence

import pygal
from pygal.style import Style

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="DejaVu Sans, sans-serif",
    colors=("#1565c0", "#2e7d32", "#b45309", "#6a1b9a", "#c62828", "#00838f", "#5d4037"),
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=14,
)
# The stylesheet colours this many series; pygal numbers them color-0, color-1, ...
MAX_SERIES = 30
CHART_CLASS = "pygal-chart"

_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.S)
_CHART_ID = re.compile(r'<svg[^>]* id="(chart-[0-9a-f-]+)"')
_CHART = re.compile(rf'(<svg[^>]* class="{CHART_CLASS}"[^>]*>)(.*?</svg>)', re.S)
_SERIES = re.compile(r'class="series serie-(\d+) ')
_COLOR = re.compile(r"\.color-(\d+)\b")


def line_chart(
    *,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    y_range: tuple[float, float] | None = None,
) -> str:
    """An accessible SVG line chart: pygal writes a <title> and <desc>, and every point a value label.

    Drawing takes pygal milliseconds; the same figures are drawn once per process (the last
    ``CHARTS_KEPT``) and each use gets ids of its own."""
    return _own_ids(
        _drawn(str(title), tuple(map(str, x_labels)), tuple((str(n), tuple(v)) for n, v in series), y_range)
    )


def bar_chart(
    *,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    y_range: tuple[float, float] | None = None,
) -> str:
    """An accessible SVG bar chart (a bar per series at each label; ``None`` draws no bar), made
    and kept like :func:`line_chart`."""
    drawn = _drawn(
        str(title), tuple(map(str, x_labels)), tuple((str(n), tuple(v)) for n, v in series), y_range, kind="bar"
    )
    return _own_ids(drawn)


def _own_ids(svg: str) -> str:
    # pygal names its legend entries "activate-serie-N" in every chart; several charts on one page
    # (or in one PDF) would repeat those ids, or the chart's own. Make them this chart's own.
    return svg.replace(_CHART_ID_HOLDER, f"chart-{uuid.uuid4()}").replace(
        _SERIES_ID_HOLDER, f'id="c{uuid.uuid4().hex[:8]}-serie-'
    )


CHARTS_KEPT = 128
_CHART_ID_HOLDER = "chart-@id@"
_SERIES_ID_HOLDER = 'id="@series@-'


@functools.lru_cache(maxsize=CHARTS_KEPT)
def _drawn(
    title: str,
    x_labels: tuple[str, ...],
    series: tuple[tuple[str, tuple[float | None, ...]], ...],
    y_range: tuple[float, float] | None,
    kind: str = "line",
) -> str:
    shape = {"show_dots": True, "dots_size": 4, "allow_interruptions": True} if kind == "line" else {}
    chart = (pygal.Line if kind == "line" else pygal.Bar)(
        style=STYLE,
        width=760,
        height=360,
        **shape,
        truncate_legend=60,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        range=y_range,
        disable_xml_declaration=True,
        explicit_size=False,
        js=[],
        title=title,
    )
    chart.x_labels = list(x_labels)
    for name, values in series:
        chart.add(name, list(values))
    svg = _without_inline_code(str(chart.render(is_unicode=True)))
    svg = _CHART_ID.sub(lambda m: m.group(0).replace(m.group(1), _CHART_ID_HOLDER), svg, count=1)
    return svg.replace('id="activate-serie-', _SERIES_ID_HOLDER)


def _without_inline_code(svg: str) -> str:
    svg = _SCRIPT.sub("", _STYLE.sub("", svg))
    # The hidden box of pygal's tooltip script; without the script it stays empty.
    return svg.replace(' style="opacity: 0"', "")


@functools.cache
def chart_stylesheet() -> str:
    """pygal's styles for every chart Stepwise draws, scoped to the charts' class. Made once per
    process: drawing the 30-series chart it comes from takes longer than many a page."""
    chart = pygal.Line(style=STYLE, js=[], disable_xml_declaration=True)
    for number in range(MAX_SERIES):
        chart.add(str(number), [1])
    svg = str(chart.render(is_unicode=True))
    chart_id = _CHART_ID.search(svg)
    css = _STYLE.search(svg)
    if not (chart_id and css):
        raise RuntimeError("pygal no longer writes its styles as <svg id=...><style>: see this module's docstring")
    return html.unescape(css.group(1)).replace(f"#{chart_id.group(1)}", f".{CHART_CLASS}") + "\n"


@functools.cache
def print_stylesheet(series: int) -> str:
    """The chart styles a chart of ``series`` series needs: WeasyPrint parses and matches every
    rule inside every chart, and the rules for the colours of absent series were half its work."""
    rules = chart_stylesheet().split("}")
    kept = [rule for rule in rules if all(int(n) < series for n in _COLOR.findall(rule))]
    return "}".join(kept)


def print_styled(document: str) -> str:
    """``document`` with the chart styles inside each chart, for WeasyPrint."""

    def styled(chart: re.Match[str]) -> str:
        series = 1 + max((int(n) for n in _SERIES.findall(chart.group(2))), default=0)
        return f"{chart.group(1)}<style>{print_stylesheet(series)}</style>{chart.group(2)}"

    return _CHART.sub(styled, document)


if __name__ == "__main__":
    print("/* Made by `python -m stepwise.lib.charts > static/css/charts.css`; do not edit. */")
    print(chart_stylesheet(), end="")
