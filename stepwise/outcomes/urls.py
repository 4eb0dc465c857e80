from django.urls import path

from . import sustain_views

urlpatterns: list = [
    # Lane "close": the sustain plan, the close and retention.
    path("engagements/<uuid:public_id>/sustain/", sustain_views.sustain_plan, name="sustain_plan"),
    path(
        "engagements/<uuid:public_id>/sustain/check-ins/new/",
        sustain_views.sustain_checkin_add,
        name="sustain_checkin_add",
    ),
    path(
        "engagements/<uuid:public_id>/sustain/check-ins/<uuid:checkin_id>/remove/",
        sustain_views.sustain_checkin_remove,
        name="sustain_checkin_remove",
    ),
    path(
        "engagements/<uuid:public_id>/sustain/goals/<uuid:goal_id>/",
        sustain_views.sustain_change,
        name="sustain_change",
    ),
    path("engagements/<uuid:public_id>/close/", sustain_views.engagement_close, name="engagement_close"),
    path("retention/", sustain_views.retention_overview, name="retention_overview"),
]
