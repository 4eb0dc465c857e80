from django.urls import path

from . import views

# Raters have no account: their pages live apart from the engagement's, under /r/.
urlpatterns = [
    # rater lane: the rater's survey, and the executive's self-assessment
    path("r/", views.rater_home, name="rater_home"),
    path("r/save/", views.rater_save, name="rater_save"),
    path("r/send/", views.rater_submit, name="rater_submit"),
    path("r/decline/", views.rater_decline, name="rater_decline"),
    path("r/thanks/", views.rater_thanks, name="rater_thanks"),
    path("r/<str:token>/", views.rater_open, name="rater_open"),
    path("engagements/<uuid:public_id>/360/<uuid:round_id>/self/", views.round_self, name="round_self"),
    path("engagements/<uuid:public_id>/360/<uuid:round_id>/self/save/", views.round_self_save, name="round_self_save"),
]
