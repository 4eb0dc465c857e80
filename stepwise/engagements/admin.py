from django.contrib import admin

from .models import Engagement, Organisation, Participant


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class ParticipantInline(admin.TabularInline):
    """Read only: a person takes part by accepting an invitation, never by an operator's edit."""

    model = Participant
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["user", "role", "joined_at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    # Engagement facts only (people, dates, status, step): the coaching content is not an
    # operator's to read, so no other model of an engagement is registered here.
    list_display = ["__str__", "organisation", "coach", "start_date", "planned_months", "status"]
    list_filter = ["status", "organisation"]
    search_fields = ["title", "organisation__name", "coach__email"]
    fields = ["organisation", "coach", "title", "start_date", "planned_months", "status", "step_override"]
    # A new coach is given through the engagement page's "Reassign the coach" (a workflow with
    # its checks, audit entry and mail), never by editing the field here.
    readonly_fields = ["coach"]
    inlines = [ParticipantInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # An engagement is created by its coach, who invites its executive (/engagements/new/).
        return False
