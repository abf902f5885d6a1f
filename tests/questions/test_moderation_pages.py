"""The review queue a moderation team works through: own contributions, filters with counts,
skipping, ready-made reasons; the log of what was decided; a contributor's record."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from questions.models import Answer
from questions.services.contributions import (
    REJECTION_REASONS,
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

QUEUE = reverse("questions:moderation")
LOG = reverse("questions:moderation-log")


@pytest.fixture
def second_moderator(moderators_group):
    user = User.objects.create_user("moderator2", "mod2@example.com", "correct-horse-battery")
    user.groups.add(moderators_group)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queue_ids(client, **filters) -> list[int]:
    page = client.get(QUEUE, filters).content.decode()
    return [int(pk) for pk in re.findall(r'<h2 id="c-(\d+)"', page)]


@pytest.fixture
def kinds(student, outsider):
    """One contribution of each kind, on questions in two topics."""
    cnn, rnn = make_topic(slug="cnn", name="CNNs"), make_topic(slug="rnn", name="RNNs")
    open_question = make_question(text="What is pooling?", topics=[cnn])
    current = make_answer(question=open_question, body="It shrinks maps.")
    choice_question = make_choice_question(choices=["Yes", "No"], topics=[rnn])
    return {
        "answer": make_contribution(question=open_question, author=student, body="A new one."),
        "improvement": make_contribution(
            question=open_question,
            author=outsider,
            body="It shrinks feature maps.",
            replaces=current,
        ),
        "key": make_contribution(
            question=choice_question, author=student, key=[choice_question.choices.first()]
        ),
    }


# Nobody decides their own contribution.


def test_a_moderators_own_contribution_waits_for_another_moderator(moderator):
    own = make_contribution(question=make_question(), author=moderator, body="Mine.")
    client = signed_in(moderator)
    page = client.get(QUEUE).content.decode()
    assert "Yours, waiting for another moderator" in page
    assert reverse("questions:decide", args=[own.pk]) not in page
    refused = client.post(
        reverse("questions:decide", args=[own.pk]), {"action": "approve"}, follow=True
    )
    assert (
        "This is your own contribution: another moderator must decide it."
        in refused.content.decode()
    )
    own.refresh_from_db()
    assert own.status == Answer.Status.PENDING


def test_another_moderator_decides_it(moderator, second_moderator):
    own = make_contribution(question=make_question(), author=moderator, body="Mine.")
    signed_in(second_moderator).post(
        reverse("questions:decide", args=[own.pk]), {"action": "approve"}
    )
    own.refresh_from_db()
    assert (own.status, own.decided_by) == (Answer.Status.APPROVED, second_moderator)


def test_own_contributions_come_after_those_the_moderator_can_decide(moderator, student):
    question = make_question()
    own = make_contribution(question=question, author=moderator)
    theirs = make_contribution(question=question, author=student)
    assert queue_ids(signed_in(moderator)) == [theirs.pk, own.pk]


# Filters and their counts.


def test_the_queue_filters_by_kind(moderator, kinds):
    client = signed_in(moderator)
    for kind, contribution in kinds.items():
        assert queue_ids(client, kind=kind) == [contribution.pk]
    assert queue_ids(client) == [c.pk for c in kinds.values()]


def test_the_queue_filters_by_topic_and_by_both(moderator, kinds):
    client = signed_in(moderator)
    assert queue_ids(client, topic="cnn") == [kinds["answer"].pk, kinds["improvement"].pk]
    assert queue_ids(client, topic="rnn") == [kinds["key"].pk]
    assert queue_ids(client, topic="cnn", kind="key") == []


def test_each_filter_shows_how_many_it_would_list(moderator, kinds):
    page = signed_in(moderator).get(QUEUE, {"topic": "cnn"}).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    # Kinds counted within the chosen topic; topics counted over every kind.
    assert "All (2)" in text and "New answers (1)" in text
    assert "Improvements (1)" in text and "Keys (0)" in text
    assert "CNNs (2)" in text and "RNNs (1)" in text


def test_an_unknown_filter_shows_everything_with_a_note(moderator, kinds):
    response = signed_in(moderator).get(QUEUE, {"kind": "nonsense", "topic": "nope\x00"})
    assert response.status_code == 200
    assert "Unknown filter" in response.content.decode()


# Skipping.


def test_a_skipped_contribution_comes_back_at_the_end_of_that_moderators_queue(
    moderator, second_moderator, student
):
    question = make_question()
    first, second, third = (make_contribution(question=question, author=student) for _ in range(3))
    client = signed_in(moderator)
    client.post(reverse("questions:skip", args=[first.pk]))
    assert queue_ids(client) == [second.pk, third.pk, first.pk]
    client.post(reverse("questions:skip", args=[second.pk]))
    assert queue_ids(client) == [third.pk, first.pk, second.pk]
    page = client.get(QUEUE).content.decode()
    assert "Skipped" in page
    # Another moderator's queue keeps its order.
    assert queue_ids(signed_in(second_moderator)) == [first.pk, second.pk, third.pk]


def test_skipping_keeps_the_filters(moderator, kinds):
    response = signed_in(moderator).post(
        reverse("questions:skip", args=[kinds["key"].pk]), {"kind": "key", "topic": "rnn"}
    )
    assert response.url == f"{QUEUE}?kind=key&topic=rnn"


def test_skipping_a_decided_contribution_says_so(moderator, second_moderator, student):
    contribution = make_contribution(question=make_question(), author=student)
    approve_contribution(contribution=contribution, moderator=second_moderator)
    page = signed_in(moderator).post(reverse("questions:skip", args=[contribution.pk]), follow=True)
    assert "already approved" in page.content.decode()


# Ready-made rejection reasons.


def test_the_reject_form_offers_the_ready_made_reasons(moderator, student):
    make_contribution(question=make_question(), author=student)
    page = signed_in(moderator).get(QUEUE).content.decode()
    for value in ("duplicate", "incorrect", "incomplete", "off-topic", "formatting"):
        assert f'<option value="{value}" data-text="{REJECTION_REASONS[value]}"' in page


def test_a_picked_reason_is_used_as_it_is_or_as_edited(moderator, student):
    as_picked, as_edited = (
        make_contribution(question=make_question(), author=student) for _ in range(2)
    )
    client = signed_in(moderator)
    client.post(
        reverse("questions:decide", args=[as_picked.pk]),
        {"action": "reject", "preset": "duplicate"},
    )
    edited = "Duplicate: see the answer from the study notes."
    client.post(
        reverse("questions:decide", args=[as_edited.pk]),
        {"action": "reject", "preset": "duplicate", "reason": edited},
    )
    as_picked.refresh_from_db()
    as_edited.refresh_from_db()
    assert as_picked.reason == REJECTION_REASONS["duplicate"]
    assert as_edited.reason == edited


# The log: what was decided, filterable.


def test_the_log_shows_the_decided_text_and_the_changes_of_an_improvement(
    moderator, second_moderator, kinds
):
    approve_contribution(contribution=kinds["improvement"], moderator=moderator)
    reject_contribution(contribution=kinds["answer"], moderator=moderator, reason="Too short.")
    approve_contribution(
        contribution=kinds["key"], moderator=second_moderator, body="Yes, because of X."
    )
    page = signed_in(moderator).get(LOG).content.decode()
    assert "<ins>feature </ins>" in page  # the improvement against the answer it replaced
    assert "<p>A new one.</p>" in page and "Too short." in page  # the rejected text, and why
    assert "Approved (edited)" in page and "<del>answer.</del><ins>of X.</ins>" in page


def test_the_log_filters_by_moderator_action_and_question(moderator, second_moderator, kinds):
    approve_contribution(contribution=kinds["improvement"], moderator=moderator)
    reject_contribution(contribution=kinds["answer"], moderator=moderator, reason="Too short.")
    approve_contribution(contribution=kinds["key"], moderator=second_moderator)
    client = signed_in(moderator)

    def listed(**filters) -> int:
        return client.get(LOG, filters).context["page"].paginator.count

    assert listed() == 3
    assert listed(moderator="moderator2") == 1
    assert listed(action="reject") == 1
    assert listed(moderator="moderator", action="approve") == 1
    assert listed(question=kinds["key"].question_id) == 1
    assert listed(question=kinds["answer"].question_id) == 2
    page = client.get(LOG).content.decode()
    assert '<option value="moderator2">moderator2</option>' in page


@pytest.mark.parametrize("question", ["abc", "1.5", "0", "99999999999999999999", "1\x00"])
def test_a_malformed_question_filter_is_a_message_not_a_crash(moderator, question):
    response = signed_in(moderator).get(LOG, {"question": question})
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()


# A contributor's record.


def test_a_contributors_page_shows_their_record(moderator, student):
    question = make_question()
    approved, rejected, _pending = (
        make_contribution(question=question, author=student, body=f"Take {n}.") for n in range(3)
    )
    approve_contribution(contribution=approved, moderator=moderator)
    reject_contribution(contribution=rejected, moderator=moderator, reason="Off-topic.")
    page = signed_in(moderator).get(reverse("questions:contributor", args=["student"]))
    assert page.context["record"] == {"approved": 1, "rejected": 1, "pending": 1}
    body = page.content.decode()
    assert "Take 0." in body and "Off-topic." in body
    queue = signed_in(moderator).get(QUEUE).content.decode()
    assert f'href="{reverse("questions:contributor", args=["student"])}"' in queue


def test_only_moderators_see_a_contributors_page(student_client, outsider):
    url = reverse("questions:contributor", args=["outsider"])
    assert student_client.get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_an_unknown_contributor_is_a_404(moderator):
    client = signed_in(moderator)
    assert client.get(reverse("questions:contributor", args=["nobody"])).status_code == 404
    assert client.get("/moderation/contributors/a%00b/").status_code == 404


# Constant queries, whatever the number of rows.


@pytest.mark.parametrize("n", [1, 12])
def test_the_filtered_queue_makes_a_fixed_number_of_queries(
    moderator, student, django_assert_num_queries, n
):
    topic = make_topic(slug="cnn")
    for i in range(n):
        question = make_question(text=f"Question {i}?", answer=f"Current {i}", topics=[topic])
        contribution = make_contribution(
            question=question, author=student, replaces=question.answers.get()
        )
        if i % 2:
            signed_in(moderator).post(reverse("questions:skip", args=[contribution.pk]))
    client = signed_in(moderator)
    # session, user, perms (2), the topic, count, page, proposed choices, question choices,
    # counts by kind and by topic, pending badge (the unread count comes with the user)
    with django_assert_num_queries(12):
        assert client.get(QUEUE, {"kind": "improvement", "topic": "cnn"}).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_the_filtered_log_makes_a_fixed_number_of_queries(
    moderator, student, django_assert_num_queries, n
):
    for i in range(n):
        question = make_choice_question(choices=["A", "B"])
        make_answer(question=question, body=f"Old {i}")
        replaced = question.answers.get()
        contribution = make_contribution(
            question=question, author=student, replaces=replaced, key=[question.choices.first()]
        )
        approve_contribution(contribution=contribution, moderator=moderator, body=f"New {i}")
    client = signed_in(moderator)
    # session, user, perms (2), moderators for the filter, count, page (with the answer, its
    # author, question and replaced answer), proposed keys, pending badge
    with django_assert_num_queries(9):
        assert client.get(LOG, {"moderator": "moderator", "action": "approve"}).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_a_contributors_page_makes_a_fixed_number_of_queries(
    moderator, student, django_assert_num_queries, n
):
    for _ in range(n):
        make_contribution(question=make_question(), author=student)
    client = signed_in(moderator)
    # session, user, perms (2), the contributor, record, count, page, proposed choices,
    # pending badge
    with django_assert_num_queries(10):
        assert client.get(reverse("questions:contributor", args=["student"])).status_code == 200
