"""How fast does starting an exam draw its questions from a bank of 100,000?

Run with `make bench` (or `python bench/exam_selection.py`). It creates a throwaway test database
(test_<name> next to DATABASE_URL's, PostgreSQL recommended), fills it with a synthetic bank, times
start_exam() for a whole-bank quiz and a one-topic drill, and drops the database again.
Target: the median start stays under 250 ms on a 2-core machine.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from exams.models import Exam  # noqa: E402
from exams.services import start_exam  # noqa: E402
from questions.models import Answer, Question, Source, Topic  # noqa: E402

BANK_SIZE = int(os.environ.get("BENCH_BANK_SIZE", 100_000))
RUNS = 20
TARGET_MS = 250


def fill_bank(size: int) -> tuple[Topic, Source]:
    source = Source.objects.create(slug="synthetic", name="Synthetic bank")
    topics = [Topic.objects.create(slug=f"topic-{n}", name=f"Topic {n}") for n in range(20)]
    rng = random.Random(7)
    for start in range(0, size, 10_000):
        questions = Question.objects.bulk_create(
            Question(
                source=source,
                position=n + 1,
                text=f"Synthetic question {n}?",
                text_html=f"<p>Synthetic question {n}?</p>",
                fingerprint=f"syntheticquestion{n}",
                same_as=f"syntheticquestion{n % (size * 9 // 10)}",
                needs_figure=n % 50 == 0,
            )
            for n in range(start, min(start + 10_000, size))
        )
        Question.topics.through.objects.bulk_create(
            Question.topics.through(question=q, topic=rng.choice(topics)) for q in questions
        )
        Answer.objects.bulk_create(
            Answer(question=q, body="A.", body_html="<p>A.</p>", status=Answer.Status.APPROVED)
            for q in questions
            if q.position % 2
        )
    return topics[0], source


def time_starts(exam: Exam, user) -> list[float]:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        start_exam(exam=exam, user=user, now=timezone.now())
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Filling a bank of {BANK_SIZE} questions in {test_db} ({connection.vendor})…")
        topic, _ = fill_bank(BANK_SIZE)
        connection.cursor().execute("ANALYZE" if connection.vendor == "postgresql" else "SELECT 1")
        user = User.objects.create_user("bench")
        quiz = Exam.objects.create(title="Quiz", question_count=30, time_limit_minutes=60)
        drill = Exam.objects.create(title="Drill", question_count=10, time_limit_minutes=20)
        drill.topics.set([topic])
        worst = 0.0
        for name, exam in (("whole-bank quiz, 30 questions", quiz), ("topic drill, 10", drill)):
            timings = time_starts(exam, user)
            median = statistics.median(timings)
            worst = max(worst, median)
            print(f"{name}: median {median:.0f} ms, max {max(timings):.0f} ms over {RUNS} starts")
        print(f"target: median under {TARGET_MS} ms -> {'OK' if worst < TARGET_MS else 'TOO SLOW'}")
        return 0 if worst < TARGET_MS else 1
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
