"""The real URLconf, plus the floor: a minimal view that returns captured bytes from memory."""

import importlib
import os
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

# The site's own URLconf, whichever module settings named before bench.wsgi replaced it.
site_urls = importlib.import_module(getattr(settings, "BENCH_SITE_URLCONF", "quizsite.urls"))

_captured: dict[str, tuple[bytes, str]] = {}


def _load(name: str) -> tuple[bytes, str]:
    if name not in _captured:
        folder = Path(os.environ.get("BENCH_FLOOR_DIR", "."))
        body = folder / f"{name}.body"
        if not name.replace("-", "").replace("_", "").isalnum() or not body.is_file():
            raise Http404("No captured response by that name.")
        content_type = (folder / f"{name}.type").read_text().strip()
        _captured[name] = (body.read_bytes(), content_type)
    return _captured[name]


@csrf_exempt
def floor(request, name):
    body, content_type = _load(name)
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("bench/floor/<slug:name>/", floor), *site_urls.urlpatterns]

handler400 = getattr(site_urls, "handler400", None) or "django.views.defaults.bad_request"
handler404 = getattr(site_urls, "handler404", None) or "django.views.defaults.page_not_found"
handler500 = getattr(site_urls, "handler500", None) or "django.views.defaults.server_error"
