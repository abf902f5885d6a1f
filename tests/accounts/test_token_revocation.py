"""A new password revokes every API token: a key must not outlive the password behind it."""

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tokens import create_token
from tests.accounts.test_passwords import NEW_PASSWORD, ask_for_a_reset, reset_link


def works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(reverse("api:contributions")).status_code == 200


def test_changing_the_password_revokes_the_tokens_and_the_page_says_so(student_client, student):
    _, key = create_token(user=student, name="laptop")
    assert works(key)
    form = student_client.get(reverse("accounts:password_change")).content.decode()
    assert "Changing it revokes your API tokens" in form
    done = student_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "Your API tokens were revoked" in done.content.decode()
    assert not works(key)
    assert not student.api_tokens.exists()


def test_resetting_the_password_revokes_the_tokens_and_the_page_says_so(client, student):
    _, key = create_token(user=student, name="laptop")
    ask_for_a_reset(client)
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert "Setting it revokes your API tokens" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your API tokens were revoked" in done.content.decode()
    assert not works(key)


def test_a_password_set_from_the_command_line_revokes_the_tokens_too(student, monkeypatch):
    _, key = create_token(user=student, name="laptop")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "student", stdout=StringIO())
    assert not works(key)


def test_saving_the_user_without_a_new_password_keeps_the_tokens(student):
    _, key = create_token(user=student, name="laptop")
    user = User.objects.get(pk=student.pk)
    user.email = "new@example.com"
    user.save()
    assert works(key)
