"""The built-in questionnaires: the leadership 360 and the pulse of practice step 7.

Content is data, installed by the migration ``0003_content_builtin_questionnaires`` (and by
``builtin_questionnaires_install`` where a test or the demo starts from an empty database).

- **The leadership 360** is our own wording, not a published instrument: six competencies, each a
  handful of behaviours a colleague can see, written for raters about the executive with the
  subject left out ("Listens to other points of view before deciding."), each rated on the
  agreement scale below or "can't say". Then the seed's five questions (its development plan's
  "What could you STOP doing?" …), asked about the executive: "you" becomes "they", the
  capitals stay.
- **The pulse** is the 12-step seed's step 7 word for word: the two questions an executive asks
  their peers and direct reports again and again, each on the scale, then an optional comment.

The wording is stored in the database as it stands here, like the worksheets' seed wording;
a practice that wants other words copies a questionnaire and edits the copy.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import ItemKind, Questionnaire, QuestionnaireItem

# The agreement scale every scale item is rated on (SCALE_MIN..SCALE_MAX), and the way out.
SCALE_LABELS = {
    1: _("strongly disagree"),
    2: _("disagree"),
    3: _("neither agree nor disagree"),
    4: _("agree"),
    5: _("strongly agree"),
}
CANT_SAY = _("can't say")

Item = tuple[str, str, str]  # (competency, text, kind)

LEADERSHIP_TITLE = "Leadership 360"
LEADERSHIP_DESCRIPTION = (
    "Thirty behaviours in six competencies, each rated from 1 (strongly disagree) to 5 (strongly agree), "
    "or “can't say” for what the rater has not seen; then the coaching model's five questions, asked about "
    "the executive: what could they stop, do less of, do more of, continue and start."
)
COMPETENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Setting direction",
        (
            "Explains where the team is going and why it matters.",
            "Turns the organisation's strategy into a few clear priorities for the team.",
            "Makes decisions in good time, even when not every fact is known.",
            "Says no to work that does not serve the agreed priorities.",
            "Keeps the longer term in view when short-term pressure rises.",
        ),
    ),
    (
        "Communicating",
        (
            "Listens to other points of view before deciding.",
            "Shares the information people need to do their work without being asked.",
            "Says clearly what is expected, by when, and to what standard.",
            "Gives direct, respectful feedback, also when it is hard to hear.",
            "Adapts the message to the audience, from the board to the front line.",
        ),
    ),
    (
        "Developing others",
        (
            "Delegates whole pieces of work, with the authority to finish them.",
            "Asks questions that help people find their own answers.",
            "Makes time to talk with people about their growth and careers.",
            "Recognises good work specifically and soon after it happens.",
            "Gives people stretching assignments and backs them while they learn.",
        ),
    ),
    (
        "Collaborating",
        (
            "Works with other teams to solve problems rather than defend territory.",
            "Asks peers for their input before decisions that affect them.",
            "Handles disagreement openly and without making it personal.",
            "Keeps the commitments they make to colleagues.",
            "Shares the credit with the people who contributed.",
        ),
    ),
    (
        "Delivering results",
        (
            "Sets measurable goals and follows up on them.",
            "Holds people, themselves included, to what was agreed.",
            "Removes obstacles that slow the team down.",
            "Keeps the team focused when priorities compete.",
            "Follows through on decisions once they are made.",
        ),
    ),
    (
        "Self-management",
        (
            "Stays calm and constructive under pressure.",
            "Admits mistakes openly and learns from them.",
            "Asks for feedback and acts on what they hear.",
            "Manages their own time so that others are not kept waiting.",
            "Acts in line with the values they ask of others.",
        ),
    ),
)
# The seed's five questions ("What could you STOP doing?" …), asked about the executive.
FIVE_QUESTIONS = (
    "What could they STOP doing?",
    "What could they do LESS of?",
    "What could they do MORE of?",
    "What could they CONTINUE doing?",
    "What could they START doing?",
)

PULSE_TITLE = "The recurring question (pulse)"
PULSE_DESCRIPTION = (
    "Step 7 of the coaching practice: the executive asks peers and direct reports, again and again, "
    "whether the team and they themselves are moving in the direction agreed. Each question is rated "
    "from 1 to 5; a comment is optional."
)
# The 12-step seed's step 7, word for word.
PULSE_QUESTIONS = (
    "Are we moving in the direction we said we wanted to go?",
    "Am I moving us in the direction we said we wanted to go?",
)
PULSE_COMMENT = "Anything you would like to add?"


def leadership_items() -> list[Item]:
    scale = [(name, text, ItemKind.SCALE.value) for name, behaviours in COMPETENCIES for text in behaviours]
    return scale + [("", text, ItemKind.OPEN.value) for text in FIVE_QUESTIONS]


def pulse_items() -> list[Item]:
    return [("", text, ItemKind.SCALE.value) for text in PULSE_QUESTIONS] + [("", PULSE_COMMENT, ItemKind.OPEN.value)]


# (kind, title, description, items) of each built-in questionnaire: one of each kind.
BUILTIN: tuple[tuple[str, str, str, list[Item]], ...] = (
    (Questionnaire.Kind.FEEDBACK_360.value, LEADERSHIP_TITLE, LEADERSHIP_DESCRIPTION, leadership_items()),
    (Questionnaire.Kind.PULSE.value, PULSE_TITLE, PULSE_DESCRIPTION, pulse_items()),
)


def builtin_questionnaires_install(
    questionnaire_model: Any = Questionnaire, item_model: Any = QuestionnaireItem
) -> int:
    """Create the built-in questionnaires that are missing (one per kind); return how many were made.

    The migration passes its historical models; everyone else calls it without arguments."""
    made = 0
    for kind, title, description, items in BUILTIN:
        questionnaire, created = questionnaire_model.objects.get_or_create(
            built_in=True, kind=kind, defaults={"title": title, "description": description}
        )
        if not created:
            continue
        made += 1
        item_model.objects.bulk_create(
            item_model(questionnaire=questionnaire, position=position, competency=competency, text=text, kind=kind)
            for position, (competency, text, kind) in enumerate(items, start=1)
        )
    return made
