"""Practising in a real browser: reveal, type an answer and see it marked, rate with the keyboard,
the next card and the progress bar; recall mode on question pages."""

import re

import pytest
from playwright.sync_api import expect

from practice.models import PracticeSettings, Review
from tests.browser.conftest import wait_for_mathjax
from tests.factories import make_question, make_source


@pytest.fixture
def two_cards(transactional_db):
    source = make_source(name="Study notes")
    softmax = make_question(
        source=source,
        text=r"What is the softmax of $z$?",
        answer=r"$$\sigma(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}$$",
    )
    dropout = make_question(
        source=source, text="What is dropout?", answer="Zeroing random activations in training."
    )
    return softmax, dropout


def test_reveal_type_rate_with_the_keyboard_and_move_on(
    live_server, page, page_errors, log_in, student, two_cards
):
    softmax, dropout = two_cards
    log_in(student)
    page.goto(live_server.url + "/practice/")
    wait_for_mathjax(page)
    progress = page.locator("#session-progress")
    expect(progress).to_have_attribute("max", "2")
    assert progress.evaluate("el => el.value") == 0

    first = page.locator(".practice-card").nth(0)
    second = page.locator(".practice-card").nth(1)
    expect(first).to_be_visible()
    expect(second).to_be_hidden()
    expect(first.locator(".answer-body")).to_be_hidden()

    # Space shows the model answer, typeset.
    page.keyboard.press("Space")
    expect(first.locator(".answer-body mjx-container")).to_be_visible()
    expect(first.get_by_role("group", name="How well did you know this?")).to_be_visible()

    # 5 rates it: the next card appears and the progress bar moves.
    page.keyboard.press("5")
    expect(second).to_be_visible()
    expect(first).to_be_hidden()
    expect(page.locator("#session-done")).to_have_text("1")
    assert progress.evaluate("el => el.value") == 1
    assert Review.objects.get(card__question=softmax).rating == 5

    # Type an answer: it is marked, the key points covered and missed are listed and the
    # suggested rating is pre-selected; the student keeps it.
    answer = second.get_by_label("Type your answer")
    answer.fill("Zeroing random activations")
    answer.press("Control+Enter")
    expect(second.locator(".mine")).to_contain_text("Zeroing random activations")
    expect(second.locator(".answer-body")).to_contain_text("Zeroing random activations in training")
    summary = second.locator(".mark-summary")
    expect(summary).to_contain_text(re.compile(r"Suggested rating: [1-5] · \d+ of \d+ key points"))
    expect(second.locator(".key-points li.covered").first).to_be_visible()
    suggested = int(re.search(r"Suggested rating: (\d)", summary.inner_text()).group(1))
    expect(second.locator('input[name="rating"]:checked')).to_have_value(str(suggested))
    page.keyboard.press("Escape")
    page.keyboard.press("Enter")

    # That was the last card of the batch: the page comes back with what is left for today.
    expect(page.get_by_role("heading", name=re.compile("Nothing is due|Card 1 of"))).to_be_visible()
    assert Review.objects.get(card__question=dropout).rating == suggested
    expect(page.locator("#session-done")).to_have_text("2")
    assert page_errors == []


def test_recall_mode_hides_answers_on_question_pages_until_revealed(
    live_server, page, page_errors, log_in, student, two_cards
):
    softmax, _ = two_cards
    PracticeSettings.objects.create(user=student, recall_mode=True)
    log_in(student)
    page.goto(live_server.url + "/practice/settings/")  # the setting reaches this browser
    page.goto(live_server.url + softmax.get_absolute_url())
    wait_for_mathjax(page)
    answers = page.locator('[data-recall="answers"]')
    expect(answers.locator(".answer-body")).to_be_hidden()
    page.get_by_role("button", name="Show answer").click()
    expect(answers.locator(".answer-body mjx-container")).to_be_visible()
    expect(page.get_by_role("link", name="Practise this")).to_be_visible()
    assert page_errors == []


def test_without_recall_mode_answers_show_at_once(live_server, page, two_cards):
    page.goto(live_server.url + two_cards[1].get_absolute_url())
    expect(page.locator(".answer-body")).to_contain_text("Zeroing random activations")
    expect(page.get_by_role("button", name="Show answer")).to_have_count(0)
