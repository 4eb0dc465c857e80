"""Charts drawn on the server as SVG (pygal), the same on the page and in the PDF."""

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


def line_chart(
    *,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    y_range: tuple[float, float] | None = None,
) -> str:
    """An accessible SVG line chart: pygal writes a <title> and <desc>, and every point a value label."""
    chart = pygal.Line(
        style=STYLE,
        width=760,
        height=360,
        show_dots=True,
        dots_size=4,
        truncate_legend=60,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        range=y_range,
        allow_interruptions=True,
        disable_xml_declaration=True,
        explicit_size=False,
        js=[],
        title=title,
    )
    chart.x_labels = list(x_labels)
    for name, values in series:
        chart.add(name, list(values))
    svg = str(chart.render(is_unicode=True))
    # pygal names its legend entries "activate-serie-N" in every chart; several charts on one page
    # (or in one PDF) would repeat those ids. Make them the chart's own.
    prefix = f"c{uuid.uuid4().hex[:8]}"
    return svg.replace('id="activate-serie-', f'id="{prefix}-serie-')
