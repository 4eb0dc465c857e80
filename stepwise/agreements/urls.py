from django.urls import path

from . import views

prefix = "engagements/<uuid:public_id>/agreement/"
urlpatterns = [
    path(f"{prefix}new/", views.agreement_start, name="agreement_start"),
    path(f"{prefix}<uuid:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path(f"{prefix}<uuid:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path(f"{prefix}<uuid:agreement_id>/send/", views.agreement_open, name="agreement_open"),
    path(f"{prefix}<uuid:agreement_id>/back-to-draft/", views.agreement_reopen, name="agreement_reopen"),
    path(f"{prefix}<uuid:agreement_id>/sign/", views.agreement_sign, name="agreement_sign"),
    path(f"{prefix}<uuid:agreement_id>/pdf/", views.agreement_pdf, name="agreement_pdf"),
]
