"""The agreement as one plain text: what is shown, signed, hashed and printed.

The text uses three marks only: ``# `` a heading, ``## `` a sub-heading, ``- `` a list item;
other lines are paragraphs. It is rendered in the practice's default language, so the hash
does not depend on who opens the page.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from stepwise.engagements.models import Participant

from .models import Agreement, Signature


def _items(text: str) -> list[str]:
    return [f"- {line.strip().lstrip('-•').strip()}" for line in text.splitlines() if line.strip()]


def agreement_text(agreement: Agreement) -> str:
    engagement = agreement.engagement
    with translation.override(settings.LANGUAGE_CODE):
        people = list(engagement.participants.select_related("user").order_by("role", "user__full_name"))
        executives = [p.user.full_name for p in people if p.role == Participant.Role.EXECUTIVE]
        sponsors = [p.user.full_name for p in people if p.role == Participant.Role.SPONSOR]
        lines = [
            "# " + _("Executive Coaching Agreement"),
            _("Version %(version)s") % {"version": agreement.version},
            _("Organisation: %(name)s") % {"name": engagement.organisation.name},
            _("Executive: %(names)s") % {"names": ", ".join(executives) or "—"},
            _("Coach: %(name)s") % {"name": engagement.coach.full_name},
            _("Sponsors: %(names)s") % {"names": ", ".join(sponsors) or "—"},
            _("Start: %(date)s; planned length: %(months)s months")
            % {"date": formats.date_format(engagement.start_date, "Y-m-d"), "months": engagement.planned_months},
        ]
        if agreement.context.strip():
            lines += ["## " + _("Coaching context / present situation"), *agreement.context.strip().splitlines()]
        sections = [
            (_("Executive's Commitments"), agreement.executive_commitments),
            (_("Coach's Commitments"), agreement.coach_commitments),
            (_("Coach's Commitments Summary"), agreement.coach_summary),
            (_("Responsibilities of Key Stakeholders"), agreement.stakeholder_responsibilities),
            (_("Rules of Engagement"), agreement.rules_of_engagement),
            (_("Confidentiality"), agreement.confidentiality),
        ]
        for heading, body in sections:
            if body.strip():
                lines += ["## " + heading, *_items(body)]
        lines += ["## " + _("Terms"), *_terms(agreement)]
        lines += ["## " + _("What the sponsor may see"), *_sharing(agreement)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _terms(agreement: Agreement) -> list[str]:
    terms = [
        _(
            "- Sessions: %(week)s per week in the first month, then %(low)s to %(high)s "
            "per month; %(minutes)s minutes each."
        )
        % {
            "week": agreement.first_month_sessions_per_week,
            "low": agreement.later_sessions_per_month_min,
            "high": agreement.later_sessions_per_month_max,
            "minutes": agreement.session_minutes,
        },
        _("- The coach returns emails and calls from the executive within %(days)s business day(s).")
        % {"days": agreement.reply_business_days},
    ]
    if agreement.zero_cancellation:
        terms.append(
            _(
                "- Zero-cancellation policy: both parties keep every scheduled session; a session that must "
                "move is rescheduled, and each cancellation is recorded."
            )
        )
    return terms


def _sharing(agreement: Agreement) -> list[str]:
    def yes_no(value: bool, yes: str, no: str) -> str:
        return "- " + (yes if value else no)

    return [
        yes_no(
            agreement.sponsor_sees_goals,
            _("The sponsor sees the goals and the development plan."),
            _("The sponsor does not see the goals or the development plan."),
        ),
        yes_no(
            agreement.sponsor_approves_goals,
            _("The sponsor approves each goal."),
            _("The sponsor does not approve goals."),
        ),
        yes_no(
            agreement.sponsor_sees_progress,
            _("The sponsor sees progress summaries: attendance counts, action completion and measures."),
            _("The sponsor does not see progress summaries."),
        ),
        yes_no(
            agreement.sponsor_sees_360_report,
            _("The sponsor sees the released 360 report."),
            _("The sponsor does not see the 360 report."),
        ),
        yes_no(
            agreement.sponsor_approves_raters,
            _("The sponsor approves the list of 360 raters."),
            _("The coach approves the list of 360 raters."),
        ),
        "- "
        + _(
            "The sponsor never sees session notes, worksheets the executive has not shared, "
            "the journal, or individual 360 answers."
        ),
    ]


@dataclass(frozen=True)
class Block:
    kind: str  # "h1", "h2", "p" or "ul"
    text: str = ""
    items: tuple[str, ...] = ()


def agreement_blocks(text: str) -> list[Block]:
    """The text's structure, for the page and the PDF to lay out."""
    blocks: list[Block] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            blocks.append(Block("ul", items=tuple(items)))
            items.clear()

    for line in text.splitlines():
        if line.startswith("- "):
            items.append(line[2:])
            continue
        flush()
        if line.startswith("## "):
            blocks.append(Block("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(Block("h1", line[2:]))
        elif line.strip():
            blocks.append(Block("p", line))
    flush()
    return blocks


def agreement_pdf_shows(agreement: Agreement, signatures: Iterable[Signature]) -> list[object]:
    """Everything a frozen agreement's PDF shows that could still differ between two downloads
    (``stored_pdf_response``): its frozen text is covered by the hash, but the status may become
    superseded and a signer or the engagement may be renamed."""
    return [
        agreement.version,
        agreement.status,
        agreement.text_hash,
        agreement.engagement.named_for_documents(),
        *(
            (s.typed_name, s.signer.full_name, s.signer.email, s.role, s.signed_at.isoformat(), s.text_hash)
            for s in signatures
        ),
    ]
