"""Topics a deep learning student would agree with."""

import pytest

from questions.models import Question
from questions.topics import TOPIC_RULES, assign_topics

REQUIRED_SLUGS = {
    "foundations", "activation-functions", "loss-functions", "optimization", "regularization",
    "training", "tensors", "frameworks", "data", "cnn", "object-detection", "segmentation", "rnn",
    "attention-transformers", "generative-models", "evaluation-metrics", "deployment",
}  # fmt: skip


def test_the_taxonomy_has_every_required_topic():
    assert REQUIRED_SLUGS <= {rule.slug for rule in TOPIC_RULES}


@pytest.mark.parametrize(
    "question, expected",
    [
        ("What is non-maximum suppression?", {"object-detection"}),
        ("Write the equation of self-attention?", {"attention-transformers"}),
        ("What is the mathematical formula for Huber loss?", {"loss-functions"}),
        ("What is a tensor?", {"tensors"}),
        ("What is a pooling layer?", {"cnn"}),
        ("What is panoptic segmentation?", {"segmentation"}),
        ("Mention two states of an LSTM cell?", {"rnn"}),
        ("What are the main issues with training a GAN?", {"generative-models"}),
        ("What is the formula for recall using TP, FP, FN?", {"evaluation-metrics"}),
        ("What is data augmentation?", {"data"}),
        ("Give 5 examples of optimizers you know?", {"optimization"}),
        ("What is inverted dropout?", {"regularization"}),
        ("What is an epoch?", {"training"}),
        ("What is the super class of a PyTorch NN model?", {"frameworks"}),
        ("What is an activation function?", {"activation-functions"}),
        ("What is artificial intelligence?", {"foundations"}),
        ("What is deep learning?", {"foundations"}),
        ("Pruning.", {"deployment"}),
    ],
)
def test_question_is_filed_under_the_topic_a_student_expects(question, expected):
    assert expected <= set(assign_topics(question))


def test_code_in_a_question_does_not_drag_in_unrelated_topics():
    text = "What does this do?\n\n```python\nimport torch\nx = torch.rand(3)\n```"
    assert "frameworks" not in assign_topics(text)


def test_a_question_gets_at_most_three_topics():
    text = "Compare dropout, batch norm, attention, LSTMs, GANs, pooling and Adam."
    assert len(assign_topics(text)) <= 3


def test_a_section_about_one_topic_adds_it():
    topics = assign_topics("What is a tensor?", "Regularization for Deep Learning")
    assert "regularization" in topics


@pytest.mark.usefixtures("bank")
@pytest.mark.parametrize(
    "source, start, slug",
    [
        ("exam-questions", "What is non-maximum suppression?", "object-detection"),
        ("exam-questions", "Write the equation of self-attention?", "attention-transformers"),
        ("exam-questions", "What is a dataloader?", "data"),
        ("interview-neural-networks", "What is inverted dropout?", "regularization"),
        ("flashcards-fundamentals", "What is a loss function?", "loss-functions"),
        ("study-notes", "What is the Transformer architecture?", "attention-transformers"),
    ],
)
def test_imported_questions_carry_the_expected_topic(source, start, slug):
    question = Question.objects.get(source__slug=source, text__startswith=start)
    assert slug in question.topics.values_list("slug", flat=True)
