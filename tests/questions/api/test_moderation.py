"""Moderating through the API: the queue, approving, rejecting, conflicts and the log."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from questions.models import Answer, Choice, ModerationLogEntry
from questions.services.contributions import (
    ModerationError,
    NotAModerator,
    approve_contribution,
    reject_contribution,
)
from tests.factories import (
    make_answer,
    make_choice_question,
    make_contribution,
    make_question,
    make_topic,
)
from tests.problems import field_errors, problem


def approve(client, contribution, **data):
    return client.post(reverse("api:approve", args=[contribution.pk]), data, format="json")


def reject(client, contribution, **data):
    return client.post(reverse("api:reject", args=[contribution.pk]), data, format="json")


def published(client, question) -> list[str]:
    answers = client.get(reverse("api:question", args=[question.pk])).json()["answers"]
    return [answer["body"] for answer in answers]


def test_the_queue_lists_pending_contributions_oldest_first_with_their_context(
    moderator_api, student, outsider
):
    question = make_question(text="What is dropout?")
    current = make_answer(question=question, body="It drops units.")
    first = make_contribution(question=question, author=student, body="Better.", replaces=current)
    second = make_contribution(question=question, author=outsider, body="Another.")
    make_answer(question=question, status=Answer.Status.REJECTED, author=student)

    results = moderator_api.get(reverse("api:moderation-queue")).json()["results"]

    assert [item["id"] for item in results] == [first.pk, second.pk]
    assert results[0]["author"] == "student"
    assert results[0]["question"]["text"] == "What is dropout?"
    assert results[0]["replaces"]["body"] == "It drops units."
    assert results[1]["replaces"] is None


def test_approving_publishes_the_answer_on_the_site_and_in_the_api_at_once(
    moderator_api, anonymous_api, client, student
):
    question = make_question()
    contribution = make_contribution(question=question, author=student, body="The chain rule.")
    response = approve(moderator_api, contribution)
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["decided_by"] == "moderator"
    assert published(anonymous_api, question) == ["The chain rule."]
    assert "The chain rule." in client.get(question.get_absolute_url()).content.decode()
    assert moderator_api.get(reverse("api:moderation-queue")).json()["count"] == 0


def test_a_moderator_may_edit_the_body_while_approving(moderator_api, anonymous_api, student):
    question = make_question()
    contribution = make_contribution(question=question, author=student, body="Chain rule")
    response = approve(moderator_api, contribution, body="The **chain rule**.")
    assert response.json()["body_html"] == "<p>The <strong>chain rule</strong>.</p>"
    assert published(anonymous_api, question) == ["The **chain rule**."]


def test_an_approved_improvement_replaces_the_answer_which_stays_in_the_history(
    moderator_api, anonymous_api, student
):
    question = make_question()
    old = make_answer(question=question, body="Old answer.")
    improvement = make_contribution(
        question=question, author=student, body="New answer.", replaces=old
    )
    approve(moderator_api, improvement)
    old.refresh_from_db()
    assert published(anonymous_api, question) == ["New answer."]
    assert old.status == Answer.Status.APPROVED and old.superseded_by == improvement


def test_an_approved_key_marks_the_choices_and_publishes_the_explanation(
    moderator_api, anonymous_api, student
):
    question = make_choice_question(choices=["Adam", "SGD", "RMSprop"])
    adam, sgd, rmsprop = question.choices.all()
    Choice.objects.filter(pk=sgd.pk).update(is_correct=True)
    key = make_contribution(question=question, author=student, body="Adam, because…", key=[adam])

    approve(moderator_api, key)

    shown = anonymous_api.get(reverse("api:question", args=[question.pk])).json()
    assert [(c["text"], c["is_correct"]) for c in shown["choices"]] == [
        ("Adam", True),
        ("SGD", False),
        ("RMSprop", False),
    ]
    assert [answer["body"] for answer in shown["answers"]] == ["Adam, because…"]


def test_rejecting_needs_a_reason(moderator_api, student):
    contribution = make_contribution(question=make_question(), author=student)
    response = reject(moderator_api, contribution, reason="  ")
    assert field_errors(response) == {"reason": ["This field may not be blank."]}
    contribution.refresh_from_db()
    assert contribution.status == Answer.Status.PENDING


def test_a_rejected_contribution_stays_hidden_and_its_author_reads_the_reason(
    moderator_api, student_api, anonymous_api, student
):
    question = make_question()
    contribution = make_contribution(question=question, author=student, body="Wrong.")
    response = reject(moderator_api, contribution, reason="The notes say otherwise.")
    assert response.status_code == 200
    assert published(anonymous_api, question) == []
    mine = student_api.get(reverse("api:contributions")).json()["results"]
    assert (mine[0]["status"], mine[0]["reason"]) == ("rejected", "The notes say otherwise.")


@pytest.mark.parametrize("second", [approve, reject])
def test_deciding_a_decided_contribution_is_a_409_with_its_current_state(
    moderator_api, student, second
):
    contribution = make_contribution(question=make_question(), author=student, body="Yes.")
    approve(moderator_api, contribution)
    response = second(moderator_api, contribution, reason="Too late.")
    body = problem(response, 409)
    assert body["detail"] == "This contribution was already approved."
    assert body["contribution"]["status"] == "approved"
    assert body["contribution"]["id"] == contribution.pk
    assert body["contribution"]["decided_by"] == "moderator"
    assert ModerationLogEntry.objects.count() == 1


def test_an_improvement_whose_answer_was_replaced_meanwhile_is_a_409(moderator_api, student):
    question = make_question()
    old = make_answer(question=question, body="Old.")
    first = make_contribution(question=question, author=student, body="First.", replaces=old)
    second = make_contribution(question=question, author=student, body="Second.", replaces=old)
    approve(moderator_api, first)
    response = approve(moderator_api, second)
    assert "no longer the published answer" in problem(response, 409)["detail"]
    second.refresh_from_db()
    assert second.status == Answer.Status.PENDING


def test_deciding_an_unknown_contribution_is_a_404(moderator_api):
    response = moderator_api.post(reverse("api:approve", args=[987654]), {}, format="json")
    assert response.status_code == 404


def test_every_decision_is_logged_with_who_what_when_why_before_and_after(moderator, student):
    question = make_choice_question(choices=["A", "B"])
    a, b = question.choices.all()
    key = make_contribution(question=question, author=student, body="A.", key=[a])
    wrong = make_contribution(question=question, author=student, body="B.", key=[b])
    when = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)

    approve_contribution(contribution=key, moderator=moderator, body="A, since…", now=when)
    reject_contribution(contribution=wrong, moderator=moderator, reason="No.", now=when)

    rejected, approved = ModerationLogEntry.objects.all()
    assert (approved.answer, approved.moderator, approved.action) == (key, moderator, "approve")
    assert approved.before == {"status": "pending", "body": "A.", "key": [], "replaces": None}
    assert approved.after == {
        "status": "approved",
        "body": "A, since…",
        "key": [a.pk],
        "replaces": None,
    }
    assert (rejected.answer, rejected.action, rejected.reason) == (wrong, "reject", "No.")
    assert rejected.after["status"] == "rejected" and rejected.after["key"] == [a.pk]
    key.refresh_from_db()
    assert key.decided_at == when and key.decided_by == moderator


def test_moderators_read_the_log_newest_first(moderator_api, student):
    question = make_question()
    first = make_contribution(question=question, author=student)
    second = make_contribution(question=question, author=student)
    approve(moderator_api, first)
    reject(moderator_api, second, reason="Duplicate.")
    entries = moderator_api.get(reverse("api:moderation-log")).json()["results"]
    assert [(e["answer"], e["action"], e["reason"]) for e in entries] == [
        (second.pk, "reject", "Duplicate."),
        (first.pk, "approve", ""),
    ]
    assert entries[0]["moderator"] == "moderator"
    assert entries[0]["question"] == question.pk
    assert entries[0]["before"]["status"] == "pending"


def test_only_moderators_may_decide_even_when_calling_the_service(student, outsider):
    contribution = make_contribution(question=make_question(), author=outsider)
    with pytest.raises(NotAModerator):
        approve_contribution(contribution=contribution, moderator=student)
    with pytest.raises(NotAModerator):
        reject_contribution(contribution=contribution, moderator=student, reason="No.")


def test_a_superuser_counts_as_a_moderator(admin_api, admin_user, student):
    contribution = make_contribution(question=make_question(), author=student)
    assert approve(admin_api, contribution).status_code == 200
    with pytest.raises(ModerationError):
        approve_contribution(contribution=contribution, moderator=admin_user)


# Nobody decides their own contribution.


@pytest.mark.parametrize("decide", [approve, reject])
def test_deciding_ones_own_contribution_is_a_403_that_says_why(moderator_api, moderator, decide):
    own = make_contribution(question=make_question(), author=moderator)
    response = decide(moderator_api, own, reason="Mine.")
    assert problem(response, 403)["detail"] == (
        "This is your own contribution: another moderator must decide it."
    )
    own.refresh_from_db()
    assert own.status == Answer.Status.PENDING
    assert not ModerationLogEntry.objects.exists()


def test_the_queue_marks_ones_own_contributions_and_lists_them_last(
    moderator_api, moderator, student
):
    question = make_question()
    own = make_contribution(question=question, author=moderator)
    theirs = make_contribution(question=question, author=student)
    results = moderator_api.get(reverse("api:moderation-queue")).json()["results"]
    assert [(item["id"], item["is_own"]) for item in results] == [
        (theirs.pk, False),
        (own.pk, True),
    ]


# Queue filters and skipping.


def test_the_queue_filters_by_kind_and_topic(moderator_api, student):
    cnn, rnn = make_topic(slug="cnn"), make_topic(slug="rnn")
    question = make_question(topics=[cnn])
    current = make_answer(question=question, body="Current.")
    improvement = make_contribution(question=question, author=student, replaces=current)
    new_answer = make_contribution(question=question, author=student)
    choices = make_choice_question(choices=["A", "B"], topics=[rnn])
    key = make_contribution(question=choices, author=student, key=[choices.choices.first()])

    def listed(**filters):
        results = moderator_api.get(reverse("api:moderation-queue"), filters).json()["results"]
        return [(item["id"], item["kind"]) for item in results]

    assert listed(kind="improvement") == [(improvement.pk, "improvement")]
    assert listed(kind="answer") == [(new_answer.pk, "answer")]
    assert listed(kind="key") == [(key.pk, "key")]
    assert listed(topic="rnn") == [(key.pk, "key")]
    assert listed(topic="cnn", kind="answer") == [(new_answer.pk, "answer")]


@pytest.mark.parametrize("filters", [{"kind": "essay"}, {"topic": "nope"}, {"topic": "a\x00"}])
def test_an_unknown_queue_filter_is_a_400(moderator_api, filters):
    response = moderator_api.get(reverse("api:moderation-queue"), filters)
    assert list(field_errors(response)) == list(filters)


def test_a_skipped_contribution_moves_to_the_end_of_that_moderators_queue(moderator_api, student):
    question = make_question()
    first, second = (make_contribution(question=question, author=student) for _ in range(2))
    response = moderator_api.post(reverse("api:skip", args=[first.pk]))
    assert response.status_code == 200 and response.json()["id"] == first.pk
    results = moderator_api.get(reverse("api:moderation-queue")).json()["results"]
    assert [item["id"] for item in results] == [second.pk, first.pk]
    assert results[0]["skipped_at"] is None and results[1]["skipped_at"] is not None


def test_skipping_a_decided_contribution_is_a_409(moderator_api, student, admin_user):
    contribution = make_contribution(question=make_question(), author=student)
    approve_contribution(contribution=contribution, moderator=admin_user)
    response = moderator_api.post(reverse("api:skip", args=[contribution.pk]))
    assert problem(response, 409)["contribution"]["status"] == "approved"


def test_students_cannot_skip(student_api, outsider):
    contribution = make_contribution(question=make_question(), author=outsider)
    assert student_api.post(reverse("api:skip", args=[contribution.pk])).status_code == 403


# Ready-made reasons.


def test_a_rejection_may_give_a_preset_reason(moderator_api, student):
    contribution = make_contribution(question=make_question(), author=student)
    response = reject(moderator_api, contribution, preset="off-topic")
    assert response.status_code == 200
    assert response.json()["reason"] == "Off-topic: it does not answer this question."


def test_a_rejection_needs_a_reason_or_a_preset(moderator_api, student):
    contribution = make_contribution(question=make_question(), author=student)
    response = reject(moderator_api, contribution)
    assert field_errors(response) == {
        "reason": ["Give a reason, or a preset: the author will read it."]
    }
    assert reject(moderator_api, contribution, preset="rude").status_code == 400


# The log: what was decided, filterable.


def test_the_log_shows_the_changes_of_an_improvement(moderator_api, student):
    question = make_question()
    current = make_answer(question=question, body="Two nets.")
    improvement = make_contribution(
        question=question, author=student, body="Two neural nets.", replaces=current
    )
    approve(moderator_api, improvement)
    [entry] = moderator_api.get(reverse("api:moderation-log")).json()["results"]
    assert entry["kind"] == "improvement" and entry["author"] == "student"
    assert entry["replaces"] == current.pk
    assert entry["changes_html"] == "Two <ins>neural </ins>nets."
    assert entry["body_html"] == "<p>Two neural nets.</p>"


def test_the_log_filters_by_moderator_action_and_question(moderator_api, admin_api, student):
    first, second = make_question(), make_question()
    approve(moderator_api, make_contribution(question=first, author=student))
    reject(moderator_api, make_contribution(question=second, author=student), reason="No.")
    approve(admin_api, make_contribution(question=second, author=student))

    def listed(**filters):
        response = moderator_api.get(reverse("api:moderation-log"), filters)
        return sorted(
            (e["moderator"], e["action"], e["question"]) for e in response.json()["results"]
        )

    assert listed(moderator="admin") == [("admin", "approve", second.pk)]
    assert listed(action="reject") == [("moderator", "reject", second.pk)]
    assert listed(question=first.pk) == [("moderator", "approve", first.pk)]
    assert listed(moderator="moderator", question=second.pk) == [("moderator", "reject", second.pk)]


@pytest.mark.parametrize(
    "filters", [{"action": "delete"}, {"question": "abc"}, {"question": "1.5"}, {"question": "0"}]
)
def test_a_malformed_log_filter_is_a_400(moderator_api, filters):
    response = moderator_api.get(reverse("api:moderation-log"), filters)
    assert list(field_errors(response)) == list(filters)
