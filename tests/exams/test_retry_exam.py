""" "Practise what I missed": a new exam of exactly the questions an attempt missed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.models import Attempt, Exam
from exams.services import (
    ExamError,
    rate_response,
    save_response,
    start_exam,
    start_retry_exam,
    submit_attempt,
)
from tests.factories import make_exam, make_question, make_topic, make_true_false

T0 = timezone.make_aware(timezone.datetime(2026, 11, 24, 9, 0))


@pytest.fixture
def graded(db, student):
    """A closed 6-question attempt: one of each way to fare.

    rated 1, rated 2 and blank (open), wrong (true/false): missed;
    rated 3 (open) and correct (true/false): not missed.
    """
    cnn, rnn, gan = make_topic(name="CNN"), make_topic(name="RNN"), make_topic(name="GAN")
    questions = {
        "rated 1": make_question(text="Rated 1?", answer="A.", topics=[cnn]),
        "rated 2": make_question(text="Rated 2?", answer="A.", topics=[rnn]),
        "blank": make_question(text="Blank?", answer="A.", topics=[cnn]),
        "rated 3": make_question(text="Rated 3?", answer="A.", topics=[gan]),
        "wrong": make_true_false(text="Wrong?", correct=True, topics=[rnn]),
        "correct": make_true_false(text="Correct?", correct=True, topics=[gan]),
    }
    exam = make_exam(title="Drill: everything", question_count=6, time_limit_minutes=30)
    attempt = start_exam(exam=exam, user=student, now=T0)
    by_question = {r.question_id: r.position for r in attempt.responses.all()}
    position = {name: by_question[question.pk] for name, question in questions.items()}
    for name in ("rated 1", "rated 2", "rated 3"):
        save_response(attempt=attempt, position=position[name], now=T0, revision=1, text="Mine")
    for name, pick in (("wrong", "False"), ("correct", "True")):
        choice = questions[name].choices.get(text=pick)
        save_response(
            attempt=attempt, position=position[name], now=T0, revision=1, choice_ids=[choice.pk]
        )
    attempt = submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=20))
    for name, rating in (("rated 1", 1), ("rated 2", 2), ("rated 3", 3)):
        rate_response(attempt=attempt, position=position[name], rating=rating)
    return attempt, questions


def test_the_retry_draws_exactly_the_blank_wrong_and_poorly_rated_questions(graded, student):
    attempt, questions = graded
    retry = start_retry_exam(attempt=attempt, user=student, now=T0 + timedelta(hours=1))
    missed = {questions[name].pk for name in ("rated 1", "rated 2", "blank", "wrong")}
    assert set(retry.responses.values_list("question_id", flat=True)) == missed
    assert retry.is_open and retry.user == student
    assert retry.exam.owner == student and retry.exam.question_count == 4


def test_the_retry_is_named_by_its_topics_and_keeps_the_time_per_question(graded, student):
    attempt, _ = graded
    retry = start_retry_exam(attempt=attempt, user=student, now=T0 + timedelta(hours=1))
    assert retry.exam.title == "Missed questions: CNN, RNN · 4 questions"
    assert "Drill: everything" in retry.exam.description
    # 30 minutes for 6 questions: 5 per question
    assert retry.exam.time_limit_minutes == 20
    assert retry.deadline == T0 + timedelta(hours=1, minutes=20)


def test_a_second_retry_of_the_same_attempt_is_a_new_exam(graded, student):
    attempt, _ = graded
    first = start_retry_exam(attempt=attempt, user=student, now=T0 + timedelta(hours=1))
    submit_attempt(attempt=first, now=T0 + timedelta(hours=1, minutes=5))
    second = start_retry_exam(attempt=attempt, user=student, now=T0 + timedelta(hours=2))
    assert second.pk != first.pk and second.exam_id != first.exam_id


def test_an_open_attempt_cannot_be_retried(db, student):
    make_question(text="Open?", answer="A.")
    attempt = start_exam(exam=make_exam(question_count=1), user=student, now=T0)
    with pytest.raises(ExamError, match="once the attempt is submitted"):
        start_retry_exam(attempt=attempt, user=student, now=T0)
    assert Exam.objects.filter(owner=student).count() == 0


def test_nothing_missed_is_refused_with_a_message(db, student):
    question = make_true_false(text="Easy?", correct=True)
    attempt = start_exam(exam=make_exam(question_count=1), user=student, now=T0)
    right = question.choices.get(text="True")
    save_response(attempt=attempt, position=1, now=T0, revision=1, choice_ids=[right.pk])
    attempt = submit_attempt(attempt=attempt, now=T0)
    with pytest.raises(ExamError, match="Nothing to practise"):
        start_retry_exam(attempt=attempt, user=student, now=T0)
    assert Attempt.objects.count() == 1


def test_one_click_on_the_review_starts_the_retry(student_client, graded, student):
    attempt, _ = graded
    review = reverse("exams:review", args=[attempt.public_id])
    assert "Practise what I missed <span" in student_client.get(review).content.decode()
    response = student_client.post(reverse("exams:retry", args=[attempt.public_id]))
    retry = Attempt.objects.exclude(pk=attempt.pk).get()
    assert response.url == reverse("exams:attempt", args=[retry.public_id])
    assert retry.responses.count() == 4


def test_retrying_someone_elses_attempt_is_a_404(client, graded, outsider):
    attempt, _ = graded
    client.force_login(outsider)
    assert client.post(reverse("exams:retry", args=[attempt.public_id])).status_code == 404
    assert Attempt.objects.count() == 1
