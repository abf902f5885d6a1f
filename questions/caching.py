"""Shared reads of the bank, cached under a key that changes whenever the bank changes.

Every cache key includes the bank's version: a random token in the shared cache, replaced when
a question, choice, answer, source or topic is saved or deleted (a moderation decision, an
import, an admin edit), once the change is committed. A cached read therefore never outlives
the bank it was computed from, on any process or host that shares the cache. Read the version
before reading the database (as the helpers here do), so a read racing a change is filed
under the old version, never the new one.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request
from rest_framework.response import Response

from quizsite.api.conditional import VALIDATOR_NAMES, respond_conditionally

VERSION_KEY = "bank:version"


def bank_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def bank_changed(**signal_arguments: Any) -> None:
    """Give the bank a new version once the current transaction commits (a signal receiver)."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid4().hex, None))


def _key(kind: str, request: HttpRequest) -> str:
    """The cache key of this read: the address hashed, so that a long query string (many
    ``?topic=`` filters) still makes a key of fixed length, valid for every cache backend."""
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"bank:{bank_version()}:{kind}:{address}"


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache a bank page for visitors who are not signed in (their page is the same for all);
    signed-in users see their own navigation and forms, so their pages are rendered each time."""

    @wraps(view)
    def cached_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated or get_messages(request):
            return view(request, *args, **kwargs)
        key = _key("page", request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            cached = (response.content, response["Content-Type"])
            cache.set(key, cached, settings.BANK_CACHE_SECONDS)
        return response

    return cached_view


class CachedBankRead:
    """For API views that read the bank: the same data for every caller (authentication and
    throttles still run first), so the serialised result is cached, with the ETag and
    Last-Modified it was sent with: a client holding that copy gets a 304 from the cache."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = _key("api", request)
        cached = cache.get(key)
        if cached is not None:
            data, validators = cached
            return respond_conditionally(request, Response(data, headers=validators))
        response = super().get(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code == 200:
            # The validators were computed with the data: stored together, they stay a pair.
            validators = {name: response[name] for name in VALIDATOR_NAMES if name in response}
            cache.set(key, (response.data, validators), settings.BANK_CACHE_SECONDS)
        return response
