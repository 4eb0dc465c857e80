"""The change page: per goal and group shown, with intervals and words where there are too few;
the chart over mini-surveys; follow-up beside change; a repeat 360 against the first; the closing
report's summary; flat query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import World
from stepwise.feedback import answering, release
from stepwise.feedback.models import Group
from stepwise.feedback.tests.rounds_made import answered, questionnaire_made, round_made
from stepwise.outcomes.selectors import change_summary

from .minis_made import Answer, goal_approved, mini_answered

pytestmark = pytest.mark.django_db

DAY = date(2027, 4, 11)


def _page(world: World, role: str = "coach") -> str:
    response = world.client(role).get(reverse("change", args=[world.engagement.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_goal_shows_everyones_mean_change_with_its_interval_and_shares(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(
        world,
        DAY,
        {Group.PEER: [[(2, 4)], [(1, 3)], [(0, 1)]], Group.DIRECT_REPORT: [[(3, 4)], [(1, 3)], [(-1, 1)]]},
    )
    page = _page(world, "executive")
    assert "Delegate the weekly report" in page
    # Six answers: mean 1.0, sd √2, t(0.975, 5) = 2.5706: 1.0 ± 1.48
    assert "<strong>1.0</strong>" in page
    assert "95% interval -0.5 to 2.5" in page
    assert "6 answers: 67% saw improvement, 17% no change, 17% decline" in page
    assert page.count("peers") >= 1 and "direct reports" in page


def test_a_group_under_its_threshold_is_left_out_and_cannot_be_worked_back(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(
        world,
        DAY,
        {Group.PEER: [[(2, 4)], [(1, 3)]], Group.DIRECT_REPORT: [[(3, 4)], [(1, 3)], [(-1, 1)]]},
    )
    page = _page(world)
    assert '<td data-label="Who">peers</td>' not in page
    # Everyone shown with the direct reports would give the peers' figures by subtraction: one of them goes.
    shown = [
        label for label in ("everyone who answered", "direct reports") if f'<td data-label="Who">{label}</td>' in page
    ]
    assert len(shown) == 1


def test_a_manager_alone_is_shown_but_too_few_for_an_interval_is_said_in_words(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(world, DAY, {Group.MANAGER: [[(2, 4)]], Group.PEER: [[(1, 3)], [(0, 1)], [(2, 2)]]})
    page = _page(world)
    assert '<td data-label="Who">manager</td>' in page
    assert "(too few responses for an interval)" in page


def test_fewer_than_the_all_others_threshold_shows_no_figure(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(world, DAY, {Group.PEER: [[(2, 4)], [(1, 3)], [(0, 1)]]})
    page = _page(world)
    assert "Fewer than 4 answered, so no figure is shown" in page
    assert "95% interval" not in page


def test_follow_up_and_change_in_plain_words_with_its_limits(world: World):
    goal_approved(world, "Delegate the weekly report")
    goal_approved(world, "Listen before deciding")
    answers: list[list[Answer]] = [
        [(2, 4), (1, 4)],
        [(3, 4), (2, 3)],
        [(1, 3), (0, 1)],
        [(0, 1), (0, 1)],
        [(-1, 1), (1, 2)],
        [(1, 2), (None, 1)],
        [(2, 4), (1, 3)],
    ]
    mini_answered(world, DAY, {Group.PEER: answers})
    page = _page(world)
    assert "Follow-up and change" in page
    # 13 pairs of a change and a follow-up level (one "can't say" is not a change).
    assert "on 13 answers; not a proof" in page
    assert "never or once" in page and "a few times or regularly" in page  # "once" alone had two people
    assert "The follow-up meetings after the 360" not in page  # no 360 closed yet


def test_suggestions_show_word_for_word_once_everyone_reaches_the_threshold(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(world, DAY, {Group.PEER: [[(1, 2)], [(2, 3)], [(0, 1)]]}, suggestion="Ask the team first.")
    assert "Ask the team first." not in _page(world)  # three answered: under the threshold of four
    mini_answered(world, DAY + timedelta(days=60), {Group.PEER: [[(1, 2)]] * 4}, suggestion="Ask the team first.")
    page = _page(world, "coach")  # the coach reads them first (test_mini_release.py)
    assert "Suggestions for the months ahead" in page
    assert page.count("<li>Ask the team first.") == 4


def test_the_chart_follows_the_change_over_successive_mini_surveys(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(world, DAY, {Group.PEER: [[(0, 1)], [(1, 3)], [(0, 1)], [(1, 2)]]})
    mini_answered(world, DAY + timedelta(days=90), {Group.PEER: [[(2, 4)], [(1, 3)], [(2, 4)], [(3, 2)]]})
    page = _page(world)
    assert page.count("<svg") == 1
    assert "11 Apr 2027" in page and "10 Jul 2027" in page
    assert page.index("Mini-survey of 10 July 2027") < page.index("Mini-survey of 11 April 2027")  # latest first


def test_a_repeat_360_is_compared_with_the_first_per_item_and_competency(world: World):
    questionnaire = questionnaire_made(scale_items=2, competencies=1, open_items=0)
    for title, rating in (("First 360", 2), ("Repeat 360", 4)):
        round, raters = round_made(world.engagement, sizes={"peer": 4}, questionnaire=questionnaire, title=title)

        def rate(group: str, number: int, position: int, base: int = rating) -> int:
            return base + number % 2

        answered(round, raters, rate=rate)
        round = answering.round_close(round=round)
        version = release.report_version_make(round=round)
        assert version is not None
        release.report_release(round=round, number=version.number, by=world.coach)
    page = _page(world)
    assert "The repeat 360 against the first" in page
    assert "Behaviour 1" in page and "Competency 1" in page
    # Every rater moved up by 2: the difference is 2.00 on each item.
    assert "2.00" in page


def test_the_closing_reports_summary_renders_the_latest_mini_survey(world: World):
    goal_approved(world, "Delegate the weekly report")
    empty = render_to_string("outcomes/_change_summary.html", {"change": change_summary(engagement=world.engagement)})
    assert "No mini-survey has closed yet." in empty
    mini_answered(world, DAY, {Group.PEER: [[(2, 4)], [(1, 3)], [(0, 1)], [(1, 2)]]})
    summary = change_summary(engagement=world.engagement)
    assert summary.surveys == 1 and summary.responses == 4
    html = render_to_string("outcomes/_change_summary.html", {"change": summary, "sees_goals": True})
    assert "From the mini-survey of 11 April 2027, answered by 4 stakeholders" in html
    assert "Delegate the weekly report" in html and "95% interval" in html


def _queries(world: World) -> int:
    client = world.client("coach")
    url = reverse("change", args=[world.engagement.public_id])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_change_page_reads_the_same_number_of_queries_however_many_surveys_and_raters(world: World):
    goal_approved(world, "Delegate the weekly report")
    mini_answered(world, DAY, {Group.PEER: [[(2, 4)], [(1, 3)], [(0, 1)], [(1, 2)]]})
    few = _queries(world)
    goal_approved(world, "Listen before deciding")
    for months in (3, 6):
        mini_answered(
            world,
            DAY + timedelta(days=30 * months),
            {Group.PEER: [[(1, 2), (2, 3)]] * 6, Group.DIRECT_REPORT: [[(0, 1), (1, 4)]] * 5},
        )
    assert _queries(world) == few


def _two_360s(world: World, sizes: dict[str, int], ratings: tuple[int, int], scale_items: int = 2) -> None:
    """A first and a repeat 360, both released; each rater gives ``ratings[k]`` or one more."""
    questionnaire = questionnaire_made(scale_items=scale_items, competencies=1, open_items=0)
    for title, rating in zip(("First 360", "Repeat 360"), ratings, strict=True):
        round, raters = round_made(world.engagement, sizes=sizes, questionnaire=questionnaire, title=title)

        def rate(group: str, number: int, position: int, base: int = rating) -> int:
            return base + number % 2

        answered(round, raters, rate=rate)
        round = answering.round_close(round=round)
        version = release.report_version_make(round=round)
        assert version is not None
        release.report_release(round=round, number=version.number, by=world.coach)


def _repeat_section(page: str) -> str:
    return " ".join(page[page.index("The repeat 360 against the first") :].split())


def test_the_repeat_360_is_compared_per_group_too_leaving_out_what_either_report_withholds(world: World):
    # Two direct reports are under their threshold of three; the manager alone would then give
    # their figures by subtraction (everyone − peers − manager), so the report hides the manager too.
    _two_360s(world, {"manager": 1, "peer": 4, "direct_report": 2}, (2, 4))
    section = _repeat_section(_page(world, "executive"))
    assert '<td data-label="Who">everyone who answered</td>' in section
    assert '<td data-label="Who">peers</td>' in section
    assert '<td data-label="Who">direct reports</td>' not in section
    assert '<td data-label="Who">manager</td>' not in section
    # Every peer moved up by 2, on each item and on the competency.
    peers = section.split('<td data-label="Who">peers</td>')[1:]
    assert len(peers) == 3  # two behaviours and their competency
    assert all('<td data-label="Difference">2.00' in row.split("</tr>")[0] for row in peers)


def test_a_group_too_small_for_an_interval_says_so_in_words(world: World):
    _two_360s(world, {"manager": 1, "peer": 4}, (2, 4))
    section = _repeat_section(_page(world))
    assert '<td data-label="Who">manager</td>' in section
    manager = section.split('<td data-label="Who">manager</td>')[1].split("</tr>")[0]
    assert "(too few answers for an interval: it needs two on each side)" in manager
    assert "95% interval" not in manager


def test_the_repeat_comparison_reads_as_many_queries_for_many_raters_and_items_as_for_few(world: World):
    _two_360s(world, {"peer": 4}, (2, 4), scale_items=2)
    few = _queries(world)
    # The comparison is of the first 360 against the latest: a third, larger one replaces the repeat.
    _two_360s(world, {"manager": 1, "peer": 8, "direct_report": 5, "other": 4}, (3, 4), scale_items=6)
    assert _queries(world) == few
