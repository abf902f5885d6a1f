import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import User

IN_CI = os.environ.get("CI") == "true"


def pytest_sessionstart(session):
    engine = settings.DATABASES["default"]["ENGINE"]
    if IN_CI and "postgresql" not in engine:
        pytest.exit(f"CI must test on PostgreSQL, but the database engine is {engine}.", 2)


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: the Postgres and browser suites must really run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(f"CI fails: {len(skipped)} test(s) were skipped.", red=True)
        session.exitstatus = 1


@pytest.fixture
def bank(db):
    """The real question bank, loaded from the committed fixture."""
    call_command("loaddata", "bank", verbosity=0)


@pytest.fixture
def student(db):
    return User.objects.create_user("student", "student@example.com", "correct-horse-battery")


@pytest.fixture
def moderator(db):
    user = User.objects.create_user("moderator", "mod@example.com", "correct-horse-battery")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def outsider(db):
    return User.objects.create_user("outsider", "outsider@example.com", "correct-horse-battery")


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client
