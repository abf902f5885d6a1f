"""Every page on a 390-pixel phone without sideways scrolling, and dark mode readable (axe)."""

import pytest
from django.utils import timezone

from accounts.tokens import create_token
from exams.services import save_response, start_exam, submit_attempt
from questions.models import Answer, Question
from questions.services.contributions import (
    approve_contribution,
    reject_contribution,
    submit_contribution,
)
from tests.browser.conftest import wait_for_mathjax
from tests.browser.test_accessibility import serious_violations
from tests.factories import make_exam

PHONE = {"width": 390, "height": 844}
PUBLIC_PAGES = ["/", "/questions/", "/questions/?topic=cnn&answered=false", "/sources/",
                "/topics/", "/topics/cnn/", "/api/docs/"]  # fmt: skip
ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN_PAGES = ["/exams/", "/attempts/", "/contributions/", "/accounts/profile/",
                   "/accounts/password/change/", "/practice/", "/practice/settings/"]  # fmt: skip
MODERATOR_PAGES = ["/moderation/", "/moderation/log/"]


@pytest.fixture
def site(transactional_db, bank, student, moderator):
    """The real bank, and a student and a moderator who have used every part of the site."""
    math = Question.objects.get(text__startswith="What is the difference between binary cross")
    long_answer = Answer.objects.approved().order_by("-body").first()
    # The widest content of the bank: open questions whose model answers have display math
    # (their formulas also become key points on the review).
    wide = Answer.objects.approved().filter(body__contains="$$", question__kind="open")
    drill = make_exam(title="Drill: Foundations", question_count=12)
    drill.questions.set(wide.values_list("question", flat=True).distinct()[:12])
    improvements = {}
    for user in (student, moderator):
        create_token(user=user, name="A laptop with a rather long token name for a narrow screen")
        answered = start_exam(exam=drill, user=user, now=now())
        for response in answered.responses.select_related("question"):
            if response.question.kind == Question.Kind.OPEN:
                save_response(
                    attempt=answered, position=response.position, now=now(), revision=1,
                    text="A long answer_with_a_very_long_identifier_that_does_not_break " * 3,
                )  # fmt: skip
        submit_attempt(attempt=answered, now=now())
        running = make_exam(title="Full mock exam: deep learning course")
        start_exam(exam=running, user=user, now=now())
        improvements[user] = submit_contribution(
            question=long_answer.question, author=user, body=long_answer.body + " Improved.",
            replaces=long_answer,
        )  # fmt: skip
        submit_contribution(question=math, author=user, body="Proposed $x^2$ answer.")
    decided = submit_contribution(question=math, author=student, body="To be rejected.")
    reject_contribution(contribution=decided, moderator=moderator, reason="Not an answer " * 8)
    # A moderator decides others' contributions only: the student's improvement is approved.
    approve_contribution(contribution=improvements[student], moderator=moderator)
    return {"question": math}


def now():
    return timezone.now()


def pages_of(user, site) -> list[str]:
    attempts = user.attempts.select_related("exam").order_by("started_at")
    closed, running = attempts[0], attempts[1]
    return [
        *PUBLIC_PAGES,
        *SIGNED_IN_PAGES,
        site["question"].get_absolute_url(),
        site["question"].source.get_absolute_url(),
        f"/attempts/{running.public_id}/",
        f"/attempts/{running.public_id}/summary/",
        f"/attempts/{closed.public_id}/review/",
    ]


# The first element reaching past the window's right edge, to say what to fix.
TOO_WIDE = """() => {
  const el = [...document.querySelectorAll("main *")].find(
    (e) => e.getBoundingClientRect().right > innerWidth + 0.5);
  return el ? el.tagName.toLowerCase() + "." + el.className + " in "
    + (el.closest("section, article, table") || el).className : "none in main";
}"""


def scrolls_sideways(page, base, path) -> str | None:
    page.goto(base + path)
    if "/api/docs/" in path:
        page.locator(".swagger-ui .opblock").first.wait_for(timeout=15_000)
    else:
        wait_for_mathjax(page)
    widths = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    if widths[0] <= widths[1]:
        return None
    return f"{path}: {widths[0]} > {widths[1]}, first too wide: {page.evaluate(TOO_WIDE)}"


@pytest.mark.parametrize("persona", ["student", "moderator"])
def test_no_page_scrolls_sideways_on_a_390_pixel_phone(
    live_server, page, log_in, site, persona, request
):
    user = request.getfixturevalue(persona)
    page.set_viewport_size(PHONE)
    log_in(user)
    paths = pages_of(user, site) + (MODERATOR_PAGES if persona == "moderator" else [])
    base = live_server.url
    assert [problem for path in paths if (problem := scrolls_sideways(page, base, path))] == []


def test_no_signed_out_page_scrolls_sideways_on_a_390_pixel_phone(live_server, page, site):
    page.set_viewport_size(PHONE)
    paths = PUBLIC_PAGES + ANONYMOUS_PAGES + [site["question"].get_absolute_url()]
    base = live_server.url
    assert [problem for path in paths if (problem := scrolls_sideways(page, base, path))] == []


BACKGROUNDS = {"light": "rgb(244, 246, 249)", "dark": "rgb(17, 21, 27)"}


@pytest.mark.parametrize("scheme, width", [("dark", 1280), ("dark", 390), ("light", 1280)])
def test_pages_have_readable_contrast_in_dark_and_light_mode(
    live_server, page, log_in, site, moderator, scheme, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    log_in(moderator)
    paths = pages_of(moderator, site) + MODERATOR_PAGES
    problems = {}
    for path in paths:
        if "/api/docs/" in path:
            continue  # Swagger UI brings its own light theme
        page.goto(live_server.url + path)
        wait_for_mathjax(page)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == BACKGROUNDS[scheme], f"{path} uses the {scheme} palette"
        if found := serious_violations(page):
            problems[path] = found
    assert problems == {}


def test_math_is_typeset_in_the_dark_palettes_text_colour(live_server, page, site):
    page.emulate_media(color_scheme="dark")
    page.goto(live_server.url + site["question"].get_absolute_url())
    wait_for_mathjax(page)
    colours = page.evaluate(
        """() => [getComputedStyle(document.querySelector("mjx-container")).color,
                  getComputedStyle(document.querySelector(".question-body")).color]"""
    )
    assert colours[0] == colours[1] == "rgb(227, 232, 239)"
