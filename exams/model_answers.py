"""The bank's side of marking: model answers' stored embeddings and the bank's term weights.

An approved answer's embedding is computed when it is saved (or approved), and stored with the
model's name and a digest of the body it was computed from; it is used only while both still
match, so an edited answer or a new model never marks with a stale vector. Rows written without
``save()`` (fixtures, bulk updates) are filled by the ``embed_answers`` command, and are embedded
on the fly meanwhile.
"""

import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save, pre_save

from questions.caching import bank_version
from questions.models import Answer, Question

from . import marking

logger = logging.getLogger(__name__)
_weights_memo: dict[str, marking.TermWeights] = {}


def body_digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def has_current_embedding(answer: Answer, model_name: str | None) -> bool:
    """Its stored embedding was made from its current body by this model."""
    return (
        answer.embedding is not None
        and model_name is not None
        and answer.embedding_model == model_name
        and answer.embedding_digest == body_digest(answer.body)
    )


def as_model_answers(answers: Iterable[Answer]) -> list[marking.ModelAnswer]:
    """The answers as the marking assistant takes them, with their embeddings when current."""
    model_name = marking.EMBEDDING_MODEL_NAME
    return [
        marking.ModelAnswer(
            text=answer.body,
            embedding=answer.embedding if has_current_embedding(answer, model_name) else None,
            embedding_model=answer.embedding_model or None,
        )
        for answer in answers
    ]


def embedder() -> marking.Embedder | None:
    """The meaning model, when it is installed and not turned off (MARKING_EMBEDDINGS)."""
    return marking.default_embedder() if settings.MARKING_EMBEDDINGS else None


def embed_answers(answers: Iterable[Answer], *, save: bool = True) -> int:
    """Embed, in one batch, the answers whose stored embedding is missing or stale; returns how
    many. Does nothing (0) without the meaning model."""
    model = embedder()
    if model is None:
        return 0
    stale = [answer for answer in answers if not has_current_embedding(answer, model.name)]
    if not stale:
        return 0
    vectors = model([answer.body for answer in stale])
    for answer, vector in zip(stale, vectors, strict=True):
        answer.embedding = vector
        answer.embedding_model = model.name
        answer.embedding_digest = body_digest(answer.body)
    if save:
        Answer.objects.bulk_update(
            stale, ["embedding", "embedding_model", "embedding_digest"], batch_size=200
        )
    return len(stale)


def embed_all_answers(*, batch: int = 200) -> int:
    """Fill every approved answer's missing or stale embedding (the embed_answers command)."""
    done = 0
    answers = Answer.objects.approved().only(
        "pk", "body", "embedding", "embedding_model", "embedding_digest"
    )
    for start in range(0, answers.count(), batch):
        done += embed_answers(list(answers.order_by("pk")[start : start + batch]))
    return done


def _embed_on_save(sender, instance: Answer, raw: bool, update_fields, **kwargs) -> None:
    """pre_save: a full save of an approved answer stores a fresh embedding with it."""
    if raw or update_fields is not None or not _wanted(instance):
        return
    _safely(embed_answers, [instance], save=False)


def _embed_after_partial_save(sender, instance: Answer, raw: bool, update_fields, **kwargs):
    """post_save: a save of some fields only cannot carry the embedding; write it after."""
    if raw or update_fields is None or not _wanted(instance):
        return
    _safely(embed_answers, [instance], save=True)


def _wanted(answer: Answer) -> bool:
    return (
        answer.status == Answer.Status.APPROVED
        and embedder() is not None
        and not has_current_embedding(answer, marking.EMBEDDING_MODEL_NAME)
    )


def _safely(function, *args, **kwargs) -> None:
    # Saving a model answer must never fail because of the optional model: marking then embeds
    # it on the fly, and embed_answers stores it later.
    try:
        function(*args, **kwargs)
    except Exception:
        logger.exception("Could not embed a model answer; it will be embedded when marking.")


def connect_signals() -> None:
    pre_save.connect(_embed_on_save, sender=Answer, dispatch_uid="exams.embed_answer_on_save")
    post_save.connect(
        _embed_after_partial_save, sender=Answer, dispatch_uid="exams.embed_answer_after_save"
    )


def bank_term_weights() -> marking.TermWeights:
    """IDF over the bank (each question with its approved answers is one document), cached
    under the bank's version, which changes whenever the bank does (questions/caching.py)."""
    key = f"bank:{bank_version()}:marking-term-weights"
    if key in _weights_memo:
        return _weights_memo[key]
    weights = cache.get(key)
    if weights is None:
        weights = _compute_term_weights()
        cache.set(key, weights, settings.BANK_CACHE_SECONDS)
    _weights_memo.clear()  # one bank version at a time, read once per process
    _weights_memo[key] = weights
    return weights


def _compute_term_weights() -> marking.TermWeights:
    documents = dict(Question.objects.values_list("pk", "text"))
    for question_id, body in Answer.objects.approved().values_list("question_id", "body"):
        documents[question_id] += "\n" + body
    return marking.term_weights(documents.values())
