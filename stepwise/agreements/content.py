"""The built-in coaching agreement: the seed's sample agreement, word for word, and the parts
the 7-step model names (stakeholder responsibilities, rules of engagement, confidentiality,
the coaching context) which a practice fills in for each engagement.

Each list is one commitment per line. A practice changes its wording by copying the
built-in template (admin) or by editing an engagement's draft; this module stays as the seed.
"""

EXECUTIVE_COMMITMENTS = [
    "Explore changes in your own Vision, Values and Behaviors.",
    "Maintain an open mind and be willing to change your mind when appropriate.",
    "Focus on the greater good.",
    "Examine how your own behaviors and actions affect your department / the team you lead / other departments / your colleagues / the company at large.",
    "During the coaching process, take responsibility for your actions and remain aware of the impact of your behavioral changes on others and the organization as a whole.",
    "Maintain an open attitude toward experimenting with new perspectives and behaviors.",
    "Be vulnerable and take reasonable risks.",
    "Accept the credit and blame when they are yours.",
    "Admit your strengths and weaknesses to be able to deal with them effectively.",
    "Focus on your growth within the context of your current and future organizational role.",
    "Apply learning gained through coaching to your day-to-day work and relationships.",
    "Collaborate with and listen to your stakeholders to become aware of how others perceive your needs for change and development.",
    "Be honest about your own priorities for coaching.",
    "Seek feedback from others in the organization about the results of your efforts.",
    "Clarify specifically what you will need to do so that others perceive you as achieving your goals.",
    "Make decisions by balancing hard data with intuition.",
    "Monitor your own results and communicate with coaching stakeholders about your accomplishments and the gaps that still exist.",
    "Provide honest and direct feedback to your coach. (Tell me when you cannot be.)",
    "Communicate how you prefer to be coached. Offer tips on your learning and communication style.",
    "Invest time in the coaching and in on-the-job efforts to achieve the goals. Commit adequate time between coaching sessions to work on the results.",
    "Understand that YOU are responsible for YOUR results. Success is directly related to your commitment and the effort you make.",
    "WEEKLY video calls and coaching check-ins for first month; with 2-3 video calls per month thereafter.",
    "Agree to ZERO CANCELLATION POLICY.",
]

COACH_COMMITMENTS = [
    "Maintain coaching focus on the executive's goals. Push the executive and her organization to be specific about desired accomplishments / changes and how results will be measured.",
    "Facilitate collaboration between executive and stakeholders to identify and agree upon coaching goals.",
    "Prepare relevant action items for all coaching meetings. Structure each coaching session with a results-driven agenda, following up on previous meetings and the actions taken between sessions.",
    "Role-model effective leadership practices. Apply adult learning principles during coaching.",
    "Offer truthful and relevant feedback in a clear, candid, respectful and direct manner.",
    "Create an environment that supports trust, collaboration, exploration and change.",
    "Develop and adhere to a set of professional guidelines, especially in the areas of confidentiality, conflict of interest and expertise.",
    "Abide by the organization's existing values, ethical practices, confidentiality and proprietary agreements, business practices and Human Resources policies.",
    "Honor the relationships established with both the executive and the organization.",
    "With the executive, plan for organizational requests for information about her and her coaching progress, including status updates, feedback data, and input for reviews. Facilitate communication between the executive and the organization about what the executive is working on, her progress, and her support needs.",
    "Continually check in with the executive to update coaching goals based on changes in her role, the business environment, and priorities.",
    "Focus coaching sessions on specific issues and action items that contribute to the coaching goals.",
    "Help the executive distinguish between high- and low-leverage changes. Encourage commitment to the highest-leverage actions to achieve results.",
    "Return emails and calls from executive within one (1) business day.",
    "Agree to ZERO CANCELLATION POLICY.",
]

COACH_COMMITMENTS_SUMMARY = [
    "I will help you set, clarify and maintain focus on your goals.",
    "I will hold you accountable for what you say you are going to do.",
    "I will help you establish your own solutions and strategies with specific actions and SMART plans.",
    "I will encourage, support, and believe in you, even when you do not.",
    "I will challenge you and help you recognize when and where you may be holding yourself back.",
    "Together, we raise your self-awareness.",
]

# The seed names these parts of step 1 but gives no wording for them. This is Stepwise's
# starting wording, meant to be adapted with the executive and the sponsor.
STAKEHOLDER_RESPONSIBILITIES = [
    "Agree on the coaching goals with the executive and the coach, and say how you will recognise progress.",
    "Give the executive honest and specific feedback when asked, including in the 360 and the follow-up surveys.",
    "Support the executive's development with time, resources and chances to practise new behaviours.",
    "Respect the confidentiality of the coaching conversations.",
]

RULES_OF_ENGAGEMENT = [
    "Each session has a results-driven agenda that follows up on the previous session and the actions taken since.",
    "Sessions keep the agreed cadence; under the zero-cancellation policy a session that cannot take place is moved, not dropped.",
    "The executive updates progress on key actions between sessions.",
    "Executive and coach raise any concern about the coaching directly and early.",
]

CONFIDENTIALITY = [
    "What the executive says in coaching sessions, writes in worksheets or keeps in the journal stays between the executive and the coach.",
    "The sponsor sees only what the sharing choices of this agreement allow.",
    "Individual 360 answers are anonymous and shown to no one; reports show groups only.",
    "Exceptions: the coach discloses information where the law requires it or where there is a risk of serious harm to the executive or to others, and tells the executive first wherever possible.",
]

CONTEXT = ""
