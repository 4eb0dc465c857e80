"""``{% status_badge status label %}``: a status drawn as a badge, its colour looked up in one table.

``status`` is the stored value (``worksheet.status``, ``goal.approval``, a review point's
``state``) or one of the names below for states that are not a model field (``"joined"``);
``label`` is what the person reads (``worksheet.get_status_display``). A status missing from
the table is drawn as a plain grey badge (an engagement's "active").
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# The badge's tone (a class in static/css/stepwise.css): ok = done, wait = waiting on someone,
# off = not started or no longer counts, late = needs attention now.
TONES = {
    # agreements
    "signed": "ok",
    "open": "wait",
    "draft": "off",
    "superseded": "off",
    # goals: the sponsor's approval
    "approved": "ok",
    "pending": "wait",
    "changes": "wait",
    "not_asked": "off",
    # worksheets
    "submitted": "ok",
    "in_progress": "wait",
    "assigned": "off",
    # sessions
    "held": "ok",
    "scheduled": "wait",
    "cancelled": "off",
    "no_show": "off",
    "rescheduled": "off",
    # progress reviews (``in_progress`` as for worksheets)
    "complete": "ok",
    "due": "late",
    "upcoming": "off",
    # states that are not a model field
    "joined": "ok",  # a person of the engagement who accepted the invitation
    "invited": "wait",
    "two_factor_on": "ok",
    "two_factor_off": "wait",
    "covered": "ok",  # an agenda item of a held session
    "not_covered": "off",
    "shared": "ok",  # the coach's assessment, shared with the executive or not yet
    "not_shared": "off",
    "overdue": "late",  # a key action past its target date
    "short": "late",  # a period with fewer sessions than the cadence expects
    "declining": "late",  # a goal whose perceived change has its interval wholly below zero (step 7)
}


def badge_class(status: str) -> str:
    tone = TONES.get(status)
    return f"badge {tone}" if tone else "badge"


@register.simple_tag
def status_badge(status: str, label: object) -> SafeString:
    return format_html('<span class="{}">{}</span>', badge_class(status), label)
