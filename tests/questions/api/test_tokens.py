"""API tokens: issued for a username and password, named, shown once, stored hashed, revocable."""

from datetime import timedelta

from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ApiToken, User
from accounts.tokens import authenticate, create_token, hash_key
from tests.problems import field_errors, problem

from .conftest import token_client


def with_key(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def request_token(client, username="student", password="correct-horse-battery", **extra):
    return client.post(
        reverse("api:token"), {"username": username, "password": password, **extra}, format="json"
    )


def test_a_username_and_password_get_a_token_that_signs_requests_in(anonymous_api, student):
    response = request_token(anonymous_api, name="my laptop")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "my laptop" and body["prefix"] == body["token"][:8]
    mine = with_key(body["token"]).get(reverse("api:contributions"))
    assert mine.status_code == 200


def test_a_wrong_password_is_a_400_and_issues_nothing(anonymous_api, student):
    response = request_token(anonymous_api, password="wrong")
    assert field_errors(response) == {None: ["Unable to sign in with that username and password."]}
    assert not ApiToken.objects.exists()


def test_token_requests_for_one_username_are_throttled_per_address(
    anonymous_api, student, outsider, settings
):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "token_requests": "3/minute"},
    }
    statuses = [request_token(anonymous_api, password="guess").status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    # Even the right password waits: guessing must not be able to go on.
    assert request_token(anonymous_api).status_code == 429
    other_address = APIClient(REMOTE_ADDR="192.0.2.7")
    assert request_token(other_address).status_code == 201
    # Someone else behind the same address is not held up by these guesses.
    assert request_token(anonymous_api, username="outsider").status_code == 201


def test_a_class_of_200_behind_one_address_all_get_their_tokens(anonymous_api, db):
    for n in range(200):
        User.objects.create_user(f"student{n}", password="correct-horse-battery")
    statuses = {
        request_token(anonymous_api, username=f"student{n}").status_code for n in range(200)
    }
    assert statuses == {201}
    assert ApiToken.objects.count() == 200


def test_a_user_creates_named_tokens_and_sees_each_key_only_once(student_api):
    created = student_api.post(reverse("api:tokens"), {"name": "CI"}, format="json")
    assert created.status_code == 201
    key = created.json()["token"]
    listed = student_api.get(reverse("api:tokens")).json()
    assert [token["name"] for token in listed] == ["tests", "CI"]
    assert all("token" not in token for token in listed)
    assert key not in str(listed)
    assert with_key(key).get(reverse("api:tokens")).status_code == 200


def test_a_token_needs_a_name(student_api):
    response = student_api.post(reverse("api:tokens"), {"name": ""}, format="json")
    assert field_errors(response) == {"name": ["This field may not be blank."]}


def test_only_the_hash_of_a_key_is_stored(student):
    token, key = create_token(user=student, name="laptop")
    token.refresh_from_db()
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert len(key) >= 40


def test_a_revoked_token_stops_working_at_once(student_api, student):
    token, key = create_token(user=student, name="old laptop")
    client = with_key(key)
    assert client.get(reverse("api:contributions")).status_code == 200
    response = student_api.delete(reverse("api:token-detail", args=[token.pk]))
    assert response.status_code == 204
    refused = client.get(reverse("api:contributions"))
    assert problem(refused, 401)["detail"] == "Invalid or revoked token."


def test_revoking_someone_elses_token_is_a_404_and_leaves_it(student_api, outsider):
    theirs, _ = create_token(user=outsider, name="theirs")
    response = student_api.delete(reverse("api:token-detail", args=[theirs.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_an_unknown_token_is_a_401_even_where_reading_is_open(db):
    response = with_key("not-a-real-key").get(reverse("api:questions"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_malformed_token_header_is_a_401_that_explains(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token two keys")
    response = client.get(reverse("api:questions"))
    assert response.status_code == 401
    assert "one key" in response.json()["detail"]


def test_a_deactivated_users_tokens_stop_working(student):
    token, key = create_token(user=student, name="laptop")
    student.is_active = False
    student.save()
    assert authenticate(key) is None
    assert with_key(key).get(reverse("api:contributions")).status_code == 401


def test_a_token_records_when_it_was_last_used_to_the_minute(student):
    token, key = create_token(user=student, name="laptop")
    first = authenticate(key).last_used_at
    assert authenticate(key, now=first + timedelta(seconds=30)).last_used_at == first
    later = first + timedelta(minutes=2)
    assert authenticate(key, now=later).last_used_at == later
    token.refresh_from_db()
    assert token.last_used_at == later


def test_tokens_are_listed_only_to_their_owner(outsider, student):
    create_token(user=student, name="student's")
    listed = token_client(outsider).get(reverse("api:tokens")).json()
    assert [token["name"] for token in listed] == ["tests"]


def test_responses_that_show_a_new_key_may_not_be_stored_by_any_cache(anonymous_api, student):
    issued = request_token(anonymous_api)
    created = token_client(student).post(reverse("api:tokens"), {"name": "CI"}, format="json")
    for response in (issued, created):
        assert response.status_code == 201
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
