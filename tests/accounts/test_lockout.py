"""Password guessing: five wrong passwords lock one username from one address, nothing more."""

from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from tests.accounts.test_passwords import NEW_PASSWORD, reset_link

LOGIN = reverse("accounts:login")
PASSWORD = "correct-horse-battery"
ATTACKER = "198.51.100.7"


def log_in(client, username="student", password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(response) -> bool:
    return response.status_code == 302


def fail_five_times(client, username="student"):
    return [log_in(client, username, "wrong guess").status_code for _ in range(5)]


def test_five_wrong_passwords_lock_that_username_from_that_address(student):
    client = Client(REMOTE_ADDR=ATTACKER)
    assert fail_five_times(client) == [200, 200, 200, 200, 429]
    assert not logged_in(log_in(client))


def test_the_lockout_page_says_when_to_retry(student):
    client = Client(REMOTE_ADDR=ATTACKER)
    fail_five_times(client)
    response = log_in(client)
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    body = response.content.decode()
    assert "Too many failed logins" in body and "Try again in 15 minutes" in body
    assert f'href="{reverse("accounts:password_reset")}"' in body


def test_the_same_username_still_logs_in_from_another_address(student):
    fail_five_times(Client(REMOTE_ADDR=ATTACKER))
    assert logged_in(log_in(Client(REMOTE_ADDR="203.0.113.20")))


def test_another_username_still_logs_in_from_the_locked_address(student, outsider):
    client = Client(REMOTE_ADDR=ATTACKER)
    fail_five_times(client, "student")
    assert logged_in(log_in(client, "outsider"))


def test_four_failures_then_success_start_the_count_again(student):
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(4):
        log_in(client, password="wrong guess")
    assert logged_in(log_in(client))
    client.logout()
    for _ in range(4):
        log_in(client, password="wrong guess")
    assert logged_in(log_in(client))


def test_a_client_cannot_escape_the_lockout_with_a_forwarded_for_header(student):
    fail_five_times(Client(REMOTE_ADDR=ATTACKER))
    spoofed = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert not logged_in(log_in(spoofed))


def test_resetting_the_password_by_email_lifts_the_lockout(student):
    client = Client(REMOTE_ADDR=ATTACKER)
    fail_five_times(client)
    client.post(reverse("accounts:password_reset"), {"email": student.email})
    form_url = client.get(reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert logged_in(log_in(client, password=NEW_PASSWORD))


# The API's token endpoint authenticates through the same backends.


def request_token(client, password=PASSWORD):
    return client.post(
        reverse("api:token"),
        {"username": "student", "password": password, "name": "laptop"},
        format="json",
    )


def test_the_api_token_endpoint_still_issues_tokens(student):
    assert request_token(APIClient(REMOTE_ADDR=ATTACKER)).status_code == 201


def test_guesses_through_the_api_count_towards_the_lockout(student, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "token_requests": "100/minute"},
    }
    api = APIClient(REMOTE_ADDR=ATTACKER)
    guesses = [request_token(api, "wrong guess").status_code for _ in range(5)]
    assert guesses == [400, 400, 400, 400, 429]  # the fifth failure locks
    locked = request_token(api)  # the right password, too late
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.json()["detail"]
    assert int(locked["Retry-After"]) == 15 * 60
    assert not logged_in(log_in(Client(REMOTE_ADDR=ATTACKER)))
    assert User.objects.get(username="student").api_tokens.count() == 0


# Guessing one password across many usernames from one address: a budget per address.


def test_many_usernames_guessed_from_one_address_lock_that_address(student, settings):
    client = Client(REMOTE_ADDR=ATTACKER)
    budget = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    answers = [log_in(client, f"user{n}", "Summer2026!").status_code for n in range(budget)]
    assert answers == [200] * budget
    refused = log_in(client)  # a right password, from the locked address
    assert refused.status_code == 429
    assert "Logging in from your network is paused" in refused.content.decode()
    assert 14 * 60 < int(refused["Retry-After"]) <= 15 * 60
    assert not logged_in(refused)
    # Anyone elsewhere is unaffected.
    assert logged_in(log_in(Client(REMOTE_ADDR="203.0.113.20")))


def test_the_locked_address_cannot_get_api_tokens_either(student, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n in range(3):
        log_in(Client(REMOTE_ADDR=ATTACKER), f"user{n}", "wrong guess")
    locked = request_token(APIClient(REMOTE_ADDR=ATTACKER))
    assert locked.status_code == 429
    assert locked.json()["detail"].startswith("Too many failed sign-ins from this address.")
    assert User.objects.get(username="student").api_tokens.count() == 0


def test_a_class_behind_one_address_logs_in_despite_everyones_typos(db):
    campus = "192.0.2.10"
    for n in range(30):
        User.objects.create_user(f"student{n}", password=PASSWORD)
    for n in range(30):
        client = Client(REMOTE_ADDR=campus)
        assert not logged_in(log_in(client, f"student{n}", "correct-horse-batery"))
        assert logged_in(log_in(client, f"student{n}"))
