"""Site-wide views: the health check and the error handlers (installed in quizsite/urls.py)."""

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.http import require_GET

from quizsite.api.exceptions import problem_response, too_large_detail


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and the container health check: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Errors raised outside any API view (no URL matched, a crash, a body too large to read):
# problem details under /api/, pages elsewhere.


def _api_aware(page_handler: Callable[..., HttpResponse], status_code: int, detail: str):
    def handler(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.path.startswith("/api/"):
            return problem_response(status_code, detail)
        return page_handler(request, *args, **kwargs)

    return handler


_bad_request = _api_aware(defaults.bad_request, 400, "Bad request.")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Django reports a body over DATA_UPLOAD_MAX_MEMORY_SIZE as a 400; clients need its 413.
    if request.path.startswith("/api/") and isinstance(exception, RequestDataTooBig):
        return problem_response(413, too_large_detail())
    return _bad_request(request, exception)


page_not_found = _api_aware(defaults.page_not_found, 404, "Not found.")
server_error = _api_aware(defaults.server_error, 500, "Server error.")
