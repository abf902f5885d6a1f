"""Adding the unread count to users counts the notifications they already had (accounts 0004)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_users_start_with_the_count_of_their_unread_notifications():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(
        [
            ("accounts", "0003_user_email_on_decision"),
            ("questions", "0009_merge_search_links_and_moderation"),
        ]
    )
    User = old.get_model("accounts", "User")
    Source = old.get_model("questions", "Source")
    Question = old.get_model("questions", "Question")
    Answer = old.get_model("questions", "Answer")
    Notification = old.get_model("questions", "Notification")
    ada = User.objects.create(username="ada")
    User.objects.create(username="bob")  # no notification: stays at 0
    question = Question.objects.create(
        source=Source.objects.create(slug="notes", name="Notes"), position=1, text="Why?"
    )
    now = timezone.now()
    for read_at in (None, None, now):
        answer = Answer.objects.create(question=question, body="Because.", author=ada)
        Notification.objects.create(
            user=ada, answer=answer, action="approve", created_at=now, read_at=read_at
        )

    migrate(leaves)

    from accounts.models import User as NewUser

    counts = dict(NewUser.objects.values_list("username", "unread_notifications"))
    assert counts == {"ada": 2, "bob": 0}
