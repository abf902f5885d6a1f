"""Spaced review of the bank: one card per student and question, every review kept as a row.

A card holds the FSRS memory state of one student for one question (the fields of ``fsrs.Card``).
It exists from the first review on: a question with a model answer and no card of the student is a
new card. Each review stores the card's state before and after, so a student's history can be
replayed and their scheduler's parameters fitted from it.
"""

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import User
from questions.models import Question


class PracticeSettingsManager(models.Manager["PracticeSettings"]):
    def for_user(self, user: "User") -> "PracticeSettings":
        """The user's settings, or the defaults (unsaved) if they never changed them: one query."""
        return self.filter(user=user).first() or PracticeSettings(user=user)


class PracticeSettings(models.Model):
    """A student's practice preferences, and the scheduler parameters fitted to their reviews."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_settings"
    )
    new_cards_per_day = models.PositiveSmallIntegerField(
        default=20,
        validators=[MaxValueValidator(500)],
        help_text="How many cards you have never reviewed may be introduced each day.",
    )
    desired_retention = models.FloatField(
        default=0.9,
        validators=[MinValueValidator(0.7), MaxValueValidator(0.99)],
        help_text="The chance of still knowing a card when it comes back: higher means more "
        "frequent reviews.",
    )
    recall_mode = models.BooleanField(
        default=False,
        help_text="Hide model answers on question pages until you reveal them.",
    )
    parameters = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="FSRS parameters fitted from this student's reviews; empty: the defaults.",
    )
    parameters_fitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    parameters_review_count = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Reviews the parameters were fitted on."
    )

    objects = PracticeSettingsManager()

    class Meta:
        verbose_name = "practice settings"
        verbose_name_plural = "practice settings"

    def __str__(self) -> str:
        return f"Practice settings of {self.user}"


class Card(models.Model):
    """One student's memory of one question, as FSRS models it (``fsrs.Card``'s fields)."""

    class State(models.IntegerChoices):
        # The values of fsrs.State.
        LEARNING = 1, "Learning"
        REVIEW = 2, "Review"
        RELEARNING = 3, "Relearning"

    # Indexed by the (user, question) and (user, due) indexes below, not on its own.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_cards",
        db_index=False,
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="unique_card_per_question")
        ]
        # The due list reads a student's cards in due order and stops at its limit.
        indexes = [
            models.Index(fields=["user", "due"], name="card_user_due"),
            # New cards continue after the question of the student's newest card.
            models.Index(fields=["user", "created_at"], name="card_user_created"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.question_id}"


class Review(models.Model):
    """One rating of a card: what the student said, when, and the card's state around it."""

    class Origin(models.TextChoices):
        PRACTICE = "practice", "Practice"
        EXAM = "exam", "Mock exam"

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="reviews")
    # Indexed by the (user, reviewed_at) index below.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_reviews",
        db_index=False,
    )
    rating = models.PositiveSmallIntegerField(
        help_text="How well did you know this? 1 (not at all) to 5 (perfectly)."
    )
    grade = models.PositiveSmallIntegerField(
        help_text="The FSRS rating it maps to: 1 Again, 2 Hard, 3 Good, 4 Easy."
    )
    reviewed_at = models.DateTimeField()
    elapsed_days = models.FloatField(
        null=True, blank=True, help_text="Days since the card's previous review; empty at first."
    )
    duration_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long the student took, when the page measured it."
    )
    was_new = models.BooleanField(default=False, help_text="The card's first review.")
    state_before = models.JSONField(help_text="fsrs.Card.to_dict() before the review.")
    state_after = models.JSONField(help_text="fsrs.Card.to_dict() after the review.")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.PRACTICE)
    exam_response = models.OneToOneField(
        "exams.Response",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The marked exam answer this review came from.",
    )

    class Meta:
        ordering = ["reviewed_at", "pk"]
        indexes = [models.Index(fields=["user", "reviewed_at"], name="review_user_time")]

    def __str__(self) -> str:
        return f"{self.card} rated {self.rating}"

    @property
    def due_after(self) -> datetime:
        """When the review scheduled the card next."""
        return datetime.fromisoformat(self.state_after["due"])
