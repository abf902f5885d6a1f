"""Two moderators deciding the same contribution at the same moment: exactly one decision wins.

Each moderator runs in a thread with its own database connection, and both start together at a
barrier; the row lock (select_for_update) makes the second wait for the first and then see that
the contribution is no longer pending.
"""

import threading

import pytest
from django.db import connection

from accounts.models import User
from questions.models import Answer, ModerationLogEntry
from questions.services.contributions import (
    ModerationError,
    approve_contribution,
    reject_contribution,
)
from tests.factories import make_contribution, make_question

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5
DECISIONS = {
    "approve": lambda contribution, moderator: approve_contribution(
        contribution=contribution, moderator=moderator
    ),
    "reject": lambda contribution, moderator: reject_contribution(
        contribution=contribution, moderator=moderator, reason="Not what the notes say."
    ),
}


@pytest.fixture
def second_moderator(moderators_group):
    user = User.objects.create_user("moderator2", "mod2@example.com", "correct-horse-battery")
    user.groups.add(moderators_group)
    return user


def decide_together(contribution, decisions) -> list:
    """Run each (action, moderator) in its own thread and connection, all released at once;
    return what each returned or raised."""
    barrier = threading.Barrier(len(decisions))
    outcomes: list = [None] * len(decisions)

    def run(index, action, moderator):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = DECISIONS[action](contribution, moderator)
        except Exception as error:  # any failure is reported by the assertions
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, action, moderator))
        for index, (action, moderator) in enumerate(decisions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize(
    ("first", "second"), [("approve", "approve"), ("approve", "reject"), ("reject", "reject")]
)
def test_when_two_moderators_decide_at_once_exactly_one_decision_wins(
    moderators_group, moderator, second_moderator, student, first, second
):
    for _ in range(ROUNDS):
        contribution = make_contribution(question=make_question(), author=student)

        outcomes = decide_together(contribution, [(first, moderator), (second, second_moderator)])

        wins = [outcome for outcome in outcomes if isinstance(outcome, Answer)]
        refusals = [outcome for outcome in outcomes if isinstance(outcome, ModerationError)]
        assert len(wins) == 1 and len(refusals) == 1, outcomes
        contribution.refresh_from_db()
        assert contribution.status == wins[0].status
        assert contribution.decided_by == wins[0].decided_by
        assert refusals[0].data["contribution"]["status"] == contribution.status
        assert refusals[0].data["contribution"]["decided_by"] == wins[0].decided_by.username
        assert ModerationLogEntry.objects.filter(answer=contribution).count() == 1
