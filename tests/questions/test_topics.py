"""Topics a deep learning student would agree with.

DOCUMENT_CASES were read question by question in the four documents: each is the full set of
topics the question is filed under, so a rule that adds a wrong topic fails as surely as one
that loses the right one.
"""

import pytest

from questions.importers.sources import SEED_DOCUMENTS
from questions.models import Question
from questions.topics import TOPIC_RULES, assign_document_topics, assign_topics

REQUIRED_SLUGS = {
    "foundations", "activation-functions", "loss-functions", "optimization", "regularization",
    "training", "tensors", "frameworks", "data", "cnn", "object-detection", "segmentation", "rnn",
    "attention-transformers", "generative-models", "evaluation-metrics", "deployment",
}  # fmt: skip

EXAM = "exam-questions"
INTERVIEW = "interview-neural-networks"
CARDS = "flashcards-fundamentals"
NOTES = "study-notes"

# (document, start of the question, its topics)
DOCUMENT_CASES = [
    (EXAM, "What is artificial intelligence?", {"foundations"}),
    (EXAM, "What is deep learning?", {"foundations"}),
    (EXAM, "What is self-supervised learning?", {"foundations"}),
    (EXAM, "Mention 5 ways a feedforward neural network is different", {"foundations", "rnn"}),
    (EXAM, "What is an activation function?", {"activation-functions"}),
    (EXAM, "Mention the 3 standard splits of a dataset?", {"data"}),
    (EXAM, "What is the difference between binary cross-entropy", {"loss-functions"}),
    (EXAM, "What is the mathematical formula for Huber loss?", {"loss-functions"}),
    (EXAM, "What is Regularization?", {"regularization"}),
    (EXAM, "Outline the training loop?", {"training"}),
    (EXAM, "How can you get your model out of a local minimum?", {"optimization"}),
    (EXAM, "Give 5 reasons why you need a GPU over a CPU", {"frameworks"}),
    (EXAM, "What is a tensor?", {"tensors"}),
    (EXAM, "Differentiate between squeeze and reshape operation?", {"tensors"}),
    (EXAM, "What is data augmentation?", {"data"}),
    (EXAM, "What is the super class of a PyTorch dataset class?", {"frameworks", "data"}),
    (EXAM, "What is a receptive field?", {"cnn"}),
    (EXAM, "Which type of convolution upsample an input feature size?", {"cnn", "segmentation"}),
    (EXAM, "How do you compute the number of parameters of a dense layer?", {"foundations"}),
    (EXAM, "What is a dropout layer?", {"regularization"}),
    (EXAM, "How many parameters has a batch normalization layer?", {"training"}),
    (EXAM, "What is a functional model?", {"frameworks"}),
    (EXAM, "Why do large deep learning models need residual skip", {"cnn"}),
    (EXAM, "What are the basic deep learning operations that you can find in a forward",
     {"training"}),
    (EXAM, "What are the basic deep learning operations that you can find in a backward",
     {"optimization"}),
    (EXAM, "How do you compute the average precision?", {"evaluation-metrics"}),
    (EXAM, "What is stochastic gradient descent?", {"optimization"}),
    (EXAM, "What is mini-batch gradient descent?", {"optimization", "training"}),
    (EXAM, "Mention 4 ways of performing hyperparameter search?", {"training"}),
    (EXAM, "What is the interpretation of a training with diverging loss?",
     {"loss-functions", "training"}),
    (EXAM, "What is early stopping in model training?", {"regularization"}),
    (EXAM, "What is transfer learning?", {"training"}),
    (EXAM, "What is non-maximum suppression?", {"object-detection"}),
    (EXAM, "Give 2 examples of two-stage detectors?", {"object-detection"}),
    (EXAM, "Explain IoU in the context of object detection?",
     {"object-detection", "evaluation-metrics"}),
    (EXAM, "What is multi-task learning?", {"regularization"}),
    (EXAM, "What is panoptic segmentation?", {"segmentation"}),
    (EXAM, "What is the function of an encoder in a deep learning model?", {"segmentation"}),
    (EXAM, "What is the function of a decoder in a deep learning model?", {"segmentation"}),
    (EXAM, "Mention two states of an LSTM cell?", {"rnn"}),
    (EXAM, "How can vanishing gradients in LSTM be mitigated?",
     {"optimization", "training", "rnn"}),
    (EXAM, "Write the equation of self-attention?", {"attention-transformers"}),
    (EXAM, "How can an image be treated as a sequence?", {"attention-transformers"}),
    (EXAM, "What are the advantages of a transformer over an RNN?",
     {"rnn", "attention-transformers"}),
    (EXAM, "What is mode collapse?", {"generative-models"}),
    (INTERVIEW, "In a single-layer feed-forward NN", {"foundations"}),
    (INTERVIEW, "Activation functions.\n\n1. Draw the graphs", {"activation-functions"}),
    (INTERVIEW, "The Sigmoid s(x) = 1", {"activation-functions", "optimization", "training"}),
    (INTERVIEW, "In many interviews, you will be given a paper", {"activation-functions"}),
    (INTERVIEW, "Table (8.1) presents an incomplete listing of the of the VGG11", {"cnn"}),
    (INTERVIEW, "A Dropout layer [26] (Fig. 8.32)", {"regularization"}),
    (INTERVIEW, "Weight normalization separates a weight vector", {"optimization", "training"}),
    (INTERVIEW, "Non-invasive methods that forecast the existence of lung nodules", {"data"}),
    (INTERVIEW, "Your friend is training a logistic regression model",
     {"loss-functions", "optimization"}),
    (INTERVIEW, "Pruning.", {"optimization", "deployment"}),
    (INTERVIEW, "Compare batch norm and layer norm.", {"optimization", "training"}),
    (INTERVIEW, "You’re building a neural network and you want to use both numerical",
     {"optimization", "data"}),
    (INTERVIEW, "How do L1 and L2 regularization relate to Bayesian inference",
     {"regularization"}),
    (INTERVIEW, "What is label smoothing?", {"regularization"}),
    (INTERVIEW, "Show all the possible subnetworks", {"regularization"}),
    (INTERVIEW, "Which of the following statements holds true?", {"optimization"}),
    (CARDS, "In forward propagation can you explain what a weight is?",
     {"foundations", "training"}),
    (CARDS, "What about backward propagation?", {"optimization"}),
    (CARDS, "What are the main challenges in deploying large-scale", {"deployment"}),
    (CARDS, "Can you summarize how a deep learning models learning algorithm", {"foundations"}),
    (CARDS, "What is the relationship between a loss function and an optimizer?",
     {"loss-functions", "optimization"}),
    (NOTES, "What are model weights/parameters?", {"foundations"}),
    (NOTES, "What are training loss and validation loss?", {"loss-functions", "training"}),
    (NOTES, "What metrics can be used to evaluate a classification model?",
     {"evaluation-metrics"}),
    (NOTES, "What is tokenization in the sense of NLP?", {"attention-transformers"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def document_topics():
    """Each document's questions as the importer files them: {(document, text): topics}."""
    filed = {}
    for document in SEED_DOCUMENTS:
        questions = document.parser.parse(document.path.read_text(encoding="utf-8"))
        topics = assign_document_topics((q.text, q.section) for q in questions)
        for question, slugs in zip(questions, topics, strict=True):
            filed[document.slug, question.text] = set(slugs)
    return filed


def test_the_taxonomy_has_every_required_topic():
    assert REQUIRED_SLUGS <= {rule.slug for rule in TOPIC_RULES}


def test_there_are_at_least_sixty_document_cases_covering_every_topic():
    assert len(DOCUMENT_CASES) >= 60
    assert set().union(*(topics for *_, topics in DOCUMENT_CASES)) == REQUIRED_SLUGS


@pytest.mark.parametrize(
    "document, start, expected", DOCUMENT_CASES, ids=[c[1][:40] for c in DOCUMENT_CASES]
)
def test_document_question_is_filed_under_the_topics_a_student_expects(
    document_topics, document, start, expected
):
    matches = [t for (slug, text), t in document_topics.items() if slug == document and
               text.startswith(start)]  # fmt: skip
    assert len(matches) == 1, f"{start!r} starts {len(matches)} questions"
    assert matches[0] == expected


@pytest.mark.parametrize(
    "question, expected",
    [
        ("What is non-maximum suppression?", {"object-detection"}),
        ("What is a pooling layer?", {"cnn"}),
        ("What is the formula for recall using TP, FP, FN?", {"evaluation-metrics"}),
        ("Give 5 examples of optimizers you know?", {"optimization"}),
        ("What is inverted dropout?", {"regularization"}),
        ("What is an epoch?", {"training"}),
        ("What is the super class of a PyTorch NN model?", {"frameworks"}),
        ("What is deep learning?", {"foundations"}),
    ],
)
def test_question_is_filed_under_the_topic_a_student_expects(question, expected):
    assert set(assign_topics(question)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "How is the mAP of a detector computed?",
        "What is the mean average precision (mAP)?",
    ],
)
def test_map_the_metric_is_an_evaluation_metric(text):
    assert "evaluation-metrics" in assign_topics(text)


@pytest.mark.parametrize(
    "text",
    [
        "How does MAP estimation relate to L2 regularization?",
        "Why does pooling shrink the feature map?",
        "How do you map labels to indices?",
    ],
)
def test_map_in_other_senses_is_not_an_evaluation_metric(text):
    assert "evaluation-metrics" not in assign_topics(text)


def test_backward_pass_is_optimization():
    assert assign_topics("What happens in a backward pass?") == ["optimization"]


def test_an_image_as_a_sequence_is_about_transformers_not_recurrent_networks():
    assert assign_topics("Why can an image be treated as a sequence of patches?") == [
        "attention-transformers"
    ]
    assert "rnn" in assign_topics("What is a sequence model?")


def test_detecting_something_is_not_object_detection_but_a_detector_is():
    assert "object-detection" not in assign_topics("Why is the manual detection of nodules hard?")
    assert assign_topics("Name two single-stage detectors?") == ["object-detection"]


def test_code_in_a_question_does_not_drag_in_unrelated_topics():
    text = "What does this do?\n\n```python\nimport torch\nx = torch.rand(3)\n```"
    assert "frameworks" not in assign_topics(text)


def test_a_question_gets_at_most_three_topics():
    text = "Compare dropout, batch norm, attention, LSTMs, GANs, pooling and Adam."
    assert len(assign_topics(text)) <= 3


def test_a_section_about_one_topic_adds_it_to_a_question_without_a_strong_subject():
    topics = assign_topics("What is a tensor?", "Regularization for Deep Learning")
    assert set(topics) == {"tensors", "regularization"}


def test_a_section_never_outweighs_the_questions_own_subject():
    text = "Sigmoid, tanh, ReLU or leaky ReLU: which activation suits a softmax output?"
    assert assign_topics(text, "Perceptron") == ["activation-functions"]


def test_a_passing_mention_is_left_out():
    text = "Draw sigmoid, tanh, ReLU and leaky ReLU, and derive the derivative of the sigmoid."
    assert assign_topics(text) == ["activation-functions"]


def test_a_question_without_keywords_takes_what_its_neighbours_share():
    topics = assign_document_topics(
        [
            ("What is panoptic segmentation?", ""),
            ("What does an encoder do?", ""),
            ("What does a decoder do?", ""),
            ("What is instance segmentation?", ""),
        ]
    )
    assert topics == [["segmentation"]] * 4


def test_a_question_without_keywords_between_two_subjects_is_foundations():
    topics = assign_document_topics(
        [("How is a model deployed to production?", ""), ("How does it learn?", ""),
         ("What is an optimizer?", "")]
    )  # fmt: skip
    assert topics[1] == ["foundations"]


@pytest.mark.usefixtures("bank")
def test_the_committed_bank_files_questions_as_the_rules_do(document_topics):
    filed = {
        (slug, text): set(topics)
        for slug, text, topics in (
            (q.source.slug, q.text, [t.slug for t in q.topics.all()])
            for q in Question.objects.select_related("source").prefetch_related("topics")
        )
    }
    assert filed == document_topics
