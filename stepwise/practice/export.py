"""The executive's whole practice record, for them to keep: as a PDF and as JSON. Only the owner's
own rows, and the comments on them; nothing of the engagement's other parts or of anyone else's."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from .models import Comment, JournalEntry, MindfulnessCheckIn, PracticeMinutes, StepMark, Teaching
from .selectors import counts

if TYPE_CHECKING:
    from stepwise.users.models import User


def record(owner: "User", *, today: date) -> dict[str, Any]:
    """Every part of the record, oldest first: a fixed number of queries."""
    comments = Prefetch("comments", queryset=Comment.objects.select_related("author"))
    return {
        "today": today,
        "counts": counts(owner),
        "marks": list(
            StepMark.objects.filter(owner=owner)
            .select_related("step", "step__program")
            .prefetch_related(comments)
            .order_by("created_at")
        ),
        "entries": list(JournalEntry.objects.filter(owner=owner).prefetch_related(comments).order_by("entry_date")),
        "checkins": list(MindfulnessCheckIn.objects.filter(owner=owner).order_by("on_date", "created_at")),
        "minutes": list(PracticeMinutes.objects.filter(owner=owner).order_by("on_date", "created_at")),
        "teaching": list(Teaching.objects.filter(owner=owner).order_by("on_date", "created_at")),
    }


def _comments(thing: Any) -> list[dict[str, str]]:
    return [{"by": c.author.full_name, "at": c.created_at.isoformat(), "text": c.text} for c in thing.comments.all()]


def as_json(owner: "User", *, today: date) -> dict[str, Any]:
    data = record(owner, today=today)
    return {
        "owner": {"name": owner.full_name, "email": owner.email},
        "exported_on": today.isoformat(),
        "counts": data["counts"],
        "marks": [
            {
                "program": m.step.program.name,
                "step": m.step.number,
                "mark": m.kind,
                "why": m.why,
                "set_at": m.created_at.isoformat(),
                "ended_at": m.ended_at.isoformat() if m.ended_at else None,
                "comments": _comments(m),
            }
            for m in data["marks"]
        ],
        "journal": [
            {
                "date": e.entry_date.isoformat(),
                "cadence": e.cadence,
                "went_well": e.went_well,
                "where_wrong": e.where_wrong,
                "admitted": e.admitted,
                "admitted_to": e.admitted_to,
                "differently": e.differently,
                "shared": e.shared,
                "comments": _comments(e),
            }
            for e in data["entries"]
        ],
        "checkins": [
            {
                "date": c.on_date.isoformat(),
                "emotion": c.emotion,
                "own_words": c.own_words,
                "intensity": c.intensity,
                "trigger": c.trigger,
                "trigger_note": c.trigger_note,
                "response": c.response,
                "paused": c.paused,
            }
            for c in data["checkins"]
        ],
        "practice_minutes": [
            {"date": m.on_date.isoformat(), "minutes": m.minutes, "note": m.note} for m in data["minutes"]
        ],
        "teaching": [{"date": t.on_date.isoformat(), "person": t.person, "shared": t.shared} for t in data["teaching"]],
    }
