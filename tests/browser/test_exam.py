"""Taking a timed exam in a real browser: autosave, reload, offline, the clock, the review."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exams.models import Attempt
from exams.services import start_exam
from tests.browser.conftest import wait_for_mathjax
from tests.factories import make_exam, make_question, make_true_false

SAVED = re.compile("All answers saved")


@pytest.fixture
def exam(transactional_db):
    make_question(
        text=r"What is the softmax of $z$?",
        answer=r"$$\sigma(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}$$",
    )
    make_question(text="What is dropout?", answer="Zeroing random activations.")
    make_true_false(text="True or false: ReLU is linear?", correct=False)
    return make_exam(title="Browser exam", question_count=3, time_limit_minutes=30)


def open_attempt(page, live_server, attempt):
    page.goto(f"{live_server.url}/attempts/{attempt.public_id}/")
    wait_for_mathjax(page)


def position_of(attempt, kind_or_text):
    responses = attempt.responses.select_related("question")
    return next(r.position for r in responses if kind_or_text in (r.question.kind, r.question.text))


def test_take_an_exam_end_to_end(live_server, page, page_errors, log_in, student, exam):
    log_in(student)
    page.goto(live_server.url + "/exams/")
    page.get_by_role("button", name="Start Browser exam").click()
    page.wait_for_url(re.compile(r"/attempts/[0-9a-f-]+/$"))
    attempt = Attempt.objects.get(user=student)
    softmax = position_of(attempt, r"What is the softmax of $z$?")
    tf = position_of(attempt, "true_false")

    expect(page.locator(f"#q-{softmax} .question-body mjx-container")).to_be_visible()
    answer = page.get_by_label(f"Your answer to question {softmax}")
    answer.fill(r"It is $\frac{e^{z_i}}{\sum_j e^{z_j}}$")
    expect(page.locator(f"#preview-{softmax} mjx-container")).to_be_visible()
    page.locator(f"#q-{tf}").get_by_label("False").check()
    expect(page.get_by_role("status")).to_have_text(SAVED)
    expect(page.locator(f"#nav-{tf}")).to_have_class(re.compile("answered"))

    page.get_by_role("link", name="Submit…").click()
    page.wait_for_url(re.compile(r"/summary/$"))
    expect(page.locator("main")).to_contain_text("2 of 3 answered")
    page.get_by_role("button", name="Submit all and finish").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("1 question is not answered.")
    dialog.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url(re.compile(r"/review/$"))
    wait_for_mathjax(page)
    expect(page.locator(".answer-body mjx-container").first).to_be_visible()
    expect(page.locator(f"#q-{tf}")).to_contain_text("Correct")
    assert "$$" not in page.locator("main").inner_text()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.responses.get(position=softmax).text == r"It is $\frac{e^{z_i}}{\sum_j e^{z_j}}$"
    assert page_errors == []


def test_reloading_mid_exam_restores_every_answer(
    live_server, page, page_errors, log_in, student, exam
):
    log_in(student)
    attempt = start_exam(exam=exam, user=student, now=timezone.now())
    open_attempt(page, live_server, attempt)
    dropout = position_of(attempt, "What is dropout?")
    tf = position_of(attempt, "true_false")
    page.get_by_label(f"Your answer to question {dropout}").fill("Random zeroing of units")
    page.locator(f"#q-{tf}").get_by_label("True").check()
    page.get_by_label(f"Flag question {tf} for review").check()
    expect(page.get_by_role("status")).to_have_text(SAVED)

    page.reload()
    expect(page.get_by_label(f"Your answer to question {dropout}")).to_have_value(
        "Random zeroing of units"
    )
    expect(page.locator(f"#q-{tf}").get_by_label("True")).to_be_checked()
    expect(page.get_by_label(f"Flag question {tf} for review")).to_be_checked()
    expect(page.locator(f"#nav-{tf}")).to_have_class(re.compile("flagged"))
    assert page_errors == []


def test_answers_typed_offline_are_sent_when_back_online(
    live_server, page, page_errors, log_in, student, exam
):
    log_in(student)
    attempt = start_exam(exam=exam, user=student, now=timezone.now())
    open_attempt(page, live_server, attempt)
    dropout = position_of(attempt, "What is dropout?")
    page.context.set_offline(True)
    page.get_by_label(f"Your answer to question {dropout}").fill("Typed while offline")
    expect(page.get_by_role("status")).to_contain_text("Offline")
    assert attempt.responses.get(position=dropout).text == ""

    page.context.set_offline(False)
    expect(page.get_by_role("status")).to_have_text(SAVED)
    assert attempt.responses.get(position=dropout).text == "Typed while offline"
    # Only the expected network failures while offline, nothing else.
    assert [e for e in page_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_an_exam_at_its_last_seconds_warns_and_submits_itself(
    live_server, page, page_errors, log_in, student, exam
):
    log_in(student)
    one_minute = make_exam(title="One minute", question_count=1, time_limit_minutes=1)
    # Started 54 s ago: six seconds are left on the server's clock.
    attempt = start_exam(exam=one_minute, user=student, now=timezone.now() - timedelta(seconds=54))
    open_attempt(page, live_server, attempt)
    # A one-minute exam is warned once, a quarter before its end (never "5 minutes left").
    expect(page.get_by_role("alert")).to_contain_text("15 seconds left")
    page.wait_for_url(re.compile(r"/review/$"), timeout=20_000)
    attempt.refresh_from_db()
    # The page submitted itself at zero: the server did not have to close it at its deadline.
    assert attempt.status == Attempt.Status.SUBMITTED
    assert page_errors == []


def test_five_minutes_before_the_deadline_the_page_warns(live_server, page, log_in, student, exam):
    log_in(student)
    attempt = start_exam(
        exam=exam, user=student, now=timezone.now() - timedelta(minutes=25, seconds=2)
    )
    open_attempt(page, live_server, attempt)
    expect(page.get_by_role("alert")).to_have_text("5 minutes left.")
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^4:5\d$"))


def test_the_clock_comes_from_the_server_not_the_browser(live_server, page, log_in, student, exam):
    log_in(student)
    attempt = start_exam(exam=exam, user=student, now=timezone.now() - timedelta(minutes=20))
    # A browser clock a day ahead changes nothing: the page counts the server's remaining time.
    page.add_init_script("Date.now = () => 86400000 + new Date().getTime();")
    open_attempt(page, live_server, attempt)
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(9|10):\d\d$"))
