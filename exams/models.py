"""Mock exams: what an exam draws, one student's attempt at it, and their answers."""

import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from questions.caching import bank_reads
from questions.models import Question, Source, Topic

TITLE_MAX_LENGTH = 200


class ExamManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Exam(models.Model):
    """A mock exam: which questions may be drawn, how many, and how long the student has.

    Ready-made exams come from fixtures and have no owner; a custom exam belongs to the student
    who configured it. Questions are drawn at random when an attempt starts, from ``questions``
    when the exam has a fixed set (practising what an attempt missed), else by the filters.
    """

    slug = models.SlugField(
        unique=True,
        null=True,
        blank=True,
        help_text="Ready-made exams only: the fixture matches rows by it, never by id.",
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.TextField(blank=True)
    question_count = models.PositiveSmallIntegerField()
    time_limit_minutes = models.PositiveSmallIntegerField()
    topics = models.ManyToManyField(Topic, blank=True, help_text="Empty: every topic.")
    sources = models.ManyToManyField(Source, blank=True, help_text="Empty: every source.")
    kinds = models.JSONField(default=list, blank=True, help_text="Question kinds; empty: all.")
    questions = models.ManyToManyField(
        Question,
        blank=True,
        related_name="+",
        help_text="A fixed set to draw from, ignoring topics, sources and kinds; empty: none.",
    )
    include_unanswered = models.BooleanField(
        default=False, help_text="Also draw questions that have no model answer or key."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="custom_exams",
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    links_changed_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text="When its topics, sources or fixed questions last changed (links_changed).",
    )

    objects = ExamManager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def links_key(self) -> str:
        """Names this exam's links as they are now: a change gives them a new name."""
        return f"{self.pk}@{self.links_changed_at.timestamp()}"

    @cached_property
    def links(self) -> "ExamLinks":
        """Its topics, sources and fixed questions, shared through the cache: a class starting
        the exam reads them once, not three queries per student. (A list of exams reads all
        of theirs in one round trip: exams.selectors.with_links.)"""
        return ExamLinks.cached([self])[self.links_key]


@dataclass(frozen=True)
class ExamLinks:
    """An exam's topics and sources (id, slug) in their own order, and its fixed question ids."""

    topics: tuple[tuple[int, str], ...] = ()
    sources: tuple[tuple[int, str], ...] = ()
    fixed: tuple[int, ...] = ()

    @property
    def topic_slugs(self) -> list[str]:
        return [slug for _, slug in self.topics]

    @property
    def source_slugs(self) -> list[str]:
        return [slug for _, slug in self.sources]

    @classmethod
    def cached(cls, exams: list[Exam]) -> dict[str, "ExamLinks"]:
        """The links of these exams by ``links_key``, from one round trip to the cache; those
        it lacks are read (``of``) and stored."""
        exam_ids = {exam.links_key: exam.pk for exam in exams}

        def read(keys: list[str]) -> dict[str, ExamLinks]:
            found = cls.of([exam_ids[key] for key in keys])
            return {key: found[exam_ids[key]] for key in keys}

        return bank_reads("exam-links", exam_ids, read)

    @classmethod
    def of(cls, exam_ids: list[int]) -> dict[int, "ExamLinks"]:
        """The links of these exams, in three queries whatever their number."""
        found: dict[int, dict[str, list]] = {
            pk: {"topics": [], "sources": [], "fixed": []} for pk in exam_ids
        }
        for name, model in (("topics", Topic), ("sources", Source)):
            linked = model.objects.filter(exam__in=exam_ids).values_list("exam", "pk", "slug")
            for exam_id, pk, slug in linked:
                found[exam_id][name].append((pk, slug))
        fixed = Exam.questions.through.objects.filter(exam_id__in=exam_ids)
        for exam_id, pk in fixed.order_by("question_id").values_list("exam_id", "question_id"):
            found[exam_id]["fixed"].append(pk)
        return {
            pk: cls(**{name: tuple(items) for name, items in links.items()})
            for pk, links in found.items()
        }


def links_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """A receiver of ``m2m_changed`` on an exam's topics, sources and fixed questions, from
    either side: the exams whose links changed get a new ``links_changed_at``, so their cached
    links are read again."""
    if not reverse:
        if action.startswith("post_"):
            Exam.objects.filter(pk=instance.pk).update(links_changed_at=timezone.now())
        return
    if action in ("post_add", "post_remove"):
        changed = Exam.objects.filter(pk__in=pk_set)
    elif action == "pre_clear":  # after the clear, nothing says which exams it had
        field = {Exam.topics.through: "topics", Exam.sources.through: "sources"}[sender]
        changed = Exam.objects.filter(**{field: instance})
    else:
        return
    changed.update(links_changed_at=timezone.now())


class AttemptQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def in_progress(self):
        return self.filter(status=Attempt.Status.IN_PROGRESS)

    def overdue(self, *, now, grace):
        """Attempts still open although their deadline and grace period have passed."""
        return self.in_progress().filter(deadline__lt=now - grace)


class Attempt(models.Model):
    """One sitting of an exam by one student. The server's deadline is the only clock."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        EXPIRED = "expired", "Closed at the deadline"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.IN_PROGRESS, db_index=True
    )
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    marked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the marking assistant had marked the open answers (the task worker does "
        "it after the attempt closes); empty while it has not.",
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # Two clocks must never run for one sitting (a double click, a second tab): the
            # database refuses a second open attempt, so concurrent starts need no lock.
            models.UniqueConstraint(
                fields=["user", "exam"],
                condition=models.Q(status="in_progress"),
                name="one_open_attempt_per_exam",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.exam}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_being_marked(self) -> bool:
        """Closed, and the marking assistant has not yet marked its open answers."""
        return not self.is_open and self.marked_at is None

    @property
    def time_used_seconds(self) -> int | None:
        if self.finished_at is None:
            return None
        return int((self.finished_at - self.started_at).total_seconds())


class Response(models.Model):
    """A student's answer to one question of an attempt, saved as they type."""

    # No index of its own: unique_response_position starts with it.
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True, help_text="Markdown answer to an open question.")
    text_html = models.TextField(blank=True, editable=False)
    choice_ids = models.JSONField(default=list, blank=True)
    flagged = models.BooleanField(default=False)
    revision = models.PositiveIntegerField(
        default=0, help_text="The client's counter; a save older than the stored one is ignored."
    )
    saved_at = models.DateTimeField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, help_text="Automatic grade of a choice question.")
    self_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How well the student knew it, 1 (not at all) to 5."
    )
    points = models.FloatField(
        null=True, blank=True, help_text="0 to 1, once graded: the key, or the student's rating."
    )
    # The marking assistant's mark (exams.marking), set when the attempt closes.
    marked_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The assistant's rating of an open answer, 1 to 5."
    )
    marked_score = models.FloatField(
        null=True, blank=True, help_text="The assistant's score of an open answer, 0 to 1."
    )
    marked_semantic = models.FloatField(
        null=True, blank=True, help_text="The meaning part of the score, when the model ran."
    )
    marked_points = models.FloatField(
        null=True,
        blank=True,
        help_text="0 to 1 by the assistant's rating (open) or the key (choice); empty when it "
        "could not be marked.",
    )
    key_points = models.JSONField(
        default=list, blank=True, help_text="The model answer's key points: text, covered, weight."
    )
    marking_method = models.CharField(max_length=100, blank=True)
    marking_explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="unique_response_position"
            ),
            models.UniqueConstraint(
                fields=["attempt", "question"], name="unique_response_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"

    class State(models.TextChoices):
        """How a closed attempt's answer fared, as the review shows it. An open answer the student
        has not rated shows the marking assistant's rating, if it could mark it."""

        CORRECT = "correct", "Correct"
        WRONG = "wrong", "Wrong"
        RATED = "rated", "Rated"
        MARKED = "marked", "Marked"
        PENDING = "pending", "Being marked"
        UNRATED = "unrated", "Not rated"
        BLANK = "blank", "Blank"
        UNGRADED = "ungraded", "No key"

    @property
    def is_answered(self) -> bool:
        return bool(self.text.strip() or self.choice_ids)

    @property
    def is_marked(self) -> bool:
        return bool(self.marking_method)

    @property
    def missed_key_points(self) -> list[dict]:
        return [point for point in self.key_points if not point.get("covered")]

    @property
    def rating(self) -> int | None:
        """The student's own rating of an open answer, else the marking assistant's."""
        return self.self_rating if self.self_rating is not None else self.marked_rating

    @property
    def state(self) -> str:
        if not self.is_answered:
            return self.State.BLANK
        if self.question.kind == Question.Kind.OPEN:
            if self.self_rating is not None:
                return self.State.RATED
            if not self.is_marked and self.attempt.is_being_marked:
                return self.State.PENDING
            return self.State.UNRATED if self.marked_rating is None else self.State.MARKED
        if self.is_correct is None:
            return self.State.UNGRADED
        return self.State.CORRECT if self.is_correct else self.State.WRONG

    @property
    def state_label(self) -> str:
        """ "Rated 4/5", "Marked 2/5", "Wrong"…"""
        state = self.State(self.state)
        if state in (self.State.RATED, self.State.MARKED):
            return f"{state.label} {self.rating}/5"
        return state.label

    @property
    def rating_tone(self) -> str:
        """How well a rated or marked open answer did, for colour: low, mid or high; else ""."""
        if self.state not in (self.State.RATED, self.State.MARKED) or self.rating is None:
            return ""
        return "low" if self.rating <= 2 else "mid" if self.rating == 3 else "high"

    @property
    def review_filters(self) -> list[str]:
        """The review filters that show this answer ("unrated": not rated by the student)."""
        state = self.state
        not_rated = state in (self.State.MARKED, self.State.PENDING)
        filters = [self.State.UNRATED.value if not_rated else str(state)]
        return filters + (["flagged"] if self.flagged else [])

    @property
    def is_missed(self) -> bool:
        """Left blank, wrong, or rated 1 or 2 (by the student, else by the marking assistant):
        worth practising again."""
        return (
            not self.is_answered
            or self.is_correct is False
            or (self.rating is not None and self.rating <= 2)
        )
