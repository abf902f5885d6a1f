"""What the marking model costs a gunicorn deployment in memory, preloaded in the parent or not.

    python bench/marking_memory.py [--workers 2] [--requests 20]

For each setup it makes a throwaway SQLite site (migrated, bank loaded, one user with a token),
starts gunicorn on 127.0.0.1, sends marking requests to POST /api/v1/questions/{id}/mark/ so
every worker runs the model, then reads each process's memory with psutil: RSS (what top shows),
USS (pages only that process has) and PSS (shared pages split between their users). The sum of
PSS is what the deployment really uses. Writes bench/results/marking_memory.json.

Both run gunicorn with the deployment's settings (quizsite/gunicorn.py: the app preloaded in the
parent, gthread workers):
  preload     MARKING_PRELOAD_MODEL=true: the parent loads the weights once and the workers share
              them copy-on-write.
  per-worker  MARKING_PRELOAD_MODEL=false: each worker loads its own copy on its first marking
              request.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_site(env: dict) -> tuple[str, int]:
    """Migrate, load the bank and create a user; returns their token and an open question."""
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True, "text": True}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], **run)
    subprocess.run([PYTHON, "manage.py", "loaddata", "bank"], **run)
    script = (
        "from accounts.models import User; from accounts.tokens import create_token;"
        "from questions.models import Answer;"
        "u = User.objects.create_user('bench', 'bench@example.com', 'bench-password-1');"
        "print(create_token(user=u, name='bench')[1]);"
        "print(Answer.objects.approved().filter(question__kind='open').first().question_id)"
    )
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", script], **run).stdout.split()
    return out[-2], int(out[-1])


def mark(port: int, token: str, question: int, text: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/questions/{question}/mark/",
        data=json.dumps({"answer": text}).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def memory(process: psutil.Process) -> dict:
    info = process.memory_full_info()
    return {
        "rss_mb": round(info.rss / 2**20, 1),
        "uss_mb": round(info.uss / 2**20, 1),
        "pss_mb": round(info.pss / 2**20, 1),
    }


def measure(setup: str, workers: int, requests: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "DEBUG": "true",
            "MARKING_PRELOAD_MODEL": "true" if setup == "preload" else "false",
            "API_MARKING_REQUESTS_PER_MINUTE": "10000",
            "API_USER_REQUESTS_PER_MINUTE": "10000",
        }
        env.pop("REDIS_URL", None)
        token, question = make_site(env)
        port = free_port()
        # The deployment's own gunicorn settings (quizsite/gunicorn.py: preloaded app, gthread).
        env |= {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
        env |= {"GUNICORN_TIMEOUT": "120"}
        command = [GUNICORN, "-c", "python:quizsite.gunicorn", "quizsite.wsgi"]
        command += ["--log-level", "warning", "--access-logfile", "/dev/null"]
        started = time.perf_counter()
        server = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            ready = time.perf_counter() - started
            timings, methods = [], set()
            for n in range(requests):
                began = time.perf_counter()
                methods.add(
                    mark(port, token, question, f"Answer {n}: gradients and weights.")["method"]
                )
                timings.append(time.perf_counter() - began)
            parent = psutil.Process(server.pid)
            children = parent.children()
            processes = {"master": memory(parent)}
            for i, child in enumerate(children):
                processes[f"worker_{i + 1}"] = memory(child)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "setup": setup,
        "workers": workers,
        "seconds_until_ready": round(ready, 1),
        "methods": sorted(methods),
        "first_request_s": round(timings[0], 2),
        "median_request_s": round(sorted(timings)[len(timings) // 2], 3),
        "processes": processes,
        "total_pss_mb": round(sum(p["pss_mb"] for p in processes.values()), 1),
        "total_rss_mb": round(sum(p["rss_mb"] for p in processes.values()), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--setups", nargs="+", default=["preload", "per-worker"])
    args = parser.parse_args()
    report = {
        "cpu_count": os.cpu_count(),
        "results": [measure(s, args.workers, args.requests) for s in args.setups],
    }
    out = ROOT / "bench" / "results" / "marking_memory.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
