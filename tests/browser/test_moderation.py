"""The review queue's ready-made rejection reasons, in a real browser."""

from playwright.sync_api import expect

from questions.models import Answer
from questions.services.contributions import REJECTION_REASONS
from tests.factories import make_question


def test_a_picked_reason_fills_the_box_to_edit_before_rejecting(
    live_server, transactional_db, student, moderator, page_errors, page, log_in
):
    contribution = Answer.objects.create(
        question=make_question(text="What is dropout?"), author=student, body="Dropping."
    )
    log_in(moderator)
    page.goto(live_server.url + "/moderation/")
    page.locator("summary", has_text="Reject").click()  # opens the form
    page.get_by_label("Ready-made reason").select_option("incomplete")
    reason = page.get_by_label("Reason (the author reads it", exact=False)
    expect(reason).to_have_value(REJECTION_REASONS["incomplete"])
    reason.fill(REJECTION_REASONS["incomplete"] + " Say which units are dropped, and when.")
    page.get_by_role("button", name="Reject", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Rejected")
    contribution.refresh_from_db()
    assert contribution.reason.endswith("Say which units are dropped, and when.")
    assert page_errors == []
