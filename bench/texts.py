"""Synthetic deep-learning exam text: questions, answers and choices in Markdown with LaTeX math.

Pure functions of a random generator, so a bank built with the same seed is the same bank. The
texts look like the seed documents: inline and display math, numbered steps, code blocks.
"""

import random

TOPICS = [
    ("activation-functions", "Activation functions"),
    ("backpropagation", "Backpropagation"),
    ("optimization", "Optimization"),
    ("regularization", "Regularization"),
    ("convolutional-networks", "Convolutional networks"),
    ("recurrent-networks", "Recurrent networks"),
    ("attention", "Attention"),
    ("transformers", "Transformers"),
    ("normalization", "Normalization"),
    ("loss-functions", "Loss functions"),
    ("probability", "Probability"),
    ("linear-algebra", "Linear algebra"),
    ("information-theory", "Information theory"),
    ("generative-models", "Generative models"),
    ("reinforcement-learning", "Reinforcement learning"),
    ("embeddings", "Embeddings"),
    ("initialization", "Initialization"),
    ("evaluation", "Evaluation"),
    ("autograd", "Automatic differentiation"),
    ("pytorch", "PyTorch"),
]

SOURCES = [
    ("bench-exam-questions", "Deep learning exam questions (synthetic)"),
    ("bench-interview", "Interview questions: neural networks (synthetic)"),
    ("bench-flashcards", "Fundamentals flashcards (synthetic)"),
    ("bench-study-notes", "Study notes (synthetic)"),
    ("bench-past-papers", "Past papers (synthetic)"),
    ("bench-problem-sets", "Problem sets (synthetic)"),
    ("bench-lecture-quizzes", "Lecture quizzes (synthetic)"),
    ("bench-textbook", "Textbook exercises (synthetic)"),
]

_QUESTIONS = [
    "Show that the derivative of the sigmoid $\\sigma(x) = \\frac{{1}}{{1 + e^{{-x}}}}$ satisfies "
    "$\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$, and evaluate it at $x = {a}$.",
    "Write the softmax of a vector $z \\in \\mathbb{{R}}^{{{n}}}$ and explain why subtracting "
    "$\\max_j z_j$ before exponentiating leaves it unchanged.\n\n"
    "$$\\mathrm{{softmax}}(z)_i = \\frac{{e^{{z_i}}}}{{\\sum_{{j=1}}^{{{n}}} e^{{z_j}}}}$$",
    "For logits $z$ and a one-hot target $y$ over {n} classes the loss is "
    "$L = -\\sum_i y_i \\log \\mathrm{{softmax}}(z)_i$. Derive $\\partial L / \\partial z_i$ and "
    "explain why the result is *bounded*.",
    "A layer of {n} units uses dropout with keep probability $p = {p}$. What is the expected "
    "number of active units during training, and how must activations be scaled at test time?",
    "A convolution with kernel size $k = {k}$, stride $s = {s}$ and padding $p = {pad}$ is "
    "applied to a ${d} \\times {d}$ input. Give the output size, using\n\n"
    "$$o = \\left\\lfloor \\frac{{d + 2p - k}}{{s}} \\right\\rfloor + 1$$",
    "Write the update rules of Adam with $\\beta_1 = 0.9$, $\\beta_2 = 0.999$ and learning rate "
    "$\\eta = {lr}$:\n\n1. the first moment $m_t$\n2. the second moment $v_t$\n"
    "3. the bias correction\n\nWhy is the bias correction needed in the first steps?",
    "What does the following PyTorch snippet print?\n\n```python\nimport torch\n"
    "x = torch.tensor([{a}, {b}], requires_grad=True)\ny = (x ** 2).sum()\ny.backward()\n"
    "print(x.grad)\n```",
    "True or false: $L^2$ regularization with coefficient $\\lambda = {lam}$ is equivalent to MAP "
    "estimation with a Gaussian prior $w \\sim \\mathcal{{N}}(0, \\lambda^{{-1}} I)$.",
    "Batch normalization computes $\\hat{{x}} = \\frac{{x - \\mu_B}}{{\\sqrt{{\\sigma_B^2 + "
    "\\epsilon}}}}$ over a mini-batch of {n} examples. Which parameters are learned, and what is "
    "used at inference time?",
    "Scaled dot-product attention is $\\mathrm{{Attention}}(Q, K, V) = \\mathrm{{softmax}}"
    "\\left(\\frac{{QK^T}}{{\\sqrt{{d_k}}}}\\right) V$. With $d_k = {d}$, why divide by "
    "$\\sqrt{{d_k}}$ before the softmax?",
    "An LSTM cell has a forget gate $f_t = \\sigma(W_f [h_{{t-1}}, x_t] + b_f)$. With a hidden "
    "size of {n}, how many parameters does this gate have for inputs of size {m}?",
    "A network stacks {n} layers with $\\tanh$ activations. Explain why gradients can vanish, "
    "using $|\\tanh'(x)| \\le 1$ and the chain rule.",
    "Compute the Kullback-Leibler divergence $D_{{KL}}(P \\| Q)$ for $P = ({p}, {q})$ and "
    "$Q = (0.5, 0.5)$, in nats.",
    "For a layer with $n_{{in}} = {n}$ and $n_{{out}} = {m}$, what variance does Xavier "
    "initialization give the weights?\n\n$$\\mathrm{{Var}}(W) = \\frac{{2}}{{n_{{in}} + "
    "n_{{out}}}}$$",
    "A classifier has {tp} true positives, {fp} false positives and {fn} false negatives. "
    "Compute precision, recall and $F_1 = 2 \\frac{{P R}}{{P + R}}$.",
    "Two embeddings $u$ and $v$ of dimension {d} have $u \\cdot v = {a}$, $\\|u\\| = {b}$ and "
    "$\\|v\\| = 2$. What is their cosine similarity?",
    "Explain each term of the GAN objective:\n\n$$\\min_G \\max_D \\; \\mathbb{{E}}_{{x \\sim "
    "p_{{data}}}}[\\log D(x)] + \\mathbb{{E}}_{{z \\sim p_z}}[\\log(1 - D(G(z)))]$$",
    "Write the evidence lower bound of a VAE with latent dimension {n} and say which term "
    "regularizes the encoder.",
    "Let $f(W) = \\|W x - y\\|_2^2$ with $W \\in \\mathbb{{R}}^{{{m} \\times {n}}}$. Find "
    "$\\nabla_W f$.",
    "An MLP has inputs $x_1 = {a}$ and $x_2 = {b}$, weights $w_1 = {c}$ and $w_2 = {e}$, and a "
    "bias of $0.001$. Compute the output of one ReLU unit $g(z) = \\max(0, z)$.",
    "Label smoothing with $\\epsilon = {p}$ replaces a one-hot target over {n} classes. Write the "
    "smoothed target and its effect on the softmax outputs.",
    "Dividing logits by a temperature $T = {t}$ before the softmax changes the distribution. "
    "What happens as $T \\to 0$ and as $T \\to \\infty$?",
    "Gradient clipping by norm rescales $g$ when $\\|g\\| > {c}$. Write the rule and name a model "
    "family where it is essential.",
    "Why does AdamW decouple weight decay from the gradient update? Compare with adding "
    "$\\frac{{\\lambda}}{{2}} \\|w\\|^2$ to the loss.",
    "Three convolutions with kernel size {k} and stride 1 are stacked. What is the receptive "
    "field of a unit in the last layer?",
    "A language model assigns an average log-likelihood of ${lp}$ nats per token. What is its "
    "perplexity $\\mathrm{{PPL}} = e^{{-\\frac{{1}}{{N}} \\sum_i \\log p(x_i)}}$?",
    "In REINFORCE the gradient is $\\nabla_\\theta J = \\mathbb{{E}}[\\nabla_\\theta \\log "
    "\\pi_\\theta(a|s) \\, G_t]$. Why does subtracting a baseline reduce the variance without "
    "adding bias?",
    "Compute the entropy $H(X) = -\\sum_x p(x) \\log_2 p(x)$ of a distribution over {n} equally "
    "likely outcomes.",
    "A ReLU unit receives inputs whose pre-activation is always below $-{a}$. What is the "
    '"dying ReLU" problem, and how does Leaky ReLU with slope $\\alpha = {p}$ help?',
    "With a cosine schedule $\\eta_t = \\eta_{{min}} + \\frac{{1}}{{2}}(\\eta_{{max}} - "
    "\\eta_{{min}})(1 + \\cos(\\frac{{t \\pi}}{{T}}))$ and $T = {big}$ steps, what is the learning "
    "rate at $t = T/2$?",
]

_ANSWER_PARAGRAPHS = [
    "By the chain rule, $\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial y} "
    "\\frac{\\partial y}{\\partial w}$, so the gradient of each layer is the product of the "
    "local derivatives along the path.",
    "$$\\frac{\\partial L}{\\partial z_i} = \\mathrm{softmax}(z)_i - y_i$$",
    "The outputs are probabilities: they are positive and sum to one, so "
    "$0 \\le \\mathrm{softmax}(z)_i \\le 1$.",
    "During training each unit is kept with probability $p$, so the expected activation is "
    "$p \\cdot a$. At test time every unit is active and the weights are multiplied by $p$ "
    "(or, with *inverted* dropout, activations are divided by $p$ during training).",
    "The learned parameters are the scale $\\gamma$ and the shift $\\beta$; at inference the "
    "running averages of $\\mu_B$ and $\\sigma_B^2$ replace the batch statistics.",
    "Steps:\n\n1. compute the pre-activation $z = w^T x + b$\n2. apply the non-linearity "
    "$a = g(z)$\n3. pass $a$ to the next layer",
    "For large $d_k$ the dot products grow like $\\sqrt{d_k}$, pushing the softmax into regions "
    "where its gradient is tiny; dividing by $\\sqrt{d_k}$ keeps the variance near one.",
    "```python\nimport torch\nlogits = torch.randn(4, 10)\nprobs = logits.softmax(dim=-1)\n"
    "assert torch.allclose(probs.sum(-1), torch.ones(4))\n```",
    "$L^2$ regularization adds $\\frac{\\lambda}{2}\\|w\\|_2^2$ to the objective, which is the "
    "negative log of a Gaussian prior up to a constant; $L^1$ corresponds to a Laplace prior.",
    "The bias correction divides by $1 - \\beta^t$: both moments start at zero and would "
    "otherwise be biased towards zero in the first steps.",
    "$$D_{KL}(P \\| Q) = \\sum_x P(x) \\log \\frac{P(x)}{Q(x)} \\ge 0$$ with equality only when "
    "$P = Q$.",
    "Precision is $\\frac{TP}{TP + FP}$ and recall is $\\frac{TP}{TP + FN}$; $F_1$ is their "
    "harmonic mean, so it is low when either of them is low.",
    "Each factor $|\\tanh'(x)| \\le 1$, and the product of many such factors shrinks "
    "exponentially with depth: $\\prod_{l=1}^{L} |\\tanh'(z_l)| \\to 0$.",
    "The ELBO is $\\mathbb{E}_{q(z|x)}[\\log p(x|z)] - D_{KL}(q(z|x) \\| p(z))$: the first term "
    "reconstructs, the second keeps the posterior close to the prior.",
    "| quantity | value |\n| --- | --- |\n| parameters | $4(nm + n^2 + n)$ |\n| gates | 4 |",
    "A baseline $b(s)$ does not depend on the action, so "
    "$\\mathbb{E}[\\nabla_\\theta \\log \\pi_\\theta(a|s) \\, b(s)] = 0$: the estimate stays "
    "unbiased while its variance drops.",
    "In short: normalise, then let the network undo the normalisation if it helps. This is why "
    "the two parameters are initialised to $\\gamma = 1$ and $\\beta = 0$.",
    "Note that $\\nabla_W \\|Wx - y\\|_2^2 = 2 (Wx - y) x^T$, a rank-one matrix.",
]

_CHOICES = [
    "$\\sigma(x)(1 - \\sigma(x))$",
    "$1 - \\tanh^2(x)$",
    "$\\max(0, x)$",
    "It halves the effective learning rate",
    "It keeps the variance of the dot products near one",
    "$\\frac{2}{n_{in} + n_{out}}$",
    "$\\frac{1}{n_{in}}$",
    "The running mean and variance",
    "The batch statistics of the test batch",
    "$e^{1.5} \\approx 4.48$",
    "Only the forget gate",
    "$O(n^2)$ in the sequence length",
    "$\\mathrm{softmax}(z)_i - y_i$",
    "Nothing: the output is unchanged",
    "`torch.no_grad()` disables it",
    "The gradient is clipped to norm $1$",
    "$\\log_2 n$ bits",
    "A Laplace prior",
    "A Gaussian prior",
    "It removes the bias of the first steps",
]

_STUDENT_ANSWERS = [
    "The gradient is $\\sigma(x)(1-\\sigma(x))$, from the quotient rule.",
    "Dropout keeps each unit with probability $p$, so scale by $p$ at test time.",
    "Because the dot products grow with $d_k$ and saturate the softmax.",
    "$o = \\lfloor (d + 2p - k)/s \\rfloor + 1$",
    "Precision $= TP/(TP+FP)$, recall $= TP/(TP+FN)$.",
    "It is the harmonic mean, so both must be high.",
    "The bias correction fixes the zero initialisation of $m_t$ and $v_t$.",
    "I think the answer is the running statistics.",
    "Vanishing gradients: the product of many small derivatives.",
    "$\\nabla_W f = 2(Wx - y)x^T$",
]

# Words a student types, a few at a time, into an open answer during an exam.
ANSWER_WORDS = (
    "the gradient of the loss with respect to the logits is $p - y$ where $p$ is the softmax "
    "output and $y$ the one-hot target so each step moves probability mass towards the correct "
    "class and the update is bounded by one in absolute value which keeps training stable even "
    "when the logits are large; with $L^2$ regularization the weights shrink by a factor "
    "$1 - \\eta\\lambda$ at every step"
).split()


def _params(rng: random.Random) -> dict:
    return {
        "a": rng.choice(["0.5", "0.9", "1.2", "-0.3", "2", "0.7"]),
        "b": rng.choice(["0.7", "1.5", "-1", "3", "0.25"]),
        "c": rng.choice(["-0.3", "0.15", "0.8", "1.1"]),
        "e": rng.choice(["0.15", "-0.6", "0.4", "2.5"]),
        "n": rng.choice([3, 4, 5, 8, 10, 16, 32, 64, 128, 256, 512]),
        "m": rng.choice([2, 10, 32, 100, 300, 784]),
        "d": rng.choice([7, 28, 32, 64, 224]),
        "k": rng.choice([1, 3, 5, 7]),
        "s": rng.choice([1, 2]),
        "pad": rng.choice([0, 1, 2]),
        "p": rng.choice(["0.1", "0.2", "0.5", "0.8", "0.9"]),
        "q": rng.choice(["0.9", "0.8", "0.5", "0.2"]),
        "lr": rng.choice(["10^{-3}", "3 \\times 10^{-4}", "0.01"]),
        "lam": rng.choice(["0.01", "0.1", "10^{-4}"]),
        "tp": rng.randint(10, 90),
        "fp": rng.randint(1, 30),
        "fn": rng.randint(1, 30),
        "t": rng.choice(["0.5", "2", "10"]),
        "lp": rng.choice(["-2.3", "-1.1", "-3.0"]),
        "big": rng.choice([1000, 10000, 50000]),
    }


def question_texts(rng: random.Random, count: int) -> list[str]:
    """``count`` question texts, cycling through every template."""
    return [
        _QUESTIONS[i % len(_QUESTIONS)].format(**_params(rng)) + _extra(rng, i)
        for i in range(count)
    ]


def _extra(rng: random.Random, i: int) -> str:
    """Sometimes a second paragraph, as many real questions have."""
    roll = rng.random()
    if roll < 0.2:
        return "\n\nJustify your answer in two or three sentences."
    if roll < 0.3:
        return "\n\n> Hint: start from the definition and apply the chain rule."
    return ""


def answer_bodies(rng: random.Random, count: int) -> list[str]:
    return ["\n\n".join(rng.sample(_ANSWER_PARAGRAPHS, rng.randint(2, 4))) for _ in range(count)]


def choice_texts() -> list[str]:
    return list(_CHOICES)


def student_answers() -> list[str]:
    return list(_STUDENT_ANSWERS)


def typed_answer(revision: int) -> str:
    """What a student has typed into an open answer after ``revision`` autosaves."""
    words = ANSWER_WORDS * (1 + revision * 3 // len(ANSWER_WORDS))
    return " ".join(words[: 3 * revision]) + f" (draft {revision})"
