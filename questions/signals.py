"""What follows a change to the bank whatever path it takes (the site, the admin, cascades,
loaddata): timestamps and tombstones for clients that sync, and the bank's order and search index.

Signals rather than services, so that no path forgets. The order and the index are skipped for
raw saves: a fixture's rows arrive in any order, so the loaddata command refreshes them once at
the end instead (see services.bank_index).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Answer, DeletedQuestion, Question, Source, Topic
from .services.bank_index import refresh_bank, refresh_search, renumber_bank


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


@receiver(post_save, sender=Question, dispatch_uid="question-indexed")
def index_question(sender, instance: Question, raw: bool, **kwargs) -> None:
    if not raw:
        refresh_bank([instance.pk])


@receiver(post_delete, sender=Question, dispatch_uid="question-unranked")
def renumber_after_deletion(sender, instance: Question, **kwargs) -> None:
    renumber_bank()


@receiver(post_save, sender=Source, dispatch_uid="source-reordered")
def renumber_after_source_change(sender, instance: Source, raw: bool, **kwargs) -> None:
    if not raw:
        renumber_bank()


@receiver(post_save, sender=Answer, dispatch_uid="answer-indexed")
@receiver(post_delete, sender=Answer, dispatch_uid="answer-unindexed")
def index_answers(sender, instance: Answer, raw: bool = False, **kwargs) -> None:
    if not raw:
        refresh_search([instance.question_id])
