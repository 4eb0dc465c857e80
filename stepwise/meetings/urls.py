"""Step 5's pages: each part of the step keeps its routes beside its views."""

from .views import calendar, checkins, messages, reviews, sessions

urlpatterns = [
    *sessions.urlpatterns,
    *checkins.urlpatterns,
    *reviews.urlpatterns,
    *calendar.urlpatterns,
    *messages.urlpatterns,
]
