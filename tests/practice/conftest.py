from datetime import timedelta

import pytest
from django.utils import timezone

from practice.models import Card
from tests.factories import make_question, make_source, make_topic

T0 = timezone.make_aware(timezone.datetime(2026, 11, 24, 9, 0))


def make_card(user, question=None, *, due=T0, **fields) -> Card:
    """A card already reviewed once (state Review), due at ``due``."""
    question = question or make_question(answer="An answer.")
    fields.setdefault("state", Card.State.REVIEW)
    fields.setdefault("stability", 3.0)
    fields.setdefault("difficulty", 5.0)
    fields.setdefault("last_review", due - timedelta(days=3))
    return Card.objects.create(user=user, question=question, due=due, **fields)


@pytest.fixture
def deck(db):
    """Two topics in one source, three answered questions each, and one unanswered question."""
    source = make_source(slug="notes", name="Notes")
    cnn, rnn = make_topic(slug="cnn", name="CNN"), make_topic(slug="rnn", name="RNN")
    questions = {
        "cnn": [
            make_question(source=source, topics=[cnn], text=f"CNN {n}?", answer=f"CNN answer {n}.")
            for n in range(3)
        ],
        "rnn": [
            make_question(source=source, topics=[rnn], text=f"RNN {n}?", answer=f"RNN answer {n}.")
            for n in range(3)
        ],
        "unanswered": [make_question(source=source, topics=[cnn], text="No answer yet?")],
    }
    return questions
