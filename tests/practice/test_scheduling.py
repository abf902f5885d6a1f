"""Rating cards schedules them with FSRS, and every review is kept as a row."""

from datetime import timedelta

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating
from fsrs.scheduler import DEFAULT_PARAMETERS

from practice.models import Card, PracticeSettings, Review
from practice.scheduling import GRADES
from practice.services import PracticeInputError, rate_card, store_fitted_parameters
from tests.factories import make_question

from .conftest import T0


def rate_twice(user, question, rating):
    rate_card(user=user, question_id=question.pk, rating=rating, now=T0)
    card = Card.objects.get(user=user, question=question)
    return rate_card(user=user, question_id=question.pk, rating=rating, now=card.due).card


def test_a_card_rated_5_twice_is_due_later_than_one_rated_1_twice(student, deck):
    easy = rate_twice(student, deck["cnn"][0], 5)
    hard = rate_twice(student, deck["cnn"][1], 1)
    assert easy.due - T0 > timedelta(days=7)
    assert hard.due - T0 < timedelta(hours=1)
    assert easy.due > hard.due


def test_each_review_is_stored_with_the_card_state_before_and_after(student, deck):
    question = deck["cnn"][0]
    first = rate_card(user=student, question_id=question.pk, rating=3, now=T0, duration_ms=4200)
    later = T0 + timedelta(days=2)
    second = rate_card(user=student, question_id=question.pk, rating=4, now=later)

    reviews = list(Review.objects.filter(user=student).order_by("reviewed_at"))
    assert [(r.rating, r.grade, r.was_new) for r in reviews] == [(3, 3, True), (4, 3, False)]
    assert reviews[0].duration_ms == 4200
    assert reviews[0].elapsed_days is None
    assert reviews[1].elapsed_days == pytest.approx(2.0)
    assert reviews[0].state_before["last_review"] is None
    # The second review starts from exactly where the first left the card.
    assert second.state_before == first.state_after
    card = Card.objects.get(pk=first.card_id)
    assert FsrsCard.from_dict(second.state_after).due == card.due


def test_ratings_map_to_fsrs_grades_in_one_place():
    assert GRADES == {
        1: Rating.Again,
        2: Rating.Hard,
        3: Rating.Good,
        4: Rating.Good,
        5: Rating.Easy,
    }


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_off_the_scale_is_refused_and_changes_nothing(student, deck, rating):
    with pytest.raises(PracticeInputError):
        rate_card(user=student, question_id=deck["cnn"][0].pk, rating=rating, now=T0)
    assert not Card.objects.exists()


def test_a_question_without_a_model_answer_cannot_become_a_card(student, deck):
    with pytest.raises(PracticeInputError, match="no model answer"):
        rate_card(user=student, question_id=deck["unanswered"][0].pk, rating=3, now=T0)
    assert not Card.objects.exists()


def test_a_higher_desired_retention_brings_cards_back_sooner(student, outsider):
    question = make_question(answer="A.")
    PracticeSettings.objects.create(user=outsider, desired_retention=0.97)
    relaxed = rate_twice(student, question, 3)
    strict = rate_twice(outsider, question, 3)
    assert strict.due < relaxed.due


def test_fitted_parameters_drive_the_students_scheduler(student, outsider):
    question = make_question(answer="A.")
    # Initial stability after "Good" is the third parameter: a fitted 30 days vs the default 2.3.
    parameters = list(DEFAULT_PARAMETERS)
    parameters[2] = 30.0
    store_fitted_parameters(user=student, parameters=parameters, review_count=600, now=T0)
    fitted = rate_card(user=student, question_id=question.pk, rating=3, now=T0).card
    default = rate_card(user=outsider, question_id=question.pk, rating=3, now=T0).card
    assert fitted.stability == pytest.approx(30.0)
    assert default.stability == pytest.approx(2.3065)
