"""What clients that sync rely on, whatever path a change takes: timestamps and tombstones.

Signals rather than services: rows are loaded by ``loaddata`` and deleted from the admin and by
cascades, and every one of those paths must leave a trace.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import DeletedQuestion, Question, Source, Topic


@receiver(pre_save, sender=Question, dispatch_uid="question-loaded")
@receiver(pre_save, sender=Source, dispatch_uid="source-loaded")
@receiver(pre_save, sender=Topic, dispatch_uid="topic-loaded")
def stamp_loaded_row(sender, instance: Question | Source | Topic, raw: bool, **kwargs) -> None:
    # loaddata saves raw, which skips auto_now: a row loaded (the seed bank, or a new import
    # into a live site) changed now as far as clients know, so their next sync fetches it.
    if raw:
        instance.updated_at = timezone.now()


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
