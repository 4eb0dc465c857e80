from django.contrib import admin
from django.urls import include, path

from stepwise.api.api import api
from stepwise.lib import outbox, views
from stepwise.users.views import admin_login

# The admin's own login form would sign in with a password alone, past the second factor.
admin.site.login = admin_login  # type: ignore[method-assign]

# A request that lost the database is told that nothing was saved (503), wherever it failed.
handler500 = "stepwise.lib.views.server_error"
handler400 = "stepwise.lib.views.bad_request"

urlpatterns = [
    path("", include("stepwise.dashboard.urls")),
    path("", include("stepwise.engagements.urls")),
    path("", include("stepwise.users.urls")),
    path("", include("stepwise.agreements.urls")),
    path("", include("stepwise.worksheets.urls")),
    path("", include("stepwise.plans.urls")),
    path("", include("stepwise.meetings.urls")),
    path("", include("stepwise.feedback.urls")),
    path("", include("stepwise.outcomes.urls")),
    path("", include("stepwise.practice.urls")),
    path("favicon.ico", views.favicon, name="favicon"),
    path("outbox/", outbox.outbox_list, name="outbox"),
    path("outbox/<str:name>/", outbox.outbox_message, name="outbox_message"),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
