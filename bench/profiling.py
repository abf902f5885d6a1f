"""Where one request of each kind spends its time: pyinstrument over the full Django handler.

    python -m bench.profiling --plan PLAN.json --out DIR

PLAN lists requests (name, method, path, headers, body). Each is sent through django.test.Client
(the same middleware, views and templates as under gunicorn) a few times to warm up, then
profiled over ``repeats`` runs. For each request DIR gets the call tree (``NAME.txt``, unless
--no-trees) and ``profiles.json`` the time per library and the functions with the most time of
their own.
"""

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

# Where time goes, by the file a function lives in; the first match wins.
AREAS = [
    ("templates", ("django/template/", "django/templatetags/", "django/forms/renderers")),
    ("URL reversing", ("django/urls/",)),
    (
        "DRF serializers",
        (
            "rest_framework/serializers",
            "rest_framework/fields",
            "rest_framework/relations",
            "rest_framework/utils/serializer_helpers",
        ),
    ),
    ("forms and filters", ("django/forms/", "django_filters/")),
    ("ORM (Python side)", ("django/db/models/", "django/db/backends/", "django/db/utils")),
    ("database driver and server", ("psycopg/", "psycopg_binary", "psycopg_pool")),
    ("Markdown rendering", ("markdown/", "pymdownx/", "nh3", "pygments/")),
    ("JSON rendering", ("rest_framework/renderers", "json/")),
    (
        "middleware and auth",
        ("django/middleware/", "django/contrib/", "csp/", "axes/", "whitenoise/"),
    ),
    ("the site's own code", ("/questions/", "/accounts/", "/exams/", "/practice/", "/quizsite/")),
    ("DRF (views, throttles, auth)", ("rest_framework/",)),
    ("Django (other)", ("django/",)),
]


def area(path: str) -> str | None:
    for name, needles in AREAS:
        if any(needle in path for needle in needles):
            return name
    return None


def walk(frame, by_area, by_function, inherited: str = "other"):
    """Add up each frame's own time under its area; a frame outside every area (a builtin, a
    C function) counts for the area of its nearest caller inside one."""
    here = area(frame.file_path or "") or inherited
    own = frame.total_self_time
    if own > 0:
        by_area[here] += own
        key = f"{frame.function} ({frame.file_path_short or frame.file_path}:{frame.line_no})"
        by_function[key] += own
    for child in frame.children:
        if not child.is_synthetic:
            walk(child, by_area, by_function, here)


class SqlTimer:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


def send(client, item: dict):
    headers = {k.lower(): v for k, v in item.get("headers", {}).items()}
    return client.generic(
        item["method"],
        item["path"],
        data=item.get("body") or "",
        content_type=headers.get("content-type", "application/json"),
        headers={**headers, "host": "127.0.0.1"},
    )


def profile(client, plan: list[dict], repeats: int, out: Path, trees: bool) -> dict:
    from django.db import connection
    from pyinstrument import Profiler

    results = {}
    for item in plan:
        for _ in range(2):
            warm = send(client, item)
        sql = SqlTimer()
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with connection.execute_wrapper(sql):
            profiler.start()
            for _ in range(repeats):
                response = send(client, item)
            profiler.stop()
        wall = (time.perf_counter() - started) / repeats
        if trees:  # rendering a tree takes about a second
            (out / f"{item['name']}.txt").write_text(
                profiler.output_text(unicode=False, color=False, show_all=False)
            )
        by_area: dict[str, float] = defaultdict(float)
        by_function: dict[str, float] = defaultdict(float)
        walk(profiler.last_session.root_frame(), by_area, by_function)
        total = sum(by_area.values()) or 1.0
        results[item["name"]] = {
            "path": f"{item['method']} {item['path']}",
            "status": response.status_code,
            "warm_status": warm.status_code,
            "ms_per_request": round(wall * 1000, 1),
            "sql_queries": round(sql.count / repeats, 1),
            "sql_ms": round(sql.seconds * 1000 / repeats, 1),
            "areas": {
                name: round(100 * seconds / total, 1)
                for name, seconds in sorted(by_area.items(), key=lambda kv: -kv[1])
            },
            "top_functions": [
                {"function": name, "share": round(100 * seconds / total, 1)}
                for name, seconds in sorted(by_function.items(), key=lambda kv: -kv[1])[:12]
            ],
        }
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--no-trees", action="store_true", help="only the summary")
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    if os.environ.get("BENCH_STATIC_ROOT"):
        settings.STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plan = json.loads(Path(args.plan).read_text())
    results = profile(Client(), plan, args.repeats, out, trees=not args.no_trees)
    (out / "profiles.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
