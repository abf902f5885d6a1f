"""The marking assistant on plain strings: guards, key points, formulas, the optional model."""

import importlib.util
import json
import socket
from pathlib import Path

import pytest

from exams import marking
from exams.marking import ModelAnswer, NoModelAnswer, latex_tokens, mark_answer, term_weights

QUESTION = "What is backpropagation?"
MODEL = ModelAnswer(
    "Backpropagation computes the gradient of the loss with respect to every weight by applying "
    "the chain rule backwards through the network, layer by layer."
)
PARAPHRASE = (
    "It uses the chain rule to get the derivative of the loss for each weight, going from the "
    "output layer back through the network."
)
UNRELATED = "Dropout randomly switches off units during training so that they cannot co-adapt."

HAS_MODEL = importlib.util.find_spec("sentence_transformers") is not None
needs_model = pytest.mark.skipif(
    not HAS_MODEL,
    reason="sentence-transformers is not installed (pip install -r requirements-marking.txt)",
)


def key_points_only(**kwargs):
    return mark_answer(question=QUESTION, model_answers=[MODEL], embedder=None, **kwargs)


@pytest.fixture
def not_installed(monkeypatch):
    """The optional model reported as missing, as on an install without requirements-marking."""
    monkeypatch.setattr(marking, "embedding_available", lambda: False)


# Guards ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "   ", "\n\n", "$$ $$"])
def test_a_blank_answer_scores_zero_and_rating_one(blank):
    mark = key_points_only(answer=blank)
    assert (mark.score, mark.rating) == (0.0, 1)
    assert not any(point.covered for point in mark.key_points)


@pytest.mark.parametrize(
    "echo", [QUESTION, "backpropagation, what is it?", "What is back-propagation? Backpropagation."]
)
def test_an_answer_that_only_repeats_the_question_scores_zero(echo):
    assert key_points_only(answer=echo).score == 0.0
    assert key_points_only(answer=echo).rating == 1


def test_the_question_words_are_not_key_points():
    texts = [point.text for point in key_points_only(answer=PARAPHRASE).key_points]
    assert "backpropagation" not in [text.lower() for text in texts]
    assert "gradient" in texts


def test_the_model_answer_itself_scores_five():
    mark = key_points_only(answer=MODEL.text)
    assert (mark.score, mark.rating, mark.coverage) == (1.0, 5, 1.0)


LONG_MODEL = ModelAnswer(
    "Batch normalisation standardises each mini-batch's activations with their mean and variance, "
    "then rescales them with a learned scale and shift. It speeds up training, allows higher "
    "learning rates, reduces sensitivity to initialisation and acts as a mild regulariser."
)


@pytest.mark.parametrize("embedder", [None, marking.DEFAULT])
def test_a_very_short_answer_cannot_reach_five_against_a_long_model_answer(embedder):
    # Every word is a key point of the model answer, but it has under a quarter of its length.
    mark = mark_answer(
        answer="Mean, variance, scale and shift.",
        question="What does batch normalisation do?",
        model_answers=[LONG_MODEL],
        embedder=embedder,
    )
    assert mark.length < 0.71
    assert mark.score <= mark.length
    assert mark.rating < 5
    assert min(threshold[-1] for threshold in marking.RATING_THRESHOLDS.values()) > 0.71


def test_a_right_paraphrase_scores_above_an_unrelated_answer():
    assert key_points_only(answer=PARAPHRASE).score > key_points_only(answer=UNRELATED).score
    assert key_points_only(answer=UNRELATED).rating == 1


def test_marking_without_a_model_answer_is_refused():
    with pytest.raises(NoModelAnswer):
        mark_answer(answer="Anything", question=QUESTION, model_answers=[], embedder=None)


# Key points -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["cross-entropy", "cross entropy", "crossentropy", "Cross-Entropy", "CROSS ENTROPY"]
)
def test_a_hyphenated_term_is_found_however_it_is_written(written):
    model = ModelAnswer("Minimise the cross-entropy between predictions and labels.")
    mark = mark_answer(
        answer=f"We minimise {written}.",
        question="Which loss for classification?",
        model_answers=[model],
        embedder=None,
    )
    covered = {point.text: point.covered for point in mark.key_points}
    assert covered["cross-entropy"] is True


@pytest.mark.parametrize("written", ["cross-entropy", "crossentropy"])
def test_two_words_of_the_model_answer_are_found_written_together(written):
    model = ModelAnswer("Minimise the cross entropy of the predictions.")
    mark = mark_answer(
        answer=f"Use {written}.", question="Which loss?", model_answers=[model], embedder=None
    )
    covered = {point.text: point.covered for point in mark.key_points}
    assert covered["cross"] and covered["entropy"]


def test_terms_are_compared_stemmed():
    model = ModelAnswer("Regularization penalises large weights and reduces overfitting.")
    mark = mark_answer(
        answer="A regularizer penalizing the weight; it reduced overfit.",
        question="What is it for?",
        model_answers=[model],
        embedder=None,
    )
    covered = {point.text: point.covered for point in mark.key_points}
    assert covered == {
        "regularization": True,
        "penalises": False,  # British and American spellings stem apart: an honest miss
        "large": False,
        "weights": True,
        "reduces": True,
        "overfitting": True,
    }


def test_rare_terms_weigh_more_than_common_ones():
    bank = [
        "The network has layers.",
        "A network learns weights.",
        "Each network is trained.",
        "Dropout regularises a network.",
    ]
    weights = term_weights(bank)
    mark = mark_answer(
        answer="Dropout.",
        question="What regularises?",
        model_answers=[ModelAnswer("Dropout in the network.")],
        weights=weights,
        embedder=None,
    )
    by_text = {point.text: point for point in mark.key_points}
    assert by_text["dropout"].weight > by_text["network"].weight
    assert sum(point.weight for point in mark.key_points) == pytest.approx(1.0)
    assert mark.coverage == pytest.approx(by_text["dropout"].weight, abs=1e-4)


def test_the_best_of_several_model_answers_is_used():
    first = ModelAnswer("Convolutions share weights across positions of the image.")
    second = ModelAnswer("It stacks pooling layers to reduce spatial resolution.")
    mark = mark_answer(
        answer="Pooling layers reduce the spatial resolution.",
        question="What does a CNN do?",
        model_answers=[first, second],
        embedder=None,
    )
    assert [point.text for point in mark.key_points][:2] == ["stacks", "pooling"]
    assert mark.rating >= 4


def test_the_explanation_states_the_figures():
    mark = key_points_only(answer=PARAPHRASE)
    text = mark.explanation()
    assert f"of {len(mark.key_points)} key points" in text
    assert f"rating {mark.rating}" in text


# Formulas -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        r"$\sigma(x) = \frac{1}{1 + e^{-x}}$",
        r"\(\sigma(x)=\dfrac{1}{1+e^{-x}}\)",
        r"$$ \sigma\left(x\right) = \frac{1}{1 + e^{- x}} $$",
        r"\[\sigma(x) = \frac 1 {1+e^{-x}}\]",
    ],
)
def test_a_formula_is_compared_as_normalised_latex(written):
    assert latex_tokens(written) == latex_tokens(r"$\sigma(x) = \frac{1}{1 + e^{-x}}$")


def test_latex_normalisation_unifies_text_wrappers_and_synonyms():
    assert latex_tokens(r"$\text{ReLU}(x) = \max(0, x)$") == latex_tokens("ReLU(x)=max(0,x)")
    assert latex_tokens(r"$a \le b$") == latex_tokens(r"$a\leq b$")
    assert latex_tokens(r"$x_{i}$") == latex_tokens(r"$x_i$")
    assert latex_tokens(r"$\frac12$") == latex_tokens(r"$\frac{1}{2}$")
    assert latex_tokens(r"$x^2$") != latex_tokens(r"$x^3$")


def test_a_formula_of_the_model_answer_is_a_key_point_covered_by_the_same_formula():
    model = ModelAnswer(r"The sigmoid, $\sigma(x) = \frac{1}{1 + e^{-x}}$, squashes to (0, 1).")
    question = "Which activation squashes values?"
    right = mark_answer(
        answer=r"Sigmoid: \( \sigma(x)=\dfrac{1}{1+e^{-x}} \)",
        question=question,
        model_answers=[model],
        embedder=None,
    )
    wrong = mark_answer(
        answer=r"Sigmoid: $\sigma(x) = \frac{1}{1 + e^{x}}$ maybe, or $\tanh(x)$",
        question=question,
        model_answers=[model],
        embedder=None,
    )

    def formula(mark):
        return next(point for point in mark.key_points if point.text.startswith("$"))

    assert formula(right).covered is True
    assert formula(wrong).covered is False


# The optional model ---------------------------------------------------------------------------


def test_without_the_model_the_method_is_key_points_and_semantic_is_null(not_installed):
    mark = mark_answer(answer=PARAPHRASE, question=QUESTION, model_answers=[MODEL])
    assert mark.method == "key-points"
    assert mark.semantic is None
    assert marking.embed(["some text"]) is None
    assert mark.rating == marking.rating_for(mark.score, "key-points")


@needs_model
def test_with_the_model_the_method_names_it_and_semantic_is_a_number():
    mark = mark_answer(answer=PARAPHRASE, question=QUESTION, model_answers=[MODEL])
    assert mark.method == "key-points+embeddings:all-MiniLM-L6-v2"
    assert 0.3 < mark.semantic <= 1
    assert mark.score > key_points_only(answer=PARAPHRASE).coverage / 2


@needs_model
def test_the_embeddings_are_unit_vectors_and_the_model_loads_once():
    first = marking.embed(["gradient descent", "the chain rule"])
    model = marking._local_model._model
    second = marking.embed(["gradient descent"])
    assert marking._local_model._model is model
    assert len(first) == 2 and len(first[0]) == 384
    assert sum(x * x for x in first[0]) == pytest.approx(1.0, abs=1e-4)
    assert second[0] == pytest.approx(first[0], abs=1e-5)


@needs_model
def test_an_echo_of_the_question_earns_no_meaning_although_its_plain_cosine_is_high():
    echo, model, question = marking.embed(
        ["Backpropagation: what is it exactly?", MODEL.text, QUESTION]
    )
    assert marking._dot(echo, model) > 0.5  # what plain cosine would reward
    assert marking.beyond_question(echo, model, question) < 0.2
    assert mark_answer(answer=QUESTION, question=QUESTION, model_answers=[MODEL]).rating == 1


@needs_model
def test_the_guards_hold_with_the_model():
    assert mark_answer(answer="", question=QUESTION, model_answers=[MODEL]).score == 0
    assert mark_answer(answer=MODEL.text, question=QUESTION, model_answers=[MODEL]).rating == 5
    unrelated = mark_answer(answer=UNRELATED, question=QUESTION, model_answers=[MODEL])
    assert unrelated.rating == 1
    short = mark_answer(answer="chain rule gradient", question=QUESTION, model_answers=[MODEL])
    assert short.rating < 5


@needs_model
def test_a_stored_embedding_of_the_same_model_is_used_and_another_models_is_not():
    real = marking.embed([MODEL.text])[0]
    stored = ModelAnswer(MODEL.text, embedding=real, embedding_model=marking.EMBEDDING_MODEL_NAME)
    seen: list[list[str]] = []

    class Recording:
        name = marking.EMBEDDING_MODEL_NAME

        def __call__(self, texts):
            seen.append(list(texts))
            return marking.embed(texts)

    mark_answer(answer=PARAPHRASE, question=QUESTION, model_answers=[stored], embedder=Recording())
    assert seen == [[PARAPHRASE, QUESTION]]

    seen.clear()
    other = ModelAnswer(MODEL.text, embedding=[0.0] * 384, embedding_model="another-model")
    mark_answer(answer=PARAPHRASE, question=QUESTION, model_answers=[other], embedder=Recording())
    assert seen == [[PARAPHRASE, QUESTION, MODEL.text]]


@needs_model
def test_marking_with_the_model_makes_no_network_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("marking tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    marking._parse.cache_clear()
    marks = marking.mark_answers(
        [
            marking.AnswerToMark(PARAPHRASE, QUESTION, [MODEL]),
            marking.AnswerToMark("Something about convolutions.", "What is a CNN?", [MODEL]),
        ]
    )
    assert all(mark.method.endswith("all-MiniLM-L6-v2") for mark in marks)
    assert all(mark.semantic is not None for mark in marks)


# Calibration ----------------------------------------------------------------------------------


def test_the_thresholds_are_the_calibrated_ones():
    results = Path(__file__).resolve().parents[2] / "bench/results/marking_calibration.json"
    report = json.loads(results.read_text())
    calibrated = {m["method"].split(":")[0]: tuple(m["thresholds"]) for m in report["methods"]}
    assert calibrated == dict(marking.RATING_THRESHOLDS)
    assert report["formula"]["coverage_weight"] == marking.COVERAGE_WEIGHT


def test_marking_from_many_threads_at_once_gives_the_same_marks():
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from exams import marking

    model = [marking.ModelAnswer(text="Backpropagation applies the chain rule to gradients.")]
    # Words never seen before, so that every one goes through a stemmer, in eight threads.
    answers = [
        " ".join(f"{stem}{n}ational{k}izing" for k, stem in enumerate(["chain", "rule", "grad"]))
        for n in range(600)
    ]

    def mark(answer: str) -> float:
        return marking.mark_answer(
            answer=answer, question="What is backpropagation?", model_answers=model, embedder=None
        ).score

    marking._stem.cache_clear()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            concurrent = list(pool.map(mark, answers))
    finally:
        sys.setswitchinterval(interval)
    assert concurrent == [mark(answer) for answer in answers]
