"""Shared reads of the bank, cached with the version of the bank they were computed from.

The bank's version is a random token in the shared cache, replaced when a question, choice,
answer, source or topic is saved or deleted (a moderation decision, an import, an admin edit),
once the change is committed. A read fetches the version and the cached entry together (one
MGET) and uses the entry only if it carries that very version, so a cached read never outlives
the bank it was computed from, on any process or host that shares the cache. The version is
read before the database (as the helpers here do), so a read racing a change is filed under
the old version, never the new one.
"""

import hashlib
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar
from uuid import uuid4

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quizsite.throttles import allow_and_read

VERSION_KEY = "bank:version"
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


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
    return f"bank:{kind}:{address}"


def _cached_many(keys: list[str]) -> tuple[str, dict[str, Any]]:
    """The bank's version and what is stored under each of ``keys`` that was computed under
    that very version, in one round trip to the cache (a single MGET)."""
    return _current(keys, cache.get_many([VERSION_KEY, *keys]))


def _current(keys: list[str], found: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The bank's version and the entries of ``found`` (read with it) current for it."""
    version = found.get(VERSION_KEY) or bank_version()
    current = {key: found[key][1] for key in keys if key in found and found[key][0] == version}
    return version, current


def _cached(key: str) -> tuple[str, Any]:
    """The bank's version and what is stored under ``key`` if current (else None)."""
    version, current = _cached_many([key])
    return version, current.get(key)


def _lookup(request: HttpRequest, kind: str) -> tuple[str, str, Any]:
    """This read's key, the bank's version and what is stored for it (None if nothing
    current), looked up once per request: VisitorPageCache and the API view both ask."""
    lookups = getattr(request, "_bank_lookups", None)
    if lookups is None:
        lookups = request._bank_lookups = {}  # type: ignore[attr-defined]
    if kind not in lookups:
        key = _key(kind, request)
        lookups[kind] = (key, *_cached(key))
    return lookups[kind]


def _store(key: str, version: str, value: Any) -> None:
    """File ``value`` under the version read before it was computed, replacing any older one."""
    cache.set(key, (version, value), settings.BANK_CACHE_SECONDS)


def bank_read(name: str, compute: Callable[[], T], *, kept_in_process: bool = False) -> T:
    """``compute()``, shared through the cache until the bank changes: for a read of the bank
    that many requests repeat (``name`` says what it is and everything it depends on).

    ``kept_in_process``: each process also keeps its own copy, and while the bank's version is
    the same, reads only that version from the cache. For a large value that every request of
    a burst needs (an exam's candidate ids: a class starting together); it is shared between
    threads, so it must not be changed.
    """
    key = f"bank:read:{hashlib.sha256(name.encode()).hexdigest()}"
    kept = _in_process.get(key) if kept_in_process else None
    if kept is not None and kept[0] == bank_version():
        return kept[1]
    version, cached = _cached(key)
    if cached is None:
        cached = compute()
        _store(key, version, cached)
    if kept_in_process:
        with _in_process_lock:
            _in_process[key] = (version, cached)
            while len(_in_process) > IN_PROCESS_ENTRIES:
                del _in_process[next(iter(_in_process))]  # the oldest
    return cached


IN_PROCESS_ENTRIES = 16
_in_process: dict[str, tuple[str, Any]] = {}
_in_process_lock = threading.Lock()


def bank_reads(name: str, ids: Iterable[K], compute: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """One value per id, shared through the cache until the bank changes: one MGET finds the
    current ones, ``compute`` is called once with the ids it lacks, and what it returns is
    stored (``name`` says what the values are). An id ``compute`` leaves out is left out."""
    keys = {pk: f"bank:reads:{name}:{pk}" for pk in ids}
    version, current = _cached_many(list(keys.values()))
    found = {pk: current[key] for pk, key in keys.items() if key in current}
    missing = [pk for pk in keys if pk not in found]
    if missing:
        computed = compute(missing)
        cache.set_many(
            {keys[pk]: (version, value) for pk, value in computed.items()},
            settings.BANK_CACHE_SECONDS,
        )
        found.update(computed)
    return found


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a bank page as the same for every visitor who is not signed in: VisitorPageCache
    serves it to them from the shared cache. Signed-in users see their own navigation and
    forms, so their pages are rendered each time."""
    view.cached_for_visitors = True  # type: ignore[attr-defined]
    return view


class VisitorPageCache:
    """Middleware, early in the stack: a visitor (no session, no message waiting, no API token)
    reading the bank gets the stored copy before sessions, CSRF, authentication and the rest
    run, since for a visitor they add nothing the stored copy does not already hold.

    Pages marked ``cached_for_visitors`` are stored here, headers and all (a page that sets a
    cookie is not stored). API views that are ``CachedBankRead`` store their JSON themselves,
    under the same address for every caller; here a visitor's read of it still passes the
    view's throttles and content negotiation, and is answered only when those let it through
    as JSON (otherwise the view answers, with its own 429 or format). With Redis as the cache,
    the throttles' counts and the lookup travel in one round trip. The header middleware
    sits above this one, so every response, cached or not, gets the site's headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        view = self._visitor_read(request)
        if view is None:
            return self.get_response(request)
        if view_class := getattr(view, "view_class", None):
            return self._api_read(request, view_class)
        key, version, cached = _lookup(request, "page")
        if cached is not None:
            return _stored_response(request, *cached)
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            _store(key, version, (response.content, dict(response.items())))
        return response

    def _api_read(self, request: HttpRequest, view_class: type[APIView]) -> HttpResponseBase:
        """The stored JSON, if the API view would send this visitor JSON and its throttles let
        the request through (counting it); else the view answers, with its own 429 or format,
        and stores what it sends."""
        api_request, view = Request(request), view_class()
        if not self._negotiates_json(request, api_request, view):
            return self.get_response(request)
        throttles = view.get_throttles()
        key = _key("api", request)
        pipelined = allow_and_read(throttles, api_request, view, [VERSION_KEY, key])
        if pipelined is None:
            version, cached = _cached(key)
            allowed = cached is not None and all(
                t.allow_request(api_request, view) for t in throttles
            )
        else:
            allowed, found = pipelined
            version, current = _current([key], found)
            cached = current.get(key)
            # Counted already: the view must not count this request again. (A refused one is
            # not counted, so the view checks it again and answers the 429.)
            request.bank_throttles_counted = allowed  # type: ignore[attr-defined]
        request._bank_lookups = {"api": (key, version, cached)}  # type: ignore[attr-defined]
        if allowed and cached is not None:
            return _stored_response(request, *cached)
        return self.get_response(request)

    @staticmethod
    def _visitor_read(request: HttpRequest) -> Callable | None:
        """The view of a bank read a visitor asks for; None for anything else."""
        if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
            return None
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return None
        cached = getattr(getattr(view, "view_class", view), "cached_for_visitors", False)
        return view if cached else None

    @staticmethod
    def _negotiates_json(request: HttpRequest, api_request: Request, view: APIView) -> bool:
        """Whether the API view's content negotiation would pick JSON for this request."""
        if _asks_for_json(request, view):
            return True
        try:
            renderer, _ = view.get_content_negotiator().select_renderer(
                api_request, view.get_renderers()
            )
        except exceptions.NotAcceptable:
            return False
        return isinstance(renderer, JSONRenderer)


def _asks_for_json(request: HttpRequest, view: APIView) -> bool:
    """What most clients send (any format, or JSON, and no ``?format=``) when JSON is the view's
    first renderer: DRF's negotiation would pick JSON, without parsing anything."""
    return (
        request.META.get("HTTP_ACCEPT", "*/*") in ("*/*", "application/json")
        and "format" not in request.GET
        and issubclass(view.renderer_classes[0], JSONRenderer)
    )


CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE",
)  # fmt: skip


def _conditional_status(request: HttpRequest, headers: dict) -> int | None:
    """304 (or 412) when the client's conditional headers match a stored read's validators."""
    if not any(name in request.META for name in CONDITIONAL_HEADERS):
        return None
    last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    decided = get_conditional_response(
        request, etag=headers.get("ETag"), last_modified=last_modified
    )
    return None if decided is None else decided.status_code


def _stored_response(request: HttpRequest, content: bytes, headers: dict) -> HttpResponse:
    """A stored read as sent the first time, or a 304 with its headers when the client holds
    that copy."""
    status = _conditional_status(request, headers)
    return HttpResponse(b"" if status else content, status=status or 200, headers=headers)


class CachedBankRead:
    """For API views that read the bank: the same data for every caller (authentication and
    throttles still run first), so the JSON sent is cached as bytes, with the headers it was
    sent with (its ETag and Last-Modified among them): a cached read renders nothing, and a
    client holding that copy gets a 304 from the cache. A visitor's read is answered by
    VisitorPageCache from the same copy. Other formats (the browsable API, which shows who is
    signed in) are rendered each time."""

    cached_for_visitors = True
    _cache_entry: tuple[str, str] | None = None
    """(key, version) of a JSON read that missed the cache, to store once rendered."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not isinstance(request.accepted_renderer, JSONRenderer):
            return super().get(request, *args, **kwargs)  # type: ignore[misc]
        # Looked up already if VisitorPageCache saw this request.
        key, version, cached = _lookup(request._request, "api")
        if cached is not None:
            content, headers = cached
            status = _conditional_status(request, headers)
            sent = Response(status=status or 200, headers=headers)
            sent.content = b"" if status else content  # as rendered then: not rendered again
            return sent
        self._cache_entry = (key, version)
        return super().get(request, *args, **kwargs)  # type: ignore[misc]

    def check_throttles(self, request: Request) -> None:
        if not getattr(request._request, "bank_throttles_counted", False):
            super().check_throttles(request)  # type: ignore[misc]

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if self._cache_entry is not None and response.status_code == 200:
            response.render()
            # The validators were computed with the data: stored together, they stay a pair.
            key, version = self._cache_entry
            _store(key, version, (response.content, dict(response.items())))
        return response
