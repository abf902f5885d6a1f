"""Proposing answers and moderating them on the site, with the same rules as the API."""

import pytest
from django.test import Client
from django.urls import reverse

from questions.models import Answer, ModerationLogEntry, Question
from questions.services.contributions import approve_contribution
from tests.factories import make_answer, make_choice_question, make_question, make_true_false

HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)>'
    "[link](javascript:alert(1)) $\\href{javascript:alert(1)}{x}$"
)


@pytest.fixture
def question(db):
    return make_question(text="What is a GAN?")


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def student_client(student):
    client = Client()
    client.force_login(student)
    return client


def propose(client, question, **data):
    return client.post(question.get_absolute_url(), data)


def test_anonymous_visitors_are_invited_to_log_in_instead_of_a_form(client, question):
    body = client.get(question.get_absolute_url()).content.decode()
    assert "to propose an answer" in body and 'name="body"' not in body
    response = propose(client, question, body="Sneaky")
    assert response.status_code == 200 and not Answer.objects.exists()


def test_a_student_proposes_an_answer_that_waits_for_review(student_client, student, question):
    response = propose(student_client, question, body="Two networks: $G$ and $D$.")
    assert response.status_code == 302
    contribution = Answer.objects.get()
    assert (contribution.status, contribution.author) == ("pending", student)
    page = student_client.get(question.get_absolute_url()).content.decode()
    assert "Two networks" not in page
    assert (
        "Two networks" in student_client.get(reverse("questions:my-contributions")).content.decode()
    )


def test_an_empty_proposal_shows_an_error_and_keeps_nothing(student_client, question):
    response = propose(student_client, question, body="   ")
    assert response.status_code == 200
    assert (
        "This field is required" in response.content.decode()
        or "empty" in response.content.decode()
    )
    assert not Answer.objects.exists()


def test_a_rejected_improvement_keeps_the_typed_text_on_the_page(student_client, question):
    answer = make_answer(question=question, body="Old answer.")
    Answer.objects.filter(pk=answer.pk).update(status="rejected")
    response = propose(student_client, question, body="My careful text", replaces=answer.pk)
    body = response.content.decode()
    assert "no longer published" in body and "My careful text" in body
    assert not Answer.objects.filter(author__isnull=False).exists()


def test_a_key_proposal_for_a_true_false_question_needs_a_choice(student_client, db):
    question = make_true_false(text="True or false: ReLU is linear?")
    response = propose(student_client, question, body="Because it bends at 0.")
    assert "Name the correct choice" in response.content.decode()
    false = question.choices.get(text="False")
    propose(student_client, question, body="Because it bends at 0.", choices=[false.pk])
    assert list(Answer.objects.get().proposed_choices.all()) == [false]


def test_proposals_are_throttled_per_user(student_client, question, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "contributions": "2/hour",
        },
    }
    for n in range(2):
        assert propose(student_client, question, body=f"Answer {n}").status_code == 302
    response = propose(student_client, question, body="One too many")
    assert "try again in" in response.content.decode()
    assert Answer.objects.count() == 2


def test_the_queue_is_for_moderators_only(client, student_client, moderator_client, question):
    assert client.get(reverse("questions:moderation")).status_code == 302
    assert student_client.get(reverse("questions:moderation")).status_code == 403
    assert moderator_client.get(reverse("questions:moderation")).status_code == 200
    assert student_client.get(reverse("questions:moderation-log")).status_code == 403


def test_students_cannot_decide(student_client, student, question):
    contribution = Answer.objects.create(question=question, author=student, body="Mine")
    url = reverse("questions:decide", args=[contribution.pk])
    assert student_client.post(url, {"action": "approve"}).status_code == 403
    contribution.refresh_from_db()
    assert contribution.status == "pending"


def test_queue_shows_improvements_beside_the_current_answer_with_changes(
    moderator_client, student, question
):
    current = make_answer(question=question, body="A generator and a critic.")
    Answer.objects.create(
        question=question, author=student, body="A generator and a discriminator.", replaces=current
    )
    body = moderator_client.get(reverse("questions:moderation")).content.decode()
    assert "Current answer" in body and "Improvement" in body
    assert "<del>critic.</del>" in body and "<ins>discriminator.</ins>" in body
    assert 'class="count-badge" aria-label="1 waiting">1<' in body


def test_approving_publishes_the_answer_on_the_question_page(
    moderator_client, student, question, client
):
    contribution = Answer.objects.create(question=question, author=student, body="Two nets.")
    moderator_client.post(
        reverse("questions:decide", args=[contribution.pk]), {"action": "approve"}
    )
    assert "Two nets." in client.get(question.get_absolute_url()).content.decode()
    assert ModerationLogEntry.objects.get().action == "approve"


def test_edit_then_approve_publishes_the_edited_text(moderator_client, student, question, client):
    contribution = Answer.objects.create(question=question, author=student, body="Two nets")
    moderator_client.post(
        reverse("questions:decide", args=[contribution.pk]),
        {"action": "approve", "body": "Two networks trained against each other."},
    )
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Two networks trained against each other." in page


def test_rejecting_needs_a_reason_and_the_author_reads_it(
    moderator_client, student_client, student, question
):
    contribution = Answer.objects.create(question=question, author=student, body="Wrong.")
    url = reverse("questions:decide", args=[contribution.pk])
    page = moderator_client.post(url, {"action": "reject", "reason": ""}, follow=True)
    assert "Give a reason" in page.content.decode()
    moderator_client.post(url, {"action": "reject", "reason": "Cite the paper."})
    mine = student_client.get(reverse("questions:my-contributions")).content.decode()
    assert "Rejected" in mine and "Cite the paper." in mine


def test_deciding_what_someone_else_decided_shows_a_clear_message(
    moderator_client, moderator, student, question
):
    contribution = Answer.objects.create(question=question, author=student, body="Fine.")
    approve_contribution(contribution=contribution, moderator=moderator)
    url = reverse("questions:decide", args=[contribution.pk])
    page = moderator_client.post(url, {"action": "reject", "reason": "No"}, follow=True)
    assert page.status_code == 200
    assert "already approved" in page.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == "approved"


def test_hostile_contributions_are_inert_in_the_queue_and_on_the_page(
    moderator_client, client, moderator, student, question
):
    contribution = Answer.objects.create(question=question, author=student, body=HOSTILE)
    queue = moderator_client.get(reverse("questions:moderation")).content.decode()
    approve_contribution(contribution=contribution, moderator=moderator)
    page = client.get(question.get_absolute_url()).content.decode()
    for html in (queue, page):
        assert "<script>alert" not in html
        assert "<img" not in html
        assert 'href="javascript' not in html


def test_moderation_log_lists_decisions(moderator_client, moderator, student, question):
    contribution = Answer.objects.create(question=question, author=student, body="Fine.")
    approve_contribution(contribution=contribution, moderator=moderator)
    body = moderator_client.get(reverse("questions:moderation-log")).content.decode()
    assert "Approved" in body and "moderator" in body


@pytest.mark.parametrize("n", [1, 8])
def test_queue_query_count_is_flat(moderator_client, student, django_assert_num_queries, n):
    for i in range(n):
        question = make_question(text=f"Question {i}?", answer=f"Current {i}")
        current = question.answers.get()
        Answer.objects.create(
            question=question, author=student, body=f"Better {i}", replaces=current
        )
    # session, user, perms (2), count, page, proposed choices, question choices, counts by kind
    # and by topic, pending badge
    with django_assert_num_queries(11):
        assert moderator_client.get(reverse("questions:moderation")).status_code == 200


def test_a_proposed_key_changes_no_choice_until_a_moderator_approves_it(student_client):
    question = make_choice_question(
        kind=Question.Kind.TRUE_FALSE, text="Is ReLU linear?", choices=("True", "False")
    )
    false = question.choices.get(text="False")
    propose(student_client, question, body="It is piecewise linear.", choices=[false.pk])
    proposal = Answer.objects.get(question=question, status=Answer.Status.PENDING)
    assert list(proposal.proposed_choices.all()) == [false]
    assert list(question.choices.values_list("text", "is_correct")) == [
        ("True", None),
        ("False", None),
    ]


@pytest.mark.parametrize("n", [1, 8])
def test_moderation_log_page_query_count_is_flat(
    moderator_client, moderator, student, django_assert_num_queries, n
):
    for i in range(n):
        contribution = Answer.objects.create(
            question=make_question(text=f"Question {i}?"), author=student, body=f"Answer {i}"
        )
        approve_contribution(contribution=contribution, moderator=moderator)
    # session, user, perms (2), moderators for the filter, count, page of entries with
    # moderators, answers and questions, proposed keys, pending badge
    with django_assert_num_queries(9):
        response = moderator_client.get(reverse("questions:moderation-log"))
    assert response.status_code == 200
    assert [entry.answer.body for entry in response.context["page"].object_list] == [
        f"Answer {i}" for i in reversed(range(n))
    ]
