"""The built-in program carries the seed's steps 7–12 word for word, and invents no others."""

from pathlib import Path

import pytest
from django.conf import settings

from stepwise.practice import services
from stepwise.practice.content import ADMITTING, CLOSING_QUESTIONS, STEPS
from stepwise.practice.models import Program

SEED = (Path(settings.BASE_DIR) / "docs/seeds/12-steps-of-executive-coaching-part-2.txt").read_text()


def test_each_step_is_the_seed_s_wording() -> None:
    assert [n for n, *_ in STEPS] == [7, 8, 9, 10, 11, 12]
    for number, traditional, coaching, explanation in STEPS:
        assert f"Traditional Step {number}: {traditional}\n" in SEED
        assert f"Executive Coaching Step {number}: {coaching}\n" in SEED
        assert explanation in SEED and len(explanation) > 200
    assert CLOSING_QUESTIONS in SEED
    assert len(ADMITTING) == 4 and all(f"\n{line}\n" in SEED for line in ADMITTING)


@pytest.mark.django_db
def test_the_migration_made_the_built_in_program_and_installing_again_changes_nothing() -> None:
    program = Program.objects.get(builtin=True)
    assert [(s.number, s.traditional, s.coaching, s.explanation) for s in program.steps.order_by("number")] == list(
        STEPS
    )
    assert services.program_builtin_install() == program
    assert program.steps.count() == 6
