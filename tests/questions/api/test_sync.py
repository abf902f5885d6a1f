"""Keeping a copy of the bank in sync: what changed since, what was removed, and 304s."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import http_date
from openapi_schema_validator import OAS31Validator

from questions.api import views
from questions.models import DeletedQuestion, Question
from questions.services.contributions import approve_contribution
from tests.factories import make_answer, make_choice_question, make_contribution, make_question
from tests.schema_conformance import schema

# Reads are cached until a change to the bank is committed (questions/caching.py).
pytestmark = pytest.mark.django_db(transaction=True)

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [question["id"] for question in response.json()["results"]]


def changed_since(client, moment: datetime) -> list[int]:
    return ids(client.get(reverse("api:questions"), {"updated_since": moment.isoformat()}))


@pytest.fixture
def settled():
    """Two questions last changed long ago, and the moment a client last pulled."""
    questions = [make_question(answer="An answer."), make_question()]
    Question.objects.update(updated_at=LONG_AGO)
    return questions, LONG_AGO + timedelta(days=1)


def test_a_question_edited_after_a_pull_is_listed_as_changed_and_the_others_not(
    anonymous_api, settled
):
    (edited, untouched), pulled_at = settled
    edited.text = "What is a ReLU, exactly?"
    edited.save()
    assert changed_since(anonymous_api, pulled_at) == [edited.pk]
    assert sorted(changed_since(anonymous_api, LONG_AGO)) == sorted([edited.pk, untouched.pk])


def test_an_approved_answer_marks_its_question_changed(anonymous_api, settled, moderator, student):
    (answered, unanswered), pulled_at = settled
    contribution = make_contribution(question=unanswered, author=student)
    assert changed_since(anonymous_api, pulled_at) == []  # a pending proposal shows nowhere
    approve_contribution(contribution=contribution, moderator=moderator)
    assert changed_since(anonymous_api, pulled_at) == [unanswered.pk]


def test_an_approved_improvement_marks_the_question_of_the_answer_it_replaces(
    anonymous_api, settled, moderator, student
):
    (answered, _), pulled_at = settled
    improvement = make_contribution(
        question=answered, author=student, body="Better.", replaces=answered.answers.get()
    )
    approve_contribution(contribution=improvement, moderator=moderator)
    shown = anonymous_api.get(reverse("api:question", args=[answered.pk])).json()
    assert [answer["body"] for answer in shown["answers"]] == ["Better."]
    assert changed_since(anonymous_api, pulled_at) == [answered.pk]


def test_an_approved_key_marks_the_question_changed(anonymous_api, moderator, student):
    question = make_choice_question(choices=["Adam", "SGD"])
    Question.objects.update(updated_at=LONG_AGO)
    key = make_contribution(question=question, author=student, key=[question.choices.first()])
    approve_contribution(contribution=key, moderator=moderator)
    assert changed_since(anonymous_api, LONG_AGO + timedelta(days=1)) == [question.pk]


def test_every_question_carries_when_it_last_changed(anonymous_api, settled):
    (question, _), _ = settled
    shown = anonymous_api.get(reverse("api:question", args=[question.pk])).json()
    assert shown["updated_at"] == "2026-01-01T00:00:00Z"
    assert shown["answers"][0]["updated_at"]


def test_an_unchanged_list_is_a_304_with_the_same_validators(anonymous_api, settled):
    url = reverse("api:questions")
    first = anonymous_api.get(url)
    assert first["ETag"].startswith('W/"')
    assert first["Last-Modified"] == http_date(LONG_AGO.timestamp())

    again = anonymous_api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = anonymous_api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_an_unchanged_question_is_a_304(anonymous_api, settled):
    (question, _), _ = settled
    url = reverse("api:question", args=[question.pk])
    first = anonymous_api.get(url)
    assert anonymous_api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert anonymous_api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_an_approval_changes_the_etag_of_the_question_and_of_the_list(
    anonymous_api, settled, moderator, student
):
    (_, question), _ = settled
    detail_url = reverse("api:question", args=[question.pk])
    detail, listing = anonymous_api.get(detail_url), anonymous_api.get(reverse("api:questions"))
    approve_contribution(
        contribution=make_contribution(question=question, author=student), moderator=moderator
    )
    fresh = anonymous_api.get(detail_url, HTTP_IF_NONE_MATCH=detail["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != detail["ETag"]
    assert len(fresh.json()["answers"]) == 1
    relisted = anonymous_api.get(reverse("api:questions"), HTTP_IF_NONE_MATCH=listing["ETag"])
    assert relisted.status_code == 200 and relisted["ETag"] != listing["ETag"]


def test_each_page_and_filter_has_its_own_etag(anonymous_api, settled):
    url = reverse("api:questions")
    etags = {
        anonymous_api.get(url, query)["ETag"]
        for query in ({}, {"page_size": 1}, {"page_size": 1, "page": 2}, {"answered": "true"})
    }
    assert len(etags) == 4


def test_a_deleted_question_is_in_the_removal_feed_and_out_of_the_list(anonymous_api, settled):
    (gone, kept), pulled_at = settled
    listing = anonymous_api.get(reverse("api:questions"))
    gone_id = gone.pk
    gone.delete()

    feed = anonymous_api.get(reverse("api:deleted-questions"), {"since": pulled_at.isoformat()})
    assert [row["id"] for row in feed.json()["results"]] == [gone_id]
    later = feed.json()["results"][0]["deleted_at"]
    after = anonymous_api.get(reverse("api:deleted-questions"), {"since": "2099-01-01T00:00:00Z"})
    assert after.json()["results"] == [] and later
    relisted = anonymous_api.get(reverse("api:questions"), HTTP_IF_NONE_MATCH=listing["ETag"])
    assert relisted.status_code == 200 and ids(relisted) == [kept.pk]
    # A client that only compares dates learns of the removal too.
    stale = anonymous_api.get(
        reverse("api:questions"), HTTP_IF_MODIFIED_SINCE=listing["Last-Modified"]
    )
    assert stale.status_code == 200


def test_a_question_loaded_again_under_its_old_id_leaves_the_removal_feed(anonymous_api):
    question = make_question()
    fields = {"source": question.source, "position": question.position, "text": question.text}
    question_id = question.pk
    question.delete()
    assert DeletedQuestion.objects.filter(question_id=question_id).exists()
    Question.objects.create(pk=question_id, **fields)
    assert anonymous_api.get(reverse("api:deleted-questions")).json()["results"] == []


def test_a_304_costs_no_query_from_the_cache_and_two_without(
    anonymous_api, settled, django_assert_num_queries
):
    for _ in range(10):
        make_question(answer="Yes.")
    url = reverse("api:questions")
    etag = anonymous_api.get(url)["ETag"]
    with django_assert_num_queries(0):  # the page and its validators are in the shared cache
        assert anonymous_api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    cache.clear()
    with django_assert_num_queries(2):  # the latest change and count, the latest deletion
        assert anonymous_api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_export_streams_every_question_as_the_api_shows_it(
    anonymous_api, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(views, "EXPORT_CHUNK_SIZE", 4)
    questions = [make_question(answer=f"Answer {n}.") for n in range(10)]
    make_choice_question(choices=["Yes", "No"])
    with django_assert_num_queries(2):  # the validators; the body streams after the view
        response = anonymous_api.get(reverse("api:export-questions"))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/jsonl"
    # One cursor over the questions, fetched 4 at a time (3 chunks); each chunk then reads
    # its topics, choices, answers, related questions and the same questions elsewhere.
    with django_assert_num_queries(1 + 3 * 5):
        lines = b"".join(response.streaming_content).decode().splitlines()
    exported = [json.loads(line) for line in lines]
    listed = anonymous_api.get(reverse("api:questions"), {"page_size": 100})
    assert [row["id"] for row in exported] == ids(listed)
    assert {row["id"] for row in exported} >= {question.pk for question in questions}
    detail = anonymous_api.get(reverse("api:question", args=[questions[3].pk])).json()
    assert next(row for row in exported if row["id"] == questions[3].pk) == detail
    # Each line is a Question as the schema describes it.
    components = schema()["components"]
    validator = OAS31Validator({**components["schemas"]["Question"], "components": components})
    for row in exported:
        validator.validate(row)


def test_an_unchanged_bank_is_not_exported_again(anonymous_api):
    make_question()
    first = anonymous_api.get(reverse("api:export-questions"))
    b"".join(first.streaming_content)
    again = anonymous_api.get(reverse("api:export-questions"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    make_answer(question=make_question())
    changed = anonymous_api.get(reverse("api:export-questions"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
