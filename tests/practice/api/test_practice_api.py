"""The practice endpoints under /api/v1/practice/: own cards only, bad input is a 400."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from practice.models import Card, PracticeSettings, Review
from tests.practice.conftest import make_card


@pytest.fixture
def api(student):
    client = APIClient()
    client.force_authenticate(student)
    return client


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def test_due_cards_list_due_then_new_cards_with_their_answers(api, student, deck):
    due = make_card(student, deck["cnn"][0], due=timezone.now() - timedelta(hours=1))
    body = api.get(url("practice-due"), {"topic": "cnn", "limit": 5}).json()
    assert [c["is_new"] for c in body["cards"]] == [False, True, True]
    assert body["cards"][0]["card"]["id"] == due.pk
    assert body["cards"][1]["card"] is None
    assert body["cards"][1]["question"]["answers"][0]["body"].startswith("CNN answer")
    assert body["due_count"] == 1 and body["reviewed_today"] == 0


@pytest.mark.parametrize("query", [{"topic": "\x00"}, {"limit": 0}, {"source": "a", "topic": "b"}])
def test_a_bad_due_list_query_is_a_400(api, deck, query):
    assert api.get(url("practice-due"), query).status_code == 400


def test_rating_a_card_returns_its_new_schedule(api, student, deck):
    question = deck["rnn"][0]
    response = api.post(url("practice-rate"), {"question": question.pk, "rating": 5}, "json")
    assert response.status_code == 201
    body = response.json()
    card = Card.objects.get(user=student, question=question)
    assert body["card"]["id"] == card.pk
    assert body["review"]["rating"] == 5 and body["review"]["grade"] == 4
    assert body["review"]["was_new"] is True


@pytest.mark.parametrize(
    "payload",
    [{"rating": 3}, {"question": 1, "rating": 0}, {"question": 1, "rating": "x"}, {}],
)
def test_a_bad_rating_is_a_400(api, deck, payload):
    assert api.post(url("practice-rate"), payload, "json").status_code == 400
    assert not Review.objects.exists()


def test_rating_an_unknown_question_is_a_404(api, db):
    assert (
        api.post(url("practice-rate"), {"question": 999999, "rating": 3}, "json").status_code == 404
    )


def test_a_question_without_a_model_answer_is_a_400(api, deck):
    question = deck["unanswered"][0]
    response = api.post(url("practice-rate"), {"question": question.pk, "rating": 3}, "json")
    assert response.status_code == 400
    assert "no model answer" in response.json()["detail"]


def test_a_student_sees_only_their_own_cards(api, student, outsider, deck):
    mine, theirs = make_card(student, deck["cnn"][0]), make_card(outsider, deck["cnn"][1])
    assert api.get(url("practice-card", mine.pk)).status_code == 200
    assert api.get(url("practice-card", theirs.pk)).status_code == 404
    due_ids = {c["card"]["id"] for c in api.get(url("practice-due")).json()["cards"] if c["card"]}
    assert theirs.pk not in due_ids


def test_a_card_lists_its_reviews(api, student, deck):
    question = deck["cnn"][0]
    for rating in (1, 3):
        api.post(url("practice-rate"), {"question": question.pk, "rating": rating}, "json")
    card = Card.objects.get(user=student)
    body = api.get(url("practice-card", card.pk)).json()
    assert [r["rating"] for r in body["reviews"]] == [1, 3]
    assert body["reviews"][1]["state_before"] == body["reviews"][0]["state_after"]


def test_statistics_count_cards_reviews_and_retention(api, student, deck):
    for question, rating in [(deck["cnn"][0], 1), (deck["cnn"][1], 4)]:
        api.post(url("practice-rate"), {"question": question.pk, "rating": rating}, "json")
        api.post(url("practice-rate"), {"question": question.pk, "rating": 3}, "json")
    body = api.get(url("practice-stats")).json()
    assert body["cards"] == 2 and body["reviews"] == 4 and body["reviews_today"] == 4
    assert body["retention_last_30_days"] == 1.0  # both second reviews were recalled
    assert body["fitted_parameters"] is False


def test_settings_read_and_change(api, student):
    assert api.get(url("practice-settings")).json()["new_cards_per_day"] == 20
    changed = {"new_cards_per_day": 7, "desired_retention": 0.8, "recall_mode": True}
    assert api.put(url("practice-settings"), changed, "json").json() == changed
    assert PracticeSettings.objects.get(user=student).new_cards_per_day == 7
    bad = {**changed, "desired_retention": 1.5}
    assert api.put(url("practice-settings"), bad, "json").status_code == 400


def test_export_a_topic_as_an_anki_deck(api, deck):
    response = api.get(url("practice-export"), {"topic": "cnn"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/apkg"
    content = b"".join(response.streaming_content)
    assert "collection.anki2" in zipfile.ZipFile(io.BytesIO(content)).namelist()


@pytest.mark.parametrize(
    "query",
    [{}, {"topic": "cnn", "source": "notes"}, {"topic": "nope"}, {"due": "1", "topic": "cnn"}],
)
def test_an_export_names_exactly_one_existing_thing(api, deck, query):
    assert api.get(url("practice-export"), query).status_code == 400


def test_practice_needs_credentials(db):
    assert APIClient().get(url("practice-due")).status_code == 401


def test_the_practice_endpoints_are_in_the_schema(client, db):
    schema = client.get(reverse("schema")).content.decode()
    for path in ("due", "reviews", "cards/{id}", "stats", "settings", "export"):
        assert f"/api/v1/practice/{path}/" in schema
