"""The built-in agreement carries the seed's sample agreement word for word."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from stepwise.agreements.models import AgreementTemplate

# The seed is product content: a verbatim copy lives in the repository, so this runs everywhere.
SEED = Path(__file__).resolve().parents[3] / "docs" / "seeds" / "7-step-executive-coaching-model.md"

# Copied from the seed's "Executive Coaching Agreement (SAMPLE)".
EXECUTIVE_LINES = [
    "Maintain an open mind and be willing to change your mind when appropriate.",
    "Provide honest and direct feedback to your coach. (Tell me when you cannot be.)",
    "WEEKLY video calls and coaching check-ins for first month; with 2-3 video calls per month thereafter.",
    "Agree to ZERO CANCELLATION POLICY.",
]
COACH_LINES = [
    "Return emails and calls from executive within one (1) business day.",
    "Offer truthful and relevant feedback in a clear, candid, respectful and direct manner.",
]
SUMMARY_LINES = [
    "I will hold you accountable for what you say you are going to do.",
    "Together, we raise your self-awareness.",
]


@pytest.fixture
def builtin(db) -> AgreementTemplate:
    return AgreementTemplate.objects.get(is_builtin=True)


def seed_section(heading: str) -> list[str]:
    """The bullets under ``heading`` in the seed, with wrapped bullets joined back into one line."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index(f"**{heading}**")
    body = text[start:].split("\n", 1)[1]
    items: list[str] = []
    for line in body.splitlines():
        if line.startswith("#"):
            break
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return items


def test_the_migration_installs_exactly_one_builtin_template(builtin):
    assert AgreementTemplate.objects.filter(is_builtin=True).count() == 1
    assert builtin.name == "Executive Coaching Agreement (sample)"


def test_the_builtin_template_carries_the_seeds_commitments_verbatim(builtin):
    executive = builtin.executive_commitments.splitlines()
    coach = builtin.coach_commitments.splitlines()
    summary = builtin.coach_summary.splitlines()
    assert all(line in executive for line in EXECUTIVE_LINES)
    assert all(line in coach for line in COACH_LINES)
    assert all(line in summary for line in SUMMARY_LINES)
    assert (len(executive), len(coach), len(summary)) == (23, 15, 6)


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Executive's Commitments", "executive_commitments"),
        ("Coach's Commitments", "coach_commitments"),
        ("Coach's Commitments Summary", "coach_summary"),
    ],
)
def test_every_commitment_of_the_seed_is_in_the_builtin_template_in_order(builtin, heading, field):
    assert getattr(builtin, field).splitlines() == seed_section(heading)


def test_the_seed_sections_read_are_the_whole_lists():
    # Guards the reader above: a heading it cannot find, or a list cut short, would compare nothing.
    assert [len(seed_section(h)) for h in ("Executive's Commitments", "Coach's Commitments")] == [23, 15]
    assert seed_section("Coach's Commitments Summary")[-1] == SUMMARY_LINES[-1]


def test_the_builtin_terms_follow_the_seed(builtin):
    # Weekly in month one, then 2-3 a month; zero cancellation; replies within one business day.
    assert builtin.first_month_sessions_per_week == 1
    assert (builtin.later_sessions_per_month_min, builtin.later_sessions_per_month_max) == (2, 3)
    assert builtin.zero_cancellation is True
    assert builtin.reply_business_days == 1


def test_a_new_draft_starts_from_the_builtin_template(world, builtin):
    assert world.agreement.content_values() == builtin.content_values()
    assert world.agreement.version == 1
    assert world.agreement.status == "draft"


def test_the_draft_page_shows_the_commitments_as_a_list(world, client_as):
    url = reverse("agreement_detail", args=[world.engagement.public_id, world.agreement.public_id])
    html = client_as(world.coach).get(url).content.decode()
    for line in (
        "Maintain an open mind and be willing to change your mind when appropriate.",
        "Focus on the greater good.",
    ):
        assert f"<li>{line}</li>" in html
    assert re.search(r"<h3>Executive&#x27;s Commitments</h3>", html)
