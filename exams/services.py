"""Mock exams: drawing questions, the server's clock, saving answers, submitting and grading.

The deadline is fixed on the server when an attempt starts. Saves are accepted up to the deadline
plus a short grace period for requests already in flight; later saves are refused and change
nothing. An attempt past its deadline is closed and graded on its next access or by the
``expire_attempts`` command, whichever comes first.
"""

import functools
import math
import random
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, MutableSequence, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypedDict
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Exists, F, Field, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import ngettext

from accounts.models import User
from questions.caching import bank_read
from questions.limits import MAX_BODY_LENGTH
from questions.markdown import render_markdown
from questions.models import Answer, Choice, Question, Source, Topic
from questions.services.contributions import submit_contribution
from quizsite.errors import DomainError

from . import marking
from .model_answers import as_model_answers, bank_term_weights, embedder
from .models import TITLE_MAX_LENGTH, Attempt, Exam, Response
from .signals import responses_marked
from .tasks import mark_closed_attempt

RATING_POINTS = {1: 0.0, 2: 0.25, 3: 0.5, 4: 0.75, 5: 1.0}
SCORING_EXPLANATION = (
    "Your ratings: true/false and choice questions score 1 when exactly the right choices are "
    "picked, 0 otherwise. Open questions score by your self-assessment: 1 (not at all) = 0, "
    "2 = 0.25, 3 = 0.5, 4 = 0.75, 5 (perfectly) = 1; an open question you have not rated counts "
    "0, and a blank answer counts 0 and cannot be rated above 1. The score is the total divided "
    "by the number of questions."
)
MARKING_EXPLANATION = (
    "Marked: the marking assistant compares each open answer with the model answers: the key "
    "points it covers (terms and formulas, rarer ones weighing more) and, when the meaning model "
    "is installed, how close it is in meaning, less the length of a very short answer. Its 1–5 "
    "rating counts like yours (1 = 0 … 5 = 1); a blank answer counts 0. Choice questions score "
    "by their key. Questions with no model answer or key are left out of this figure."
)


def grace() -> timedelta:
    return timedelta(seconds=settings.EXAM_GRACE_SECONDS)


class ExamError(DomainError):
    """The attempt's state forbids the action (closed, time is up)."""

    status_code = 409


class ExamInputError(DomainError):
    """The request itself is wrong (unknown choice, answer too long, bad rating)."""

    status_code = 400


# Drawing questions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """What an exam may draw: its fixed set if it has one, else its topics, sources, kinds and
    answer rule. Two exams with the same rules draw from the same questions."""

    fixed: tuple[int, ...]
    topic_ids: tuple[int, ...]
    source_ids: tuple[int, ...]
    kinds: tuple[str, ...]
    include_unanswered: bool

    @classmethod
    def of(cls, exam: Exam) -> "Eligibility":
        links = exam.links
        return cls(
            fixed=links.fixed,
            topic_ids=tuple(sorted(pk for pk, _ in links.topics)),
            source_ids=tuple(sorted(pk for pk, _ in links.sources)),
            kinds=tuple(sorted(exam.kinds or ())),
            include_unanswered=exam.include_unanswered,
        )

    def questions(self) -> QuerySet[Question]:
        if self.fixed:
            return Question.objects.filter(pk__in=self.fixed)
        questions = Question.objects.filter(needs_figure=False)
        if self.topic_ids:
            in_topics = Question.topics.through.objects.filter(
                question=OuterRef("pk"), topic_id__in=self.topic_ids
            )
            questions = questions.filter(Exists(in_topics))
        if self.source_ids:
            questions = questions.filter(source_id__in=self.source_ids)
        if self.kinds:
            questions = questions.filter(kind__in=self.kinds)
        if not self.include_unanswered:
            # Uncorrelated subqueries: PostgreSQL hashes them once instead of probing per row.
            answered = Answer.objects.approved().values("question_id")
            keyed = Choice.objects.filter(is_correct=True).values("question_id")
            questions = questions.filter(
                Q(pk__in=keyed) | Q(pk__in=answered, kind=Question.Kind.OPEN)
            )
        return questions

    def candidates(self) -> "Candidates":
        """The questions, read once per version of the bank and shared through the cache (a
        whole-bank exam has tens of thousands, and a class starts it all at once). The key
        names this shape: entries of an earlier shape, still in the cache after a deploy, are
        never read as this one."""
        return bank_read(
            f"exam-draw-pool:{self}", lambda: Candidates.of(self.questions()), kept_in_process=True
        )


@dataclass
class Candidates:
    """The ids an exam draws from, as a compact array, and the ``same_as`` key of those that
    share it with another candidate (the same question in two documents): for every other id,
    the id itself is its key, so a draw needs no query."""

    ids: array
    twins: dict[int, str]

    @classmethod
    def of(cls, questions: QuerySet[Question]) -> "Candidates":
        rows = list(questions.order_by("pk").values_list("pk", "same_as"))
        shared = Counter(same_as for _, same_as in rows)
        return cls(
            ids=array("q", (pk for pk, _ in rows)),
            twins={pk: same_as for pk, same_as in rows if shared[same_as] > 1},
        )

    def same_question_key(self, pk: int) -> int | str:
        return self.twins.get(pk, pk)


def eligible_questions(exam: Exam) -> QuerySet[Question]:
    """The questions an exam may draw from."""
    return Eligibility.of(exam).questions()


def available_count(exam: Exam) -> int:
    """How many different questions the exam can draw (the same question twice counts once)."""
    return eligible_questions(exam).order_by().values("same_as").distinct().count()


def shuffle_into(items: MutableSequence, start: int, stop: int, rng: random.Random) -> None:
    """Fill ``items[start:stop]`` with a random choice of ``items[start:]``, in random order: the
    first steps of a Fisher-Yates shuffle, so drawing 30 of 66,000 ids costs 30 random numbers
    (from the operating system's generator, a few microseconds each), not 66,000."""
    for i in range(start, stop):
        j = rng.randrange(i, len(items))
        items[i], items[j] = items[j], items[i]


def draw_questions(exam: Exam, count: int, rng: random.Random) -> list[int]:
    """Up to ``count`` random question ids, never two of the same question (``same_as``).

    Sampling ids in Python avoids ``ORDER BY random()`` (a full sort of the bank), and the
    cached candidates know which ids are the same question, so a draw reads nothing.
    """
    candidates = Eligibility.of(exam).candidates()
    ids = candidates.ids[:]  # a copy to shuffle: the process shares its candidates
    chosen: list[int] = []
    seen: set[int | str] = set()
    for position in range(len(ids)):
        if len(chosen) == count:
            break
        shuffle_into(ids, position, position + 1, rng)
        key = candidates.same_question_key(ids[position])
        if key not in seen:
            seen.add(key)
            chosen.append(ids[position])
    return chosen


def start_exam(
    *, exam: Exam, user: User, now: datetime, rng: random.Random | None = None
) -> Attempt:
    """The user's attempt at the exam: the one in progress, or a new one."""
    return start_or_resume_exam(exam=exam, user=user, now=now, rng=rng).attempt


@dataclass(frozen=True)
class Start:
    """What starting an exam did: resumed the attempt in progress, or started ``attempt``
    with ``new_responses``, as written (the page that follows needs no read of them)."""

    attempt: Attempt
    new_responses: list[Response] | None = None

    @property
    def is_new(self) -> bool:
        return self.new_responses is not None


def start_or_resume_exam(
    *, exam: Exam, user: User, now: datetime, rng: random.Random | None = None
) -> Start:
    """Resume the user's attempt in progress at this exam, or fix the questions, their order and
    the deadline of a new one.

    One exam never has two open attempts of one student (a double click, a second tab, "Start"
    pressed again): two clocks would run for one sitting. The database refuses the second
    (Attempt's one_open_attempt_per_exam), so of two starts at once the later resumes the
    attempt the earlier began.
    """
    try:
        return _start_or_resume(exam=exam, user=user, now=now, rng=rng)
    except IntegrityError:
        running = _attempt_in_progress(exam=exam, user=user)
        if running is None:  # not the race of two starts
            raise
        return Start(running)


def _attempt_in_progress(*, exam: Exam, user: User) -> Attempt | None:
    """The user's attempt in progress at ``exam`` (one at most: one_open_attempt_per_exam),
    with the exam already read: the page that follows shows it."""
    try:
        running = Attempt.objects.for_user(user).in_progress().get(exam=exam)
    except Attempt.DoesNotExist:
        return None
    running.exam = exam
    return running


@transaction.atomic
def _start_or_resume(*, exam: Exam, user: User, now: datetime, rng: random.Random | None) -> Start:
    running = _attempt_in_progress(exam=exam, user=user)
    if running is not None and close_if_overdue(running, now=now).is_open:
        return Start(running)
    question_ids = draw_questions(exam, exam.question_count, rng or random.SystemRandom())
    if not question_ids:
        raise ExamError("No question in the bank matches this exam.")
    attempt = Attempt.objects.create(
        user=user,
        exam=exam,
        started_at=now,
        deadline=now + timedelta(minutes=exam.time_limit_minutes),
    )
    return Start(attempt, create_responses(attempt, question_ids))


def create_responses(attempt: Attempt, question_ids: list[int]) -> list[Response]:
    """The attempt's empty responses, one per question, in order; returned as written.

    On PostgreSQL one ``INSERT … SELECT … FROM unnest()`` with each other column's default as
    one parameter: ``bulk_create`` prepares every value of every row in Python (19 columns of
    30 rows: about 3.5 ms, a fifth of what a start cost the web process). The statement and
    its parameters are built once per process.
    """
    if connection.vendor != "postgresql":
        return Response.objects.bulk_create(
            Response(attempt=attempt, question_id=pk, position=position)
            for position, pk in enumerate(question_ids, start=1)
        )
    insert = _responses_insert()
    with connection.cursor() as cursor:
        cursor.execute(insert.sql, [attempt.pk, *insert.default_params, list(question_ids)])
        ids = dict(cursor.fetchall())
    # As rows read back (from_db: a third of what keyword arguments cost the model's __init__),
    # with the other columns' defaults, as the INSERT wrote them.
    written = []
    for position, question_id in enumerate(question_ids, start=1):
        values = insert.row(ids[position], attempt.pk, question_id, position)
        response = Response.from_db(connection.alias, insert.attnames, values)
        response.attempt = attempt
        written.append(response)
    return written


@dataclass(frozen=True)
class ResponsesInsert:
    """create_responses' statement and its parameters, the same for every start."""

    sql: str
    default_params: list[Any]
    attnames: list[str]  # Response's concrete fields, in the order from_db takes them
    defaults: list[object]  # each one's default; None where drawn or mutable
    mutable_defaults: list[tuple[int, Callable[[], object]]]  # (column, factory): a list each
    drawn_columns: tuple[int, ...]  # where the primary key, attempt, question, position go

    def row(self, *drawn: int) -> list[object]:
        values = self.defaults.copy()
        for column, factory in self.mutable_defaults:
            values[column] = factory()
        for column, value in zip(self.drawn_columns, drawn, strict=True):
            values[column] = value
        return values


def _default_is_a_factory(field: Field) -> bool:
    return field.has_default() and callable(field.default)


@functools.cache
def _responses_insert() -> ResponsesInsert:
    concrete = Response._meta.concrete_fields
    by_name = {field.name: field for field in concrete}
    drawn = [by_name[name] for name in ("id", "attempt", "question", "position")]
    defaults = [field for field in concrete if field not in drawn]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in [*drawn[1:], *defaults])
    placeholders = ", ".join(f"%s::{field.cast_db_type(connection)}" for field in defaults)
    return ResponsesInsert(
        sql=f"INSERT INTO {quote(Response._meta.db_table)} ({columns}) "
        f"SELECT %s, question_id, position, {placeholders} "
        "FROM unnest(%s::bigint[]) WITH ORDINALITY AS drawn(question_id, position) "
        f"RETURNING {quote('position')}, {quote(str(drawn[0].column))}",
        default_params=[
            field.get_db_prep_save(field.get_default(), connection) for field in defaults
        ],
        attnames=[field.attname for field in concrete],
        defaults=[
            None if field in drawn or _default_is_a_factory(field) else field.get_default()
            for field in concrete
        ],
        mutable_defaults=[
            (column, field.default)
            for column, field in enumerate(concrete)
            if field not in drawn and _default_is_a_factory(field)
        ],
        drawn_columns=tuple(concrete.index(field) for field in drawn),
    )


KIND_NAMES: dict[str, str] = {
    Question.Kind.OPEN: "open",
    Question.Kind.TRUE_FALSE: "true/false",
    Question.Kind.SINGLE_CHOICE: "single choice",
    Question.Kind.MULTIPLE_CHOICE: "multiple choice",
}
TITLE_NAMES_SHOWN = 3


def _name_list(names: Sequence[str]) -> str:
    """ "CNN, RNN", or "A; B, C" when a name has a comma; "+2 more" past three names."""
    shown = list(names[:TITLE_NAMES_SHOWN])
    text = ("; " if any("," in name for name in shown) else ", ").join(shown)
    if len(names) > TITLE_NAMES_SHOWN:
        text += f" +{len(names) - TITLE_NAMES_SHOWN} more"
    return text


def exam_title(prefix: str, parts: Sequence[str], question_count: int) -> str:
    """A title naming what an exam contains: "Custom: CNN, RNN · 10 questions"."""
    count = ngettext("%(n)d question", "%(n)d questions", question_count) % {"n": question_count}
    title = f"{prefix}: {' · '.join(part for part in parts if part)} · {count}"
    return Truncator(title).chars(TITLE_MAX_LENGTH)


def create_custom_exam(
    *,
    owner: User,
    topics: Iterable[Topic],
    sources: Iterable[Source],
    kinds: list[str],
    question_count: int,
    time_limit_minutes: int,
) -> Exam:
    """A student's own exam, named by what it draws from; refused when the bank has fewer
    matching questions than asked."""
    topics, sources = list(topics), list(sources)
    parts = [
        _name_list([topic.name for topic in topics]),
        _name_list([source.name for source in sources]),
        _name_list([KIND_NAMES[kind] for kind in kinds]),
    ]
    if not any(parts):
        parts = ["the whole bank"]
    with transaction.atomic():
        exam = Exam.objects.create(
            owner=owner,
            title=exam_title("Custom", parts, question_count),
            description="Configured by you.",
            question_count=question_count,
            time_limit_minutes=time_limit_minutes,
            kinds=kinds,
        )
        exam.topics.set(topics)
        exam.sources.set(sources)
        available = available_count(exam)
        if available < question_count:
            transaction.set_rollback(True)
            message = ngettext(
                "Only %(n)d question matches these choices",
                "Only %(n)d questions match these choices",
                available,
            ) % {"n": available}
            raise ExamInputError(
                f"{message}: ask for {available} or fewer, or widen the topics, sources or kinds.",
                data={"available": available},
            )
    return exam


@transaction.atomic
def start_retry_exam(*, attempt: Attempt, user: User, now: datetime) -> Attempt:
    """Start a new exam of exactly the questions a closed attempt missed (blank, wrong, or rated
    1 or 2 by the student, else by the marking assistant), with the same time per question,
    named by their topics."""
    check_reviewable(attempt)
    responses = list(attempt.responses.all())
    question_ids = [response.question_id for response in responses if response.is_missed]
    if not question_ids:
        raise ExamError("Nothing to practise: you missed no question in this attempt.")
    topic_names = list(
        Topic.objects.filter(questions__in=question_ids)
        .distinct()
        .order_by("position", "name")
        .values_list("name", flat=True)
    )
    minutes_per_question = attempt.exam.time_limit_minutes / len(responses)
    exam = Exam.objects.create(
        owner=user,
        title=exam_title("Missed questions", [_name_list(topic_names)], len(question_ids)),
        description=(
            f"The questions you missed in “{attempt.exam.title}” on "
            f"{date_format(attempt.started_at, 'j F Y')}."
        ),
        question_count=len(question_ids),
        time_limit_minutes=max(1, math.ceil(minutes_per_question * len(question_ids))),
        include_unanswered=True,
    )
    exam.questions.set(question_ids)
    return start_exam(exam=exam, user=user, now=now)


# The clock ------------------------------------------------------------------------------------

WARNING_SECONDS = (15 * 60, 5 * 60, 60)


class TimeWarning(TypedDict):
    seconds: int
    text: str


def time_warnings(exam: Exam) -> list[TimeWarning]:
    """When the exam page warns that time runs short, most time left first: 15, 5 and 1 minute
    before the end, each only if at most half the exam (a 3-minute exam never says "5 minutes
    left"); an exam too short for any of them is warned once, a quarter before its end."""
    total = exam.time_limit_minutes * 60
    seconds = [left for left in WARNING_SECONDS if 2 * left <= total] or [total // 4]
    return [
        {
            "seconds": left,
            "text": _time_left(left)
            + (": your exam is submitted automatically at zero." if left == seconds[-1] else "."),
        }
        for left in seconds
    ]


def _time_left(seconds: int) -> str:
    if seconds % 60:
        return ngettext("%(n)d second left", "%(n)d seconds left", seconds) % {"n": seconds}
    minutes = seconds // 60
    return ngettext("%(n)d minute left", "%(n)d minutes left", minutes) % {"n": minutes}


def remaining_seconds(attempt: Attempt, now: datetime) -> int:
    return max(0, int((attempt.deadline - now).total_seconds()))


def get_own_attempt(*, user: User, public_id: UUID | str, now: datetime) -> Attempt:
    """The user's attempt, closed first if its time ran out; anyone else's is a 404."""
    attempt = get_object_or_404(
        Attempt.objects.select_related("exam"), public_id=public_id, user=user
    )
    return close_if_overdue(attempt, now=now)


def close_if_overdue(attempt: Attempt, *, now: datetime) -> Attempt:
    """Close and grade an open attempt whose deadline and grace period have passed."""
    if attempt.is_open and now > attempt.deadline + grace():
        return _finish(attempt.pk, now=now, status=Attempt.Status.EXPIRED)
    return attempt


def expire_overdue_attempts(*, now: datetime, user: User | None = None) -> int:
    """Close and grade every attempt (of ``user``, if given) left open past its deadline;
    returns how many."""
    attempts = Attempt.objects.overdue(now=now, grace=grace())
    if user is not None:
        attempts = attempts.for_user(user)
    overdue = list(attempts.values_list("pk", flat=True))
    for pk in overdue:
        _finish(pk, now=now, status=Attempt.Status.EXPIRED)
    return len(overdue)


# Answering ------------------------------------------------------------------------------------


@dataclass
class SaveResult:
    response: Response
    applied: bool
    """False when the save was older than what the server has (its revision was not newer)."""


def save_response(
    *,
    attempt: Attempt,
    position: int,
    now: datetime,
    revision: int,
    text: str | None = None,
    choice_ids: list[int] | None = None,
    flagged: bool | None = None,
) -> SaveResult:
    """Store one answer of an open attempt, if it arrives before the deadline and grace.

    Only the response row is locked, so two tabs saving different questions never block or
    overwrite each other; for the same question the highest revision wins.
    """
    # Closing happens in its own transaction: the refusal below must not roll it back.
    attempt = close_if_overdue(attempt, now=now)
    if not attempt.is_open:
        raise _closed(attempt.status)
    with transaction.atomic():
        return _store_response(attempt, position, now, revision, text, choice_ids, flagged)


SAVED_FIELDS = ["text", "text_html", "choice_ids", "flagged", "revision", "saved_at"]


def _store_response(
    attempt: Attempt,
    position: int,
    now: datetime,
    revision: int,
    text: str | None,
    choice_ids: list[int] | None,
    flagged: bool | None,
) -> SaveResult:
    # Lock the response alone: locking its question too would queue a class's saves of the
    # same question behind one another.
    try:  # get(), not first(): (attempt, position) is unique, so no ORDER BY
        response = (
            Response.objects.select_for_update(of=("self",))
            .select_related("question")
            .only(*SAVED_FIELDS, "attempt", "position", "question__kind")
            .get(attempt=attempt, position=position)
        )
    except Response.DoesNotExist:
        raise ExamInputError(f"This exam has no question {position}.") from None
    if revision <= response.revision:
        _refuse_if_closed(attempt)
        return SaveResult(response, applied=False)
    if text is not None:
        if len(text) > MAX_BODY_LENGTH:
            raise ExamInputError(f"An answer can be at most {MAX_BODY_LENGTH} characters.")
        response.text = text
        response.text_html = render_markdown(text)
    if choice_ids is not None:
        response.choice_ids = _validated_choices(response.question, choice_ids)
    if flagged is not None:
        response.flagged = flagged
    response.revision = revision
    response.saved_at = now
    # Another tab (or the expiry job) may have closed the attempt since it was read: the update
    # applies only while it is open as the update runs, so a save never lands after a submit.
    still_open = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS)
    saved = Response.objects.filter(pk=response.pk).filter(Exists(still_open))
    if not saved.update(**{field: getattr(response, field) for field in SAVED_FIELDS}):
        _refuse_if_closed(attempt)
    return SaveResult(response, applied=True)


def _refuse_if_closed(attempt: Attempt) -> None:
    """Raise if another tab or the expiry job has closed the attempt: its status as it now is."""
    current = Attempt.objects.filter(pk=attempt.pk).values_list("status", flat=True).get()
    if current != Attempt.Status.IN_PROGRESS:
        raise _closed(current)


def _closed(status: str) -> ExamError:
    """Why a closed attempt refuses a save: submitted by the student, or closed at the deadline."""
    if status == Attempt.Status.SUBMITTED:
        message = "This attempt was already submitted: answers can no longer be changed."
    else:
        message = (
            "Time is up: this attempt closed at its deadline and answers can no longer change."
        )
    return ExamError(message, data={"attempt_status": status})


def _validated_choices(question: Question, choice_ids: list[int]) -> list[int]:
    if question.kind == Question.Kind.OPEN:
        raise ExamInputError("This is an open question: answer it in words, not with choices.")
    valid = set(question.choices.values_list("pk", flat=True))
    unknown = sorted(set(choice_ids) - valid)
    if unknown:
        raise ExamInputError(f"These choices do not belong to the question: {unknown}.")
    if question.kind != Question.Kind.MULTIPLE_CHOICE and len(set(choice_ids)) > 1:
        raise ExamInputError("Pick one choice for this question.")
    return sorted(set(choice_ids))


# Submitting and grading -----------------------------------------------------------------------


def submit_attempt(*, attempt: Attempt, now: datetime) -> Attempt:
    """Submit and grade; submitting again, or from another tab, changes nothing."""
    status = Attempt.Status.SUBMITTED
    if now > attempt.deadline + grace():
        status = Attempt.Status.EXPIRED
    return _finish(attempt.pk, now=now, status=status)


@transaction.atomic
def _finish(attempt_pk: int, *, now: datetime, status: str) -> Attempt:
    attempt = Attempt.objects.select_for_update().get(pk=attempt_pk)
    if not attempt.is_open:
        return attempt
    attempt.status = status
    attempt.finished_at = min(now, attempt.deadline)
    attempt.save(update_fields=["status", "finished_at"])
    _grade_choice_questions(attempt)
    if attempt.responses.filter(question__kind=Question.Kind.OPEN).exists():
        # Marking takes the meaning model a second or more of CPU per attempt: a whole class
        # submitting at once would hold every web worker, so the task worker marks. With the
        # immediate backend (development, tests) the task runs here, in this transaction; with
        # the database backend the queued task is a row of this transaction.
        mark_closed_attempt.enqueue(attempt_id=attempt.pk)
        attempt.refresh_from_db(fields=["marked_at"])
    else:
        attempt.marked_at = attempt.finished_at
        attempt.save(update_fields=["marked_at"])
    return attempt


def _grade_choice_questions(attempt: Attempt) -> None:
    # Locking the rows waits for saves in flight, so grading reads their final choices.
    responses = list(
        attempt.responses.exclude(question__kind=Question.Kind.OPEN)
        .select_for_update(of=("self",))
        .select_related("question")
    )
    keys: dict[int, set[int]] = {}
    for question_id, choice_id in Choice.objects.filter(
        question_id__in=[r.question_id for r in responses], is_correct=True
    ).values_list("question_id", "pk"):
        keys.setdefault(question_id, set()).add(choice_id)
    for response in responses:
        key = keys.get(response.question_id)
        response.is_correct = None if key is None else set(response.choice_ids) == key
        response.points = None if key is None else (1.0 if response.is_correct else 0.0)
        response.marked_points = response.points
        response.marking_method = "key" if key is not None else "none"
    Response.objects.bulk_update(
        responses, ["is_correct", "points", "marked_points", "marking_method"]
    )


class MarkingError(DomainError):
    """There is nothing to mark the answer against."""

    status_code = 409


MARKING_FIELDS = [
    "marked_rating", "marked_score", "marked_semantic", "marked_points", "key_points",
    "marking_method", "marking_explanation", "points", "self_rating",
]  # fmt: skip


def _mark_open_questions(attempt: Attempt) -> None:
    """Store the assistant's mark on every open response, with one embedding batch for all."""
    approved = Answer.objects.approved().order_by("pk")
    responses = list(
        attempt.responses.filter(question__kind=Question.Kind.OPEN, marking_method="")
        .select_for_update(of=("self",))
        .select_related("question")
        .prefetch_related(Prefetch("question__answers", approved, to_attr="approved_answers"))
    )
    mark_responses(responses)
    Response.objects.bulk_update(responses, MARKING_FIELDS)
    # The student's own rating, where they gave one before, outranks the suggestion.
    _announce_marks(
        attempt,
        [(r, r.self_rating or r.marked_rating) for r in responses if r.marked_rating is not None],
    )


@transaction.atomic
def mark_attempt(attempt_id: int, *, now: datetime) -> None:
    """Mark a closed attempt's open answers and announce the marks (the task its closing
    enqueued). An attempt already marked, still open or deleted is left alone, so running the
    task twice changes nothing."""
    attempt = Attempt.objects.select_for_update().filter(pk=attempt_id).first()
    if attempt is None or not attempt.is_being_marked:
        return
    _mark_open_questions(attempt)
    attempt.marked_at = now
    attempt.save(update_fields=["marked_at"])


def _announce_marks(attempt: Attempt, marks: list[tuple[Response, int]]) -> None:
    """Tell listeners (practice) which open answers have their mark (see exams.signals)."""
    if marks:
        responses_marked.send(
            sender=Response, user=attempt.user, marks=marks, answered_at=attempt.finished_at
        )


def mark_responses(responses: list[Response]) -> None:
    """Set the assistant's mark on open responses (in memory) whose question's approved answers
    are prefetched as ``approved_answers``. A blank answer is marked 0 and counts 0 on both
    figures; an answer to a question without a model answer is left unmarked."""
    markable = [r for r in responses if r.question.approved_answers]
    items = [
        marking.AnswerToMark(
            answer=r.text,
            question=r.question.text,
            model_answers=as_model_answers(r.question.approved_answers),
        )
        for r in markable
    ]
    marks = (
        marking.mark_answers(items, weights=bank_term_weights(), embedder=embedder())
        if items
        else []
    )
    for response, mark in zip(markable, marks, strict=True):
        response.marked_rating = mark.rating
        response.marked_score = mark.score
        response.marked_semantic = mark.semantic
        response.marked_points = RATING_POINTS[mark.rating]
        response.key_points = [
            {
                "text": p.text,
                "html": _key_point_html(p.text),
                "covered": p.covered,
                "weight": round(p.weight, 4),
            }
            for p in mark.key_points
        ]
        response.marking_method = mark.method
        response.marking_explanation = mark.explanation()
    for response in responses:
        if not response.question.approved_answers:
            response.marking_method = "none"
            response.marking_explanation = "No model answer to mark against yet."
        if not response.text.strip():
            response.marked_rating, response.marked_score, response.marked_points = 1, 0.0, 0.0
            response.marking_method = response.marking_method.replace("none", "blank")
            response.marking_explanation = "A blank answer scores 0."
            # Blank is 0 on both figures; a rating given before this rule existed is capped.
            response.points = 0.0
            if response.self_rating is not None:
                response.self_rating = 1


def _key_point_html(text: str) -> str:
    """A key point as the review shows it: a formula typeset like the rest of the page."""
    if not text.startswith(("$", "\\(", "\\[")):
        return escape(text)
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return html


def mark_open_answer(*, question: Question, answer: str) -> marking.Mark:
    """The assistant's mark of an answer to one open question, against its approved answers."""
    if question.kind != Question.Kind.OPEN:
        raise MarkingError("This is a choice question: it is graded by its key, not marked.")
    model_answers = list(question.answers.approved().order_by("pk"))
    if not model_answers:
        raise MarkingError(
            "This question has no model answer yet, so there is nothing to mark against."
        )
    return marking.mark_answer(
        answer=answer,
        question=question.text,
        model_answers=as_model_answers(model_answers),
        weights=bank_term_weights(),
        embedder=embedder(),
    )


def mark_unmarked_attempts(*, now: datetime) -> int:
    """Mark the closed attempts with a response never marked (closed before the assistant
    existed, or whose marking task was lost), one transaction each; returns how many.
    Self-ratings are kept."""
    unmarked = Response.objects.filter(attempt=OuterRef("pk"), marking_method="")
    pending = list(
        Attempt.objects.exclude(status=Attempt.Status.IN_PROGRESS)
        .filter(Exists(unmarked))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pending:
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update().get(pk=pk)
            # Choice questions keep the grade they got then, even if their key changed since.
            attempt.responses.exclude(question__kind=Question.Kind.OPEN).update(
                marked_points=F("points"),
                marking_method=Case(
                    When(is_correct__isnull=True, then=Value("none")), default=Value("key")
                ),
            )
            _mark_open_questions(attempt)
            if attempt.marked_at is None:
                attempt.marked_at = now
                attempt.save(update_fields=["marked_at"])
    return len(pending)


def check_reviewable(attempt: Attempt) -> None:
    """The review (model answers, keys) opens only once the attempt is closed."""
    if attempt.is_open:
        raise ExamError("The review opens once the attempt is submitted.")


def rate_response(*, attempt: Attempt, position: int, rating: int) -> Response:
    """The student's self-assessment of an open question, after the attempt is closed."""
    if attempt.is_open:
        raise ExamError("Rate your answers once the attempt is submitted.")
    if rating not in RATING_POINTS:
        raise ExamInputError("A rating is a whole number from 1 (not at all) to 5 (perfectly).")
    response = attempt.responses.select_related("question").filter(position=position).first()
    if response is None:
        raise ExamInputError(f"This exam has no question {position}.")
    if response.question.kind != Question.Kind.OPEN:
        raise ExamInputError("Choice questions are graded automatically.")
    if not response.text.strip() and rating > 1:
        raise ExamInputError(
            "You left this question blank: it counts 0 and cannot be rated above 1."
        )
    response.self_rating = rating
    response.points = RATING_POINTS[rating]
    with transaction.atomic():
        response.save(update_fields=["self_rating", "points"])
        _announce_marks(attempt, [(response, rating)])
    return response


def offer_response_as_answer(*, attempt: Attempt, position: int) -> Answer:
    """Send the student's answer to a question without a model answer to moderation, once."""
    if attempt.is_open:
        raise ExamError("Offer your answers once the attempt is submitted.")
    response = attempt.responses.select_related("question").filter(position=position).first()
    if response is None:
        raise ExamInputError(f"This exam has no question {position}.")
    question = response.question
    if question.kind != Question.Kind.OPEN or not response.text.strip():
        raise ExamInputError("Only a written answer to an open question can be offered.")
    if question.answers.approved().exists():
        raise ExamInputError("This question already has a model answer.")
    already = question.answers.filter(author=attempt.user, body=response.text.strip()).first()
    return already or submit_contribution(
        question=question, author=attempt.user, body=response.text
    )
