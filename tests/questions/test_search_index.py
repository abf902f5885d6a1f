"""The search index follows the bank: approvals, improvements, edits, deletions, fixture loads and
bulk writes. These search through the page, so they hold on PostgreSQL and on SQLite alike."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from questions.models import Answer, Question, SearchTerm
from questions.services.contributions import approve_contribution, reject_contribution
from tests.factories import make_answer, make_contribution, make_question, make_source


@pytest.fixture
def reader(client, outsider):
    """Signed in, so that each page is rendered, not served from the visitors' cache (whose
    key changes only when a transaction commits, which tests never do)."""
    client.force_login(outsider)
    return client


def found(reader, search: str) -> list[Question]:
    response = reader.get(reverse("questions:list"), {"search": search})
    return list(response.context["page"].object_list)


def test_an_approved_contribution_is_found_at_once(reader, student, moderator):
    question = make_question(text="What limits a learning rate?")
    contribution = make_contribution(question=question, author=student, body="Divergence.")
    assert found(reader, "divergence") == []
    approve_contribution(contribution=contribution, moderator=moderator)
    assert found(reader, "divergence") == [question]


def test_a_rejected_contribution_is_never_found(reader, student, moderator):
    question = make_question(text="What limits a learning rate?")
    contribution = make_contribution(question=question, author=student, body="Divergence.")
    reject_contribution(contribution=contribution, moderator=moderator, reason="Too short.")
    assert found(reader, "divergence") == []


def test_an_approved_improvement_takes_the_replaced_answer_out_of_search(
    reader, student, moderator
):
    question = make_question(text="What is momentum?")
    old = make_answer(question=question, body="A heavy ball.")
    improvement = make_contribution(
        question=question, author=student, body="A velocity term.", replaces=old
    )
    approve_contribution(contribution=improvement, moderator=moderator)
    assert found(reader, "velocity") == [question]
    assert found(reader, "heavy") == []


def test_an_edited_question_is_found_by_its_new_words_only(reader, db):
    question = make_question(text="What is a perceptron?")
    question.text = "What is a multilayer perceptron?"
    question.save()
    assert found(reader, "multilayer") == [question]
    question.text = "What is a neuron?"
    question.save()
    assert found(reader, "perceptron") == []


def test_a_deleted_answer_is_no_longer_found(reader, db):
    question = make_question(text="What is a kernel?")
    answer = make_answer(question=question, body="A small filter.")
    answer.delete()
    assert found(reader, "filter") == []


def test_loading_the_fixture_indexes_the_bank(reader, bank):
    assert Question.objects.filter(answer_text="").count() < Question.objects.count()
    assert found(reader, "softmax")
    if connection.vendor == "postgresql":
        assert not Question.objects.filter(search_vector=None).exists()
        assert SearchTerm.objects.filter(word="softmax").exists()


def test_after_bulk_writes_refresh_bank_indexes_and_orders_them(reader, db):
    source = make_source()
    questions = Question.objects.bulk_create(
        Question(source=source, position=n, text=f"Bulk question {n} on pooling?") for n in (2, 1)
    )
    Answer.objects.bulk_create(
        [Answer(question=questions[0], body="Max pooling.", status=Answer.Status.APPROVED)]
    )
    assert found(reader, "max") == []
    call_command("refresh_bank", verbosity=0)
    assert found(reader, "max") == [questions[0]]
    listed = reader.get(reverse("questions:list")).context["page"].object_list
    assert [q.position for q in listed] == [1, 2]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="suggestions need pg_trgm")
def test_words_of_a_newly_approved_answer_can_be_suggested(reader, student, moderator):
    question = make_question(text="What limits a learning rate?")
    contribution = make_contribution(question=question, author=student, body="Divergence.")
    approve_contribution(contribution=contribution, moderator=moderator)
    response = reader.get(reverse("questions:list"), {"search": "divergense"})
    assert response.context["suggestion"] == "divergence"
