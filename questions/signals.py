"""Tombstones for deleted questions, so clients that sync can drop their copies.

A signal rather than a service: questions are deleted from the admin and by cascades, and every
one of those paths must leave a trace.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import DeletedQuestion, Question


@receiver(post_delete, sender=Question, dispatch_uid="question-tombstone")
def record_deletion(sender, instance: Question, **kwargs) -> None:
    DeletedQuestion.objects.update_or_create(
        question_id=instance.pk, defaults={"deleted_at": timezone.now()}
    )


@receiver(post_save, sender=Question, dispatch_uid="question-revived")
def forget_deletion(sender, instance: Question, created: bool, **kwargs) -> None:
    # Imported questions keep fixed ids: one loaded again is no longer deleted.
    if created:
        DeletedQuestion.objects.filter(question_id=instance.pk).delete()
