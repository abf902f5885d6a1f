"""Which gunicorn workers × threads serve this machine best? (`make bench-gunicorn`)

Runs after `make bench`, on the database and people it left (quizsite_bench, 100,000 questions):
for each configuration it serves the site as the benchmark does, with WEB_CONCURRENCY and
GUNICORN_THREADS set, and measures with wrk at 16 connections a read that is all Python (a
question page missing the cache), a write that mostly waits on PostgreSQL (an autosave) and
starting an exam (both). Figures go to bench/results/gunicorn.json; the table is printed.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import server  # noqa: E402
from bench.run import DEFAULT_DATABASE_URL, FULL, ROOT, Bench  # noqa: E402

# (processes, threads per process); the first is the default of quizsite/gunicorn.py.
CONFIGURATIONS = [(2, 4), (2, 1), (3, 1), (4, 1), (2, 8), (4, 4)]
SCENARIOS = ["question_page_cold", "autosave", "exam_start"]
CONNECTIONS = 16
SECONDS = 6


def main() -> int:
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    work = ROOT / "bench" / ".runs" / "full" / "work"
    people_file, meta_file = work / "people-main.json", work / "meta-main-100000.json"
    if not people_file.exists() or not meta_file.exists():
        print("Run `make bench` first: this sweep reuses its database.", file=sys.stderr)
        return 2
    people, meta = json.loads(people_file.read_text()), json.loads(meta_file.read_text())
    sweep_work = ROOT / "bench" / ".runs" / "gunicorn"
    bench = Bench(FULL, sweep_work / "report", sweep_work, database_url, "gunicorn")
    bench.static_root = (ROOT / "bench" / ".runs" / "static").resolve()
    bench.floor_dir = sweep_work / "floor"
    bench.floor_dir.mkdir(parents=True, exist_ok=True)
    students = people["students"]
    rows = []
    with server.Redis() as redis:
        for workers, threads in CONFIGURATIONS:
            env = server.site_environment(
                database_url=database_url, redis_url=redis.url,
                static_root=bench.static_root, floor_dir=bench.floor_dir,
            )  # fmt: skip
            env.update(WEB_CONCURRENCY=str(workers), GUNICORN_THREADS=str(threads))
            with server.Site(env=env, log_dir=sweep_work, name=f"w{workers}t{threads}") as site:
                bench.slots = site.slots
                # Students of the class exam, which they submitted: each starts a new attempt
                # to autosave into; exam_start sends other students' starts (then resumes).
                n = len(rows) * 16
                bench.autosave_attempts = bench.start_attempts(
                    site.url, people["class_exam"], students[n : n + 16]
                )
                bench.starters = students[100 + n : 116 + n]
                row = {"workers": workers, "threads": threads}
                for name in SCENARIOS:
                    requests = bench.requests_for(name, meta, people)
                    bench.warm_up(site.url, requests)
                    result = bench.wrk(site.url, requests, CONNECTIONS, SECONDS, name)
                    row[name] = {k: result[k] for k in ("rps", "p50_ms", "p95_ms")}
                    row[name]["errors"] = sum(result.get("errors", {}).values())
                rows.append(row)
                print(json.dumps(row), flush=True)
    (ROOT / "bench" / "results" / "gunicorn.json").write_text(json.dumps(rows, indent=1) + "\n")
    lines = [
        "| processes × threads | " + " | ".join(f"{name}: req/s, p95 ms" for name in SCENARIOS),
        "| --- | " + " | ".join("---:" for _ in SCENARIOS) + " |",
    ]
    for row in rows:
        cells = [f"{row[n]['rps']}, {row[n]['p95_ms']}" for n in SCENARIOS]
        lines.append(f"| {row['workers']} × {row['threads']} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
