from django.urls import path

from . import report_views, views

# Raters have no account: their pages live apart from the engagement's, under /r/.
urlpatterns = [
    path("r/", views.rater_home, name="rater_home"),
    path("r/<str:token>/", views.rater_open, name="rater_open"),
]

# Report lane: the 360 report, its PDF, redacting a comment, releasing a version.
one_report = "engagements/<uuid:public_id>/360/<uuid:round_id>/report/"
urlpatterns += [
    path(one_report, report_views.round_report, name="round_report"),
    path(f"{one_report}pdf/", report_views.round_report_pdf, name="round_report_pdf"),
    path(f"{one_report}release/", report_views.round_report_release, name="round_report_release"),
    path(f"{one_report}comments/<uuid:comment_id>/redact/", report_views.comment_redact, name="comment_redact"),
]
