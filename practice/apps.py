from django.apps import AppConfig


class PracticeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        # Exams announce marked answers; practice listens. Exams never import practice.
        from exams.signals import responses_marked

        from .receivers import schedule_marked_responses

        responses_marked.connect(schedule_marked_responses, dispatch_uid="practice-exam-marks")
