"""Who may do what: every endpoint and method against every persona, each cell asserted.

Personas send real tokens. 401 means "sign in" (no credentials), 403 "signed in but not allowed",
405 "this endpoint does not do that" (said only to those allowed to use the endpoint at all).
"""

import pytest
from django.urls import reverse

from accounts.tokens import create_token
from tests.factories import make_contribution, make_question

PERSONAS = ("anonymous", "student", "moderator", "admin")
USER_FIXTURES = {
    "anonymous": None,
    "student": "student",
    "moderator": "moderator",
    "admin": "admin_user",
}
READ_ONLY = (405, 405, 405, 405)
SIGNED_IN = (401, 201, 201, 201)
MODERATORS = (401, 403, 200, 200)

# (method, endpoint): expected status for anonymous, student, moderator, admin.
MATRIX = {
    ("GET", "sources"): (200, 200, 200, 200),
    ("POST", "sources"): READ_ONLY,
    ("GET", "topics"): (200, 200, 200, 200),
    ("POST", "topics"): READ_ONLY,
    ("GET", "questions"): (200, 200, 200, 200),
    ("POST", "questions"): READ_ONLY,
    ("GET", "question"): (200, 200, 200, 200),
    ("PUT", "question"): READ_ONLY,
    ("DELETE", "question"): READ_ONLY,
    ("POST", "contribute"): SIGNED_IN,
    ("GET", "contribute"): (401, 405, 405, 405),
    ("GET", "contributions"): (401, 200, 200, 200),
    ("POST", "contributions"): (401, 405, 405, 405),
    ("GET", "moderation-queue"): MODERATORS,
    ("POST", "moderation-queue"): (401, 403, 405, 405),
    ("POST", "approve"): MODERATORS,
    ("GET", "approve"): (401, 403, 405, 405),
    ("POST", "reject"): MODERATORS,
    ("GET", "reject"): (401, 403, 405, 405),
    ("GET", "moderation-log"): MODERATORS,
    ("DELETE", "moderation-log"): (401, 403, 405, 405),
    ("POST", "token"): (201, 201, 201, 201),
    ("GET", "token"): READ_ONLY,
    ("GET", "tokens"): (401, 200, 200, 200),
    ("POST", "tokens"): SIGNED_IN,
    ("DELETE", "token-detail"): (401, 204, 204, 204),
    ("GET", "token-detail"): (401, 405, 405, 405),
    ("GET", "schema"): (200, 200, 200, 200),
    ("GET", "api-docs"): (200, 200, 200, 200),
}

BODIES = {
    "contribute": {"body": "A proposed answer."},
    "reject": {"reason": "Not what the notes say."},
    "token": {"username": "student", "password": "correct-horse-battery"},
    "tokens": {"name": "laptop"},
}


def cells():
    for (method, endpoint), expected in MATRIX.items():
        for persona, status in zip(PERSONAS, expected, strict=True):
            yield pytest.param(
                method, endpoint, persona, status, id=f"{method} {endpoint} as {persona}"
            )


@pytest.fixture
def personas(request):
    """persona name -> (API client, user)."""

    def get(name):
        user_fixture = USER_FIXTURES[name]
        user = request.getfixturevalue(user_fixture) if user_fixture else None
        return request.getfixturevalue(f"{name}_api"), user

    return get


def url_for(endpoint: str, *, question, contribution, token) -> str:
    if endpoint in {"schema", "api-docs"}:
        return reverse(endpoint)
    args = {
        "question": [question.pk],
        "contribute": [question.pk],
        "approve": [contribution.pk],
        "reject": [contribution.pk],
        "token-detail": [token.pk],
    }.get(endpoint, [])
    return reverse(f"api:{endpoint}", args=args)


@pytest.mark.parametrize(("method", "endpoint", "persona", "expected"), cells())
def test_permission_matrix(personas, outsider, student, method, endpoint, persona, expected):
    client, user = personas(persona)
    question = make_question()
    contribution = make_contribution(question=question, author=outsider)
    # A persona revokes a token of their own; the anonymous client tries the student's.
    token, _ = create_token(user=user or student, name="to revoke")
    url = url_for(endpoint, question=question, contribution=contribution, token=token)

    send = getattr(client, method.lower())
    response = send(url, BODIES.get(endpoint), format="json")

    assert response.status_code == expected
