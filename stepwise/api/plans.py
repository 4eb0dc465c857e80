"""The development plan's goals, read through the access policy: what each person sees on the plan
page, without the executive's private deep dive (why, pain, values, resources, the five lists)."""

from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from stepwise.engagements.access import Part
from stepwise.plans.selectors import goals_visible

from .engagements import load
from .schemas import ActionOut, ErrorOut, GoalOut, MeasureOut, ReadingOut

router = Router(tags=["plans"])


@router.get(
    "/{uuid:public_id}/goals",
    response={200: list[GoalOut], 404: ErrorOut},
    summary="The engagement's goals with key actions and measures, as far as you may see them",
)
def goal_list(request: HttpRequest, public_id: UUID) -> list[GoalOut]:
    access = load(request, public_id, Part.GOALS)
    progress = access.can_read(Part.PROGRESS)
    today = timezone.localdate()
    return [
        GoalOut(
            public_id=goal.public_id,
            title=goal.title,
            different=goal.different,
            measured_how=goal.measured_how,
            success_when=goal.success_when,
            approval=goal.approval,
            approved_at=goal.approved_at,
            actions=[
                ActionOut(
                    public_id=a.public_id,
                    description=a.description,
                    target_date=a.target_date,
                    owner=a.owner,
                    status=a.status if progress else None,
                    completed_on=a.completed_on if progress else None,
                    overdue=a.is_overdue(today) if progress else None,
                )
                for a in goal.actions.all()
            ],
            measures=[
                MeasureOut(
                    public_id=m.public_id,
                    name=m.name,
                    unit=m.unit,
                    baseline=m.baseline,
                    target=m.target,
                    readings=[ReadingOut(taken_on=r.taken_on, value=r.value) for r in m.readings.all()]
                    if progress
                    else None,
                )
                for m in goal.measures.all()
            ],
        )
        for goal in goals_visible(access)
    ]
