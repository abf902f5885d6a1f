"""Today's cards: due first (oldest due first), then new ones up to the day's allowance."""

from datetime import timedelta

import pytest

from exams.models import Attempt, Response
from practice.models import Card, PracticeSettings
from practice.selectors import practice_session, resolve_scope
from practice.services import rate_card
from tests.factories import make_exam, make_question, make_source, make_topic

from .conftest import T0, make_card


def session(user, limit=20, **scope):
    return practice_session(user=user, scope=resolve_scope(user, **scope), now=T0, limit=limit)


def test_due_cards_come_oldest_due_first_then_new_cards(student, deck):
    older = make_card(student, deck["cnn"][1], due=T0 - timedelta(days=2))
    newer = make_card(student, deck["cnn"][0], due=T0 - timedelta(hours=1))
    make_card(student, deck["rnn"][0], due=T0 + timedelta(days=1))  # not due yet
    items = session(student).items
    assert [item.card for item in items[:2]] == [older, newer]
    assert all(item.is_new for item in items[2:])
    # New cards continue in bank order after the newest card (RNN 0), then wrap around.
    new_ids = [item.question.pk for item in items[2:]]
    assert new_ids == [deck["rnn"][1].pk, deck["rnn"][2].pk, deck["cnn"][2].pk]


def test_the_due_list_is_bounded_by_its_limit(student, deck):
    for n, question in enumerate(deck["cnn"] + deck["rnn"]):
        make_card(student, question, due=T0 - timedelta(hours=n))
    items = session(student, limit=4).items
    assert len(items) == 4
    assert [item.card.due for item in items] == sorted(item.card.due for item in items)
    assert items[0].card.due == T0 - timedelta(hours=5)


def test_new_cards_stop_at_the_daily_limit(student, deck):
    PracticeSettings.objects.create(user=student, new_cards_per_day=2)
    assert sum(item.is_new for item in session(student).items) == 2
    rate_card(user=student, question_id=deck["cnn"][0].pk, rating=5, now=T0)
    later = session(student)
    assert later.new_today == 1
    assert sum(item.is_new for item in later.items) == 1


def test_nothing_due_tells_when_the_next_card_is_due(student, deck):
    PracticeSettings.objects.create(user=student, new_cards_per_day=0)
    make_card(student, deck["cnn"][0], due=T0 + timedelta(days=3))
    make_card(student, deck["cnn"][1], due=T0 + timedelta(days=1))
    today = session(student)
    assert today.items == []
    assert today.next_due_at == T0 + timedelta(days=1)
    assert today.new_left_today == 0


def test_a_topic_or_a_source_narrows_cards_and_new_cards(student, deck):
    make_card(student, deck["rnn"][0], due=T0 - timedelta(hours=1))
    cnn = deck["cnn"][0].topics.get()
    items = session(student, topic=cnn).items
    assert {item.question.pk for item in items} == {q.pk for q in deck["cnn"]}
    other = make_source(slug="other")
    elsewhere = make_question(source=other, answer="Elsewhere.")
    assert [item.question for item in session(student, source=other).items] == [elsewhere]


def test_weak_topics_come_from_exam_marks_and_wrong_choice_answers(student, deck):
    exam = make_exam()
    attempt = Attempt.objects.create(
        user=student, exam=exam, status=Attempt.Status.SUBMITTED, started_at=T0, deadline=T0
    )
    # Badly marked on RNN, well on CNN.
    Response.objects.create(attempt=attempt, question=deck["rnn"][0], position=1, marked_points=0.0)
    Response.objects.create(attempt=attempt, question=deck["cnn"][0], position=2, marked_points=1.0)
    weak = resolve_scope(student, weak=True)
    assert weak.weak_topics == ["rnn"]
    items = practice_session(user=student, scope=weak, now=T0).items
    assert {item.question.pk for item in items} == {q.pk for q in deck["rnn"]}


def test_practise_this_puts_the_question_first_even_when_not_due(student, deck):
    wanted = deck["rnn"][2]
    make_card(student, wanted, due=T0 + timedelta(days=30))
    make_card(student, deck["cnn"][0], due=T0 - timedelta(days=1))
    items = practice_session(
        user=student, scope=resolve_scope(student), now=T0, first_question_id=wanted.pk
    ).items
    assert items[0].question == wanted and not items[0].is_new
    assert [item.question for item in items].count(wanted) == 1


def test_a_student_never_gets_another_students_cards(student, outsider, deck):
    make_card(outsider, deck["cnn"][0], due=T0 - timedelta(days=1))
    items = session(student).items
    assert all(item.is_new for item in items)
    assert deck["cnn"][0].pk in {item.question.pk for item in items}


@pytest.mark.parametrize("cards", [1, 40])
def test_the_due_list_takes_the_same_queries_whatever_the_deck_size(
    student, django_assert_num_queries, cards
):
    topic, source = make_topic(), make_source()
    for n in range(cards):
        question = make_question(source=source, topics=[topic], answer=f"A {n}.")
        make_card(student, question, due=T0 - timedelta(minutes=n))
    for n in range(3):
        make_question(source=source, topics=[topic], answer=f"New {n}.")
    scope = resolve_scope(student, topic=topic)
    # settings, due cards, today's reviews, new cards, due count, next due,
    # questions + their topics, choices and answers
    with django_assert_num_queries(11):
        today = practice_session(user=student, scope=scope, now=T0, limit=20)
    assert len(today.items) == min(20, cards + 3)
    assert today.due_count == cards


@pytest.mark.parametrize("cards", [1, 40])
def test_a_rating_takes_the_same_queries_whatever_the_deck_size(
    student, django_assert_num_queries, cards
):
    questions = [make_question(answer=f"A {n}.") for n in range(cards)]
    for question in questions:
        make_card(student, question, due=T0)
    with django_assert_num_queries(7):
        rate_card(user=student, question_id=questions[-1].pk, rating=4, now=T0)
    assert Card.objects.get(question=questions[-1]).due > T0
