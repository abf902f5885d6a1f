"""The bridge to the ``fsrs`` scheduler: the rating scale, a student's scheduler, card states.

The bank's scale is "How well did you know this?", 1 (not at all) to 5 (perfectly), the same as
the exam review's self-rating. FSRS has four grades. The mapping:

    1 → Again   not recalled: the card is relearned within minutes
    2 → Hard    recalled a fragment, with effort: the interval grows only a little
    3 → Good    recalled the main points
    4 → Good    recalled nearly all of it (FSRS has no grade between Good and Easy)
    5 → Easy    recalled all of it at once: the interval grows the most

Only 1 counts as a lapse, so FSRS (and its optimizer) treats 2–5 as recalled.
"""

from datetime import UTC, datetime

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from .models import Card, PracticeSettings

GRADES: dict[int, Rating] = {
    1: Rating.Again,
    2: Rating.Hard,
    3: Rating.Good,
    4: Rating.Good,
    5: Rating.Easy,
}
RATING_LABELS: dict[int, str] = {
    1: "Not at all",
    2: "A little",
    3: "Mostly",
    4: "Nearly all",
    5: "Perfectly",
}


def grade_for(rating: int) -> Rating:
    """The FSRS grade of a 1–5 rating (see the table above)."""
    return GRADES[rating]


def scheduler_for(preferences: PracticeSettings) -> Scheduler:
    """The student's scheduler: their desired retention, and their fitted parameters if any."""
    if preferences.parameters:
        return Scheduler(
            parameters=preferences.parameters, desired_retention=preferences.desired_retention
        )
    return Scheduler(desired_retention=preferences.desired_retention)


def utc(moment: datetime) -> datetime:
    """The same moment with the UTC tzinfo fsrs insists on."""
    return moment.astimezone(UTC)


def new_fsrs_card(card_id: int, now: datetime) -> FsrsCard:
    """A card never reviewed: learning, first step, due now."""
    return FsrsCard(card_id=card_id, state=State.Learning, step=0, due=utc(now))


def to_fsrs(card: Card) -> FsrsCard:
    return FsrsCard(
        card_id=card.pk,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=utc(card.due),
        last_review=utc(card.last_review) if card.last_review else None,
    )


def apply_fsrs(card: Card, state: FsrsCard) -> None:
    """Copy a scheduled FSRS state onto the row (unsaved)."""
    card.state = int(state.state)
    card.step = state.step
    card.stability = state.stability
    card.difficulty = state.difficulty
    card.due = state.due
    card.last_review = state.last_review
