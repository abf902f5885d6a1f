"""Request rates for the API, per scope, from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].

DRF's throttles read the rates once, at import; these read them on each request, so a changed
setting (an override in a test) takes effect at once.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.settings import api_settings


class _RateFromSettings:
    scope: str | None

    def get_rate(self) -> str | None:
        try:
            rate = api_settings.DEFAULT_THROTTLE_RATES[self.scope or ""]
        except KeyError:
            raise ImproperlyConfigured(f"No throttle rate for the scope {self.scope!r}.") from None
        return None if rate is None else str(rate)


class AnonThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    """Anonymous requests, per address."""


class UserThrottle(_RateFromSettings, throttling.UserRateThrottle):
    """Signed-in requests, per user."""


class ContributionThrottle(_RateFromSettings, throttling.UserRateThrottle):
    """Proposed answers, per user: one client cannot flood the moderation queue."""

    scope = "contributions"

    def allow_request(self, request, view):
        # Only proposals count: a mistaken GET on the same address must not use up the quota.
        return request.method != "POST" or super().allow_request(request, view)


class TokenRequestThrottle(_RateFromSettings, throttling.SimpleRateThrottle):
    """Token requests for one username from one address: slows guessing that user's password,
    while a class behind one address (a campus, a proxy) still gets its tokens together."""

    scope = "token_requests"

    def get_cache_key(self, request, view):
        username = request.data.get("username") if isinstance(request.data, dict) else None
        username = username.strip().lower()[:150] if isinstance(username, str) else ""
        ident = f"{self.get_ident(request)}:{username}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TokenAddressThrottle(_RateFromSettings, throttling.SimpleRateThrottle):
    """All token requests from one address: a ceiling well above a class signing in at once.
    (Failed passwords across many usernames are also counted per address by the login lockout.)"""

    scope = "token_requests_per_address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class MarkingThrottle(_RateFromSettings, throttling.UserRateThrottle):
    """Marking requests, per user: each one may run the embedding model."""

    scope = "marking"


class PreviewThrottle(throttling.UserRateThrottle):
    """Markdown previews, per user: they render on every pause in typing."""

    scope = "preview"
    rate = "120/min"
