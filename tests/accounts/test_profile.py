"""The profile page: attempts summary, contributions, and API tokens (create, see once, revoke)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ApiToken
from accounts.tokens import authenticate, create_token, hash_key
from exams.models import Attempt
from questions.models import Answer
from tests.factories import make_contribution, make_question

PROFILE = reverse("accounts:profile")


def create_token_on_the_page(client, name="laptop"):
    response = client.post(reverse("accounts:token-create"), {"name": name})
    assert response.status_code == 200
    return response, response.context["new_key"]


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", PROFILE),
        ("post", reverse("accounts:token-create")),
        ("post", reverse("accounts:token-revoke", args=[1])),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, db, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


def test_the_nav_links_the_username_to_the_profile(student_client):
    body = student_client.get(reverse("home")).content.decode()
    assert f'<a class="nav-user" href="{PROFILE}">student</a>' in body


def test_a_new_user_sees_empty_sections_that_say_what_to_do(student_client):
    body = student_client.get(PROFILE).content.decode()
    assert "No attempt yet" in body
    assert "You have not proposed an answer yet" in body
    assert "You have no API token" in body


def test_the_attempts_summary_counts_attempts_and_averages_finished_scores(
    student_client, student, outsider, make_attempt
):
    make_attempt(student, points=(1.0, 1.0))
    make_attempt(student, points=(1.0, 0.0))
    make_attempt(student, points=(0.0, 0.0), status=Attempt.Status.IN_PROGRESS)
    make_attempt(outsider, points=(0.0, 0.0))
    body = student_client.get(PROFILE).content.decode()
    assert "3 attempts, 2 finished." in body
    assert "Average score: 75%." in body
    assert f'href="{reverse("exams:history")}"' in body


def test_contributions_show_status_reason_and_question_link(student_client, student, outsider):
    question = make_question(text="Why does batch normalization help?")
    make_contribution(question=question, author=student, body="Pending one.")
    rejected = make_contribution(question=question, author=student, body="Rejected one.")
    rejected.status = Answer.Status.REJECTED
    rejected.reason = "Confuses it with dropout."
    rejected.save()
    make_contribution(question=question, author=outsider, body="Someone else's.")
    body = student_client.get(PROFILE).content.decode()
    assert "2 proposed answers." in body
    assert "Pending review" in body and "Rejected" in body
    assert "Moderator’s reason: Confuses it with dropout." in body
    assert f'href="{question.get_absolute_url()}"' in body
    assert "Why does batch normalization help?" in body


def test_only_the_newest_twenty_contributions_are_listed_with_the_total(student_client, student):
    question = make_question()
    for n in range(23):
        make_contribution(question=question, author=student, body=f"Proposal {n}.")
    response = student_client.get(PROFILE)
    assert len(response.context["contributions"]) == 20
    assert "23 proposed answers; the 20 newest are shown." in response.content.decode()


def test_tokens_are_listed_by_name_and_prefix_never_by_key(student_client, student, outsider):
    token, key = create_token(user=student, name="my laptop")
    create_token(user=outsider, name="outsider's CI")
    body = student_client.get(PROFILE).content.decode()
    assert "my laptop" in body and f"{token.prefix}…" in body and "Never" in body
    assert key not in body
    assert "outsider's CI" not in body


def test_a_created_tokens_key_is_shown_once_and_then_never_again(student_client, student):
    response, key = create_token_on_the_page(student_client, name="CI")
    body = response.content.decode()
    assert "Copy its key now: it will not be shown again." in body and key in body
    assert "no-store" in response["Cache-Control"]
    assert key not in student_client.get(PROFILE).content.decode()
    assert key not in str(dict(student_client.session))
    token = ApiToken.objects.get(user=student, name="CI")
    assert token.key_hash == hash_key(key) and token.prefix == key[:8]


def test_a_key_created_on_the_page_authenticates_as_its_owner(student_client, student):
    _, key = create_token_on_the_page(student_client)
    assert authenticate(key).user == student


def test_a_token_needs_a_name(student_client):
    response = student_client.post(reverse("accounts:token-create"), {"name": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "new_key" not in response.context
    assert not ApiToken.objects.exists()


def test_a_revoked_key_stops_authenticating(student_client, student):
    token, key = create_token(user=student, name="old laptop")
    response = student_client.post(reverse("accounts:token-revoke", args=[token.pk]), follow=True)
    assert response.redirect_chain == [(PROFILE, 302)]
    assert "The token “old laptop” was revoked" in response.content.decode()
    assert authenticate(key) is None


def test_revoking_someone_elses_token_is_a_404_and_leaves_it_working(student_client, outsider):
    theirs, key = create_token(user=outsider, name="theirs")
    response = student_client.post(reverse("accounts:token-revoke", args=[theirs.pk]))
    assert response.status_code == 404
    assert authenticate(key).user == outsider


def test_revoking_takes_a_post_not_a_link(student_client, student):
    token, key = create_token(user=student, name="laptop")
    response = student_client.get(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 405
    assert authenticate(key) is not None


def test_profile_query_count_does_not_grow_with_attempts_contributions_or_tokens(
    client, student, make_attempt
):
    question = make_question()

    def add(count):
        for _ in range(count):
            make_attempt(student)
            make_contribution(question=question, author=student)
            create_token(user=student, name="token")

    def query_count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PROFILE).status_code == 200
        return len(captured)

    client.force_login(student)
    add(1)
    few = query_count()
    add(29)
    assert query_count() == few
    # The page's own five (attempts summary, contribution count, contributions, their proposed
    # choices, tokens) and what every page costs (session, user, navigation).
    assert few <= 10
