"""Production settings and the container stack, checked the way an operator would run them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-that-is-long-enough-0123456789abcdef",
    "ALLOWED_HOSTS": "quiz.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests relax async safety for Playwright; a deployment never would.
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_site_refuses_to_start_with_debug_off_and_no_secret_key():
    env = {**PRODUCTION_ENV}
    del env["SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_site_refuses_a_malformed_boolean_setting():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_and_the_web_app_under_gunicorn(compose):
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    web = services["web"]
    assert "gunicorn -c python:quizsite.gunicorn quizsite.wsgi" in web["command"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/healthz/" in " ".join(web["healthcheck"]["test"])
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])


def test_compose_web_applies_migrations_and_seeds_the_bank_before_serving(compose):
    command = compose["services"]["web"]["command"]
    assert command.index("migrate") < command.index("seed_bank") < command.index("gunicorn")


def test_compose_web_gets_production_environment(compose):
    environment = compose["services"]["web"]["environment"]
    assert environment["DEBUG"] == "false"
    assert (
        environment["DATABASE_URL"].startswith("postgres://")
        and "@db:5432/" in environment["DATABASE_URL"]
    )
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert {"ALLOWED_HOSTS", "REDIS_URL"} <= environment.keys()
    assert "pgdata" in compose["volumes"]


@pytest.mark.skipif(
    not shutil.which("docker-compose"), reason="docker-compose client not installed"
)
def test_compose_file_is_valid_for_docker_compose():
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        env={**os.environ, "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_health_endpoint_answers_ok(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_compose_runs_the_expiry_command_every_minute(compose):
    scheduler = compose["services"]["scheduler"]
    assert "expire_attempts" in scheduler["command"] and "sleep 60" in scheduler["command"]
    assert (
        scheduler["environment"]["DATABASE_URL"]
        == compose["services"]["web"]["environment"]["DATABASE_URL"]
    )


def test_each_log_line_is_printed_once():
    probe = (
        "import logging; "
        "logging.getLogger('django.request').warning('probe: django'); "
        "logging.getLogger('exams').warning('probe: app')"
    )
    result = manage("shell", "-c", probe)
    lines = [line for line in result.stderr.splitlines() if "probe:" in line]
    assert lines == ["probe: django", "probe: app"]


def test_compose_runs_several_web_containers_behind_a_proxy(compose):
    services = compose["services"]
    assert services["web"]["deploy"]["replicas"] == "${WEB_REPLICAS:-2}"
    assert "ports" not in services["web"]  # only the proxy is reachable from outside
    assert "8000:8000" in services["proxy"]["ports"]
    # The proxy runs the repository's Caddyfile (its routing: tests/test_proxy.py).
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    assert services["proxy"]["command"][-4:] == [
        "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile",
    ]  # fmt: skip
    # One proxy hop in front: its X-Forwarded-For is the client's address for throttles.
    assert services["web"]["environment"]["NUM_PROXIES"] == "${NUM_PROXIES:-1}"


def test_compose_serves_autosaves_from_a_pool_of_their_own_with_the_web_settings(compose):
    services = compose["services"]
    web, autosave = services["web"], services["web-autosave"]
    assert autosave["command"] == ["gunicorn", "-c", "python:quizsite.gunicorn", "quizsite.wsgi"]
    assert "ports" not in autosave
    assert autosave["depends_on"]["web"]["condition"] == "service_healthy"  # migrated by web
    assert services["proxy"]["depends_on"]["web-autosave"]["condition"] == "service_healthy"
    # On a shared host the kernel runs a save before a start (Docker's default weight: 1024).
    assert autosave["cpu_shares"] > web.get("cpu_shares", 1024)
    different = {
        name: value
        for name, value in autosave["environment"].items()
        if web["environment"].get(name) != value
    }
    assert different == {
        "WEB_CONCURRENCY": "${AUTOSAVE_CONCURRENCY:-2}",
        "GUNICORN_THREADS": "${AUTOSAVE_THREADS:-4}",
        "MARKING_PRELOAD_MODEL": "false",  # a save never marks
    }
    assert set(autosave["environment"]) == set(web["environment"])


def test_gunicorn_settings_come_from_the_environment():
    probe = (
        "import runpy; c = runpy.run_module('quizsite.gunicorn'); "
        "print(c['workers'], c['threads'], c['worker_class'], c['preload_app'], c['reuse_port'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={
            **os.environ,
            "WEB_CONCURRENCY": "5",
            "GUNICORN_THREADS": "3",
            "GUNICORN_REUSE_PORT": "false",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["5", "3", "gthread", "True", "False"]


def test_compose_runs_a_task_worker_with_the_web_apps_database_and_mail_settings(compose):
    services = compose["services"]
    worker = services["worker"]
    assert "db_worker" in worker["command"]
    assert worker["environment"] == services["web"]["environment"]
    assert worker["environment"]["TASK_BACKEND"] == "database"
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_task_queue_is_the_database_in_production_and_immediate_in_development():
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    development = manage("shell", "-c", code, DEBUG="true")
    production = manage("shell", "-c", code, **PRODUCTION_ENV)
    assert development.stdout.strip().endswith("ImmediateBackend")
    assert production.stdout.strip().endswith("DatabaseBackend")
    refused = manage("check", TASK_BACKEND="celery")
    assert "TASK_BACKEND must be immediate or database" in refused.stderr
