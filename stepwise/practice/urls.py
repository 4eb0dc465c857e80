from django.urls import path

from . import views

# The record is the executive's own; it is reached beside each of their engagements.
practice = "engagements/<uuid:public_id>/practice/"

urlpatterns = [
    path("practice/", views.practice_mine, name="practice_mine"),
    path(practice, views.practice_home, name="practice_home"),
    path(f"{practice}marks/<uuid:mark_id>/clear/", views.practice_mark_clear, name="practice_mark_clear"),
    path(f"{practice}marks/<uuid:mark_id>/comment/", views.practice_mark_comment, name="practice_mark_comment"),
    path(f"{practice}journal/", views.practice_journal, name="practice_journal"),
    path(f"{practice}journal/preferences/", views.practice_preferences, name="practice_preferences"),
    path(f"{practice}journal/new/", views.practice_entry_new, name="practice_entry_new"),
    path(f"{practice}journal/autosave/", views.practice_entry_autosave, name="practice_entry_autosave"),
    path(f"{practice}journal/<uuid:entry_id>/", views.practice_entry, name="practice_entry"),
    path(f"{practice}journal/<uuid:entry_id>/share/", views.practice_entry_share, name="practice_entry_share"),
    path(f"{practice}journal/<uuid:entry_id>/comment/", views.practice_entry_comment, name="practice_entry_comment"),
    path(f"{practice}journal/<uuid:entry_id>/delete/", views.practice_entry_delete, name="practice_entry_delete"),
    path(f"{practice}mail/", views.practice_notices, name="practice_notices"),
    path(f"{practice}mindfulness/", views.practice_mindfulness, name="practice_mindfulness"),
    path(f"{practice}mindfulness/minutes/", views.practice_minutes_add, name="practice_minutes_add"),
    path(
        f"{practice}mindfulness/checkins/<uuid:line_id>/delete/",
        views.practice_checkin_delete,
        name="practice_checkin_delete",
    ),
    path(
        f"{practice}mindfulness/minutes/<uuid:line_id>/delete/",
        views.practice_minutes_delete,
        name="practice_minutes_delete",
    ),
    path(f"{practice}teaching/", views.practice_teaching, name="practice_teaching"),
    path(f"{practice}teaching/<uuid:line_id>/delete/", views.practice_teaching_delete, name="practice_teaching_delete"),
    path(f"{practice}export.pdf", views.practice_export_pdf, name="practice_export_pdf"),
    path(f"{practice}export.json", views.practice_export_json, name="practice_export_json"),
]
