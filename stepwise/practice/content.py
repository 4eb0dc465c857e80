"""The built-in program's content, carried over verbatim from the seed
``docs/seeds/12-steps-of-executive-coaching-part-2.txt`` (steps 7–12; the seed gives no wording for
steps 1–6, which a practice admin may add). Loaded by migration 0002; the tests compare it with the
seed. Kept in the language of the seed: it is the program's text, as a practice's own wording
would be."""

BUILTIN_NAME = "The 12 Steps of Executive Coaching"

# (number, traditional wording, executive-coaching wording, explanation)
STEPS: tuple[tuple[int, str, str, str], ...] = (
    (
        7,
        "We humbly asked our higher power to remove our shortcomings.",
        "Asking others for accountability to recognize and address those shortcomings",
        "As we mentioned in the last installment, accountability fosters an attitude of curiosity, growth, and continuous improvement. As a 21st Century Leader, your main goal is to create an environment in which your team wants to achieve the same outcomes you do. As such, we invite our coachees to regularly inquire of their subordinates and peers, “Are we moving in the direction we said we wanted to go?\xa0 Am I moving us in the direction we said we wanted to go?\xa0 People follow people, not goals, companies, or orders. True leaders strive to connect with their subordinates in real and authentic ways, so that everyone knows, ‘we’re in this together.’",
    ),
    (
        8,
        "We made a list of all persons we had harmed, and became willing to make amends to them all.",
        "Making a list of wrongs done to others and being willing to make amends for those wrongs",
        "Accountability is meaningless without redress, so 21st Century Leaders also strive to make wrong things right. The 360-Degree Assessment is the best way we’ve found to build the list of what has gone wrong, so that the coachee can begin to understand their actions as they are received by others, as well as develop new ways of interacting with colleagues.",
    ),
    (
        9,
        "We made direct amends to persons we harmed whenever possible, except when to do so would injure them or others.",
        "Following up with those who anonymously participated in our 360 assessment",
        "Following the 360-Degree Assessment, we ask coachees to meet individually with each person who participated, thank them sincerely for their anonymous feedback, and to share with them key things the coachee heard in the aggregated assessment results as well as discuss the actions they plan to take to strengthen or eliminate certain behaviors.",
    ),
    (
        10,
        "We continued to take personal inventory, and when we were wrong, we promptly admitted it.",
        "Continuing to take professional inventory and admitting when one is wrong",
        "In our opinion, the practice of vulnerability is one of the most difficult skills to master at the corporate executive level, but it is so critical to connecting with those we would lead and those we want to collaborate with. For over a century, American management was primarily predicated on the paramilitary ‘command and control’ model, which really didn’t allow for someone in leadership to openly admit their mistakes, to own up to not having a ready solution, or to having thrown someone under the bus.\n\nHowever, ‘command and control’ is no longer an effective approach to leadership in the 21st Century. If we are to convince those we would lead of the wisdom and benefit of following us, it’s far easier when they can identify with our humanity—that is, when we’re willing to say:\nI don’t know.\nI really screwed that last decision up.\nI went to the boss behind your back; I regret it and I apologize.\nThis is a pretty big mess I’ve gotten us into, but with your help, I’m going to get us out of it.\n\nAs our experience has shown us time and again, the effective 21st Century Leader knows the benefit of and demonstrates a willingness to be situationally vulnerable. Candidly, the organizational culture should support this behavior. If it does not, the culture should be changed or exited.",
    ),
    (
        11,
        "We sought through prayer and meditation to improve our conscious contact with our higher power.",
        "Seeking connection with colleagues via mindfulness and emotional intelligence",
        "Among the tools for leadership development we’ve collected over the past ten years, the two most helpful have surely been mindfulness and emotional intelligence. These two skills, when used in concert, help us to notice our own and others’ emotional states, and to skillfully react to and/or manage them to the best outcomes for all involved. Coachees who work with us learn to resist the lizard brain’s hijacking of behaviors, to suspend initial emotional reactions, and to take time for a thoughtful response to unexpected or disappointing information. Over time, coachees build a reputation for measured, reliable, and approachable dispositions, which encourage stronger teams, better assignments, and career advancement.",
    ),
    (
        12,
        "Having had a spiritual awakening as the result of these steps, we tried to carry this message to others who are struggling and in need, and to practice these principles throughout life.",
        "Carrying the message of the 12 Steps to others in need",
        "Like all behavioral change programs, we encourage coachees to model and teach their newfound skills to others. Showing others that there is a better way can help make healthy workplaces and successful careers a reality for everyone.",
    ),
)

CLOSING_QUESTIONS = "What step are you on? What steps do you need to go back and revisit? What steps do you struggle to see how to even approach?"

CLOSING_SPONSOR = "Navigating change and growth can be hard—that’s why most traditional 12-step programs include having a sponsor as a requirement. In the world of leadership development, that sponsor is often a coach or mentor."

# Step 10's examples of what admitting sounds like: shown as prompts beside the journal.
ADMITTING: tuple[str, ...] = (
    "I don’t know.",
    "I really screwed that last decision up.",
    "I went to the boss behind your back; I regret it and I apologize.",
    "This is a pretty big mess I’ve gotten us into, but with your help, I’m going to get us out of it.",
)
