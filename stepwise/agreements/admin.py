from django.contrib import admin

from .models import Agreement, AgreementTemplate


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    """Practice admins copy the built-in template and adapt the copy's wording."""

    list_display = ["name", "is_builtin", "updated_at"]
    actions = ["copy_templates"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The built-in template is the seed's text: it is copied, never edited.
        if obj is not None and obj.is_builtin:
            return [f.name for f in obj._meta.fields]
        return []

    @admin.action(description="Copy the selected templates")
    def copy_templates(self, request, queryset):  # type: ignore[no-untyped-def]
        for template in queryset:
            AgreementTemplate.objects.create(
                name=f"{template.name} (copy {AgreementTemplate.objects.count() + 1})", **template.content_values()
            )


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read only: an agreement changes through its own pages, as a new version."""

    list_display = ["engagement", "version", "status", "signed_at"]
    list_filter = ["status"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        # A draft is the coach's work in progress: an operator reads an agreement once it is sent.
        return super().get_queryset(request).exclude(status=Agreement.Status.DRAFT)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
