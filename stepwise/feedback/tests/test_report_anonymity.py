"""Property tests of the report's thresholds and secondary suppression (``report.py``).

Random rounds: group sizes, raters who decline (they send nothing), "can't say", late responses
in later batches, and several versions of the report. The attacker reads every version and
adds and subtracts what is shown (counts, sums, distributions); the test keeps its own exact
arithmetic over (batch, group) columns, not the module's (span, group) ones.
"""

import random
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from stepwise.feedback.report import (
    ALL_OTHERS,
    GROUPS,
    SELF,
    CommentIn,
    Item,
    Thresholds,
    report_compute,
    version_blockers,
)

ITEMS = [Item(position=1, competency="A", text="one"), Item(position=2, competency="A", text="two")]
ITEMS += [Item(position=3, competency="B", text="three"), Item(position=4, competency="", text="say", open=True)]
SCALE_ITEMS = [item for item in ITEMS if not item.open]


@dataclass(frozen=True)
class Answer:
    batch: int
    group: str
    ratings: tuple[int | None, ...]  # one per scale item; None is "can't say"


@st.composite
def rounds(draw: st.DrawFn) -> tuple[Thresholds, list[Answer], list[int]]:
    thresholds = Thresholds(
        manager=draw(st.integers(1, 2)), group=draw(st.integers(2, 4)), others=draw(st.integers(3, 5))
    )
    batches = draw(st.integers(1, 3))
    # How many of each group answered (the rest declined or stayed silent) is what the thresholds
    # turn on, so hypothesis draws it; the ratings themselves come from a drawn seed (fast), a
    # quarter of them "can't say" so that per-item counts fall under the thresholds too.
    values = random.Random(draw(st.integers(0, 2**32)))  # noqa: S311 (test data, not a secret)
    answers: list[Answer] = []
    for batch in range(1, batches + 1):
        for group in (SELF, *GROUPS):
            most = 1 if group == SELF else (2 if group == "manager" else 6)
            if group == SELF and batch > 1:
                most = 0
            for _ in range(draw(st.integers(0, most))):
                ratings = tuple(None if values.random() < 0.25 else values.randint(1, 5) for _ in SCALE_ITEMS)
                answers.append(Answer(batch=batch, group=group, ratings=ratings))
    chosen = draw(st.lists(st.integers(1, batches), min_size=1, max_size=batches, unique=True))
    return thresholds, answers, sorted(chosen)


def _inputs(answers: list[Answer]) -> tuple[dict, dict, list[CommentIn]]:
    responses: dict[tuple[int, str], int] = {}
    tallies: dict[tuple[int, str, int], list[int]] = {}
    comments = []
    for number, answer in enumerate(answers):
        responses[(answer.batch, answer.group)] = responses.get((answer.batch, answer.group), 0) + 1
        for item, value in zip(SCALE_ITEMS, answer.ratings, strict=True):
            tally = tallies.setdefault((answer.batch, answer.group, item.position), [0] * 6)
            tally[value or 0] += 1
        comments.append(
            CommentIn(key=f"c{number}", position=4, group=answer.group, batch=answer.batch, text=f"t{number}")
        )
    return responses, tallies, comments


def _truth(answers: list[Answer], groups: set[str], upto: int, after: int, position: int) -> tuple[int, ...]:
    """count, sum, distribution and "can't say" of ``groups``' ratings of an item in a span."""
    index = [item.position for item in SCALE_ITEMS].index(position)
    values = [a.ratings[index] for a in answers if a.group in groups and after < a.batch <= upto]
    rated = [v for v in values if v is not None]
    return (len(rated), sum(rated), *(rated.count(v) for v in range(1, 6)), len(values) - len(rated))


def _basis(rows: list[list[int]]) -> list[tuple[int, list[Fraction]]]:
    """An echelon basis of ``rows``' span (Gaussian elimination over the rationals, exact)."""
    basis: list[tuple[int, list[Fraction]]] = []
    for given_row in rows:
        row = _reduced(basis, given_row)
        pivot = next((i for i, x in enumerate(row) if x), None)
        if pivot is not None:
            basis.append((pivot, row))
    return basis


def _reduced(basis: list[tuple[int, list[Fraction]]], vector: list[int]) -> list[Fraction]:
    rest = [Fraction(x) for x in vector]
    for pivot, row in basis:
        if rest[pivot]:
            factor = rest[pivot] / row[pivot]
            rest = [a - factor * b for a, b in zip(rest, row, strict=True)]
    return rest


@settings(max_examples=2000, deadline=None)
@given(rounds())
def test_no_shown_figure_rests_on_too_few_and_no_hidden_figure_can_be_worked_out(case):
    thresholds, answers, versions = case
    responses, tallies, comments = _inputs(answers)
    batches = max(a.batch for a in answers) if answers else 1
    columns = [(b, g) for b in range(1, max(batches, versions[-1]) + 1) for g in GROUPS]

    def vector(groups: set[str], upto: int, after: int = 0) -> list[int]:
        return [1 if g in groups and after < b <= upto else 0 for b, g in columns]

    def responded(groups: set[str], upto: int, after: int = 0) -> int:
        return sum(1 for a in answers if a.group in groups and after < a.batch <= upto)

    # How many answered in each group and batch is no secret: an empty one is known to add nothing.
    empty = [
        [1 if c == column else 0 for c in columns]
        for column in columns
        if not responded({column[1]}, column[0], column[0] - 1)
    ]
    shown: dict[int, list[list[int]]] = {item.position: list(empty) for item in SCALE_ITEMS}
    hidden: dict[int, list[tuple[str, list[int]]]] = {item.position: [] for item in SCALE_ITEMS}
    for k in range(len(versions)):
        upto = versions[k]
        report = report_compute(
            items=ITEMS,
            thresholds=thresholds,
            responses=responses,
            tallies=tallies,
            comments=comments,
            version_batches=versions[: k + 1],
            seed=f"v{k}",
        )
        for row in report.items:
            position = row.item.position
            for group in (*GROUPS, ALL_OTHERS):
                members = set(GROUPS) if group == ALL_OTHERS else {group}
                truth = _truth(answers, members, upto, 0, position)
                if group in row.cells:
                    figure = row.cells[group]
                    # What is shown is right, and rests on at least the threshold.
                    assert (figure.count, figure.total, *figure.distribution, figure.cant_say) == truth
                    assert figure.count >= thresholds.of(group)
                    assert responded(members, upto) >= thresholds.of(group)
                    shown[position].append(vector(members, upto))
                elif group == ALL_OTHERS:
                    # Under its threshold, all others may be a sum of shown groups, never more.
                    if any(g not in row.cells for g in GROUPS if responded({g}, upto)):
                        hidden[position].append((f"{group} in version {k + 1}", vector(members, upto)))
                elif responded(members, upto):
                    hidden[position].append((f"{group} in version {k + 1}", vector(members, upto)))
            if SELF in row.cells:
                assert row.cells[SELF].count + row.cells[SELF].cant_say == 1
        for competency in report.competencies:
            for group, figure in competency.cells.items():
                assert figure.count >= thresholds.of(group)
        # Comments only from groups shown in this version, never in the order they were written.
        for _item, said in report.comments:
            for comment in said:
                assert comment.group == SELF or responded({comment.group}, upto) >= thresholds.of(comment.group)
                assert comment.batch <= upto
        # Late raters: what a group sent between two versions, when too few, is a hidden figure too.
        after = versions[k - 1] if k else 0
        if k:
            for group in GROUPS:
                for item in SCALE_ITEMS:
                    count = _truth(answers, {group}, upto, after, item.position)[0]
                    if responded({group}, upto, after) and count < thresholds.of(group):
                        hidden[item.position].append((f"{group} late", vector({group}, upto, after)))

    for position, cells in hidden.items():
        basis = _basis(shown[position])
        for name, target in cells:
            assert any(_reduced(basis, target)), f"item {position}: {name} can be worked out"


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_comments_come_in_an_order_that_is_not_the_writing_order_and_is_stable(case):
    thresholds, answers, versions = case
    responses, tallies, comments = _inputs(answers)

    def said(seed: str, given_comments: list[CommentIn]) -> list[str]:
        report = report_compute(
            items=ITEMS,
            thresholds=thresholds,
            responses=responses,
            tallies=tallies,
            comments=given_comments,
            version_batches=versions,
            seed=seed,
        )
        return [c.key for _item, cs in report.comments for c in cs]

    assert said("v1", comments) == said("v1", list(reversed(comments)))


def test_a_lone_late_peer_is_not_revealed_by_the_next_version():
    thresholds = Thresholds()
    answers = [Answer(1, "peer", (4, 4, 4)) for _ in range(3)] + [Answer(1, "other", (2, 2, 2)) for _ in range(3)]
    answers.append(Answer(2, "peer", (1, 1, 1)))
    responses, tallies, comments = _inputs(answers)
    first = report_compute(
        items=ITEMS,
        thresholds=thresholds,
        responses=responses,
        tallies=tallies,
        comments=comments,
        version_batches=[1],
        seed="a",
    )
    second = report_compute(
        items=ITEMS,
        thresholds=thresholds,
        responses=responses,
        tallies=tallies,
        comments=comments,
        version_batches=[1, 2],
        seed="b",
    )
    assert first.items[0].cells["peer"].count == 3
    assert "peer" not in second.items[0].cells and "all_others" not in second.items[0].cells
    assert version_blockers(thresholds=thresholds, responses=responses, last_batch=1, batch=2) == [
        ("peer", 2),
        ("all_others", 3),
    ]


def test_a_hidden_group_hides_a_second_cell_so_the_total_cannot_give_it_away():
    answers = [Answer(1, "peer", (4, 4, 4)) for _ in range(4)] + [Answer(1, "direct_report", (1, 1, 1))]
    answers += [Answer(1, "manager", (3, 3, 3))]
    responses, tallies, comments = _inputs(answers)
    report = report_compute(
        items=ITEMS,
        thresholds=Thresholds(),
        responses=responses,
        tallies=tallies,
        comments=comments,
        version_batches=[1],
        seed="a",
    )
    cells = report.items[0].cells
    assert "direct_report" not in cells
    assert "all_others" in cells and "peer" in cells
    assert "manager" not in cells  # all others − peers − manager would be the direct report
    assert report.hidden_groups == ["direct_report"]


def test_the_span_check_is_exact_in_both_arithmetics():
    from stepwise.feedback.report import _MODULAR_COLUMNS, _Span

    for columns in (4, _MODULAR_COLUMNS + 4):
        span = _Span(columns)
        assert span.modular == (columns <= _MODULAR_COLUMNS)
        one = [1] * 3 + [0] * (columns - 3)
        two = [0, 1, 0] + [0] * (columns - 3)
        for row in (one, two):
            span = span.with_row(row)
        assert span.contains([1, 0, 1] + [0] * (columns - 3))  # one − two
        assert not span.contains([1, 0, 0] + [0] * (columns - 3))
