"""Site-wide request handling that belongs to no app: a 503 when the database is away, and the
Permissions-Policy header."""

from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from quizsite.api.exceptions import problem_response

RETRY_AFTER_SECONDS = 2


class DatabaseUnavailableMiddleware:
    """A request whose database connection dropped or could not be made (a restart, a
    failover) gets 503 with Retry-After instead of a 500: the exam page retries its saves on a
    503, and API clients know to retry. Nothing was written: the request's transaction died
    with its connection, and the next request reconnects."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Drop the broken connection now, so the next use (this response's session save, the
        # next request on this thread) opens a fresh one.
        for database in connections.all(initialized_only=True):
            database.close_if_unusable_or_obsolete()
        if request.path.startswith("/api/"):
            response: HttpResponse = problem_response(
                503, "The database is briefly unavailable: try again in a moment."
            )
        else:
            # A page of its own: the site's base template would read the session from the
            # database that just failed.
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


# The site uses none of these browser features: no page, nor anything injected into one, may.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
