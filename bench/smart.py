"""Time the SMART check: each goal of the test corpus, and a huge paste.

    .venv/bin/python bench/smart.py
    BENCH_REPEATS=50 .venv/bin/python bench/smart.py

The goal page runs the check on every keystroke pause, so a goal should take a few milliseconds.
The check reads at most ``MAX_CHECKED_CHARS`` of what is typed (tested in
``stepwise/plans/tests/test_smart.py``), so a huge paste should cost about what a long goal does.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))


def main() -> None:
    os.environ.setdefault("STEPWISE_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepwise.settings")
    import django

    django.setup()
    from stepwise.plans.smart import MAX_CHECKED_CHARS, smart_check
    from stepwise.plans.tests.smart_corpus import CORPUS, TODAY

    per_goal = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for goal in CORPUS:
            smart_check(goal.text, measured_how=goal.measured_how, has_measures=goal.has_measures, today=TODAY)
        per_goal.append((time.perf_counter() - start) * 1000 / len(CORPUS))
    print(
        f"corpus ({len(CORPUS)} goals): median {statistics.median(per_goal):.2f} ms a goal, slowest {max(per_goal):.2f}"
    )

    huge = "Stop! Hold 1:1s weekly by March 2027 and never " * 2000 + "a" * 50_000
    pastes = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        smart_check(huge, measured_how=huge, today=TODAY)
        pastes.append((time.perf_counter() - start) * 1000)
    print(
        f"huge paste ({len(huge):,} characters, {MAX_CHECKED_CHARS:,} read): "
        f"median {statistics.median(pastes):.1f} ms, slowest {max(pastes):.1f}"
    )


if __name__ == "__main__":
    main()
