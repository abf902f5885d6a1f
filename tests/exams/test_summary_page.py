"""The "Summary of attempt" page between the exam and submitting, as Moodle has it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.models import Attempt
from exams.services import save_response, start_exam, submit_attempt
from tests.factories import make_exam, make_question, make_true_false


@pytest.fixture
def attempt(db, student):
    for n in range(3):
        make_question(text=f"Open question {n}?", answer=f"Model answer {n}.")
    return start_exam(exam=make_exam(question_count=3), user=student, now=timezone.now())


def summary_url(attempt):
    return reverse("exams:summary", args=[attempt.public_id])


def rows(body: str) -> dict[int, str]:
    """Question number -> the text of its row (status and flag)."""
    found = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", body, re.S)
    return {
        int(re.search(r"Question (\d+)</a>", row).group(1)): re.sub(r"<[^>]+>", " ", row)
        for row in found
    }


def test_summary_lists_every_question_with_its_state_and_a_link_back(student_client, attempt):
    now = timezone.now()
    save_response(attempt=attempt, position=1, now=now, revision=1, text="Mine")
    save_response(attempt=attempt, position=2, now=now, revision=1, flagged=True)
    body = student_client.get(summary_url(attempt)).content.decode()
    states = rows(body)
    assert sorted(states) == [1, 2, 3]
    assert "Answered" in states[1] and "Not flagged" in states[1]
    assert "Not answered" in states[2] and "Flagged" in states[2].replace("Not flagged", "")
    assert "Not answered" in states[3]
    attempt_url = reverse("exams:attempt", args=[attempt.public_id])
    for position in (1, 2, 3):
        assert f'href="{attempt_url}#q-{position}"' in body
    assert "1 of 3 answered · 1 flagged" in body


def test_return_to_attempt_has_the_focus_and_time_left_counts(student_client, attempt):
    body = student_client.get(summary_url(attempt)).content.decode()
    focused = re.findall(r"<[^>]*\bautofocus\b[^>]*>([^<]*)", body)
    # The dialog's own autofocus (Cancel) only applies once the dialog opens.
    assert focused[0] == "Return to attempt"
    assert 'role="timer"' in body and 'data-remaining-seconds="17' in body


def test_the_first_submit_asks_once_more_and_changes_nothing(student_client, attempt):
    response = student_client.post(summary_url(attempt))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="confirm-box"' in body and "Submit all and finish?" in body
    assert "3 questions are not answered." in body
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_confirming_submits_and_opens_the_review(student_client, attempt):
    response = student_client.post(summary_url(attempt), {"confirmed": "on"})
    assert response.url == reverse("exams:review", args=[attempt.public_id])
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED


def test_a_closed_attempt_goes_to_its_review(student_client, attempt):
    submit_attempt(attempt=attempt, now=timezone.now())
    response = student_client.get(summary_url(attempt))
    assert response.url == reverse("exams:review", args=[attempt.public_id])


def test_an_attempt_past_its_deadline_is_closed_not_summarised(student_client, student):
    make_question(text="Late?", answer="Yes.")
    late = start_exam(
        exam=make_exam(question_count=1), user=student, now=timezone.now() - timedelta(hours=2)
    )
    response = student_client.post(summary_url(late), {"confirmed": "on"})
    assert response.url == reverse("exams:review", args=[late.public_id])
    late.refresh_from_db()
    assert late.status == Attempt.Status.EXPIRED


def test_another_students_summary_is_a_404(client, attempt, outsider):
    client.force_login(outsider)
    assert client.get(summary_url(attempt)).status_code == 404
    assert client.post(summary_url(attempt), {"confirmed": "on"}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open


@pytest.mark.parametrize("n", [1, 30])
def test_summary_query_count_is_flat(student_client, student, django_assert_num_queries, n):
    for i in range(n):
        make_true_false(text=f"True or false {i}?")
    attempt = start_exam(exam=make_exam(question_count=n), user=student, now=timezone.now())
    # session, user, attempt with exam, responses, and the user's permissions (2) for the
    # moderators' link in the navigation
    with django_assert_num_queries(6):
        response = student_client.get(summary_url(attempt))
    assert response.status_code == 200
    assert len(rows(response.content.decode())) == n
