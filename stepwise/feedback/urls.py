from django.urls import path

from . import practice_views, views

# Raters have no account: their pages live apart from the engagement's, under /r/.
urlpatterns = [
    path("r/", views.rater_home, name="rater_home"),
    path("r/<str:token>/", views.rater_open, name="rater_open"),
]

# Practice lane: steps 7–9 (the pulse, the development list, the follow-ups with each participant).
engagement = "engagements/<uuid:public_id>/"
urlpatterns += [
    path(f"{engagement}development/", practice_views.development_list, name="development_list"),
    path(f"{engagement}development/<uuid:item_id>/", practice_views.development_item, name="development_item"),
    path(f"{engagement}360/<uuid:round_id>/follow-ups/", practice_views.follow_up_list, name="follow_up_list"),
    path(
        f"{engagement}360/<uuid:round_id>/follow-ups/<uuid:rater_id>/",
        practice_views.follow_up_edit,
        name="follow_up_edit",
    ),
    path(f"{engagement}pulse/", practice_views.pulse_detail, name="pulse_detail"),
]
