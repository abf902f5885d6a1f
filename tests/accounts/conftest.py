from datetime import timedelta

import pytest
from django.utils import timezone

from exams.models import Attempt, Response
from tests.factories import make_exam, make_question


@pytest.fixture
def make_attempt(db):
    """An attempt of ``user`` whose questions scored ``points``; finished unless told otherwise."""
    exam = make_exam()
    questions = [make_question() for _ in range(2)]

    def make_attempt(user, points=(1.0, 0.0), status=Attempt.Status.SUBMITTED) -> Attempt:
        now = timezone.now()
        attempt = Attempt.objects.create(
            user=user,
            exam=exam,
            status=status,
            started_at=now,
            deadline=now + timedelta(minutes=30),
            finished_at=None if status == Attempt.Status.IN_PROGRESS else now,
        )
        Response.objects.bulk_create(
            Response(attempt=attempt, question=question, position=position, points=value)
            for position, (question, value) in enumerate(zip(questions, points, strict=True), 1)
        )
        return attempt

    return make_attempt
