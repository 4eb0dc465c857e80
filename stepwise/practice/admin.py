"""Operators edit the programs: a practice admin adds wording for steps 1–6 (which the seed does
not give) or a program of its own. Nothing of an executive's record is registered here: the
practice admin sees none of it (DESIGN.md's access table)."""

from django.contrib import admin

from .models import Program, ProgramStep


class ProgramStepInline(admin.StackedInline):
    model = ProgramStep
    extra = 1
    fields = ["number", "traditional", "coaching", "explanation"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "builtin"]
    fields = ["name", "closing_questions"]
    inlines = [ProgramStepInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # The built-in program carries the seed's steps and the executives' marks point at them.
        return not (obj and obj.builtin) and super().has_delete_permission(request, obj)
