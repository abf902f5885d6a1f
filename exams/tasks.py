"""Work done off the request by the task worker (settings.TASKS)."""

from django.utils import timezone
from django_tasks import task


@task()
def mark_closed_attempt(*, attempt_id: int) -> None:
    """The marking assistant marks the open answers of an attempt that just closed."""
    # Imported here: exams.services enqueues this task.
    from .services import mark_attempt

    mark_attempt(attempt_id, now=timezone.now())
