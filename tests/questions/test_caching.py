"""Bank pages and API reads come from the shared cache, and never outlive a change to the bank."""

import json
import warnings

import pytest
import redis
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.cache.backends.base import CacheKeyWarning
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test.client import ClientHandler, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from questions import caching
from questions.api.views import QuestionList
from questions.limits import MAX_LIST_LENGTH
from questions.models import Answer, Question
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


def test_a_cached_api_read_sends_the_stored_json_without_rendering_it_again(question, monkeypatch):
    api = APIClient()
    url = reverse("api:questions")
    first = api.get(url)
    renders = []
    render = JSONRenderer.render

    def counted(self, *args, **kwargs):
        renders.append(1)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(JSONRenderer, "render", counted)
    again = api.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert renders == []


def test_the_browsable_api_shows_who_is_signed_in_so_it_is_not_cached(question, student):
    """Through the view itself: the browsable API is for people trying the API in a browser,
    not part of the documented API (whose responses every test checks against the schema)."""
    url = reverse("api:questions")
    view = QuestionList.as_view()
    APIClient().get(url)  # the JSON, cached
    signed_in = APIRequestFactory().get(url, HTTP_ACCEPT="text/html")
    force_authenticate(signed_in, student)
    assert ">student<" in view(signed_in).render().content.decode()
    anonymous = view(APIRequestFactory().get(url, HTTP_ACCEPT="text/html")).render()
    assert "<html" in anonymous.content.decode()
    assert ">student<" not in anonymous.content.decode()


def test_a_visitor_asking_for_another_format_than_json_is_not_sent_the_cached_json(question):
    """Through the whole handler, middleware and all, but around the test client's schema
    check (the schema documents JSON; the browsable API is for people trying it in a browser)."""
    handler = ClientHandler()
    url = reverse("api:questions")

    def get(**headers):
        return handler(RequestFactory().get(url, **headers).environ)

    assert json.loads(get().content)["results"]  # the JSON, cached
    for asked in ({"HTTP_ACCEPT": "text/html"}, {"QUERY_STRING": "format=api"}):
        assert get(**asked)["Content-Type"].startswith("text/html")
    assert get(HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"


class CountingCache:
    """The cache, counting the calls that reach it."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_a_cached_page_costs_one_round_trip_to_the_cache(client, question, monkeypatch):
    url = question.get_absolute_url()
    first = client.get(url)
    counting = CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counting)
    again = client.get(url)
    assert again.content == first.content
    assert counting.calls == ["get_many"]


def test_a_page_cached_before_a_change_is_read_again_after_it(client, question):
    url = question.get_absolute_url()
    client.get(url)
    question.text = "What is a generative adversarial network?"
    question.save()  # a new version of the bank, once committed
    assert "generative adversarial network" in client.get(url).content.decode()


def test_a_visitor_gets_the_cached_page_with_every_header_the_site_sends(client, question):
    url = question.get_absolute_url()
    first = client.get(url)
    again = client.get(url)
    assert again.content == first.content
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "Vary",
                   "Permissions-Policy", "X-Content-Type-Options", "Referrer-Policy"):  # fmt: skip
        assert again[header] == first[header], header


def test_a_cached_page_is_served_while_the_database_is_away(client, question, monkeypatch):
    url = question.get_absolute_url()
    first = client.get(url)

    def database_away(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", database_away)
    again = client.get(url)
    assert again.status_code == 200 and again.content == first.content


def test_a_visitor_with_a_message_waiting_gets_a_page_rendered_for_them(client, question):
    url = question.get_absolute_url()
    client.get(url)  # cached
    client.cookies[CookieStorage.cookie_name] = "a message from the last page"
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) > 0  # rendered, so a message would show


@pytest.fixture
def redis_as_the_cache(settings):
    """Redis as the shared cache, as production runs it (a database of its own: clearing it
    clears nothing another test counts on)."""
    url = "redis://127.0.0.1:6379/7"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis at {url}")
    settings.CACHES = {"default": {"BACKEND": "quizsite.cache.RedisCache", "LOCATION": url}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(params=["per-process cache", "Redis"])
def either_cache(request):
    if request.param == "Redis":
        request.getfixturevalue("redis_as_the_cache")


def test_a_visitor_reading_the_api_from_the_cache_is_still_throttled(
    settings, question, either_cache
):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": "2/minute"},
    }
    api = APIClient()
    url = reverse("api:question", args=[question.pk])
    statuses = [api.get(url).status_code for _ in range(3)]  # a miss, then cached reads
    assert statuses == [200, 200, 429]  # the miss was counted once
    refused = api.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["status"] == 429


def test_with_redis_a_visitor_cached_api_read_is_one_round_trip(
    question, redis_as_the_cache, monkeypatch
):
    """The throttle's count and the cached copy travel together: one send, one reply."""
    api = APIClient()
    url = reverse("api:question", args=[question.pk])
    first = api.get(url)
    sent = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(connection, command, *args, **kwargs):
        sent.append(command)
        return send(connection, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    with CaptureQueriesContext(connection) as queries:
        again = api.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert len(sent) == 1 and len(queries) == 0


def test_with_redis_a_visitor_sees_an_approved_answer_at_once(
    question, student, moderator, redis_as_the_cache
):
    api = APIClient()
    url = reverse("api:question", args=[question.pk])
    assert len(api.get(url).json()["answers"]) == 1
    assert len(api.get(url).json()["answers"]) == 1  # from the cache
    approve_new_answer(question, student, moderator, "Adversarial training of two nets.")
    assert len(api.get(url).json()["answers"]) == 2


def test_a_visitor_api_read_not_yet_cached_looks_in_the_cache_once(question, monkeypatch):
    counting = CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counting)
    assert APIClient().get(reverse("api:question", args=[question.pk])).status_code == 200
    assert counting.calls.count("get_many") == 1  # the middleware's lookup, reused by the view
    assert "set" in counting.calls


def test_bank_reads_finds_all_in_one_round_trip_and_computes_only_what_is_missing(monkeypatch):
    computed = []

    def square(ids):
        computed.append(sorted(ids))
        return {pk: pk * pk for pk in ids}

    assert caching.bank_reads("squares", [2, 3], square) == {2: 4, 3: 9}
    counting = CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counting)
    assert caching.bank_reads("squares", [3, 4, 2], square) == {2: 4, 3: 9, 4: 16}
    assert computed == [[2, 3], [4]]
    assert counting.calls == ["get_many", "set_many"]


def test_bank_reads_computes_again_after_the_bank_changes(question):
    def texts(ids):
        return dict(Question.objects.filter(pk__in=ids).values_list("pk", "text"))

    assert caching.bank_reads("texts", [question.pk], texts) == {question.pk: "What is a GAN?"}
    question.text = "What is a generative adversarial network?"
    question.save()
    assert caching.bank_reads("texts", [question.pk], texts) == {
        question.pk: "What is a generative adversarial network?"
    }


def test_a_read_kept_in_process_checks_only_the_bank_version_until_the_bank_changes(
    question, monkeypatch
):
    computed = []

    def texts():
        computed.append(1)
        return list(Question.objects.values_list("text", flat=True))

    first = caching.bank_read("kept texts", texts, kept_in_process=True)
    counting = CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counting)
    again = caching.bank_read("kept texts", texts, kept_in_process=True)
    assert again is first and again == ["What is a GAN?"]
    assert counting.calls == ["get"]  # the version alone: the value is this process's copy
    monkeypatch.undo()

    question.text = "What is a generative adversarial network?"
    question.save()  # a new version of the bank, once committed
    assert caching.bank_read("kept texts", texts, kept_in_process=True) == [
        "What is a generative adversarial network?"
    ]
    assert len(computed) == 2


def test_a_process_keeps_a_bounded_number_of_reads(question):
    for n in range(caching.IN_PROCESS_ENTRIES + 5):
        caching.bank_read(f"kept {n}", lambda n=n: n, kept_in_process=True)
    assert len(caching._in_process) == caching.IN_PROCESS_ENTRIES
