"""Schemathesis fuzzes the practice endpoints from the OpenAPI schema, on a live server on
127.0.0.1: no server error, only documented responses (see tests/questions/api/test_schema_fuzz)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tokens import create_token
from tests.practice.conftest import make_card
from tests.questions.api.test_schema_fuzz import (  # noqa: F401 (unthrottled is a fixture)
    assert_every_selected_operation_passed,
    schemathesis,
    unthrottled,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("unthrottled")]


def test_fuzzed_practice_requests_get_no_server_error_and_only_documented_responses(
    live_server, student, outsider, deck, tmp_path
):
    make_card(student, deck["cnn"][0], due=timezone.now() - timedelta(hours=1))
    make_card(outsider, deck["cnn"][1])
    _, key = create_token(user=student, name="fuzzing")
    # One worker: with two, Hypothesis' ast.parse in threads hits a CPython 3.11 bug here
    # ("AST constructor recursion depth mismatch"); the last --workers given wins.
    run = schemathesis(live_server, key, tmp_path, "--include-tag", "practice", "--workers", "1")
    assert_every_selected_operation_passed(run, operations=7)
