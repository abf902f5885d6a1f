"""The topic taxonomy and the rules that file each question under its topics.

Rules are keyword patterns matched against the question's text (whole words, case-insensitive).
A question takes every topic whose pattern matches; a section of a source document can add a
topic of its own; a question that matches nothing is filed under Foundations.
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
        r"artificial intelligence|machine learning|deep learning|neural network|\bANN\b|neurons?|"
        r"perceptrons?|MLP|multi-?layer|(un|self-|semi-)?supervised|induced field|"
        r"feed-?forward|universal approximation|hidden (layer|node|unit)|linear layers?|"
        r"learn(s|ing)? complex patterns|human brain|reinforcement learning|biological",
    ),
    TopicRule(
        "activation-functions",
        "Activation functions",
        "Sigmoid, tanh, ReLU and friends: non-linearity, derivatives and saturation.",
        r"activation|sigmoid|tanh|relu|leaky|softmax|swish|silu|gelu|non-?linearit",
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
        r"gradient|back-?propagat|convex|saddle|local minim|hessian|newton",
    ),
    TopicRule(
        "regularization",
        "Regularization",
        "Fighting overfitting: dropout, weight decay, L1/L2 penalties, early stopping.",
        r"regulari[sz]|dropout|drop-?out|weight decay|\bL1\b|\bL2\b|early stopping|"
        r"overfit|over-fit|bagging|ensembl|lasso|ridge",
    ),
    TopicRule(
        "training",
        "Training",
        "How networks are trained: epochs, batches, initialisation, normalisation, tuning.",
        r"train(ing|ed)?|epochs?|batch|mini-?batch|hyper-?parameters?|initiali[sz]|"
        r"vanishing|exploding|underfit|normali[sz]ation|fine-?tun|transfer learning|"
        r"convergence|weights? and bias",
    ),
    TopicRule(
        "tensors",
        "Tensors",
        "Tensors, their shapes, ranks and operations.",
        r"tensors?|rank|reshape|broadcast|matri(x|ces)|vectors?|scalar|dimensions? of",
    ),
    TopicRule(
        "frameworks",
        "Frameworks",
        "PyTorch, TensorFlow, Keras, NumPy and the tools used to build networks.",
        r"pytorch|torch|tensorflow|keras|numpy|jax|autograd|\bcuda\b|\bGPU|framework|library",
    ),
    TopicRule(
        "data",
        "Data",
        "Datasets, labels, splits, preprocessing and augmentation.",
        r"data ?sets?|\bdata\b|labell?ed|labels?|augment|pre-?process|train(ing)?[/ -]"
        r"(test|validation)|validation set|test set|imbalance|features? (scaling|engineering)",
    ),
    TopicRule(
        "cnn",
        "Convolutional networks",
        "Convolutions, filters, pooling, strides and CNN architectures.",
        r"convolution|\bCNNs?\b|conv(2d|net)|filters?|kernel|pooling|max-?pool|stride|"
        r"padding|receptive field|feature maps?|VGG|ResNet|AlexNet|LeNet|inception|"
        r"image classification|residual",
    ),
    TopicRule(
        "object-detection",
        "Object detection",
        "Finding objects in images: YOLO, R-CNN, anchors and non-maximum suppression.",
        r"object detection|detect(ion|or)s?|YOLO|R-?CNN|SSD|bounding box|anchor|"
        r"non-?max(imum)? suppression|\bNMS\b|region proposal",
    ),
    TopicRule(
        "segmentation",
        "Segmentation",
        "Labelling every pixel: semantic and instance segmentation, U-Net, Mask R-CNN.",
        r"segmentation|U-?Net|Mask R-?CNN|pixel-?wise|FCN",
    ),
    TopicRule(
        "rnn",
        "Recurrent networks",
        "RNNs, LSTMs and GRUs for sequences and time series.",
        r"recurrent|\bRNNs?\b|LSTMs?|BiLSTM|\bGRUs?\b|sequence|time series|"
        r"backpropagation through time|\bBPTT\b",
    ),
    TopicRule(
        "attention-transformers",
        "Attention and transformers",
        "Attention mechanisms, self-attention, transformers, BERT and GPT.",
        r"attention|transformers?|\bBERT\b|\bGPT|encoder-decoder|positional encoding|"
        r"query.{0,10}key|multi-?head|large language model|\bLLMs?\b",
    ),
    TopicRule(
        "generative-models",
        "Generative models",
        "Autoencoders, VAEs, GANs and diffusion models.",
        r"generative|\bGANs?\b|adversarial|autoencoder|auto-encoder|\bVAEs?\b|diffusion|"
        r"generator|discriminator|latent",
    ),
    TopicRule(
        "evaluation-metrics",
        "Evaluation metrics",
        "Accuracy, precision, recall, F1, IoU, mAP and how models are evaluated.",
        r"accuracy|precision|recall|F1|f-score|confusion matrix|\bROC\b|\bAUC\b|\bIoU\b|"
        r"intersection over union|\bmAP\b|metrics?|evaluat",
    ),
    TopicRule(
        "deployment",
        "Deployment",
        "Running models in production: inference, quantisation, pruning, export and serving.",
        r"deploy|production|inference time|quanti[sz]|pruning|\bONNX\b|TorchScript|"
        r"edge devices?|latency|serving|mobile",
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

_COMPILED = [
    (rule.slug, re.compile(rf"\b(?:{rule.pattern})", re.IGNORECASE)) for rule in TOPIC_RULES
]


def assign_topics(text: str, section: str = "") -> list[str]:
    """The slugs of the topics a question belongs to, in taxonomy order, never empty."""
    slugs = {slug for slug, pattern in _COMPILED if pattern.search(text)}
    if section in SECTION_TOPICS:
        slugs.add(SECTION_TOPICS[section])
    if not slugs:
        slugs.add(FALLBACK_TOPIC)
    return [rule.slug for rule in TOPIC_RULES if rule.slug in slugs]
