from django.urls import path

from . import views

urlpatterns: list = [
    # change lane: the mini-surveys and the change they measure
    path("engagements/<uuid:public_id>/mini-surveys/", views.mini_surveys, name="mini_surveys"),
    path(
        "engagements/<uuid:public_id>/mini-surveys/<uuid:mini_id>/cancel/",
        views.mini_survey_cancel,
        name="mini_survey_cancel",
    ),
    path("engagements/<uuid:public_id>/change/", views.change_page, name="change"),
]
