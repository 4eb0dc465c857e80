"""Templates a reader can follow: no line too long to read, and one table for badge colours
(``stepwise/lib/templatetags/badges.py``)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from stepwise.agreements.models import Agreement
from stepwise.lib.templatetags.badges import TONES
from stepwise.meetings.models import Session
from stepwise.meetings.selectors.reviews import STATE_LABELS
from stepwise.plans.models import Goal
from stepwise.worksheets.models import Worksheet

TEMPLATE_DIRS = [settings.BASE_DIR / "templates", *sorted((settings.BASE_DIR / "stepwise").glob("*/templates"))]
LONGEST_LINE = 160
# A sentence is not cut for a translator: a line of prose (inside {% blocktranslate trimmed %},
# no tag), or one {% translate "…" %} alone, in one element (<small>…</small>) or as one
# attribute's value, may run longer.
TRANSLATED = r"""\{% translate (?:"[^"]*"|'[^']*') %\}"""
SENTENCE = re.compile(
    rf"""^(?:[^<>{{}}]|\{{\{{[^}}]*\}}\}})*$|^{TRANSLATED}$|^<(\w+)[^<>]*>{TRANSLATED}</\1>$|^[\w-]+="{TRANSLATED}">?$"""
)


def _templates() -> list[tuple[str, Path]]:
    """Every HTML template of the project, by name (mail's plain-text parts keep their own lines)."""
    found = [(path.relative_to(folder).as_posix(), path) for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
    return sorted(found)


def long_lines(text: str) -> list[tuple[int, int]]:
    """(line number, length) of each line over the limit that is not a sentence."""
    return [
        (number, len(line))
        for number, line in enumerate(text.splitlines(), start=1)
        if len(line) > LONGEST_LINE and not SENTENCE.match(line.strip())
    ]


def test_no_template_line_is_longer_than_the_limit() -> None:
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {length} characters"
        for _, path in _templates()
        for number, length in long_lines(path.read_text())
    ]
    assert found == [], f"Lines over {LONGEST_LINE} characters (break them, one element a line):\n" + "\n".join(found)


def test_a_long_line_of_tags_is_reported_and_a_long_sentence_is_not() -> None:
    sentence = "The agreement has a zero-cancellation policy: {{ n }} sessions were cancelled or missed. " * 2
    tags = '<p><span class="muted">' + "{% translate 'seen' %} " * 10 + "</span></p>"
    attribute = f"data-offline-text=\"{{% translate '{sentence}' %}}\">"
    small = f"<small class=\"muted\">{{% translate '{sentence}' %}}</small>"
    lines = [f"  {sentence}", f"  {{% translate '{sentence}' %}}", tags, attribute, small, "<p>short</p>"]
    text = "\n".join(lines)
    assert long_lines(text) == [(3, len(tags))]


@pytest.mark.parametrize(
    "statuses",
    [Agreement.Status.values, Goal.Approval.values, Worksheet.Status.values, Session.Status.values, list(STATE_LABELS)],
    ids=["agreement", "goal approval", "worksheet", "session", "progress review"],
)
def test_every_status_drawn_as_a_badge_has_a_colour(statuses: list[str]) -> None:
    assert [status for status in statuses if status not in TONES] == []


def test_a_status_badge_reads_its_label_in_the_statuss_colour() -> None:
    page = Template("{% load badges %}{% status_badge status label %}")
    drawn = page.render(Context({"status": "due", "label": "due <soon>"}))
    assert drawn == '<span class="badge late">due &lt;soon&gt;</span>'
    assert page.render(Context({"status": "active", "label": "active"})) == '<span class="badge">active</span>'


def test_no_template_picks_a_badge_colour_itself() -> None:
    # A colour written by hand in a template is a second mapping that drifts from TONES.
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for _, path in _templates()
        for match in re.finditer(r'class="badge\b[^"]*"', path.read_text())
        if match.group(0) != 'class="badge"'
    ]
    assert found == []
