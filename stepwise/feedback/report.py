"""The 360 report, computed from counts alone: no database, no ORM, the same answer for the
same inputs (``selectors.py`` loads the counts, ``report_views.py`` shows the result).

**What goes in.** A round's items and thresholds; for every batch (closing) and rater group the
number of responses; for every batch, group and scale item the distribution of its ratings over
1–5 plus the "can't say" count; the comments; and the batches of the report's versions so far.

**Which figures are shown (the rule, printed in docs/anonymity.md too).** A *cell* is the figures
(count, sum, mean, distribution, "can't say" count) of one group on one item in one version.
Self is the executive's own answer and is always shown. For the rater groups and for *all
others* (every rater group together):

1. *Threshold.* A group is shown in a version only if it has at least its threshold of
   responses (manager 1, other groups 3, all others 4, fixed when the round opened); and on an
   item only if, in addition, at least that many of them gave a rating (not "can't say"). With
   fewer responses from all raters together than the all-others threshold, no rater group is
   shown at all: a lone group of three (or a lone manager) would be the all-others figure.
2. *Secondary suppression.* Per item, the figures a version shows, with the figures every
   earlier version showed (released or read by the coach), must not let anyone compute, by
   adding and subtracting them, (a) the figures of any group a version hides, nor (b) the
   figures of the ratings a group received between two versions when they are fewer than its
   threshold (a late rater), nor (c) those of all the ratings received between two versions
   when they are fewer than the all-others threshold (after the first version). The cells are considered in a fixed
   order — all others first, then the groups from the most ratings to the fewest — and a cell
   that would break the rule is hidden too (it then counts as hidden for the cells after it).
   The check is exact: each cell is the sum of the ratings of some (version span, group) pairs,
   and a figure can be worked out from the shown cells exactly when its pairs are a linear
   combination of theirs and of the pairs known to be empty (a group nobody in answered in a
   span: how many answered in each group is no secret, the round's page shows it).
3. Everything else is made from shown cells only: a competency's figures for a group add up
   the group's shown items of that competency; the charts, the highest and lowest items and
   the self-against-others gaps use shown cells. A group's comments are shown in a version only
   when the group is shown in it (rule 1, at the level of responses), by question, in an order
   drawn from the version (never the order they were written in), without dates.

A blind spot is an item whose all-others mean is at least ``GAP`` below self's; a hidden
strength at least ``GAP`` above; both need the all-others cell shown (so at least the
all-others threshold of ratings).
"""

import functools
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

GAP = 0.75
SCALE = (1, 2, 3, 4, 5)
SELF = "self"
MANAGER = "manager"
GROUPS = ("manager", "peer", "direct_report", "other")  # the rater groups, in the report's order
ALL_OTHERS = "all_others"
HIGHEST_LOWEST = 3


@dataclass(frozen=True)
class Thresholds:
    manager: int = 1
    group: int = 3
    others: int = 4

    def of(self, group: str) -> int:
        if group == SELF:
            return 1
        if group == MANAGER:
            return self.manager
        if group == ALL_OTHERS:
            return self.others
        return self.group


@dataclass(frozen=True)
class Item:
    position: int
    competency: str
    text: str
    open: bool = False  # an open question (comments) rather than a rating


@dataclass(frozen=True)
class CommentIn:
    key: str  # the comment's random id: the shuffle is drawn from it and the version
    position: int
    group: str
    batch: int
    text: str
    redacted: bool = False


# (batch, group, position) -> [can't say, ones, twos, threes, fours, fives]
Tallies = Mapping[tuple[int, str, int], Sequence[int]]
# (batch, group) -> responses
Responses = Mapping[tuple[int, str], int]


@dataclass(frozen=True)
class Figure:
    """One shown cell: a group's ratings of an item (or of a competency)."""

    count: int  # ratings on the scale ("can't say" not counted)
    total: int  # their sum
    distribution: tuple[int, ...]  # how many gave 1, 2, 3, 4, 5
    cant_say: int

    @property
    def mean(self) -> float:
        return self.total / self.count

    @classmethod
    def of(cls, tally: Sequence[int]) -> "Figure":
        distribution = tuple(tally[1:6])
        return cls(
            count=sum(distribution),
            total=sum(value * n for value, n in zip(SCALE, distribution, strict=True)),
            distribution=distribution,
            cant_say=tally[0],
        )

    def __add__(self, other: "Figure") -> "Figure":
        return Figure(
            count=self.count + other.count,
            total=self.total + other.total,
            distribution=tuple(a + b for a, b in zip(self.distribution, other.distribution, strict=True)),
            cant_say=self.cant_say + other.cant_say,
        )


@dataclass
class ItemRow:
    item: Item
    cells: dict[str, Figure]  # by group (self, manager, ..., all_others): shown cells only
    gap: float | None = None  # all others' mean minus self's, when both are shown

    @property
    def others(self) -> Figure | None:
        return self.cells.get(ALL_OTHERS)


@dataclass
class CompetencyRow:
    name: str
    items: list[ItemRow]
    cells: dict[str, Figure]
    gap: float | None = None


@dataclass
class Report:
    batch: int
    thresholds: Thresholds
    shown_groups: list[str]  # rater groups shown at the level of responses, in the report's order
    responses: dict[str, int]  # responses per shown group (self included when answered)
    hidden_groups: list[str]  # rater groups with responses that are not shown
    items: list[ItemRow]
    competencies: list[CompetencyRow]
    blind_spots: list[ItemRow]
    hidden_strengths: list[ItemRow]
    highest: list[ItemRow]
    lowest: list[ItemRow]
    comments: list[tuple[Item, list[CommentIn]]]
    columns: list[str] = field(default_factory=list)  # the groups with at least one shown cell

    @property
    def is_empty(self) -> bool:
        return not any(row.cells for row in self.items) and not any(c for _, c in self.comments)


def _responses_upto(responses: Responses, group: str, batch: int) -> int:
    return sum(n for (b, g), n in responses.items() if g == group and b <= batch)


def _tally_span(tallies: Tallies, group: str, position: int, after: int, upto: int) -> tuple[int, ...]:
    total = [0] * 6
    for (b, g, p), tally in tallies.items():
        if g == group and p == position and after < b <= upto:
            for index, n in enumerate(tally):
                total[index] += n
    return tuple(total)


# Exact linear algebra on 0/1 vectors. Modulo a prime larger than any minor they can have, ranks
# are the rational ones: with four groups per version, Hadamard's bound for twelve versions (48
# columns) is under 10**28, and 2**127 - 1 is over 10**38. Past that (a round closed more than
# twelve times), rational numbers, slower but exact whatever the size.
_PRIME = 2**127 - 1
_MODULAR_COLUMNS = 48


class _Span:
    """The linear span of some 0/1 vectors, kept in reduced row-echelon form."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.modular = columns <= _MODULAR_COLUMNS
        self.rows: list[tuple[int, list[Any]]] = []  # (pivot column, row with 1 there)

    def _norm(self, x: Any) -> Any:
        return x % _PRIME if self.modular else x

    def reduce(self, vector: Sequence[int]) -> list[Any]:
        rest: list[Any] = [self._norm(x) if self.modular else Fraction(x) for x in vector]
        for pivot, row in self.rows:
            factor = rest[pivot]
            if factor:
                rest = [self._norm(a - factor * b) for a, b in zip(rest, row, strict=True)]
        return rest

    def contains(self, vector: Sequence[int]) -> bool:
        return not any(self.reduce(vector))

    def with_row(self, vector: Sequence[int]) -> "_Span":
        made = _Span(self.columns)
        made.rows = list(self.rows)
        rest = self.reduce(vector)
        pivot = next((i for i, x in enumerate(rest) if x), None)
        if pivot is not None:
            inverse = pow(rest[pivot], -1, _PRIME) if self.modular else 1 / rest[pivot]
            rest = [self._norm(x * inverse) for x in rest]
            made.rows = [
                (p, [self._norm(a - row[pivot] * b) for a, b in zip(row, rest, strict=True)]) for p, row in made.rows
            ]
            made.rows.append((pivot, rest))
        return made


@functools.lru_cache(maxsize=4096)
def _shown_cells(
    thresholds: Thresholds,
    spans: int,
    rated: tuple[tuple[int, ...], ...],
    answered: tuple[tuple[int, ...], ...],
) -> frozenset[tuple[int, str]]:
    """Which (version, group) cells of one item are shown, for every version so far.

    ``rated[k][g]`` is how many ratings (not "can't say") group ``GROUPS[g]`` gave the item in the
    k-th span (the batches a version added to the one before it), ``answered[k][g]`` how many
    responses it sent in that span. Rules 1 and 2 of the module docstring."""
    columns = len(GROUPS) * spans

    def pairs(version: int, groups: Iterable[int]) -> list[int]:
        vector = [0] * columns
        for g in groups:
            for k in range(version + 1):
                vector[k * len(GROUPS) + g] = 1
        return vector

    def sum_over(rows: list[list[int]], version: int, g: int) -> int:
        return sum(rows[k][g] for k in range(version + 1))

    rated_rows = [list(row) for row in rated]
    answered_rows = [list(row) for row in answered]
    span = _Span(columns)
    protected: list[list[int]] = []
    shown: set[tuple[int, str]] = set()
    every = range(len(GROUPS))
    for version in range(spans):
        # A group nobody in answered in a span adds nothing: anyone can count it as zero.
        for g in every:
            if not answered_rows[version][g]:
                span = span.with_row([1 if i == version * len(GROUPS) + g else 0 for i in range(columns)])
        # (b) and (c): what arrived in this span, when too few to stand on its own.
        for g in every:
            if answered_rows[version][g] and rated_rows[version][g] < thresholds.of(GROUPS[g]):
                only = [0] * columns
                only[version * len(GROUPS) + g] = 1
                protected.append(only)
        # (The first version's ratings are its cells themselves: rule 1 covers them.)
        arrived = sum(answered_rows[version])
        if version and arrived and sum(rated_rows[version]) < thresholds.others:
            only = [0] * columns
            for g in every:
                only[version * len(GROUPS) + g] = 1
            protected.append(only)
        # Rule 1, then candidates in order: all others, then groups from the most ratings down.
        candidates: list[tuple[str, list[int]]] = []
        others_rated = sum(sum_over(rated_rows, version, g) for g in every)
        others_answered = sum(sum_over(answered_rows, version, g) for g in every)
        if others_answered >= thresholds.others and others_rated >= thresholds.others:
            candidates.append((ALL_OTHERS, pairs(version, every)))
        order = sorted(every, key=lambda g: (-sum_over(rated_rows, version, g), g))
        for g in order:
            group, vector = GROUPS[g], pairs(version, [g])
            if sum_over(answered_rows, version, g) == 0:
                continue  # nobody in this group: nothing to show or to hide
            needed = thresholds.of(group)
            # With fewer raters in all than the all-others threshold, a group shown would be the
            # all-others figure itself (a lone group of three, a lone manager): nothing is shown.
            enough_in_all = others_answered >= thresholds.others
            if (
                enough_in_all
                and sum_over(answered_rows, version, g) >= needed
                and sum_over(rated_rows, version, g) >= needed
            ):
                candidates.append((group, vector))
            else:
                protected.append(vector)
        # All others under its threshold, with a hidden group in it: no sum of cells may give it.
        if (
            others_answered
            and not candidates_all_others(candidates)
            and len(candidates) < sum(1 for g in every if sum_over(answered_rows, version, g))
        ):
            protected.append(pairs(version, every))
        for group, vector in candidates:
            trial = span.with_row(vector)
            if any(trial.contains(guarded) for guarded in protected):
                protected.append(vector)  # hidden too: keep it from being worked out later
                continue
            span = trial
            shown.add((version, group))
    return frozenset(shown)


def groups_shown(*, thresholds: Thresholds, rated: Mapping[str, int], answered: Mapping[str, int]) -> set[str]:
    """Which rater groups (and ``ALL_OTHERS``) may show their figures on one item of a round closed
    once (a mini-survey): rules 1 and 2 of the module docstring for a single version. ``rated[g]``
    is how many of group ``g`` answered the item (not "can't say"), ``answered[g]`` how many
    responses the group sent."""
    shown = _shown_cells(
        thresholds,
        1,
        (tuple(rated.get(g, 0) for g in GROUPS),),
        (tuple(answered.get(g, 0) for g in GROUPS),),
    )
    return {group for _version, group in shown}


def candidates_all_others(candidates: list[tuple[str, list[int]]]) -> bool:
    return any(group == ALL_OTHERS for group, _vector in candidates)


def _comment_order(seed: str, comment: CommentIn) -> str:
    return hashlib.sha256(f"{seed}:{comment.key}".encode()).hexdigest()


def report_compute(
    *,
    items: Sequence[Item],
    thresholds: Thresholds,
    responses: Responses,
    tallies: Tallies,
    comments: Sequence[CommentIn],
    version_batches: Sequence[int],
    seed: str,
) -> Report:
    """The report of the last of ``version_batches`` (each version covers every batch up to its
    own; the earlier ones are the versions already made, whose shown figures the new one must not
    let anyone subtract from). ``seed`` orders the comments (the version's own id will do)."""
    if not version_batches or list(version_batches) != sorted(set(version_batches)):
        raise ValueError("version_batches must be increasing and not empty")
    batch = version_batches[-1]
    last = len(version_batches) - 1
    bounds = [0, *version_batches]

    in_all = sum(_responses_upto(responses, g, batch) for g in GROUPS)
    shown_groups = [
        g for g in GROUPS if in_all >= thresholds.others and _responses_upto(responses, g, batch) >= thresholds.of(g)
    ]
    hidden_groups = [g for g in GROUPS if g not in shown_groups and _responses_upto(responses, g, batch) > 0]
    counts = {g: _responses_upto(responses, g, batch) for g in shown_groups}
    self_responses = _responses_upto(responses, SELF, batch)
    if self_responses:
        counts = {SELF: self_responses, **counts}

    rows: list[ItemRow] = []
    for item in items:
        if item.open:
            continue
        rated = []
        answered = []
        for k in range(len(version_batches)):
            spans = [_tally_span(tallies, g, item.position, bounds[k], bounds[k + 1]) for g in GROUPS]
            rated.append(tuple(sum(tally[1:]) for tally in spans))
            answered.append(
                tuple(sum(responses.get((b, g), 0) for b in range(bounds[k] + 1, bounds[k + 1] + 1)) for g in GROUPS)
            )
        shown = _shown_cells(thresholds, len(version_batches), tuple(rated), tuple(answered))
        cells: dict[str, Figure] = {}
        self_figure = Figure.of(_tally_span(tallies, SELF, item.position, 0, batch))
        if self_responses and (self_figure.count or self_figure.cant_say):
            cells[SELF] = self_figure
        by_group = {g: Figure.of(_tally_span(tallies, g, item.position, 0, batch)) for g in GROUPS}
        for g in GROUPS:
            if (last, g) in shown:
                cells[g] = by_group[g]
        if (last, ALL_OTHERS) in shown:
            cells[ALL_OTHERS] = functools.reduce(lambda a, b: a + b, by_group.values())
        row = ItemRow(item=item, cells=cells)
        if SELF in cells and cells[SELF].count and ALL_OTHERS in cells:
            row.gap = cells[ALL_OTHERS].mean - cells[SELF].mean
        rows.append(row)

    competencies: list[CompetencyRow] = []
    for name in dict.fromkeys(row.item.competency for row in rows):
        members = [row for row in rows if row.item.competency == name]
        totals: dict[str, Figure] = {}
        for row in members:
            for group, figure in row.cells.items():
                totals[group] = totals[group] + figure if group in totals else figure
        cells = {g: f for g, f in totals.items() if f.count}
        competency = CompetencyRow(name=name, items=members, cells=cells)
        if SELF in cells and ALL_OTHERS in cells:
            competency.gap = cells[ALL_OTHERS].mean - cells[SELF].mean
        competencies.append(competency)

    ranked = sorted((row for row in rows if row.others), key=lambda row: (-row.others.mean, row.item.position))  # type: ignore[union-attr]
    highest = ranked[:HIGHEST_LOWEST]
    lowest = [row for row in reversed(ranked[HIGHEST_LOWEST:])][:HIGHEST_LOWEST]
    blind = [row for row in rows if row.gap is not None and row.gap <= -GAP]
    strengths = [row for row in rows if row.gap is not None and row.gap >= GAP]

    said: list[tuple[Item, list[CommentIn]]] = []
    allowed = {SELF, *shown_groups} if self_responses else set(shown_groups)
    for item in items:
        if not item.open:
            continue
        kept = [c for c in comments if c.position == item.position and c.batch <= batch and c.group in allowed]
        said.append((item, sorted(kept, key=lambda c: _comment_order(seed, c))))

    columns = [g for g in (SELF, *GROUPS, ALL_OTHERS) if any(g in row.cells for row in rows)]
    return Report(
        batch=batch,
        thresholds=thresholds,
        shown_groups=shown_groups,
        responses=counts,
        hidden_groups=hidden_groups,
        items=rows,
        competencies=competencies,
        blind_spots=sorted(blind, key=lambda row: (row.gap, row.item.position)),
        hidden_strengths=sorted(strengths, key=lambda row: (-(row.gap or 0), row.item.position)),
        highest=highest,
        lowest=lowest,
        comments=said,
        columns=columns,
    )


def version_blockers(
    *, thresholds: Thresholds, responses: Responses, last_batch: int, batch: int
) -> list[tuple[str, int]]:
    """Why no new version can cover the batches after ``last_batch`` up to ``batch``: a list of
    (group, how many more responses it needs); empty when one can be made.

    A released report changes only when at least a threshold's worth of new responses has arrived
    in every group whose figures would change: a rater group with new responses needs its
    threshold of them, even one that stays hidden (its responses change the all-others figures,
    and rule 2 of the module docstring would then hide a group shown before, to keep the late
    ones from being subtracted); and the new responses together need the all-others threshold.
    Self's new answer alone changes nothing anonymous."""
    if batch <= last_batch:
        return [("", 0)]
    blockers: list[tuple[str, int]] = []
    new_total = 0
    for group in GROUPS:
        new = sum(n for (b, g), n in responses.items() if g == group and last_batch < b <= batch)
        new_total += new
        if not new:
            continue
        needed = thresholds.of(group)
        if new < needed:
            blockers.append((group, needed - new))
    if new_total and new_total < thresholds.others:
        blockers.append((ALL_OTHERS, thresholds.others - new_total))
    if not new_total and not any(g == SELF and last_batch < b <= batch for (b, g) in responses):
        return [("", 0)]
    return blockers
