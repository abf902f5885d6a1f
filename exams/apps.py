from django.apps import AppConfig


class ExamsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exams"
    verbose_name = "Mock exams"

    def ready(self) -> None:
        from .model_answers import connect_signals

        connect_signals()
