"""The Redis cache reuses its client: Django's own makes a new one for every call."""

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from quizsite.cache import RedisCache


def backend(cls, location="redis://127.0.0.1:6379/5"):
    return cls(location, {"KEY_PREFIX": "cache-backend-test"})


def test_every_call_shares_one_client_where_django_makes_a_new_one():
    ours, djangos = backend(RedisCache), backend(DjangoRedisCache)
    assert ours._cache.get_client() is ours._cache.get_client(write=True)
    assert djangos._cache.get_client() is not djangos._cache.get_client()


def test_it_stores_and_reads_like_the_django_backend():
    cache = backend(RedisCache)
    try:
        cache.set("greeting", {"text": "hello"}, 30)
    except redis.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    assert cache.get_many(["greeting", "missing"]) == {"greeting": {"text": "hello"}}
    cache.delete("greeting")
    assert cache.get("greeting") is None
