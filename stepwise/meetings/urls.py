"""Step 5's pages: sessions, check-ins, progress reviews, calendars and reminders, messages."""

from django.urls import URLPattern, path

from .views import calendar, checkins, messages, reviews, sessions

session_prefix = "engagements/<uuid:public_id>/sessions/"
one_session = f"{session_prefix}<uuid:session_id>/"
review_prefix = "engagements/<uuid:public_id>/reviews/"

urlpatterns: list[URLPattern] = [
    # Sessions: scheduling, the agenda, notes, recording, cancelling and moving.
    path(session_prefix, sessions.session_list, name="session_list"),
    path(f"{session_prefix}new/", sessions.session_schedule, name="session_schedule"),
    path(one_session, sessions.session_detail, name="session_detail"),
    path(f"{one_session}agenda/", sessions.session_agenda_add, name="session_agenda_add"),
    path(f"{one_session}private-note/", sessions.session_private_note, name="session_private_note"),
    path(f"{one_session}record/", sessions.session_record, name="session_record"),
    path(f"{one_session}cancel/", sessions.session_change, {"change": "cancel"}, name="session_cancel"),
    path(f"{one_session}no-show/", sessions.session_change, {"change": "no_show"}, name="session_no_show"),
    path(f"{one_session}move/", sessions.session_change, {"change": "reschedule"}, name="session_reschedule"),
    # Check-ins between sessions.
    path("engagements/<uuid:public_id>/check-in/", checkins.checkin, name="checkin"),
    # Progress reviews.
    path(review_prefix, reviews.review_list, name="review_list"),
    path(f"{review_prefix}prepare/", reviews.review_prepare, name="review_prepare"),
    path(f"{review_prefix}<uuid:review_id>/", reviews.review_detail, name="review_detail"),
    path(f"{review_prefix}<uuid:review_id>/complete/", reviews.review_complete, name="review_complete"),
    path(f"{review_prefix}<uuid:review_id>/pdf/", reviews.review_pdf, name="review_pdf"),
    # Calendars and reminder preferences.
    path("calendar/<uuid:feed_id>/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path(f"{one_session}calendar.ics", calendar.session_ics, name="session_ics"),
    path("settings/reminders/", calendar.preferences, name="preferences"),
    # Messages between the executive and the coach.
    path("engagements/<uuid:public_id>/messages/", messages.message_list, name="message_list"),
    path(
        "engagements/<uuid:public_id>/messages/<uuid:message_id>/answered/",
        messages.message_answered,
        name="message_answered",
    ),
    path("inbox/", messages.inbox, name="inbox"),
]
