"""Notifications: a contributor is told of each decision on their contributions.

Every page shows the unread count in the navigation, so it is kept on the user's row (read with
the user, no query of its own): raised by one when a notification is written, and counted again
from the notifications themselves when some are read, so it cannot drift.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import F

from accounts.models import User
from questions.models import Answer, Notification
from questions.tasks import send_decision_email


def notify_author(*, contribution: Answer, action: str, now: datetime) -> Notification | None:
    """Tell the author of a just-decided contribution, in the decision's transaction. With the
    database task backend the queued email is a row of that transaction too, so it exists
    exactly when the decision does."""
    if contribution.author_id is None:
        return None
    notification = Notification.objects.create(
        user_id=contribution.author_id, answer=contribution, action=action, created_at=now
    )
    User.objects.filter(pk=contribution.author_id).update(
        unread_notifications=F("unread_notifications") + 1
    )
    send_decision_email.enqueue(notification_id=notification.pk)
    return notification


@transaction.atomic
def mark_read(*, user: User, notification_ids: Iterable[int], now: datetime) -> int:
    """Mark these notifications of ``user`` read; return (and set on ``user``) the unread count."""
    Notification.objects.filter(user=user, pk__in=list(notification_ids), read_at=None).update(
        read_at=now
    )
    unread = Notification.objects.filter(user=user).unread().count()
    User.objects.filter(pk=user.pk).update(unread_notifications=unread)
    user.unread_notifications = unread
    return unread
