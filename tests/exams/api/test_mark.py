"""POST /api/v1/questions/{id}/mark/: the marking assistant for any signed-in client."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from questions.limits import MAX_BODY_LENGTH
from questions.models import Answer
from tests.factories import make_answer, make_question, make_true_false
from tests.problems import field_errors

MODEL_ANSWER = (
    "Backpropagation computes the gradient of the loss with respect to every weight by applying "
    "the chain rule backwards through the network, layer by layer."
)


@pytest.fixture
def api(student):
    client = APIClient()
    client.force_authenticate(student)
    return client


@pytest.fixture
def question(db):
    return make_question(text="What is backpropagation?", answer=MODEL_ANSWER)


def mark(client, question_id, body):
    return client.post(reverse("api:question-mark", args=[question_id]), body, format="json")


def test_a_mark_has_a_rating_a_score_key_points_and_the_method(api, question):
    response = mark(api, question.pk, {"answer": "It applies the chain rule to get the gradient."})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"rating", "score", "key_points", "semantic", "method", "explanation"}
    assert body["rating"] in range(1, 6) and 0 <= body["score"] <= 1
    assert body["method"] == "key-points" and body["semantic"] is None
    points = {point["text"]: point["covered"] for point in body["key_points"]}
    assert points["gradient"] is True and points["chain"] is True and points["layer"] is False
    assert all(set(point) == {"text", "covered"} for point in body["key_points"])


def test_the_model_answer_itself_is_rated_five_and_a_blank_answer_one(api, question):
    assert mark(api, question.pk, {"answer": MODEL_ANSWER}).json()["rating"] == 5
    blank = mark(api, question.pk, {"answer": ""}).json()
    assert (blank["rating"], blank["score"]) == (1, 0.0)


def test_with_the_meaning_model_the_method_names_it(api, question, meaning_model):
    body = mark(api, question.pk, {"answer": "The chain rule gives each weight's gradient."}).json()
    assert body["method"] == "key-points+embeddings:all-MiniLM-L6-v2"
    assert 0 < body["semantic"] <= 1


def test_the_best_of_several_approved_answers_counts_and_pending_ones_do_not(api, question):
    make_answer(question=question, body="Reverse-mode automatic differentiation.")
    make_answer(question=question, body="Pooling and strides.", status=Answer.Status.PENDING)
    body = mark(api, question.pk, {"answer": "Reverse-mode automatic differentiation."}).json()
    assert body["rating"] == 5
    assert mark(api, question.pk, {"answer": "Pooling and strides."}).json()["rating"] == 1


def test_an_unknown_question_is_a_404(api, db):
    assert mark(api, 999_999, {"answer": "Anything."}).status_code == 404


def test_a_question_without_a_model_answer_is_a_409_that_says_why(api, db):
    unanswered = make_question(text="What is a capsule network?")
    make_answer(question=unanswered, body="Pending idea.", status=Answer.Status.PENDING)
    response = mark(api, unanswered.pk, {"answer": "Capsules."})
    assert response.status_code == 409
    assert "no model answer" in response.json()["detail"]


def test_a_choice_question_is_a_409(api, db):
    choice = make_true_false(text="ReLU is linear?", correct=False, answer="No: it bends at 0.")
    response = mark(api, choice.pk, {"answer": "False."})
    assert response.status_code == 409
    assert "graded by its key" in response.json()["detail"]


@pytest.mark.parametrize(
    "body", [{}, {"answer": None}, {"text": "wrong field"}, {"answer": "x" * (MAX_BODY_LENGTH + 1)}]
)
def test_a_missing_or_oversized_answer_is_a_400_naming_the_field(api, question, body):
    response = mark(api, question.pk, body)
    assert "answer" in field_errors(response)


def test_an_answer_of_the_longest_allowed_length_is_marked(api, question):
    assert (
        mark(api, question.pk, {"answer": "gradient " * (MAX_BODY_LENGTH // 9)}).status_code == 200
    )


def test_anonymous_clients_get_a_401(question):
    response = mark(APIClient(), question.pk, {"answer": "The chain rule."})
    assert response.status_code == 401


def test_marking_is_throttled_per_user_with_its_own_scope(api, question, outsider, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "marking": "2/minute"},
    }
    assert mark(api, question.pk, {"answer": "One."}).status_code == 200
    assert mark(api, question.pk, {"answer": "Two."}).status_code == 200
    refused = mark(api, question.pk, {"answer": "Three."})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    other = APIClient()
    other.force_authenticate(outsider)
    assert mark(other, question.pk, {"answer": "Mine."}).status_code == 200


def test_the_schema_documents_the_endpoint_and_its_errors(client, db):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/questions/{id}/mark/"]["post"]
    assert {"200", "400", "401", "404", "409", "429"} <= set(operation["responses"])
    shape = schema["components"]["schemas"]["MarkOutput"]
    assert set(shape["required"]) >= {"rating", "score", "key_points", "semantic", "method"}
    # OpenAPI 3.1: nullable is a second type.
    assert shape["properties"]["semantic"]["type"] == ["number", "null"]
