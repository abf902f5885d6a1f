"""The interview-neural-networks parser against the real document (no database)."""

from questions.importers.common import Kind
from tests.questions.hand_counts import HAND_COUNTS

DOCUMENT = "interview-neural-networks.txt"

# Counted by hand per section (see tests/questions/hand_counts.py).
QUESTIONS_PER_SECTION = {
    "Perceptron": 35,
    "NN Layers, Topologies and Blocks": 21,
    "Training and Hyperparameters": 11,
    "Optimization and Loss": 29,
    "Regularization for Deep Learning": 39,
}
TOTAL_QUESTIONS, ANSWERED_QUESTIONS = HAND_COUNTS["interview-neural-networks"]
ANSWERED_PER_SECTION = {
    "Perceptron": 0,
    "NN Layers, Topologies and Blocks": 0,
    "Training and Hyperparameters": 0,
    "Optimization and Loss": 0,
    "Regularization for Deep Learning": 36,
}


def starting(questions, prefix):
    matches = [q for q in questions if q.text.startswith(prefix)]
    assert len(matches) == 1, f"{prefix!r} starts {len(matches)} questions"
    return matches[0]


def test_hand_counts_add_up():
    assert sum(QUESTIONS_PER_SECTION.values()) == TOTAL_QUESTIONS
    assert sum(ANSWERED_PER_SECTION.values()) == ANSWERED_QUESTIONS


def test_each_section_has_its_hand_counted_questions_and_answers(questions):
    for section, count in QUESTIONS_PER_SECTION.items():
        in_section = [q for q in questions if q.section == section]
        assert len(in_section) == count, section
        assert sum(1 for q in in_section if q.answer) == ANSWERED_PER_SECTION[section], section


def test_sections_use_canonical_names_in_document_order(questions):
    order = list(dict.fromkeys(q.section for q in questions))
    assert order == list(QUESTIONS_PER_SECTION)


def test_first_and_last_questions(questions):
    assert questions[0].text.startswith("Neural network in simple Numpy.\n\n1. Write in plain")
    assert questions[-1].text == (
        "When building a neural network, should you overfit or underfit it first?"
    )
    assert questions[-1].answer == ""


def test_no_page_chrome_or_bare_answer_line_anywhere(questions):
    noise = ("Skip to content", "Latest commit", "History", "File metadata", " KB", ".md")
    for question in questions:
        for body in (question.text, question.answer):
            assert not any(word in body for word in noise), body
            assert "Answer" not in body.splitlines()
            assert "Contents" not in body.splitlines()
            assert not body.startswith("Q.")


def test_question_that_lost_its_q_prefix_is_its_own_unanswered_question(questions):
    lost = starting(questions, "If we want to train the perceptron")
    assert lost.text == (
        "If we want to train the perceptron in order to obtain the best possible weights and "
        "biases, which mathematical equation do we have to solve?"
    )
    assert lost.section == "Perceptron"
    assert lost.answer == ""
    previous = questions[lost.position - 2]
    assert previous.text == "Write the cost function associated with the sigmoidial neuron."
    assert previous.answer == ""


def test_question_with_an_empty_q_line_starts_with_its_sub_parts(questions):
    batch_norm = starting(questions, "1. What is batch normalization?")
    assert batch_norm.section == "Optimization and Loss"
    assert "\n3. What is the mathematical process of normalization?" in batch_norm.text
    assert batch_norm.text.endswith("\n4. Describe, how normalization works in BN.")


def test_plain_text_python_listing_becomes_a_fenced_block(questions):
    tanh = starting(questions, "The code snippet in 8.24 makes use of the tanh function.")
    assert "\n\n```python\nimport torch\nnn001 = nn.Sequential(\nnn.Linear(200, 512)," in tanh.text
    assert "nn.LogSoftmax(dim=1)\n)\n```\n\n1. What type of a neural network" in tanh.text


def test_indented_cpp_listing_becomes_a_dedented_cpp_block(questions):
    sigmoid = starting(questions, "The Sigmoid s(x) = 1")
    assert sigmoid.text.count("```cpp\n#include <torch/script.h>\n#include <vector>\n") == 2
    assert "\nint main() {\n" in sigmoid.text
    # The indented formula between the listings is not code.
    assert "\n\n$\\frac{d}{dx}[\\frac{1}{1+2^{-1.5x}}]$\n\n" in sigmoid.text


def test_code_listing_keeps_its_inner_blank_line_and_stops_at_the_prose(questions):
    batch_norm = starting(questions, "Your friend, a novice data scientist")
    assert "```python\nimport torch\nfrom torch import nn\n\nclass BNl001(nn.Module):" in (
        batch_norm.text
    )
    assert batch_norm.text.endswith(" def forward(self, x):\n    ...\n```")
    maxpool = starting(questions, "While reading a paper about the MaxPool operation")
    assert "out=model.forward(x)\n```\n\nThe architecture is presented in 9.2:" in maxpool.text


def test_caret_tabs_are_dropped_from_code(questions):
    vgg = starting(questions, "Referring the code snippet in Fig. (8.31)")
    assert '\nif __name__ == "__main__":\n  main()\n```' in vgg.text
    assert all("^^I" not in q.text for q in questions)


def test_duplicated_figure_caption_is_kept_once(questions):
    mlp = starting(questions, "You are provided with the following MLP as depicted in 8.16.")
    assert mlp.text.count("A basic MLP") == 1
    assert "\n\nA basic MLP\n\nThe ReLU non-linear activation" in mlp.text
    dropouts = starting(questions, "A co-worker claims he discovered an equivalence theorem")
    assert dropouts.text.count("Two consecutive Dropout layers") == 1  # one copy had a space


def test_answer_figure_with_differing_alt_text_keeps_only_its_caption(questions):
    multitask = starting(questions, "What is multitask learning?")
    assert "Several nodes in a MLP." not in multitask.answer
    assert "\n\nA common form of multitask learning\n\n" in multitask.answer


def test_answer_that_is_only_a_missing_figure_counts_as_unanswered(questions):
    subnetworks = starting(questions, "Show all the possible subnetworks")
    assert subnetworks.answer == ""
    assert subnetworks.needs_figure
    assert subnetworks.text.endswith("\n\nBase Network")


def test_questions_that_depend_on_a_missing_figure_are_flagged(questions):
    flagged = [q.text.split("\n")[0][:45] for q in questions if q.needs_figure]
    assert flagged == [
        "You are experimenting with the ReLU activatio",
        "If he uses the following filter for the convo",
        "What would be the resulting tensor after the ",
        "What would be the resulting tensor after the ",
        "The following input 8.38 is subjected to a Ma",
        "Visualized in (8.43) from a high-level view, ",
        "Your friend was thinking about ResNet blocks,",
        "Answer the following questions regarding the ",
        "Refer to the validation log-loss curve visual",
        "Show all the possible subnetworks that can be",
    ]


def test_figure_that_only_illustrates_given_data_is_not_flagged(questions):
    mlp = starting(questions, "You are provided with the following MLP as depicted in 8.16.")
    assert not mlp.needs_figure


def test_true_false_question_with_its_key_from_the_answer(questions):
    dropout = starting(questions, "[True/False] Does dropout aim to approximate")
    assert dropout.kind == Kind.TRUE_FALSE
    assert dropout.answer == "True"
    assert [(c.text, c.is_correct) for c in dropout.choices] == [("True", True), ("False", False)]


def test_unanswered_true_false_question_has_choices_without_a_key(questions):
    perceptron = starting(questions, "True or False: the output of a perceptron is 0 or 1.")
    assert perceptron.kind == Kind.TRUE_FALSE
    assert [(c.text, c.is_correct) for c in perceptron.choices] == [
        ("True", None),
        ("False", None),
    ]


def test_choose_all_that_apply_question_has_its_options_as_choices(questions):
    blocks = starting(questions, "Which of the following core building blocks")
    assert blocks.kind == Kind.MULTIPLE_CHOICE
    assert blocks.text == (
        "Which of the following core building blocks may be used to construct CNNs? "
        "Choose all the options that apply:"
    )
    assert [(c.text, c.is_correct) for c in blocks.choices] == [
        ("Pooling layers", None),
        ("Convolutional layers", None),
        ("Normalization layers", None),
        ("Non-linear activation function", None),
        ("Linear activation function", None),
    ]
    designs = starting(questions, "You are designing a CNN which has a single BN layer.")
    assert designs.kind == Kind.MULTIPLE_CHOICE
    assert designs.choices[0].text == "CONV→act→BN→Dropout→..."
    assert len(designs.choices) == 6


def test_only_whole_true_false_and_choose_all_questions_get_a_closed_kind(questions):
    closed = [(q.position, q.kind) for q in questions if q.kind != Kind.OPEN]
    assert closed == [
        (17, Kind.TRUE_FALSE),
        (18, Kind.TRUE_FALSE),
        (19, Kind.TRUE_FALSE),
        (50, Kind.TRUE_FALSE),
        (51, Kind.MULTIPLE_CHOICE),
        (52, Kind.MULTIPLE_CHOICE),
        (128, Kind.TRUE_FALSE),
    ]
    assert all(q.choices == [] for q in questions if q.kind == Kind.OPEN)


def test_question_with_true_false_or_choose_one_sub_parts_stays_open(questions):
    perceptron = starting(questions, "In its simplest form, a perceptron (8.16)")
    assert perceptron.kind == Kind.OPEN
    assert "\n\n2. True or False: If we instead use" in perceptron.text
    vgg = starting(questions, "Referring the code snippet in Fig. (8.31)")
    assert vgg.kind == Kind.OPEN
    assert "2. Choose the correct option." in vgg.text
    assert vgg.text.endswith("\n    1. Conv2d\n    2. MaxPool2d\n    3. ReLU")


def test_formulas_survive_byte_for_byte(source, questions):
    l2_objective = r"$$ \tilde{J}(w; X, y) = \frac{\alpha}{2}w^{T}w + J(w; X, y) $$"
    cross_entropy = r"$$ L = -\sum_i{y_i\log(y_i)} $$"
    perceptron = (
        r"$$output = \begin{cases} 0, & \text{if } \sum_j(w_jx_j + b) \leq 0, \\ "
        r"1, & \text{if } \sum_j(w_jx_j + b) > 0 \end{cases}$$"
    )
    for formula in (l2_objective, cross_entropy, perceptron):
        assert formula in source
    l2 = starting(questions, "Write the expression of objective function $J$ in case of $L^2$")
    assert l2.answer.endswith(f"\n\n{l2_objective}")
    mlp = starting(questions, "You are provided with the following MLP as depicted in 8.16.")
    assert f"the output of the Softmax. {cross_entropy} What are the resulting values?" in (
        mlp.text
    )
    assert perceptron in starting(questions, "In its simplest form, a perceptron").text


def test_sub_parts_run_together_on_one_line_are_split(questions):
    decay = starting(questions, "It’s a common practice for the learning rate to be reduced")
    assert decay.text == (
        "It’s a common practice for the learning rate to be reduced throughout the training.\n\n"
        "1. What’s the motivation?\n2. What might be the exceptions?"
    )
    swish = starting(questions, "In many interviews, you will be given a paper")
    assert "surprising?\n4. Write the formulae for the Swish" in swish.text
    assert swish.text.endswith("\n5. Plot the Swish activation function.")


def test_sub_parts_interrupted_by_a_formula_keep_counting(questions):
    hadamard = starting(questions, "The following operator is known as the Hadamard product:")
    assert "\n\n5. Calculate the OUT tensor as follows:" in hadamard.text
    norms = starting(questions, "Answer the following questions regarding norms.")
    assert "\n\n4. Compute both the Euclidean and Manhattan distance" in norms.text


def test_nested_sub_parts_and_answer_bullets_become_nested_lists(questions):
    learning_rate = starting(questions, "Learning rate.")
    assert "is:\n    1. too high\n    2. too low\n    3. acceptable.\n\n2. What’s" in (
        learning_rate.text
    )
    techniques = starting(questions, "What are different kind of regularization techniques")
    assert "- Parameter norm penalties\n    - $L^1$ regularizer\n" in techniques.answer
    assert "•" not in "".join(q.answer for q in questions)


def test_hyperparameter_table_printed_as_lines_becomes_a_list(questions):
    pipeline = starting(questions, "A certain training pipeline for the classification")
    assert "\n\n- Initial learning rate 0.1\n- Weight decay 0.0001\n- Momentum 0.9\n" in (
        pipeline.text
    )
    assert "- Batch size 1024\n\n```python\noptimizer = optim.SGD(" in pipeline.text
