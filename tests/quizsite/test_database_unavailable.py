"""A dropped database connection costs a retry, never a 500 or a lost answer."""

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from exams.services import start_exam
from tests.factories import make_exam, make_question

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def drop_the_connection():
    """Have the server end our connection, as a restart or failover does; Django does not
    notice until it next uses it."""
    connection.ensure_connection()
    connection.health_check_enabled = False
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**{**params, "autocommit": True}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_save_on_a_dropped_connection_gets_503_and_its_retry_is_kept(student):
    make_question(text="What is dropout?", answer="Random zeroing.")
    attempt = start_exam(exam=make_exam(question_count=1), user=student, now=timezone.now())
    api = APIClient()
    api.force_authenticate(student)
    url = reverse("api:attempt-save", args=[attempt.public_id, 1])

    drop_the_connection()
    failed = api.put(url, {"revision": 1, "text": "Zeroes units"}, format="json")
    assert failed.status_code == 503
    assert failed["Retry-After"] == "2"
    assert failed["Content-Type"] == "application/problem+json"
    assert "try again" in failed.json()["detail"]

    retried = api.put(url, {"revision": 1, "text": "Zeroes units"}, format="json")
    assert retried.status_code == 200 and retried.json()["applied"] is True
    assert attempt.responses.get().text == "Zeroes units"


def test_a_page_on_a_dropped_connection_gets_a_503_page(client, db):
    drop_the_connection()
    response = client.get(reverse("questions:list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "Back in a moment" in response.content.decode()
