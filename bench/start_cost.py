"""What one exam start costs: CPU of the web process and of its PostgreSQL backend.

    python bench/start_cost.py [--against REV] [--starts 300] [--rounds 4]

How fast a small machine works through a class's starts follows what one start costs. This
measures that cost alone, without the wave's queueing: in a fresh process, ``--starts`` users,
each with a new API token, start the same 30-question exam through Django's test client (the
same middleware, DRF view, services and cache as under gunicorn, without HTTP), against
PostgreSQL and Redis on 127.0.0.1. It reports the process's CPU per start and its backend's.

``--against REV`` measures the code of another commit too (checked out in a temporary git
worktree), alternating the two round by round so that a machine slowing down mid-run slows
both; each has its own database (created, migrated and loaded with the seed bank by its own
code) and its own Redis database. Results: bench/results/start_cost.md.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(1, str(ROOT))  # for bench.*; measure() puts the code it measures first

from bench.prepared_statements import cpu_seconds  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "start_cost.md"
SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
EXAM = "full-mock-exam-deep-learning-course"  # the seed bank's 30-question mock exam


def measure(starts: int) -> dict:
    """Run in a child whose working directory is the code to measure."""
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from accounts.tokens import create_token
    from exams.models import Exam

    exam = Exam.objects.get(slug=EXAM)
    prefix = f"start-cost-{secrets.token_hex(4)}-"
    keys = [
        create_token(user=User.objects.create_user(f"{prefix}{n}"), name="start cost")[1]
        for n in range(starts + 20)
    ]
    client = Client()

    def start(key: str) -> None:
        response = client.post(
            f"/api/v1/exams/{exam.pk}/attempts/", HTTP_AUTHORIZATION=f"Token {key}"
        )
        if response.status_code != 201:
            raise SystemExit(f"start answered {response.status_code}: {response.content[:300]!r}")

    for key in keys[:20]:  # warm: caches filled, statements prepared
        start(key)
    backend = connection.connection.info.backend_pid
    python_0, backend_0 = time.process_time(), cpu_seconds(backend)
    for key in keys[20:]:
        start(key)
    result = {
        "python_ms": (time.process_time() - python_0) / starts * 1000,
        "postgres_ms": (cpu_seconds(backend) - backend_0) / starts * 1000,
    }
    User.objects.filter(username__startswith=prefix).delete()
    return result


def environment(database_url: str, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        API_USER_REQUESTS_PER_MINUTE="10000000",
        LOG_LEVEL="WARNING",
    )
    return env


def database_name(index: int) -> str:
    return f"quizsite_start_cost_v{index}"


def redis_database(index: int) -> int:
    return 9 + index


def prepare(root: Path, index: int) -> dict:
    """A fresh database and Redis database for the code at ``root``, loaded by that code."""
    remove(index)
    subprocess.run(
        ["psql", f"{SERVER}/postgres", "-qc", f"CREATE DATABASE {database_name(index)}"], check=True
    )
    env = environment(f"{SERVER}/{database_name(index)}", f"{REDIS}/{redis_database(index)}")
    for command in (["migrate", "-v0"], ["seed_bank"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=root, env=env, check=True,
            capture_output=True,
        )  # fmt: skip
    return env


def remove(index: int) -> None:
    """The database and the Redis database of version ``index``, emptied and dropped."""
    drop = f"DROP DATABASE IF EXISTS {database_name(index)} WITH (FORCE)"
    subprocess.run(["psql", f"{SERVER}/postgres", "-qc", drop], check=True)
    subprocess.run(
        ["redis-cli", "-n", str(redis_database(index)), "flushdb"], check=True, capture_output=True
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", help="another commit to measure, alternating with this one")
    parser.add_argument("--starts", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.starts)))
        return 0
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as scratch:
        versions = {f"this checkout ({head})": ROOT}
        if args.against:
            worktree = Path(scratch) / "against"
            subprocess.run(
                ["git", "worktree", "add", "-q", "--detach", str(worktree), args.against],
                cwd=ROOT, check=True,
            )  # fmt: skip
            versions[f"{args.against}"] = worktree
        try:
            envs = {
                name: prepare(root, index) for index, (name, root) in enumerate(versions.items())
            }
            runs: dict[str, list[dict]] = {name: [] for name in versions}
            for round_ in range(args.rounds):
                for name, root in versions.items():
                    child = subprocess.run(
                        [sys.executable, str(Path(__file__).resolve()), "--measure",
                         "--starts", str(args.starts)],
                        cwd=root, env=envs[name], check=True, capture_output=True, text=True,
                    )  # fmt: skip
                    runs[name].append(json.loads(child.stdout.strip().splitlines()[-1]))
                    print(f"round {round_ + 1}, {name}: {runs[name][-1]}", flush=True)
        finally:
            for index in range(len(versions)):
                remove(index)
            if args.against:
                subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT)
    write_report(runs, args)
    return 0


def write_report(runs: dict[str, list[dict]], args) -> None:
    lines = [
        "# What one exam start costs (`python bench/start_cost.py`)",
        "",
        f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {args.starts} starts per "
        f"round, {args.rounds} rounds, alternating; the seed bank's 30-question mock exam, each "
        "start by a new user with a new API token. CPU milliseconds per start, median of the "
        "rounds (in brackets the lowest and highest).",
        "",
        "| code | web process | its PostgreSQL backend |",
        "| --- | ---: | ---: |",
    ]
    for name, results in runs.items():
        cells = []
        for field in ("python_ms", "postgres_ms"):
            values = [result[field] for result in results]
            cells.append(f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})")
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
