"""manage.py fit_practice_parameters: fits a student's scheduler to their reviews once they have
enough, and says clearly when it cannot."""

import importlib.util
import random
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from practice import fitting
from practice.models import Card, PracticeSettings, Review
from practice.scheduling import scheduler_for, utc
from tests.factories import make_question, make_source

from .conftest import T0

HAS_OPTIMIZER = all(importlib.util.find_spec(name) for name in ("torch", "pandas", "tqdm"))


def simulate_reviews(user, cards: int, reviews_per_card: int) -> int:
    """Store a plausible history: each card reviewed when due (at least a day apart), forgotten
    now and then. Returns how many reviews came a day or more after the previous one."""
    rng, scheduler, source = random.Random(7), Scheduler(enable_fuzzing=False), make_source()
    rows = []
    for _ in range(cards):
        card = Card.objects.create(
            user=user, question=make_question(source=source, answer="A."), due=T0
        )
        state, at, last = FsrsCard(card_id=card.pk, due=utc(T0)), utc(T0), None
        for _ in range(reviews_per_card):
            grade = Rating.Again if rng.random() < 0.2 else Rating.Good
            after, _ = scheduler.review_card(state, grade, review_datetime=at)
            rows.append(
                Review(
                    card=card,
                    user=user,
                    rating={Rating.Again: 1, Rating.Good: 3}[grade],
                    grade=int(grade),
                    reviewed_at=at,
                    elapsed_days=None if last is None else (at - last).total_seconds() / 86400,
                    was_new=last is None,
                    state_before=state.to_dict(),
                    state_after=after.to_dict(),
                )
            )
            state, last = after, at
            at = max(after.due, at + timedelta(days=1)) + timedelta(hours=rng.random() * 6)
    Review.objects.bulk_create(rows)
    return sum(1 for row in rows if row.elapsed_days is not None and row.elapsed_days >= 1)


def test_an_unknown_student_is_refused(db):
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("fit_practice_parameters", "nobody")


@pytest.mark.skipif(not HAS_OPTIMIZER, reason="fsrs' optimizer needs torch and pandas")
def test_too_few_reviews_are_refused_and_keep_the_defaults(student):
    simulate_reviews(student, cards=3, reviews_per_card=4)
    with pytest.raises(CommandError, match=r"has 9 reviews .* needs at least 512"):
        call_command("fit_practice_parameters", "student")
    assert not PracticeSettings.objects.filter(user=student, parameters__isnull=False).exists()


def test_without_pytorch_the_command_says_how_to_install_it(student, monkeypatch):
    class Missing:
        """What fsrs defines as Optimizer when its optional packages are missing."""

        def __init__(self, *args, **kwargs):
            raise ImportError('Optimizer is not installed. Install it with: pip install "fsrs"')

    monkeypatch.setattr(fitting, "Optimizer", Missing)
    with pytest.raises(CommandError, match="needs PyTorch .* requirements-optimizer.txt"):
        call_command("fit_practice_parameters", "student")


@pytest.mark.skipif(not HAS_OPTIMIZER, reason="fsrs' optimizer needs torch and pandas")
def test_enough_reviews_fit_parameters_that_the_students_scheduler_then_uses(student, capsys):
    assert simulate_reviews(student, cards=52, reviews_per_card=11) >= fitting.MIN_REVIEWS_TO_FIT
    call_command("fit_practice_parameters", "student")

    preferences = PracticeSettings.objects.get(user=student)
    assert len(preferences.parameters) == len(DEFAULT_PARAMETERS)
    assert preferences.parameters != list(DEFAULT_PARAMETERS)
    assert preferences.parameters_review_count == 52 * 11
    assert scheduler_for(preferences).parameters == tuple(preferences.parameters)
    assert "Fitted 21 parameters to 572 reviews of student." in capsys.readouterr().out
