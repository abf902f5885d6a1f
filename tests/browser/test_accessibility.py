"""axe-core, the checker a careful accessibility reviewer runs, finds nothing serious."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from exams.services import start_exam
from questions.models import Question
from tests.browser.conftest import wait_for_mathjax
from tests.factories import make_exam

SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize(
    "path",
    ["/", "/questions/", "/questions/?topic=cnn&answered=false", "/sources/", "/topics/cnn/",
     "/accounts/login/", "/accounts/signup/"],
)  # fmt: skip
def test_public_pages_have_no_serious_accessibility_violations(
    live_server, transactional_db, bank, page, path
):
    page.goto(live_server.url + path)
    wait_for_mathjax(page)
    assert serious_violations(page) == []


@pytest.mark.parametrize(
    "start",
    [
        "What is the difference between binary cross",
        # A missing-figure notice in the answer, the same question elsewhere, related questions.
        "What is early stopping in machine learning?",
    ],
)
def test_question_page_with_math_and_forms_has_no_serious_violations(
    live_server, transactional_db, bank, page, log_in, student, start
):
    log_in(student)
    question = Question.objects.get(text__startswith=start)
    page.goto(live_server.url + question.get_absolute_url())
    wait_for_mathjax(page)
    assert serious_violations(page) == []


def test_exam_page_has_no_serious_violations(
    live_server, transactional_db, bank, page, log_in, student
):
    log_in(student)
    attempt = start_exam(exam=make_exam(question_count=5), user=student, now=timezone.now())
    page.goto(f"{live_server.url}/attempts/{attempt.public_id}/")
    wait_for_mathjax(page)
    assert serious_violations(page) == []
