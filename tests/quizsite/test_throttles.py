"""API throttles count atomically when Redis is the cache: a burst gets exactly the limit through.

DRF's own throttle reads a client's history from the cache, then writes it back, so requests
arriving together all read the same history: 200 at once against a limit of 120 let 144 pass.
"""

import os
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
import redis
from django.core.cache import cache
from django.db import connection

from tests.factories import make_topic

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REQUESTS, CLIENTS, LIMIT = 200, 50, 120


@pytest.fixture
def redis_cache(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite cannot serve concurrent requests to a live server")
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/5"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis at {url} (set REDIS_URL)")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "throttle-test",
        }
    }
    cache.clear()
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": f"{LIMIT}/minute"},
    }


def fetch(url: str) -> tuple[int, str | None]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, None
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers.get("Retry-After")


def test_a_burst_of_anonymous_requests_gets_exactly_the_limit_through(live_server, redis_cache):
    make_topic(slug="cnn")
    url = f"{live_server.url.replace('://localhost:', '://127.0.0.1:')}/api/v1/topics/"
    start = threading.Barrier(CLIENTS)
    outcomes: list[tuple[int, str | None]] = []
    lock = threading.Lock()

    def client():
        start.wait(timeout=30)
        for _ in range(REQUESTS // CLIENTS):
            outcome = fetch(url)
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = Counter(status for status, _ in outcomes)
    assert statuses == {200: LIMIT, 429: REQUESTS - LIMIT}
    waits = [int(retry_after) for status, retry_after in outcomes if status == 429]
    assert all(0 < wait <= 60 for wait in waits)
