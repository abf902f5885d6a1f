from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class QuestionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "questions"

    def ready(self) -> None:
        from .caching import bank_changed
        from .models import Answer, Choice, Question, Source, Topic

        # Any change to what the bank shows gives it a new version (see questions/caching.py).
        for model in (Question, Choice, Answer, Source, Topic):
            post_save.connect(bank_changed, sender=model, dispatch_uid=f"bank-{model.__name__}")
            post_delete.connect(bank_changed, sender=model, dispatch_uid=f"bank-{model.__name__}")
        m2m_changed.connect(
            bank_changed, sender=Question.topics.through, dispatch_uid="bank-question-topics"
        )
        m2m_changed.connect(
            bank_changed, sender=Question.related.through, dispatch_uid="bank-related-questions"
        )
        from . import signals  # noqa: F401  (syncing clients' traces; bank order and search)
