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


def test_closing_an_exam_schedules_the_assistants_mark_of_each_open_answer(attempt, student):
    closed = finish(attempt, student)
    reviews = {r.card.question.text: r for r in Review.objects.select_related("card__question")}
    # Open questions with a model answer only: not the true/false, not the unanswerable one.
    assert set(reviews) == {"What is dropout?", "What is a ReLU?"}
    dropout = closed.responses.get(question__text="What is dropout?")
    assert reviews["What is dropout?"].rating == dropout.marked_rating
    assert reviews["What is dropout?"].exam_response == dropout
    assert reviews["What is a ReLU?"].rating == 1  # left blank
    assert all(r.origin == Review.Origin.EXAM for r in reviews.values())
    assert all(r.reviewed_at == closed.finished_at for r in reviews.values())
    # Rated 1: the blank answer's card comes back within minutes of the exam.
    assert reviews["What is a ReLU?"].card.due - closed.finished_at < timedelta(hours=1)


def test_nothing_but_marks_touches_the_schedule(attempt, student):
    save_response(attempt=attempt, position=1, now=T0, revision=1, flagged=True)
    assert not Card.objects.exists()
    finish(attempt, student)
    assert Card.objects.count() == Review.objects.count() == 2


def test_correcting_the_mark_redoes_that_review_instead_of_adding_one(attempt, student):
    closed = finish(attempt, student)
    dropout = position(attempt, "What is dropout?")
    rate_response(attempt=closed, position=dropout, rating=1)
    soon = Card.objects.get(question__text="What is dropout?").due
    rate_response(attempt=closed, position=dropout, rating=5)

    review = Review.objects.get(card__question__text="What is dropout?")
    assert review.rating == 5
    card = Card.objects.get(question__text="What is dropout?")
    assert card.due > soon
    assert review.state_after["due"] == card.due.isoformat()


def test_a_mark_changed_after_later_practice_leaves_the_schedule_alone(attempt, student):
    closed = finish(attempt, student)
    dropout = position(attempt, "What is dropout?")
    rate_response(attempt=closed, position=dropout, rating=3)
    question = closed.responses.get(position=dropout).question
    practised = rate_card(user=student, question_id=question.pk, rating=4, now=T0 + timedelta(1))
    rate_response(attempt=closed, position=dropout, rating=1)

    reviews = Review.objects.filter(card__question=question)
    assert reviews.count() == 2
    assert Card.objects.get(question=question).due == practised.card.due
    assert reviews.get(origin=Review.Origin.EXAM).rating == 3


def test_a_mark_for_a_question_without_model_answer_schedules_nothing(attempt, student):
    closed = finish(attempt, student)
    rate_response(attempt=closed, position=position(attempt, "No model answer here?"), rating=1)
    assert not Card.objects.filter(question__text="No model answer here?").exists()


def test_an_exam_mark_on_a_practised_card_is_one_more_review(attempt, student):
    question = Question.objects.get(text="What is dropout?")
    rate_card(user=student, question_id=question.pk, rating=3, now=T0 - timedelta(days=3))
    closed = finish(attempt, student)
    rate_response(attempt=closed, position=position(attempt, "What is dropout?"), rating=5)

    reviews = list(Review.objects.filter(card__question=question).order_by("reviewed_at"))
    assert [(r.origin, r.rating) for r in reviews] == [("practice", 3), ("exam", 5)]
    assert reviews[1].state_before == reviews[0].state_after
