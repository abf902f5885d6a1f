"""The interview-neural-networks parser against the real document (no database)."""

import re

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


def notice(caption=""):
    box = '!!! figure-missing "Figure missing from the source"'
    return f"{box}\n    {caption}" if caption else box


def test_a_figure_caption_printed_twice_becomes_one_missing_figure_notice(questions):
    mlp = starting(questions, "You are provided with the following MLP as depicted in 8.16.")
    assert mlp.text.count("A basic MLP") == 1
    assert f"8.16.\n\n{notice('A basic MLP')}\n\nThe ReLU non-linear activation" in mlp.text
    assert mlp.needs_figure
    dropouts = starting(questions, "A co-worker claims he discovered an equivalence theorem")
    assert dropouts.text.count(notice("Two consecutive Dropout layers")) == 1  # one had a space


def test_each_of_two_figures_with_one_caption_gets_its_notice(questions):
    dropout = starting(questions, "A Dropout layer [26] (Fig. 8.32)")
    assert dropout.text.count(notice("A Dropout layer (simplified form)")) == 2
    block = starting(questions, "Visualized in (8.43) from a high-level view")
    assert block.text.count(notice("A CNN block")) == 2


def test_a_caption_printed_in_another_question_leaves_a_notice_without_it(questions):
    sigmoid = starting(questions, "The Sigmoid s(x) = 1")
    assert "Logical AND gate" not in sigmoid.text
    assert f"respectively.\n\n{notice()}\n\nDigital hardware" in sigmoid.text
    assert sigmoid.needs_figure
    and_gate = starting(questions, "The AND logic gate is defined by the following table:")
    assert notice("Logical AND gate") in and_gate.text
    batch_norm = starting(questions, "Your friend, a novice data scientist, uses an RGB image")
    assert "Two consecutive MaxPool layers" not in batch_norm.text
    assert f"training a CNN.\n\n{notice()}\n\n1. Help him" in batch_norm.text
    maxpool = starting(questions, "While reading a paper about the MaxPool operation")
    assert notice("Two consecutive MaxPool layers") in maxpool.text


def test_answer_figure_with_differing_alt_text_keeps_only_its_caption(questions):
    multitask = starting(questions, "What is multitask learning?")
    assert "Several nodes in a MLP." not in multitask.answer
    assert f"\n\n{notice('A common form of multitask learning')}\n\n" in multitask.answer
    early_stopping = starting(questions, "What is early stopping in machine learning?")
    assert early_stopping.answer.endswith(f"\n\n{notice('Early stopping in training')}")
    assert "Early Stopping" not in early_stopping.answer
    assert multitask.needs_figure and early_stopping.needs_figure


def test_answer_that_is_only_a_missing_figure_counts_as_unanswered(questions):
    subnetworks = starting(questions, "Show all the possible subnetworks")
    assert subnetworks.answer == ""
    assert subnetworks.needs_figure
    assert subnetworks.text.endswith(f"\n\n{notice('Base Network')}")


def test_questions_that_lost_a_figure_are_flagged(questions):
    flagged = [q.position for q in questions if q.needs_figure]
    # 23 with a caption in the question, 3 in the answer, and the MaxPool question (44) that
    # works on the tensor of the figures before it.
    assert flagged == [
        9, 10, 15, 20, 24, 26, 27, 31, 33, 39, 40, 41, 42, 43, 44, 45, 46, 49, 54, 56, 60, 61,
        64, 119, 121, 125, 127,
    ]  # fmt: skip
    assert all(
        notice() in q.text or notice() in q.answer
        for q in questions
        if q.needs_figure and q.position != 44
    )
    assert not any("figure-missing" in q.text + q.answer for q in questions if not q.needs_figure)


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


def test_choose_one_questions_have_their_options_as_choices_without_a_key(questions):
    statements = starting(questions, "Which of the following statements holds true?")
    assert statements.kind == Kind.SINGLE_CHOICE
    assert statements.text == "Which of the following statements holds true?"
    assert [c.text[:40] for c in statements.choices] == [
        "In stochastic gradient descent we first ",
        "In stochastic gradient descent, the grad",
        "SGD usually avoids the trap of poor loca",
        "SGD usually requires more memory.",
    ]
    assert {c.is_correct for c in statements.choices} == {None}
    initialisation = starting(questions, "If we initialize the weights of a tanh based NN")
    assert initialisation.kind == Kind.SINGLE_CHOICE
    assert initialisation.text.endswith("which of the following approaches will lead to the "
                                        "vanishing gradients problem?")  # fmt: skip
    assert [c.text for c in initialisation.choices] == [
        "Using the normal distribution, with parameter initialization method as suggested by "
        "Kaiming [14].",
        "Using the uniform distribution, with parameter initialization method as suggested by "
        "Xavier Glorot [9].",
        "Initialize all parameters to a constant zero value.",
    ]


def test_only_whole_true_false_and_choice_questions_get_a_closed_kind(questions):
    closed = [(q.position, q.kind) for q in questions if q.kind != Kind.OPEN]
    assert closed == [
        (17, Kind.TRUE_FALSE),
        (18, Kind.TRUE_FALSE),
        (19, Kind.TRUE_FALSE),
        (30, Kind.SINGLE_CHOICE),
        (50, Kind.TRUE_FALSE),
        (51, Kind.MULTIPLE_CHOICE),
        (52, Kind.MULTIPLE_CHOICE),
        (81, Kind.SINGLE_CHOICE),
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


def test_a_space_after_the_opening_dollar_is_closed_up(source, questions):
    assert r"• $ J(\theta; X, y)$ is standard objective function" in source
    penalties = starting(questions, "Write the expression of cost function incase of parameter")
    assert penalties.answer.endswith(r"- $J(\theta; X, y)$ is standard objective function")


def test_formulas_printed_as_plain_text_get_their_dollars_back(questions):
    smoothing = starting(questions, "Why do we need label smoothing?")
    assert (
        r"for a small constant $\epsilon$, the training label $y$ is considered correct with "
        r"probability $1 - \epsilon$"
    ) in smoothing.answer
    assert (
        r"replacing the rigid $0$ and $1$ classification targets with softened targets of "
        r"$1 - \epsilon$ and $\frac{\epsilon}{C}$, respectively, where $C$ is the number"
    ) in smoothing.answer
    decay = starting(questions, "Why is the $L^2$ parameter norm penalty referred to as weight")
    assert decay.answer.startswith("The $L^2$ parameter norm penalty is called weight decay")
    linear = starting(questions, "Explain the impact of $L^2$ regularization on objective")
    assert r"of the matrix $(X^{T}X + \alpha I)^{-1}$ represent" in linear.answer
    inverted = starting(questions, "What is inverted dropout?")
    assert r"keep probability $(1 - p)$. This means that if $p = 0.5$, the outputs" in (
        inverted.answer
    )
    assert r"multiplied by $\frac{1}{(1 - 0.5)} = 2$ during training." in inverted.answer


def test_parentheses_that_are_not_formulas_are_left_alone(questions):
    mlp = starting(questions, "The following questions refer to the MLP depicted in (8.15).")
    assert "What is the value of the output (out2) now?" in mlp.text
    single_layer = starting(
        questions, "In a single-layer feed-forward NN, there are [...] input(s)"
    )
    assert single_layer.text.endswith("[...]. output layer(s) and no [...] connections at all.")
    scaling = starting(questions, "How does weight scaling rule works?")
    assert "$p = 0.5$ (each neuron is kept with a 50% chance)" in scaling.answer
    assert "Sigmoid s(x) = 1 , also commonly known as the logistic function (Fig. 8.20)," in (
        starting(questions, "The Sigmoid s(x) = 1").text
    )


def test_no_tex_command_is_left_outside_math_or_code(questions):
    outside = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$\n]+\$", re.DOTALL)
    for question in questions:
        for body in (question.text, question.answer):
            assert not re.search(r"\\[A-Za-z]", outside.sub("", body)), body


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
