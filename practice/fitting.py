"""Fitting a student's FSRS parameters to their own reviews, with fsrs' optimizer.

The optimizer needs PyTorch (an optional, large install: requirements-optimizer.txt); without it
fitting says so and nothing else changes. fsrs learns only from reviews made a day or more after
the card's previous one and returns its defaults below one mini-batch of them (512), so fitting
waits until a student has that many.
"""

from datetime import datetime

from fsrs import Optimizer, Rating, ReviewLog

from accounts.models import User
from quizsite.errors import DomainError

from .models import PracticeSettings, Review
from .scheduling import utc
from .services import store_fitted_parameters

#: fsrs.optimizer's mini-batch size: with fewer countable reviews it returns the defaults.
MIN_REVIEWS_TO_FIT = 512
INSTALL_HINT = "pip install -r requirements-optimizer.txt"


class FittingUnavailable(DomainError):
    """The optimizer's packages (PyTorch, pandas) are not installed."""


class NotEnoughReviews(DomainError):
    """Too few reviews to fit anything but the defaults."""


def review_logs(user: User) -> list[ReviewLog]:
    """The student's reviews as fsrs review logs, in time order (the card id is our card's)."""
    rows = (
        Review.objects.filter(user=user)
        .order_by("reviewed_at", "pk")
        .values_list("card_id", "grade", "reviewed_at", "duration_ms")
    )
    return [
        ReviewLog(card_id=card, rating=Rating(grade), review_datetime=utc(at), review_duration=ms)
        for card, grade, at, ms in rows.iterator(chunk_size=2000)
    ]


def countable_reviews(user: User) -> int:
    """Reviews the optimizer learns from: a day or more after the card's previous review."""
    return Review.objects.filter(user=user, elapsed_days__gte=1).count()


def fit_parameters(*, user: User, now: datetime) -> PracticeSettings:
    """Fit and store the student's parameters; their scheduler uses them from the next rating."""
    try:
        Optimizer([])
    except ImportError:
        raise FittingUnavailable(
            f"Fitting needs PyTorch and pandas, which are not installed: {INSTALL_HINT}"
        ) from None
    countable = countable_reviews(user)
    if countable < MIN_REVIEWS_TO_FIT:
        raise NotEnoughReviews(
            f"{user.get_username()} has {countable} reviews made a day or more after the card's "
            f"previous one; fitting needs at least {MIN_REVIEWS_TO_FIT}."
        )
    logs = review_logs(user)
    parameters = Optimizer(logs).compute_optimal_parameters()
    return store_fitted_parameters(
        user=user, parameters=parameters, review_count=len(logs), now=now
    )
