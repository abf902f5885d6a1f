"""Every model in the admin, usable by staff, and contributed Markdown inert there too."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from questions.models import Answer
from questions.services.exams import start_exam
from tests.factories import make_exam, make_question


@pytest.mark.parametrize("model", list(apps.get_app_config("questions").get_models()))
def test_every_question_model_is_in_the_admin(model):
    assert admin.site.is_registered(model)


@pytest.fixture
def rows(student):
    question = make_question(text="What is a GAN?", answer="Two networks.")
    Answer.objects.create(
        question=question, author=student, body="<script>alert('admin')</script> proposal"
    )
    start_exam(exam=make_exam(question_count=1), user=student, now=timezone.now())


@pytest.mark.parametrize(
    "name", ["source", "topic", "question", "choice", "answer", "exam", "attempt", "response",
             "moderationlogentry"],
)  # fmt: skip
def test_admin_lists_and_searches_load_for_staff(admin_client, rows, name):
    url = reverse(f"admin:questions_{name}_changelist")
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


def test_the_moderation_log_cannot_be_edited_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:questions_moderationlogentry_add")).status_code == 403
