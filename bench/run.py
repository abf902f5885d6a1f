"""The benchmark: build a large bank, serve it with gunicorn, load it, report.

    python -m bench [--smoke] [--out DIR]      (make bench, make bench-smoke)

Steps, each bounded in time, all traffic to 127.0.0.1:
1. create the benchmark database (BENCH_DATABASE_URL, default quizsite_bench on the local
   PostgreSQL; dropped and recreated, its name must contain "bench"), migrate, add the people;
2. serve the site with gunicorn as docker-compose.yml does (DEBUG off, its workers, Redis), in
   its two pools: web, and web-autosave, which gets the autosaves (the proxy's routing; the
   benchmark sends each request to its pool directly);
3. growth: grow the bank to each size and measure the endpoints that may slow down with it;
4. throughput: each scenario with wrk at several concurrencies, each against its floor (the
   same bytes from a minimal view in the same server);
5. journeys with locust: a class sitting one exam (every acknowledged save checked against the
   database), moderators working through the queue, students practising, and a class behind
   one address asking for API tokens under the production throttles;
6. one request of each kind profiled;
7. fault: the exam again on a throwaway PostgreSQL cluster restarted mid-exam.
The report (report.json, report.md, latency.png, growth.png, profiles/) goes to --out.
"""

import argparse
import json
import math
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import loadwrk, report, server  # noqa: E402
from bench.loadwrk import Req  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/quizsite_bench"

FULL = {
    "users": 2000,
    "students": 400,
    "moderators": 5,
    "growth": [1_000, 10_000, 100_000],
    "attempts_per_question": 0.5,  # 50,000 past attempts at 100,000 questions
    "pending_per_question": 0.01,
    "pool": 600,
    "levels": [1, 4, 16, 64],
    "seconds": 3,
    "max_seconds": 20,
    "max_expected_latency": 10,
    "growth_connections": 4,
    "growth_seconds": 3,
    # Best of three runs at each size: a busy moment on the machine (a vacuum, the task worker)
    # only ever slows a run, so the best one is the site's own speed at that size.
    "growth_repeats": 3,
    "class_size": 200,
    "spawn_seconds": 3,
    "save_interval": 4,
    "saves": 10,
    "marking_timeout": 600,  # how long the task worker may take to mark the class's attempts
    "moderators_working": 5,
    "moderation_seconds": 30,
    "fault_questions": 2_000,
    "fault_class": 100,
    "fault_interval": 2,
    "fault_saves": 12,
    "practising": 50,
    "practice_seconds": 30,
    "practice_think": 2.0,
    "sign_in_seconds": 120,
    "profile_repeats": 10,
    "fault_alongside": False,  # True: the fault scenario runs beside the others (quicker)
}
SMOKE = {
    **FULL,
    "users": 120,
    "students": 40,
    "moderators": 2,
    "growth": [100, 1_000],
    "pool": 60,
    "levels": [4],
    "seconds": 1,
    "max_seconds": 2,
    "growth_connections": 2,
    "growth_seconds": 1,
    "growth_repeats": 2,
    "class_size": 12,
    "spawn_seconds": 1,
    "save_interval": 1,
    "saves": 3,
    "marking_timeout": 120,
    "moderators_working": 2,
    "moderation_seconds": 2,
    "fault_questions": 150,
    "fault_class": 8,
    "fault_interval": 1,
    "fault_saves": 5,
    "practising": 4,
    "practice_seconds": 3,
    "practice_think": 0.5,
    "sign_in_seconds": 30,
    "profile_repeats": 1,
    "fault_alongside": True,
}

PARTS = [
    "growth", "throughput", "exam_class", "moderation", "practice", "sign_in", "profiles", "fault",
]  # fmt: skip
THROUGHPUT = {
    "api_list": "API client paging through /api/v1/questions/?page=N (pages over the whole bank)",
    "bank_first": "Visitor on the bank list, first page (/questions/)",
    "bank_last": "Visitor on the bank list, last page (/questions/?page=LAST)",
    "question_page": "Visitor on question pages (/questions/ID/, random questions)",
    "search_page": "Search on the bank list (/questions/?search=softmax)",
    "search_api": "Search in the API (/api/v1/questions/?search=softmax)",
    "exam_start": "Students starting the 30-question exam (POST /api/v1/exams/ID/attempts/)",
    "autosave": "Autosave of open answers (PUT /api/v1/attempts/ID/responses/N/)",
    "moderation_queue": "Moderator reading the queue (GET /api/v1/moderation/queue/)",
}
# Reads the site may cache: measured again with a new URL each time when it does.
CACHEABLE = ["api_list", "bank_first", "bank_last", "question_page", "search_page", "search_api"]
GROWTH = [
    "bank_first",
    "bank_last",
    "search_page",
    "search_api",
    "question_page",
    "api_list",
    "exam_start",
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def python(*args: str, env: dict, timeout: float) -> None:
    subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, check=True,
        timeout=timeout,
    )  # fmt: skip


class Bench:
    def __init__(
        self, config: dict, out: Path, work: Path, database_url: str, mode: str, only=None
    ):
        self.config = config
        self.only = set(only) if only else None
        self.out = out
        self.work = work
        self.database_url = database_url
        self.mode = mode
        self.rng = random.Random(15)
        self.report: dict = {"scenarios": {}, "growth": {}, "journeys": {}, "notes": []}
        # Data commands get no REDIS_URL: they must not touch anybody's cache.
        self.data_env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "BENCH_")) and k != "REDIS_URL"
        }
        self.data_env.update(DATABASE_URL=database_url, DEBUG="true")

    # Data -----------------------------------------------------------------------------------

    def setup_database(self, url: str, *, users: int, students: int, moderators: int, tag: str):
        people = self.work / f"people-{tag}.json"
        python(
            "-m", "bench.data", "setup", "--users", str(users), "--students", str(students),
            "--moderators", str(moderators), "--people", str(people),
            env={**self.data_env, "DATABASE_URL": url}, timeout=300,
        )  # fmt: skip
        return json.loads(people.read_text())

    def grow(self, url: str, questions: int, *, tag: str) -> dict:
        c = self.config
        meta = self.work / f"meta-{tag}-{questions}.json"
        python(
            "-m", "bench.data", "grow", "--questions", str(questions),
            "--attempts", str(int(questions * c["attempts_per_question"])),
            "--pending", str(max(40, int(questions * c["pending_per_question"]))),
            "--pool", str(c["pool"]), "--people", str(self.work / f"people-{tag}.json"),
            "--meta", str(meta), env={**self.data_env, "DATABASE_URL": url}, timeout=900,
        )  # fmt: skip
        return json.loads(meta.read_text())

    def verify(self, url: str, acks: list, tag: str) -> dict:
        acks_file = self.work / f"acks-{tag}.json"
        result_file = self.work / f"verify-{tag}.json"
        acks_file.write_text(json.dumps(acks))
        python(
            "-m", "bench.data", "verify", "--acks", str(acks_file), "--out", str(result_file),
            env={**self.data_env, "DATABASE_URL": url}, timeout=300,
        )  # fmt: skip
        return json.loads(result_file.read_text())

    def wait_until_marked(self, url: str, tag: str) -> dict:
        """After verify(): how long the task worker took to mark the attempts that closed."""
        result_file = self.work / f"marked-{tag}.json"
        timeout = self.config["marking_timeout"]
        python(
            "-m", "bench.data", "wait-marked", "--acks", str(self.work / f"acks-{tag}.json"),
            "--timeout", str(timeout), "--out", str(result_file),
            env={**self.data_env, "DATABASE_URL": url}, timeout=timeout + 60,
        )  # fmt: skip
        return json.loads(result_file.read_text())

    # HTTP helpers ---------------------------------------------------------------------------

    def fetch(self, base: str, req: Req) -> tuple[int, bytes, str]:
        request = urllib.request.Request(
            base + req.path,
            data=req.body.encode() if req.body else None,
            method=req.method,
            headers=req.headers,
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read(), response.headers["Content-Type"]
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers.get("Content-Type", "")

    def together(self, base: str, requests: list[Req], *, limit: float) -> list:
        """Send the requests at once (one thread each); their answers, None where late."""
        answers: list = [None] * len(requests)

        def send(i):
            answers[i] = self.fetch(base, requests[i])

        threads = [
            threading.Thread(target=send, args=(i,), daemon=True) for i in range(len(requests))
        ]
        deadline = time.monotonic() + limit
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        return answers

    @staticmethod
    def concrete(req: Req, n: int) -> Req:
        """The request with its placeholders filled in, as wrk would send it."""
        body = req.body.replace("{rev}", str(n)) if req.body else req.body
        return Req(req.method, req.path.replace("{n}", str(n)), req.headers, body)

    def warm_up(self, base: str, requests: list[Req]) -> None:
        """Each worker imports and compiles what a view needs on its first request."""
        first = loadwrk.rev_base()
        warm = [
            self.concrete(requests[i % len(requests)], first + i) for i in range(self.slots * 2)
        ]
        self.together(base, warm, limit=20)

    def prime_cache(self, base: str, requests: list[Req]) -> None:
        """Read every URL of a warm scenario once, so that warm means what it says: each read is
        in the cache (the API client's 200 random pages would otherwise mostly be first reads)."""
        distinct = list({req.path: req for req in requests}.values())
        for start in range(0, len(distinct), self.slots):
            self.together(base, distinct[start : start + self.slots], limit=120)

    def drain(self, base: str) -> None:
        """Wait for the requests a finished run left queued in the server (wrk stops sending,
        the server still answers what it accepted), so the next run starts on an idle server."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            started = time.monotonic()
            self.together(base, [Req("GET", "/bench/floor/idle/")] * self.slots, limit=130)
            if time.monotonic() - started < 2:
                return

    # Scenario definitions -----------------------------------------------------------------------

    @staticmethod
    def token(person: dict) -> dict:
        return {"Authorization": f"Token {person['token']}"}

    def start_attempts(self, base: str, exam: int, students: list[dict]) -> list[dict]:
        attempts = []
        for first in range(0, len(students), 8):
            group = students[first : first + 8]
            answers = self.together(
                base,
                [Req("POST", f"/api/v1/exams/{exam}/attempts/", self.token(s)) for s in group],
                limit=120,
            )
            for student, answer in zip(group, answers, strict=True):
                if answer and answer[0] == 201:
                    data = json.loads(answer[1])
                    attempts.append({"token": student["token"], "id": data["id"], "data": data})
        return attempts

    @staticmethod
    def cold(requests: list[Req]) -> list[Req]:
        """The same requests, each time at a URL of its own: a cache never has it yet."""
        return [
            Req(r.method, r.path + ("&" if "?" in r.path else "?") + "bench_cold={n}", r.headers)
            for r in requests
        ]

    def site_caches(self, base: str) -> bool:
        """Whether the site answers a repeated bank read with fewer queries (from its cache)."""
        probe = Req("GET", f"/questions/?bench_probe={random.getrandbits(64)}")
        counts = []
        for _ in range(2):
            request = urllib.request.Request(base + probe.path)
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                counts.append(int(response.headers.get("X-Bench-Queries") or 0))
        return counts[1] < counts[0]

    def requests_for(self, name: str, meta: dict, people: dict) -> list[Req]:
        if name.endswith("_cold"):
            return self.cold(self.requests_for(name.removesuffix("_cold"), meta, people))
        exam = people["class_exam"]
        if name == "api_list":
            last = meta["api_last_page"]
            pages = sorted({1, last, *self.rng.sample(range(1, last + 1), min(200, last))})
            self.rng.shuffle(pages)
            return [Req("GET", f"/api/v1/questions/?page={p}") for p in pages]
        if name == "bank_first":
            return [Req("GET", "/questions/")]
        if name == "bank_last":
            return [Req("GET", f"/questions/?page={meta['last_page']}")]
        if name == "question_page":
            return [Req("GET", f"/questions/{qid}/") for qid in meta["question_ids"]]
        if name == "search_page":
            return [Req("GET", "/questions/?search=softmax")]
        if name == "search_api":
            return [Req("GET", "/api/v1/questions/?search=softmax")]
        if name == "exam_start":
            return [
                Req("POST", f"/api/v1/exams/{exam}/attempts/", self.token(s)) for s in self.starters
            ]
        if name == "autosave":
            requests = []
            for attempt in self.autosave_attempts:
                headers = {
                    "Authorization": f"Token {attempt['token']}",
                    "Content-Type": "application/json",
                }
                for item in attempt["data"]["responses"][:10]:
                    if item["question"].get("kind", "open") != "open":
                        continue
                    text = "The gradient is $p - y$ for softmax with cross-entropy (autosave)."
                    body = '{"revision": {rev}, "text": "' + text.replace("\\", "\\\\") + '"}'
                    path = f"/api/v1/attempts/{attempt['id']}/responses/{item['position']}/"
                    requests.append(Req("PUT", path, headers, body))
            self.rng.shuffle(requests)
            return requests
        if name == "moderation_queue":
            return [Req("GET", "/api/v1/moderation/queue/", self.token(people["moderators"][0]))]
        raise KeyError(name)

    # Measuring ------------------------------------------------------------------------------

    def capture_floor(self, base: str, name: str, req: Req) -> Req:
        """Save the real endpoint's bytes for /bench/floor/NAME/ and return the floor request."""
        req = Req(
            req.method,
            req.path.replace("{n}", "0"),
            req.headers,
            req.body.replace("{rev}", "1") if req.body else req.body,
        )
        status, body, content_type = self.fetch(base, req)
        if status >= 500:
            raise RuntimeError(f"{name}: the real endpoint answered {status}")
        (self.floor_dir / f"{name}.body").write_bytes(body)
        (self.floor_dir / f"{name}.type").write_text(content_type or "text/html; charset=utf-8")
        return Req(req.method, f"/bench/floor/{name}/", req.headers, req.body)

    def service_time(self, base: str, req: Req) -> float:
        """Seconds one request takes on an idle server (the best of three)."""
        timings = []
        for i in range(3):
            started = time.perf_counter()
            self.fetch(base, self.concrete(req, loadwrk.rev_base() + i))
            timings.append(time.perf_counter() - started)
        return min(timings)

    def wrk(self, base: str, requests: list[Req], connections: int, seconds: int, name: str):
        result = loadwrk.run(
            base, requests, connections=connections, seconds=seconds,
            work_dir=self.work / "wrk", name=name,
        )  # fmt: skip
        self.drain(base)
        return result

    def throughput(self, base: str, meta: dict, people: dict) -> None:
        c = self.config
        scenarios = dict(THROUGHPUT)
        if self.site_caches(base):
            for name in CACHEABLE:
                scenarios[f"{name}_cold"] = f"{THROUGHPUT[name]}, cold: a new URL every request"
            self.report["notes"].append(
                "The site caches bank reads: the plain scenarios are warm (the same URLs again), "
                "the *_cold ones miss the cache on every request."
            )
        for name, title in scenarios.items():
            pool = self.autosave_base if name == "autosave" else base
            requests = self.requests_for(name, meta, people)
            floor_req = self.capture_floor(pool, name, requests[0])
            if name in CACHEABLE:
                self.prime_cache(pool, requests)
            self.warm_up(pool, requests)
            self.warm_up(pool, [floor_req])
            steps, skipped = [], []
            service = self.service_time(pool, requests[0])
            for level in c["levels"]:
                # A closed loop at L connections waits about L / slots service times per request:
                # each run lasts a few of those, and a level that would only queue is left out.
                expected = service * max(1.0, level / self.slots)
                if level > 1 and expected > c["max_expected_latency"]:
                    skipped.append(
                        {
                            "connections": level,
                            "reason": f"each request would wait about {expected:.0f} s "
                            f"({service * 1000:.0f} ms of service, {self.slots} at a time)",
                        }
                    )
                    continue
                seconds = int(min(c["max_seconds"], max(c["seconds"], math.ceil(3 * expected))))
                load = os.getloadavg()[0]
                real = self.wrk(pool, requests, level, seconds, f"{name}-{level}")
                floor = self.wrk(pool, [floor_req], level, c["seconds"], f"{name}-floor-{level}")
                real["floor_rps"] = floor["rps"]
                real["floor_p50_ms"] = floor["p50_ms"]
                real["floor_p95_ms"] = floor["p95_ms"]
                real["floor_p99_ms"] = floor["p99_ms"]
                real["ratio_to_floor"] = round(real["rps"] / floor["rps"], 3) if floor["rps"] else 0
                real["load_average_before"] = round(load, 2)
                steps.append(real)
                log(
                    f"{name} c={level}: {real['rps']} req/s (floor {floor['rps']}), "
                    f"p95 {real['p95_ms']} ms, errors {real['error_count']}, "
                    f"{real['queries_per_request']} queries"
                )
            best = max(steps, key=lambda s: s["rps"])
            floor_best = max(s["floor_rps"] for s in steps)
            self.report["scenarios"][name] = {
                "title": title,
                "steps": steps,
                "best_rps": best["rps"],
                "best_at_connections": best["connections"],
                "floor_best_rps": floor_best,
                "ratio_to_floor": round(best["rps"] / floor_best, 3) if floor_best else 0,
                "bytes": len((self.floor_dir / f"{name}.body").read_bytes()),
                "service_ms": round(service * 1000, 1),
                "skipped_levels": skipped,
            }

    def growth_step(self, base: str, meta: dict, people: dict) -> None:
        """The endpoints at this size of the bank, each read at a URL of its own (a cache, where
        the site has one, would hide the growth). The endpoints take turns, one run each, then
        the next round: a slow spell (the machine busy elsewhere, or before reuse_port a run's
        connections all in one server process) then slows one run of several endpoints, where
        it would slow every run of one."""
        c = self.config
        plans = {}
        for name in GROWTH:
            requests = self.requests_for(name, meta, people)
            if name in CACHEABLE:
                requests = self.cold(requests)
            self.warm_up(base, requests)
            # Long enough for about fifteen answers however slow the endpoint has become.
            service = self.service_time(base, requests[0])
            per_answer = service / min(c["growth_connections"], self.slots)
            seconds = int(min(c["max_seconds"], max(c["growth_seconds"], 15 * per_answer)))
            plans[name] = (requests, seconds)
        runs: dict[str, list[dict]] = {name: [] for name in GROWTH}
        for run in range(c["growth_repeats"]):
            for name, (requests, seconds) in plans.items():
                began = time.time()
                tag = f"growth-{name}-{meta['questions']}-{run}"
                result = self.wrk(base, requests, c["growth_connections"], seconds, tag)
                runs[name].append({**result, "began": began})
        for name in GROWTH:
            result = dict(max(runs[name], key=lambda run: run["rps"]))
            result["questions"] = meta["questions"]
            result["rps_of_each_run"] = [run["rps"] for run in runs[name]]
            result["began_each_run"] = [run["began"] for run in runs[name]]
            self.report["growth"].setdefault(name, []).append(result)
            log(
                f"growth {name} at {meta['questions']}: {result['rps']} req/s, "
                f"p50 {result['p50_ms']} ms, {result['queries_per_request']} queries"
            )

    def journey(self, kind: str, base: str, config: dict, tag: str) -> dict:
        config_file = self.work / f"journey-{tag}.json"
        out_file = self.work / f"journey-{tag}-result.json"
        config_file.write_text(json.dumps(config))
        subprocess.run(
            [
                sys.executable, "-m", "bench.journeys", kind, "--host", base,
                "--config", str(config_file), "--out", str(out_file),
            ],
            cwd=ROOT, env={**self.data_env, "PYTHONPATH": str(ROOT)}, check=True,
            timeout=config["timeout"] + 60, stdout=subprocess.DEVNULL,
            stderr=open(self.work / f"journey-{tag}.log", "w"),
        )  # fmt: skip
        return json.loads(out_file.read_text())

    def exam_config(
        self,
        students: list[dict],
        exam: int,
        size: int,
        interval: float,
        saves: int,
        save_host: str,
    ):
        return {
            "save_host": save_host,
            "tokens": [s["token"] for s in students[:size]],
            "users": size,
            "exam": exam,
            "spawn_seconds": self.config["spawn_seconds"],
            "save_interval": interval,
            "saves": saves,
            # A bank where each start takes seconds queues a class for minutes.
            "timeout": interval * (saves + 2) + 360,
        }

    def exam_class(self, base: str, people: dict) -> None:
        c = self.config
        size = c["class_size"]
        config = self.exam_config(
            people["students"], people["class_exam"], size, c["save_interval"], c["saves"],
            self.autosave_base,
        )  # fmt: skip
        # The bank as a database server sized for it holds it: in memory (bench.data.warm).
        python("-m", "bench.data", "warm", env=self.data_env, timeout=600)
        log(f"exam: {size} students start within {c['spawn_seconds']} s, save every "
            f"{c['save_interval']} s, {c['saves']} saves each, then submit")  # fmt: skip
        result = self.journey("exam", base, config, "exam")
        checked = self.verify(self.database_url, result["acks"], "exam")
        marked = self.wait_until_marked(self.database_url, "exam")
        summary = report.summarise_journey(result)
        summary.update(
            title=f"{size} students start the same exam within {c['spawn_seconds']} s, autosave "
            f"every {c['save_interval']} s ({c['saves']} saves each), submit; the database read "
            "into the file cache just before (pg_prewarm, where available)",
            saves=checked,
            marking=marked,
        )
        self.report["journeys"]["exam_class"] = summary
        log(f"exam: {checked['acknowledged_saves']} saves acknowledged, {checked['lost']} lost; "
            f"the worker marked {marked['marked']} of {marked['closed']} submitted attempts "
            f"{marked['waited_s']} s after the journey ended")  # fmt: skip

    def moderation(self, base: str, people: dict) -> None:
        c = self.config
        moderators = people["moderators"][: c["moderators_working"]]
        config = {
            "tokens": [m["token"] for m in moderators],
            "users": len(moderators),
            "spawn_seconds": 1,
            "seconds": c["moderation_seconds"],
            "think": 1.0,
            "timeout": c["moderation_seconds"] + 60,
        }
        result = self.journey("moderation", base, config, "moderation")
        summary = report.summarise_journey(result)
        summary["title"] = (
            f"{len(moderators)} moderators read the queue and approve (70%) or reject one "
            f"contribution, 1 s apart, for {c['moderation_seconds']} s"
        )
        self.report["journeys"]["moderation"] = summary

    def practice(self, base: str, people: dict) -> None:
        c = self.config
        # The exam_start scenario's students: their practice starts from new cards.
        students = people["students"][-c["practising"] :]
        config = {
            "tokens": [s["token"] for s in students],
            "users": len(students),
            "spawn_seconds": 2,
            "seconds": c["practice_seconds"],
            "think": c["practice_think"],
            "timeout": c["practice_seconds"] + 60,
        }
        result = self.journey("practice", base, config, "practice")
        summary = report.summarise_journey(result)
        summary["title"] = (
            f"{len(students)} students practise: fetch their due cards, rate one, "
            f"{c['practice_think']} s apart, for {c['practice_seconds']} s"
        )
        self.report["journeys"]["practice"] = summary

    def sign_in(self, base: str, people: dict) -> None:
        """A class behind one address asks for tokens together, under the production throttles."""
        c = self.config
        usernames = [s["username"] for s in people["students"][: c["class_size"]]]
        config = {
            "usernames": usernames,
            "password": people["password"],
            "users": len(usernames),
            "spawn_seconds": c["spawn_seconds"],
            "seconds": c["sign_in_seconds"],
            "timeout": c["sign_in_seconds"] + 60,
        }
        log(f"sign_in: {len(usernames)} students ask for API tokens from one address")
        result = self.journey("sign_in", base, config, "sign_in")
        summary = report.summarise_journey(result)
        issued = [r for r in result["records"] if r[3] == 201]
        summary.update(
            title=f"{len(usernames)} students behind one address ask for API tokens within "
            f"{c['spawn_seconds']} s (production throttles; a 429 is retried after Retry-After)",
            issued=len(issued),
            refused_429=sum(1 for r in result["records"] if r[3] == 429),
            all_issued_within_s=round(max(r[1] + r[2] / 1000 for r in issued), 2)
            if issued
            else None,
        )
        self.report["journeys"]["sign_in"] = summary
        log(
            f"sign_in: {summary['issued']} of {len(usernames)} tokens issued, "
            f"{summary['refused_429']} answers 429, all within {summary['all_issued_within_s']} s"
        )

    def profile(self, base: str, meta: dict, people: dict, env: dict) -> None:
        plan = []
        for name in THROUGHPUT:
            req = self.requests_for(name, meta, people)[0]
            body = req.body.replace("{rev}", str(10**6)) if req.body else ""
            plan.append(
                {"name": name, "method": req.method, "path": req.path,
                 "headers": req.headers, "body": body}
            )  # fmt: skip
        plan_file = self.work / "profile-plan.json"
        plan_file.write_text(json.dumps(plan))
        target = self.out / "profiles"
        python(
            "-m", "bench.profiling", "--plan", str(plan_file), "--out", str(target),
            "--repeats", str(self.config["profile_repeats"]),
            *(["--no-trees"] if self.mode == "smoke" else []), env=env, timeout=600,
        )  # fmt: skip
        self.report["profiles"] = json.loads((target / "profiles.json").read_text())

    # The fault ------------------------------------------------------------------------------

    def fault(self, redis_url: str) -> None:
        c = self.config
        reason = server.ThrowawayCluster.available()
        if reason:
            self.report["fault"] = {"status": "skipped", "detail": reason}
            log(f"fault: skipped ({reason})")
            return
        with server.ThrowawayCluster() as cluster:
            log(f"fault: throwaway cluster on port {cluster.port}")
            people = self.setup_database(
                cluster.url, users=c["fault_class"] + 10, students=c["fault_class"],
                moderators=1, tag="fault",
            )  # fmt: skip
            self.grow(cluster.url, c["fault_questions"], tag="fault")
            env = server.site_environment(
                database_url=cluster.url, redis_url=redis_url,
                static_root=self.static_root, floor_dir=self.floor_dir,
            )  # fmt: skip
            with (
                server.Site(env=env, log_dir=self.work, name="fault") as site,
                server.Site(
                    env=env, log_dir=self.work, name="fault-autosave", service="web-autosave"
                ) as autosave_site,
            ):
                site_url = site.url
                config = self.exam_config(
                    people["students"], people["class_exam"], c["fault_class"],
                    c["fault_interval"], c["fault_saves"], autosave_site.url,
                )  # fmt: skip
                restart = {}
                access_log = autosave_site.access_log
                # A third of the way into the saves, whatever the pace of this machine.
                wanted = max(1, c["fault_class"] * c["fault_saves"] // 3)

                def restart_midway():
                    deadline = time.monotonic() + config["timeout"] / 2
                    while time.monotonic() < deadline:
                        with open(access_log, errors="replace") as lines:
                            if sum('"PUT /api/v1/attempts/' in line for line in lines) >= wanted:
                                break
                        time.sleep(0.2)
                    restart["at"] = time.time()
                    restart["seconds"] = round(cluster.restart(), 2)

                thread = threading.Thread(target=restart_midway)
                thread.start()
                result = self.journey("exam", site_url, config, "fault")
                thread.join()
            checked = self.verify(cluster.url, result["acks"], "fault")
        summary = report.summarise_journey(result)
        restart_at = restart.get("at", 0) - result["started_at"]
        summary.update(
            title=f"{c['fault_class']} students sit an exam (a save every {c['fault_interval']}"
            f" s) while PostgreSQL restarts (pg_ctlcluster restart -m fast) midway",
            saves=checked,
            restart_at_s=round(restart_at, 2),
            restart_seconds=restart.get("seconds"),
            errors_after_restart=report.errors_between(
                result, restart_at, restart_at + restart.get("seconds", 0) + 30
            ),
        )
        self.report["fault"] = summary
        log(
            f"fault: restart took {restart.get('seconds')} s; "
            f"{checked['acknowledged_saves']} saves acknowledged, {checked['lost']} lost"
        )

    def wanted(self, name: str) -> bool:
        return self.only is None or name in self.only

    def phase(self, name: str, run) -> None:
        """Run one part; if it fails, say so in the report and go on with the others."""
        if not self.wanted(name):
            return
        log(f"{name}…")
        try:
            run()
        except Exception as error:
            self.report["notes"].append(f"{name} failed: {type(error).__name__}: {error}")
            log(f"{name} failed ({type(error).__name__}: {error})")

    def fault_or_note(self, redis_url: str) -> None:
        try:
            self.fault(redis_url)
        except Exception as error:  # the report says so; the other scenarios still count
            self.report["fault"] = {
                "status": "failed",
                "detail": f"{type(error).__name__}: {error}",
            }
            log(f"fault: failed ({error})")

    # The whole run --------------------------------------------------------------------------

    def run(self) -> dict:
        c = self.config
        began = time.monotonic()
        self.out.mkdir(parents=True, exist_ok=True)
        self.floor_dir = self.work / "floor"
        shutil.rmtree(self.floor_dir, ignore_errors=True)
        self.floor_dir.mkdir(parents=True)
        (self.floor_dir / "idle.body").write_bytes(b"idle")
        (self.floor_dir / "idle.type").write_text("text/plain")
        self.static_root = (ROOT / "bench" / ".runs" / "static").resolve()
        self.report["meta"] = {
            "mode": self.mode,
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{os.cpu_count()} CPUs, {platform.system()}",
            "python": platform.python_version(),
            "versions": {
                name: _version(name)
                for name in ("django", "djangorestframework", "gunicorn", "psycopg", "locust")
            },
            "wrk": _wrk_version(),
            "config": c,
        }
        log(f"{self.mode} run: database {self.database_url.rsplit('/', 1)[-1]}")
        people = self.setup_database(
            self.database_url, users=c["users"], students=c["students"],
            moderators=c["moderators"], tag="main",
        )  # fmt: skip
        server.collectstatic(self.static_root)
        class_size = c["class_size"]
        autosave_count = max(c["levels"])
        self.autosave_students = people["students"][class_size : class_size + autosave_count]
        self.starters = people["students"][class_size + autosave_count :] or people["students"]
        with server.Redis() as redis:
            self.report["meta"]["cache"] = "Redis" if redis.url else "local memory (no Redis)"
            # The fault's site gets a Redis database of its own.
            fault_redis = redis.url[:-1] + "1" if redis.url else ""
            fault = threading.Thread(target=self.fault_or_note, args=(fault_redis,))
            if c["fault_alongside"] and self.wanted("fault"):
                fault.start()
            env = server.site_environment(
                database_url=self.database_url, redis_url=redis.url,
                static_root=self.static_root, floor_dir=self.floor_dir,
            )  # fmt: skip
            with (
                server.Site(env=env, log_dir=self.work) as site,
                server.Site(
                    env=env, log_dir=self.work, name="autosave", service="web-autosave"
                ) as autosave_site,
                server.Worker(env=env, log_dir=self.work),
            ):
                base = site.url
                self.autosave_base = autosave_site.url
                self.slots = site.slots
                self.report["meta"]["gunicorn"] = (
                    f"{site.description}; autosaves by {autosave_site.description}"
                )
                meta = {}
                for size in c["growth"]:
                    meta = self.grow(self.database_url, size, tag="main")
                    redis.flush()
                    log(f"bank: {meta['questions']} questions ({meta['fill_seconds']} s to fill)")
                    if self.wanted("growth"):
                        self.growth_step(base, meta, people)
                self.report["meta"]["bank"] = {k: v for k, v in meta.items() if k != "question_ids"}
                self.autosave_attempts = self.start_attempts(
                    base, people["class_exam"], self.autosave_students
                )
                profile_env = {**env, "PYTHONPATH": str(ROOT)}
                for phase, run in (
                    ("throughput", lambda: self.throughput(base, meta, people)),
                    ("exam_class", lambda: self.exam_class(base, people)),
                    ("moderation", lambda: self.moderation(base, people)),
                    ("practice", lambda: self.practice(base, people)),
                    ("sign_in", lambda: self.sign_in(base, people)),
                    ("profiles", lambda: self.profile(base, meta, people, profile_env)),
                ):
                    self.phase(phase, run)
                    self.drain(base)
            if c["fault_alongside"] and self.wanted("fault"):
                fault.join()
            elif self.wanted("fault"):
                self.fault_or_note(fault_redis)
        if self.mode == "smoke":  # a full run's database stays for a look; the next run drops it
            drop_database(self.database_url, self.data_env)
        self.report["meta"]["total_seconds"] = round(time.monotonic() - began, 1)
        report.write(self.report, self.out)
        log(f"report written to {self.out} in {self.report['meta']['total_seconds']} s")
        return self.report


def drop_database(url: str, env: dict) -> None:
    python("-m", "bench.data", "drop", env={**env, "DATABASE_URL": url}, timeout=60)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _wrk_version() -> str:
    done = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (done.stdout or done.stderr).split("\n")[0].split(" [")[0]


def missing_tools() -> list[str]:
    missing = []
    if not shutil.which("wrk"):
        missing.append("wrk (apt-get install wrk)")
    for module in ("locust", "matplotlib", "pyinstrument"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"{module} (pip install -r requirements-bench.txt)")
    return missing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, a few seconds each")
    parser.add_argument("--out", help="report folder (default bench/results/latest or smoke)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="the benchmark's own database, dropped and recreated (its name must hold 'bench')",
    )
    parser.add_argument(
        "--only",
        type=lambda names: names.split(","),
        help=f"comma-separated parts to run, of {','.join(PARTS)} (default: all; the bank is "
        "filled to full size either way)",
    )
    args = parser.parse_args(argv)
    if args.only and not set(args.only) <= set(PARTS):
        parser.error(f"--only takes {','.join(PARTS)}")
    # Stopped from outside: leave through the same doors as an error, so the servers stop and
    # the throwaway cluster is dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    missing = missing_tools()
    if missing:
        print("The benchmark needs: " + ", ".join(missing), file=sys.stderr)
        return 2
    mode = "smoke" if args.smoke else "full"
    out = Path(args.out) if args.out else ROOT / "bench" / ".runs" / mode / "report"
    work = ROOT / "bench" / ".runs" / mode / "work"
    work.mkdir(parents=True, exist_ok=True)
    config = SMOKE if args.smoke else FULL
    Bench(config, out.resolve(), work.resolve(), args.database_url, mode, args.only).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
