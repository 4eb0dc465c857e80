from django.contrib import admin

from .models import Preferences


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin[Preferences]):
    """Operators may switch a person's reminders or feed off; session content stays out of the admin."""

    list_display = ("user", "remind_sessions", "remind_checkins", "remind_overdue", "working_days")
    fields = ("remind_sessions", "session_lead_hours", "remind_checkins", "remind_overdue", "working_days")
