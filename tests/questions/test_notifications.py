"""Contributors hear back: a notification on the site and one email per decision."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from questions.models import Notification
from questions.services.contributions import approve_contribution, reject_contribution
from questions.tasks import send_decision_email
from tests.factories import make_contribution, make_question

NOTIFICATIONS = reverse("questions:notifications")


@pytest.fixture
def contribution(student):
    question = make_question(text="What is a GAN?")
    return make_contribution(question=question, author=student, body="Two networks.")


def unread_badge(client) -> str | None:
    """The navigation's count of unread notifications, if it shows one."""
    page = client.get(reverse("home")).content.decode()
    found = re.search(r'class="count-badge" aria-label="(\d+ unread)"', page)
    return found.group(1) if found else None


def test_a_decision_appears_in_the_navigation_until_the_list_is_seen(
    student_client, student, moderator, contribution
):
    assert unread_badge(student_client) is None
    approve_contribution(contribution=contribution, moderator=moderator)
    assert unread_badge(student_client) == "1 unread"
    second = make_contribution(question=make_question(), author=student)
    reject_contribution(contribution=second, moderator=moderator, reason="Off-topic.")
    assert unread_badge(student_client) == "2 unread"

    page = student_client.get(NOTIFICATIONS).content.decode()
    assert "was approved: it is now published" in page and "was not accepted" in page
    assert page.count(">New</span>") == 2
    assert 'aria-label="2 unread"' not in page  # the list itself shows them as read

    assert unread_badge(student_client) is None
    again = student_client.get(NOTIFICATIONS).content.decode()
    assert "was approved" in again and ">New</span>" not in again
    assert not Notification.objects.filter(read_at=None).exists()


def test_a_rejection_notification_gives_the_reason(student_client, moderator, contribution):
    reject_contribution(contribution=contribution, moderator=moderator, reason="Cite the paper.")
    page = student_client.get(NOTIFICATIONS).content.decode()
    assert "was not accepted" in page and "Cite the paper." in page


def test_notifications_are_the_users_own(outsider, moderator, contribution):
    approve_contribution(contribution=contribution, moderator=moderator)
    client = Client()
    client.force_login(outsider)
    assert "was approved" not in client.get(NOTIFICATIONS).content.decode()
    assert Notification.objects.get().read_at is None


def test_the_author_is_emailed_once_per_decision_with_the_reason(moderator, contribution):
    reject_contribution(contribution=contribution, moderator=moderator, reason="Cite the paper.")
    [message] = mail.outbox
    assert message.to == ["student@example.com"]
    assert message.subject == "Your contribution was not accepted"
    assert "Cite the paper." in message.body
    assert f"http://127.0.0.1:8000{contribution.question.get_absolute_url()}" in message.body
    # The task running again (a retry) sends nothing more.
    send_decision_email.enqueue(notification_id=Notification.objects.get().pk)
    assert len(mail.outbox) == 1


def test_an_approval_email_says_it_is_published(moderator, contribution):
    approve_contribution(contribution=contribution, moderator=moderator)
    [message] = mail.outbox
    assert message.subject == "Your contribution was approved"
    assert "it is now published" in message.body


def test_the_profile_setting_turns_decision_emails_off(
    student_client, student, moderator, contribution
):
    profile = student_client.get(reverse("accounts:profile")).content.decode()
    assert "Email me when a moderator decides one of my contributions" in profile
    student_client.post(reverse("accounts:email-settings"), {})  # the box unticked
    student.refresh_from_db()
    assert student.email_on_decision is False
    approve_contribution(contribution=contribution, moderator=moderator)
    assert mail.outbox == []
    assert Notification.objects.filter(user=student).count() == 1  # still told on the site
    student_client.post(reverse("accounts:email-settings"), {"email_on_decision": "on"})
    student.refresh_from_db()
    assert student.email_on_decision is True


def test_an_author_without_an_address_gets_no_email(student, moderator, contribution):
    student.email = ""
    student.save()
    approve_contribution(contribution=contribution, moderator=moderator)
    assert mail.outbox == []


# The worker closes connections between tasks, which a test inside a transaction cannot have.
@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_worker_sends_the_email_once(settings, moderator, student):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    contribution = make_contribution(question=make_question(), author=student)
    reject_contribution(contribution=contribution, moderator=moderator, reason="Off-topic.")
    assert mail.outbox == []  # not sent by the request
    assert DBTaskResult.objects.get().task_path == "questions.tasks.send_decision_email"
    for _ in range(2):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    [message] = mail.outbox
    assert "Off-topic." in message.body


@pytest.mark.parametrize("n", [1, 15])
def test_the_notifications_page_makes_a_fixed_number_of_queries(
    student_client, student, moderator, django_assert_num_queries, n
):
    for _ in range(n):
        approve_contribution(
            contribution=make_contribution(question=make_question(), author=student),
            moderator=moderator,
        )
    # session, user, count, page (with contribution and question), perms (2); marking them
    # read: savepoint, update, the unread count again and onto the user's row, release
    with django_assert_num_queries(11):
        assert student_client.get(NOTIFICATIONS).status_code == 200
