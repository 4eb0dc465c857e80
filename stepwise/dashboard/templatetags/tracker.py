"""``{% step_tracker steps %}``: the seven-step tracker (``engagements/_tracker.html``) of
``dashboard.selectors.tracker``'s steps. ``{% home_row row %}``: one engagement on the home list
(``engagements/_home_row.html``) from its ``HomeRow``.

Each depends on nothing but the value it is given and the language: it is rendered once per
process and language and then reused (the same bytes the template gives), until the value
changes. A page of 25 engagements shows a handful of tracker combinations; a row is rendered
again when anything it shows changes (a new step, a new name, the next step's words)."""

from collections.abc import Sequence
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from stepwise.dashboard.selectors import HomeRow, TrackerStep

register = template.Library()


@register.simple_tag
def step_tracker(steps: Sequence[TrackerStep]) -> SafeString:
    return _rendered(get_language(), tuple(steps))


@lru_cache(maxsize=1024)
def _rendered(language: str | None, steps: tuple[TrackerStep, ...]) -> SafeString:
    # The language is part of the key: the labels and states are words of that language.
    return render_to_string("engagements/_tracker.html", {"steps": steps})


@register.simple_tag
def home_row(row: HomeRow) -> SafeString:
    return _home_row(get_language(), row)


@lru_cache(maxsize=1024)  # about 2 MB: a busy coach's 300 engagements fit several times over
def _home_row(language: str | None, row: HomeRow) -> SafeString:
    return render_to_string("engagements/_home_row.html", {"row": row})
