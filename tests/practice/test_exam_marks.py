"""A marked open answer in an exam schedules that card with that mark; nothing else in an exam
changes the schedule."""

import random
from datetime import timedelta

import pytest

from exams.services import rate_response, save_response, start_exam, submit_attempt
from practice.models import Card, Review
from practice.services import rate_card
from questions.models import Question
from tests.factories import make_exam, make_question, make_true_false

from .conftest import T0


@pytest.fixture
def attempt(student):
    make_question(text="What is dropout?", answer="Zeroing random activations.")
    make_question(text="What is a ReLU?", answer="max(0, x).")
    make_question(text="No model answer here?")
    make_true_false(text="True or false: ReLU is linear?", correct=False)
    exam = make_exam(question_count=4, include_unanswered=True)
    return start_exam(exam=exam, user=student, now=T0, rng=random.Random(3))


def position(attempt, text):
    return attempt.responses.get(question__text=text).position


def finish(attempt, student):
    tf = attempt.responses.get(question__kind=Question.Kind.TRUE_FALSE)
    choice = tf.question.choices.get(text="True")  # the wrong one
    save_response(attempt=attempt, position=tf.position, now=T0, revision=1, choice_ids=[choice.pk])
    save_response(
        attempt=attempt,
        position=position(attempt, "What is dropout?"),
        now=T0,
        revision=1,
        text="Dropping units at random.",
    )
    return submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=5))


def test_submitting_an_exam_schedules_nothing(attempt, student):
    finish(attempt, student)
    assert not Card.objects.exists()
    assert not Review.objects.exists()


def test_a_marked_open_answer_schedules_that_card_with_that_rating(attempt, student):
    closed = finish(attempt, student)
    dropout = position(attempt, "What is dropout?")
    rate_response(attempt=closed, position=dropout, rating=1)

    review = Review.objects.get()
    assert (review.rating, review.origin, review.user) == (1, Review.Origin.EXAM, student)
    assert review.reviewed_at == closed.finished_at
    assert review.card.question.text == "What is dropout?"
    assert review.exam_response == closed.responses.get(position=dropout)
    # Rated 1 ("not at all"): the card comes back within minutes of the exam.
    assert review.card.due - closed.finished_at < timedelta(hours=1)


def test_correcting_the_mark_redoes_that_review_instead_of_adding_one(attempt, student):
    closed = finish(attempt, student)
    dropout = position(attempt, "What is dropout?")
    rate_response(attempt=closed, position=dropout, rating=1)
    soon = Card.objects.get().due
    rate_response(attempt=closed, position=dropout, rating=5)

    review = Review.objects.get()
    assert review.rating == 5
    card = Card.objects.get()
    assert card.due > soon
    assert review.state_after["due"] == card.due.isoformat()


def test_a_mark_changed_after_later_practice_leaves_the_schedule_alone(attempt, student):
    closed = finish(attempt, student)
    dropout = position(attempt, "What is dropout?")
    rate_response(attempt=closed, position=dropout, rating=3)
    question = closed.responses.get(position=dropout).question
    practised = rate_card(user=student, question_id=question.pk, rating=4, now=T0 + timedelta(1))
    rate_response(attempt=closed, position=dropout, rating=1)

    assert Review.objects.count() == 2
    assert Card.objects.get().due == practised.card.due
    assert Review.objects.get(origin=Review.Origin.EXAM).rating == 3


def test_a_mark_for_a_question_without_model_answer_schedules_nothing(attempt, student):
    closed = finish(attempt, student)
    rate_response(attempt=closed, position=position(attempt, "No model answer here?"), rating=4)
    assert not Card.objects.exists()


def test_an_exam_mark_on_a_practised_card_is_one_more_review(attempt, student):
    question = Question.objects.get(text="What is a ReLU?")
    rate_card(user=student, question_id=question.pk, rating=3, now=T0 - timedelta(days=3))
    closed = finish(attempt, student)
    rate_response(attempt=closed, position=position(attempt, "What is a ReLU?"), rating=5)

    reviews = list(Review.objects.order_by("reviewed_at"))
    assert [(r.origin, r.rating) for r in reviews] == [("practice", 3), ("exam", 5)]
    assert reviews[1].state_before == reviews[0].state_after
