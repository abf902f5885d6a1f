"""The topic taxonomy and the rules that file each question under its topics.

Rules are keyword patterns matched against the question's prose (code blocks and formulas are
left out; words are matched whole, case-insensitively). A question takes the topics whose
patterns match most often, at most three; a section of a source document that is about one
topic adds it; a question that matches nothing is filed under Foundations.
"""

import re
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
        r"classification and regression|weights?/parameters",
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
        r"hessian|derivatives?|update (its |the )?(model )?weights",
    ),
    TopicRule(
        "regularization",
        "Regularization",
        "Fighting overfitting: dropout, weight decay, L1/L2 penalties, early stopping.",
        r"regulari[sz]|dropout|drop-?out|weight decay|\bL[12]\b|L\^[12]|early stopping|"
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
        r"modalit(y|ies) of data|labell?ed|labels?|type of data|training data|imbalance|"
        r"feed data",
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
        r"object detection|detect(ion|or)s?|YOLO|R-?CNN|SSD|bounding box|box coordinate|"
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
        r"recurrent|\bRNNs?\b|LSTMs?|BiLSTM|\bGRUs?\b|sequences?|sequential problem|"
        r"time series|cell function|backpropagation through time|\bBPTT\b",
    ),
    TopicRule(
        "attention-transformers",
        "Attention, transformers and language",
        "Attention mechanisms, self-attention, transformers, tokens and embeddings.",
        r"attention|transformers?|\bBERT\b|\bGPT|encoder-decoder|positional encoding|"
        r"multi-?head|large language model|language model|\bLLMs?\b|tokeni[sz]|embeddings?|"
        r"\bNLP\b",
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
        r"\bIoU\b|intersection over union|\bmAP\b|metrics?|evaluat|\bTP\b",
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

# A section of a source document that is about one topic adds it to all its questions.
SECTION_TOPICS = {
    "Perceptron": "foundations",
    "Training and Hyperparameters": "training",
    "Optimization and Loss": "optimization",
    "Regularization for Deep Learning": "regularization",
}

MAX_TOPICS = 3

_COMPILED = [
    (rule.slug, re.compile(rf"\b(?:{rule.pattern})", re.IGNORECASE)) for rule in TOPIC_RULES
]
# Fenced code and math say little about the topic (every snippet imports torch).
_CODE_AND_MATH = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$", re.DOTALL)


def assign_topics(text: str, section: str = "") -> list[str]:
    """The slugs of the topics a question belongs to, in taxonomy order, never empty."""
    prose = _CODE_AND_MATH.sub(" ", text)
    hits = {slug: len(pattern.findall(prose)) for slug, pattern in _COMPILED}
    ranked = sorted((slug for slug in hits if hits[slug]), key=lambda slug: -hits[slug])
    slugs = set(ranked[:MAX_TOPICS])
    if section in SECTION_TOPICS:
        slugs = set(ranked[: MAX_TOPICS - 1]) | {SECTION_TOPICS[section]}
    if not slugs:
        slugs.add(FALLBACK_TOPIC)
    return [rule.slug for rule in TOPIC_RULES if rule.slug in slugs]
