"""Which questions are the same question asked differently, and which are only related.

Same question: an exam never draws two of them, and each question's page lists the others under
"Also asked in". Related: shown on the question's page as related questions, nothing more.

The measure is lexical, so the committed bank is the same on every machine. A question (and its
first clause that asks something of its own, as in "What is X and why is it important?") is an
*ask*: what it wants (a definition, a reason, a procedure, a comparison, a list, work on shown
material: the words of ``_FRAMES``) and its content terms. A term is a stemmed word (Snowball
English) with its hyphens dropped; two neighbouring words written together elsewhere in the bank
count as that one word ("multi task", "multi-task" and "multitask" are one term); a few
abbreviations are spelled out ("ANN", "SGD"); stop words and trailing context ("... in deep
learning", "... in model training") are left out. A term weighs the square of its inverse
document frequency over the bank's questions, so rare terms ("early stopping") decide:

    overlap(a, b)    = weight(terms a ∩ terms b) / weight(terms a ∪ terms b)
    similarity(a, b) = overlap(a, b), halved (FRAME_PENALTY) if a and b want different things

taking the best pair of the two questions' asks. Questions of two documents with a similarity of
at least ``SAME_THRESHOLD`` are the same question, unless ``NOT_SAME`` says otherwise or the
link would put two questions of one document in a group; ``SAME_LINKS`` adds the pairs the
measure misses. Two questions with an overlap of ``RELATED_THRESHOLD`` or more that are not the
same question are related, the ``RELATED_PER_QUESTION`` closest of each question.

Calibration, on the hand-labelled pairs of ``tests/questions/test_linking.py`` (same-question pairs
read in the four documents, and look-alikes that are different questions): see the figures in
that module. The sentence embeddings of the marking assistant (``exams.marking.embed()``, when
its optional model is installed) only check the committed links in the tests: the importer never
uses them, so the bank does not depend on what is installed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import snowballstemmer

if TYPE_CHECKING:
    from questions.models import Question

SAME_THRESHOLD = 0.65
RELATED_THRESHOLD = 0.3
RELATED_PER_QUESTION = 5
# Asked differently (a definition and a list, say), the same terms count for half.
FRAME_PENALTY = 0.5

# Pairs of (source slug, start of the question's text) the measure misses: the same ask in other
# words, read in both documents, and the one question a document asks twice.
SAME_LINKS = [
    (("exam-questions", "Outline the training loop?"),
     ("exam-questions", "In 5 steps, summarize the training loop?")),
    (("exam-questions", "What is gradient descent optimization?"),
     ("flashcards-fundamentals", "Can you explain what a gradient descent algorithm is")),
    (("exam-questions", "How is activation function useful in the training of a neural network?"),
     ("flashcards-fundamentals", "Why are non-linear activation functions used")),
    (("exam-questions", "Mention at least 10 activation functions used in neural network"),
     ("flashcards-fundamentals", "What are the different type of activation functions?")),
    (("exam-questions", "Give 5 image preprocessing techniques that can form styles of data"),
     ("interview-neural-networks", "State some data augmentation techniques?")),
    (("exam-questions", "Given an inputs size and convolutional kernel and strides"),
     ("interview-neural-networks", "Given an input of size of $n×n$")),
    (("exam-questions", "Why do large deep learning models need residual skip connection?"),
     ("interview-neural-networks", "What’s the motivation for skip connection")),
    (("flashcards-fundamentals", "In forward propagation can you explain what a weight is?"),
     ("study-notes", "What are model weights/parameters?")),
]  # fmt: skip
# Look-alikes the measure would join: different questions.
NOT_SAME = [
    (("exam-questions", "What is stochastic gradient descent?"),
     ("interview-neural-networks", "What does the term stochastic in SGD actually mean?")),
]  # fmt: skip

_STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had
    has have having he her here i if in into is it its itself just me more most my no nor not
    now of off on once only or other our out over own same she should so some such than that
    the their them then there these they this those through to too under until up very was we
    were when where which while who whom will with would you your yours
    actually basic common commonly least main major possible really sense techniques methods
    typical behind know answer answers question questions regarding refer referring
    use used uses using within
    """.split()
)
# What a question asks for, whatever its wording: a definition, a reason, a procedure, a
# comparison, a list, or work on material it shows.
_FRAMES = {
    "what": "what define definition meaning mean concept explain about understand",
    "why": "why motivation benefit benefits important importance useful need needed purpose "
    "advantage advantages",
    "how": "how implement steps step outline summarize procedure",
    "compare": "difference differences different differentiate vs versus compare contrast "
    "preferred prefer",
    "list": "example examples type types kind kinds list mention name give ways state criteria",
    "given": "following depicted snippet visualized",
}
_FRAME_OF = {word: frame for frame, words in _FRAMES.items() for word in words.split()}
# Where a question belongs rather than what it asks: "What is early stopping in model training?"
# asks what "What is early stopping?" asks.
_CONTEXT = re.compile(
    r"\s+(?:in|of|for|during)\s+(?:the |a |an )?(?:training of )?(?:a |an )?"
    r"(?:(?:deep|machine) learning|(?:deep |artificial )?neural networks?|(?:model )?training)"
    r"(?: models?| process| architectures?)?(?: training)?(?=\s*[?.!]|\s*$)"
)
# Other words for the same thing, and abbreviations spelled out.
_PHRASES = {
    "artificial neural network": "neural network",
    "backward propagation": "backpropagation",
    "batch norm ": "batch normalization ",
}
_ABBREVIATIONS = {
    "ann": "neural network",
    "nn": "neural network",
    "dl": "deep learning",
    "ml": "machine learning",
    "sgd": "stochastic gradient descent",
    "bn": "batch normalization",
    "cnn": "convolutional neural network",
    "rnn": "recurrent neural network",
    "lr": "learning rate",
}
_WORD = re.compile(r"[^\W_]+(?:[-‐‑–][^\W_]+)*")
_HYPHENS = re.compile(r"[-‐‑–]")
_CODE_AND_MATH = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$", re.DOTALL)
# A question's clauses: its sentences, and the asks joined by "and" ("What is X and why ...").
_CLAUSE_BREAK = re.compile(r"[.?!:]\s+|\n+|\s+and\s+(?=(?:what|why|how|when|where|which)\b)")
# British spellings meet American ones ("normalisation", "regularise").
_BRITISH = re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$")
_stem = cache(snowballstemmer.stemmer("english").stemWord)


@dataclass(frozen=True)
class Ask:
    """What a question (or one of its clauses) asks for, and about what."""

    frames: frozenset[str]
    terms: frozenset[str]


def _prose(text: str) -> str:
    prose = unicodedata.normalize("NFKC", _CODE_AND_MATH.sub(" ", text)).lower()
    prose = _CONTEXT.sub("", prose.replace("’", "'").replace("'s ", " "))
    for phrase, replacement in _PHRASES.items():
        prose = prose.replace(phrase, replacement)
    return prose


def _words(prose: str) -> list[str]:
    words: list[str] = []
    for token in _WORD.findall(prose):
        token = _HYPHENS.sub("", token)
        words.extend(_ABBREVIATIONS.get(token, token).split())
    return words


class LexicalMeasure:
    """The similarity of questions, with term weights taken from the whole bank."""

    def __init__(self, texts: Iterable[str]) -> None:
        word_lists = [_words(_prose(text)) for text in texts]
        self._vocabulary = {word for words in word_lists for word in words}
        asks = [self._ask(words) for words in word_lists]
        counts = Counter(term for ask in asks for term in ask.terms)
        total = len(asks)
        self._idf = {term: math.log((1 + total) / (1 + n)) + 1 for term, n in counts.items()}
        self._unseen = math.log(1 + total) + 1

    def _ask(self, words: list[str]) -> Ask:
        frames, terms = set(), set()
        for index, word in enumerate(words):
            if word in _FRAME_OF:
                frames.add(_FRAME_OF[word])
            elif index + 1 < len(words) and word + words[index + 1] in self._vocabulary:
                # "multi task" is also "multitask" when the bank writes it so somewhere.
                terms.add(_term(word + words[index + 1]))
            elif index == 0 or words[index - 1] + word not in self._vocabulary:
                terms.add(_term(word))
        terms.discard("")
        if len(frames) > 1:
            frames.discard("what")  # "what are the types of ..." asks for a list
        if "why" in frames:
            frames.discard("how")  # "how is it useful" asks why
        return Ask(frozenset(frames), frozenset(terms))

    def asks(self, text: str) -> list[Ask]:
        """The question's whole ask, then its first clause that asks something of its own."""
        prose = _prose(text)
        whole = self._ask(_words(prose))
        clauses = (self._ask(_words(clause)) for clause in _CLAUSE_BREAK.split(prose))
        first = next((ask for ask in clauses if ask.frames and ask != whole), None)
        return [whole, first] if first else [whole]

    def weight(self, terms: Iterable[str]) -> float:
        """A term weighs the square of its inverse document frequency: rare terms decide."""
        return sum(self._idf.get(term, self._unseen) ** 2 for term in terms)

    def overlap(self, a: Ask, b: Ask) -> float:
        """The weighted Jaccard index of the two asks' terms, however each is asked."""
        common = a.terms & b.terms
        if not common:
            return 0.0
        shared = self.weight(common)
        return shared / (self.weight(a.terms) + self.weight(b.terms) - shared)

    def compare(self, a: Ask, b: Ask) -> float:
        """The overlap, halved when the two asks want different things."""
        return self.overlap(a, b) * (1.0 if a.frames == b.frames else FRAME_PENALTY)

    def similarity(self, a: str, b: str) -> float:
        """From 0 (nothing shared) to 1 (the same terms, asked the same way)."""
        return max(self.compare(x, y) for x in self.asks(a) for y in self.asks(b))


def _term(word: str) -> str:
    if word in _STOP_WORDS or word.isdigit():
        return ""
    return _stem(_BRITISH.sub(r"iz\1", word))


@dataclass
class Links:
    """The importer's links, by question primary key."""

    same_as: dict[int, str]
    """The same-question key of each question in a group of two or more."""
    related: dict[int, set[int]]


def link_questions(questions: Sequence[Question]) -> Links:
    """Group the same questions of different documents and pick each question's related ones.

    The hand-checked links come first; then measured links, strongest first, each refused when
    it would put two questions of one document in a group: a document asks its question once,
    so of two look-alikes ("What is an activation function?", "What is a non-linear activation
    function?") only the closer joins. Related questions share terms, however they ask.
    """
    measure = LexicalMeasure(question.text for question in questions)
    asks = [measure.asks(question.text) for question in questions]
    by_pk = {question.pk: question for question in questions}
    not_same = {frozenset(_resolve(questions, pair)) for pair in NOT_SAME}
    same: list[tuple[float, int, int]] = []
    near: list[tuple[float, int, int]] = []
    for i, first in enumerate(questions):
        for j in range(i + 1, len(questions)):
            second = questions[j]
            pairs = [(x, y) for x in asks[i] for y in asks[j]]
            overlap = max(measure.overlap(x, y) for x, y in pairs)
            if overlap >= RELATED_THRESHOLD:
                near.append((overlap, first.pk, second.pk))
                score = max(measure.compare(x, y) for x, y in pairs)
                if score >= SAME_THRESHOLD and first.source_id != second.source_id:
                    if frozenset((first.pk, second.pk)) not in not_same:
                        same.append((score, first.pk, second.pk))
    groups: dict[int, set[int]] = {question.pk: {question.pk} for question in questions}

    def join(a: int, b: int) -> None:
        merged = groups[a] | groups[b]
        for pk in merged:
            groups[pk] = merged

    for pair in SAME_LINKS:
        join(*_resolve(questions, pair))
    for _, a, b in sorted(same, key=lambda item: (-item[0], item[1], item[2])):
        sources = {by_pk[pk].source_id for pk in groups[a]}
        if sources.isdisjoint(by_pk[pk].source_id for pk in groups[b]):
            join(a, b)
    same_as = {pk: by_pk[min(group)].fingerprint for pk, group in groups.items() if len(group) > 1}
    closest: dict[int, list[int]] = {}
    for _, a, b in sorted(near, key=lambda item: (-item[0], item[1], item[2])):
        if groups[a] is not groups[b]:
            closest.setdefault(a, []).append(b)
            closest.setdefault(b, []).append(a)
    related: dict[int, set[int]] = {}
    for pk, others in closest.items():
        for other in others[:RELATED_PER_QUESTION]:
            related.setdefault(pk, set()).add(other)
            related.setdefault(other, set()).add(pk)
    return Links(same_as=same_as, related=related)


def _resolve(questions: Sequence[Question], pair: tuple[tuple[str, str], tuple[str, str]]):
    """The primary keys of a hand-written pair of (source slug, start of text)."""
    found = []
    for slug, start in pair:
        matches = [q.pk for q in questions if q.source.slug == slug and q.text.startswith(start)]
        if len(matches) != 1:
            raise ValueError(f"{len(matches)} questions of {slug} start with {start!r}")
        found.append(matches[0])
    return found[0], found[1]
