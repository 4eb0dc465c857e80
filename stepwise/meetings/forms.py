"""Step 5's forms: sessions, check-ins, progress reviews, messages. Rules that involve stored
data live in the services."""

import uuid
from typing import Any
from uuid import uuid4

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from stepwise.lib.forms import TOO_LONG
from stepwise.lib.once import OneTimeTokenField, OneTimeTokenForm
from stepwise.plans.models import Goal, KeyAction
from stepwise.users.forms import TimeZoneField

from .models import MAX_MINUTES, MIN_MINUTES, ProgressReview, text_hash

BY_ROLE_CHOICES = [("coach", _("the coach")), ("executive", _("the executive")), ("sponsor", _("the sponsor"))]


class ScheduleForm(forms.Form):
    SINGLE = "single"
    SERIES = "series"

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = TimeZoneField(
        label=_("Time zone"),
        help_text=_("The time above is in this zone; everyone sees the session in their own."),
    )
    minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        error_messages={
            "min_value": _("A session lasts at least %(limit_value)s minutes."),
            "max_value": _("A session lasts at most %(limit_value)s minutes (8 hours)."),
            "invalid": _("Give the duration in whole minutes, for example 60."),
        },
    )
    where = forms.CharField(
        label=_("Video-call link or place"),
        max_length=400,
        required=False,
        help_text=_("A link to the call, a phone number or an address."),
    )
    repeat = forms.ChoiceField(
        label=_("How many"),
        choices=[
            (SINGLE, _("This one session")),
            (SERIES, _("A series following the agreement's cadence, to the end of the engagement")),
        ],
        initial=SINGLE,
        widget=forms.RadioSelect,
    )
    later_per_month = forms.TypedChoiceField(
        label=_("Sessions a month after the first month"), coerce=int, required=False
    )
    held = forms.BooleanField(
        label=_("It has already taken place (record it as held)"),
        required=False,
        help_text=_("For a session held before it was entered here."),
    )
    confirm_overlap = forms.BooleanField(label=_("Schedule it anyway"), required=False)
    token = OneTimeTokenField(required=True)

    def __init__(self, *args: Any, per_month: range, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["later_per_month"].choices = [(n, str(n)) for n in per_month]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeat") == self.SERIES and data.get("held"):
            self.add_error("held", _("Only a single session can be recorded as held."))
        return data


class SessionChangeForm(forms.Form):
    """Cancel, record a no-show, or move a session: who, why, and (to move it) when."""

    by_role = forms.ChoiceField(label=_("Who asked"), choices=BY_ROLE_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class RescheduleForm(SessionChangeForm):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("New time"), widget=forms.TimeInput(attrs={"type": "time"}))


class AgendaForm(OneTimeTokenForm):
    text = forms.CharField(label=_("Add to the agenda"), max_length=400)


class PrivateNoteForm(forms.Form):
    # The note as the page was drawn (0 before the first save): two tabs never overwrite each other.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    text = forms.CharField(
        label=_("My private note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you can ever read this note."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its field shares the agenda form's name, "text", on the session page; ids must differ.
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class RecordForm(forms.Form):
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The executive reads these. Keep anything only for you in your private note."),
    )
    covered = forms.MultipleChoiceField(
        label=_("Covered in the session"), required=False, widget=forms.CheckboxSelectMultiple
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, agenda: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["covered"].choices = agenda  # type: ignore[attr-defined]


class NewActionForm(forms.Form):
    description = forms.CharField(label=_("New action item"), max_length=400, required=False)
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=uuid.UUID, required=False)
    target_date = forms.DateField(
        label=_("Target date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    owner = forms.CharField(label=_("Owner"), max_length=120, required=False)

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(g.public_id, g.title) for g in goals]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("description") and not data.get("goal"):
            self.add_error("goal", _("Choose the goal this action serves."))
        return data


def new_action_formset(goals: list[Goal], data: Any = None, extra: int = 3) -> forms.BaseFormSet:
    formset_class = forms.formset_factory(NewActionForm, extra=extra, max_num=20)
    return formset_class(data, prefix="new", form_kwargs={"goals": goals})


def new_action_rows(formset: forms.BaseFormSet) -> list[dict[str, object]]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data.get("description")]


# Check-ins


class CheckInForm(forms.Form):
    """The form's one-time token: the same form sent twice stores once."""

    token = OneTimeTokenField(required=True)


class CheckInRowForm(forms.Form):
    """One key action's row. ``seen`` is the status the page showed, to notice a change made
    elsewhere in between."""

    seen = forms.ChoiceField(choices=KeyAction.Status.choices, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=KeyAction.Status.choices)
    progress = forms.IntegerField(
        label=gettext_lazy("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": gettext_lazy("Enter a percentage from 0 to 100."),
            "max_value": gettext_lazy("Enter a percentage from 0 to 100."),
            "invalid": gettext_lazy("Enter a whole number from 0 to 100, for example 40."),
            "required": gettext_lazy("Enter a percentage from 0 to 100 (0 if you have not started)."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5, "inputmode": "numeric"}),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    blocker = forms.CharField(
        label=gettext_lazy("What blocks it"),
        required=False,
        max_length=2000,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, action: KeyAction, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"a-{action.public_id}")
        last = getattr(action, "last_progress", None)
        kwargs.setdefault(
            "initial",
            {
                "seen": action.status,
                "status": action.status,
                "progress": last if last is not None else (100 if action.status == KeyAction.Status.DONE else 0),
            },
        )
        super().__init__(*args, **kwargs)
        self.action = action


def checkin_rows(actions: list[KeyAction], data: Any = None) -> list[CheckInRowForm]:
    return [CheckInRowForm(data, action=action) for action in actions]


# Progress reviews


class PrepareForm(forms.Form):
    due_on = forms.DateField(widget=forms.HiddenInput)


class FeedbackForm(forms.Form):
    """One person's review and feedback. ``seen`` fingerprints the text the page was loaded
    with: a save by the other person in between is no conflict, one in another window is."""

    text = forms.CharField(
        label=gettext_lazy("Your review and feedback"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )  # fmt: skip
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    @classmethod
    def for_review(cls, review: ProgressReview, role: str) -> "FeedbackForm":
        text = getattr(review, f"{role}_feedback")
        return cls(initial={"text": text, "revision": review.revision, "seen": text_hash(text)})


# Messages


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write your message before sending it.")},
    )
    token = OneTimeTokenField(required=True)

    @classmethod
    def fresh(cls) -> "MessageForm":
        return cls(initial={"token": uuid4()})
