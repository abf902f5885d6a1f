"""Users following a path through the site, driven by locust (headless, FastHttpUser).

    python -m bench.journeys KIND --host URL --config CONFIG.json --out OUT.json

KIND is exam, moderation, practice or sign_in.

exam: a class of students start the same exam within a few seconds, then each autosaves one
answer every few seconds, as the exam page does while they type, and submits. Every save the
server acknowledges (200 with ``applied: true``) is recorded, so the database can be checked
against it afterwards.

moderation: moderators work through the review queue: read it, approve or reject one
contribution, think, repeat.

practice: students work through their due cards as the practice page does: fetch the next
cards, rate one (1-5), think, repeat.

sign_in: a class behind one address (a campus network) asks for API tokens in the same few
seconds, each with their own username and password; the throttles are the production ones.

Every request is recorded (time, latency, status, the server's query count); the run stops by
itself at its deadline.
"""

import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import texts  # noqa: E402

CONFIG: dict = {}
RECORDS: list[list] = []  # [name, seconds since start, latency ms, status, queries, sql µs]
ACKS: list[list] = []  # [attempt, position, revision, text or None, choice ids or None]
STARTED = time.time()
ARRIVALS = itertools.count()  # the next user's place in the order users are spawned


def arrival(index: int, window: float) -> float:
    """When the ``index``-th user arrives, in seconds after the journey begins: uniformly at
    random within ``window``, the same moment in every run (a seed of its own), so that runs
    meet the same clumps of arrivals. Left to locust, users would arrive in whole-second
    batches (floor(spawn rate) of them at the same instant, once a second)."""
    return random.Random(f"arrival {index}").uniform(0, window)


def record(name: str, started: float, response) -> None:
    status = response.status_code or 0
    headers = response.headers or {}
    RECORDS.append(
        [
            name,
            round(started - STARTED, 3),
            round((time.time() - started) * 1000, 2),
            status,
            int(headers.get("X-Bench-Queries") or -1),
            int(headers.get("X-Bench-Sql-Us") or 0),
        ]
    )


class Client(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    # A student waits two minutes for an answer before giving up on that request.
    network_timeout = 120.0
    connection_timeout = 120.0

    def call(self, name: str, method: str, path: str, body=None):
        started = time.time()
        with self.client.request(
            method,
            path,
            headers=self.headers,
            data=json.dumps(body) if body is not None else None,
            name=name,
            catch_response=True,
        ) as response:
            response.success()  # counted here, by status, not by locust
        record(name, started, response)
        return response

    def arrive(self) -> None:
        gevent.sleep(arrival(next(ARRIVALS), CONFIG.get("spawn_seconds", 0)))


def answered(response) -> bool:
    """Whether the server answered, and not with an error of its own: what the exam page tries
    again on is a 5xx, or no answer at all (status 0: a connection closed under the request,
    such as a kept-alive one the server let go of just as the request left)."""
    return 0 < response.status_code < 500


class TokenClient(Client):
    """A user signed in with one of the run's API tokens."""

    abstract = True

    def on_start(self):
        self.token = CONFIG["tokens"].pop()
        self.headers = {
            "Authorization": f"Token {self.token}",
            "Content-Type": "application/json",
        }
        self.rng = random.Random(self.token)
        self.arrive()


class Student(TokenClient):
    """One student sitting the class exam from start to submission."""

    @task
    def sit_exam(self):
        interval = CONFIG["save_interval"]
        for _ in range(10):  # a student shown a server error tries again; one kept waiting leaves
            started = self.call("start", "POST", f"/api/v1/exams/{CONFIG['exam']}/attempts/")
            if answered(started):
                break
            gevent.sleep(1)
        if started.status_code != 201:
            raise StopUser()
        attempt = started.json()
        attempt_id = attempt["id"]
        questions = [
            (item["position"], item["question"].get("kind"), item["question"].get("choices"))
            for item in attempt["responses"]
        ]
        revisions = {position: 0 for position, _, _ in questions}
        gevent.sleep(self.rng.uniform(0, interval))  # students start typing at different times
        for n in range(CONFIG["saves"]):
            tick = time.time()
            # Three saves per question while the student types its answer, then the next one.
            position, kind, choices = questions[(n // 3) % len(questions)]
            revisions[position] += 1
            revision = revisions[position]
            if kind in (None, "open") or not choices:
                body = {"revision": revision, "text": texts.typed_answer(revision)}
            else:
                body = {"revision": revision, "choice_ids": [self.rng.choice(choices)["id"]]}
            # To the autosave pool, as the proxy routes saves (docker-compose.yml, Caddyfile).
            path = f"{CONFIG['save_host']}/api/v1/attempts/{attempt_id}/responses/{position}/"
            response = self.call("save", "PUT", path, body)
            if response.status_code == 200 and response.json().get("applied"):
                ACKS.append(
                    [attempt_id, position, revision, body.get("text"), body.get("choice_ids")]
                )
            gevent.sleep(max(0.0, interval - (time.time() - tick)))
        for _ in range(10):  # the page retries a submit it could not deliver
            response = self.call("submit", "POST", f"/api/v1/attempts/{attempt_id}/submit/")
            if answered(response):
                break
            gevent.sleep(1)
        raise StopUser()


class Moderator(TokenClient):
    """A moderator deciding contributions until the end of the run."""

    @task
    def decide(self):
        if time.time() > CONFIG["until"]:
            raise StopUser()
        queue = self.call("queue", "GET", "/api/v1/moderation/queue/")
        items = queue.json().get("results", []) if queue.status_code == 200 else []
        if items:
            item = self.rng.choice(items)
            base = f"/api/v1/moderation/contributions/{item['id']}"
            if self.rng.random() < 0.7:
                self.call("approve", "POST", f"{base}/approve", {})
            else:
                self.call("reject", "POST", f"{base}/reject", {"reason": "Not what the notes say."})
        gevent.sleep(CONFIG["think"])


class Practiser(TokenClient):
    """A student practising until the end of the run."""

    @task
    def review(self):
        if time.time() > CONFIG["until"]:
            raise StopUser()
        due = self.call("due", "GET", "/api/v1/practice/due/?limit=5&extra_new=20")
        cards = due.json().get("cards", []) if due.status_code == 200 else []
        if cards:
            question = cards[0]["question"]["id"]
            body = {"question": question, "rating": self.rng.randint(1, 5), "duration_ms": 9000}
            self.call("rate", "POST", "/api/v1/practice/reviews/", body)
        gevent.sleep(CONFIG["think"])


class SigningIn(Client):
    """A student asking for an API token with their password, once, retrying when told to wait
    (429 and its Retry-After), as a well-behaved client does."""

    def on_start(self):
        self.username = CONFIG["usernames"].pop()
        self.headers = {"Content-Type": "application/json"}
        self.arrive()

    @task
    def sign_in(self):
        body = {"username": self.username, "password": CONFIG["password"], "name": "bench"}
        while time.time() < CONFIG["until"]:
            response = self.call("token", "POST", "/api/v1/auth/token/", body)
            if response.status_code != 429:
                break
            gevent.sleep(min(float(response.headers.get("Retry-After") or 1), 60.0))
        raise StopUser()


def run(kind: str, host: str, config: dict) -> dict:
    global STARTED
    STARTED = time.time()
    CONFIG.update(config)
    user_class = {
        "exam": Student,
        "moderation": Moderator,
        "practice": Practiser,
        "sign_in": SigningIn,
    }[kind]
    users = config["users"]
    CONFIG["until"] = time.time() + config.get("seconds", 0)
    env = Environment(user_classes=[user_class], host=host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)  # all at once; each then waits for its arrival
    deadline = time.time() + config["timeout"]
    gevent.sleep(1)
    while time.time() < deadline:
        spawning = runner.spawning_greenlet is not None and not runner.spawning_greenlet.dead
        if not spawning and runner.user_count == 0:
            break
        gevent.sleep(0.25)
    finished = runner.user_count == 0
    runner.quit()
    return {
        "kind": kind,
        "users": users,
        "started_at": STARTED,
        "finished_in_time": finished,
        "records": RECORDS,
        "acks": ACKS,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["exam", "moderation", "practice", "sign_in"])
    parser.add_argument("--host", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    result = run(args.kind, args.host, json.loads(Path(args.config).read_text()))
    Path(args.out).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
