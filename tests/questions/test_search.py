"""Searching the bank on PostgreSQL: what a student types finds what they mean, best first."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from questions import search as bank_search
from questions.models import Answer
from tests.factories import make_answer, make_question, make_topic

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="full-text search, ranking, snippets and suggestions are PostgreSQL features",
    ),
]


def found(client, search: str) -> list:
    response = client.get(reverse("questions:list"), {"search": search})
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_a_word_finds_its_other_forms(client, db):
    network = make_question(text="What is a neural network?")
    recurrent = make_question(text="Why do recurrent networks forget?")
    make_question(text="What is dropout?")
    assert set(found(client, "networks")) == {network, recurrent}
    assert set(found(client, "network")) == {network, recurrent}


@pytest.mark.parametrize(
    ("search", "as_phrase"),
    [("cross entropy", False), ("cross-entropy", False), ('"cross entropy"', True)],
)
def test_hyphens_and_spaces_find_each_other(client, db, search, as_phrase):
    hyphen = make_question(text="Derive the cross-entropy loss.")
    space = make_question(text="When is cross entropy minimal?")
    apart = make_question(text="Is entropy a cross product?")
    expected = {hyphen, space} if as_phrase else {hyphen, space, apart}
    assert set(found(client, search)) == expected


def test_published_answers_are_searched_and_pending_ones_are_not(client, student):
    answered = make_question(text="How do you turn scores into probabilities?")
    make_answer(question=answered, body="Apply a softmax to the logits.")
    pending = make_question(text="What normalises the outputs?")
    make_answer(question=pending, body="A softmax.", status=Answer.Status.PENDING, author=student)
    assert found(client, "softmax") == [answered]


def test_a_match_in_the_question_ranks_above_one_only_in_its_answers(client, db):
    in_answer = make_question(text="How are attention scores normalised?")
    make_answer(question=in_answer, body="With a softmax, softmax and again softmax.")
    in_text = make_question(text="What does softmax compute?")
    assert found(client, "softmax") == [in_text, in_answer]


def test_more_matches_rank_higher_and_ties_keep_the_bank_order(client, db):
    first = make_question(text="Name a property of softmax.")
    second = make_question(text="Name another property of softmax.")
    strong = make_question(text="Softmax: is softmax(x + c) equal to softmax(x)?")
    assert found(client, "softmax") == [strong, first, second]


def test_a_quoted_phrase_needs_its_words_together_and_a_minus_excludes(client, db):
    phrase = make_question(text="Why does batch normalization speed up training?")
    apart = make_question(text="Is normalization applied per batch?")
    layer = make_question(text="What is layer normalization?")
    assert found(client, '"batch normalization"') == [phrase]
    assert set(found(client, "normalization -batch")) == {layer}
    assert set(found(client, "normalization")) == {phrase, apart, layer}


def test_or_finds_either_word(client, db):
    dropout = make_question(text="What does dropout do?")
    relu = make_question(text="Why is ReLU popular?")
    make_question(text="What is a tensor?")
    assert set(found(client, "dropout or relu")) == {dropout, relu}
    assert found(client, "dropout relu") == []


def test_a_misspelt_search_suggests_the_bank_word_and_the_link_finds_it(client, db):
    softmax = make_question(text="What does softmax compute?")
    make_question(text="What is a sigmoid?")
    response = client.get(reverse("questions:list"), {"search": "softmx", "answered": "false"})
    body = response.content.decode()
    assert response.context["suggestion"] == "softmax"
    link = re.search(r'Did you mean <a href="\?([^"]+)">softmax</a>\?', body)
    assert link, body
    assert "answered=false" in link.group(1)
    followed = client.get(reverse("questions:list") + "?" + link.group(1).replace("&amp;", "&"))
    assert list(followed.context["page"].object_list) == [softmax]


def test_only_the_misspelt_words_of_a_search_are_corrected(client, db):
    make_question(text="How does dropout regularise a network?")
    response = client.get(reverse("questions:list"), {"search": '"dropuot" network'})
    assert response.context["suggestion"] == '"dropout" network'


def test_a_suggestion_comes_only_when_a_search_finds_few_questions(client, outsider):
    client.force_login(outsider)  # rendered each time: not the visitors' cached page
    for n in range(4):
        make_question(text=f"Softmax question {n}?")
    few = client.get(reverse("questions:list"), {"search": "softmx or question"})
    assert few.context["page"].paginator.count == 4
    assert few.context["suggestion"] == "softmax or question"
    make_question(text="One more question?")
    enough = client.get(reverse("questions:list"), {"search": "softmx or question"})
    assert enough.context["suggestion"] is None


def test_known_words_and_words_like_none_in_the_bank_get_no_suggestion(client, db):
    make_question(text="What does softmax compute?")
    for search in ("softmax", "sigmoid", "zzzqqqx", "the"):
        response = client.get(reverse("questions:list"), {"search": search})
        assert response.context["suggestion"] is None, search


def test_a_suggestion_never_offers_a_word_the_bank_no_longer_has(client, db):
    question = make_question(text="What does softmax compute?")
    question.text = "What does a sigmoid compute?"
    question.save()
    assert client.get(reverse("questions:list"), {"search": "softmx"}).context["suggestion"] is None


HOSTILE = "Why is <script>alert(1)</script> & <i>this</i> unsafe in a page?"


def test_snippets_mark_the_matches_and_escape_everything_else(client, db):
    question = make_question(text=HOSTILE)
    make_answer(question=question, body="Because the alert runs as code.")
    response = client.get(reverse("questions:list"), {"search": "alert"})
    snippet = str(response.context["page"].object_list[0].search_snippet)
    assert "script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in snippet
    assert "&amp; &lt;i&gt;this&lt;/i&gt;" in snippet
    assert set(re.findall(r"<[^>]*>", snippet)) == {"<mark>", "</mark>"}
    body = response.content.decode()
    assert "<script>alert" not in body
    assert f'<p class="snippet">{snippet}</p>' in body


def test_the_seed_bank_finds_by_answers_and_ignores_hyphens(client, bank):
    results = found(client, "softmax")
    in_text = [question for question in results if question.search_in_text]
    answers_only = results[len(in_text) :]
    assert results[: len(in_text)] == in_text  # question-text matches first
    assert answers_only and all("softmax" not in q.text.lower() for q in answers_only)
    assert set(found(client, "cross entropy")) == set(found(client, "cross-entropy"))
    response = client.get(reverse("questions:list"), {"search": "softmx"})
    assert response.context["page"].paginator.count == 0
    assert response.context["suggestion"] == "softmax"


def test_a_search_lists_its_best_matches_up_to_a_limit_and_says_more_match(client, db, monkeypatch):
    """Ranking reads every match, so a search lists at most search.MAX_RESULTS questions."""
    monkeypatch.setattr(bank_search, "MAX_RESULTS", 3)
    cnn = make_topic(slug="cnn")
    for n in range(4):
        make_question(text=f"Question {n} on softmax.")
    in_topic = [make_question(text=f"Softmax in a CNN, {n}?", topics=[cnn]) for n in range(2)]
    response = client.get(reverse("questions:list"), {"search": "softmax"})
    assert response.context["page"].paginator.count == 3
    assert "More questions match than are listed here" in response.content.decode()
    api = client.get(reverse("api:questions"), {"search": "softmax"}).json()
    assert api["count"] == 3 and len(api["results"]) == 3
    # The other filters apply first: the topic's two matches are all there, and said to be.
    response = client.get(reverse("questions:list"), {"search": "softmax", "topic": "cnn"})
    assert set(response.context["page"].object_list) == set(in_topic)
    assert "More questions match" not in response.content.decode()
