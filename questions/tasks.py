"""Work done off the request by the task worker (settings.TASKS)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .models import Notification


@task()
def send_decision_email(*, notification_id: int) -> None:
    """Mail a contributor the moderator's decision, with the reason for a rejection.

    Sent at most once per decision, however often the task runs: the notification is marked
    mailed before sending. Nothing is sent to an author without an address, nor to one who turned
    these emails off on their profile (read now, when the mail goes).
    """
    notification = (
        Notification.objects.select_related("user", "answer__question__source")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None:
        return
    user = notification.user
    if not (user.is_active and user.email and user.email_on_decision):
        return
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at=None).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return
    answer = notification.answer
    context = {
        "user": user,
        "notification": notification,
        "answer": answer,
        "question_url": settings.SITE_URL + answer.question.get_absolute_url(),
        "contributions_url": settings.SITE_URL + reverse("questions:my-contributions"),
        "profile_url": settings.SITE_URL + reverse("accounts:profile"),
    }
    subject = render_to_string("questions/decision_email_subject.txt", context)
    body = render_to_string("questions/decision_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
