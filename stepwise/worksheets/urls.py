from django.urls import path

from . import views

prefix = "engagements/<uuid:public_id>/worksheets/"
urlpatterns = [
    path(prefix, views.worksheet_list, name="worksheet_list"),
    path(f"{prefix}assign/", views.worksheet_assign, name="worksheet_assign"),
    path(f"{prefix}<uuid:worksheet_id>/", views.worksheet_detail, name="worksheet_detail"),
    path(f"{prefix}<uuid:worksheet_id>/autosave/", views.worksheet_autosave, name="worksheet_autosave"),
    path(f"{prefix}<uuid:worksheet_id>/allow-reopen/", views.worksheet_allow_reopen, name="worksheet_allow_reopen"),
    path(f"{prefix}<uuid:worksheet_id>/reopen/", views.worksheet_reopen, name="worksheet_reopen"),
    path(f"{prefix}<uuid:worksheet_id>/share/", views.worksheet_share, name="worksheet_share"),
    path(f"{prefix}<uuid:worksheet_id>/pdf/", views.worksheet_pdf, name="worksheet_pdf"),
    path("engagements/<uuid:public_id>/assessment/", views.assessment_edit, name="assessment_edit"),
    path("worksheet-templates/", views.template_list, name="template_list"),
    path("worksheet-templates/<uuid:template_id>/", views.template_edit, name="template_edit"),
    path("worksheet-templates/<uuid:template_id>/copy/", views.template_copy, name="template_copy"),
    path("worksheet-templates/<uuid:template_id>/pdf/", views.template_pdf, name="template_pdf"),
]
