"""The review and history pages read a fixed number of times, whatever their length."""

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.services import start_exam, submit_attempt
from tests.factories import make_exam, make_question, make_topic, make_true_false


def finished_attempt(student, n: int):
    for i in range(n):
        make_question(text=f"Open {i}?", answer=f"Model answer {i}.", topics=[make_topic()])
        make_true_false(text=f"True or false {i}?", topics=[make_topic()])
    attempt = start_exam(exam=make_exam(question_count=2 * n), user=student, now=timezone.now())
    return submit_attempt(attempt=attempt, now=timezone.now())


@pytest.mark.parametrize("n", [1, 15])
def test_review_page_query_count_is_flat(student_client, student, django_assert_num_queries, n):
    attempt = finished_attempt(student, n)
    # session, user, attempt, scored attempt, responses, questions' choices, model answers,
    # offered answers, permissions (2) for the navigation
    with django_assert_num_queries(10):
        response = student_client.get(reverse("exams:review", args=[attempt.public_id]))
    assert response.status_code == 200
    assert response.content.decode().count('class="review-item') == 2 * n


@pytest.mark.parametrize("n", [1, 12])
def test_history_page_query_count_is_flat(student_client, student, django_assert_num_queries, n):
    for _ in range(n):
        finished_attempt(student, 1)
    # session, user, expiry check, attempts with scores, topic strengths, answers rated well
    # above their mark, permissions (2)
    with django_assert_num_queries(8):
        response = student_client.get(reverse("exams:history"))
    assert response.status_code == 200
    assert response.content.decode().count("/review/") == n
