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
from fsrs import Scheduler

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


def schedule_exam_marks(
    *, user: User, marks: Sequence[tuple[Response, int]], answered_at: datetime
) -> list[Review]:
    """Marked open answers of an exam count as reviews of those cards, with those marks.

    One exam answer makes at most one review. When its mark changes (the student corrects the
    assistant's suggestion), the review is redone with the new rating if the card was not
    reviewed since; otherwise later reviews were scheduled from it and it stays. Questions
    without a model answer are not practised, so their marks schedule nothing. A fixed number of
    queries however many answers the exam had.
    """
    for _, rating in marks:
        check_rating(rating)
    if not marks:
        return []
    question_ids = [response.question_id for response, _ in marks]
    with transaction.atomic():
        practisable = set(
            Question.objects.answered().filter(pk__in=question_ids).values_list("pk", flat=True)
        )
        Card.objects.bulk_create(
            [
                Card(user=user, question_id=pk, state=Card.State.LEARNING, step=0, due=answered_at)
                for pk in practisable
            ],
            ignore_conflicts=True,
        )
        cards = {
            card.question_id: card
            for card in Card.objects.select_for_update().filter(
                user=user, question_id__in=practisable
            )
        }
        earlier = {
            review.exam_response_id: review
            for review in Review.objects.filter(exam_response__in=[r for r, _ in marks])
        }
        scheduler = scheduler_for(PracticeSettings.objects.for_user(user))
        changed: list[Card] = []
        added: list[Review] = []
        redone: list[Review] = []
        for response, rating in marks:
            card = cards.get(response.question_id)
            if card is None:
                continue
            review = earlier.get(response.pk)
            if review is None:
                is_new = card.last_review is None
                # Reviews are replayed in time order: a mark never goes before the last review.
                at = max(answered_at, card.last_review or answered_at)
                added.append(
                    _scheduled(card, scheduler, rating, at, None, is_new, Review.Origin.EXAM)
                )
                added[-1].exam_response = response
            elif review.rating != rating and to_fsrs(card).to_dict() == review.state_after:
                after, _ = scheduler.review_card(
                    FsrsCard.from_dict(review.state_before),
                    grade_for(rating),
                    review_datetime=utc(review.reviewed_at),
                )
                apply_fsrs(card, after)
                review.rating, review.grade = rating, int(grade_for(rating))
                review.state_after = after.to_dict()
                redone.append(review)
            else:
                continue
            changed.append(card)
        Card.objects.bulk_update(changed, CARD_STATE_FIELDS)
        Review.objects.bulk_create(added)
        Review.objects.bulk_update(redone, ["rating", "grade", "state_after"])
    return added + redone


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
) -> Review:
    review = _scheduled(
        card, scheduler_for(preferences), rating, at, duration_ms, is_new, Review.Origin.PRACTICE
    )
    card.save(update_fields=CARD_STATE_FIELDS)
    review.save()
    return review


def _scheduled(
    card: Card,
    scheduler: Scheduler,
    rating: int,
    at: datetime,
    duration_ms: int | None,
    is_new: bool,
    origin: str,
) -> Review:
    """Schedule the card with this rating (the row is changed, not saved) and return the
    unsaved review holding its state before and after."""
    before = new_fsrs_card(card.pk, at) if is_new else to_fsrs(card)
    after, _ = scheduler.review_card(before, grade_for(rating), review_datetime=utc(at))
    apply_fsrs(card, after)
    elapsed = None
    if before.last_review is not None:
        elapsed = (at - before.last_review).total_seconds() / SECONDS_PER_DAY
    return Review(
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
