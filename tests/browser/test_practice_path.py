"""The executive's 12-step practice in the browser, on a phone: mark the current step and one to
revisit, write a journal entry (autosaved) and share it, the coach reads it and comments, a
mindfulness check-in appears on the chart, and the PDF export is read back."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from stepwise.practice.models import Comment, JournalEntry, MindfulnessCheckIn, StepMark
from stepwise.practice.services import program_builtin_install

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_executive_keeps_the_practice_and_the_coach_answers(signed_engagement, new_context, sign_in):
    program_builtin_install()  # a transactional test starts from empty tables
    engagement = signed_engagement
    executive = new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    sign_in(executive, email="erin@globex.test")
    executive.goto(f"/engagements/{engagement.public_id}/")
    executive.get_by_role("button", name="Open my practice").click()
    expect(executive.get_by_role("heading", name="My 12-step practice")).to_be_visible()

    # Where am I: the current step and one to revisit, each with a line of why.
    for number, kind, why in ((10, "current", "Keeping the daily inventory"), (9, "revisit", "Two follow-ups to do")):
        step = executive.locator(f"#step-{number}")
        step.get_by_label("Mark this step as").select_option(kind)
        step.get_by_label("Why (a line)").fill(why)
        step.get_by_role("button", name="Mark").click()
        expect(executive.get_by_text("Your mark is saved.")).to_be_visible()
        expect(executive.locator(f"#step-{number}").get_by_text(why)).to_be_visible()
    assert {(m.step.number, m.kind) for m in StepMark.objects.filter(ended_at__isnull=True)} == {
        (10, "current"),
        (9, "revisit"),
    }

    # Step 10: a guided entry, saved as it is typed, then shared with the coach.
    executive.get_by_role("link", name="Step 10 · Journal").click()
    executive.get_by_role("button", name="Write an entry").click()
    expect(executive.get_by_text("I really screwed that last decision up.")).to_be_visible()  # the seed's prompts
    executive.get_by_label("What went well?").fill("The board meeting ran on time.")
    executive.get_by_label("Where was I wrong?").fill("I cut Priya off in the stand-up.")
    executive.get_by_label("yes, promptly").check()
    executive.get_by_label("To whom?").fill("Priya")
    executive.get_by_label("What will I do differently?").fill("Let people finish.")
    expect(executive.get_by_role("status")).to_contain_text("Saved at")
    executive.get_by_role("button", name="Save the entry").click()
    expect(executive.get_by_text("Your entry is saved.")).to_be_visible()
    executive.get_by_role("button", name="Share with my coach").click()
    expect(executive.get_by_text("Your coach can now read this entry.")).to_be_visible()
    entry = JournalEntry.objects.get()
    assert entry.shared and entry.where_wrong == "I cut Priya off in the stand-up."

    # The coach reads it and answers.
    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test")
    coach.goto(f"/engagements/{engagement.public_id}/")
    coach.get_by_role("button", name="Open their practice").click()
    expect(coach.locator("#step-10").get_by_text("Keeping the daily inventory")).to_be_visible()
    coach.get_by_role("link", name="Step 10 · Journal").click()
    coach.get_by_role("link", name=entry.entry_date.strftime("%-d %b %Y")).click()
    expect(coach.get_by_text("I cut Priya off in the stand-up.")).to_be_visible()
    coach.get_by_label("Your comment").fill("Well owned. How did Priya respond?")
    coach.get_by_role("button", name="Add comment").click()
    expect(coach.get_by_text("Your comment is added.")).to_be_visible()
    assert Comment.objects.get().author.email == "cora@practice.test"
    executive.reload()
    expect(executive.get_by_text("Well owned. How did Priya respond?")).to_be_visible()

    # Step 11: a check-in, and the chart that shows it.
    executive.get_by_role("link", name="Step 11 · Mindfulness").click()
    executive.get_by_label("What I felt").select_option("frustrated")
    executive.get_by_label("Intensity (1–10)").fill("7")
    executive.get_by_label("What triggered it").select_option("meeting")
    executive.get_by_label("a response I chose").check()
    executive.get_by_label("I paused before responding").check()
    executive.get_by_role("button", name="Save the check-in").click()
    expect(executive.get_by_text("Your check-in is saved.")).to_be_visible()
    chart = executive.locator("figure.chart svg").first
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("Emotions by trigger")
    expect(chart).to_contain_text("frustrated")
    assert MindfulnessCheckIn.objects.get().intensity == 7

    # The whole record as a PDF, read back.
    with executive.expect_download() as download:
        executive.get_by_role("link", name="Export (PDF)").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for expected in ("Keeping the daily inventory", "I cut Priya off in the stand-up.", "Well owned.", "frustrated"):
        assert expected in text, expected


def test_my_practice_from_the_menu_the_summary_and_deleting_a_shared_entry(
    signed_engagement, new_context, sign_in, run_worker
):
    """On a phone: "My practice" in the menu, the three questions at a glance, a shared entry that
    mails the coach, and its deletion (asked first), after which the coach no longer finds it."""
    from django.core import mail

    program_builtin_install()
    engagement = signed_engagement
    executive = new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(executive, email="erin@globex.test")
    executive.goto("/")
    executive.get_by_text("Menu").click()
    executive.get_by_role("link", name="My practice").click()
    expect(executive.get_by_role("heading", name="My 12-step practice")).to_be_visible()
    step = executive.locator("#step-8")
    step.get_by_label("Mark this step as").select_option("struggle")
    step.get_by_label("Why (a line)").fill("Amends feel awkward")
    step.get_by_role("button", name="Mark").click()
    glance = executive.locator("section.standing")
    expect(glance).to_contain_text("What steps do you struggle to see how to even approach?")
    expect(glance.get_by_role("link", name="Step 8")).to_be_visible()

    executive.get_by_role("link", name="Step 10 · Journal").click()
    executive.get_by_role("button", name="Write an entry").click()
    executive.get_by_label("Where was I wrong?").fill("I skipped the one-to-one with Sam.")
    executive.get_by_role("button", name="Save the entry").click()
    executive.get_by_role("button", name="Share with my coach").click()
    expect(executive.get_by_text("Your coach can now read this entry.")).to_be_visible()
    mail.outbox.clear()
    run_worker()
    shared_mails = [m for m in mail.outbox if "shared a journal entry" in m.subject]
    assert [m.to for m in shared_mails] == [["cora@practice.test"]]
    assert "Sam" not in shared_mails[0].body
    entry = JournalEntry.objects.get()

    executive.get_by_role("link", name="Delete this entry").click()
    expect(executive.get_by_text("your coach will no longer see it")).to_be_visible()
    executive.get_by_role("button", name="Delete for good").click()
    expect(executive.get_by_text("is deleted.")).to_be_visible()
    assert not JournalEntry.objects.exists()

    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test")
    response = coach.goto(f"/engagements/{engagement.public_id}/practice/journal/{entry.public_id}/")
    assert response is not None and response.status == 404
    coach.goto(f"/engagements/{engagement.public_id}/")
    expect(coach.get_by_text("Practice: no current step marked")).to_be_visible()
