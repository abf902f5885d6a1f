"""Bank pages and API reads come from the shared cache, and never outlive a change to the bank."""

import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.urls import reverse
from rest_framework.test import APIClient

from questions.limits import MAX_LIST_LENGTH
from questions.models import Answer
from questions.services.contributions import approve_contribution
from tests.factories import make_question, make_topic

pytestmark = pytest.mark.django_db(transaction=True)  # the cache is told on commit


@pytest.fixture
def question():
    return make_question(text="What is a GAN?", answer="Two networks that compete.")


def approve_new_answer(question, author, moderator, body):
    contribution = Answer.objects.create(question=question, author=author, body=body)
    approve_contribution(contribution=contribution, moderator=moderator)


def test_a_visitor_seeing_a_question_again_costs_no_query(
    client, question, django_assert_num_queries
):
    url = question.get_absolute_url()
    first = client.get(url).content
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200 and again.content == first


def test_an_approved_answer_shows_at_once_on_cached_pages_and_api_reads(
    client, question, student, moderator
):
    api = APIClient()
    page_url = question.get_absolute_url()
    api_url = reverse("api:question", args=[question.pk])
    list_url = reverse("questions:list")
    assert "Adversarial training" not in client.get(page_url).content.decode()
    assert len(api.get(api_url).json()["answers"]) == 1
    client.get(list_url)

    approve_new_answer(question, student, moderator, "Adversarial training of two nets.")

    assert "Adversarial training" in client.get(page_url).content.decode()
    assert [a["body"] for a in api.get(api_url).json()["answers"]] == [
        "Two networks that compete.",
        "Adversarial training of two nets.",
    ]


def test_an_api_read_again_costs_no_query(question, django_assert_num_queries):
    api = APIClient()
    first = api.get(reverse("api:questions")).json()
    with django_assert_num_queries(0):
        assert api.get(reverse("api:questions")).json() == first


def test_signed_in_pages_are_rendered_for_each_user(question, student, outsider, client):
    client.force_login(student)
    assert "student" in client.get(question.get_absolute_url()).content.decode()
    client.force_login(outsider)
    body = client.get(question.get_absolute_url()).content.decode()
    assert "outsider" in body and ">student<" not in body


def test_a_cached_api_read_keeps_its_validators_and_still_answers_304(question):
    api = APIClient()
    url = reverse("api:question", args=[question.pk])
    first = api.get(url)
    again = api.get(url)
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_read_with_a_long_query_string_is_cached_under_a_key_every_cache_accepts(
    question, django_assert_num_queries
):
    """Fifty topic filters make an address of 1,400 characters; memcached takes 250 at most."""
    slugs = [make_topic(slug=f"a-topic-with-a-long-name-{n}").slug for n in range(MAX_LIST_LENGTH)]
    url = reverse("api:questions") + "?" + "&".join(f"topic={slug}" for slug in slugs)
    api = APIClient()
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        first = api.get(url)
        with django_assert_num_queries(0):
            again = api.get(url)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
