"""Two app servers, one database and one Redis: nothing a user does is tied to one process:
sessions, throttles and cached reads of the bank cross between them."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from django.conf import global_settings

from accounts.tokens import create_token
from bench.server import free_port
from exams.models import Response
from tests.caddy import needs_caddy, proxy
from tests.databases import child_database_url
from tests.factories import make_contribution, make_exam, make_question, make_topic

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/9"
ANON_LIMIT = 5


@pytest.fixture
def app_servers():
    """Two app servers: their URLs and processes."""
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        pytest.fail(f"this test needs Redis at {REDIS_URL}")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": child_database_url(),
        "REDIS_URL": REDIS_URL,
        "DEBUG": "true",
        "API_ANON_REQUESTS_PER_MINUTE": str(ANON_LIMIT),
    }
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:quizsite.gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "quizsite.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            deadline = time.monotonic() + 90  # a busy machine starts gunicorn slowly
            while True:
                try:
                    if requests.get(url + "/healthz/", timeout=5).ok:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"the app server at {url} did not start")
                time.sleep(0.2)
        yield list(zip(urls, servers, strict=True))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def two_servers(app_servers):
    return [url for url, _ in app_servers]


def sign_in(browser: requests.Session, site: str, password: str) -> None:
    browser.get(site + "/accounts/login/")
    signed_in = browser.post(
        site + "/accounts/login/",
        data={
            "username": "student",
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": site + "/accounts/login/"},
        allow_redirects=False,
    )
    assert signed_in.status_code == 302


def test_a_session_started_on_one_server_is_signed_in_on_the_other(two_servers, student, settings):
    # The servers check passwords with the site's real hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    student.set_password("correct-horse-battery")
    student.save()
    first, second = two_servers
    browser = requests.Session()
    sign_in(browser, first, "correct-horse-battery")
    profile = browser.get(second + "/accounts/profile/", allow_redirects=False)
    assert profile.status_code == 200
    assert "student" in profile.text


def test_a_throttle_counts_requests_to_both_servers(two_servers):
    make_topic()
    first, second = two_servers
    statuses = [requests.get(url + "/api/v1/topics/").status_code for url in [first, second] * 3]
    assert statuses == [200] * ANON_LIMIT + [429]


def test_an_approval_on_one_server_refreshes_the_cached_question_on_the_other(
    two_servers, student, moderator
):
    first, second = two_servers
    question = make_question(text="What is a GAN?", answer="Two networks.")
    contribution = make_contribution(question=question, author=student, body="They compete.")
    _, moderator_key = create_token(user=moderator, name="moderation")
    page = first + question.get_absolute_url()
    assert "They compete." not in requests.get(page).text  # now cached on the first server

    decided = requests.post(
        f"{second}/api/v1/moderation/contributions/{contribution.pk}/approve",
        json={},
        headers={"Authorization": f"Token {moderator_key}"},
    )
    assert decided.status_code == 200
    assert "They compete." in requests.get(page).text


@needs_caddy
def test_the_exam_pages_autosave_goes_through_the_proxy_to_the_autosave_server(
    app_servers, student, settings, tmp_path
):
    """As docker-compose.yml runs them: the proxy, web (the first server) and web-autosave (the
    second). The student's session and CSRF token, from web, are good on web-autosave; with web
    stopped, saves still land and everything else fails."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    student.set_password("correct-horse-battery")
    student.save()
    make_question(text="Why does dropout regularise?", answer="It averages thinned networks.")
    exam = make_exam(question_count=1)
    (web, web_process), (autosave, _) = app_servers
    with proxy(
        web=web.removeprefix("http://"), autosave=autosave.removeprefix("http://"), workdir=tmp_path
    ) as site:
        browser = requests.Session()
        sign_in(browser, site, "correct-horse-battery")
        csrf = {"X-CSRFToken": browser.cookies["csrftoken"]}
        started = browser.post(f"{site}/api/v1/exams/{exam.pk}/attempts/", headers=csrf)
        assert started.status_code == 201
        attempt = started.json()["id"]
        web_process.terminate()
        web_process.wait(timeout=10)

        saved = browser.put(
            f"{site}/api/v1/attempts/{attempt}/responses/1/",
            json={"revision": 1, "text": "It averages many thinned networks."},
            headers=csrf,
        )
        page = browser.get(f"{site}/api/v1/attempts/{attempt}/")

    assert saved.status_code == 200, saved.text  # 502 if the proxy had sent it to web
    assert saved.json()["applied"] is True
    assert Response.objects.get(attempt__public_id=attempt).text == (
        "It averages many thinned networks."
    )
    assert page.status_code == 502  # not a save: for web, which is down


def test_a_kept_alive_connection_left_idle_is_still_served(two_servers):
    """The proxy in front reuses its idle connections to the app (Caddy keeps them for two
    minutes): one the app had closed would fail the request sent on it, a save or a submit."""
    host, port = two_servers[0].removeprefix("http://").split(":")
    proxy_side = http.client.HTTPConnection(host, int(port), timeout=10)
    statuses = []
    for pause in (0, 3):  # 3 s: longer than gunicorn's own default (2 s)
        time.sleep(pause)
        proxy_side.request("GET", "/healthz/")
        answer = proxy_side.getresponse()
        answer.read()
        statuses.append(answer.status)
    proxy_side.close()
    assert statuses == [200, 200]
