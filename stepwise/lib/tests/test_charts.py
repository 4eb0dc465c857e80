"""Charts are drawn once per set of figures, and every copy still has ids of its own."""

import re

from stepwise.lib.charts import _drawn, line_chart

IDS = re.compile(r'id="(chart-[0-9a-f-]{36}|c[0-9a-f]{8}-serie-\d+)"')


def _chart(values: list[float]) -> str:
    return line_chart(title="Hours on the report (h)", x_labels=["1 Feb", "8 Feb"], series=[("Readings", values)])


def test_the_same_figures_are_drawn_once_and_each_copy_has_ids_of_its_own() -> None:
    _drawn.cache_clear()
    first, second = _chart([6.0, 4.0]), _chart([6.0, 4.0])
    assert (_drawn.cache_info().misses, _drawn.cache_info().hits) == (1, 1)
    assert IDS.findall(first) and not set(IDS.findall(first)) & set(IDS.findall(second))
    assert IDS.sub("", first) == IDS.sub("", second)
    assert "@" not in first


def test_a_new_reading_draws_a_new_chart() -> None:
    _drawn.cache_clear()
    before, after = _chart([6.0, 4.0]), _chart([6.0, 3.5])
    assert _drawn.cache_info().misses == 2
    assert "3.5" in after and "3.5" not in before
