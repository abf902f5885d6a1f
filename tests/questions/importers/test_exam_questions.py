"""The exam-questions parser against the real document (no database)."""

import re

from questions.importers.common import Kind

from .documents import by_text, read_document

DOCUMENT = "exam-questions.txt"


def test_first_and_last_questions(questions):
    assert questions[0].text == "What is artificial intelligence?"
    assert questions[0].answer.startswith("A branch of computer science")
    assert questions[-1].text == "How can you stabilize the training of a generative model?"
    assert questions[-1].answer == ""


def test_intro_paragraph_is_not_a_question(questions):
    for question in questions:
        for noise in ("Pull requests", "questions.md", "Telecom Strasbourg", "Nwoye"):
            assert noise not in question.text
            assert noise not in question.answer


def test_every_question_has_text_and_is_a_plain_open_question(questions):
    for question in questions:
        assert question.text.strip()
        assert question.kind == Kind.OPEN
        assert question.choices == []
        assert question.section == ""
        assert not question.needs_figure


def test_no_stray_dash_is_left_in_questions_or_answers(questions):
    for question in questions:
        assert not question.text.startswith("-")
        assert not question.text.endswith("-")
        assert not question.answer.endswith(" -")
        assert "\n-\n" not in f"\n{question.answer}\n"


def test_question_whose_dash_ended_the_previous_answer_line(questions):
    # "...$\text{SiLU}(x) = \frac{x}{1 + e^{-x}}$ -" then the question on the next line.
    formulas = by_text(
        questions, "Write the mathematical formula of at least 10 activation functions."
    )
    assert formulas.answer.endswith(r"$\text{SiLU}(x) = \frac{x}{1 + e^{-x}}$")
    following = questions[formulas.position]  # position is 1-based: this is the next question
    assert following.text == (
        "Mention at least 3 activation functions that scale the values of their inputs "
        "between 0 and 1?"
    )
    assert following.answer == "sigmoid step gaussian"


def test_question_whose_dash_ended_a_display_formula(questions):
    mse = by_text(questions, "What is the mathematical formula for MSE?")
    assert mse.answer == r"$$\text{MSE} = \frac{1}{n} \sum_{i=1}^{n} (\hat{y}_i - y_i)^2$$"
    huber = questions[mse.position]
    assert huber.text == "What is the mathematical formula for Huber loss?"
    assert huber.answer.startswith(r"$$\text{HuberLoss} = ")


def test_imperative_question_without_question_mark_is_kept(questions):
    formulas = by_text(
        questions, "Write the mathematical formula of at least 10 activation functions."
    )
    assert formulas.answer.startswith("Binary step:\n\n$f(x) = \\begin{cases}")


def test_answer_bullets_are_not_questions(questions):
    activations = by_text(
        questions,
        "Mention at least 10 activation functions used in neural network and their major "
        "properties?",
    )
    assert activations.answer == "- step\n- sigmoid\n- relu\n- tanh\n- silu"
    attention = by_text(questions, "List and explain the different attention operations?")
    assert attention.answer.splitlines()[0] == "- dot-product"
    assert attention.answer.splitlines()[-1] == "- global"
    texts = {q.text for q in questions}
    for item in ("step", "relu", "cropping", "dot-product", "global", "cross-attention"):
        assert item not in texts


def test_lone_dash_answer_items_become_a_list_after_a_blank_line(questions):
    minimum = by_text(questions, "How can you get your model out of a local minimum?")
    lines = minimum.answer.splitlines()
    assert lines[:3] == [
        "We can:",
        "",
        "- use momentum in our gradient descent, i.e. the "
        "direction of previous gradients in order to skip the shallow minimum and "
        "to continue the search (think of momentum as you usually imagine it in "
        "fast moving physical objects).",
    ]
    assert lines[3:] == [
        "- use advanced optimizers (AdaGrad, RMSProp, Adam) that use adaptive learning rate and "
        "momentum",
        "- introduce stochasticity to gradient descent in order to explore random points",
    ]
    following = questions[minimum.position]
    assert following.text == (
        "How can you compute a gradient of a function over a computational graph?"
    )


def test_prose_lines_become_separate_paragraphs(questions):
    loop = by_text(questions, "Outline the training loop?")
    assert loop.answer == (
        "Forward pass\n\nLoss computation\n\nBackward propagation\n\nParameters update"
    )


def test_unanswered_questions_have_an_empty_answer(questions):
    for text in (
        "How is activation function useful in the training of a neural network?",
        "Give 4 importance of using a deep learning framework?",
        "Name 3 non-RNN temporal models?",
        "What is the complementary model needed to train a GAN?",
    ):
        assert by_text(questions, text).answer == ""


def test_softmax_and_cross_entropy_formulas_survive_byte_exact(questions):
    answer = by_text(
        questions,
        "What is the difference between binary cross-entropy and categorical cross-entropy?",
    ).answer
    assert r"$$\text{softmax}(s) = \frac{e^{s_i}}{\sum_{j=1}^{C} e^{s_j}} $$" in answer
    assert r"$$\text{CategoricalCE} = {-\sum_{i}^{C} t_i \log(softmax(s)_i)} $$" in answer
    assert (
        r"$$\text{BinaryCE} = - \sum_{i=1}^{C' = 2} t_i \log(sigmoid(s)_i) = -t_1 "
        r"\log(sigmoid(s_1)) - (1 - t_1) \log(1 - sigmoid(s_1)) $$"
    ) in answer


def test_every_formula_in_the_document_survives_byte_exact(questions):
    source = read_document(DOCUMENT)
    answers = "\n".join(q.answer for q in questions)
    formulas = re.findall(r"\$\$.+?\$\$|\$[^$]+\$", source)
    assert len(formulas) == 12  # counted by hand: 6 inline, 6 display
    for formula in formulas:
        assert formula in answers
