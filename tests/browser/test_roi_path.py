"""Step 7's ROI in the browser: the coach enters a benefit, an estimate and costs, a bad share is
refused beside its field with what was typed kept, the arithmetic shows line by line, the sponsor
adds a lower estimate of their own, which is the one used, and downloads the closing report PDF,
whose text is read back."""

import re
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coach_enters_the_roi_and_the_sponsor_downloads_the_closing_report(
    signed_engagement, new_context, sign_in, tmp_path
):
    engagement = signed_engagement
    coach = new_context().new_page()
    sign_in(coach, email="cora@practice.test")
    coach.goto(f"/engagements/{engagement.public_id}/")
    coach.get_by_role("button", name="Return on investment").click()
    expect(coach.get_by_role("heading", name="Return on investment", level=1)).to_be_visible()

    coach.get_by_role("button", name="Add a benefit").click()
    coach.get_by_label("Benefit").fill("Fewer late orders")
    coach.get_by_role("button", name="Save").click()
    expect(coach.get_by_text("Benefit added.")).to_be_visible()

    coach.get_by_role("link", name="Add an estimate of Fewer late orders").click()
    coach.get_by_label("Estimated by").select_option("executive")
    coach.get_by_label("Value in the first year").fill("120000")
    coach.get_by_label("Share from the coaching (%)").fill("150")
    coach.get_by_label("Confidence in this estimate (%)").fill("80")
    coach.get_by_label("Supported by evidence").check()
    coach.get_by_role("button", name="Save").click()
    expect(coach.get_by_text("Give a percentage from 0 to 100.")).to_be_visible()
    expect(coach.get_by_label("Value in the first year")).to_have_value("120000")
    coach.get_by_label("Share from the coaching (%)").fill("50")
    coach.get_by_role("button", name="Save").click()
    expect(coach.get_by_text("Estimate added.")).to_be_visible()

    coach.get_by_role("button", name="Add a cost").click()
    coach.get_by_label("Kind of cost").select_option("fees")
    coach.get_by_label("Amount").fill("30000")
    coach.get_by_role("button", name="Save").click()
    expect(coach.get_by_text("Cost added.")).to_be_visible()
    coach.get_by_role("button", name="Add a cost").click()
    coach.get_by_label("Kind of cost").select_option("executive_time")
    coach.get_by_label("Hours").fill("40")
    coach.get_by_label("Loaded hourly rate").fill("150")
    coach.get_by_role("button", name="Save").click()

    result = coach.locator("section[aria-labelledby='roi-result-h']")
    expect(result).to_contain_text("Net benefit = 48,000.00 − 36,000.00 = 12,000.00")
    expect(result).to_contain_text("ROI = 12,000.00 ÷ 36,000.00 × 100 = 33.3 %")
    expect(coach.get_by_text("40 h × 150.00 an hour = 6,000.00")).to_be_visible()

    # The sponsor adds their own, lower, estimate: it is the one used.
    sponsor = new_context().new_page()
    sign_in(sponsor, email="sam@globex.test")
    sponsor.goto(f"/engagements/{engagement.public_id}/roi/")
    sponsor.get_by_role("link", name="Add an estimate of Fewer late orders").click()
    sponsor.get_by_label("Value in the first year").fill("100000")
    sponsor.get_by_label("Share from the coaching (%)").fill("40")
    sponsor.get_by_label("Confidence in this estimate (%)").fill("70")
    sponsor.get_by_label("Supported by evidence").check()
    sponsor.get_by_role("button", name="Save").click()
    expect(sponsor.get_by_text("Estimate added.")).to_be_visible()
    expect(sponsor.get_by_text("the lowest: used")).to_be_visible()
    expect(sponsor.locator("section[aria-labelledby='roi-result-h']")).to_contain_text(
        "Benefit–cost ratio = 28,000.00 ÷ 36,000.00 = 0.78"
    )

    sponsor.get_by_role("link", name="Closing report").first.click()
    expect(sponsor.get_by_role("heading", name="Closing report", level=1)).to_be_visible()
    with sponsor.expect_download() as download_info:
        sponsor.get_by_role("button", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-closing-report.pdf")
    pdf_path = tmp_path / download.suggested_filename
    download.save_as(pdf_path)
    text = " ".join((page.extract_text() or "") for page in PdfReader(BytesIO(pdf_path.read_bytes())).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Closing report" in text and "Globex" in text
    assert "100,000.00 × 40 % × 70 % = 28,000.00" in text
    assert "ROI = -8,000.00 ÷ 36,000.00 × 100 = -22.2 %" in text
    assert "Of several estimates of one benefit, the lowest is used." in text
    assert "No mini-survey has closed yet." in text
