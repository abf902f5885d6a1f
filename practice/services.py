"""Practice writes: rating a card, scheduling a marked exam answer, settings, fitted parameters.

Every rating goes through ``_review``: the card's state is read, FSRS schedules it with the
student's scheduler, and the card and a Review row (state before and after) are written together.
The card row is locked meanwhile, so two ratings sent at once are applied one after the other.
"""

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from fsrs import Card as FsrsCard

from accounts.models import User
from exams.models import Response
from questions.models import Question
from quizsite.errors import DomainError

from .models import Card, PracticeSettings, Review
from .scheduling import (
    RATING_LABELS,
    apply_fsrs,
    grade_for,
    new_fsrs_card,
    scheduler_for,
    to_fsrs,
    utc,
)

CARD_STATE_FIELDS = ["state", "step", "stability", "difficulty", "due", "last_review"]
SECONDS_PER_DAY = 86_400


class PracticeInputError(DomainError):
    """The request itself is wrong (a rating off the scale, a question without a model answer)."""

    status_code = 400


def check_rating(rating: int) -> None:
    if rating not in RATING_LABELS:
        raise PracticeInputError("A rating is a whole number from 1 (not at all) to 5 (perfectly).")


@transaction.atomic
def rate_card(
    *, user: User, question_id: int, rating: int, now: datetime, duration_ms: int | None = None
) -> Review:
    """Schedule the student's card of this question with their rating, creating it if new.

    A question is practised only once it has a model answer; an existing card can always be rated.
    """
    check_rating(rating)
    question = get_object_or_404(Question.objects.with_answered_flag(), pk=question_id)
    card = _locked_card(user, question.pk)
    is_new = card is None
    if card is None:
        if not question.is_answered:
            raise PracticeInputError("This question has no model answer to practise with yet.")
        card = _create_card(user, question.pk, now)
    return _review(
        card=card,
        preferences=PracticeSettings.objects.for_user(user),
        rating=rating,
        at=now,
        duration_ms=duration_ms,
        is_new=is_new,
    )


def schedule_exam_mark(
    *, response: Response, user: User, question: Question, rating: int, answered_at: datetime
) -> Review | None:
    """A marked open answer of an exam counts as a review of that card, with that mark.

    One exam answer makes at most one review. When its mark changes (the student corrects the
    suggested mark), the review is redone with the new rating if nothing was reviewed since;
    otherwise later reviews were scheduled from it and it stays. Questions without a model answer
    are not practised, so their marks schedule nothing.
    """
    check_rating(rating)
    with transaction.atomic():
        card = _locked_card(user, question.pk)
        earlier = Review.objects.filter(exam_response=response).first()
        if earlier is not None and card is not None:
            return _redo_exam_review(card, earlier, rating, user)
        if card is None:
            if not question.answers.approved().exists():
                return None
            card = _create_card(user, question.pk, answered_at)
            at, is_new = answered_at, True
        else:
            # Reviews are replayed in time order: a mark never goes before the card's last review.
            at, is_new = max(answered_at, card.last_review or answered_at), False
        return _review(
            card=card,
            preferences=PracticeSettings.objects.for_user(user),
            rating=rating,
            at=at,
            duration_ms=None,
            is_new=is_new,
            origin=Review.Origin.EXAM,
            exam_response=response,
        )


def _redo_exam_review(card: Card, review: Review, rating: int, user: User) -> Review:
    latest = Review.objects.filter(card=card).order_by("-reviewed_at", "-pk").first()
    if review.rating == rating or latest is None or latest.pk != review.pk:
        return review
    preferences = PracticeSettings.objects.for_user(user)
    after, _ = scheduler_for(preferences).review_card(
        FsrsCard.from_dict(review.state_before),
        grade_for(rating),
        review_datetime=utc(review.reviewed_at),
    )
    apply_fsrs(card, after)
    card.save(update_fields=CARD_STATE_FIELDS)
    review.rating, review.grade = rating, int(grade_for(rating))
    review.state_after = after.to_dict()
    review.save(update_fields=["rating", "grade", "state_after"])
    return review


def _locked_card(user: User, question_id: int) -> Card | None:
    return Card.objects.select_for_update().filter(user=user, question_id=question_id).first()


def _create_card(user: User, question_id: int, now: datetime) -> Card:
    """A new card, due now. Two first ratings at once: the second finds the first's card."""
    try:
        with transaction.atomic():
            return Card.objects.create(
                user=user, question_id=question_id, state=Card.State.LEARNING, step=0, due=now
            )
    except IntegrityError:
        return Card.objects.select_for_update().get(user=user, question_id=question_id)


def _review(
    *,
    card: Card,
    preferences: PracticeSettings,
    rating: int,
    at: datetime,
    duration_ms: int | None,
    is_new: bool,
    origin: str = Review.Origin.PRACTICE,
    exam_response: Response | None = None,
) -> Review:
    before = new_fsrs_card(card.pk, at) if is_new else to_fsrs(card)
    after, _ = scheduler_for(preferences).review_card(
        before, grade_for(rating), review_datetime=utc(at)
    )
    apply_fsrs(card, after)
    card.save(update_fields=CARD_STATE_FIELDS)
    elapsed = None
    if before.last_review is not None:
        elapsed = (at - before.last_review).total_seconds() / SECONDS_PER_DAY
    return Review.objects.create(
        card=card,
        user_id=card.user_id,
        rating=rating,
        grade=int(grade_for(rating)),
        reviewed_at=at,
        elapsed_days=elapsed,
        duration_ms=duration_ms,
        was_new=is_new,
        state_before=before.to_dict(),
        state_after=after.to_dict(),
        origin=origin,
        exam_response=exam_response,
    )


def update_settings(
    *, user: User, new_cards_per_day: int, desired_retention: float, recall_mode: bool
) -> PracticeSettings:
    preferences, _ = PracticeSettings.objects.update_or_create(
        user=user,
        defaults={
            "new_cards_per_day": new_cards_per_day,
            "desired_retention": desired_retention,
            "recall_mode": recall_mode,
        },
    )
    return preferences


def store_fitted_parameters(
    *, user: User, parameters: Sequence[float], review_count: int, now: datetime
) -> PracticeSettings:
    """Keep parameters fitted from the student's reviews: their scheduler uses them from now on."""
    preferences, _ = PracticeSettings.objects.update_or_create(
        user=user,
        defaults={
            "parameters": [float(value) for value in parameters],
            "parameters_fitted_at": now,
            "parameters_review_count": review_count,
        },
    )
    return preferences
