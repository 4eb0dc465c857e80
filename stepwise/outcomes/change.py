"""The statistics of perceived change, on small lists of answers: no database, the same answer
for the same inputs (``selectors.py`` loads the counts; tests check these against sums written
by hand).

- **Change** (a mini-survey's −3…+3): the mean, the shares who saw improvement (> 0), no change
  (0) and decline (< 0), and a 95% confidence interval of the mean from Student's t
  (``scipy.stats.t``): mean ± t(0.975, n − 1) · s / √n. With fewer than two answers there is no
  interval, and the page says so in words.
- **Repeat 360** (first against repeat, 1–5): the two rounds' raters are independent samples
  (the answers cannot be linked, by design), so the difference of the means has Welch's interval
  (``scipy.stats.ttest_ind(..., equal_var=False)``).
- **Follow-up and change**: the mean change at each follow-up level, shown only for levels with
  enough answers that no one's can be read (see ``follow_up_relation``).

SciPy is imported inside the two functions that use it: ``scipy.stats`` takes most of a second
and tens of megabytes to load, and only step 7's change pages need it, not every web worker.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CONFIDENCE = 0.95
MIN_FOR_INTERVAL = 2  # a standard deviation needs two answers


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def below_zero(self) -> bool:
        """Wholly below zero: the change is a decline beyond what chance alone would give."""
        return self.high < 0

    @property
    def above_zero(self) -> bool:
        return self.low > 0


@dataclass(frozen=True)
class ChangeFigures:
    """The perceived change of one group on one goal in one mini-survey."""

    n: int  # answers on the scale ("can't say" not counted)
    mean: float
    improved: float  # shares of n, 0–1
    unchanged: float
    declined: float
    interval: Interval | None  # None: too few answers for an interval
    cant_say: int = 0

    @property
    def improved_pct(self) -> int:
        return round(self.improved * 100)

    @property
    def unchanged_pct(self) -> int:
        return round(self.unchanged * 100)

    @property
    def declined_pct(self) -> int:
        return round(self.declined * 100)


def mean_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> Interval | None:
    """The ``confidence`` interval of the mean of ``values`` by Student's t; None under two values."""
    n = len(values)
    if n < MIN_FOR_INTERVAL:
        return None
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    from scipy import stats  # type: ignore[import-untyped]  # no type hints; imported here: see above

    half = float(stats.t.ppf((1 + confidence) / 2, n - 1)) * sd / math.sqrt(n)
    return Interval(low=mean - half, high=mean + half)


def change_figures(values: Sequence[int], *, cant_say: int = 0) -> ChangeFigures | None:
    """The figures of the changes in ``values`` (each −3…+3); None when there are none."""
    n = len(values)
    if not n:
        return None
    return ChangeFigures(
        n=n,
        mean=sum(values) / n,
        improved=sum(1 for v in values if v > 0) / n,
        unchanged=sum(1 for v in values if v == 0) / n,
        declined=sum(1 for v in values if v < 0) / n,
        interval=mean_interval(values),
        cant_say=cant_say,
    )


def expand(counts: Iterable[tuple[int, int]]) -> list[int]:
    """The answers a list of (value, how many) stands for: the database counts, Python computes."""
    return [value for value, n in sorted(counts) for _ in range(n)]


@dataclass(frozen=True)
class Comparison:
    """A repeat 360 against the first, on one item or competency (1–5)."""

    first_n: int
    first_mean: float
    repeat_n: int
    repeat_mean: float
    interval: Interval | None  # of repeat − first, Welch; None: too few answers or no spread at all

    @property
    def difference(self) -> float:
        return self.repeat_mean - self.first_mean

    @property
    def too_few(self) -> bool:
        """No interval because one side has under two answers (else: no spread at all)."""
        return min(self.first_n, self.repeat_n) < MIN_FOR_INTERVAL


def welch_comparison(first: Sequence[float], repeat: Sequence[float]) -> Comparison | None:
    """Repeat against first, as independent samples; None when either has no answers."""
    if not first or not repeat:
        return None
    interval = None
    spread = len(set(first)) > 1 or len(set(repeat)) > 1
    if len(first) >= MIN_FOR_INTERVAL and len(repeat) >= MIN_FOR_INTERVAL and spread:
        from scipy import stats

        found = stats.ttest_ind(repeat, first, equal_var=False).confidence_interval(CONFIDENCE)
        interval = Interval(low=float(found.low), high=float(found.high))
    return Comparison(
        first_n=len(first),
        first_mean=sum(first) / len(first),
        repeat_n=len(repeat),
        repeat_mean=sum(repeat) / len(repeat),
        interval=interval,
    )


# --- follow-up and change --------------------------------------------------------------------


@dataclass(frozen=True)
class LevelFigures:
    label: str
    people: int  # people who gave this level on at least one goal
    answers: int  # (goal, person) pairs with a change on the scale
    mean: float


@dataclass(frozen=True)
class Relation:
    """Mean change by how often the executive followed up, over one mini-survey's goals."""

    answers: int  # (goal, person) pairs with both a change on the scale and a follow-up level
    levels: list[LevelFigures]  # empty when not shown
    merged: bool  # some level was too thin, so two bands are shown
    hidden: str = ""  # why nothing is shown: "too_few" (under the all-others threshold) or "too_thin"


# The two bands the four levels fold into when some level has too few people to stand alone.
BANDS = ((1, 2), (3, 4))


def follow_up_relation(
    rows: Sequence[tuple[str, int, int]],
    *,
    labels: dict[int, str],
    band_labels: tuple[str, str],
    threshold: int,
    others_threshold: int,
) -> Relation:
    """Mean change per follow-up level from ``rows``: (the response's key, level 1–4, change
    −3…+3), one per goal a person answered both questions of.

    Anonymity: the executive knows whom they followed up with and how often, so a level is a
    group like the 360's. A level is shown only with at least ``threshold`` people in it; when a
    level with answers has fewer, the four fold into two bands (never or once / a few times or
    regularly), and when a band still has fewer, nothing is shown: a hidden level could be worked
    out from the others and the goals' own means. Under ``others_threshold`` people in all,
    nothing is shown either."""
    people = {key for key, _level, _change in rows}
    if len(people) < others_threshold:
        return Relation(answers=len(rows), levels=[], merged=False, hidden="too_few")

    def figures(groups: Sequence[tuple[str, Sequence[int]]]) -> list[LevelFigures] | None:
        made = []
        for label, levels in groups:
            inside = [(key, change) for key, level, change in rows if level in levels]
            if not inside:
                continue
            who = {key for key, _change in inside}
            if len(who) < threshold:
                return None
            values = [change for _key, change in inside]
            made.append(LevelFigures(label=label, people=len(who), answers=len(values), mean=sum(values) / len(values)))
        return made

    four = figures([(labels[level], (level,)) for level in sorted(labels)])
    if four is not None:
        return Relation(answers=len(rows), levels=four, merged=False)
    two = figures([(band_labels[index], band) for index, band in enumerate(BANDS)])
    if two is not None and len(two) > 1:
        return Relation(answers=len(rows), levels=two, merged=True)
    return Relation(answers=len(rows), levels=[], merged=False, hidden="too_thin")
