"""The start-cost benchmark measures real starts: each of its users starts the mock exam (a
start that is not a 201 stops it), and it leaves no user of its own behind."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.models import User
from exams.models import Attempt
from tests.databases import child_database_url
from tests.factories import make_exam, make_question

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "start_cost.py"


def measure(starts: int) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update(
        DATABASE_URL=child_database_url(),
        DEBUG="false",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
    )
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--measure", "--starts", str(starts)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip


def test_every_measured_start_is_a_real_start_and_its_users_are_removed_after():
    for n in range(3):
        make_question(text=f"Question {n}?", answer="A.")
    make_exam(slug="full-mock-exam-deep-learning-course", question_count=3)

    child = measure(starts=4)

    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["python_ms"] > 0
    assert not User.objects.filter(username__startswith="start-cost-").exists()
    assert not Attempt.objects.exists()  # all 24 (20 to warm up, 4 measured) went with them


def test_a_start_that_fails_stops_the_measurement():
    make_exam(slug="full-mock-exam-deep-learning-course", question_count=3)  # no question

    child = measure(starts=2)

    assert child.returncode != 0
    assert "start answered 409" in child.stderr
