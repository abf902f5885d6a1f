"""The pages around a timed exam in a real browser: the question panel and keyboard, autosave
through server errors, the summary before submitting, and the review's filters and ratings."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from exams.models import Attempt
from exams.services import save_response, start_exam, submit_attempt
from tests.browser.conftest import wait_for_mathjax
from tests.factories import make_exam, make_question, make_true_false

SAVED = re.compile("All answers saved")
SAVE_URL = re.compile(r"/api/v1/attempts/[0-9a-f-]+/responses/\d+/$")


@pytest.fixture
def attempt(transactional_db, student):
    for n in range(1, 11):
        make_question(text=f"Open question {n}: explain it in a few lines.", answer=f"Model {n}.")
    make_true_false(text="True or false: ReLU is linear?", correct=False)
    make_true_false(text="True or false: dropout regularises?", correct=True)
    exam = make_exam(title="Twelve questions", question_count=12, time_limit_minutes=30)
    return start_exam(exam=exam, user=student, now=timezone.now())


def open_page(page, live_server, attempt, suffix=""):
    page.goto(f"{live_server.url}/attempts/{attempt.public_id}/{suffix}")
    wait_for_mathjax(page)


def open_positions(attempt):
    return list(attempt.responses.filter(question__kind="open").values_list("position", flat=True))


def answer_box(page, position):
    return page.locator(f"#answer-{position}")


def below_the_bar(page, position) -> bool:
    """The question's top is visible, below the sticky bar, not hidden under it."""
    return page.evaluate(
        """(position) => {
          const bar = document.getElementById("exam-bar").getBoundingClientRect();
          const top = document.getElementById("q-" + position).getBoundingClientRect().top;
          return top >= bar.bottom && top < innerHeight;
        }""",
        position,
    )


def not_reloaded(page):
    """Marks the document: the mark survives anything but a navigation."""
    page.evaluate("window.stillHere = true")
    return lambda: page.evaluate("window.stillHere === true")


# ---- the question panel -------------------------------------------------------------------


def test_the_panel_marks_the_current_question_progress_and_flags(
    live_server, page, page_errors, log_in, student, attempt
):
    log_in(student)
    open_page(page, live_server, attempt)
    first_open = open_positions(attempt)[0]
    nav = page.get_by_role("navigation", name="Questions")
    expect(nav).to_contain_text("0 of 12 answered")
    answer_box(page, first_open).fill("An answer")
    page.get_by_label("Flag question 7 for review").check()
    expect(nav).to_contain_text("1 of 12 answered · 1 flagged")
    expect(page.locator("#nav-7")).to_have_class(re.compile(r"\bflagged\b"))
    expect(page.locator("#nav-7 .flag-mark")).to_be_visible()
    expect(page.locator(f"#nav-{first_open}")).to_have_accessible_name(
        re.compile(rf"^Question {first_open}\s*, answered$")
    )
    page.locator("#nav-9").click()
    expect(page.locator("#nav-9")).to_have_attribute("aria-current", "step")
    assert page.locator("[aria-current]").count() == 1
    assert below_the_bar(page, 9)
    expect(page.get_by_role("status")).to_have_text(SAVED)
    assert page_errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_a_jump_never_hides_the_question_under_the_bar(
    live_server, page, log_in, student, attempt, width
):
    log_in(student)
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, live_server, attempt)
    page.mouse.wheel(0, 3000)
    for position in (11, 4, 12):
        if width < 800:
            # On a phone the panel is a drawer opened from the sticky bar.
            toggle = page.get_by_role("button", name=re.compile("^Questions"))
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
        page.locator(f"#nav-{position}").click()
        expect(page.locator(f"#nav-{position}")).to_have_attribute("aria-current", "step")
        assert below_the_bar(page, position), position
        if width < 800:
            expect(page.locator("#exam-nav")).to_be_hidden()


def test_a_link_from_the_summary_shows_its_question_below_the_bar(
    live_server, page, log_in, student, attempt
):
    log_in(student)
    page.set_viewport_size({"width": 390, "height": 800})
    open_page(page, live_server, attempt, "#q-10")
    expect(page.locator("#nav-10")).to_have_attribute("aria-current", "step")
    assert below_the_bar(page, 10)


def test_keyboard_moves_between_questions_and_flags_announced_to_screen_readers(
    live_server, page, page_errors, log_in, student, attempt
):
    log_in(student)
    open_page(page, live_server, attempt)
    announcer = page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    first = page.locator("#q-1 textarea, #q-1 input[name^=choice-]").first
    first.focus()
    page.keyboard.press("Alt+Shift+N")
    expect(announcer).to_have_text("Question 2 of 12: not answered.")
    expect(page.locator("#nav-2")).to_have_attribute("aria-current", "step")
    assert page.evaluate("document.activeElement.closest('section').id") == "q-2"
    assert below_the_bar(page, 2)

    page.keyboard.press("Alt+Shift+F")
    expect(announcer).to_have_text("Question 2 flagged.")
    expect(page.get_by_label("Flag question 2 for review")).to_be_checked()
    expect(page.locator("#nav-2")).to_have_class(re.compile(r"\bflagged\b"))
    expect(page.get_by_role("status")).to_have_text(SAVED)
    assert attempt.responses.get(position=2).flagged

    page.keyboard.press("Alt+Shift+P")
    expect(announcer).to_have_text("Question 1 of 12: not answered.")
    page.keyboard.press("Alt+Shift+P")
    expect(announcer).to_have_text("This is the first question.")
    # Typing the shortcut letters in an answer still types them.
    textarea = page.locator(f"#q-{open_positions(attempt)[0]} textarea")
    textarea.focus()
    page.keyboard.type("nfp")
    expect(textarea).to_have_value("nfp")
    assert page_errors == []


# ---- autosave through server errors -------------------------------------------------------


def test_autosave_keeps_retrying_through_5xx_replies_until_the_last_edit_arrives(
    live_server, page, page_errors, log_in, student, attempt
):
    log_in(student)
    open_page(page, live_server, attempt)
    position = open_positions(attempt)[0]
    answer = answer_box(page, position)
    answer.fill("First draft")
    expect(page.get_by_role("status")).to_have_text(SAVED)

    # Then the server has trouble for a while: the last edit's saves get errors, or pages that
    # are not the API's JSON, before requests get through again.
    failures = [
        (500, "application/json", '{"detail": "Internal error"}'),
        (503, "text/html", "<h1>503 Service Unavailable</h1>"),
        (502, "text/html", "<html>Bad gateway</html>"),
        (200, "text/html", "<html>A proxy's sign-in page</html>"),
    ]
    answered = []

    def flaky(route):
        answered.append(route.request.post_data_json["text"])
        if len(answered) <= len(failures):
            status, content_type, body = failures[len(answered) - 1]
            route.fulfill(status=status, content_type=content_type, body=body)
        else:
            route.continue_()

    page.route(SAVE_URL, flaky)
    answer.fill("First draft, then the last edit")
    expect(page.get_by_role("status")).to_contain_text("trying again")
    expect(page.get_by_role("status")).to_have_text(SAVED, timeout=30_000)

    assert answered == ["First draft, then the last edit"] * (len(failures) + 1)
    assert attempt.responses.get(position=position).text == "First draft, then the last edit"
    page.reload()
    expect(answer_box(page, position)).to_have_value("First draft, then the last edit")
    assert [e for e in page_errors if "status of 50" not in e] == []


def test_a_save_refused_with_a_4xx_is_told_to_the_student(
    live_server, page, log_in, student, attempt
):
    log_in(student)
    open_page(page, live_server, attempt)
    position = open_positions(attempt)[0]
    page.route(
        SAVE_URL,
        lambda route: route.fulfill(
            status=400, content_type="application/json", body='{"detail": "Answer refused."}'
        ),
    )
    answer_box(page, position).fill("Refused")
    expect(page.get_by_role("status")).to_have_text(
        f"Question {position} not saved: Answer refused."
    )


# ---- the summary of an attempt ------------------------------------------------------------


def test_submitting_goes_through_the_summary_of_the_attempt(
    live_server, page, page_errors, log_in, student, attempt
):
    log_in(student)
    open_page(page, live_server, attempt)
    first_open = open_positions(attempt)[0]
    answer_box(page, first_open).fill("My answer")
    page.get_by_label("Flag question 3 for review").check()
    # Straight to the summary, before the debounced save: the page sends everything first.
    page.get_by_role("link", name="Submit…").click()
    page.wait_for_url(re.compile(r"/summary/$"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Summary of attempt")
    expect(page.get_by_role("link", name="Return to attempt")).to_be_focused()
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(29|30):\d\d$"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(12)
    expect(rows.nth(first_open - 1)).to_contain_text("Answered")
    expect(rows.nth(2)).to_contain_text("Flagged")
    expect(page.locator("main")).to_contain_text("1 of 12 answered · 1 flagged")

    page.get_by_role("link", name="Question 3", exact=True).click()
    page.wait_for_url(re.compile(r"/#q-3$"))
    expect(page.locator("#nav-3")).to_have_attribute("aria-current", "step")
    expect(page.get_by_label("Flag question 3 for review")).to_be_checked()

    page.get_by_role("link", name="Submit…").click()
    page.get_by_role("button", name="Submit all and finish").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("11 questions are not answered.")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    attempt.refresh_from_db()
    assert attempt.is_open

    page.get_by_role("button", name="Submit all and finish").click()
    dialog.get_by_role("button", name="Submit all and finish").click()
    page.wait_for_url(re.compile(r"/review/$"))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert attempt.responses.get(position=first_open).text == "My answer"
    assert page_errors == []


def test_time_running_out_on_the_summary_page_still_submits(
    live_server, page, log_in, student, transactional_db
):
    log_in(student)
    make_question(text="Last seconds?", answer="Yes.")
    exam = make_exam(question_count=1, time_limit_minutes=1)
    attempt = start_exam(
        exam=exam, user=student, now=timezone.now() - timezone.timedelta(seconds=55)
    )
    open_page(page, live_server, attempt, "summary/")
    page.wait_for_url(re.compile(r"/review/$"), timeout=20_000)
    attempt.refresh_from_db()
    # The page submitted at zero: the server did not have to close it at its deadline.
    assert attempt.status == Attempt.Status.SUBMITTED


# ---- the review ---------------------------------------------------------------------------


@pytest.fixture
def reviewed(attempt):
    now = timezone.now()
    positions = open_positions(attempt)
    for position in positions[:4]:
        save_response(attempt=attempt, position=position, now=now, revision=1, text="Mine")
    save_response(attempt=attempt, position=positions[5], now=now, revision=1, flagged=True)
    return submit_attempt(attempt=attempt, now=now), positions


def test_review_filters_show_only_questions_in_that_state(
    live_server, page, page_errors, log_in, student, reviewed
):
    attempt, positions = reviewed
    log_in(student)
    open_page(page, live_server, attempt, "review/")
    filters = page.get_by_role("group", name="Show")
    expect(page.locator(".review-item:visible")).to_have_count(12)

    filters.get_by_role("radio", name=re.compile("^Not rated")).check()
    expect(page.locator(".review-item:visible")).to_have_count(4)
    expect(page.locator(".review-panel li:visible")).to_have_count(4)
    expect(page.locator("#filter-status")).to_have_text("Showing 4 of 12 questions.")

    filters.get_by_role("radio", name=re.compile("^Flagged")).check()
    expect(page.locator(".review-item:visible")).to_have_count(1)
    expect(page.locator(f"#q-{positions[5]}")).to_be_visible()

    filters.get_by_role("radio", name=re.compile("^Blank")).check()
    expect(page.locator(".review-item:visible")).to_have_count(8)

    filters.get_by_role("radio", name=re.compile("^All")).check()
    expect(page.locator(".review-item:visible")).to_have_count(12)
    assert page_errors == []


def rate(page, position, rating):
    page.locator(f"#q-{position} input[name=rating][value='{rating}']").check()


def missed(attempt) -> str:
    n = sum(response.is_missed for response in attempt.responses.all())
    return f"({n} question{'' if n == 1 else 's'})"


def test_ratings_are_saved_in_place_and_the_score_follows(
    live_server, page, page_errors, log_in, student, reviewed
):
    attempt, positions = reviewed
    log_in(student)
    open_page(page, live_server, attempt, "review/")
    same_document = not_reloaded(page)
    score = page.locator("#score")
    expect(score).to_have_text("0%")
    # The assistant's ratings are suggested, not saved: each answer has its button until rated.
    expect(page.locator(".save-rating:visible")).to_have_count(4)

    first = page.locator(f"#q-{positions[0]}")
    rate(page, positions[0], 5)
    expect(first.get_by_role("status")).to_have_text("Saved: by your ratings the score is now 8%.")
    expect(score).to_have_text("8%")  # 1 point over 12 questions
    expect(page.locator("#result-summary")).to_have_text(re.compile(r"· your ratings 8%$"))
    expect(first.locator(".state-badge")).to_have_text("Rated 5/5")
    expect(page.locator(f"#nav-{positions[0]}")).to_have_class(re.compile("state-rated tone-high"))
    expect(page.get_by_role("group", name="Show").locator('[data-count="rated"]')).to_have_text("1")
    expect(page.locator(".save-rating:visible")).to_have_count(3)

    rate(page, positions[1], 3)
    expect(score).to_have_text("13%")  # 1.5 over 12
    rate(page, positions[1], 1)
    expect(score).to_have_text("8%")
    expect(page.locator(f"#nav-{positions[1]}")).to_have_class(re.compile("tone-low"))

    assert same_document()
    assert attempt.responses.get(position=positions[0]).self_rating == 5
    assert attempt.responses.get(position=positions[1]).self_rating == 1
    expect(page.locator("#missed-count")).to_have_text(missed(attempt))
    assert page_errors == []


def test_practise_what_i_missed_starts_an_exam_of_those_questions(
    live_server, page, log_in, student, reviewed
):
    attempt, positions = reviewed
    log_in(student)
    open_page(page, live_server, attempt, "review/")
    rate(page, positions[0], 4)
    expect(page.locator(f"#q-{positions[0]} .state-badge")).to_have_text("Rated 4/5")
    expect(page.locator("#missed-count")).to_have_text(missed(attempt))
    page.get_by_role("button", name=re.compile("^Practise what I missed")).click()
    page.wait_for_url(re.compile(r"/attempts/[0-9a-f-]+/$"))
    retry = Attempt.objects.exclude(pk=attempt.pk).get()
    expected = {r.question_id for r in attempt.responses.all() if r.is_missed}
    assert set(retry.responses.values_list("question_id", flat=True)) == expected
    expect(page.get_by_role("heading", level=1)).to_have_text(retry.exam.title)


def test_the_review_shows_the_marks_by_itself_once_the_worker_has_marked(
    live_server, page, page_errors, log_in, student, attempt, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    position = open_positions(attempt)[0]
    save_response(attempt=attempt, position=position, now=now, revision=1, text="Model 1.")
    submit_attempt(attempt=attempt, now=now)
    log_in(student)
    open_page(page, live_server, attempt, "review/")
    expect(page.locator("#marking-pending")).to_be_visible()
    expect(page.locator(f"#q-{position} .state-badge")).to_have_text("Being marked")
    still_here = not_reloaded(page)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())

    expect(page.locator(f"#q-{position} .state-badge")).to_have_text(
        re.compile(r"Marked \d/5"), timeout=15_000
    )
    expect(page.locator("#marking-pending")).to_have_count(0)
    assert not still_here()  # the page reloaded itself
    assert page_errors == []
