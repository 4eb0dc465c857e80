from django.urls import path

from . import views

prefix = "engagements/<uuid:public_id>/plan/"
urlpatterns = [
    path(prefix, views.plan_detail, name="plan_detail"),
    path(f"{prefix}pdf/", views.plan_pdf, name="plan_pdf"),
    path(f"{prefix}smart-check/", views.smart_check_view, name="smart_check"),
    path(f"{prefix}goals/new/", views.goal_create, name="goal_create"),
    path(f"{prefix}goals/<uuid:goal_id>/", views.goal_detail, name="goal_detail"),
    path(f"{prefix}goals/<uuid:goal_id>/autosave/", views.goal_autosave, name="goal_autosave"),
    path(f"{prefix}goals/<uuid:goal_id>/ask-approval/", views.goal_ask_approval, name="goal_ask_approval"),
    path(f"{prefix}goals/<uuid:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path(f"{prefix}measures/<uuid:measure_id>/readings/", views.reading_add, name="reading_add"),
    path(f"{prefix}readings/<uuid:reading_id>/remove/", views.reading_remove, name="reading_remove"),
]
