import re
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Replace
from django.urls import reverse

from . import search
from .diff import word_diff_html
from .indexes import PostgresGinIndex
from .markdown import render_markdown

# The bank's order: sources in their order, then each source's questions by position. Stored as
# Question.bank_rank (see services.bank_index) so that an index serves it.
BANK_ORDER = ("bank_rank", "pk")


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

    def search(self, text: str) -> "QuestionQuerySet":
        """Questions matching a search of their text and published answers, best first.

        On PostgreSQL: full-text search in web-search syntax with ``search_snippet`` (see
        questions.search). Elsewhere: case- and hyphen-insensitive substring matches.
        """
        if search.has_full_text(connections[self.db]):
            return self.full_text_search(text)
        return self.substring_search(text)

    def full_text_search(self, text: str) -> "QuestionQuerySet":
        """PostgreSQL: stemmed words, "phrases", -exclusions and `or`; matches in the question's
        text first, then by rank; each with an escaped, highlighted ``search_snippet``. At most
        ``search.MAX_RESULTS`` of them: beyond that, the first the index finds."""
        query = search.websearch_query(text)
        # Ranking reads every match's vectors: bounded, a search costs the same in any bank.
        found = self.filter(search_vector=query).order_by().values("pk")[: search.MAX_RESULTS]
        return (
            self.filter(pk__in=found)
            .annotate(
                search_in_text=search.in_question_text(query),
                search_rank=search.rank(query),
                search_snippet=search.Snippet(query),
            )
            .order_by("-search_in_text", "-search_rank", *BANK_ORDER)
        )

    def substring_search(self, text: str) -> "QuestionQuerySet":
        """Any database: the same syntax as substrings of the text or the published answers,
        ignoring case and hyphens; matches in the question's text first, then in bank order."""
        hyphens_as_spaces = {
            name: Replace(F(field), Value("-"), Value(" "), output_field=models.TextField())
            for name, field in (("_search_text", "text"), ("_search_answers", "answer_text"))
        }
        return (
            self.alias(**hyphens_as_spaces)
            .filter(search.substring_match(text, ["_search_text", "_search_answers"]))
            .annotate(search_in_text=search.substring_match(text, ["_search_text"]))
            .order_by("-search_in_text", *BANK_ORDER)
        )

    def for_listing(self):
        """What a list of questions shows, in bank order: source, topics, whether answered.

        ``is_answered`` is read from answer_text (the published answers): the Exists of
        with_answered_flag() becomes a scan of every answer when many rows may match.
        """
        answered = ExpressionWrapper(~Q(answer_text=""), output_field=models.BooleanField())
        return (
            self.select_related("source").prefetch_related("topics").annotate(is_answered=answered)
        )

    def for_detail(self):
        """One question with everything its page shows, in a fixed number of queries.

        Call attach_same_elsewhere() on the fetched questions for the same question asked in
        other sources.
        """
        return self.select_related("source").prefetch_related(
            "topics",
            "choices",
            Prefetch(
                "answers",
                queryset=Answer.objects.approved().select_related("source", "author"),
                to_attr="approved_answers",
            ),
            Prefetch(
                "related",
                queryset=Question.objects.select_related("source").order_by(*BANK_ORDER),
                to_attr="related_list",
            ),
        )

    def touch(self, *, at: datetime) -> int:
        """Mark these questions changed (an answer published or replaced, a key set), so
        clients that sync by ``updated_at`` fetch them again."""
        return self.update(updated_at=at)

    def for_api(self):
        """Questions as the API shows them, in bank order, in a fixed number of queries.

        Call attach_same_elsewhere() on the fetched page for the links to other sources.
        """
        return self.for_detail()

    def is_whole_bank(self) -> bool:
        """Unfiltered and in bank order: the rows are those of bank_rank 1, 2, … n."""
        return not self.query.where and not self.query.order_by and self.query.default_ordering


_FINGERPRINT_DROP = re.compile(r"\b(a|an|the)\b|[\W_]")


def fingerprint(text: str) -> str:
    """A key equal for the same question worded with other case, articles, punctuation, hyphens
    or spaces ("multi-task", "multi task" and "multitask" alike)."""
    return _FINGERPRINT_DROP.sub("", text.lower())[:255]


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
        help_text="The question's wording, ignoring case, articles, punctuation and spaces.",
    )
    same_as = models.CharField(
        max_length=255,
        db_index=True,
        editable=False,
        help_text="Questions sharing it are the same question (asked in several documents, in "
        "other words): an exam never draws two. The fingerprint unless the importer linked it.",
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        help_text="Other questions on the same subject, shown on the question's page.",
    )
    updated_at = models.DateTimeField(
        auto_now=True,
        db_index=True,
        help_text="Last change to the question, its choices or its published answers.",
    )
    # Derived from other rows, kept current by services.bank_index.
    bank_rank = models.PositiveIntegerField(
        null=True,
        editable=False,
        help_text="1-based place in the whole bank (sources in order, then positions).",
    )
    answer_text = models.TextField(
        blank=True, editable=False, help_text="The published answers' Markdown, for search."
    )
    text_vector = SearchVectorField(
        null=True, editable=False, help_text="PostgreSQL: the text's part of search_vector."
    )
    search_vector = SearchVectorField(
        null=True, editable=False, help_text="PostgreSQL: text (weight A) and answers (B)."
    )

    objects = QuestionQuerySet.as_manager()

    # Filled by QuestionQuerySet.for_detail() (prefetches) and attach_same_elsewhere().
    approved_answers: list["Answer"]
    related_list: list["Question"]
    same_elsewhere_list: list["Question"]

    class Meta:
        ordering = BANK_ORDER
        constraints = [
            models.UniqueConstraint(fields=["source", "position"], name="unique_question_position")
        ]
        indexes = [
            models.Index(fields=["bank_rank", "id"], name="question_bank_order"),
            PostgresGinIndex(fields=["search_vector"], name="question_search"),
        ]

    def __str__(self) -> str:
        return f"{self.source.slug} #{self.position}"

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", args=[self.pk])

    def fill_derived(self) -> None:
        """Compute the stored HTML, the fingerprint and, unless set, the same-question key from
        the text. save() calls it; so does the importer, whose fixture loaddata saves raw."""
        self.text_html = render_markdown(self.text)
        self.fingerprint = fingerprint(self.text)
        self.same_as = self.same_as or self.fingerprint


def attach_same_elsewhere(questions: list[Question]) -> list[Question]:
    """Set ``same_elsewhere_list`` on each question with one query: the same question (same
    ``same_as``) as asked in other sources, in bank order."""
    found: dict[str, list[Question]] = {}
    keys = {question.same_as for question in questions}
    if keys:
        for other in (
            Question.objects.filter(same_as__in=keys).select_related("source").order_by(*BANK_ORDER)
        ):
            found.setdefault(other.same_as, []).append(other)
    for question in questions:
        question.same_elsewhere_list = [
            other
            for other in found.get(question.same_as, [])
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
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """Compute the stored HTML from the text (see Question.fill_derived())."""
        self.text_html = render_markdown(self.text)


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

    def with_contribution_kind(self):
        """Annotate ``contribution_kind`` (see contribution_kind())."""
        return self.annotate(contribution_kind=contribution_kind())

    def moderation_queue(self, moderator=None):
        """Pending contributions with their question and the answer they replace, oldest first.

        For a moderator, those they can decide come first; then those they skipped, oldest skip
        first; then their own, which another moderator must decide.
        """
        queue = (
            self.pending()
            .with_contribution_kind()
            .select_related("author", "question__source", "replaces__source", "replaces__author")
            .prefetch_related("proposed_choices", "question__choices")
        )
        if moderator is None:
            return queue.order_by("created_at", "pk")
        skipped = Skip.objects.filter(moderator=moderator, answer=OuterRef("pk"))
        return queue.annotate(
            skipped_at=Subquery(skipped.values("skipped_at")[:1]),
            is_own=Case(
                When(author=moderator, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        ).order_by("is_own", F("skipped_at").asc(nulls_first=True), "created_at", "pk")

    def of_kind(self, kind: str):
        return self.with_contribution_kind().filter(contribution_kind=kind)

    def in_topic(self, topic: "Topic"):
        in_topic = Question.topics.through.objects.filter(
            question=OuterRef("question_id"), topic=topic
        )
        return self.filter(Exists(in_topic))

    def count_by_kind(self) -> dict[str, int]:
        """How many of each contribution kind, in one query."""
        rows = self.with_contribution_kind().order_by().values("contribution_kind")
        counts = dict(rows.annotate(n=Count("pk")).values_list("contribution_kind", "n"))
        return {kind: counts.get(kind, 0) for kind, _ in CONTRIBUTION_KINDS}

    def count_by_topic(self) -> list[tuple[str, str, int]]:
        """(slug, name, how many) for each topic with contributions here, in one query."""
        rows = (
            self.order_by()
            .filter(question__topics__isnull=False)
            .values("question__topics__slug", "question__topics__name")
            .annotate(n=Count("pk", distinct=True))
            .order_by("question__topics__position", "question__topics__name")
        )
        return [
            (row["question__topics__slug"], row["question__topics__name"], row["n"]) for row in rows
        ]

    def record(self) -> dict[str, int]:
        """How many were approved, rejected and are pending, in one query."""
        return self.aggregate(
            **{
                status: Count("pk", filter=Q(status=status))
                for status in (
                    Answer.Status.APPROVED,
                    Answer.Status.REJECTED,
                    Answer.Status.PENDING,
                )
            }
        )


NEW_ANSWER, IMPROVEMENT, KEY = "answer", "improvement", "key"
CONTRIBUTION_KINDS = [(NEW_ANSWER, "New answers"), (IMPROVEMENT, "Improvements"), (KEY, "Keys")]


def contribution_kind(answer: str = "") -> Case:
    """The kind of the contribution at the relation ``answer`` ("" for the row itself): an
    improvement names the answer it replaces, a key proposes correct choices, anything else is
    a new answer."""
    prefix = f"{answer}__" if answer else ""
    proposes_key = Answer.proposed_choices.through.objects.filter(answer=OuterRef(f"{prefix}pk"))
    return Case(
        When(**{f"{prefix}replaces__isnull": False}, then=Value(IMPROVEMENT)),
        When(Exists(proposes_key), then=Value(KEY)),
        default=Value(NEW_ANSWER),
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
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """Compute the stored HTML from the body (see Question.fill_derived())."""
        self.body_html = render_markdown(self.body)

    @property
    def credit(self) -> str:
        if self.source is not None:
            return self.source.name
        return self.author.get_username() if self.author else "Anonymous"


class ModerationLogQuerySet(models.QuerySet):
    def for_log(self):
        """Decisions, newest first, with who decided, the question and the text decided on,
        its kind (``contribution_kind``) and proposed key."""
        return (
            self.select_related(
                "moderator", "answer__author", "answer__question__source", "answer__replaces"
            )
            .prefetch_related("answer__proposed_choices")
            .annotate(contribution_kind=contribution_kind("answer"))
            .order_by("-created_at", "-pk")
        )

    def moderator_names(self) -> list[str]:
        """The usernames of everyone who decided something, for the log's filter."""
        moderators = self.exclude(moderator=None).values("moderator_id")
        return list(
            get_user_model()
            .objects.filter(pk__in=moderators)
            .order_by("username")
            .values_list("username", flat=True)
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

    @property
    def edited(self) -> bool:
        """Whether the moderator changed the author's text when approving it."""
        return self.before.get("body", "") != self.after.get("body", "")

    def changes_html(self) -> str | None:
        """The decided text with its changes marked: against the answer an improvement replaces,
        or else against the author's text when the moderator edited it; None when neither."""
        decided = self.after.get("body", "")
        replaced = self.answer.replaces
        if replaced is not None:
            return word_diff_html(replaced.body, decided)
        if self.edited:
            return word_diff_html(self.before.get("body", ""), decided)
        return None


class Skip(models.Model):
    """A moderator put a pending contribution aside: it moves to the end of their queue."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="skips")
    skipped_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["moderator", "answer"], name="one_skip_per_moderator")
        ]

    def __str__(self) -> str:
        return f"Answer {self.answer_id} skipped by {self.moderator_id}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_list(self, user):
        """A user's notifications, newest first, with the contribution and its question."""
        return (
            self.filter(user=user)
            .select_related("answer__question__source")
            .order_by("-created_at", "-pk")
        )


class Notification(models.Model):
    """Tells a contributor that a moderator decided their contribution (one per decision)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="notification")
    action = models.CharField(max_length=10, choices=ModerationLogEntry.Action.choices)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the decision was mailed to the contributor."
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: answer {self.answer_id} for {self.user_id}"


class SearchTermQuerySet(models.QuerySet):
    def suggestion(self, text: str, *, found: int) -> str | None:
        """The search with its misspelt words replaced by the bank's closest words ("Did you
        mean …?"), when it found fewer than search.FEW_RESULTS questions; None otherwise.

        A word is misspelt when it is no stop word and no question matches it. One query, run
        for every search on PostgreSQL whatever it found (None elsewhere), so a page's query
        count does not depend on its results; it looks the words up only when the search found
        too few (in a large bank, checking that a common word matches costs milliseconds).
        """
        words = search.words(text)
        connection = connections[self.db]
        if not words or not search.has_full_text(connection):
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                _CORRECTIONS_SQL.format(
                    terms=self.model._meta.db_table, questions=Question._meta.db_table
                ),
                [search.CONFIG, words, found < search.FEW_RESULTS],
            )
            corrections = {word: correction for word, correction in cursor.fetchall() if correction}
        return search.corrected(text, corrections) if corrections else None


# For each word: NULL when it is a stop word or finds a question, else the most similar word of
# the vocabulary that still finds one (the vocabulary may keep words an edit removed).
_CORRECTIONS_SQL = """
WITH config AS (SELECT %s::regconfig AS name)
SELECT words.word, CASE
    WHEN numnode(plainto_tsquery(config.name, words.word)) = 0 THEN NULL
    WHEN EXISTS (
        SELECT 1 FROM {questions} WHERE search_vector @@ plainto_tsquery(config.name, words.word)
    ) THEN NULL
    ELSE (
        SELECT term.word FROM {terms} AS term
        WHERE term.word %% words.word AND EXISTS (
            SELECT 1 FROM {questions} WHERE search_vector @@ plainto_tsquery(config.name, term.word)
        )
        ORDER BY similarity(term.word, words.word) DESC, term.word
        LIMIT 1
    )
END
FROM unnest(%s::text[]) AS words(word), config
WHERE %s
"""


class SearchTerm(models.Model):
    """A word of the bank's questions and published answers, for "Did you mean …?".

    Filled on PostgreSQL only (by services.bank_index), where a trigram index (pg_trgm) finds
    the words closest to a misspelt one.
    """

    word = models.CharField(primary_key=True, max_length=search.MAX_TERM_LENGTH)

    objects = SearchTermQuerySet.as_manager()

    class Meta:
        indexes = [
            PostgresGinIndex(
                fields=["word"], name="search_term_trigrams", opclasses=["gin_trgm_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.word
