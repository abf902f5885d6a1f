"""Practice's listeners to the other apps' signals (connected in PracticeConfig.ready)."""

from .services import schedule_exam_marks


def schedule_marked_responses(sender, *, user, marks, answered_at, **kwargs):
    """exams.signals.responses_marked: the marked answers schedule their cards."""
    schedule_exam_marks(user=user, marks=marks, answered_at=answered_at)
