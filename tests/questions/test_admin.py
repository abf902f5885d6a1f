"""Every model in the admin, usable by staff, and contributed Markdown inert there too."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from exams.services import start_exam
from questions.models import Answer, ModerationLogEntry, Question
from questions.services.contributions import reject_contribution
from tests.factories import make_exam, make_question


@pytest.mark.parametrize(
    "model",
    [
        m
        for app in ("questions", "exams", "accounts")
        for m in apps.get_app_config(app).get_models()
    ],
)
def test_every_model_of_ours_is_in_the_admin(model):
    assert admin.site.is_registered(model)


@pytest.fixture
def rows(student):
    question = make_question(text="What is a GAN?", answer="Two networks.")
    Answer.objects.create(
        question=question, author=student, body="<script>alert('admin')</script> proposal"
    )
    start_exam(exam=make_exam(question_count=1), user=student, now=timezone.now())


@pytest.mark.parametrize(
    "name",
    ["questions_source", "questions_topic", "questions_question", "questions_choice",
     "questions_answer", "questions_moderationlogentry", "questions_deletedquestion",
     "exams_exam", "exams_attempt",
     "exams_response", "accounts_user", "accounts_apitoken"],
)  # fmt: skip
def test_admin_lists_and_searches_load_for_staff(admin_client, rows, name):
    url = reverse(f"admin:{name}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "GAN"}).status_code == 200


def test_contributed_script_is_escaped_in_the_admin(admin_client, rows):
    contribution = Answer.objects.get(author__isnull=False)
    for url in (
        reverse("admin:questions_answer_changelist"),
        reverse("admin:questions_answer_change", args=[contribution.pk]),
    ):
        body = admin_client.get(url).content.decode()
        assert "<script>alert('admin')</script>" not in body
        assert "&lt;script&gt;" in body


def test_the_moderation_log_cannot_be_added_to_edited_or_deleted_in_the_admin(
    admin_client, moderator, student
):
    question = make_question(text="What is a GAN?")
    contribution = Answer.objects.create(question=question, author=student, body="Two nets.")
    reject_contribution(contribution=contribution, moderator=moderator, reason="Too short.")
    entry = ModerationLogEntry.objects.get()

    assert admin_client.get(reverse("admin:questions_moderationlogentry_add")).status_code == 403
    change = reverse("admin:questions_moderationlogentry_change", args=[entry.pk])
    page = admin_client.get(change)
    assert page.status_code == 200  # viewable, read-only
    assert 'name="_save"' not in page.content.decode()
    admin_client.post(change, {"action": "approve", "reason": "Forged."})
    delete = reverse("admin:questions_moderationlogentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert (entry.action, entry.reason) == (ModerationLogEntry.Action.REJECT, "Too short.")


def test_an_answer_deleted_in_the_admin_marks_its_question_changed_for_clients(admin_client):
    question = make_question(answer="A wrong answer.")
    long_ago = timezone.now() - timedelta(days=30)
    Question.objects.update(updated_at=long_ago)
    answer = question.answers.get()
    url = reverse("admin:questions_answer_delete", args=[answer.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    question.refresh_from_db()
    assert question.updated_at > long_ago + timedelta(days=29)
