from django.urls import path

from . import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("engagements/new/", views.engagement_create, name="engagement_create"),
    path("engagements/<uuid:public_id>/edit/", views.engagement_edit, name="engagement_edit"),
    path("engagements/<uuid:public_id>/step/", views.engagement_step, name="engagement_step"),
    path("engagements/<uuid:public_id>/coach/", views.engagement_reassign_coach, name="engagement_reassign_coach"),
    path("engagements/<uuid:public_id>/invite/", views.participant_invite, name="participant_invite"),
    path(
        "engagements/<uuid:public_id>/people/<uuid:participant_id>/reinvite/",
        views.participant_reinvite,
        name="participant_reinvite",
    ),
    path("engagements/<uuid:public_id>/stakeholders/new/", views.stakeholder_add, name="stakeholder_add"),
    path(
        "engagements/<uuid:public_id>/stakeholders/<uuid:stakeholder_id>/",
        views.stakeholder_edit,
        name="stakeholder_edit",
    ),
    path(
        "engagements/<uuid:public_id>/stakeholders/<uuid:stakeholder_id>/remove/",
        views.stakeholder_remove,
        name="stakeholder_remove",
    ),
]
