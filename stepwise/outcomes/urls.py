from django.urls import path

from . import closing_report_views, roi_views, sustain_views, views

urlpatterns: list = [
    # change lane: the mini-surveys and the change they measure
    path("engagements/<uuid:public_id>/mini-surveys/", views.mini_surveys, name="mini_surveys"),
    path(
        "engagements/<uuid:public_id>/mini-surveys/<uuid:mini_id>/cancel/",
        views.mini_survey_cancel,
        name="mini_survey_cancel",
    ),
    path("engagements/<uuid:public_id>/change/", views.change_page, name="change"),
    path(
        "engagements/<uuid:public_id>/mini-surveys/<uuid:mini_id>/release/",
        views.mini_survey_release,
        name="mini_survey_release",
    ),
    path(
        "engagements/<uuid:public_id>/mini-surveys/<uuid:mini_id>/suggestions/<uuid:comment_id>/redact/",
        views.suggestion_redact,
        name="suggestion_redact",
    ),
]

# roi lane: ROI by the Phillips method, the measures, the closing report.
_E = "engagements/<uuid:public_id>/"
urlpatterns += [
    path(f"{_E}roi/", roi_views.roi_detail, name="roi_detail"),
    path(f"{_E}roi/benefits/new/", roi_views.roi_benefit_add, name="roi_benefit_add"),
    path(f"{_E}roi/benefits/<uuid:benefit_id>/", roi_views.roi_benefit_edit, name="roi_benefit_edit"),
    path(f"{_E}roi/benefits/<uuid:benefit_id>/remove/", roi_views.roi_benefit_remove, name="roi_benefit_remove"),
    path(f"{_E}roi/benefits/<uuid:benefit_id>/estimates/new/", roi_views.roi_estimate_add, name="roi_estimate_add"),
    path(f"{_E}roi/estimates/<uuid:estimate_id>/", roi_views.roi_estimate_edit, name="roi_estimate_edit"),
    path(f"{_E}roi/estimates/<uuid:estimate_id>/remove/", roi_views.roi_estimate_remove, name="roi_estimate_remove"),
    path(f"{_E}roi/costs/new/", roi_views.roi_cost_add, name="roi_cost_add"),
    path(f"{_E}roi/costs/<uuid:cost_id>/", roi_views.roi_cost_edit, name="roi_cost_edit"),
    path(f"{_E}roi/costs/<uuid:cost_id>/remove/", roi_views.roi_cost_remove, name="roi_cost_remove"),
    path(f"{_E}outcomes/measures/", closing_report_views.measures_detail, name="measures_detail"),
    path(f"{_E}closing-report/", closing_report_views.closing_report, name="closing_report"),
    path(f"{_E}closing-report.pdf", closing_report_views.closing_report_pdf, name="closing_report_pdf"),
]

# close lane: the sustain plan, the close and retention.
urlpatterns += [
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
