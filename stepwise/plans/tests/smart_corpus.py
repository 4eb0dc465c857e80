"""Goals an executive might type, with the verdict a coach would give on each SMART criterion.

Today is 21 November 2026 for all of them; unless a goal says otherwise, the engagement ends on
31 May 2027. A ``note`` says why a verdict that could go either way goes the way it does.
"""

from dataclasses import dataclass
from datetime import date

TODAY = date(2026, 11, 21)
ENDS_ON = date(2027, 5, 31)
KEYS = ("specific", "measurable", "action", "realistic", "time_bound", "positive", "outcome")


def verdicts(*unmet: str) -> dict[str, bool]:
    """Every criterion met except the ones named."""
    unknown = set(unmet) - set(KEYS)
    if unknown:
        raise ValueError(f"not a SMART criterion: {sorted(unknown)}")
    return {key: key not in unmet for key in KEYS}


@dataclass(frozen=True)
class Goal:
    id: str
    text: str
    expected: dict[str, bool]
    ends_on: date | None = ENDS_ON
    today: date = TODAY
    measured_how: str = ""
    has_measures: bool = False
    note: str = ""


GOOD = (
    Goal(
        "engagement_score_with_skip_levels",
        "Raise my leadership team's engagement score from 62 to 75 in the May 2027 pulse survey by holding a "
        "monthly skip-level meeting with each team.",
        verdicts(),
    ),
    Goal(
        "delegate_board_pack_for_customer_time",
        "Delegate the monthly board pack to my COO by 31 January 2027 so that I free four hours a month for "
        "customer visits.",
        verdicts(),
    ),
    Goal(
        "fortnightly_one_to_ones",
        "Hold a 30-minute one-to-one with each of my six direct reports every fortnight until 31 March 2027, so "
        "that each of them leaves with one agreed priority.",
        verdicts(),
    ),
    Goal(
        "board_approval_at_march_meeting",
        "Present the 2027 growth strategy to the board at the March board meeting and secure their approval for "
        "the €4m investment.",
        verdicts(),
        note="A month without a year is its next occurrence: March 2027.",
    ),
    Goal(
        "hire_head_of_data",
        "Hire a Head of Data who starts by 1 April 2027, with a shortlist of three candidates agreed with the CFO "
        "by 31 January 2027.",
        verdicts(),
        note="Two dates: the latest is the deadline, the earlier one a milestone.",
    ),
    Goal(
        "cut_meeting_hours",
        "Cut the time I spend in internal meetings from 22 to 14 hours a week by the end of Q1 2027, and use the "
        "freed time for customer calls.",
        verdicts(),
        note="“Cut … to 14” names where the number will be, so it is not away-from wording.",
    ),
    Goal(
        "succession_plan",
        "Build a succession plan that names a ready-now successor for each of my four senior roles by 30 April "
        "2027, agreed with the CHRO.",
        verdicts(),
    ),
    Goal(
        "evenings_with_family",
        "Leave the office by 6.30 pm on at least four evenings a week through 31 March 2027, so that I have "
        "dinner with my family.",
        verdicts(),
    ),
    Goal(
        "customer_reviews_and_satisfaction",
        "Run a quarterly business review with our three largest customers by 30 April 2027 and raise their "
        "satisfaction scores from 7 to 8.5.",
        verdicts(),
    ),
    Goal(
        "board_one_to_ones_before_june",
        "Ask each board member for a 20-minute one-to-one before the June 2027 board meeting, so that I "
        "understand their top three concerns about the merger.",
        verdicts(),
        ends_on=None,
        note="No engagement end given, so a June deadline is fine.",
    ),
    Goal(
        "coach_managers_to_chair",
        "Coach my two most senior managers to chair the weekly operations meeting on their own by 28 February "
        "2027, so that I step back to two meetings a month.",
        verdicts(),
    ),
    Goal(
        "strategy_hours_for_three_months",
        "Spend two hours every Friday on strategy work for the next three months, so that the 2028 plan is "
        "drafted before the budget round.",
        verdicts(),
        note="A cadence with a window (“for the next three months”) is time-bound; the cadence alone is not.",
    ),
    Goal(
        "grow_online_revenue_by_150_percent",
        "Grow the online channel's revenue by 150% by the end of 2027, so that it funds the new store format.",
        verdicts(),
        ends_on=None,
        note="“By 150%” is a rate of growth, which may exceed 100.",
    ),
    Goal(
        "hand_over_trading_call_within_three_months",
        "Within three months, hand over the weekly trading call to my deputy so that I gain five hours a week for "
        "the acquisition pipeline.",
        verdicts(),
    ),
    Goal(
        "publish_strategy_day_first_date",
        "Publish a one-page 2027 strategy for the EMEA division by 15/01/2027, so that every manager can explain "
        "our three priorities to their team.",
        verdicts(),
        note="Numeric dates are read day first.",
    ),
    Goal(
        "limit_evening_work",
        "Limit evening work to no more than two evenings a week until 31 March 2027, so that I have the energy "
        "for the IPO preparation.",
        verdicts(),
        note="“No more than” is a limit, not a negation.",
    ),
    Goal(
        "stand_up_until_engagement_ends",
        "Hold a 15-minute stand-up with the product leads every Monday until the end of the engagement so that "
        "blockers are raised within a day.",
        verdicts(),
        note="“The end of the engagement” is the engagement's end date when it has one.",
    ),
)

VAGUE = (
    Goal(
        "better_leader",
        "Be a better leader.",
        verdicts("specific", "measurable", "action", "time_bound", "outcome"),
    ),
    Goal(
        "communication_and_stuff",
        "Work on my communication and stuff in general so things go better.",
        verdicts("specific", "measurable", "action", "time_bound", "outcome"),
        note="“So things go better” names no result.",
    ),
    Goal(
        "more_effective_leader",
        "Become a more effective leader for my team and get better at strategy in general.",
        verdicts("specific", "measurable", "action", "time_bound", "outcome"),
    ),
    Goal(
        "more_strategic",
        "Be more strategic and think about the big picture.",
        verdicts("specific", "measurable", "action", "time_bound", "outcome"),
    ),
    Goal(
        "stakeholders_in_general",
        "Improve communication with stakeholders in general by the end of the year.",
        verdicts("specific", "measurable", "outcome"),
        note="One vague phrase against one thing named is not specific enough.",
    ),
    Goal(
        "work_life_balance",
        "Have a better work-life balance and spend more time with my family.",
        verdicts("specific", "measurable", "time_bound"),
        note="A better balance is an outcome, if a vague one.",
    ),
    Goal(
        "decisions_faster",
        "Make decisions faster.",
        verdicts("specific", "measurable", "time_bound", "outcome"),
    ),
    Goal(
        "more_visible_boss_will_tell",
        "Be more visible to the front line.",
        verdicts("specific", "measurable", "action", "time_bound", "outcome"),
        measured_how="My boss will tell me.",
    ),
)

UNMEASURABLE = (
    Goal(
        "pricing_strategy_clearly",
        "Communicate our new pricing strategy more clearly to my leadership team by the end of March 2027, so "
        "that they can explain it to their own teams.",
        verdicts("measurable"),
    ),
    Goal(
        "relationships_with_managing_directors",
        "Build stronger relationships with the regional managing directors before the June board meeting.",
        verdicts("measurable"),
        ends_on=None,
    ),
    Goal(
        "relationships_measured_by_survey",
        "Build stronger relationships with the regional managing directors before the June board meeting.",
        verdicts(),
        ends_on=None,
        measured_how="Each director rates our working relationship from 1 to 5 in a short survey in January and May.",
    ),
    Goal(
        "chair_committee_without_measure",
        "Improve how I chair the executive committee by the end of February 2027, so that decisions are made in "
        "the room.",
        verdicts("measurable"),
    ),
    Goal(
        "chair_committee_with_measure",
        "Improve how I chair the executive committee by the end of February 2027, so that decisions are made in "
        "the room.",
        verdicts(),
        has_measures=True,
    ),
    Goal(
        "agree_targets_by_friday",
        "Agree the 2027 sales targets with each regional director by Friday.",
        verdicts("measurable", "realistic"),
        note="A year is a label, not a quantity; Friday is six days away.",
    ),
)

STATES = (
    Goal(
        "confident_and_credible",
        "Feel more confident and be seen as a credible voice in board meetings by 30 April 2027.",
        verdicts("measurable", "action"),
        note="How others see you is an outcome, but not something you do.",
    ),
    Goal(
        "calm_under_pressure",
        "Be calmer under pressure when results disappoint and stay composed in front of the team.",
        verdicts("measurable", "action", "time_bound"),
    ),
    Goal(
        "better_at_delegating",
        "Get better at delegating to my direct reports.",
        verdicts("specific", "measurable", "action", "time_bound", "outcome"),
    ),
    Goal(
        "reports_bring_solutions",
        "Get my direct reports to bring me solutions, not problems.",
        verdicts("measurable", "action", "time_bound", "positive", "outcome"),
        note="Bringing solutions is the reports' doing, not the executive's.",
    ),
    Goal(
        "try_to_delegate_forecast",
        "Try to delegate the weekly sales forecast to Priya by the end of January 2027.",
        verdicts("action", "outcome"),
        note="“Try to” hedges the one action; delegating is an activity until it says what it frees.",
    ),
)

ABSOLUTIST = (
    Goal(
        "always_respond_never_miss",
        "Always respond to every customer escalation within 24 hours and never miss a board deadline.",
        verdicts("realistic", "time_bound", "positive", "outcome"),
        note="“Within 24 hours” is a service level, not a deadline for the goal.",
    ),
    Goal(
        "never_lose_temper",
        "Never lose my temper with the team again.",
        verdicts("measurable", "action", "realistic", "time_bound", "positive", "outcome"),
    ),
    Goal(
        "hundred_percent_favourable",
        "Raise my team's engagement survey rating to 100% favourable by 31 March 2027.",
        verdicts("realistic"),
    ),
    Goal(
        "everyone_trusts_every_decision",
        "Ensure that everyone in the company trusts every single decision by the end of Q1 2027.",
        verdicts("measurable", "action", "realistic"),
    ),
    Goal(
        "perfect_board_papers",
        "Send perfect board papers to every director a week before each board meeting, without exception, until "
        "the end of May 2027.",
        verdicts("measurable", "realistic", "outcome"),
        note="“Without exception” is an absolute, not away-from wording.",
    ),
    Goal(
        "all_of_my_reports",
        "Give all of my direct reports a written development plan by 31 January 2027.",
        verdicts("measurable", "realistic", "outcome"),
    ),
    Goal(
        "attendance_over_hundred_percent",
        "Increase attendance at the monthly all-hands to 120% of last year's level by the end of March 2027.",
        verdicts("realistic"),
    ),
)

NO_DEADLINE = (
    Goal(
        "skip_level_lunch",
        "Hold a monthly skip-level lunch with five frontline employees so that I hear customer issues first-hand.",
        verdicts("time_bound"),
    ),
    Goal(
        "walk_the_floor_every_tuesday",
        "Walk the warehouse floor every Tuesday morning and ask three shift leads about their biggest blocker, "
        "so that problems reach me within days.",
        verdicts("time_bound"),
        note="A cadence says how often, not by when.",
    ),
    Goal(
        "weekly_team_meeting_from_december",
        "Hold a weekly team meeting with my direct reports starting in December 2026.",
        verdicts("time_bound", "outcome"),
        note="A start date is not a deadline.",
    ),
    Goal(
        "board_summary_from_february",
        "Open each board meeting with a two-minute summary of the three decisions I need, from the February "
        "2027 meeting onwards, so that board discussions end with clear decisions.",
        verdicts("time_bound"),
    ),
    Goal(
        "networking_events",
        "Go to more networking events and have regular coffee meetings with peers.",
        verdicts("measurable", "time_bound", "outcome"),
    ),
)

PAST_OR_LATE = (
    Goal(
        "development_plans_past",
        "Agree a development plan with each of my five direct reports by 30 September 2026, so that every plan "
        "names one stretch assignment.",
        verdicts("time_bound"),
    ),
    Goal(
        "org_chart_past_day_first",
        "Publish the revised org chart and role profiles by 15/10/2026 so that each manager knows who decides what.",
        verdicts("measurable", "time_bound"),
    ),
    Goal(
        "partner_revenue_after_engagement",
        "Grow the partner channel's share of new revenue from 18% to 30% by 31 December 2027.",
        verdicts("time_bound"),
    ),
    Goal(
        "integration_handover_iso_after_engagement",
        "Hand over the Nordics integration programme to a permanent director by 2027-09-30, so that I can return "
        "to my group role.",
        verdicts("measurable", "time_bound"),
    ),
    Goal(
        "win_rate_by_end_of_q2",
        "Raise the sales team's win rate from 22% to 30% by the end of Q2 2027 by coaching each account lead on "
        "two live deals a month.",
        verdicts("time_bound"),
    ),
    Goal(
        "attrition_by_h1",
        "Reduce voluntary attrition in the engineering team from 18% to 12% by H1 2027.",
        verdicts("time_bound"),
        note="H1 2027 ends on 30 June, a month after the engagement.",
    ),
    Goal(
        "offsite_in_october",
        "Complete the leadership team offsite in October and agree our top five priorities.",
        verdicts("time_bound"),
        note="“In October” is the next October, 2027, after the engagement ends.",
    ),
    Goal(
        "three_year_plan_in_ten_days",
        "Deliver the revised three-year plan to the board within 10 days.",
        verdicts("realistic"),
        note="Ten days leaves less than two weeks.",
    ),
)

NEGATIVE = (
    Goal(
        "stop_interrupting",
        "Stop interrupting people in leadership team meetings by the end of January 2027.",
        verdicts("measurable", "action", "positive", "outcome"),
    ),
    Goal(
        "dont_check_email",
        "Don't check email after 8 pm on weeknights until the end of March 2027, so that my evenings belong to my "
        "family.",
        verdicts("action", "positive"),
    ),
    Goal(
        "fewer_complaints",
        "Get fewer complaints from the sales directors about late pricing decisions by April 2027.",
        verdicts("measurable", "action", "positive"),
        note="“Fewer complaints” is a result, but stated as what to be rid of.",
    ),
    Goal(
        "no_longer_firefight",
        "No longer spend my Monday mornings firefighting production incidents for the plant managers, from "
        "February 2027.",
        verdicts("measurable", "action", "time_bound", "positive", "outcome"),
    ),
    Goal(
        "avoid_micromanaging",
        "Avoid micromanaging the regional sales team this quarter.",
        verdicts("measurable", "action", "positive", "outcome"),
    ),
    Goal(
        "less_defensive",
        "Be less defensive when my ideas are challenged in leadership meetings.",
        verdicts("measurable", "action", "time_bound", "positive", "outcome"),
    ),
    Goal(
        "less_time_in_operations",
        "Spend less time in operational meetings and more on strategy by March 2027.",
        verdicts("measurable", "positive", "outcome"),
    ),
)

ACTIVITY_ONLY = (
    Goal(
        "presence_course",
        "Attend a two-day executive presence course by 28 February 2027.",
        verdicts("outcome"),
    ),
    Goal(
        "books_and_course",
        "Read three books on delegation and take an online leadership course before the end of Q1 2027.",
        verdicts("outcome"),
    ),
    Goal(
        "feedback_workshop",
        "Attend a feedback skills workshop and practise giving feedback in my one-to-ones during Q1 2027.",
        verdicts("measurable", "outcome"),
        note="“One-to-ones” name a meeting, not a count.",
    ),
    Goal(
        "rehearse_results_presentations",
        "Prepare and rehearse each quarterly results presentation with the CFO at least a week ahead, through the "
        "end of the financial year.",
        verdicts("outcome"),
        note="The financial year is a time frame without a date; “results” here names a presentation.",
    ),
)

BUNDLED = (
    Goal(
        "cfo_sales_asia_board",
        "Hire a CFO, restructure the sales team, launch the Asia strategy and rebuild trust with the board by 31 "
        "May 2027.",
        verdicts("measurable", "realistic"),
    ),
    Goal(
        "finance_budgeting_banks",
        "Reorganise the finance function, introduce zero-based budgeting and negotiate new terms with our three "
        "main banks by the end of April 2027.",
        verdicts("realistic", "outcome"),
    ),
)

CORPUS: tuple[Goal, ...] = (
    GOOD + VAGUE + UNMEASURABLE + STATES + ABSOLUTIST + NO_DEADLINE + PAST_OR_LATE + NEGATIVE + ACTIVITY_ONLY + BUNDLED
)
