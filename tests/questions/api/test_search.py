"""Searching through the API: the same search as the bank page, with snippets and suggestions."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import make_answer, make_question

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking, snippets and suggestions need PostgreSQL"
)


def search(api, text: str) -> dict:
    response = api.get(reverse("api:questions"), {"search": text})
    assert response.status_code == 200
    return response.json()


def ids(body: dict) -> set[int]:
    return {question["id"] for question in body["results"]}


def test_without_a_search_there_is_no_snippet_nor_suggestion(anonymous_api):
    make_question(text="What does softmax compute?")
    body = anonymous_api.get(reverse("api:questions")).json()
    assert list(body)[:2] == ["count", "suggestion"]
    assert body["suggestion"] is None
    assert body["results"][0]["snippet"] is None


def test_answers_are_searched_and_text_matches_come_first(anonymous_api):
    in_answer = make_question(text="How are attention scores normalised?")
    make_answer(question=in_answer, body="With a Softmax.")
    in_text = make_question(text="What does softmax compute?")
    make_question(text="What is a sigmoid?")
    body = search(anonymous_api, "softmax")
    assert body["count"] == 2
    assert [q["id"] for q in body["results"]] == [in_text.pk, in_answer.pk]


@pytest.mark.postgres
@postgres_only
def test_results_carry_an_escaped_snippet_with_the_matches_marked(anonymous_api):
    question = make_question(text="Why is <script>alert(1)</script> dangerous?")
    make_answer(question=question, body="The alert would run.")
    snippet = search(anonymous_api, "alert")["results"][0]["snippet"]
    assert "script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in snippet
    assert "The <mark>alert</mark>" in snippet  # from the answer
    assert set(re.findall(r"<[^>]*>", snippet)) == {"<mark>", "</mark>"}


@pytest.mark.postgres
@postgres_only
def test_a_misspelt_search_gets_a_suggestion_beside_the_count(anonymous_api):
    make_question(text="What does softmax compute?")
    body = search(anonymous_api, "softmx")
    assert body["count"] == 0 and body["results"] == []
    assert body["suggestion"] == "softmax"
    assert search(anonymous_api, body["suggestion"])["count"] == 1


@pytest.mark.postgres
@postgres_only
def test_web_search_syntax_works_in_the_api(anonymous_api):
    phrase = make_question(text="Why does batch normalization help?")
    apart = make_question(text="Is normalization done per batch?")
    layer = make_question(text="What is layer normalization?")
    assert ids(search(anonymous_api, '"batch normalization"')) == {phrase.pk}
    assert ids(search(anonymous_api, "normalization -batch")) == {layer.pk}
    assert ids(search(anonymous_api, "layer or batch")) == {phrase.pk, apart.pk, layer.pk}


def test_the_schema_documents_the_suggestion_and_the_snippet(anonymous_api):
    schema = anonymous_api.get(reverse("schema"), {"format": "json"}).json()
    page = schema["components"]["schemas"]["PaginatedQuestionList"]["properties"]
    assert list(page)[:2] == ["count", "suggestion"]
    assert page["suggestion"]["type"] == ["string", "null"]
    question = schema["components"]["schemas"]["Question"]["properties"]
    assert question["snippet"]["type"] == ["string", "null"]
