"""Every API error as RFC 9457 problem details (``application/problem+json``).

One shape for every 4xx and 5xx: ``type``, ``title``, ``status`` and ``detail``; a 400 also lists
its field errors in ``errors``; a domain refusal adds its ``data`` as extension members (the
state that caused it). DRF's exceptions go through ``exception_handler``; errors raised outside
any API view (no route, a crash) through the handlers in quizsite/views.py, with ``problem()``.
"""

from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from rest_framework import exceptions
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from quizsite.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
# "about:blank": the problem means no more than its HTTP status (RFC 9457, section 4.2.1).
ABOUT_BLANK = "about:blank"


def problem(status: int, detail: str, **extensions: Any) -> dict:
    """A problem details body; a 400 always has its (possibly empty) list of field errors."""
    body = {
        "type": ABOUT_BLANK,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extensions,
    }
    if status == HTTPStatus.BAD_REQUEST:
        body.setdefault("errors", [])
    return body


def problem_response(status: int, detail: str) -> JsonResponse:
    """For Django's own error handlers, outside DRF."""
    return JsonResponse(problem(status, detail), status=status, content_type=PROBLEM_CONTENT_TYPE)


def too_large_detail() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"The request body is too large: {limit:,} bytes at most."


def field_errors(detail: Any, path: tuple[str, ...] = ()) -> Iterator[dict]:
    """DRF's nested error details, flattened: one entry per message, with the dotted path of
    the field (``key.0`` for the first item of a list) or null for the request as a whole."""
    if isinstance(detail, dict):
        for name, nested in detail.items():
            inner = path if name == api_settings.NON_FIELD_ERRORS_KEY else (*path, str(name))
            yield from field_errors(nested, inner)
    elif isinstance(detail, list):
        for index, nested in enumerate(detail):
            # A list of messages belongs to the field itself; a list of dicts or lists to items.
            inner = path if isinstance(nested, str) else (*path, str(index))
            yield from field_errors(nested, inner)
    else:
        yield {
            "field": ".".join(path) or None,
            "message": str(detail),
            "code": getattr(detail, "code", "invalid"),
        }


def _validation_problem(exc: exceptions.ValidationError) -> dict:
    errors = list(field_errors(exc.detail))
    summary = "; ".join(
        f"{error['field']}: {error['message']}" if error["field"] else error["message"]
        for error in errors
    )
    return problem(HTTPStatus.BAD_REQUEST, summary or "Invalid input.", errors=errors)


def exception_handler(exc, context):
    """DRF's handler (status, WWW-Authenticate, Retry-After, rollback), with problem bodies."""
    if isinstance(exc, DomainError):
        set_rollback()
        response = Response(problem(exc.status_code, exc.message, **exc.data), exc.status_code)
    elif isinstance(exc, RequestDataTooBig):
        response = Response(problem(413, too_large_detail()), status=413)
    else:
        handled = drf_exception_handler(exc, context)
        if handled is None:  # not an API error: Django's handler500 answers
            return None
        response = handled
        if isinstance(exc, exceptions.ValidationError):
            response.data = _validation_problem(exc)
        else:
            detail = response.data.get("detail") if isinstance(response.data, dict) else None
            response.data = problem(response.status_code, str(detail or exc))
    # The browsable API shows the problem as a page; every other client gets the media type.
    if not isinstance(getattr(context["request"], "accepted_renderer", None), BrowsableAPIRenderer):
        response.content_type = PROBLEM_CONTENT_TYPE
    return response
