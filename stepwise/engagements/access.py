"""The access policy: who may do what to which part of an engagement.

Every view and API endpoint loads an engagement through :func:`engagement_access` (or a
queryset through ``Engagement.objects.visible_to``) and asks the returned :class:`Access`
before reading or writing. An engagement outside a person's reach is a 404; a part they may
only read refuses writes with a 403. The table below is DESIGN.md's access table in code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Engagement, Participant

if TYPE_CHECKING:
    from stepwise.users.models import User


class Role(StrEnum):
    ADMIN = "admin"
    COACH = "coach"
    EXECUTIVE = "executive"
    SPONSOR = "sponsor"


class Level(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2


class Part(StrEnum):
    """The parts of an engagement the policy distinguishes."""

    FACTS = "facts"  # people, dates, status, step
    STAKEHOLDERS = "stakeholders"  # the executive's key stakeholders
    AGREEMENT = "agreement"
    WORKSHEETS = "worksheets"  # assigning (coach) and answering (executive); sponsors read shared ones
    ASSESSMENT = "assessment"  # the coach's assessment; the executive reads it once shared
    GOALS = "goals"  # goal statements, outcomes, success criteria, measures, key actions and their dates
    PLAN = "plan"  # the executive's own deep dive: why, pain, values, resources, stop/less/more/continue/start
    PROGRESS = "progress"  # action status, measure readings
    GOAL_APPROVAL = "goal_approval"  # the sponsor's approval of each goal
    SESSIONS = "sessions"  # the schedule of coaching sessions and their attendance
    AGENDA = "agenda"  # items either party adds to a session's agenda
    SESSION_NOTES = "session_notes"  # the shared notes of a session
    PRIVATE_NOTES = "private_notes"  # a person's own notes on a session: read back by their author only
    ATTENDANCE = "attendance"  # counts of sessions held, cancelled, missed: never their content
    CHECKINS = "checkins"  # the executive's updates on key actions between sessions
    REVIEWS = "reviews"  # progress reviews with the coach's and executive's feedback
    REVIEW_SUMMARY = "review_summary"  # the figures of a completed review, without the feedback
    MESSAGES = "messages"  # messages between the executive and the coach
    COACH_ASSIGNMENT = "coach_assignment"  # who coaches the engagement: an operator's task
    # Step 6 and practice steps 7–9 (stepwise/feedback). Individual answers are in no part: nobody reads them.
    ROUNDS = "rounds"  # 360 rounds: questions, dates, raters nominated and approved, response counts
    FEEDBACK_REPORT = "feedback_report"  # a round's report: the coach's before release, then the executive's
    PARTICIPATION = "participation"  # who took part in a closed round, and the step-9 follow-ups with them
    DEVELOPMENT_LIST = "development_list"  # step 8: what went wrong as others see it, linked to the plan
    PULSE = "pulse"  # step 7: the recurring question and its results over time
    RATER_APPROVAL = "rater_approval"  # approving a round's list of raters: the coach's, or the sponsor's by agreement
    # Step 7 (stepwise/outcomes). The sponsor sees change only through the closing report.
    MINI_SURVEYS = "mini_surveys"  # when mini-surveys go and whom they ask: the coach plans them
    CHANGE = "change"  # the change the mini-surveys measured, and the follow-up beside it
    # Step 7, ROI and the closing report (stepwise/outcomes).
    ROI = "roi"  # benefits, intangibles, costs and the Phillips arithmetic over them
    ROI_ESTIMATES = "roi_estimates"  # estimates of a benefit: each estimator writes their own (outcomes.roi_services)
    CLOSING_REPORT = "closing_report"  # the report for the sponsor, within the agreement's sharing choices
    # The executive's 12-step practice (stepwise/practice): the record is the executive's own; the
    # coach reads it as the tradition's sponsor. Who owns it and the closed-engagement rule: practice/access.py.
    PRACTICE = "practice"  # step marks, and counts and charts of the journal, check-ins, minutes and teaching
    PRACTICE_SHARED = "practice_shared"  # entries the executive shared, and the comment threads on them and on marks
    PRACTICE_PRIVATE = "practice_private"  # everything else: unshared entries, check-in details, the log, the export
    # Step 7 (stepwise/outcomes): close and retention, the sustain plan.
    SUSTAIN = "sustain"  # the plan for after the engagement: what the executive keeps doing, check-ins
    CLOSE = "close"  # closing the engagement: the coach's


POLICY: dict[Part, dict[Role, Level]] = {
    Part.FACTS: {
        Role.ADMIN: Level.WRITE,
        Role.COACH: Level.WRITE,
        Role.EXECUTIVE: Level.READ,
        Role.SPONSOR: Level.READ,
    },
    # The executive names their stakeholders with the coach; the sponsor approves the list.
    Part.STAKEHOLDERS: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE, Role.SPONSOR: Level.READ},
    Part.AGREEMENT: {
        Role.ADMIN: Level.READ,
        Role.COACH: Level.WRITE,
        Role.EXECUTIVE: Level.READ,
        Role.SPONSOR: Level.READ,
    },
    # Answers are the executive's; the coach assigns and reads; a sponsor reads only what the
    # executive shares (enforced per worksheet by stepwise.worksheets.selectors).
    Part.WORKSHEETS: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE, Role.SPONSOR: Level.READ},
    Part.ASSESSMENT: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.READ},
    Part.GOALS: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE, Role.SPONSOR: Level.READ},
    Part.PLAN: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE},
    Part.PROGRESS: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE, Role.SPONSOR: Level.READ},
    Part.GOAL_APPROVAL: {Role.SPONSOR: Level.WRITE},
    # Step 5. The sponsor and the practice admin see how many sessions were held, cancelled
    # or missed, never what was said; private notes are filtered to their author on top.
    Part.SESSIONS: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.READ},
    Part.AGENDA: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE},
    Part.SESSION_NOTES: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.READ},
    Part.PRIVATE_NOTES: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE},
    Part.ATTENDANCE: {
        Role.ADMIN: Level.READ,
        Role.COACH: Level.READ,
        Role.EXECUTIVE: Level.READ,
        Role.SPONSOR: Level.READ,
    },
    Part.CHECKINS: {Role.COACH: Level.READ, Role.EXECUTIVE: Level.WRITE},
    Part.REVIEWS: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE},
    Part.REVIEW_SUMMARY: {Role.COACH: Level.READ, Role.EXECUTIVE: Level.READ, Role.SPONSOR: Level.READ},
    Part.MESSAGES: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE},
    # Handing an engagement to another coach is the practice admin's (engagement_reassign_coach).
    Part.COACH_ASSIGNMENT: {Role.ADMIN: Level.WRITE},
    # The coach opens, approves and closes rounds; the executive nominates raters and answers as self.
    Part.ROUNDS: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE},
    # The coach reviews, redacts and releases; the executive reads once released (enforced by the
    # feedback app's selectors); the sponsor reads a released report only if the agreement says so.
    Part.FEEDBACK_REPORT: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.READ, Role.SPONSOR: Level.READ},
    Part.PARTICIPATION: {Role.COACH: Level.READ, Role.EXECUTIVE: Level.WRITE},
    Part.DEVELOPMENT_LIST: {Role.COACH: Level.READ, Role.EXECUTIVE: Level.WRITE},
    Part.PULSE: {Role.COACH: Level.READ, Role.EXECUTIVE: Level.WRITE},
    # Who approves is the agreement's choice (feedback.services.raters_approver); the sponsor
    # reaches the list only when the agreement gives them the approval.
    Part.RATER_APPROVAL: {Role.COACH: Level.WRITE, Role.SPONSOR: Level.WRITE},
    # Step 7: the coach plans the mini-surveys and the executive sees when they go; both read the change.
    Part.MINI_SURVEYS: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.READ},
    Part.CHANGE: {Role.COACH: Level.READ, Role.EXECUTIVE: Level.READ},
    # Step 7: DESIGN.md's "ROI and closing report: executive read, coach write, sponsor read, admin
    # read"; the executive and the sponsor may each add their own estimate of a benefit (issue 15).
    Part.ROI: {Role.ADMIN: Level.READ, Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.READ, Role.SPONSOR: Level.READ},
    Part.ROI_ESTIMATES: {
        Role.ADMIN: Level.READ,
        Role.COACH: Level.WRITE,
        Role.EXECUTIVE: Level.WRITE,
        Role.SPONSOR: Level.WRITE,
    },
    Part.CLOSING_REPORT: {
        Role.ADMIN: Level.READ,
        Role.COACH: Level.WRITE,
        Role.EXECUTIVE: Level.READ,
        Role.SPONSOR: Level.READ,
    },
    # The practice: never the sponsor's or the practice admin's (DESIGN.md: practice journal).
    Part.PRACTICE: {Role.COACH: Level.READ, Role.EXECUTIVE: Level.WRITE},
    Part.PRACTICE_SHARED: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE},
    Part.PRACTICE_PRIVATE: {Role.EXECUTIVE: Level.WRITE},
    # The sustain plan is the executive's and the coach's; the sponsor reads it only while the
    # agreement shares progress (SPONSOR_NEEDS).
    Part.SUSTAIN: {Role.COACH: Level.WRITE, Role.EXECUTIVE: Level.WRITE, Role.SPONSOR: Level.READ},
    Part.CLOSE: {Role.COACH: Level.WRITE},
}

# A sponsor's level in these parts holds only while the agreement in force makes one of these
# sharing choices: the system enforces what the agreement records.
SPONSOR_NEEDS: dict[Part, tuple[str, ...]] = {
    Part.GOALS: ("sponsor_sees_goals", "sponsor_approves_goals"),
    Part.PROGRESS: ("sponsor_sees_progress",),
    Part.GOAL_APPROVAL: ("sponsor_approves_goals",),
    Part.REVIEW_SUMMARY: ("sponsor_sees_progress",),
    Part.FEEDBACK_REPORT: ("sponsor_sees_360_report",),
    Part.RATER_APPROVAL: ("sponsor_approves_raters",),
    Part.SUSTAIN: ("sponsor_sees_progress",),
}

# A closed engagement is read-only: every write is refused (``Access.require_write`` and, for
# every POST under ``/engagements/<uuid>/``, ``ClosedEngagementMiddleware``), except in these
# parts. The sustain plan is the plan for *after* the engagement: its check-ins and the
# executive's answers to "what changes?" come once the coaching has ended, until retention. The
# 12-step practice is the executive's own record, reached beside the engagement: it stays theirs
# to write after the close (and the coach stops reading it then: stepwise/practice/access.py).
# The mini-surveys go on too: "after the close" is one of their points, until retention.
WRITABLE_WHEN_CLOSED: frozenset[Part] = frozenset(
    {Part.SUSTAIN, Part.MINI_SURVEYS, Part.PRACTICE_PRIVATE, Part.PRACTICE_SHARED}
)


class EngagementClosed(PermissionDenied):
    """A write refused because the engagement is closed; its message says what is still possible."""


def closed_message(roles: frozenset["Role"]) -> str:
    """Why a write on a closed engagement is refused, and what the person can still do."""
    if Role.EXECUTIVE in roles:
        still = _(
            "You can still read its pages, download its documents, keep your sustain plan up to date, "
            "and your own practice record stays yours."
        )
    elif Role.COACH in roles:
        still = _(
            "You can still read its pages and documents, keep the sustain plan up to date with the executive "
            "and plan its mini-surveys."
        )
    else:
        still = _("You can still read what you could read before.")
    return " ".join([_("This engagement is closed, so nothing in it can be changed."), still])


# Who reads an agreement while it is still a draft (see ``Access.reads_drafts``).
DRAFT_READERS = frozenset({Role.COACH, Role.EXECUTIVE, Role.SPONSOR})


class Terms(Protocol):
    """The agreement in force, as the policy and the pages read it through ``Access``: its
    sharing choices by name (``sponsor_may_see``) and the agreed length of a session."""

    session_minutes: int


# Where the agreement in force comes from: step 1's app says so when Django starts
# (``stepwise.agreements.apps``), so that this module, at the bottom, names no step app.
_terms_in_force: list[Callable[[Engagement], Terms | None]] = []


def terms_in_force_register(loader: Callable[[Engagement], Terms | None]) -> None:
    _terms_in_force[:] = [loader]


@dataclass
class Access:
    """What one person may do in one engagement."""

    engagement: Engagement
    user: "User"
    roles: frozenset[Role] = field(default_factory=frozenset)

    def level(self, part: Part) -> Level:
        return max((self._level_as(role, part) for role in self.roles), default=Level.NONE)

    def _level_as(self, role: Role, part: Part) -> Level:
        level = POLICY[part].get(role, Level.NONE)
        needs = SPONSOR_NEEDS.get(part, ()) if role == Role.SPONSOR else ()
        if needs and not any(self.sponsor_may_see(choice) for choice in needs):
            return Level.NONE
        return level

    def can_read(self, part: Part) -> bool:
        return self.level(part) >= Level.READ

    def can_write(self, part: Part) -> bool:
        """False for every part of a closed engagement but the ``WRITABLE_WHEN_CLOSED`` ones, so
        pages asking ``access.writes.<part>`` hide their forms once it is closed."""
        return self.level(part) >= Level.WRITE and not self.closed_for(part)

    def holds_write_role(self, part: Part) -> bool:
        """Whether the person writes ``part`` while the engagement is open: what they *read* may
        depend on it (the coach reads report versions not yet released), closed or not."""
        return self.level(part) >= Level.WRITE

    @property
    def is_closed(self) -> bool:
        return self.engagement.status == Engagement.Status.CLOSED

    def closed_for(self, part: Part | None) -> bool:
        """Whether writes to ``part`` (any write, for ``None``) are refused because the engagement is closed."""
        return self.is_closed and part not in WRITABLE_WHEN_CLOSED

    def require_open(self, part: Part | None = None) -> None:
        """Refuse (403, saying why and what is still possible) a write on a closed engagement."""
        if self.closed_for(part):
            raise EngagementClosed(closed_message(self.roles))

    def require_read(self, part: Part) -> None:
        if not self.can_read(part):
            raise Http404

    def require_write(self, part: Part) -> None:
        self.require_read(part)
        self.require_open(part)
        if not self.can_write(part):
            raise PermissionDenied(_("You may read this but not change it."))

    @property
    def reads_drafts(self) -> bool:
        """A draft agreement is the coach's work in progress, shown to the parties it will bind;
        a practice admin reads an agreement only once it is sent."""
        return bool(self.roles & DRAFT_READERS)

    @cached_property
    def reads(self) -> dict[str, bool]:
        """``access.reads.worksheets`` in a template: the same answer as ``can_read(Part.WORKSHEETS)``,
        so a page shows a link only where the view behind it answers."""
        return {part.value: self.can_read(part) for part in Part}

    @cached_property
    def writes(self) -> dict[str, bool]:
        return {part.value: self.can_write(part) for part in Part}

    @property
    def is_coach(self) -> bool:
        return Role.COACH in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_executive(self) -> bool:
        return Role.EXECUTIVE in self.roles

    @property
    def is_sponsor(self) -> bool:
        return Role.SPONSOR in self.roles

    @property
    def role_label(self) -> str:
        for role, label in (
            (Role.COACH, _("coach")),
            (Role.EXECUTIVE, _("executive")),
            (Role.SPONSOR, _("sponsor")),
            (Role.ADMIN, _("practice admin")),
        ):
            if role in self.roles:
                return label
        return ""

    @cached_property
    def agreement_in_force(self) -> Terms | None:
        """The latest fully signed agreement: its sharing choices bind the sponsor's view."""
        return _terms_in_force[0](self.engagement) if _terms_in_force else None

    def sponsor_may_see(self, choice: str) -> bool:
        """Whether the agreement in force lets sponsors see ``choice`` (a sharing field name)."""
        agreement = self.agreement_in_force
        return bool(agreement and getattr(agreement, choice))


def roles_from(engagement: Engagement, user: "User", participant_role: str | None) -> frozenset[Role]:
    """A person's roles in an engagement: practice admin (of the person), coach (of the
    engagement's row), and ``participant_role``, their joined participant's role (None if they
    have none). The one definition: :func:`roles_in` reads the participant role with a query, a
    list (the API's) from an annotation on each row (:func:`with_participant_role`)."""
    roles: set[Role] = set()
    if not user.is_authenticated:
        return frozenset()
    if user.is_practice_admin:
        roles.add(Role.ADMIN)
    if engagement.coach_id == user.pk:
        roles.add(Role.COACH)
    if participant_role:
        roles.add(Role(participant_role))
    return frozenset(roles)


def roles_in(engagement: Engagement, user: "User") -> frozenset[Role]:
    if not user.is_authenticated:
        return frozenset()
    joined = Participant.objects.joined().filter(engagement=engagement, user=user)
    return roles_from(engagement, user, joined.values_list("role", flat=True).first())


def with_participant_role(engagements: QuerySet[Engagement], user: "User") -> QuerySet[Engagement]:
    """Annotate each engagement with ``my_participant_role`` (one subquery, no query per row):
    ``roles_from(e, user, e.my_participant_role)`` then gives the same roles as :func:`roles_in`."""
    mine = Participant.objects.joined().filter(engagement=OuterRef("pk"), user=user).values("role")[:1]
    return engagements.annotate(my_participant_role=Subquery(mine))


def engagement_access(user: "User", public_id: UUID) -> Access:
    """Load an engagement through the policy: a 404 for anyone without a role in it."""
    try:
        engagement = (
            Engagement.objects.visible_to(user).select_related("organisation", "coach").get(public_id=public_id)
        )
    except Engagement.DoesNotExist:
        raise Http404 from None
    roles = roles_in(engagement, user)
    if not roles:
        raise Http404
    return Access(engagement=engagement, user=user, roles=roles)


def may_create_engagements(user: "User") -> bool:
    """Coaches run engagements; a practice admin who also coaches has ``is_coach`` too."""
    return bool(user.is_authenticated and user.is_coach)


def may_manage_organisations(user: "User") -> bool:
    return bool(user.is_authenticated and (user.is_coach or user.is_practice_admin))
