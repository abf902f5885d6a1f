"""What the exam pages say: warnings that fit the exam's length, and plurals that agree."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exams.services import ExamInputError, create_custom_exam, start_exam, time_warnings
from tests.factories import make_exam, make_question


@pytest.mark.parametrize(
    "minutes, warnings",
    [
        (1, [(15, "15 seconds left: your exam is submitted automatically at zero.")]),
        (3, [(60, "1 minute left: your exam is submitted automatically at zero.")]),
        (10, [(300, "5 minutes left."),
              (60, "1 minute left: your exam is submitted automatically at zero.")]),
        (90, [(900, "15 minutes left."), (300, "5 minutes left."),
              (60, "1 minute left: your exam is submitted automatically at zero.")]),
    ],
)  # fmt: skip
def test_warnings_scale_with_the_exams_length(db, minutes, warnings):
    exam = make_exam(time_limit_minutes=minutes)
    assert [(w["seconds"], w["text"]) for w in time_warnings(exam)] == warnings


def test_a_three_minute_exam_never_warns_five_minutes_left(student_client, student):
    make_question(text="Quick?", answer="Yes.")
    attempt = start_exam(
        exam=make_exam(question_count=1, time_limit_minutes=3), user=student, now=timezone.now()
    )
    body = student_client.get(reverse("exams:attempt", args=[attempt.public_id])).content.decode()
    assert "1 minute left" in body and "5 minutes left" not in body


def test_one_matching_question_is_told_in_the_singular(student):
    make_question(text="Only one?", answer="Yes.")
    with pytest.raises(ExamInputError) as refused:
        create_custom_exam(
            owner=student, topics=[], sources=[], kinds=[], question_count=3,
            time_limit_minutes=5,
        )  # fmt: skip
    assert refused.value.message.startswith("Only 1 question matches these choices:")


def test_the_exam_list_says_1_question_and_1_minute(student_client):
    make_exam(title="Tiny", question_count=1, time_limit_minutes=1)
    make_exam(title="Big", question_count=2, time_limit_minutes=20)
    body = student_client.get(reverse("exams:exams")).content.decode()
    assert "1 question · 1 minute<" in body and "2 questions · 20 minutes<" in body


def test_expiring_one_attempt_says_attempt(db, capsys, student):
    call_command("expire_attempts")
    assert capsys.readouterr().out.strip() == "Closed 0 overdue attempts."
    make_question(text="Late?", answer="Yes.")
    start_exam(
        exam=make_exam(question_count=1),
        user=student,
        now=timezone.now() - timezone.timedelta(hours=2),
    )
    call_command("expire_attempts")
    assert capsys.readouterr().out.strip() == "Closed 1 overdue attempt."
