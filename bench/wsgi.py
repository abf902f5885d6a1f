"""The site as the benchmark serves it: the real WSGI application plus two measuring aids.

- ``/bench/floor/<name>/`` (bench/urls.py) answers with bytes captured from a real endpoint,
  through the same middleware, so every scenario is compared with what the framework costs at
  the least for the same response.
- Every response carries ``X-Bench-Queries`` (SQL statements run for it) and ``X-Bench-Sql-Us``
  (microseconds spent in them), counted with ``connection.execute_wrapper``.

Run it as docker-compose.yml runs quizsite.wsgi: ``gunicorn bench.wsgi``. BENCH_STATIC_ROOT
points at the static files the harness collected (their manifest is all pages need).
"""

import os
import time

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
# Set before the application loads: whitenoise reads STATIC_ROOT when it starts.
settings.BENCH_SITE_URLCONF = settings.ROOT_URLCONF
settings.ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    settings.STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

from django.db import connection  # noqa: E402

# The production application, with what it loads before gunicorn forks (the marking model
# when MARKING_PRELOAD_MODEL is set, as docker-compose.yml sets it).
from quizsite.wsgi import application as django_application  # noqa: E402


class QueryCounter:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def application(environ, start_response):
    counter = QueryCounter()

    def counting_start_response(status, headers, exc_info=None):
        headers.append(("X-Bench-Queries", str(counter.count)))
        headers.append(("X-Bench-Sql-Us", str(int(counter.seconds * 1_000_000))))
        return start_response(status, headers, exc_info)

    with connection.execute_wrapper(counter):
        return django_application(environ, counting_start_response)
