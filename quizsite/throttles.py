"""Request rates for the API, per scope, from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], and a
fixed-window counter for the site's other limits (failed logins, password reset mail).

DRF's throttles read the rates once, at import; these read them on each request, so a changed
setting (an override in a test) takes effect at once.

DRF keeps each client's recent requests as a list in the cache and reads it, then writes it
back: concurrent requests all read the same list and all pass (200 requests at once against a
limit of 120 let 144 through). With Redis as the cache, the same sliding window is kept in a
sorted set that one Lua script trims, counts and appends to atomically, so exactly the limit
passes. Other caches (the local-memory cache of a single development process) keep DRF's way.
"""

import time
import uuid
from typing import TYPE_CHECKING, Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

if TYPE_CHECKING:  # rest_framework.views imports this module, for its default throttles
    from rest_framework.request import Request
    from rest_framework.views import APIView

# KEYS[1]: the client's window; ARGV: now, window length, limit (seconds, seconds, requests),
# a unique member. Returns {1} when the request is allowed, else {0, the oldest request's time}.
_SLIDING_WINDOW = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000))
  return {1}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, oldest[2]}
"""


class _RateFromSettings:
    scope: str | None

    def get_rate(self) -> str | None:
        try:
            rate = api_settings.DEFAULT_THROTTLE_RATES[self.scope or ""]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate for the scope {self.scope!r}.") from None
        return None if rate is None else str(rate)


class _AtomicWhenRedis(throttling.SimpleRateThrottle):
    """DRF's sliding window, counted atomically in Redis when Redis is the cache."""

    oldest: float | None = None
    # Set by SimpleRateThrottle.__init__ from the rate (used only when there is one).
    num_requests: int
    duration: int

    def allow_request(self, request, view):
        backend = caches["default"]
        if self.rate is None or not isinstance(backend, RedisCache):
            return super().allow_request(request, view)
        window = self._window(request, view)
        if window is None:
            return True
        client = backend._cache.get_client(write=True)
        return self._counted(client.eval(_SLIDING_WINDOW, 1, *window))

    def _window(self, request, view) -> list | None:
        """The sliding window script's key and arguments for this request (None: not counted)."""
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return None
        self.now = self.timer()
        key = caches["default"].make_and_validate_key(self.key)
        return [key, self.now, self.duration, self.num_requests, uuid.uuid4().hex]

    def _counted(self, reply: list) -> bool:
        """Whether the script's ``reply`` allows the request (kept for wait())."""
        allowed, *oldest = reply
        self.oldest = float(oldest[0]) if oldest else None
        return bool(allowed)

    def wait(self):
        if not isinstance(caches["default"], RedisCache) or self.rate is None:
            return super().wait()
        if self.oldest is None:
            return None
        return max(0.0, self.duration - (self.now - self.oldest))


def allow_and_read(
    throttles: list[BaseThrottle], request: "Request", view: "APIView", keys: list[str]
) -> tuple[bool, dict[str, Any]] | None:
    """Whether every one of ``throttles`` allows the request (each one counting it), and what
    the cache holds under ``keys`` (as ``cache.get_many``), in one round trip to Redis: for a
    read answered from the cache, whose throttles would otherwise be a second trip. None when
    the cache is not Redis or a throttle does not count there; the caller then asks in turn."""
    backend = caches["default"]
    atomic = [  # counted by the script alone, not by a subclass's own allow_request
        t
        for t in throttles
        if isinstance(t, _AtomicWhenRedis)
        and type(t).allow_request is _AtomicWhenRedis.allow_request
        and t.rate is not None
    ]
    if not isinstance(backend, RedisCache) or len(atomic) < len(throttles):
        return None
    windows = [(t, window) for t in atomic if (window := t._window(request, view)) is not None]
    pipeline = backend._cache.get_client(write=True).pipeline(transaction=False)
    for _, window in windows:
        pipeline.eval(_SLIDING_WINDOW, 1, *window)
    pipeline.mget([backend.make_and_validate_key(key) for key in keys])
    *replies, values = pipeline.execute()
    verdicts = [t._counted(reply) for (t, _), reply in zip(windows, replies, strict=True)]
    loads = backend._cache._serializer.loads  # type: ignore[attr-defined]
    found = {
        key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None
    }
    return all(verdicts), found


class AnonThrottle(_AtomicWhenRedis, _RateFromSettings, throttling.AnonRateThrottle):
    """Anonymous requests, per address."""


class UserThrottle(_AtomicWhenRedis, _RateFromSettings, throttling.UserRateThrottle):
    """Signed-in requests, per user. Anonymous ones are AnonThrottle's alone (DRF's user
    throttle counts them by address too: a second count, and a second trip to the cache, under
    a looser limit)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)


class ContributionThrottle(_AtomicWhenRedis, _RateFromSettings, throttling.UserRateThrottle):
    """Proposed answers, per user: one client cannot flood the moderation queue."""

    scope = "contributions"

    def allow_request(self, request, view):
        # Only proposals count: a mistaken GET on the same address must not use up the quota.
        return request.method != "POST" or super().allow_request(request, view)


class TokenRequestThrottle(_AtomicWhenRedis, _RateFromSettings, throttling.SimpleRateThrottle):
    """Token requests for one username from one address: slows guessing that user's password,
    while a class behind one address (a campus, a proxy) still gets its tokens together."""

    scope = "token_requests"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if isinstance(request.data, dict) else None
        username = username.strip().lower()[:150] if isinstance(username, str) else ""
        ident = f"{self.get_ident(request)}:{username}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenAddressThrottle(_AtomicWhenRedis, _RateFromSettings, throttling.SimpleRateThrottle):
    """All token requests from one address: a ceiling well above a class signing in at once.
    (Failed passwords across many usernames are also counted per address by the login lockout.)"""

    scope = "token_requests_per_address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class MarkingThrottle(_AtomicWhenRedis, _RateFromSettings, throttling.UserRateThrottle):
    """Marking requests, per user: each one may run the embedding model."""

    scope = "marking"


class PreviewThrottle(_AtomicWhenRedis, throttling.UserRateThrottle):
    """Markdown previews, per user: they render on every pause in typing."""

    scope = "preview"
    rate = "120/min"


def count_in_window(name: str, window_seconds: int) -> tuple[int, int]:
    """Count one more event for ``name`` in a fixed window of ``window_seconds`` that starts at
    its first event; return the count so far and the seconds until the window ends. Atomic in
    every cache backend (Redis INCR, or the local-memory cache's lock)."""
    now = time.time()
    key = f"window:{name}"
    if cache.add(key, 0, timeout=window_seconds):
        cache.set(f"{key}:start", now, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr(): start another
        cache.set(f"{key}:start", now, timeout=window_seconds)
        cache.add(key, 1, timeout=window_seconds)
        count = 1
    return count, _remaining(key, window_seconds, now)


def peek_in_window(name: str, window_seconds: int) -> tuple[int, int]:
    """The count of count_in_window() so far, and the seconds left in its window."""
    key = f"window:{name}"
    return cache.get(key, 0), _remaining(key, window_seconds, time.time())


def _remaining(key: str, window_seconds: int, now: float) -> int:
    start = cache.get(f"{key}:start", now)
    return max(1, round(start + window_seconds - now))
