"""Practice reads: one function per screen, called by the pages and the API alike.

The due list never loads a student's whole deck: it walks the (user, due) index up to a batch,
counts due cards only up to a cap, and reads the batch's questions in a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypedDict

from django.db import connection
from django.db.models import Case, Count, Exists, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from exams.selectors import topic_strengths
from questions.models import Answer, Question, QuestionQuerySet, Source, Topic

from .models import Card, PracticeSettings, Review

#: Cards shown by one practice page (the page reloads for the next batch): ten keep the page's
#: HTML small and fast to render, and a reload every ten cards is hardly noticed.
BATCH_SIZE = 10
#: Due cards are counted up to this many (beyond it the page says "200+"): counting stops there,
#: so a deck of 100,000 due cards costs no more than one of 200.
DUE_COUNT_CAP = 200
#: A topic is weak when the student's average exam score on it is below this.
WEAK_TOPIC_BELOW = 0.6
#: Reviews counted for the retention statistic.
RETENTION_WINDOW = timedelta(days=30)


@dataclass
class Scope:
    """What to practise: everything, one topic, one source, or the student's weak topics."""

    topic: Topic | None = None
    source: Source | None = None
    weak: bool = False
    weak_topics: list[str] = field(default_factory=list)
    """Slugs of the weak topics (filled by resolve_scope)."""

    @property
    def label(self) -> str:
        if self.topic:
            return f"Topic: {self.topic.name}"
        if self.source:
            return f"Source: {self.source.name}"
        if self.weak:
            return "My weak topics"
        return "Everything"

    def query_string(self) -> str:
        if self.topic:
            return f"topic={self.topic.slug}"
        if self.source:
            return f"source={self.source.slug}"
        return "weak=1" if self.weak else ""

    def _topic_slugs(self) -> list[str] | None:
        """The topics to keep (None: any topic)."""
        if self.topic:
            return [self.topic.slug]
        return self.weak_topics if self.weak else None

    def questions(self, questions: QuestionQuerySet, bound: dict | None = None) -> QuestionQuerySet:
        """Narrow the questions; ``bound`` (lookups on the question id) is repeated inside."""
        if self.source:
            questions = questions.filter(source=self.source)
        slugs = self._topic_slugs()
        if slugs is not None:
            questions = questions.filter(pk__in=_questions_in_topics(slugs, bound or {}))
        return questions

    def cards(self, cards: QuerySet[Card]) -> QuerySet[Card]:
        if self.source:
            cards = cards.filter(question__source=self.source)
        slugs = self._topic_slugs()
        if slugs is not None:
            cards = cards.filter(question_id__in=_questions_in_topics(slugs, {}))
        return cards


def _questions_in_topics(slugs: list[str], bound: dict) -> QuerySet:
    return (
        Question.topics.through.objects.filter(topic__slug__in=slugs)
        .filter(**{f"question_id__{lookup}": value for lookup, value in bound.items()})
        .values("question_id")
    )


def weak_topic_slugs(user: User) -> list[str]:
    """Topics where the student's exams (marks of open answers, choice answers) score low."""
    return [
        row["slug"]
        for row in topic_strengths(user)
        if row["slug"] is not None and row["strength"] < WEAK_TOPIC_BELOW
    ]


def resolve_scope(
    user: User, *, topic: Topic | None = None, source: Source | None = None, weak: bool = False
) -> Scope:
    scope = Scope(topic=topic, source=source, weak=weak and not (topic or source))
    if scope.weak:
        scope.weak_topics = weak_topic_slugs(user)
    return scope


def practisable_questions() -> QuestionQuerySet:
    """Questions that can be cards: with a model answer and not missing a figure."""
    return Question.objects.answered().filter(needs_figure=False)


@dataclass
class DueItem:
    question: Question
    card: Card | None
    """None for a new card (the student never reviewed this question)."""

    @property
    def is_new(self) -> bool:
        return self.card is None


@dataclass
class Session:
    """Today's practice in one scope: the next batch of cards and the day's counts."""

    scope: Scope
    preferences: PracticeSettings
    items: list[DueItem]
    due_count: int
    """Cards due now, counted up to DUE_COUNT_CAP."""
    reviewed_today: int
    new_today: int
    new_left_today: int
    next_due_at: datetime | None
    """When the next card not yet due comes due."""

    @property
    def due_count_capped(self) -> bool:
        return self.due_count >= DUE_COUNT_CAP

    @property
    def new_in_batch(self) -> int:
        return sum(item.is_new for item in self.items)

    @property
    def remaining(self) -> int:
        """Cards left in today's session: those due now, and the new cards still allowed."""
        return self.due_count + self.new_in_batch

    @property
    def progress_total(self) -> int:
        return self.reviewed_today + self.remaining


def start_of_day(now: datetime) -> datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def practice_session(
    *,
    user: User,
    scope: Scope,
    now: datetime,
    limit: int = BATCH_SIZE,
    extra_new: int = 0,
    first_question_id: int | None = None,
) -> Session:
    """The next ``limit`` cards to practise: due cards, oldest due first, then new cards up to
    the day's allowance (plus ``extra_new`` the student asked for). ``first_question_id`` (a
    question page's "Practise this") comes first, due or not.

    A fixed number of queries, whatever the size of the deck.
    """
    preferences = PracticeSettings.objects.for_user(user)
    cards = Card.objects.filter(user=user)
    scoped_cards = scope.cards(cards)
    due = list(scoped_cards.filter(due__lte=now).order_by("due", "pk")[:limit])
    today = Review.objects.filter(user=user, reviewed_at__gte=start_of_day(now)).aggregate(
        reviewed=Count("pk"), new=Count("pk", filter=Q(was_new=True))
    )
    new_left = max(0, preferences.new_cards_per_day - today["new"]) + extra_new

    first_card = None
    if first_question_id is not None:
        first_card = cards.filter(question_id=first_question_id).first()
        if first_card is None and not practisable_questions().filter(pk=first_question_id).exists():
            first_question_id = None
        due = [card for card in due if card.question_id != first_question_id]

    new_ids: list[int] = []
    if new_left:
        new_ids = _new_question_ids(user, scope, min(new_left, limit), first_question_id)
    due_count = scoped_cards.filter(due__lte=now).order_by()[:DUE_COUNT_CAP].count()
    next_due_at = (
        scoped_cards.filter(due__gt=now).order_by("due").values_list("due", flat=True).first()
    )

    batch: list[tuple[int, Card | None]] = [(card.question_id, card) for card in due]
    batch += [(pk, None) for pk in new_ids]
    batch = batch[:limit]
    if first_question_id is not None:
        batch = [(first_question_id, first_card), *batch[: limit - 1]]
    questions = Question.objects.for_detail().in_bulk([pk for pk, _ in batch])
    return Session(
        scope=scope,
        preferences=preferences,
        items=[DueItem(questions[pk], card) for pk, card in batch if pk in questions],
        due_count=due_count,
        reviewed_today=today["reviewed"],
        new_today=today["new"],
        new_left_today=new_left,
        next_due_at=next_due_at,
    )


def _new_question_ids(user: User, scope: Scope, count: int, exclude: int | None) -> list[int]:
    """Up to ``count`` questions the student has no card of, in bank order, continuing after the
    question of their newest card and wrapping around to the start.

    Starting after the newest card avoids walking the whole deck to find the first unseen
    question (a student with 100,000 cards learnt in order would otherwise scan them all); the
    two parts are one UNION ALL under one LIMIT, so the second runs only when the first falls
    short. Databases that cannot limit each part (SQLite) sort the unseen questions instead.
    """
    cards = Card.objects.filter(user=user)
    answers = Answer.objects.approved()
    candidates = Question.objects.filter(needs_figure=False)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    newest = cards.order_by("-created_at", "-pk").values("question_id")[:1]
    cursor = Coalesce(Subquery(newest), 0)
    if not connection.features.supports_slicing_ordering_in_compound:
        # The same order in one sorted query (fine for the small databases this is for).
        unseen = ~Exists(cards.filter(question=OuterRef("pk")))
        answered = Exists(answers.filter(question=OuterRef("pk")))
        wrapped = Case(When(pk__gt=cursor, then=Value(0)), default=Value(1))
        new = scope.questions(candidates).filter(answered, unseen).order_by(wrapped, "pk")
        return list(new.values_list("pk", flat=True)[:count])

    def part(**bound: Coalesce) -> QuestionQuerySet:
        # The bound is repeated on every table joined by question (answers, cards, topics), so
        # each merge join starts at the cursor instead of at the first card.
        on_question = {f"question_id__{lookup}": value for lookup, value in bound.items()}
        return (
            scope.questions(candidates, bound)
            .filter(
                Exists(answers.filter(question=OuterRef("pk"), **on_question)),
                ~Exists(cards.filter(question=OuterRef("pk"), **on_question)),
                **{f"pk__{lookup}": value for lookup, value in bound.items()},
            )
            .order_by("pk")
        )

    after = part(gt=cursor).annotate(part=Value(0)).values_list("part", "pk")
    before = part(lte=cursor).annotate(part=Value(1)).values_list("part", "pk")
    found = sorted(after[:count].union(before[:count], all=True)[:count])
    return [pk for _, pk in found]


def own_card(user: User, card_id: int) -> Card:
    """The student's card with its question; anyone else's card is a 404."""
    return get_object_or_404(
        Card.objects.select_related("question__source").prefetch_related("question__topics"),
        pk=card_id,
        user=user,
    )


def card_reviews(card: Card) -> QuerySet[Review]:
    return card.reviews.order_by("-reviewed_at", "-pk")


class PracticeStats(TypedDict):
    cards: int
    learning: int
    review: int
    relearning: int
    due_now: int
    next_due_at: datetime | None
    reviews: int
    reviews_today: int
    reviews_last_30_days: int
    retention_last_30_days: float | None
    new_cards_per_day: int
    desired_retention: float
    fitted_parameters: bool


def practice_stats(*, user: User, now: datetime) -> PracticeStats:
    """A student's deck in numbers; retention is the share of reviews of already-seen cards in
    the last 30 days that were not rated 1."""
    cards = Card.objects.filter(user=user).aggregate(
        cards=Count("pk"),
        learning=Count("pk", filter=Q(state=Card.State.LEARNING)),
        review=Count("pk", filter=Q(state=Card.State.REVIEW)),
        relearning=Count("pk", filter=Q(state=Card.State.RELEARNING)),
        due_now=Count("pk", filter=Q(due__lte=now)),
        next_due_at=Min("due", filter=Q(due__gt=now)),
    )
    recent = Q(reviewed_at__gte=now - RETENTION_WINDOW)
    seen = recent & Q(was_new=False)
    reviews = Review.objects.filter(user=user).aggregate(
        reviews=Count("pk"),
        reviews_today=Count("pk", filter=Q(reviewed_at__gte=start_of_day(now))),
        reviews_last_30_days=Count("pk", filter=recent),
        seen=Count("pk", filter=seen),
        recalled=Count("pk", filter=seen & Q(rating__gt=1)),
    )
    preferences = PracticeSettings.objects.for_user(user)
    return {
        "cards": cards["cards"],
        "learning": cards["learning"],
        "review": cards["review"],
        "relearning": cards["relearning"],
        "due_now": cards["due_now"],
        "next_due_at": cards["next_due_at"],
        "reviews": reviews["reviews"],
        "reviews_today": reviews["reviews_today"],
        "reviews_last_30_days": reviews["reviews_last_30_days"],
        "retention_last_30_days": reviews["recalled"] / reviews["seen"]
        if reviews["seen"]
        else None,
        "new_cards_per_day": preferences.new_cards_per_day,
        "desired_retention": preferences.desired_retention,
        "fitted_parameters": bool(preferences.parameters),
    }


#: The most notes one export holds: a topic or a source of the bank is far below it.
EXPORT_MAX_NOTES = 5000


@dataclass
class Export:
    deck_name: str
    file_stem: str
    questions: QuerySet[Question]


def export_for(
    *, user: User, topic: Topic | None = None, source: Source | None = None, now: datetime
) -> Export:
    """A topic's or a source's practisable questions, or (neither given) the student's due
    cards, in the bank's order, with what the notes show."""
    questions = practisable_questions().for_detail()
    if topic is not None:
        return Export(
            deck_name=f"Quizsite::{topic.name}",
            file_stem=f"quizsite-topic-{topic.slug}",
            questions=questions.filter(topics=topic).order_by("source__position", "position"),
        )
    if source is not None:
        return Export(
            deck_name=f"Quizsite::{source.name}",
            file_stem=f"quizsite-source-{source.slug}",
            questions=questions.filter(source=source).order_by("position"),
        )
    due = Card.objects.filter(user=user, due__lte=now).values("question_id")
    return Export(
        deck_name="Quizsite::My due cards",
        file_stem="quizsite-due",
        questions=Question.objects.for_detail()
        .filter(pk__in=due)
        .order_by("source__position", "position"),
    )
