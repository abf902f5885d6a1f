"""Linking the same question asked differently, and related questions: the measure, its
calibration on hand-labelled pairs, and the links the importer commits.

Calibration (lexical measure, SAME_THRESHOLD = 0.65) on the 33 same-question pairs and 46
look-alike pairs below, all read in the documents: 27 pairs reach the threshold, 26 of them
same questions: precision 0.96, recall 0.79. The one look-alike above it ("What is stochastic
gradient descent?" / "What does the term stochastic in SGD actually mean?") is in NOT_SAME; the
7 same pairs below it are in SAME_LINKS. The scores are far apart: no labelled pair scores
between 0.60 and 0.68, so the threshold does not hang on the third decimal.

With the optional embedding model (all-MiniLM-L6-v2) the same pairs rank above the look-alikes
76% of the time, and at its best threshold (0.85) it finds 15 of the 33 same pairs with one
look-alike: it agrees with the committed links where it is confident, but it does not separate
"What is X?" from "What are the types of X?", which is why it only checks them.
"""

import pytest

from exams.marking import embed
from questions.importers.fixture import build_bank
from questions.importers.linking import (
    NOT_SAME,
    RELATED_PER_QUESTION,
    SAME_LINKS,
    SAME_THRESHOLD,
    LexicalMeasure,
)
from questions.models import fingerprint

EXAM = "exam-questions"
INTERVIEW = "interview-neural-networks"
CARDS = "flashcards-fundamentals"
NOTES = "study-notes"

SAME = [  # read in both documents: one model answer serves both
    ((EXAM, "What is a tensor?"), (NOTES, "What is a tensor?")),
    ((EXAM, "What is an optimizer?"), (CARDS, "What is an optimizer?")),
    ((EXAM, "What is an optimizer?"), (NOTES, "What is an optimizer?")),
    ((CARDS, "What is an optimizer?"), (NOTES, "What is an optimizer?")),
    ((EXAM, "What is deep learning?"), (CARDS, "What is deep learning?")),
    ((EXAM, "What is an activation function?"), (CARDS, "What is an activation function?")),
    ((EXAM, "What is a learning rate?"), (NOTES, "What is a learning rate?")),
    ((CARDS, "What is a loss function?"), (NOTES, "What is a loss function?")),
    ((EXAM, "What is a loss function in deep learning?"), (CARDS, "What is a loss function?")),
    ((EXAM, "What is a loss function in deep learning?"), (NOTES, "What is a loss function?")),
    ((CARDS, "What is a neural network?"), (NOTES, "What is a neural network?")),
    ((EXAM, "What is an artificial neural network?"), (CARDS, "What is a neural network?")),
    ((EXAM, "What is an artificial neural network?"), (NOTES, "What is a neural network?")),
    (
        (EXAM, "What is backpropagation?"),
        (NOTES, "What is backpropagation and what does it serve for?"),
    ),
    ((EXAM, "What is backpropagation?"), (CARDS, "What about backward propagation?")),
    (
        (CARDS, "What about backward propagation?"),
        (NOTES, "What is backpropagation and what does it serve for?"),
    ),
    (
        (EXAM, "What is Regularization?"),
        (INTERVIEW, "What is regularization and why is it important?"),
    ),
    ((EXAM, "What is multi-task learning?"), (INTERVIEW, "What is multitask learning?")),
    (
        (EXAM, "What is early stopping in model training?"),
        (INTERVIEW, "What is early stopping in machine learning?"),
    ),
    ((EXAM, "What is early stopping in model training?"), (NOTES, "What is early stopping?")),
    (
        (INTERVIEW, "What is early stopping in machine learning?"),
        (NOTES, "What is early stopping?"),
    ),
    (
        (EXAM, "What is the benefit of data augmentation in model training?"),
        (INTERVIEW, "What is the main motivation behind using data augmentation"),
    ),
    ((EXAM, "What does it mean to have a batch size of 8?"), (NOTES, "What is Batch Size?")),
    ((EXAM, "What is batch normalization?"), (INTERVIEW, "1. What is batch normalization?")),
    (
        (EXAM, "What is gradient descent optimization?"),
        (CARDS, "Can you explain what a gradient descent algorithm is"),
    ),
    (
        (EXAM, "Outline the training loop?"),
        (NOTES, "What is a training loop and what are typical steps"),
    ),
    (
        (EXAM, "In 5 steps, summarize the training loop?"),
        (NOTES, "What is a training loop and what are typical steps"),
    ),
    (
        (EXAM, "Why do large deep learning models need residual skip connection?"),
        (INTERVIEW, "What’s the motivation for skip connection"),
    ),
    (
        (EXAM, "Given an inputs size and convolutional kernel and strides"),
        (INTERVIEW, "Given an input of size of $n×n$"),
    ),
    (
        (EXAM, "Mention at least 10 activation functions used in neural network"),
        (CARDS, "What are the different type of activation functions?"),
    ),
    (
        (EXAM, "How is activation function useful in the training of a neural network?"),
        (CARDS, "Why are non-linear activation functions used in neural networks?"),
    ),
    (
        (NOTES, "What are model weights/parameters?"),
        (CARDS, "In forward propagation can you explain what a weight is?"),
    ),
    (
        (EXAM, "Give 5 image preprocessing techniques that can form styles of data augmentation?"),
        (INTERVIEW, "State some data augmentation techniques?"),
    ),
]
DIFFERENT = [  # look alike, ask different things
    ((EXAM, "What is a learning rate?"), (NOTES, "What is a learning rate scheduler?")),
    ((EXAM, "What is data augmentation?"), (INTERVIEW, "State some data augmentation techniques?")),
    (
        (EXAM, "What is data augmentation?"),
        (INTERVIEW, "What is the main motivation behind using data augmentation"),
    ),
    (
        (EXAM, "What is data augmentation?"),
        (INTERVIEW, "State the some use cases where we can use data augmentation"),
    ),
    (
        (EXAM, "What is early stopping in model training?"),
        (INTERVIEW, "How do you implement early stopping in a training process?"),
    ),
    (
        (NOTES, "What is early stopping?"),
        (INTERVIEW, "What criteria would you use for early stopping?"),
    ),
    (
        (NOTES, "What is early stopping?"),
        (INTERVIEW, "What are the benefits of using early stopping"),
    ),
    (
        (EXAM, "What is multi-task learning?"),
        (INTERVIEW, "How does multitask learning prevents overfitting?"),
    ),
    ((NOTES, "What is a tensor?"), (EXAM, "What are the properties of a tensor?")),
    ((NOTES, "What is a tensor?"), (EXAM, "Mention 4 possible data types of a tensor?")),
    ((NOTES, "What is an optimizer?"), (EXAM, "Give 5 examples of optimizers you know?")),
    ((CARDS, "What is an optimizer?"), (EXAM, "Mention the 3 tasks of an optimizer?")),
    (
        (NOTES, "What is a loss function?"),
        (CARDS, "What are examples of the different types of loss functions?"),
    ),
    (
        (CARDS, "What are examples of the different types of loss functions?"),
        (EXAM, "Give 5 examples of loss functions used for classification task?"),
    ),
    (
        (EXAM, "What is an activation function?"),
        (CARDS, "What is a non-linear activation function?"),
    ),
    (
        (EXAM, "What is an activation function?"),
        (CARDS, "What are the different type of activation functions?"),
    ),
    (
        (EXAM, "What is an activation function?"),
        (INTERVIEW, "Name the following activation function where"),
    ),
    (
        (CARDS, "What is an activation function?"),
        (EXAM, "Why is an activation function so powerful?"),
    ),
    ((EXAM, "Define overfitting and underfitting?"), (NOTES, "What is overfitting conceptually?")),
    (
        (EXAM, "Define overfitting and underfitting?"),
        (INTERVIEW, "When building a neural network, should you overfit or underfit it first?"),
    ),
    ((EXAM, "What is batch normalization?"), (INTERVIEW, "Compare batch norm and layer norm.")),
    ((EXAM, "What is a dropout layer?"), (INTERVIEW, "What is inverted dropout?")),
    (
        (EXAM, "What is stochastic gradient descent?"),
        (INTERVIEW, "What does the term stochastic in SGD actually mean?"),
    ),
    (
        (EXAM, "What is mini-batch gradient descent?"),
        (INTERVIEW, "Gradient descent vs SGD vs mini-batch SGD."),
    ),
    (
        (EXAM, "What is Regularization?"),
        (NOTES, "Explain the concept behind L1-L2 regularization."),
    ),
    (
        (EXAM, "What is a basic building block of a transformer?"),
        (NOTES, "What is the Transformer architecture?"),
    ),
    ((EXAM, "Differentiate between an epoch and iteration step?"), (NOTES, "What is an epoch?")),
    ((EXAM, "What is a deep learning framework?"), (CARDS, "What is deep learning?")),
    ((EXAM, "What is machine learning?"), (CARDS, "What is deep learning?")),
    (
        (EXAM, "What is a Convolutional Neural Network and what is it used for?"),
        (NOTES, "What is a neural network?"),
    ),
    ((CARDS, "How do neural networks actually learn?"), (NOTES, "What is a neural network?")),
    ((CARDS, "What is a neuron?"), (NOTES, "What is a neural network?")),
    (
        (EXAM, "How does ANN learn complex patterns and relationships in data?"),
        (CARDS, "How do neural networks actually learn?"),
    ),
    ((EXAM, "What is exploding gradient?"), (INTERVIEW, "Vanishing and exploding gradients.")),
    (
        (EXAM, "What is machine learning?"),
        (INTERVIEW, "What is early stopping in machine learning?"),
    ),
    (
        (EXAM, "What is the interpretation of a training with decreasing loss?"),
        (NOTES, "What are training loss and validation loss?"),
    ),
    (
        (EXAM, "Mention 4 ways of performing hyperparameter search?"),
        (NOTES, "What is hyperparameter tuning?"),
    ),
    (
        (EXAM, "Mention 4 ways of performing hyperparameter search?"),
        (INTERVIEW, "In the context of Hyperparameter optimization, explain the difference"),
    ),
    (
        (EXAM, "What is finetuning?"),
        (NOTES, "What are differences between pre-training and fine-tuning of models?"),
    ),
    ((EXAM, "How do you select a learning rate value?"), (NOTES, "What is a learning rate?")),
    (
        (EXAM, "What is a residual connection?"),
        (INTERVIEW, "Answer the following questions regarding residual networks."),
    ),
    (
        (EXAM, "How can you compute a gradient of a function over a computational graph?"),
        (INTERVIEW, "Compute the gradient of $L^1$ regularized objective function?"),
    ),
    (
        (EXAM, "What is generalization?"),
        (INTERVIEW, "How does bagging technique help in reducing generalization error?"),
    ),
    (
        (CARDS, "In forward propagation can you explain what a bias is?"),
        (NOTES, "What are model weights/parameters?"),
    ),
    (
        (EXAM, "What is a pooling layer?"),
        (INTERVIEW, "The following input 8.38 is subjected to a MaxPool2D(2,2)"),
    ),
    (
        (
            EXAM,
            "What is the difference between binary cross-entropy and categorical cross-entropy?",
        ),
        (INTERVIEW, "Your friend is training a logistic regression model"),
    ),
]


@pytest.fixture(scope="module")
def bank():
    """The bank as the importer builds it (no database): same_as keys and related links."""
    return build_bank()


@pytest.fixture(scope="module")
def measure(bank):
    return LexicalMeasure(question.text for question in bank.questions)


@pytest.fixture(scope="module")
def find(bank):
    def find(slug, start):
        found = [q for q in bank.questions if q.source.slug == slug and q.text.startswith(start)]
        assert len(found) == 1, f"{start!r} starts {len(found)} questions of {slug}"
        return found[0]

    return find


def test_fingerprints_ignore_hyphens_and_spaces_inside_words():
    assert (
        fingerprint("What is multi-task learning?")
        == fingerprint("What is multitask learning?")
        == fingerprint("What is multi task learning?")
        == fingerprint("what is Multi-Task learning")
    )
    assert fingerprint("What is multitask learning?") != fingerprint("What is transfer learning?")


def test_the_labelled_pairs_are_distinct_and_read_in_two_documents():
    pairs = [frozenset(pair) for pair in SAME + DIFFERENT]
    assert len(pairs) == len(set(pairs)) == 33 + 46
    assert all(a[0] != b[0] for a, b in SAME + DIFFERENT)


def test_the_measure_at_its_threshold_has_the_documented_precision_and_recall(measure, find):
    def reaches(pairs):
        return [pair for pair in pairs if measure.similarity(*(find(*q).text for q in pair))
                >= SAME_THRESHOLD]  # fmt: skip

    same, different = reaches(SAME), reaches(DIFFERENT)
    assert (len(same), len(different)) == (26, 1)
    assert round(len(same) / (len(same) + len(different)), 2) == 0.96
    assert round(len(same) / len(SAME), 2) == 0.79

    # What the measure misses is hand-linked; what it wrongly joins is hand-separated.
    def keys(pairs):
        return {frozenset(find(*question).pk for question in pair) for pair in pairs}

    assert keys(SAME) - keys(same) == keys(p for p in SAME_LINKS if p[0][0] != p[1][0])
    assert keys(different) == keys(NOT_SAME)


def test_no_labelled_pair_scores_near_the_threshold(measure, find):
    scores = [measure.similarity(*(find(*q).text for q in pair)) for pair in SAME + DIFFERENT]
    assert not [score for score in scores if 0.6 < score < 0.68]


def test_the_measure_is_symmetric_and_one_for_the_same_wording(measure):
    a, b = "What is multi-task learning?", "How does multitask learning prevent overfitting?"
    assert measure.similarity(a, b) == measure.similarity(b, a) < SAME_THRESHOLD
    assert measure.similarity(a, "What is multitask learning?") == 1.0
    assert measure.similarity("What is a tensor?", "What is an epoch?") == 0.0


@pytest.mark.parametrize("pair", SAME, ids=[p[0][1][:30] for p in SAME])
def test_same_questions_are_linked_both_ways(bank, find, pair):
    a, b = (find(*question) for question in pair)
    assert a.same_as == b.same_as
    elsewhere = {q.pk for q in bank.questions if q.same_as == a.same_as}
    assert {a.pk, b.pk} <= elsewhere


@pytest.mark.parametrize("pair", DIFFERENT, ids=[p[0][1][:30] for p in DIFFERENT])
def test_look_alikes_are_not_linked(find, pair):
    a, b = (find(*question) for question in pair)
    assert a.same_as != b.same_as


def test_at_least_a_dozen_groups_ask_the_same_question_in_other_words(bank):
    groups = {}
    for question in bank.questions:
        groups.setdefault(question.same_as, []).append(question)
    linked = [group for group in groups.values() if len(group) > 1]
    reworded = [group for group in linked if len({q.fingerprint for q in group}) > 1]
    assert (len(linked), len(reworded)) == (22, 16)
    # A group has one question per document, but for the one question a document asks twice.
    twice = [[q.text for q in group] for group in linked
             if len({q.source_id for q in group}) < len(group)]  # fmt: skip
    assert twice == [
        [
            "Outline the training loop?",
            "In 5 steps, summarize the training loop?",
            "What is a training loop and what are typical steps within a training loop in the "
            "sense of deep learning?",
        ]
    ]


def test_a_lone_question_is_the_same_only_as_itself(bank, find):
    xor = find(INTERVIEW, "Design the smallest neural network that can function as an XOR gate.")
    assert xor.same_as == xor.fingerprint
    assert [q for q in bank.questions if q.same_as == xor.same_as] == [xor]


def test_related_questions_are_symmetric_close_and_never_the_same_question(bank, find):
    by_pk = {question.pk: question for question in bank.questions}
    for pk, related in bank.related.items():
        for other in related:
            assert pk in bank.related[other]
            assert by_pk[other].same_as != by_pk[pk].same_as
    multitask = find(INTERVIEW, "What is multitask learning?")
    overfitting = find(INTERVIEW, "How does multitask learning prevents overfitting?")
    assert overfitting.pk in bank.related[multitask.pk]
    tensor = find(NOTES, "What is a tensor?")
    assert find(EXAM, "What are the properties of a tensor?").pk in bank.related[tensor.pk]
    closest = [len(related) for related in bank.related.values()]
    assert sum(closest) / len(closest) <= RELATED_PER_QUESTION


def test_the_embedding_model_agrees_with_the_committed_links(bank, find):
    vectors = embed([question.text[:300] for question in bank.questions])
    if vectors is None:
        pytest.skip("The optional embedding model (sentence-transformers) is not installed.")
    import numpy  # installed with the model

    cosines = numpy.array(vectors) @ numpy.array(vectors).T  # unit vectors
    index = {question.pk: i for i, question in enumerate(bank.questions)}

    def score(pair):
        a, b = (find(*question) for question in pair)
        return cosines[index[a.pk], index[b.pk]]

    same, different = [score(p) for p in SAME], [score(p) for p in DIFFERENT]
    ranked_above = sum(s > d for s in same for d in different) / (len(same) * len(different))
    assert ranked_above >= 0.75
    assert min(same) >= 0.5  # no committed link the model finds unrelated
    # Every pair of two documents the model is sure about is a committed link.
    for i, j in zip(*numpy.nonzero(numpy.triu(cosines, k=1) >= 0.9), strict=True):
        a, b = bank.questions[i], bank.questions[j]
        if a.source_id != b.source_id:
            assert a.same_as == b.same_as, (a.text, b.text)
