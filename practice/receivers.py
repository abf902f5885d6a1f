"""Practice's listeners to the other apps' signals (connected in PracticeConfig.ready)."""

from .services import schedule_exam_mark


def schedule_marked_response(sender, *, response, user, question, rating, answered_at, **kwargs):
    """exams.signals.response_marked: the marked answer schedules the card (see the service)."""
    schedule_exam_mark(
        response=response, user=user, question=question, rating=rating, answered_at=answered_at
    )
