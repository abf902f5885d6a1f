"""What preparing statements on the server saves (settings.PREPARE_THRESHOLD).

Run with `make bench-prepared-statements` (or `python bench/prepared_statements.py`) against a
migrated PostgreSQL database: DATABASE_URL, or the full benchmark's (BENCH_DATABASE_URL,
quizsite_bench on 127.0.0.1 by default). Each round runs the same statements, the shapes a save
and a start send (a token's lookup, an attempt's, a response's, a question's, an update), on one
connection in a fresh process, once with PREPARE_THRESHOLD=0 (the client binds the values into
the SQL text, the server parses and plans every statement) and once with the default; the two
alternate, so a machine that slows down mid-run slows both. It reports the CPU time per
statement of the Python process and of its PostgreSQL backend, the median of the rounds.
Results: bench/results/prepared_statements.md.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "prepared_statements.md"
ROUNDS = 5
LOOPS = int(os.environ.get("BENCH_LOOPS", 3000))
STATEMENTS_PER_LOOP = 5  # the statements of measure()
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/quizsite_bench"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure() -> dict:
    """CPU milliseconds per statement, in this process and in its backend (run in a child)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
    import django

    django.setup()
    from django.db import connection

    from accounts.models import ApiToken
    from exams.models import Attempt, Response
    from questions.models import Question

    question_ids = list(Question.objects.order_by("pk").values_list("pk", flat=True)[:500]) or [0]

    def statements(n: int) -> None:
        ApiToken.objects.select_related("user").filter(key_hash=f"absent-{n}").first()
        Attempt.objects.filter(public_id__isnull=False, pk=n, user_id=n).first()
        list(Response.objects.filter(attempt_id=n, position=n % 30).values_list("pk", "revision"))
        Question.objects.filter(pk=question_ids[n % len(question_ids)]).only("kind").first()
        Response.objects.filter(pk=-n).update(revision=n, text="", text_html="")

    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    for n in range(50):  # past the threshold: prepared from here on
        statements(n)
    python_0, backend_0 = time.process_time(), cpu_seconds(backend)
    for n in range(LOOPS):
        statements(n)
    count = LOOPS * STATEMENTS_PER_LOOP
    python_ms = (time.process_time() - python_0) / count * 1000
    postgres_ms = (cpu_seconds(backend) - backend_0) / count * 1000
    with connection.cursor() as cursor:  # what the server holds prepared for this connection
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        (prepared,) = cursor.fetchone()
    return {"python_ms": python_ms, "postgres_ms": postgres_ms, "prepared": prepared}


def main() -> int:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    if not env["DATABASE_URL"].startswith("postgres"):
        print("needs PostgreSQL: set DATABASE_URL", file=sys.stderr)
        return 2
    runs: dict[str, list[dict]] = {"0": [], "5": []}
    for _ in range(ROUNDS):
        for threshold in runs:
            out = subprocess.run(
                [sys.executable, __file__, "--child"],
                env={**env, "PREPARE_THRESHOLD": threshold},
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            run = json.loads(out.stdout.strip().splitlines()[-1])
            runs[threshold].append({key: round(value, 3) for key, value in run.items()})
            if (run["prepared"] > 0) != (threshold != "0"):
                raise SystemExit(f"PREPARE_THRESHOLD={threshold} left {run['prepared']} prepared")

    def median(threshold: str, key: str) -> float:
        return round(statistics.median(run[key] for run in runs[threshold]), 3)

    rows = [
        f"| {label} | {median(t, 'python_ms')} | {median(t, 'postgres_ms')} |"
        for t, label in (("0", "PREPARE_THRESHOLD=0 (bound by the client)"), ("5", "5 (default)"))
    ]
    text = "\n".join([
        "# Prepared statements (`make bench-prepared-statements`, "
        "`bench/prepared_statements.py`)",
        "",
        f"Run of {time.strftime('%Y-%m-%d, %H:%M UTC', time.gmtime())}: {ROUNDS} rounds of "
        f"{LOOPS * STATEMENTS_PER_LOOP:,} statements each way, alternating, on one connection; "
        "CPU milliseconds per statement, the median of the rounds.",
        "",
        "| statements | Python process, ms | PostgreSQL backend, ms |",
        "| --- | ---: | ---: |",
        *rows,
        "",
        "Raw rounds: " + json.dumps(runs),
        "",
    ])  # fmt: skip
    RESULTS.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(measure()))
        sys.exit(0)
    sys.exit(main())
