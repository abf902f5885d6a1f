"""Marking off the request: with the database task queue, a submit grades the choice questions at
once and leaves the open answers to the task worker; the review says so and reloads until the
marks are in, and practice hears of them once, when the worker has marked."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from exams.models import Attempt
from exams.services import mark_attempt, save_response, start_exam
from practice.models import Card, Review
from tests.factories import make_exam, make_question, make_topic, make_true_false

# The worker closes connections between tasks, which a test inside a transaction cannot have.
pytestmark = pytest.mark.django_db(transaction=True)

BACKPROP = (
    "Backpropagation computes the gradient of the loss with respect to every weight by applying "
    "the chain rule backwards through the network, layer by layer."
)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def sit(user, *, open_questions: int = 1):
    """Start an exam of ``open_questions`` open questions and one true/false, answer them all
    well (the true/false right), and return the attempt."""
    topic = make_topic(name="Training", slug="training")
    for n in range(open_questions):
        make_question(text=f"What is backpropagation ({n})?", answer=BACKPROP, topics=[topic])
    make_true_false(text="ReLU is linear?", correct=False, topics=[topic])
    now = timezone.now()
    attempt = start_exam(exam=make_exam(question_count=open_questions + 1), user=user, now=now)
    for response in attempt.responses.select_related("question").prefetch_related(
        "question__choices"
    ):
        if response.question.kind == "open":
            save_response(
                attempt=attempt, position=response.position, now=now, revision=1, text=BACKPROP
            )
        else:
            right = response.question.choices.get(is_correct=True)
            save_response(
                attempt=attempt, position=response.position, now=now, revision=1,
                choice_ids=[right.pk],
            )  # fmt: skip
    return attempt


def submit(user, attempt) -> dict:
    response = api_for(user).post(f"/api/v1/attempts/{attempt.public_id}/submit/")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_worker_marks_a_submitted_attempt_and_the_review_waits_for_it(
    database_queue, student, student_client
):
    attempt = sit(student)
    summary = submit(student, attempt)

    assert summary["status"] == "submitted"
    assert summary["being_marked"] is True
    assert summary["marked_score"] is None
    assert DBTaskResult.objects.get().task_path == "exams.tasks.mark_closed_attempt"
    responses = {r.question.kind: r for r in attempt.responses.select_related("question")}
    assert responses["open"].marking_method == ""
    assert responses["true_false"].is_correct is True  # graded by its key, at once
    assert not Card.objects.filter(user=student).exists()  # practice waits for the mark

    review_url = reverse("exams:review", args=[attempt.public_id])
    page = student_client.get(review_url).content.decode()
    assert 'id="marking-pending"' in page
    assert 'http-equiv="refresh"' in page
    assert "Being marked" in page
    assert "Covered" not in page
    assert "comes once the marks are in" in page  # no "Practise what I missed" from half a mark
    review = api_for(student).get(f"/api/v1/attempts/{attempt.public_id}/review/").json()
    assert review["being_marked"] is True
    assert {r["state"] for r in review["responses"]} == {"pending", "correct"}
    marking_url = f"/api/v1/attempts/{attempt.public_id}/marking/"
    assert api_for(student).get(marking_url).json()["being_marked"] is True

    run_worker()

    status = api_for(student).get(marking_url).json()
    assert status["being_marked"] is False and status["marked_at"] is not None

    attempt.refresh_from_db()
    assert attempt.marked_at is not None
    marked = attempt.responses.get(question__kind="open")
    assert marked.marked_rating is not None
    assert marked.key_points
    page = student_client.get(review_url).content.decode()
    assert 'id="marking-pending"' not in page
    assert 'http-equiv="refresh"' not in page
    assert f"Marked {marked.marked_rating} / 5" in page
    assert "comes once the marks are in" not in page
    review = api_for(student).get(f"/api/v1/attempts/{attempt.public_id}/review/").json()
    assert review["being_marked"] is False
    assert review["marked_score"] is not None
    assert "pending" not in {r["state"] for r in review["responses"]}
    card = Card.objects.get(user=student)
    assert card.question_id == marked.question_id
    assert Review.objects.filter(user=student).count() == 1


def test_marking_again_changes_nothing(database_queue, student):
    attempt = sit(student, open_questions=2)
    submit(student, attempt)
    run_worker()
    attempt.refresh_from_db()
    marked_at = attempt.marked_at
    marks = list(attempt.responses.values_list("marked_rating", "marking_explanation"))

    mark_attempt(attempt.pk, now=timezone.now())
    DBTaskResult.objects.update(status="READY")  # the queue hands the same task out again
    run_worker()

    attempt.refresh_from_db()
    assert attempt.marked_at == marked_at
    assert list(attempt.responses.values_list("marked_rating", "marking_explanation")) == marks
    assert Review.objects.filter(user=student).count() == 2  # one per open answer, not four


def test_an_attempt_without_open_questions_needs_no_worker(database_queue, student):
    attempt = sit(student, open_questions=0)
    summary = submit(student, attempt)
    assert summary["being_marked"] is False
    assert summary["marked_score"] == 1.0
    assert not DBTaskResult.objects.exists()


def test_the_mark_attempts_command_marks_an_attempt_whose_task_was_lost(database_queue, student):
    attempt = sit(student)
    submit(student, attempt)
    DBTaskResult.objects.all().delete()

    call_command("mark_attempts", stdout=StringIO())

    attempt.refresh_from_db()
    assert attempt.marked_at is not None
    assert attempt.responses.get(question__kind="open").marked_rating is not None


def test_attempts_closed_before_the_worker_marked_count_as_marked():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before = [node for node in latest if node[0] != "exams"]
    before.append(("exams", "0004_exam_fixed_questions"))
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("accounts", "User").objects.create(username="old-student")
    exam = old.get_model("exams", "Exam").objects.create(
        slug="old", title="Old exam", question_count=1, time_limit_minutes=10
    )
    OldAttempt = old.get_model("exams", "Attempt")
    now = timezone.now()
    closed = OldAttempt.objects.create(
        user=user, exam=exam, status="submitted", started_at=now, deadline=now, finished_at=now
    )
    running = OldAttempt.objects.create(user=user, exam=exam, started_at=now, deadline=now)

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert Attempt.objects.get(pk=closed.pk).marked_at == now
    assert Attempt.objects.get(pk=running.pk).marked_at is None


def test_nobody_else_can_ask_whether_an_attempt_is_marked(
    database_queue, student, django_user_model
):
    attempt = sit(student)
    submit(student, attempt)
    someone = django_user_model.objects.create_user("someone-else")
    url = f"/api/v1/attempts/{attempt.public_id}/marking/"
    assert api_for(someone).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 403)
