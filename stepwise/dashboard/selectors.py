"""Reads for lists and trackers, composed from each step app's contribution (``steps.STEPS``):
one query per page whatever the number of engagements."""

import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Exists, Expression, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from stepwise.engagements.access import Access, Role
from stepwise.engagements.models import Engagement, Participant, Step
from stepwise.engagements.steps import NextStep, Party, State, StepContribution, StepProgress
from stepwise.practice.selectors import Standing, standings_coached

from .steps import STEPS

if TYPE_CHECKING:
    from stepwise.users.models import User

BY_STEP: dict[int, StepContribution] = {contribution.step.value: contribution for contribution in STEPS}


def engagements_with_progress(queryset: QuerySet[Engagement], *, user: "User | None" = None) -> QuerySet[Engagement]:
    """Annotate the facts the step tracker and the next step derive from (one query for the list).

    With ``user``, also whether that person has signed the version open for signature."""
    return queryset.annotate(**_facts()).annotate(**_personal_facts(user))


def with_progress(*, user: "User | None" = None) -> QuerySet[Engagement]:
    """Every engagement, annotated as ``engagements_with_progress`` does, to be filtered to the
    rows already chosen (``filter(pk__in=...)``; it checks no access).

    Building and resolving the thirty-odd subqueries took a third of the home page's time, and
    compiling them to SQL most of the rest: the part that does not depend on the person is built
    once per process and thread, and each of its annotations compiled once per database
    (``_CompiledOnce``); each request only chains its filter onto a copy (a thread of its own
    because compiling a query briefly changes it)."""
    base = getattr(_built, "with_facts", None)
    if base is None:
        base = Engagement.objects.annotate(**_facts())
        for name, annotation in base.query.annotations.items():
            base.query.annotations[name] = _CompiledOnce(annotation)
        _built.with_facts = base
    return base.annotate(**_personal_facts(user)) if user is not None else base.all()


_built = threading.local()


class _CompiledOnce(Expression):
    """An annotation whose SQL is kept after its first compilation, per database.

    A fact's subquery compiles to the same SQL and parameters on every request: its values are
    constants and its aliases were fixed when the base query was resolved, once. A query that
    renames the engagement's alias or resolves the annotations again (a copy used inside another
    query) gets fresh ones, which compile again."""

    def __init__(self, inner: Any) -> None:
        super().__init__(output_field=inner.output_field)
        self.inner = inner
        self.compiled: dict[str, tuple[str, Any]] = {}

    def get_source_expressions(self) -> list[Any]:
        return [self.inner]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.inner,) = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        compiled = self.compiled.get(connection.alias)
        if compiled is None:
            compiled = self.compiled[connection.alias] = compiler.compile(self.inner)
        return compiled

    def get_group_by_cols(self) -> list[Any]:
        return self.inner.get_group_by_cols()

    def relabeled_clone(self, change_map: Mapping[str, str]) -> "_CompiledOnce":
        return _CompiledOnce(self.inner.relabeled_clone(change_map))

    def resolve_expression(self, *args: Any, **kwargs: Any) -> "_CompiledOnce":
        # Resolved again (inside another query): it may compile differently, so it starts afresh.
        return _CompiledOnce(self.inner.resolve_expression(*args, **kwargs))


def _facts() -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for contribution in STEPS:
        facts |= contribution.annotations()
    return facts


def _personal_facts(user: "User | None") -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if user is not None:
        for contribution in STEPS:
            facts |= contribution.personal_annotations(user=user)
    return facts


def step_progress(engagement: Engagement, step: Step) -> StepProgress:
    """One step's state (done, under way, not started) and whom it waits on, from the facts
    ``engagements_with_progress`` annotates. Each step is read on its own, so step 3 shows under
    way while step 2 still waits for the assessment."""
    contribution = BY_STEP.get(step)
    return contribution.progress(engagement) if contribution else StepProgress(State.NOT_STARTED)


def step_of(engagement: Engagement) -> int:
    """The engagement's current step: the coach's override, else the first step not done (the
    last step once all are)."""
    if engagement.step_override:
        return engagement.step_override
    for contribution in STEPS:
        if contribution.progress(engagement).state != State.DONE:
            return contribution.step
    return STEPS[-1].step


@dataclass(frozen=True)
class TrackerStep:
    number: int
    label: str
    state: State
    waiting_on: Party
    current: bool

    @property
    def status_text(self) -> str:
        """The state in words: the tracker never says it by colour alone."""
        if self.state == State.DONE:
            return gettext("done")
        if self.state == State.NOT_STARTED:
            return gettext("not started")
        return {
            Party.COACH: gettext("under way, waiting on the coach"),
            Party.EXECUTIVE: gettext("under way, waiting on the executive"),
            Party.SPONSOR: gettext("under way, waiting on the sponsor"),
            Party.SIGNERS: gettext("under way, waiting for signatures"),
        }.get(self.waiting_on, gettext("under way"))


def tracker(engagement: Engagement) -> list[TrackerStep]:
    """Each step's own state; ``current`` marks the step the engagement is at (see ``step_of``).

    A step the coach has moved past by hand counts as done whatever its facts say."""
    current = step_of(engagement)
    steps = []
    for step in Step:
        progress = step_progress(engagement, step)
        if engagement.step_override and step.value < current:
            progress = StepProgress(State.DONE)
        elif step.value == current and progress.state == State.NOT_STARTED:
            progress = StepProgress(State.UNDER_WAY, progress.waiting_on)
        steps.append(
            TrackerStep(
                number=step.value,
                label=str(step.label),
                state=progress.state,
                waiting_on=progress.waiting_on,
                current=step.value == current,
            )
        )
    return steps


HOME_PAGE_SIZE = 25


@dataclass(frozen=True)
class HomeRow:
    """What one engagement's entry on the home list shows, and nothing more: its template
    (``engagements/_home_row.html``) reads this alone, so the row is also the key its HTML is
    kept under (``{% home_row %}``): any change to what it shows is a new key."""

    public_id: UUID
    title: str
    organisation: str
    coach: str
    people: tuple[tuple[str, str, bool], ...]  # each participant's role, name and whether they joined
    start_date: date
    end_date: date
    status: str
    status_label: str
    steps: tuple[TrackerStep, ...]
    next_text: str
    # For the coach: the executive's 12-step practice as step marked current (or None), how many
    # steps to revisit and how many hard to approach; None when not shown.
    practice: tuple[int | None, int, int] | None = None


def home_row(
    engagement: Engagement,
    user: "User",
    people: list[tuple[str, str, bool, int]],
    standings: "dict[int, Standing] | None" = None,
) -> HomeRow:
    """An engagement read by ``home_page`` as the person's home list shows it; ``people`` are its
    participants' role, name, whether they joined and user id; ``standings`` where the
    executives the person coaches stand in their practice (``practice.selectors.standings_coached``)."""
    roles: set[Role] = {Role.COACH} if engagement.coach_id == user.pk else set()
    roles |= {Role(role) for role, _name, joined, person in people if person == user.pk and joined}
    practice = None
    # The coach's line of the engagement page, on the row: open engagements they coach only (the
    # standing is the person's, who may have a closed engagement with the same coach).
    if standings and Role.COACH in roles and engagement.status != Engagement.Status.CLOSED:
        executive = next((p for role, _n, joined, p in people if role == Role.EXECUTIVE and joined), None)
        standing = standings.get(executive) if executive is not None else None
        if standing is not None and standing.any:
            current = standing.current.step.number if standing.current else None
            practice = (current, len(standing.revisit), len(standing.struggle))
    return HomeRow(
        public_id=engagement.public_id,
        title=str(engagement),
        organisation=str(engagement.organisation),
        coach=str(engagement.coach),
        people=tuple((role, name, joined) for role, name, joined, _person in people),
        start_date=engagement.start_date,
        end_date=engagement.end_date,
        status=engagement.status,
        status_label=engagement.get_status_display(),
        steps=tuple(tracker(engagement)),
        next_text=next_step(engagement, user, roles=roles).text,
        practice=practice,
    )


def engagements_for_home(user: "User") -> QuerySet[Engagement]:
    """Every engagement this person may open, with the tracker's facts, organisation, coach and
    people (the home page itself reads one page at a time: ``home_page``)."""
    people = Participant.objects.select_related("user")
    return (
        with_progress(user=user)
        .filter(pk__in=Engagement.objects.visible_to(user).values("pk"))
        .select_related("organisation", "coach")
        .prefetch_related(Prefetch("participants", queryset=people))
    )


def engagements_found(user: "User", *, text: str = "", status: str = "") -> QuerySet[Engagement]:
    """The engagements this person may open whose title, organisation, coach or executive
    contains ``text`` (any case), in ``status`` if one is given; not yet annotated."""
    found = Engagement.objects.visible_to(user)
    if status:
        found = found.filter(status=status)
    for word in text.split():
        executive = Participant.objects.filter(
            engagement=OuterRef("pk"), role=Participant.Role.EXECUTIVE, user__full_name__icontains=word
        )
        found = found.filter(
            Q(title__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(coach__full_name__icontains=word)
            | Exists(executive)
        )
    return found


def home_page(user: "User", *, number: str | None, text: str = "", status: str = "") -> "Page[HomeRow]":
    """One page of the home list (``HOME_PAGE_SIZE`` engagements), each as its row shows it.

    The page's engagements are chosen first, unannotated, so the tracker's subqueries run for
    those rows only; a page number that is not a number gives the first page, one past the end
    the last (``Paginator.get_page``). Four queries whatever the number of engagements, and for
    a coach a fifth: where the executives they coach stand in their 12-step practice."""
    ids = engagements_found(user, text=text, status=status).values_list("pk", flat=True)
    page = Paginator(ids, HOME_PAGE_SIZE).get_page(number)
    # The page's rows are visible ones already: no second access filter.
    engagements = list(with_progress(user=user).filter(pk__in=page.object_list).select_related("organisation", "coach"))
    # The people as plain values: participants and users as objects made a sixth of the page's time.
    people: dict[int, list[tuple[str, str, bool, int]]] = defaultdict(list)
    rows = (
        Participant.objects.filter(engagement__in=engagements)
        .order_by("role", "user__full_name")
        .values_list("engagement_id", "role", "user__full_name", "user__email", "joined_at", "user_id")
    )
    for engagement_id, role, name, email, joined_at, person in rows:
        # The name as a User shows itself (str(user)): the full name, else the address.
        people[engagement_id].append((role, name or email, joined_at is not None, person))
    standings = standings_coached(user, engagements) if user.is_coach else None
    rows_shown = [home_row(e, user, people[e.pk], standings) for e in engagements]
    return Page(rows_shown, page.number, page.paginator)  # type: ignore[arg-type]


def next_step(engagement: Engagement, user: "User", *, roles: set[Role] | None = None) -> NextStep:
    """What this person should do next in the engagement, in a few words; when nothing waits on
    them, whom the engagement waits on. Empty only for someone who takes no part in it.

    Every step is asked first for what blocks everything else, then each for what the current
    step asks, in the steps' order. ``roles``: the person's coach, executive or sponsor role,
    when the caller has read them (else from the engagement's participants)."""
    if roles is None:
        roles = {Role.COACH} if engagement.coach_id == user.pk else set()
        # An invitation not yet accepted gives no role: the same rule as Participant.objects.joined().
        roles |= {Role(p.role) for p in engagement.participants.all() if p.user_id == user.pk and p.joined_at}
    if not roles:
        return NextStep("")
    for contribution in STEPS:
        found = contribution.blocking_step(engagement, roles)
        if found is not None:
            return found
    current = Step(step_of(engagement))
    for contribution in STEPS:
        found = contribution.next_step(engagement, roles, current)
        if found is not None:
            return found
    if Role.SPONSOR in roles:
        return NextStep(
            gettext("Nothing waits for you now. Follow the executive's progress on the engagement's page."),
            mine=False,
        )
    return NextStep("")


def next_action(engagement: Engagement, user: "User") -> str:
    """The next step's words alone (see ``next_step``)."""
    return next_step(engagement, user).text


def step_summaries(access: Access) -> dict[str, Any]:
    """What the engagement page shows of each step, as template context."""
    context: dict[str, Any] = {}
    for contribution in STEPS:
        context |= contribution.summary(access)
    return context
