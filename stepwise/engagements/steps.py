"""What a step app tells the rest of the product about its step.

The ordered list of steps is :class:`~stepwise.engagements.models.Step` (numbers and names, the
coach's override); each step app says where the engagement stands in its step with a
:class:`StepContribution` in its own ``progress.py``, and ``stepwise.dashboard.steps`` lists
those contributions in order. This module imports no step app: step apps build on it.
"""

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .access import Role
from .models import Engagement, Step

if TYPE_CHECKING:
    from stepwise.users.models import User

    from .access import Access


class Party(StrEnum):
    """Whom a step waits on."""

    NOBODY = ""
    COACH = "coach"
    EXECUTIVE = "executive"
    SPONSOR = "sponsor"
    SIGNERS = "signers"  # whoever has not yet signed the version open for signature


class State(StrEnum):
    DONE = "done"
    UNDER_WAY = "under_way"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class StepProgress:
    """Where one step stands, from the engagement's annotated facts."""

    state: State
    waiting_on: Party = Party.NOBODY


@dataclass(frozen=True)
class NextStep:
    """What a person should do next, in a few words (empty if nothing), and the part of the
    engagement page where it is done ("agreement", "worksheets", "plan", "sessions", "checkin",
    "messages"; empty when it is done nowhere in particular)."""

    text: str
    part: str = ""
    mine: bool = True  # False when the words say whom the engagement waits on instead


class StepContribution:
    """One step as its app sees it. A step app subclasses this in its ``progress.py`` and
    overrides what its step has; the defaults say "nothing here yet".

    The home page reads every engagement in one query: ``annotations`` and
    ``personal_annotations`` are the facts the other methods read (``getattr(engagement, name,
    default)``), built on ``OuterRef("pk")`` of an ``Engagement`` queryset. ``blocking_step`` is
    asked of every step before the current step's ``next_step`` (an unsigned agreement, a goal
    waiting for the sponsor); ``roles`` are the person's roles in the engagement (an invitation
    not yet accepted gives none)."""

    step: Step

    def annotations(self, *, user: "User | None" = None) -> dict[str, Any]:
        """The facts of the engagement alone. They are built once per process and thread
        (``dashboard.selectors``), so they read the time only in the database (``Now()``), and
        never ``user``, which is kept for step apps written before ``personal_annotations``."""
        return {}

    def personal_annotations(self, *, user: "User") -> dict[str, Any]:
        """The facts that depend on the person reading too (whether they have signed), built on
        each request."""
        return {}

    def progress(self, engagement: Engagement) -> StepProgress:
        return StepProgress(State.NOT_STARTED)

    def blocking_step(self, engagement: Engagement, roles: Collection[Role]) -> NextStep | None:
        return None

    def next_step(self, engagement: Engagement, roles: Collection[Role], current: Step) -> NextStep | None:
        return None

    def summary(self, access: "Access") -> dict[str, Any]:
        """What the engagement page shows of this step, as template context."""
        return {}
