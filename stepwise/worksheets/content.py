"""The built-in worksheets, carried over from the seed's step-2 and step-3 pages.

A worksheet's schema is data: sections of typed questions. Question types:

- ``short`` one line; ``long`` a paragraph; ``list`` a numbered list of ``count`` answers;
- ``rating`` a whole number from ``min`` to ``max``; ``choice`` one of ``choices``; ``date``;
- ``group`` a repeatable set of ``fields`` (each ``short`` or ``long``), ``min_rows`` or more;
- ``guidance`` text to read, not answered.

Every ``rating`` question with the same key is one self-rating tracked over time.
The wording below is the seed's own; labels of the repeatable value parts follow its headings.
"""

from typing import Any

Schema = dict[str, Any]

THOUGHT_STARTERS: Schema = {
    "sections": [
        {
            "key": "relationship",
            "title": "Our Executive Coaching Relationship",
            "questions": [
                {
                    "key": "expectations",
                    "type": "long",
                    "required": True,
                    "label": "What are your expectations from our coaching relationship?",
                },
                {
                    "key": "career_changes",
                    "type": "list",
                    "count": 3,
                    "required": True,
                    "label": "What are the three biggest changes you would like to make in your career?",
                },
                {
                    "key": "three_month_goals",
                    "type": "list",
                    "count": 3,
                    "required": True,
                    "label": "List three goals you would like to achieve in the next three months.",
                },
                {
                    "key": "change_one_thing",
                    "type": "long",
                    "required": True,
                    "label": "If you could change one thing in your job right now what would it be?",
                },
            ],
        },
        {
            "key": "ratings",
            "title": "Rate the following questions on a scale of 1-10.",
            "questions": [
                {
                    "key": "willing_to_change",
                    "type": "rating",
                    "min": 1,
                    "max": 10,
                    "required": True,
                    "label": "How willing are you to do what it takes to change your situation?",
                },
                {
                    "key": "success_distance",
                    "type": "rating",
                    "min": 1,
                    "max": 10,
                    "required": True,
                    "label": "How close/far does success seem to you, in your current career situation?",
                },
                {
                    "key": "senior_leader_effectiveness",
                    "type": "rating",
                    "min": 1,
                    "max": 10,
                    "required": True,
                    "label": "How would you rate your effectiveness as a senior leader in the company?",
                },
                {
                    "key": "team_leadership_effectiveness",
                    "type": "rating",
                    "min": 1,
                    "max": 10,
                    "required": True,
                    "label": "How would you rate your effectiveness in leading your team and direct reports?",
                },
                {
                    "key": "job_satisfaction",
                    "type": "rating",
                    "min": 1,
                    "max": 10,
                    "required": True,
                    "label": "How would you rate your overall job satisfaction?",
                },
                {
                    "key": "strengths_accomplishments",
                    "type": "long",
                    "required": True,
                    "label": "What would you say are your greatest strengths? Accomplishments?",
                },
                {
                    "key": "previous_year",
                    "type": "short",
                    "required": True,
                    "label": "In one sentence, how would you describe your previous year, professionally?",
                },
            ],
        },
    ]
}

# The ratings alone, asked again at progress reviews and at the end of the engagement.
SELF_RATINGS: Schema = {
    "sections": [
        {
            "key": "ratings",
            "title": "Rate the following questions on a scale of 1-10.",
            "questions": [q for q in THOUGHT_STARTERS["sections"][1]["questions"] if q["type"] == "rating"],
        }
    ]
}

RETIREMENT_PARTY: Schema = {
    "sections": [
        {
            "key": "party",
            "title": "Envision Your Retirement Party – TODAY (CURRENT STATE)",
            "questions": [
                {
                    "key": "toast",
                    "type": "long",
                    "required": True,
                    "label": "What will their \u201cToast\u201d to You be like?",
                },
                {
                    "key": "remember",
                    "type": "long",
                    "required": True,
                    "label": "What will they remember most about you?",
                },
                {
                    "key": "legacy",
                    "type": "long",
                    "required": True,
                    "label": "What is the Legacy you are leaving behind?",
                },
                {
                    "key": "impact",
                    "type": "long",
                    "required": True,
                    "label": "What Impact have you made on the company and people's lives?",
                },
            ],
        },
        {
            "key": "values",
            "title": "Values",
            "questions": [
                {
                    "key": "values",
                    "type": "group",
                    "label": "VALUE",
                    "min_rows": 1,
                    "required": True,
                    "help": "Add as many values as you hold. For each: your colleagues and your direct reports.",
                    "fields": [
                        {"key": "value", "type": "short", "label": "Value"},
                        {
                            "key": "colleagues_feel",
                            "type": "long",
                            "label": "My Colleagues: How do you want your Colleagues to FEEL?",
                        },
                        {
                            "key": "colleagues_do",
                            "type": "long",
                            "label": "My Colleagues: What will you DO to help them feel this way (BEHAVIORS)?",
                        },
                        {
                            "key": "reports_feel",
                            "type": "long",
                            "label": "My Direct Reports: How do you want your Direct Reports to FEEL?",
                        },
                        {
                            "key": "reports_do",
                            "type": "long",
                            "label": "My Direct Reports: What will you DO to help them feel this way (BEHAVIORS)?",
                        },
                    ],
                }
            ],
        },
    ]
}

DEEP_DIVE_PREPARATION: Schema = {
    "sections": [
        {
            "key": "great_goals",
            "title": "Great Goals are:",
            "questions": [
                {
                    "key": "great_goals",
                    "type": "guidance",
                    "label": "Great Goals are:",
                    "items": [
                        "Outcome focused.",
                        "In line with your values.",
                        "In line with the company's culture, values and objectives.",
                        "Stated in the positive.",
                    ],
                },
                {
                    "key": "smart",
                    "type": "guidance",
                    "label": "SMART:",
                    "items": [
                        "Specific (so you know exactly what you're striving to achieve)",
                        "Measurable (so you know when you've achieved it)",
                        "Action-Oriented (so you can DO something about it)",
                        "Realistic (so it is achievable)",
                        "Time-Bound (has a deadline)",
                    ],
                },
            ],
        },
        {
            "key": "outcomes",
            "title": "Focusing on the Outcomes:",
            "questions": [
                {
                    "key": "q1_really_want",
                    "type": "long",
                    "required": True,
                    "label": "1. What Is it that you really, REALLY want? Dig deep...",
                },
                {
                    "key": "q2_specific_outcome",
                    "type": "long",
                    "required": True,
                    "label": "2. What is the SPECIFIC Outcome you are looking for?",
                },
                {
                    "key": "q3_pain",
                    "type": "long",
                    "required": True,
                    "label": "3. What is the PAIN for you of NOT achieving your Goal?",
                },
            ],
        },
        {
            "key": "values",
            "title": "Aligning with Your Values:",
            "questions": [
                {
                    "key": "q4_career_vision",
                    "type": "long",
                    "required": True,
                    "label": "4. Is this Goal in line with your Career Vision / Overall Career Plan?",
                },
                {
                    "key": "q5_values",
                    "type": "long",
                    "required": True,
                    "label": "5. Is this Goal in line with your Values?",
                },
                {
                    "key": "q6_truly_want",
                    "type": "long",
                    "required": True,
                    "label": "6. Are the Goals something YOU truly want and are willing to commit the time and effort to achieve?",
                },
                {
                    "key": "q7_rightness",
                    "type": "long",
                    "required": True,
                    "label": "7. When you think about your Goal does it give you a deep contentment or 'rightness' and/or excitement?",
                },
                {
                    "key": "q8_career_role",
                    "type": "long",
                    "required": True,
                    "label": "8. How does the Goal fit into your Career role? (Time / effort / commitments / who else might be impacted?)",
                },
            ],
        },
        {
            "key": "company",
            "title": "Aligning with the Company's Culture, Values and Objectives:",
            "questions": [
                {
                    "key": "q9_culture",
                    "type": "long",
                    "required": True,
                    "label": "9. Is this Goal in line with the Company's Culture and Values?",
                },
                {
                    "key": "q10_objective",
                    "type": "long",
                    "required": True,
                    "label": "10. Does this Goal align with a company objective?",
                },
                {
                    "key": "q11_impact",
                    "type": "long",
                    "required": True,
                    "label": "11. How does the Goal impact the company and others in the company? (Time / effort / commitments / who else might be impacted?)",
                },
            ],
        },
    ]
}

BUILTIN_TEMPLATES: list[tuple[str, str, str, Schema]] = [
    (
        "thought-starters",
        "Thought Starters to Determine Primary Coaching Goals",
        "Intake: your expectations, the changes and goals you want, and how you rate your situation today.",
        THOUGHT_STARTERS,
    ),
    (
        "retirement-party",
        "Envision Your Retirement Party – Today (Current State)",
        "The legacy you want to leave, and the values you live by with colleagues and direct reports.",
        RETIREMENT_PARTY,
    ),
    (
        "deep-dive-preparation",
        "Primary Coaching Goals – Deep Dive Preparation",
        "What makes a great goal, and eleven questions on outcomes, values and company alignment.",
        DEEP_DIVE_PREPARATION,
    ),
    (
        "self-ratings",
        "Self-ratings check",
        "The five 1–10 self-ratings of the intake, asked again to see how they move.",
        SELF_RATINGS,
    ),
]
