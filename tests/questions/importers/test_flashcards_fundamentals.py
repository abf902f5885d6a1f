"""The flashcards-fundamentals parser against the real document (no database)."""

from questions.importers.common import Kind

from .documents import by_text, read_document

DOCUMENT = "flashcards-fundamentals.txt"


RATING_NOISE = ("How well did you know this?", "Not at all", "Perfectly")


def test_first_and_last_questions(questions):
    assert questions[0].text == "What is deep learning?"
    assert questions[0].answer.startswith("“Deep learning is a subset of machine learning")
    assert (
        questions[-1].text == "What is the relationship between a loss function and an optimizer?"
    )
    assert questions[-1].answer.endswith("- Feet = loss functions")


def test_deck_title_is_not_a_question(questions):
    for question in questions:
        assert "Flashcards" not in question.text
        assert "Flashcards" not in question.answer


def test_rating_widget_never_appears_in_questions_or_answers(questions):
    for question in questions:
        for noise in RATING_NOISE:
            assert noise not in question.text
            assert noise not in question.answer
        assert question.answer.strip() not in {"1", "2", "3", "4", "5"}
        assert question.text.strip() not in {"1", "2", "3", "4", "5", "Q", "A"}


def test_card_without_answer_keeps_its_question_with_empty_answer(questions):
    card = by_text(questions, "Can you explain what hidden layers are in a DL architecture?")
    assert card.answer == ""
    assert card.position == 2


def test_empty_last_card_is_skipped(questions):
    # The source ends with card 22: "22", "Q", "A" and no text at all.
    assert read_document(DOCUMENT).rstrip().endswith("22\nQ\nA")
    assert all(q.text.strip() for q in questions)
    assert questions[-1].position == 21


def test_answer_sentence_with_question_mark_stays_in_the_answer(questions):
    card = by_text(
        questions, "What problem does deep learning solve that is found in traditional ML?"
    )
    assert "how would a machine know that its a cat?”" in card.answer
    assert not any("how would a machine know" in q.text for q in questions)


def test_bulleted_answer_becomes_a_markdown_list(questions):
    card = by_text(
        questions,
        "What are the main challenges in deploying large-scale deep learning models in a "
        "production environment, and how would you address them?",
    )
    assert "•" not in card.answer
    assert card.answer.startswith("- Model size and latency:")
    assert card.answer.count("\n- ") == 4


def test_numbered_steps_become_an_ordered_list(questions):
    card = by_text(
        questions,
        "Can you summarize how a deep learning models learning algorithm learns under the hood?",
    )
    lines = card.answer.splitlines()
    assert lines[0].startswith("1. The neural network initializes parameters")
    assert lines[-1].startswith("6. Last step is continue")


def test_labelled_lines_after_an_intro_become_a_list_after_a_blank_line(questions):
    card = by_text(questions, "What is deep learning?")
    assert "include:\n\n- Feature learning:" in card.answer
    # The closing "Simple answer" line is its own paragraph, not a sixth list item.
    assert card.answer.endswith(
        "\n\nSimple answer: deep learning is a ML technique that learns features and tasks "
        "directly from data"
    )
    assert card.answer.count("\n- ") == 5


def test_every_card_is_an_open_question(questions):
    assert {q.kind for q in questions} == {Kind.OPEN}
