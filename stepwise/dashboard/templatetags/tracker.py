"""``{% step_tracker steps %}``: the seven-step tracker (``engagements/_tracker.html``) of
``dashboard.selectors.tracker``'s steps.

The list depends on nothing but the steps' states and the language, and a page of 25
engagements shows only a handful of combinations: each is rendered once per process and
language, then reused (the same bytes the template gives)."""

from collections.abc import Sequence
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from stepwise.dashboard.selectors import TrackerStep

register = template.Library()


@register.simple_tag
def step_tracker(steps: Sequence[TrackerStep]) -> SafeString:
    return _rendered(get_language(), tuple(steps))


@lru_cache(maxsize=1024)
def _rendered(language: str | None, steps: tuple[TrackerStep, ...]) -> SafeString:
    # The language is part of the key: the labels and states are words of that language.
    return render_to_string("engagements/_tracker.html", {"steps": steps})
