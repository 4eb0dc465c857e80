"""Engagements, their people and their agreement, read through the access policy."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.errors import AuthenticationError, HttpError

from stepwise.agreements.models import Agreement, Signature
from stepwise.agreements.selectors import agreement_summary
from stepwise.dashboard.selectors import step_of, with_progress
from stepwise.engagements.access import Access, Part, Role, engagement_access, roles_from, with_participant_role
from stepwise.engagements.models import Engagement, Stakeholder, Step
from stepwise.users.models import User

from .schemas import (
    AgreementOut,
    EngagementDetailOut,
    EngagementOut,
    ErrorOut,
    PersonOut,
    SignatureOut,
    StakeholderOut,
)

router = Router(tags=["engagements"])

# When a person holds several roles in one engagement, the API names the one the pages show.
ROLE_ORDER = (Role.COACH, Role.EXECUTIVE, Role.SPONSOR, Role.ADMIN)


def _person(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # django_auth has refused anonymous requests already
        raise AuthenticationError
    return user


def _main_role(access: Access) -> Role:
    return next(role for role in ROLE_ORDER if role in access.roles)


def _with_roles(user: User, ids: list[int]) -> QuerySet[Engagement]:
    """The engagements ``ids`` (chosen from those the person may open), each annotated with the
    tracker's facts and the person's own participant role.

    One query whatever the number of engagements: the roles the policy needs come from the
    row itself (coach), a subquery (executive or sponsor) and the person (practice admin).
    """
    return with_participant_role(with_progress().filter(pk__in=ids).select_related("organisation"), user)


def _facts(access: Access) -> EngagementOut:
    engagement = access.engagement
    step = step_of(engagement)
    return EngagementOut(
        public_id=engagement.public_id,
        title=str(engagement),
        organisation=engagement.organisation.name,
        start_date=engagement.start_date,
        end_date=engagement.end_date,
        status=Engagement.Status(engagement.status),
        step=step,
        step_label=str(Step(step).label),
        my_role=_main_role(access),
    )


def load(request: HttpRequest, public_id: UUID, part: Part) -> Access:
    """The page views' way in: a 404 for anyone the policy keeps out of ``part``."""
    access = engagement_access(_person(request), public_id)
    access.require_read(part)
    return access


PAGE_DEFAULT = 50
PAGE_MAX = 200


@router.get(
    "",
    response=list[EngagementOut],
    summary="The engagements you take part in",
    description=(
        f"Newest first, {PAGE_DEFAULT} at a time: `limit` (1 to {PAGE_MAX}, default {PAGE_DEFAULT}) and `offset` "
        "(default 0) choose the page. The `X-Total-Count` header gives how many there are in all, and a `Link` "
        'header with `rel="next"` the address of the next page while there is one.'
    ),
)
def engagement_list(
    request: HttpRequest,
    response: HttpResponse,
    limit: int = Query(PAGE_DEFAULT, ge=1, le=PAGE_MAX),
    offset: int = Query(0, ge=0),
) -> list[EngagementOut]:
    user = _person(request)
    visible = Engagement.objects.visible_to(user)
    total = visible.count()
    # The page's rows first, so the tracker's subqueries run for those rows only.
    ids = list(visible.values_list("pk", flat=True)[offset : offset + limit])
    response["X-Total-Count"] = str(total)
    if offset + limit < total:
        response["Link"] = f'<{request.path}?limit={limit}&offset={offset + limit}>; rel="next"'
    accesses = (
        Access(engagement=e, user=user, roles=roles_from(e, user, e.my_participant_role))  # type: ignore[attr-defined]
        for e in _with_roles(user, ids)
    )
    return [_facts(a) for a in accesses if a.can_read(Part.FACTS)]


@router.get(
    "/{uuid:public_id}",
    response={200: EngagementDetailOut, 404: ErrorOut},
    summary="One engagement, its people and, if you may see them, its key stakeholders",
)
def engagement_detail(request: HttpRequest, public_id: UUID) -> EngagementDetailOut:
    access = load(request, public_id, Part.FACTS)
    access.engagement = with_progress().select_related("organisation", "coach").get(pk=access.engagement.pk)
    coach = access.engagement.coach
    people = [PersonOut(name=coach.full_name, role=Role.COACH, joined=access.engagement.created_at)]
    people += [
        PersonOut(name=p.user.full_name, role=Role(p.role), joined=p.joined_at)
        for p in access.engagement.participants.select_related("user").order_by("role", "user__full_name")
    ]
    stakeholders = None
    if access.can_read(Part.STAKEHOLDERS):
        stakeholders = [
            StakeholderOut(name=s.name, email=s.email, relationship=Stakeholder.Relationship(s.relationship))
            for s in access.engagement.stakeholders.all()
        ]
    return EngagementDetailOut(**_facts(access).model_dump(), people=people, stakeholders=stakeholders)


@router.get(
    "/{uuid:public_id}/agreement",
    response={200: AgreementOut, 404: ErrorOut},
    summary="The latest version of the engagement's coaching agreement",
)
def agreement_latest(request: HttpRequest, public_id: UUID) -> AgreementOut:
    access = load(request, public_id, Part.AGREEMENT)
    agreement = agreement_summary(access)
    if agreement is None:
        raise HttpError(404, "This engagement has no agreement yet.")
    return AgreementOut(
        public_id=agreement.public_id,
        version=agreement.version,
        status=Agreement.Status(agreement.status),
        text_hash=agreement.text_hash or None,
        text=agreement.current_text(),
        signed_at=agreement.signed_at,
        signatures=[
            SignatureOut(name=s.typed_name, role=Signature.Role(s.role), signed_at=s.signed_at)
            for s in agreement.signatures.all()
        ],
    )
