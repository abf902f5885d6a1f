"""The per-user API limit counts signed-in users; anonymous requests count against the per-address
limit alone."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import make_topic


@pytest.fixture
def rates(settings):
    def set_rates(**overrides):
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**current, **overrides},
        }

    return set_rates


def test_anonymous_requests_are_limited_by_the_anonymous_rate_only(rates, db):
    make_topic(slug="cnn")
    rates(user="1/minute", anon="3/minute")
    api = APIClient()
    statuses = [api.get(reverse("api:topics")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_signed_in_user_is_limited_by_the_user_rate(rates, student):
    make_topic(slug="cnn")
    rates(user="2/minute", anon="1/minute")
    api = APIClient()
    api.force_authenticate(student)
    statuses = [api.get(reverse("api:topics")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
