"""How fast does the practice page answer for a student with 100,000 cards?

Run with `make bench` (or `python bench/practice_due.py`). It creates a throwaway test database
(test_<name> next to DATABASE_URL's, PostgreSQL recommended), fills a synthetic bank of 110,000
answered questions and gives one student 100,000 cards (a fifth of them due) and another 100,000
cards none of which is due, then times the whole practice page (queries and template, through
Django's test client) and a rating, and drops the database again.
Target: the median page answers in under 100 ms. Results: bench/results/practice_due.md.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from practice.models import Card  # noqa: E402
from practice.selectors import practice_session, resolve_scope  # noqa: E402
from questions.models import Answer, Question, Source, Topic  # noqa: E402

BANK_SIZE = int(os.environ.get("BENCH_BANK_SIZE", 110_000))
CARDS = int(os.environ.get("BENCH_CARDS", 100_000))
RUNS = 20
TARGET_MS = 100
CHUNK = 10_000


def fill_bank(size: int) -> tuple[list[int], list[Topic]]:
    source = Source.objects.create(slug="synthetic", name="Synthetic bank")
    topics = [Topic.objects.create(slug=f"topic-{n}", name=f"Topic {n}") for n in range(20)]
    rng = random.Random(7)
    ids: list[int] = []
    for start in range(0, size, CHUNK):
        questions = Question.objects.bulk_create(
            Question(
                source=source,
                position=n + 1,
                text=f"Synthetic question {n} about $x_{n}$?",
                text_html=f'<p>Synthetic question {n} about <span class="arithmatex">\\(x_{n}\\)'
                "</span>?</p>",
                fingerprint=f"synthetic question {n}",
                same_as=f"synthetic question {n}",
            )
            for n in range(start, min(start + CHUNK, size))
        )
        Question.topics.through.objects.bulk_create(
            Question.topics.through(question=q, topic=rng.choice(topics)) for q in questions
        )
        Answer.objects.bulk_create(
            Answer(question=q, body="A.", body_html="<p>A.</p>", status=Answer.Status.APPROVED)
            for q in questions
        )
        ids += [q.pk for q in questions]
    return ids, topics


def give_cards(user: User, question_ids: list[int], *, due_share: float) -> None:
    """One card per question; ``due_share`` of them overdue by up to a week, the rest due later."""
    now, rng = timezone.now(), random.Random(11)
    for start in range(0, len(question_ids), CHUNK):
        Card.objects.bulk_create(
            Card(
                user=user,
                question_id=pk,
                state=Card.State.REVIEW,
                stability=10.0,
                difficulty=5.0,
                last_review=now - timedelta(days=10),
                due=now + timedelta(minutes=rng.uniform(-7 * 1440, 0))
                if rng.random() < due_share
                else now + timedelta(minutes=rng.uniform(1, 90 * 1440)),
            )
            for pk in question_ids[start : start + CHUNK]
        )


def time_get(client: Client, url: str) -> list[float]:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def time_session(user: User, topic: Topic | None) -> list[float]:
    """The due list's queries alone (practice_session), without the request and the template."""
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        practice_session(user=user, scope=resolve_scope(user, topic=topic), now=timezone.now())
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_ratings(client: Client, question_ids: list[int]) -> list[float]:
    timings = []
    for pk in question_ids[:RUNS]:
        started = time.perf_counter()
        response = client.post(
            "/api/v1/practice/reviews/", {"question": pk, "rating": 4}, "application/json"
        )
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.content
    return timings


def main() -> int:
    settings.ALLOWED_HOSTS = ["testserver"]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"Filling {BANK_SIZE} questions and 2 x {CARDS} cards in {test_db} "
              f"({connection.vendor})…")  # fmt: skip
        question_ids, topics = fill_bank(BANK_SIZE)
        busy, done = User.objects.create_user("busy"), User.objects.create_user("done")
        give_cards(busy, question_ids[:CARDS], due_share=0.2)
        give_cards(done, question_ids[:CARDS], due_share=0.0)
        connection.cursor().execute("ANALYZE" if connection.vendor == "postgresql" else "SELECT 1")

        scenarios = [
            ("20,000 due of 100,000 cards, everything", busy, "/practice/"),
            ("20,000 due of 100,000 cards, one topic", busy, f"/practice/?topic={topics[3].slug}"),
            ("nothing due of 100,000 cards: next due + new cards", done, "/practice/"),
        ]
        worst = 0.0
        for name, user, url in scenarios:
            client = Client()
            client.force_login(user)
            timings = time_get(client, url)
            median = statistics.median(timings)
            worst = max(worst, median)
            topic = topics[3] if "topic" in url else None
            reads = time_session(user, topic)
            print(f"page, {name}: median {median:.0f} ms, max {max(timings):.0f} ms ({RUNS} runs); "
                  f"its reads alone: median {statistics.median(reads):.1f} ms")  # fmt: skip
        client = Client()
        client.force_login(busy)
        due = list(
            Card.objects.filter(user=busy, due__lte=timezone.now()).values_list(
                "question_id", flat=True
            )[:RUNS]
        )
        ratings = time_ratings(client, due)
        print(f"rating a due card: median {statistics.median(ratings):.0f} ms, "
              f"max {max(ratings):.0f} ms ({RUNS} ratings)")  # fmt: skip
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"target: page median under {TARGET_MS} ms -> "
              f"{'OK' if worst < TARGET_MS else 'TOO SLOW'}")  # fmt: skip
        return 0 if worst < TARGET_MS else 1
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
