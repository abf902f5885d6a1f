"""Migrations of the exam models keep every row: the move out of the questions app (exams
0001/0002), one open attempt per student and exam (0008)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("questions", "0004_exam_slug"),
    ("accounts", "0002_api_tokens"),
    ("exams", None),  # the exams app does not exist yet
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.fixture
def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_attempts_and_contributions_survive_the_move_to_the_exams_app(latest):
    old = migrate(BEFORE)
    User = old.get_model("accounts", "User")
    Source = old.get_model("questions", "Source")
    Topic = old.get_model("questions", "Topic")
    Question = old.get_model("questions", "Question")
    Answer = old.get_model("questions", "Answer")
    Exam = old.get_model("questions", "Exam")
    Attempt = old.get_model("questions", "Attempt")
    Response = old.get_model("questions", "Response")

    student = User.objects.create(username="ada")
    source = Source.objects.create(slug="notes", name="Notes")
    topic = Topic.objects.create(slug="cnn", name="CNN")
    question = Question.objects.create(
        source=source, position=1, text="What is a kernel?", text_html="<p>…</p>"
    )
    Answer.objects.create(
        question=question, body="A small filter.", body_html="", status="pending", author=student
    )
    exam = Exam.objects.create(
        slug="drill", title="CNN drill", question_count=1, time_limit_minutes=5
    )
    exam.topics.add(topic)
    exam.sources.add(source)
    now = timezone.now()
    attempt = Attempt.objects.create(
        user=student, exam=exam, status="submitted", started_at=now, deadline=now
    )
    Response.objects.create(
        attempt=attempt, question=question, position=1, text="A filter", points=0.75
    )

    migrate(latest)

    from exams.models import Attempt as NewAttempt
    from exams.models import Exam as NewExam
    from questions.models import Answer as NewAnswer

    moved = NewAttempt.objects.select_related("exam", "user").get(public_id=attempt.public_id)
    assert (moved.user.username, moved.exam.title, moved.status) == (
        "ada",
        "CNN drill",
        "submitted",
    )
    assert [(r.position, r.text, r.points) for r in moved.responses.all()] == [
        (1, "A filter", 0.75)
    ]
    assert list(NewExam.objects.get(slug="drill").topics.values_list("slug", flat=True)) == ["cnn"]
    assert list(NewExam.objects.get(slug="drill").sources.values_list("slug", flat=True)) == [
        "notes"
    ]
    assert NewAnswer.objects.get(author__username="ada").body == "A small filter."
    assert "exams_attempt" in connection.introspection.table_names()
    assert "questions_attempt" not in connection.introspection.table_names()


def test_a_second_open_attempt_at_one_exam_closes_and_the_latest_stays_open(latest):
    old = migrate(
        [node for node in latest if node[0] != "exams"] + [("exams", "0007_exam_links_changed_at")]
    )
    User = old.get_model("accounts", "User")
    Exam = old.get_model("exams", "Exam")
    Attempt = old.get_model("exams", "Attempt")
    student = User.objects.create(username="ada")
    drill, mock = (
        Exam.objects.create(slug=slug, title=slug, question_count=1, time_limit_minutes=30)
        for slug in ("drill", "mock")
    )
    now = timezone.now()

    def open_attempt(exam, started_at):
        return Attempt.objects.create(
            user=student, exam=exam, started_at=started_at, deadline=started_at + timedelta(hours=1)
        ).public_id

    earlier = open_attempt(drill, now - timedelta(minutes=5))
    later = open_attempt(drill, now)
    other_exam = open_attempt(mock, now - timedelta(minutes=5))

    migrate(latest)

    from exams.models import Attempt as NewAttempt

    status = dict(NewAttempt.objects.values_list("public_id", "status"))
    assert status == {earlier: "expired", later: "in_progress", other_exam: "in_progress"}
    closed = NewAttempt.objects.get(public_id=earlier)
    assert closed.finished_at is not None and not closed.is_being_marked
