from django.urls import path

from . import practice_views, questionnaire_views, report_views, round_views, views

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

# rounds lane: the coach's and the executive's side of a 360 round.
_ROUND = "engagements/<uuid:public_id>/360/<uuid:round_id>/"
urlpatterns += [
    path("engagements/<uuid:public_id>/360/", round_views.round_list, name="round_list"),
    path("engagements/<uuid:public_id>/360/new/", round_views.round_create, name="round_create"),
    path(_ROUND, round_views.round_detail, name="round_detail"),
    path(_ROUND + "raters/", round_views.round_raters, name="round_raters"),
    path(_ROUND + "raters/<uuid:rater_id>/revoke/", round_views.rater_revoke, name="rater_revoke"),
    path(_ROUND + "approve/", round_views.round_approve, name="round_approve"),
    path(_ROUND + "raters/approval/", round_views.round_approval, name="round_approval"),
    path(_ROUND + "open/", round_views.round_open, name="round_open"),
    path(_ROUND + "extend/", round_views.round_extend, name="round_extend"),
    path(_ROUND + "close/", round_views.round_close, name="round_close"),
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

# Report lane: the 360 report, its PDF, redacting a comment, releasing a version.
one_report = "engagements/<uuid:public_id>/360/<uuid:round_id>/report/"
urlpatterns += [
    path(one_report, report_views.round_report, name="round_report"),
    path(f"{one_report}pdf/", report_views.round_report_pdf, name="round_report_pdf"),
    path(f"{one_report}release/", report_views.round_report_release, name="round_report_release"),
    path(f"{one_report}comments/<uuid:comment_id>/redact/", report_views.comment_redact, name="comment_redact"),
]
