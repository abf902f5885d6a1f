"""Do a search, the bank's first page and its last page stay fast as the bank grows?

Run with `python bench/search_growth.py` (PostgreSQL recommended: set DATABASE_URL). It creates a
throwaway test database (test_<name> next to DATABASE_URL's), fills it with a synthetic bank of
1,000 questions, times each request through Django's test client (the bank page and the API),
grows the bank to 100,000 questions and times them again, then drops the database.
Target: each request at 100,000 questions within 1.5x of its time at 1,000.

Beside each request's time it reports the part spent in the database (the sum of its queries'
durations), which shows how the queries themselves grow under the fixed cost of a request. The
cache is cleared before every request: these are pages computed from the database, not the
visitors' cached copies.
"""

import os
import random
import statistics
import sys
import time
from math import ceil
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from questions.models import Answer, Question, Source, Topic  # noqa: E402
from questions.services.bank_index import refresh_bank  # noqa: E402

SIZES = (1_000, 100_000)
RUNS = 15
TARGET_RATIO = 1.5
# The synthetic bank's words: 2,000 made-up ones and two real ones at chosen ranks, drawn with
# weights 1/rank (Zipf), so that each keeps its share of the bank as it grows, like a real bank's
# words. SEARCH matches about 1.7 % of the questions (like "softmax" in the seed bank: 7 of 423),
# COMMON about 11 % (like "training").
SEARCH, COMMON = "softmax", "gradient"
RANKS = {COMMON: 25, SEARCH: 180}


def vocabulary() -> list[str]:
    rng = random.Random(1)
    syllables = "ba ke ri to nu sa me lo pi da ve zu ga fo ty ro".split()
    made_up: set[str] = set()
    while len(made_up) < 2_000:
        made_up.add("".join(rng.choices(syllables, k=3)))
    words = sorted(made_up)
    rng.shuffle(words)
    for word, rank in sorted(RANKS.items(), key=lambda item: item[1]):
        words.insert(rank - 1, word)
    return words


WORDS = vocabulary()
WEIGHTS = [1 / rank for rank in range(1, len(WORDS) + 1)]


def fill_bank(sources: list[Source], topics: list[Topic], start: int, stop: int) -> None:
    """Questions start+1..stop, spread over the sources in turn; two in five answered. Then
    refresh_bank(), as after any bulk write, and ANALYZE."""
    rng = random.Random(start)
    for chunk in range(start, stop, 10_000):
        questions = []
        for n in range(chunk, min(chunk + 10_000, stop)):
            text = f"Question {n}: {' '.join(rng.choices(WORDS, WEIGHTS, k=10))}?"
            questions.append(
                Question(
                    source=sources[n % len(sources)],
                    position=n // len(sources) + 1,
                    text=text,
                    text_html=f"<p>{text}</p>",
                    fingerprint=text.lower()[:255],
                    same_as=text.lower()[:255],  # each its own question, as save() would set
                )
            )
        Question.objects.bulk_create(questions)
        Question.topics.through.objects.bulk_create(
            Question.topics.through(question=q, topic=rng.choice(topics)) for q in questions
        )
        answers = []
        for question in questions:
            if rng.random() < 0.4:
                body = " ".join(rng.choices(WORDS, WEIGHTS, k=30)).capitalize() + "."
                answers.append(
                    Answer(
                        question=question,
                        body=body,
                        body_html=f"<p>{body}</p>",
                        status=Answer.Status.APPROVED,
                    )
                )
        Answer.objects.bulk_create(answers)
    started = time.perf_counter()
    refresh_bank()  # bulk_create passes by the code that keeps the bank's order and index
    print(f"  refresh_bank() after the bulk load: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum (off on the benchmark server) does after a bulk load and refresh.
            cursor.execute("VACUUM ANALYZE")


class DatabaseTime:
    """Adds up the time spent in queries (an execute wrapper)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def time_request(client: Client, url: str) -> tuple[float, float]:
    """Median request time and median database time of RUNS requests, in milliseconds."""
    totals, in_database = [], []
    for run in range(RUNS + 1):
        cache.clear()  # API throttles count in the cache
        database = DatabaseTime()
        with connection.execute_wrapper(database):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        if run:  # the first request warms caches up
            totals.append(elapsed * 1000)
            in_database.append(database.seconds * 1000)
    return statistics.median(totals), statistics.median(in_database)


def cases(size: int) -> dict[str, str]:
    last_page = ceil(size / settings.QUESTIONS_PER_PAGE)
    last_api_page = ceil(size / settings.REST_FRAMEWORK["PAGE_SIZE"])
    return {
        "search page": f"/questions/?search={SEARCH}",
        "common word page": f"/questions/?search={COMMON}",
        "first page": "/questions/",
        "last page": f"/questions/?page={last_page}",
        "search API": f"/api/v1/questions/?search={SEARCH}",
        "common word API": f"/api/v1/questions/?search={COMMON}",
        "first API page": "/api/v1/questions/",
        "last API page": f"/api/v1/questions/?page={last_api_page}",
    }


def main() -> int:
    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        sources = [
            Source.objects.create(slug=f"source-{n}", name=f"Source {n}", position=n)
            for n in range(1, 5)
        ]
        topics = [Topic.objects.create(slug=f"topic-{n}", name=f"Topic {n}") for n in range(20)]
        client = Client()
        results: dict[int, dict[str, tuple[float, float]]] = {}
        filled = 0
        for size in SIZES:
            started = time.perf_counter()
            fill_bank(sources, topics, filled, size)
            filled = size
            print(
                f"{size:,} questions in {test_db} ({connection.vendor}), filled in "
                f"{time.perf_counter() - started:.1f} s"
            )
            for word in (SEARCH, COMMON):
                matches = Question.objects.search(word).count()
                print(f"  '{word}' matches {matches:,} questions ({matches / size:.1%})")
            load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
            print(f"  load average before timing: {load} (shared machine)")
            results[size] = {name: time_request(client, url) for name, url in cases(size).items()}
        small, large = SIZES
        print(f"\nmedian of {RUNS} requests, ms (database part in brackets)")
        print(f"{'request':16} {small:>13,} {large:>14,}  ratio")
        worst = 0.0
        for (name, (small_ms, small_db)), (large_ms, large_db) in zip(
            results[small].items(), results[large].values(), strict=True
        ):
            ratio = large_ms / small_ms
            worst = max(worst, ratio)
            print(
                f"{name:16} {small_ms:7.1f} ({small_db:4.1f}) {large_ms:7.1f} ({large_db:4.1f})"
                f"  {ratio:4.2f}x (database {large_db / small_db:.1f}x)"
            )
        verdict = "OK" if worst <= TARGET_RATIO else "TOO SLOW"
        print(f"target: every ratio within {TARGET_RATIO}x -> {verdict} (worst {worst:.2f}x)")
        return 0 if worst <= TARGET_RATIO else 1
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
