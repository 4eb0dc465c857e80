from django.urls import path

from . import questionnaire_views, views

# Raters have no account: their pages live apart from the engagement's, under /r/.
urlpatterns = [
    path("r/", views.rater_home, name="rater_home"),
    path("r/<str:token>/", views.rater_open, name="rater_open"),
]

# content lane: the practice's questionnaire library (practice-level, like worksheet templates).
urlpatterns += [
    path("questionnaires/", questionnaire_views.questionnaire_list, name="questionnaire_list"),
    path(
        "questionnaires/<uuid:questionnaire_id>/",
        questionnaire_views.questionnaire_detail,
        name="questionnaire_detail",
    ),
    path(
        "questionnaires/<uuid:questionnaire_id>/copy/",
        questionnaire_views.questionnaire_copy,
        name="questionnaire_copy",
    ),
]
