from django.apps import AppConfig


class ExamsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exams"
    verbose_name = "Mock exams"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from .model_answers import connect_signals
        from .models import Exam, links_changed

        connect_signals()
        for links in (Exam.topics, Exam.sources, Exam.questions):
            m2m_changed.connect(
                links_changed, sender=links.through, dispatch_uid=f"exam-links-{links.field.name}"
            )
