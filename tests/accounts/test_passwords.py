"""Password change for a signed-in user, and password reset by email."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from quizsite import settings as site_settings
from tests.test_deployment import PRODUCTION_ENV, manage

NEW_PASSWORD = "a-brand-new-passphrase"


def reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)


def ask_for_a_reset(client, email="student@example.com"):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_password_change_needs_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_a_user_changes_their_password_and_stays_logged_in(student_client, student):
    response = student_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("accounts:password_change_done"), 302)]
    assert "Your password was changed" in response.content.decode()
    assert response.context["user"] == student
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)


def test_a_wrong_old_password_changes_nothing(student_client, student):
    response = student_client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    student.refresh_from_db()
    assert student.check_password("correct-horse-battery")


def test_the_login_page_links_to_password_reset(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in body


def test_a_reset_email_carries_a_link_that_sets_a_new_password(client, student):
    response = ask_for_a_reset(client)
    assert response.url == reverse("accounts:password_reset_done")
    [message] = mail.outbox
    assert message.to == ["student@example.com"]
    assert message.subject == "Reset your Quizsite password"
    # The link redirects once to a URL that no longer holds the token, then shows the form.
    form_page = client.get(reset_link(message), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("accounts:password_reset_complete")
    student.refresh_from_db()
    assert student.check_password(NEW_PASSWORD)


def test_a_reset_link_works_only_once(client, student):
    ask_for_a_reset(client)
    link = reset_link(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_the_reset_page_does_not_reveal_whether_an_address_has_an_account(client, student):
    known = ask_for_a_reset(client, "student@example.com")
    unknown = ask_for_a_reset(client, "nobody@example.com")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1
    body = client.get(unknown.url).content.decode()
    assert "If an account uses that address" in body


def test_an_inactive_account_gets_no_reset_email(client, student):
    student.is_active = False
    student.save()
    ask_for_a_reset(client)
    assert mail.outbox == []


def test_password_forms_carry_a_csrf_token(student_client):
    for name in ["accounts:password_change", "accounts:password_reset"]:
        assert "csrfmiddlewaretoken" in student_client.get(reverse(name)).content.decode()


def test_outgoing_mail_goes_to_the_console_in_development_and_smtp_in_production():
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    development = manage("shell", "-c", code, DEBUG="true")
    production = manage("shell", "-c", code, **PRODUCTION_ENV, EMAIL_HOST="smtp.example.com")
    assert development.stdout.strip().endswith("console.EmailBackend")
    assert production.stdout.strip().endswith("smtp.EmailBackend")


def test_one_address_gets_at_most_three_reset_emails_an_hour_whoever_asks(client, student):
    pages = [ask_for_a_reset(client, email).url for email in ["student@example.com"] * 3]
    pages.append(ask_for_a_reset(Client(REMOTE_ADDR="203.0.113.9"), "Student@Example.com").url)
    assert len(mail.outbox) == 3
    # The page answers the same, so it tells nobody that mail was held back.
    assert pages == [reverse("accounts:password_reset_done")] * 4


# The worker closes connections between tasks, which a test inside a transaction cannot have.
@pytest.mark.django_db(transaction=True)
def test_the_reset_email_is_sent_by_the_task_worker_not_the_request(client, student, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ask_for_a_reset(client)
    assert mail.outbox == []
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "accounts.tasks.send_password_reset_email"
    assert "token" not in json.dumps(queued.args_kwargs)  # the link is made by the worker
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    [message] = mail.outbox
    form_page = client.get(reset_link(message), follow=True)
    assert "Choose a new password" in form_page.content.decode()


def test_passwords_are_stored_with_argon2id_and_older_hashes_are_upgraded_at_sign_in(
    client, db, settings
):
    settings.PASSWORD_HASHERS = site_settings.PASSWORD_HASHERS  # not the suite's fast MD5
    assert User.objects.create_user("new", password=NEW_PASSWORD).password.startswith(
        "argon2$argon2id$"
    )
    pbkdf2 = PBKDF2PasswordHasher()
    older = User.objects.create_user("older")
    older.password = pbkdf2.encode(NEW_PASSWORD, pbkdf2.salt(), iterations=1000)
    older.save()
    response = client.post(
        reverse("accounts:login"), {"username": "older", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    older.refresh_from_db()
    assert older.password.startswith("argon2$argon2id$")
