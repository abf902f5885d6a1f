"""Site-wide views: the health check and the error handlers (installed in quizsite/urls.py)."""

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and the container health check: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Errors raised outside any API view (no URL matched, a crash): JSON under /api/, pages elsewhere.


def _api_aware(page_handler: Callable[..., HttpResponse], status_code: int, detail: str):
    def handler(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": detail}, status=status_code)
        return page_handler(request, *args, **kwargs)

    return handler


bad_request = _api_aware(defaults.bad_request, 400, "Bad request.")
page_not_found = _api_aware(defaults.page_not_found, 404, "Not found.")
server_error = _api_aware(defaults.server_error, 500, "Server error.")
