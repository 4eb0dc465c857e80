"""The change statistics on fixed samples, against computations written here by hand: Student's
t quantile by integrating its density (math only, no SciPy), the mean, the standard deviation,
Welch's degrees of freedom."""

import math

import pytest

from stepwise.outcomes import change


def _t_density(x: float, df: float) -> float:
    return (
        math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2)) * (1 + x * x / df) ** (-(df + 1) / 2)
    )


def _t_cdf_above_zero(x: float, df: float, steps: int = 4000) -> float:
    """P(0 < T < x) by Simpson's rule."""
    h = x / steps
    total = _t_density(0, df) + _t_density(x, df)
    for i in range(1, steps):
        total += (4 if i % 2 else 2) * _t_density(i * h, df)
    return total * h / 3


def _t_quantile_975(df: float) -> float:
    """The t value with 2.5% above it, by bisection on the integrated density."""
    low, high = 0.0, 20.0
    for _ in range(60):
        middle = (low + high) / 2
        if 0.5 + _t_cdf_above_zero(middle, df) < 0.975:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _sd(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def test_the_hand_computed_t_quantile_matches_the_printed_tables():
    # The check of the check: Student's tables print 2.447 (6), 2.776 (4) and 12.706 (1).
    assert _t_quantile_975(6) == pytest.approx(2.447, abs=1e-3)
    assert _t_quantile_975(4) == pytest.approx(2.776, abs=1e-3)
    assert _t_quantile_975(1) == pytest.approx(12.706, abs=2e-3)


def test_the_interval_of_a_mean_change_is_students_t():
    values = [2, 1, 0, 3, -1, 2, 1]
    figures = change.change_figures(values, cant_say=2)
    assert figures is not None
    mean = 8 / 7
    half = _t_quantile_975(6) * _sd([float(v) for v in values]) / math.sqrt(7)
    assert figures.mean == pytest.approx(mean)
    assert figures.interval is not None
    assert figures.interval.low == pytest.approx(mean - half, abs=1e-6)
    assert figures.interval.high == pytest.approx(mean + half, abs=1e-6)
    # 5 of 7 saw improvement, 1 no change, 1 decline; "can't say" is kept apart.
    assert (figures.improved_pct, figures.unchanged_pct, figures.declined_pct) == (71, 14, 14)
    assert figures.cant_say == 2 and figures.n == 7


def test_a_decline_has_its_interval_wholly_below_zero():
    figures = change.change_figures([-2, -3, -1, -2, -2])
    assert figures is not None and figures.interval is not None
    half = _t_quantile_975(4) * _sd([-2.0, -3, -1, -2, -2]) / math.sqrt(5)
    assert figures.interval.high == pytest.approx(-2 + half, abs=1e-6)
    assert figures.interval.below_zero
    mixed = change.change_figures([-2, 1, -1, 0])
    assert mixed is not None and mixed.interval is not None and not mixed.interval.below_zero


def test_one_answer_has_no_interval_and_none_has_no_figures():
    one = change.change_figures([2])
    assert one is not None and one.interval is None and one.mean == 2
    assert change.change_figures([]) is None


def test_a_repeat_360_has_welchs_interval_for_independent_samples():
    first = [3.0, 2, 3, 4, 2, 3]
    repeat = [4.0, 4, 5, 3, 4]
    compared = change.welch_comparison(first, repeat)
    assert compared is not None and compared.interval is not None
    v1, v2 = _sd(first) ** 2 / len(first), _sd(repeat) ** 2 / len(repeat)
    df = (v1 + v2) ** 2 / (v1**2 / (len(first) - 1) + v2**2 / (len(repeat) - 1))
    difference = sum(repeat) / 5 - sum(first) / 6
    half = _t_quantile_975(df) * math.sqrt(v1 + v2)
    assert compared.difference == pytest.approx(difference)
    assert compared.interval.low == pytest.approx(difference - half, abs=1e-5)
    assert compared.interval.high == pytest.approx(difference + half, abs=1e-5)
    assert change.welch_comparison([3.0], repeat) is not None
    assert change.welch_comparison([3.0], repeat).interval is None  # type: ignore[union-attr]
    assert change.welch_comparison([], repeat) is None


LABELS = {1: "never", 2: "once", 3: "a few times", 4: "regularly"}
BANDS = ("never or once", "a few times or regularly")


def _relation(rows: list[tuple[str, int, int]]) -> change.Relation:
    return change.follow_up_relation(rows, labels=LABELS, band_labels=BANDS, threshold=3, others_threshold=4)


def test_follow_up_levels_show_their_mean_change_when_each_has_three_people():
    rows = [(f"p{i}", 1, 0) for i in range(3)] + [(f"q{i}", 4, 2) for i in range(3)] + [("q0", 4, 3)]
    relation = _relation(rows)
    assert [(level.label, level.people, level.answers) for level in relation.levels] == [
        ("never", 3, 3),
        ("regularly", 3, 4),
    ]
    assert relation.levels[1].mean == pytest.approx(9 / 4)
    assert relation.answers == 7 and not relation.merged


def test_a_level_with_fewer_people_folds_into_two_bands_or_hides_everything():
    # "once" has two people: the four levels fold into two bands, each with three or more people.
    rows = [("a", 1, 0), ("b", 2, 1), ("c", 2, 0), ("d", 3, 2), ("e", 4, 2), ("f", 4, 3)]
    relation = _relation(rows)
    assert relation.merged
    assert [(level.label, level.people) for level in relation.levels] == [(BANDS[0], 3), (BANDS[1], 3)]
    # The one person followed up regularly cannot be read off, in four levels or in two bands.
    lonely = [("a", 1, 0), ("b", 1, 1), ("c", 1, 0), ("d", 2, 0), ("e", 4, 3)]
    hidden = _relation(lonely)
    assert hidden.levels == [] and hidden.hidden == "too_thin"
    # Under the all-others threshold of people, nothing at all.
    assert _relation([("a", 1, 0), ("b", 1, 1), ("c", 1, 0)]).hidden == "too_few"


def test_a_person_counts_once_per_level_whatever_the_number_of_goals():
    # One person at "regularly" on three goals is still one person: not enough to show that level.
    rows = [(f"p{i}", 1, 0) for i in range(3)] + [("solo", 4, 3), ("solo", 4, 3), ("solo", 4, 2)]
    relation = _relation(rows)
    assert all(level.label != "regularly" for level in relation.levels)
    assert relation.hidden == "too_thin"
