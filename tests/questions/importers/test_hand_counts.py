"""Each parser finds exactly the questions and answers counted by hand in its document."""

import pytest

from questions.importers.sources import SEED_DOCUMENTS
from tests.questions.hand_counts import HAND_COUNTS

from .documents import read_document


@pytest.mark.parametrize("document", SEED_DOCUMENTS, ids=lambda document: document.slug)
def test_parser_finds_every_hand_counted_question_and_answer(document):
    questions = document.parser.parse(read_document(document.filename))
    total, answered = HAND_COUNTS[document.slug]
    assert len(questions) == total
    assert sum(1 for q in questions if q.answer) == answered
    assert [q.position for q in questions] == list(range(1, total + 1))
