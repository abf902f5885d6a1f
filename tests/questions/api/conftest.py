"""API clients per persona, each sending a real token."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tokens import create_token


def token_client(user: User | None) -> APIClient:
    """An API client that sends a real token of ``user`` (none for an anonymous client)."""
    client = APIClient()
    if user is not None:
        _, key = create_token(user=user, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def anonymous_api(db):
    return token_client(None)


@pytest.fixture
def student_api(student):
    return token_client(student)


@pytest.fixture
def moderator_api(moderator):
    return token_client(moderator)


@pytest.fixture
def admin_api(admin_user):
    return token_client(admin_user)
