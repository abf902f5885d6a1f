"""On PostgreSQL, the statements an app server runs again and again (a save's, a start's) are
prepared on the server after a few runs, so it stops parsing and planning them; PREPARE_THRESHOLD=0
turns that off for a pooler in transaction mode, which cannot keep them."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import make_exam, make_question

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_save_run_again_and_again_is_prepared_once_and_still_stores_each_answer(student):
    for n in range(3):
        make_question(text=f"Question {n}?", answer=f"Answer {n}.")
    api = APIClient()
    api.force_authenticate(student)
    started = api.post(reverse("api:exam-start", args=[make_exam(question_count=3).pk]))
    assert started.status_code == 201
    url = reverse("api:attempt-save", args=[started.json()["id"], 2])
    threshold = settings.PREPARE_THRESHOLD

    for revision in range(1, threshold + 3):
        saved = api.put(url, {"revision": revision, "text": f"Draft {revision}"}, format="json")
        assert saved.json()["applied"] is True

    updates = [s for s in prepared_statements() if s.startswith('UPDATE "exams_response"')]
    assert len(updates) == 1, updates  # one statement, with its values as parameters
    reread = api.get(reverse("api:attempt-detail", args=[started.json()["id"]]))
    assert reread.json()["responses"][1]["text"] == f"Draft {threshold + 2}"


def settings_options(**env: str) -> dict:
    """The database OPTIONS the settings build from this environment, in a fresh process."""
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS'], default=str))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "quizsite.settings", **env}
    out = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_prepare_threshold_zero_leaves_statements_to_the_client():
    url = "postgres://quizsite@db.example:5432/quizsite"
    default = settings_options(DATABASE_URL=url)
    off = settings_options(DATABASE_URL=url, PREPARE_THRESHOLD="0")

    assert (default["server_side_binding"], default["prepare_threshold"]) == (True, 5)
    assert "server_side_binding" not in off and "prepare_threshold" not in off
