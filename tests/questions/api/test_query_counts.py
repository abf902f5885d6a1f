"""Every list endpoint makes the same number of queries for one row as for a full page.

Signed-in lists use force_authenticate, so the counts are the endpoint's own (a real token adds
one query to find it, and one a minute to record its use).
"""

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tokens import create_token
from questions.services.contributions import approve_contribution
from tests.factories import (
    make_answer,
    make_choice_question,
    make_contribution,
    make_question,
    make_source,
    make_topic,
)

SIZES = [1, 20]


def as_user(user) -> APIClient:
    """A client signed in as a fresh copy of ``user``, with no permissions cached on it."""
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def make_rich_questions(n: int, *, author) -> list:
    """n choice questions, each with topics, choices, an imported answer, a contributed answer,
    the same question asked in another source and a related question: everything a question's
    JSON shows."""
    exam, cards = make_source(slug="exam", position=1), make_source(slug="cards", position=2)
    topics = [make_topic(slug="optimisers"), make_topic()]
    questions = []
    for i in range(n):
        question = make_choice_question(
            source=exam, text=f"Which optimiser, case {i}?", choices=["Adam", "SGD"], topics=topics
        )
        make_answer(question=question, body="From the notes.", source=exam)
        make_answer(question=question, body="From a student.", author=author)
        twin = make_question(source=cards, text=f"which optimiser case {i}", topics=topics)
        question.related.add(twin)
        questions.append(question)
    return questions


@pytest.mark.parametrize("n", SIZES)
def test_sources_list_is_one_query(anonymous_api, n, django_assert_num_queries):
    for _ in range(n):
        make_question(source=make_source(), answer="Yes.")
    with django_assert_num_queries(1):
        assert len(anonymous_api.get(reverse("api:sources")).json()) == n


@pytest.mark.parametrize("n", SIZES)
def test_topics_list_is_one_query(anonymous_api, n, django_assert_num_queries):
    for _ in range(n):
        make_question(topics=[make_topic()])
    with django_assert_num_queries(1):
        assert len(anonymous_api.get(reverse("api:topics")).json()) == n


@pytest.mark.parametrize("n", SIZES)
def test_questions_page_is_eight_queries_whatever_its_size(
    anonymous_api, student, n, django_assert_num_queries
):
    make_rich_questions(n, author=student)
    # ETag and Last-Modified (latest change and count, which the page count reuses; latest
    # deletion), page, topics, choices, published answers (with source and author), related
    # questions (with source), same elsewhere
    with django_assert_num_queries(8):
        response = anonymous_api.get(reverse("api:questions"), {"page_size": 100})
    results = response.json()["results"]
    assert len(results) == 2 * n
    assert all(len(q["answers"]) == 2 and len(q["same_elsewhere"]) == 1 for q in results[:n])
    assert all(len(q["related"]) == 1 for q in results)


@pytest.mark.parametrize("n", SIZES)
def test_the_last_questions_page_is_eight_queries_too(
    anonymous_api, student, n, django_assert_num_queries
):
    make_rich_questions(n, author=student)
    with django_assert_num_queries(8):
        response = anonymous_api.get(reverse("api:questions"), {"page_size": 1, "page": 2 * n})
    assert response.json()["next"] is None


# A search's "Did you mean …?" check: one query on PostgreSQL, none elsewhere.
SUGGESTION = int(connection.vendor == "postgresql")


@pytest.mark.parametrize("n", SIZES)
def test_a_searched_questions_page_is_eight_queries_and_the_suggestion(
    anonymous_api, student, n, django_assert_num_queries
):
    make_rich_questions(n, author=student)
    with django_assert_num_queries(8 + SUGGESTION):
        response = anonymous_api.get(reverse("api:questions"), {"search": "optimiser"})
    assert response.json()["count"] == 2 * n


@pytest.mark.parametrize("n", SIZES)
def test_filtered_questions_page_is_still_eight_queries(
    anonymous_api, student, n, django_assert_num_queries
):
    make_rich_questions(n, author=student)
    query = {"topic": ["optimisers"], "source": "exam", "answered": "true", "search": "optimiser"}
    # The chosen topic and source are looked up too: 8 + 2.
    with django_assert_num_queries(10 + SUGGESTION):
        assert anonymous_api.get(reverse("api:questions"), query).json()["count"] == n


@pytest.mark.parametrize("n", SIZES)
def test_my_contributions_page_is_three_queries(student, outsider, n, django_assert_num_queries):
    questions = make_rich_questions(n, author=outsider)
    for question in questions:
        make_contribution(question=question, author=student, key=[question.choices.first()])
    client = as_user(student)
    # count, page (with the question), proposed keys
    with django_assert_num_queries(3):
        assert client.get(reverse("api:contributions")).json()["count"] == n


@pytest.mark.parametrize("n", SIZES)
def test_moderation_queue_page_is_six_queries(moderator, student, n, django_assert_num_queries):
    for question in make_rich_questions(n, author=student):
        make_contribution(
            question=question,
            author=student,
            replaces=question.answers.first(),
            key=[question.choices.first()],
        )
    client = as_user(moderator)
    # the moderator's permissions (2), count, page (with author, question, replaced answer),
    # proposed keys, the questions' choices
    with django_assert_num_queries(6):
        assert client.get(reverse("api:moderation-queue")).json()["count"] == n


@pytest.mark.parametrize("n", SIZES)
def test_moderation_log_page_is_five_queries(moderator, student, n, django_assert_num_queries):
    for question in make_rich_questions(n, author=student):
        contribution = make_contribution(
            question=question, author=student, key=[question.choices.first()]
        )
        approve_contribution(contribution=contribution, moderator=moderator)
    client = as_user(moderator)
    # the moderator's permissions (2), count, page (with moderator, answer, author, question and
    # the answer an improvement replaced), proposed keys
    with django_assert_num_queries(5):
        assert client.get(reverse("api:moderation-log")).json()["count"] == n


@pytest.mark.parametrize("n", SIZES)
def test_token_list_is_one_query(student, n, django_assert_num_queries):
    for i in range(n):
        create_token(user=student, name=f"client {i}")
    client = as_user(student)
    with django_assert_num_queries(1):
        assert len(client.get(reverse("api:tokens")).json()) == n
