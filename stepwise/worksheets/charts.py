"""The self-ratings chart, shown on the engagement page and the assessment page."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stepwise.engagements.access import Access
from stepwise.lib.charts import line_chart

from .selectors import ratings_series


def ratings_chart(access: Access) -> str:
    """An SVG line per 1–10 self-rating over the dates it was submitted; empty without ratings,
    and for anyone but the coach and the executive."""
    if not (access.is_coach or access.is_executive):
        return ""
    data = ratings_series(access)
    if not data["dates"]:
        return ""
    x_labels = [formats.date_format(timezone.localtime(d), "j M Y") for d in data["dates"]]
    series = [(s["label"], [s["points"].get(d) for d in data["dates"]]) for s in data["series"].values()]
    return line_chart(title=_("Self-ratings over time (1–10)"), x_labels=x_labels, series=series, y_range=(1, 10))
