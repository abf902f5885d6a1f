"""The topic taxonomy and the rules that file each question under its topics.

Rules are keyword patterns matched against the question's prose (code blocks and formulas are
left out; words are matched whole, case-insensitively except where a pattern says
otherwise, as for "mAP"). Each match is a vote; a section of a source document that is about one
topic gives that topic one vote more. A question takes the topics with the most votes, at most
three, leaving out those with less than a quarter of the leader's votes: a section's vote, or a
passing mention, never outweighs the question's subject. A question that matches nothing takes
the topics its document's neighbouring questions share (the encoder and decoder questions in the
middle of the segmentation part), else Foundations.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TopicRule:
    slug: str
    name: str
    description: str
    pattern: str


TOPIC_RULES = [
    TopicRule(
        "foundations",
        "Foundations",
        "What AI, machine learning and neural networks are; neurons, perceptrons and layers.",
        r"perceptrons?|MLPs?|multi-?layer|(un|self-|semi-|weakly-)?supervised|induced field|"
        r"feed-?forward|universal (function )?approximat|hidden layers?|"
        r"linear (layers?|classifiers?)|"
        r"human brain|biological|artificial intelligence|fully[- ]connected|dense layers?|"
        r"classification and regression|weights?/parameters|what an? (weight|bias) is",
    ),
    TopicRule(
        "activation-functions",
        "Activation functions",
        "Sigmoid, tanh, ReLU and friends: non-linearity, derivatives and saturation.",
        r"activation|sigmoid|tanh|relu|leaky|softmax|swish|silu|gelu|non-?linearit|"
        r"dead neurons?|dying",
    ),
    TopicRule(
        "loss-functions",
        "Loss functions",
        "Measuring error: cross-entropy, mean squared error, Huber, hinge and cost functions.",
        r"loss|cost function|cross[- ]entropy|mean squared|\bMSE\b|huber|hinge|"
        r"objective function|likelihood|kl[- ]divergence",
    ),
    TopicRule(
        "optimization",
        "Optimization",
        "Gradient descent and its variants, learning rates, momentum and Adam.",
        r"gradient descent|\bSGD\b|optimi[sz]|adam|rmsprop|adagrad|momentum|learning rate|"
        r"gradients?|back-?propagat|backward propagation|convex|saddle|(local|global) minim|"
        r"hessian|derivatives?|update (its |the )?(model )?weights|backward pass(es)?",
    ),
    TopicRule(
        "regularization",
        "Regularization",
        "Fighting overfitting: dropout, weight decay, L1/L2 penalties, early stopping.",
        r"regulari[sz]|dropout|drop-?out|weight decay|\bL[12]\b(?! loss)|L\^[12]|early stopping|"
        r"overfit|over-fit|bagging|ensembl|lasso|ridge|generali[sz]ation|multi-?task|"
        r"label smoothing|norm penalt",
    ),
    TopicRule(
        "training",
        "Training",
        "How networks are trained: epochs, batches, initialisation, normalisation, tuning.",
        r"training loop|training process|epochs?|batch(es| size)|mini-?batch|"
        r"hyper-?parameters?|initiali[sz]|vanishing|exploding|underfit|batch norm|"
        r"(layer|weight) norm|normali[sz]ation|fine-?tun|transfer learning|convergence|"
        r"pre-?train|forward (pass|propagation)|training (and|loss|with)|train (a|your|the)",
    ),
    TopicRule(
        "tensors",
        "Tensors",
        "Tensors, their shapes, ranks and operations.",
        r"tensors?|reshape|squeeze|broadcast|hadamard|axis|slice",
    ),
    TopicRule(
        "frameworks",
        "Frameworks",
        "PyTorch, TensorFlow, Keras, NumPy and the tools used to build networks.",
        r"pytorch|torch|tensorflow|keras|numpy|scipy|jax|autograd|\bcuda\b|\bGPU|frameworks?|"
        r"sequential model|functional model",
    ),
    TopicRule(
        "data",
        "Data",
        "Datasets, labels, splits, preprocessing and augmentation.",
        r"data ?sets?|data ?loaders?|data augmentation|augment|pre-?process|splits?|"
        r"modalit(y|ies) of data|labell?ed|labels?(?! smoothing)|type of data|training data|"
        r"imbalance|feed data|(numerical|textual|categorical) features",
    ),
    TopicRule(
        "cnn",
        "Convolutional networks",
        "Convolutions, filters, pooling, strides and CNN architectures.",
        r"convolution|\bCNNs?\b|conv(2d|net)|filters?|kernel|pooling|max-?pool|stride|"
        r"padding|receptive field|feature maps?|VGG|ResNet|AlexNet|LeNet|inception|MobileNet|"
        r"image classification|residual|skip connections?",
    ),
    TopicRule(
        "object-detection",
        "Object detection",
        "Finding objects in images: YOLO, R-CNN, anchors and non-maximum suppression.",
        r"object detections?|detectors?|YOLO|R-?CNN|SSD|bounding box|box coordinate|"
        r"anchor|non-?max(imum)? suppression|\bNMS\b|region proposal|\bROI\b|"
        r"locali[sz](e|ing|ation) (an )?object|object locali[sz]ation",
    ),
    TopicRule(
        "segmentation",
        "Segmentation",
        "Labelling every pixel: semantic and instance segmentation, U-Net, Mask R-CNN.",
        r"segmentation|U-?Net|Mask R-?CNN|pixel-?wise|FCN|unpooling|upsampl",
    ),
    TopicRule(
        "rnn",
        "Recurrent networks",
        "RNNs, LSTMs and GRUs for sequences and time series.",
        r"recurrent|\bRNNs?\b|LSTMs?|BiLSTM|\bGRUs?\b|(?<!as a )sequences?|sequential problem|"
        r"time series|cell function|backpropagation through time|\bBPTT\b",
    ),
    TopicRule(
        "attention-transformers",
        "Attention, transformers and language",
        "Attention mechanisms, self-attention, transformers, tokens and embeddings.",
        r"attention|transformers?|\bBERT\b|\bGPT|encoder-decoder|positional encoding|"
        r"multi-?head|large language model|language model|\bLLMs?\b|tokeni[sz]|embeddings?|"
        r"\bNLP\b|images? (be treated |treated )?as (a )?sequences?|vision transformers?|\bViT\b",
    ),
    TopicRule(
        "generative-models",
        "Generative models",
        "Autoencoders, VAEs, GANs and diffusion models.",
        r"generative|\bGANs?\b|adversarial|autoencoder|auto-encoder|\bVAEs?\b|diffusion|"
        r"discriminator|mode collapse",
    ),
    TopicRule(
        "evaluation-metrics",
        "Evaluation metrics",
        "Accuracy, precision, recall, F1, IoU, mAP and how models are evaluated.",
        r"accuracy|precision|recall|\bF1\b|f-score|confusion matrix|\bROC\b|\bAUC\b|"
        r"\bIoU\b|intersection over union|(?-i:\bmAP\b)|metrics?|evaluat|\bTP\b",
    ),
    TopicRule(
        "deployment",
        "Deployment",
        "Running models in production: inference, quantisation, pruning, export and serving.",
        r"deploy|production|inference time|quanti[sz]|pruning|\bONNX\b|TorchScript|"
        r"edge devices?|latency|serving|mobile devices?|distillation|compress",
    ),
]

TOPICS_BY_SLUG = {rule.slug: rule for rule in TOPIC_RULES}
FALLBACK_TOPIC = "foundations"

# A section of a source document that is about one topic gives it a vote in each question.
SECTION_TOPICS = {
    "Perceptron": "foundations",
    "Training and Hyperparameters": "training",
    "Optimization and Loss": "optimization",
    "Regularization for Deep Learning": "regularization",
}

MAX_TOPICS = 3
# A topic with less than this share of the leading topic's votes is only mentioned in passing.
MIN_SHARE_OF_LEADER = 0.25

_COMPILED = [
    (rule.slug, re.compile(rf"\b(?:{rule.pattern})", re.IGNORECASE)) for rule in TOPIC_RULES
]
# Fenced code and math say little about the topic (every snippet imports torch).
_CODE_AND_MATH = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$", re.DOTALL)


def _matched_topics(text: str, section: str) -> list[str]:
    """The topics the question's keywords and section vote for, in taxonomy order; may be
    empty."""
    prose = _CODE_AND_MATH.sub(" ", text)
    votes = Counter({slug: len(pattern.findall(prose)) for slug, pattern in _COMPILED})
    if section in SECTION_TOPICS:
        votes[SECTION_TOPICS[section]] += 1
    order = {rule.slug: index for index, rule in enumerate(TOPIC_RULES)}
    ranked = sorted((slug for slug in votes if votes[slug]), key=lambda s: (-votes[s], order[s]))
    if not ranked:
        return []
    leader = votes[ranked[0]]
    kept = {slug for slug in ranked[:MAX_TOPICS] if votes[slug] >= MIN_SHARE_OF_LEADER * leader}
    return [rule.slug for rule in TOPIC_RULES if rule.slug in kept]


def assign_topics(text: str, section: str = "") -> list[str]:
    """The slugs of the topics a question belongs to, in taxonomy order, never empty."""
    return _matched_topics(text, section) or [FALLBACK_TOPIC]


def assign_document_topics(questions: Iterable[Sequence[str]]) -> list[list[str]]:
    """The topics of each (text, section) of one document, in document order: a question that
    matches nothing takes the topics shared by the nearest matched questions before and after
    it, if any, else Foundations."""
    matched = [_matched_topics(text, section) for text, section in questions]
    topics = []
    for index, own in enumerate(matched):
        if not own:
            before = next((t for t in reversed(matched[:index]) if t), [])
            after = next((t for t in matched[index + 1 :] if t), [])
            own = [slug for slug in before if slug in after]
        topics.append(own or [FALLBACK_TOPIC])
    return topics
