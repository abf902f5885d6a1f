import re
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.urls import reverse

from .markdown import render_markdown


class SourceQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            question_count=Count("questions", distinct=True),
            answered_count=Count(
                "questions",
                filter=Q(
                    questions__answers__status=Answer.Status.APPROVED,
                    questions__answers__superseded_by__isnull=True,
                ),
                distinct=True,
            ),
        )


class Source(models.Model):
    """A document the bank was seeded from (or, later, another origin of questions)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in lists of sources.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("questions:source", args=[self.slug])


class TopicQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(question_count=Count("questions", distinct=True))


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("questions:topic", args=[self.slug])


class QuestionQuerySet(models.QuerySet):
    def with_answered_flag(self):
        approved = Answer.objects.approved().filter(question=OuterRef("pk"))
        return self.annotate(is_answered=Exists(approved))

    def answered(self, flag: bool = True):
        approved = Answer.objects.approved().filter(question=OuterRef("pk"))
        return self.filter(Exists(approved)) if flag else self.exclude(Exists(approved))

    def search(self, text: str):
        return self.filter(text__icontains=text)

    def for_listing(self):
        """What a list of questions shows: source, topics and whether it has an answer."""
        return (
            self.select_related("source")
            .prefetch_related("topics")
            .with_answered_flag()
            .order_by("source__position", "position")
        )

    def for_detail(self):
        """One question with everything its page shows, in a fixed number of queries."""
        return self.select_related("source").prefetch_related(
            "topics",
            "choices",
            Prefetch(
                "answers",
                queryset=Answer.objects.approved().select_related("source", "author"),
                to_attr="approved_answers",
            ),
        )

    def touch(self, *, at: datetime) -> int:
        """Mark these questions changed (an answer published or replaced, a key set), so
        clients that sync by ``updated_at`` fetch them again."""
        return self.update(updated_at=at)

    def for_api(self):
        """Questions as the API shows them, in a stable order, in a fixed number of queries.

        Call attach_same_elsewhere() on the fetched page for the links to other sources.
        """
        return self.for_detail().order_by("source__position", "source__slug", "position", "pk")


_FINGERPRINT_DROP = re.compile(r"\b(a|an|the)\b|[^\w\s]")


def fingerprint(text: str) -> str:
    """A key equal for the same question worded with other case, articles or punctuation."""
    return " ".join(_FINGERPRINT_DROP.sub(" ", text.lower()).split())[:255]


class Question(models.Model):
    class Kind(models.TextChoices):
        OPEN = "open", "Open answer"
        TRUE_FALSE = "true_false", "True or false"
        SINGLE_CHOICE = "single_choice", "Multiple choice (one correct)"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice (several correct)"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveIntegerField(help_text="1-based order in the source document.")
    section = models.CharField(max_length=200, blank=True)
    text = models.TextField(help_text="Markdown with LaTeX math.")
    text_html = models.TextField(editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OPEN)
    topics = models.ManyToManyField(Topic, related_name="questions")
    needs_figure = models.BooleanField(
        default=False, help_text="Refers to a figure or table that is missing from the source."
    )
    fingerprint = models.CharField(
        max_length=255,
        db_index=True,
        editable=False,
        help_text="Questions sharing it are the same question asked in several documents.",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        db_index=True,
        help_text="Last change to the question, its choices or its published answers.",
    )

    objects = QuestionQuerySet.as_manager()

    # Filled by QuestionQuerySet.for_detail() (a prefetch) and attach_same_elsewhere().
    approved_answers: list["Answer"]
    same_elsewhere_list: list["Question"]

    class Meta:
        ordering = ["source__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="unique_question_position")
        ]

    def __str__(self) -> str:
        return f"{self.source.slug} #{self.position}"

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        self.fingerprint = fingerprint(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", args=[self.pk])

    def same_elsewhere(self):
        """The same question as asked in other documents."""
        return (
            Question.objects.filter(fingerprint=self.fingerprint)
            .exclude(source_id=self.source_id)
            .select_related("source")
        )


def attach_same_elsewhere(questions: list[Question]) -> list[Question]:
    """Set ``same_elsewhere_list`` on each question (see same_elsewhere()) with one query."""
    found: dict[str, list[Question]] = {}
    fingerprints = {question.fingerprint for question in questions}
    if fingerprints:
        for other in (
            Question.objects.filter(fingerprint__in=fingerprints)
            .select_related("source")
            .order_by("source__position", "source__slug", "position", "pk")
        ):
            found.setdefault(other.fingerprint, []).append(other)
    for question in questions:
        question.same_elsewhere_list = [
            other
            for other in found.get(question.fingerprint, [])
            if other.source_id != question.source_id
        ]
    return questions


class DeletedQuestionQuerySet(models.QuerySet):
    def latest_deletion(self) -> datetime | None:
        return self.aggregate(latest=Max("deleted_at"))["latest"]


class DeletedQuestion(models.Model):
    """A question that was deleted, kept so that clients that sync learn to drop their copy.

    Written by a post_delete signal (questions/signals.py), so every way of deleting counts.
    """

    question_id = models.BigIntegerField(unique=True)
    deleted_at = models.DateTimeField(db_index=True)

    objects = DeletedQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["deleted_at", "question_id"]

    def __str__(self) -> str:
        return f"Question {self.question_id}, deleted {self.deleted_at:%Y-%m-%d %H:%M}"


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField()
    text = models.CharField(max_length=1000)
    text_html = models.TextField(editable=False)
    is_correct = models.BooleanField(
        null=True, help_text="Empty when the source does not give the key."
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="unique_choice_position")
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        super().save(*args, **kwargs)


class AnswerQuerySet(models.QuerySet):
    def approved(self):
        """The answers shown as answers: approved and not replaced by an approved improvement."""
        return self.filter(status=Answer.Status.APPROVED, superseded_by__isnull=True)

    def pending(self):
        return self.filter(status=Answer.Status.PENDING)

    def contributed_by(self, user):
        """A user's contributions, newest first, with what their list shows."""
        return (
            self.filter(author=user)
            .select_related("question__source")
            .prefetch_related("proposed_choices")
            .order_by("-created_at", "-pk")
        )

    def moderation_queue(self):
        """Pending contributions, oldest first, with their question and the answer they replace."""
        return (
            self.pending()
            .select_related("author", "question__source", "replaces__source", "replaces__author")
            .prefetch_related("proposed_choices", "question__choices")
            .order_by("created_at", "pk")
        )


class Answer(models.Model):
    """A model answer, or a proposal for one while it is pending.

    Imported answers are approved and credited to their document. A user's proposal (a
    contribution) is an answer with an author that starts pending; it may name the answer it would
    replace (an improvement) or, for true/false and choice questions, the choices it says are
    correct (a key). Only a moderator's approval makes it visible.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField(help_text="Markdown with LaTeX math.")
    body_html = models.TextField(editable=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
        help_text="The document this answer was imported from.",
    )
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="improvements",
        help_text="For an improvement: the answer it would replace.",
    )
    proposed_choices = models.ManyToManyField(
        Choice,
        blank=True,
        related_name="proposals",
        help_text="For a key proposal: the choices this answer says are correct.",
    )
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when an approved improvement replaced this answer; it stays as history.",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_answers",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="The moderator's reason for a rejection.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Filled by the marking assistant (exams.answer_embeddings) when the answer is saved, and by
    # the embed_answers command; used only while the digest and the model's name still match.
    embedding = models.JSONField(null=True, blank=True, editable=False)
    embedding_model = models.CharField(max_length=100, blank=True, editable=False)
    embedding_digest = models.CharField(
        max_length=64, blank=True, editable=False, help_text="SHA-256 of the body embedded."
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("moderate_answer", "Can approve or reject proposed answers")]

    def __str__(self) -> str:
        return f"Answer to {self.question}"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    @property
    def credit(self) -> str:
        if self.source is not None:
            return self.source.name
        return self.author.get_username() if self.author else "Anonymous"


class ModerationLogQuerySet(models.QuerySet):
    def for_log(self):
        """Decisions, newest first, with who decided and the question decided on."""
        return self.select_related("moderator", "answer__question__source").order_by(
            "-created_at", "-pk"
        )


class ModerationLogEntry(models.Model):
    """One moderation decision: who decided what, when, why, and the answer before and after."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="log_entries")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ModerationLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "moderation log entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} answer {self.answer_id}"
