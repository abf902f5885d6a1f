"""Reads for the exam screens: one function per screen, called by the pages and the API alike."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from django.db.models import Avg, Count, F, FloatField, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.models import User
from questions.caching import bank_reads
from questions.models import Answer, Choice, Question

from .models import Attempt, Exam, ExamLinks, Response
from .services import (
    TimeWarning,
    expire_overdue_attempts,
    grace,
    remaining_seconds,
    time_warnings,
)


def visible_exams(user: User) -> QuerySet[Exam]:
    """The exams a user may start: the ready-made ones and their own custom ones."""
    return Exam.objects.filter(Q(owner__isnull=True) | Q(owner=user))


def with_links(exams: Iterable[Exam]) -> list[Exam]:
    """The exams, each with its ``links`` read: all in one round trip to the cache."""
    exams = list(exams)
    links = ExamLinks.cached(exams)
    for exam in exams:
        exam.__dict__["links"] = links[exam.links_key]  # what Exam.links would have read
    return exams


def ready_made_exams() -> QuerySet[Exam]:
    return Exam.objects.filter(owner__isnull=True)


def open_attempts(user: User) -> list[Attempt]:
    """The user's attempts in progress (at most one per exam), newest first."""
    return list(
        Attempt.objects.for_user(user)
        .in_progress()
        .select_related("exam")
        .order_by("-started_at", "-pk")
    )


class ChoiceForTaking(TypedDict):
    id: int
    text: str
    text_html: str


class QuestionForTaking(TypedDict):
    """A question as shown while an exam is taken: no answers, no key."""

    id: int
    text: str
    text_html: str
    kind: str
    choices: list[ChoiceForTaking]


def _questions_for_taking(question_ids: list[int]) -> dict[int, QuestionForTaking]:
    # Rows as tuples, not model instances: a class's starts read thirty questions each.
    choices: dict[int, list[ChoiceForTaking]] = {pk: [] for pk in question_ids}
    for question_id, pk, text, text_html in (
        Choice.objects.filter(question__in=question_ids)
        .order_by("question", "position")
        .values_list("question", "pk", "text", "text_html")
    ):
        choices[question_id].append({"id": pk, "text": text, "text_html": text_html})
    return {
        pk: {"id": pk, "text": text, "text_html": text_html, "kind": kind, "choices": choices[pk]}
        for pk, text, text_html, kind in Question.objects.filter(pk__in=question_ids)
        .order_by()
        .values_list("pk", "text", "text_html", "kind")
    }


def questions_for_taking(question_ids: Iterable[int]) -> dict[int, QuestionForTaking]:
    """Questions by id, as shown while an exam is taken, shared through the cache until the
    bank changes: an attempt's page reloads and API reads, and a class drawing from a small
    exam, find them in one MGET instead of the database."""
    return bank_reads("question-for-taking", question_ids, _questions_for_taking)


@dataclass
class AttemptForTaking:
    """What the exam page and the API show while an attempt runs: each response with its
    question (``response.shown_question``, a QuestionForTaking). ``remaining_seconds`` is the
    server's clock, which the page counts down."""

    attempt: Attempt
    responses: list[Response]
    remaining_seconds: int
    grace_seconds: int
    warnings: list[TimeWarning]

    @property
    def answered(self) -> int:
        return sum(response.is_answered for response in self.responses)


TAKING_FIELDS = [
    "attempt", "question", "position", "text", "text_html", "choice_ids", "flagged", "revision",
    "saved_at",
]  # fmt: skip


def attempt_for_taking(
    attempt: Attempt, *, now: datetime, responses: list[Response] | None = None
) -> AttemptForTaking:
    """An attempt's questions with their choices (never answers or keys) and its clock; its
    ``responses`` are read unless given (a start has just written them)."""
    if responses is None:
        responses = list(attempt.responses.only(*TAKING_FIELDS))
    questions = questions_for_taking(response.question_id for response in responses)
    for response in responses:
        response.shown_question = questions[response.question_id]  # type: ignore[attr-defined]
    return AttemptForTaking(
        attempt=attempt,
        responses=responses,
        remaining_seconds=remaining_seconds(attempt, now),
        grace_seconds=int(grace().total_seconds()),
        warnings=time_warnings(attempt.exam),
    )


@dataclass
class AttemptForSummary:
    """The "Summary of attempt" page before submitting: each question's state and the clock."""

    attempt: Attempt
    responses: list[Response]
    answered: int
    flagged: int
    remaining_seconds: int
    warnings: list[TimeWarning]

    @property
    def not_answered(self) -> int:
        return len(self.responses) - self.answered


def attempt_for_summary(attempt: Attempt, *, now: datetime) -> AttemptForSummary:
    responses = list(attempt.responses.only("attempt", "position", "text", "choice_ids", "flagged"))
    return AttemptForSummary(
        attempt=attempt,
        responses=responses,
        answered=sum(response.is_answered for response in responses),
        flagged=sum(response.flagged for response in responses),
        remaining_seconds=remaining_seconds(attempt, now),
        warnings=time_warnings(attempt.exam),
    )


def with_scores(attempts: QuerySet[Attempt]) -> QuerySet[Attempt]:
    """Annotate each attempt with its two scores, 0 to 1: ``marked_score`` by the marking
    assistant (questions it could mark), ``score`` by the student's own ratings (every question);
    and its number of questions."""
    return attempts.annotate(
        question_total=Count("responses"),
        score=Avg(Coalesce("responses__points", 0.0, output_field=FloatField())),
        marked_score=Avg("responses__marked_points"),
    )


def attempt_for_review(attempt: Attempt) -> Attempt:
    """A closed attempt with its score, and its responses with keys and model answers."""
    approved = Answer.objects.approved().select_related("source", "author")
    responses = Response.objects.select_related("question").prefetch_related(
        "question__choices",
        Prefetch("question__answers", queryset=approved, to_attr="approved_answers"),
    )
    return (
        with_scores(Attempt.objects.select_related("exam"))
        .prefetch_related(Prefetch("responses", queryset=responses))
        .get(pk=attempt.pk)
    )


def offered_question_ids(attempt: Attempt) -> set[int]:
    """Questions of the attempt for which its student already proposed an answer."""
    return set(
        Answer.objects.filter(
            author=attempt.user_id, question__in=attempt.responses.values("question")
        ).values_list("question_id", flat=True)
    )


def attempt_score(attempt: Attempt) -> float:
    """The attempt's score now (0 to 1), e.g. after a rating."""
    scored = with_scores(Attempt.objects.filter(pk=attempt.pk))
    return scored.aggregate(now=Max("score"))["now"]


def review_state_counts(attempt: Attempt) -> dict[str, int]:
    """How many of a reviewed attempt's questions each review filter shows, and how many were
    missed (from the responses attempt_for_review prefetched)."""
    responses = attempt.responses.all()
    counts = {state: 0 for state in Response.State.values} | {"flagged": 0}
    for response in responses:
        for key in response.review_filters:
            counts[key] += 1
    counts["missed"] = sum(response.is_missed for response in responses)
    return counts


def attempt_history(*, user: User, now: datetime) -> QuerySet[Attempt]:
    """The user's attempts, newest first, with scores; abandoned ones are closed first, so an
    attempt never shows as running past its deadline."""
    expire_overdue_attempts(now=now, user=user)
    # Explicit: a GROUP BY query (the scores) ignores Meta.ordering.
    return with_scores(Attempt.objects.for_user(user).select_related("exam")).order_by(
        "-started_at", "-pk"
    )


class TopicStrength(TypedDict):
    slug: str
    name: str
    answered: int
    strength: float
    overrated: int


# A self-rating this many steps above the assistant's rating is pointed out.
OVERRATED_STEPS = 2


def _overrated() -> Q:
    return Q(self_rating__gte=F("marked_rating") + OVERRATED_STEPS)


def topic_strengths(user: User) -> list[TopicStrength]:
    """The assistant's average mark per topic over the user's finished attempts (questions it
    could mark), weakest first, with how many answers the user rated well above that mark."""
    rows = (
        Response.objects.filter(attempt__user=user, marked_points__isnull=False)
        .exclude(attempt__status=Attempt.Status.IN_PROGRESS)
        .values(slug=F("question__topics__slug"), name=F("question__topics__name"))
        .annotate(
            answered=Count("pk"),
            strength=Avg("marked_points"),
            overrated=Count("pk", filter=_overrated()),
        )
        .order_by("strength", "name")
    )
    return list(rows)


def overrated_responses(user: User, *, limit: int = 20) -> QuerySet[Response]:
    """The user's answers they rated two or more steps above the assistant's mark, newest
    first."""
    return (
        Response.objects.filter(_overrated(), attempt__user=user)
        .select_related("question", "attempt__exam")
        .order_by("-attempt__started_at", "position")[:limit]
    )


class AttemptSummary(TypedDict):
    total: int
    finished: int
    average_score: float | None


def attempt_summary(user: User) -> AttemptSummary:
    """How many attempts the user made and finished, and their average score (the profile)."""
    finished = ~Q(status=Attempt.Status.IN_PROGRESS)
    return with_scores(Attempt.objects.for_user(user)).aggregate(  # type: ignore[return-value]
        total=Count("pk"),
        finished=Count("pk", filter=finished),
        average_score=Avg("score", filter=finished),
    )
