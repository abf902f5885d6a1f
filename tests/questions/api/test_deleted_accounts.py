"""Contributions and decisions outlive the accounts that made them: null where a name was.

Every response here is checked against the schema (tests/conftest.py), so these also pin that
the fields are documented as nullable.
"""

from django.urls import reverse

from questions.services.contributions import approve_contribution
from tests.factories import make_answer, make_contribution, make_question

from .conftest import token_client


def test_the_queue_shows_a_contribution_of_a_deleted_account_credited_to_no_one(
    moderator_api, outsider
):
    make_contribution(question=make_question(), author=outsider, body="From someone gone.")
    outsider.delete()
    queued = moderator_api.get(reverse("api:moderation-queue")).json()["results"]
    assert [(item["author"], item["replaces"]) for item in queued] == [(None, None)]


def test_the_log_and_the_decision_keep_null_for_deleted_moderators_and_authors(
    moderators_group, moderator, outsider, admin_user
):
    question = make_question()
    published = make_answer(question=question, body="Old.")
    improvement = make_contribution(
        question=question, author=outsider, body="New.", replaces=published
    )
    approve_contribution(contribution=improvement, moderator=moderator)
    moderator.delete()
    outsider.delete()

    log = token_client(admin_user).get(reverse("api:moderation-log")).json()["results"]
    assert [(entry["moderator"], entry["after"]["replaces"]) for entry in log] == [
        (None, published.pk)
    ]
    answers = token_client(None).get(reverse("api:question", args=[question.pk])).json()
    assert [(answer["body"], answer["credit"]) for answer in answers["answers"]] == [
        ("New.", "Anonymous")
    ]
