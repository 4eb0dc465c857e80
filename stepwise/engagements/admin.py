from django.contrib import admin

from .models import Engagement, Organisation, Participant


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    # Engagement facts only (people, dates, status, step): the coaching content is not an
    # operator's to read, so no other model of an engagement is registered here.
    list_display = ["__str__", "organisation", "coach", "start_date", "planned_months", "status"]
    list_filter = ["status", "organisation"]
    search_fields = ["title", "organisation__name", "coach__email"]
    fields = ["organisation", "coach", "title", "start_date", "planned_months", "status", "step_override"]
    inlines = [ParticipantInline]
