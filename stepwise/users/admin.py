from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_coach", "is_practice_admin", "is_active", "last_login"]
    list_filter = ["is_coach", "is_practice_admin", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "time_zone")}),
        ("Roles", {"fields": ("is_coach", "is_practice_admin", "is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    # The token hash is never shown: it is useless to an operator and should stay in the database.
    list_display = ["user", "participant", "status", "expires_at", "accepted_at"]
    list_filter = ["status"]
    fields = ("user", "participant", "invited_by", "status", "expires_at", "accepted_at")
    readonly_fields = fields

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
