"""An attempt's responses are serialised by hand (thirty on every start and reload): exactly as
ModelSerializer would from the same fields."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from rest_framework import serializers

from exams.api.serializers import ResponseSerializer
from exams.selectors import attempt_for_taking
from exams.services import start_exam
from tests.factories import make_exam, make_question, make_true_false

pytestmark = pytest.mark.django_db


def test_each_response_reads_as_model_serializer_would_make_it(student):
    make_question(text="What is dropout?", answer="Randomly zeroing units.")
    make_true_false(text="Is ReLU linear?", correct=False)
    attempt = start_exam(exam=make_exam(question_count=2), user=student, now=timezone.now())
    answered = attempt.responses.get(position=1)
    answered.text, answered.choice_ids, answered.flagged = "Zeroing *units*.", [3, 1], True
    answered.revision = 7
    answered.saved_at = datetime(2026, 12, 1, 9, 30, 15, 123456, tzinfo=UTC)
    answered.save()

    serializer = ResponseSerializer()
    responses = attempt_for_taking(attempt, now=timezone.now()).responses
    by_hand = [serializer.to_representation(response) for response in responses]
    generic = [
        serializers.ModelSerializer.to_representation(serializer, response)
        for response in responses
    ]
    assert by_hand == generic
    assert [list(shown) for shown in by_hand] == [ResponseSerializer.Meta.fields] * 2
    assert by_hand[0]["saved_at"] == "2026-12-01T09:30:15.123456Z"
    assert by_hand[1]["saved_at"] is None
