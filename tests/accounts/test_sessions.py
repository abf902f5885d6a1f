"""Signed-in sessions end after a while without any request (SESSION_IDLE_TIMEOUT_MINUTES)."""

import time
from datetime import timedelta

from django.urls import reverse

from accounts.sessions import LAST_ACTIVITY

PROFILE = reverse("accounts:profile")


def idle_for(client, seconds: float) -> None:
    """Pretend the session's last request was ``seconds`` ago."""
    session = client.session
    session[LAST_ACTIVITY] = time.time() - seconds
    session.save()


def test_a_session_idle_past_the_timeout_is_logged_out(student_client, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    idle_for(student_client, 31 * 60)
    response = student_client.get(PROFILE, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "logged out after 30 minutes without activity" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_a_session_used_within_the_timeout_stays_signed_in_and_its_clock_restarts(
    student_client, settings
):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    idle_for(student_client, 29 * 60)
    assert student_client.get(PROFILE).status_code == 200
    assert time.time() - student_client.session[LAST_ACTIVITY] < 5
    idle_for(student_client, 29 * 60)
    assert student_client.get(PROFILE).status_code == 200


def test_logging_in_starts_the_clock_so_later_requests_write_nothing(client, student):
    client.post(
        reverse("accounts:login"), {"username": "student", "password": "correct-horse-battery"}
    )
    started = client.session[LAST_ACTIVITY]
    client.get(PROFILE)
    assert client.session[LAST_ACTIVITY] == started  # written at most once a minute


def test_api_requests_of_a_signed_in_page_count_as_activity(student_client, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    idle_for(student_client, 29 * 60)
    assert student_client.get(reverse("api:contributions")).status_code == 200
    assert time.time() - student_client.session[LAST_ACTIVITY] < 5
