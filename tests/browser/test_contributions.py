"""Proposing and moderating answers in a real browser, hostile input included."""

import re

import pytest
from playwright.sync_api import expect

from questions.models import Answer
from tests.browser.conftest import wait_for_mathjax
from tests.factories import make_question

HOSTILE = "\n\n".join(
    [
        "<script>alert('script')</script>",
        "<img src=x onerror=\"alert('img')\">",
        "[click me](javascript:alert('link'))",
        "<a href=\"javascript:alert('raw link')\">raw</a>",
        "<svg onload=\"alert('svg')\"></svg>",
        r"$\href{javascript:alert('mathjax')}{math link}$",
        r"$$\unicode[x;background:url(http://example.com/x)]{x41}$$",
        "Plain text survives: $E = mc^2$",
    ]
)


@pytest.fixture
def question(transactional_db):
    return make_question(text="What does a GAN's discriminator learn?")


def test_student_proposes_with_math_and_moderator_publishes_it(
    live_server, browser, question, student, moderator, page_errors, page, log_in
):
    log_in(student)
    page.goto(live_server.url + question.get_absolute_url())
    body = page.get_by_label("Your answer")
    body.fill(r"It estimates $D(x) = P(\text{real} \mid x)$.")
    expect(page.locator("#preview-new mjx-container")).to_be_visible()
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("status")).to_contain_text("waiting for a moderator")
    assert Answer.objects.get().status == "pending"

    moderator_page = browser.new_context().new_page()
    moderator_page.on("dialog", lambda dialog: page_errors.append(dialog.message))
    from django.test import Client

    client = Client()
    client.force_login(moderator)
    moderator_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    moderator_page.goto(live_server.url + "/moderation/")
    wait_for_mathjax(moderator_page)
    expect(moderator_page.locator(".proposed mjx-container")).to_be_visible()
    moderator_page.get_by_role("button", name="Approve", exact=True).click()
    expect(moderator_page.get_by_role("status")).to_contain_text("Approved")

    page.goto(live_server.url + question.get_absolute_url())
    wait_for_mathjax(page)
    published = page.locator(".answer-body").filter(has_text="It estimates")
    expect(published.locator("mjx-container")).to_be_visible()
    assert page_errors == []


def test_hostile_contribution_runs_no_script_in_queue_or_on_the_page(
    live_server, question, student, moderator, page_errors, page, log_in
):
    Answer.objects.create(question=question, author=student, body=HOSTILE)
    log_in(moderator)
    page.goto(live_server.url + "/moderation/")
    wait_for_mathjax(page)
    expect(page.locator(".proposed")).to_contain_text("Plain text survives")
    assert page.locator(".proposed script, .proposed img, .proposed svg").count() == 0
    assert page.locator("[href^='javascript' i]").count() == 0
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("Approved"))

    page.goto(live_server.url + question.get_absolute_url())
    wait_for_mathjax(page)
    answer = page.locator(".answer-body").first
    expect(answer.locator("mjx-container").first).to_be_visible()
    assert answer.locator("script, img, svg").count() == 0
    assert page.locator("[href^='javascript' i]").count() == 0
    assert page_errors == []
