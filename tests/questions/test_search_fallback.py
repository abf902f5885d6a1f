"""Search without PostgreSQL (the embedded SQLite database): substrings of the question's text
and of its published answers, ignoring case and hyphens, in the same web-search syntax.

substring_search() runs on every database, so these tests check it on PostgreSQL too; the page
uses it when the database is not PostgreSQL.
"""

import pytest
from django.urls import reverse

from questions import search
from questions.models import Answer, Question
from tests.factories import make_answer, make_question


def found(search: str) -> list[Question]:
    return list(Question.objects.substring_search(search))


@pytest.fixture
def questions(db, student):
    hyphen = make_question(text="Derive the Cross-Entropy loss.")
    space = make_question(text="When is cross entropy minimal?")
    answered = make_question(text="How do you turn scores into probabilities?")
    make_answer(question=answered, body="Apply a SOFTMAX to the logits.")
    pending = make_question(text="What normalises outputs?")
    make_answer(question=pending, body="softmax", status=Answer.Status.PENDING, author=student)
    dropout = make_question(text="What does dropout do to a layer?")
    return hyphen, space, answered, dropout


@pytest.mark.parametrize("search", ["cross entropy", "CROSS-ENTROPY", '"cross entropy"'])
def test_case_and_hyphens_do_not_matter(questions, search):
    hyphen, space, _, _ = questions
    assert found(search) == [hyphen, space]


def test_published_answers_are_searched_and_pending_ones_are_not(questions):
    _, _, answered, _ = questions
    assert found("softmax") == [answered]


def test_every_word_must_appear_unless_or_separates_them(questions):
    hyphen, space, answered, dropout = questions
    assert found("entropy loss") == [hyphen]
    assert found("dropout or softmax") == [dropout, answered]
    assert found("entropy -loss") == [space]
    assert found("loss?") == [hyphen]  # punctuation around a word is not part of it


def test_question_text_matches_come_before_answer_matches(db):
    in_answer = make_question(text="How are attention scores normalised?")
    make_answer(question=in_answer, body="With a softmax.")
    in_text = make_question(text="What does softmax compute?")
    assert found("softmax") == [in_text, in_answer]


@pytest.mark.parametrize("search", ["or", '""', "-"])
def test_a_search_of_nothing_finds_nothing(questions, search):
    assert found(search) == []


def test_without_postgres_the_page_searches_substrings_and_suggests_nothing(
    client, questions, monkeypatch
):
    # On PostgreSQL too: the page is told the database has no full-text search.
    monkeypatch.setattr(search, "has_full_text", lambda connection: False)
    _, _, answered, _ = questions
    response = client.get(reverse("questions:list"), {"search": "Softmax"})
    assert list(response.context["page"].object_list) == [answered]
    assert response.context["suggestion"] is None
    assert '<p class="snippet">' not in response.content.decode()
