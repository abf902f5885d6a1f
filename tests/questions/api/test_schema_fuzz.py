"""Schemathesis fuzzes the API from our own OpenAPI schema, on a live server on 127.0.0.1.

Every operation of this API (the exam endpoints are fuzzed with their own tests) gets valid and
invalid requests, sent with a moderator's token so that no permission hides the code behind it,
and again with a student's (all but the moderation endpoints, which only refuse students).
No response may be a server error, and each must be one the schema documents, in its shape.
"""

import re
import subprocess
import sys

import pytest

from accounts.tokens import create_token
from tests.factories import (
    make_answer,
    make_choice_question,
    make_contribution,
    make_question,
    make_source,
    make_topic,
)

# The fuzzer sends concurrent requests to the live server: SQLite cannot take concurrent
# writers ("database table is locked"), so this needs PostgreSQL.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FUZZED_TAGS = ["bank", "contributions", "moderation", "auth", "exams"]
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
]
# Revoking a token is fuzzed in a run of its own, so it cannot revoke the token the others use.
REVOKE = "v1_auth_tokens_destroy"
SEED = 20261124
MAX_EXAMPLES = 25


@pytest.fixture
def unthrottled(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(rates),
    }


@pytest.fixture
def some_content(student, outsider):
    """A little of everything, so generated ids sometimes name real rows."""
    source, topic = make_source(slug="exam"), make_topic(slug="cnn")
    open_question = make_question(source=source, topics=[topic], answer="An answer.")
    choice_question = make_choice_question(source=source, choices=["Yes", "No"])
    make_answer(question=choice_question, body="Yes, because…")
    for author in (student, outsider):
        make_contribution(question=open_question, author=author)
        make_contribution(
            question=choice_question, author=author, key=[choice_question.choices.first()]
        )


def schemathesis(live_server, key: str, tmp_path, *operation_filter: str):
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        # The live server listens on localhost's IPv4 address; name it so the traffic stays there.
        f"{live_server.url.replace('://localhost:', '://127.0.0.1:')}/api/schema/",
        "--header",
        f"Authorization: Token {key}",
        "--checks",
        ",".join(CHECKS),
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "2",
        "--request-timeout",
        "20",
        *operation_filter,
    ]
    # The temporary directory keeps Hypothesis' example database out of the work tree.
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("persona", ["student", "moderator"])
def test_fuzzed_requests_get_no_server_error_and_only_documented_responses(
    live_server, moderators_group, moderator, some_content, unthrottled, tmp_path, persona, request
):
    token, key = create_token(user=request.getfixturevalue(persona), name="fuzzing")

    # A student gets only 403s from the moderation endpoints (test_permissions.py checks them).
    fuzzed = [tag for tag in FUZZED_TAGS if persona == "moderator" or tag != "moderation"]
    tags = [option for tag in fuzzed for option in ("--include-tag", tag)]
    everything = schemathesis(live_server, key, tmp_path, *tags, "--exclude-operation-id", REVOKE)
    assert_every_selected_operation_passed(everything)
    # The token worked throughout, so the fuzzing reached past authentication.
    assert "Authentication failed" not in everything.stdout, everything.stdout[-5000:]
    token.refresh_from_db()
    assert token.last_used_at is not None

    revoking = schemathesis(live_server, key, tmp_path, "--include-operation-id", REVOKE)
    assert_every_selected_operation_passed(revoking, operations=1)


def assert_every_selected_operation_passed(run, operations: int | None = None):
    report = run.stdout[-20000:] + run.stderr[-3000:]
    assert run.returncode == 0, report
    selected = int(re.search(r"Selected: (\d+)/", run.stdout).group(1))
    assert f"Tested: {selected}" in run.stdout, report
    assert operations is None or selected == operations, report
    assert re.search(r"(\d+) generated, \1 passed", run.stdout), report
