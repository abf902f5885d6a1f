"""Reading the bank through the API: sources, topics, questions, filters, the schema and docs."""

import re
from unittest.mock import ANY

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from questions.models import Answer, Question
from tests.factories import (
    make_answer,
    make_choice_question,
    make_question,
    make_source,
    make_topic,
)
from tests.problems import field_errors, problem


def ids(response) -> list[int]:
    return [question["id"] for question in response.json()["results"]]


def test_sources_list_their_question_and_answered_counts(anonymous_api):
    exam = make_source(slug="exam", name="Exam", description="The written exam.")
    make_question(source=exam, answer="Yes.")
    make_question(source=exam)
    response = anonymous_api.get(reverse("api:sources"))
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "exam",
            "name": "Exam",
            "description": "The written exam.",
            "question_count": 2,
            "answered_count": 1,
            "updated_at": ANY,
        }
    ]


def test_topics_list_their_question_counts(anonymous_api):
    cnn = make_topic(slug="cnn", name="Convolutional networks")
    make_question(topics=[cnn])
    make_question(topics=[cnn])
    response = anonymous_api.get(reverse("api:topics"))
    cnn_json = {"slug": "cnn", "name": "Convolutional networks", "question_count": 2}
    assert {**cnn_json, "updated_at": ANY} in response.json()


def test_questions_come_in_pages_in_source_then_position_order(anonymous_api):
    first, second = make_source(slug="a", position=1), make_source(slug="b", position=2)
    later = [make_question(source=second, position=n) for n in (2, 1)]
    earlier = [make_question(source=first, position=n) for n in (2, 1)]
    expected = [earlier[1].pk, earlier[0].pk, later[1].pk, later[0].pk]

    page_one = anonymous_api.get(reverse("api:questions"), {"page_size": 3}).json()
    page_two = anonymous_api.get(page_one["next"]).json()

    assert page_one["count"] == 4 and page_one["previous"] is None
    assert [q["id"] for q in page_one["results"] + page_two["results"]] == expected
    assert page_two["next"] is None and page_two["previous"]


def test_a_question_shows_its_text_choices_topics_source_and_site_url(anonymous_api):
    cnn = make_topic(slug="cnn", name="CNN")
    question = make_choice_question(
        text="Is $x^2$ **convex**?", choices=["Yes", "No"], topics=[cnn], section="Basics"
    )
    response = anonymous_api.get(reverse("api:question", args=[question.pk]))
    body = response.json()
    assert response.status_code == 200
    assert body["text"] == "Is $x^2$ **convex**?"
    assert "<strong>convex</strong>" in body["text_html"]
    assert body["kind"] == "single_choice" and body["section"] == "Basics"
    assert [c["text"] for c in body["choices"]] == ["Yes", "No"]
    assert body["choices"][0]["is_correct"] is None
    assert body["topics"] == [{"slug": "cnn", "name": "CNN"}]
    assert body["source"] == {"slug": question.source.slug, "name": question.source.name}
    assert body["position"] == question.position
    assert body["url"] == f"http://testserver/questions/{question.pk}/"


def test_a_question_shows_only_its_published_answers_with_their_credit(anonymous_api, student):
    question = make_question()
    imported = make_answer(question=question, body="From *the notes*.", source=question.source)
    old = make_answer(question=question, body="Old answer.", author=student)
    make_answer(question=question, body="Better answer.", author=student, replaces=old)
    old.superseded_by = Answer.objects.get(body="Better answer.")
    old.save()
    make_answer(question=question, body="Pending.", status=Answer.Status.PENDING)
    make_answer(question=question, body="Rejected.", status=Answer.Status.REJECTED)

    answers = anonymous_api.get(reverse("api:question", args=[question.pk])).json()["answers"]

    assert [(a["body"], a["credit"]) for a in answers] == [
        ("From *the notes*.", question.source.name),
        ("Better answer.", "student"),
    ]
    assert answers[0]["body_html"] == "<p>From <em>the notes</em>.</p>"
    assert answers[0]["id"] == imported.pk


def test_a_question_links_the_same_question_in_other_sources(anonymous_api):
    exam, cards = make_source(slug="exam"), make_source(slug="cards")
    asked = make_question(source=exam, text="What is a ReLU?")
    again = make_question(source=cards, text="what is the ReLU")
    make_question(source=cards, text="What is a sigmoid?")

    detail = anonymous_api.get(reverse("api:question", args=[asked.pk])).json()
    listed = anonymous_api.get(reverse("api:questions"), {"source": "cards"}).json()["results"]

    assert detail["same_elsewhere"] == [
        {
            "id": again.pk,
            "source": {"slug": "cards", "name": cards.name},
            "position": again.position,
            "url": f"http://testserver/questions/{again.pk}/",
        }
    ]
    assert [link["id"] for link in listed[0]["same_elsewhere"]] == [asked.pk]
    assert listed[1]["same_elsewhere"] == []


def test_a_question_lists_its_related_questions(anonymous_api):
    exam, cards = make_source(slug="exam"), make_source(slug="cards")
    question = make_question(source=exam, text="What is multitask learning?")
    reworded = make_question(source=cards, text="Define multi-task learning.")
    reworded.same_as = question.same_as
    reworded.save()
    related = make_question(source=cards, text="How does multitask learning prevent overfitting?")
    question.related.add(related)

    detail = anonymous_api.get(reverse("api:question", args=[question.pk])).json()
    back = anonymous_api.get(reverse("api:question", args=[related.pk])).json()

    assert [link["id"] for link in detail["same_elsewhere"]] == [reworded.pk]
    assert detail["related"] == [
        {
            "id": related.pk,
            "source": {"slug": "cards", "name": cards.name},
            "position": related.position,
            "url": f"http://testserver/questions/{related.pk}/",
        }
    ]
    assert [link["id"] for link in back["related"]] == [question.pk]
    assert back["same_elsewhere"] == []


def test_questions_filter_by_source_kind_and_answered(anonymous_api):
    cards, exam = make_source(slug="cards", position=1), make_source(slug="exam", position=2)
    true_false = make_question(source=exam, kind=Question.Kind.TRUE_FALSE)
    answered = make_question(source=exam, answer="Yes.")
    card = make_question(source=cards)
    url = reverse("api:questions")
    assert ids(anonymous_api.get(url, {"source": "cards"})) == [card.pk]
    assert ids(anonymous_api.get(url, {"kind": "true_false"})) == [true_false.pk]
    assert ids(anonymous_api.get(url, {"answered": "true"})) == [answered.pk]
    assert ids(anonymous_api.get(url, {"answered": "false"})) == [card.pk, true_false.pk]


def test_questions_filter_by_any_of_several_topics_and_by_search_text(anonymous_api):
    cnn, rnn = make_topic(slug="cnn"), make_topic(slug="rnn")
    pooling = make_question(text="What is pooling?", topics=[cnn])
    lstm = make_question(text="What is an LSTM?", topics=[rnn])
    make_question(text="What is AI?")
    url = reverse("api:questions")
    assert sorted(ids(anonymous_api.get(url, {"topic": ["cnn", "rnn"]}))) == [pooling.pk, lstm.pk]
    assert ids(anonymous_api.get(url, {"search": "LSTM"})) == [lstm.pk]


def test_unknown_filter_values_are_a_400_naming_each_field(anonymous_api):
    response = anonymous_api.get(
        reverse("api:questions"), {"source": "nowhere", "kind": "essay", "topic": "x"}
    )
    assert set(field_errors(response)) == {"source", "kind", "topic"}


@pytest.mark.parametrize(
    ("parameter", "status"),
    [("search", 400), ("source", 400), ("topic", 400), ("kind", 400), ("page", 404)],
)
def test_a_nul_byte_in_a_query_parameter_is_a_client_error(anonymous_api, parameter, status):
    make_question()
    response = anonymous_api.get(reverse("api:questions"), {parameter: "soft\x00max"})
    problem(response, status)


def test_a_nul_byte_in_search_is_explained(anonymous_api):
    response = anonymous_api.get(reverse("api:questions"), {"search": "soft\x00max"})
    assert field_errors(response) == {"search": ["Null characters are not allowed."]}


def test_an_unknown_question_is_a_json_404(anonymous_api):
    response = anonymous_api.get(reverse("api:question", args=[987654]))
    assert problem(response, 404)["detail"] == "No Question matches the given query."


def test_a_page_past_the_last_is_a_json_404(anonymous_api):
    make_question()
    response = anonymous_api.get(reverse("api:questions"), {"page": 2})
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid page."


def test_the_schema_is_openapi_3_and_documents_the_api(anonymous_api):
    response = anonymous_api.get("/api/schema/", {"format": "json"})
    schema = response.json()
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.1")
    for path in (
        "/api/v1/questions/",
        "/api/v1/questions/{id}/contributions/",
        "/api/v1/moderation/contributions/{id}/approve",
        "/api/v1/auth/token/",
    ):
        assert path in schema["paths"]
    token_scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (token_scheme["type"], token_scheme["scheme"]) == ("http", "bearer")


def test_the_docs_page_needs_nothing_from_the_internet_and_no_inline_script(client, db):
    response = client.get("/api/docs/")
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert response.status_code == 200
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    start_up = [asset for asset in assets if not asset.startswith("/static/")]
    assert start_up == ["/api/docs/?script="]
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    script = client.get(start_up[0])
    assert script.status_code == 200 and "/api/schema/" in script.content.decode()


def test_an_unknown_address_under_the_api_is_a_json_404(anonymous_api):
    response = anonymous_api.get("/api/v1/questions/null,null/")
    assert problem(response, 404)["detail"] == "Not found."


def test_an_unknown_page_of_the_site_is_still_an_html_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
