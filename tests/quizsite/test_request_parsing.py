"""Bodies built to crash the parsers get a 4xx, on every endpoint that reads a body.

About a thousand nested brackets (2 KB) made Python's json module raise RecursionError, which
DRF's parser did not catch: a 500 on every JSON endpoint, anonymous ones included.
"""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from exams.services import start_exam
from quizsite.api.parsers import MAX_JSON_DEPTH
from tests.factories import make_contribution, make_exam, make_question
from tests.problems import field_errors, problem

NESTED = "[" * 1000 + "]" * 1000


def nested(depth: int) -> str:
    return '{"text": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


@pytest.fixture
def targets(student, moderator, outsider):
    """(client, url, method) for every operation with a request body, ready to reach its parser."""
    question = make_question(answer="An answer.")
    contribution = make_contribution(question=question, author=outsider)
    attempt = start_exam(exam=make_exam(question_count=1), user=student, now=timezone.now())
    anonymous, as_student, as_moderator = APIClient(), APIClient(), APIClient()
    as_student.force_authenticate(student)
    as_moderator.force_authenticate(moderator)
    key = attempt.public_id
    return [
        (anonymous, reverse("api:token"), "post"),
        (as_student, reverse("api:tokens"), "post"),
        (as_student, reverse("api:contribute", args=[question.pk]), "post"),
        (as_student, reverse("api:exam-custom"), "post"),
        (as_student, reverse("api:markdown-preview"), "post"),
        (as_student, reverse("api:attempt-save", args=[key, 1]), "put"),
        (as_moderator, reverse("api:approve", args=[contribution.pk]), "post"),
        (as_moderator, reverse("api:reject", args=[contribution.pk]), "post"),
    ]


def test_deeply_nested_json_is_a_400_on_every_endpoint_with_a_body(targets):
    for client, url, method in targets:
        response = getattr(client, method)(url, NESTED, content_type="application/json")
        assert "nested more than" in problem(response, 400)["detail"], url


def test_nesting_deeper_than_the_limit_is_refused_even_when_python_could_parse_it(student):
    client = APIClient()
    client.force_authenticate(student)
    url = reverse("api:markdown-preview")
    too_deep = client.post(url, nested(MAX_JSON_DEPTH + 1), content_type="application/json")
    assert "nested more than 32 levels" in problem(too_deep, 400)["detail"]
    # Within the limit the body is parsed, and the field itself is refused.
    within = client.post(url, nested(MAX_JSON_DEPTH), content_type="application/json")
    assert field_errors(within) == {"text": ["Not a valid string."]}


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_form_bodies_are_refused_before_any_parsing(student, content_type):
    client = APIClient()
    client.force_authenticate(student)
    url = reverse("api:contribute", args=[make_question().pk])
    body = urlencode({"body": "An answer.", "key" + "[0]" * 500: "1"})
    problem(client.post(url, body, content_type=content_type), 415)
