"""The exam pages. The page that takes an exam runs on the JSON endpoints in exams/api."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizsite.errors import DomainError
from quizsite.requests import AuthenticatedHttpRequest

from . import selectors, services
from .forms import (
    RATING_CHOICES,
    CustomExamForm,
    RatingForm,
    ReviewPositionForm,
    SubmitConfirmationForm,
)
from .models import Attempt, Response

# The review's filters, most useful first ("ungraded", a choice question without key, has none).
REVIEW_FILTERS = [
    (Response.State.WRONG, "Wrong"),
    (Response.State.BLANK, "Blank"),
    (Response.State.UNRATED, "Not rated"),
    ("flagged", "Flagged"),
    (Response.State.RATED, "Rated"),
    (Response.State.CORRECT, "Correct"),
]


@login_required
def exam_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CustomExamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exam = services.create_custom_exam(owner=request.user, **form.cleaned_data)
        except services.ExamInputError as refusal:
            form.add_error("question_count", refusal.message)
        else:
            attempt = services.start_exam(exam=exam, user=request.user, now=timezone.now())
            return redirect("exams:attempt", attempt.public_id)
    return render(
        request,
        "exams/exam_list.html",
        {"exams": selectors.ready_made_exams(), "form": form},
    )


@login_required
@require_POST
def exam_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exam = get_object_or_404(selectors.ready_made_exams(), pk=pk)
    try:
        start = services.start_or_resume_exam(exam=exam, user=request.user, now=timezone.now())
    except services.ExamError as refusal:
        messages.error(request, refusal.message)
        return redirect("exams:exams")
    if not start.is_new:
        messages.info(
            request, "You already have this exam in progress: carry on where you left off."
        )
    return redirect("exams:attempt", start.attempt.public_id)


@login_required
def attempt_page(request: AuthenticatedHttpRequest, attempt_id: UUID) -> HttpResponse:
    now = timezone.now()
    attempt = services.get_own_attempt(user=request.user, public_id=attempt_id, now=now)
    if not attempt.is_open:
        return redirect("exams:review", attempt.public_id)
    return render(
        request,
        "exams/attempt.html",
        {
            "taking": selectors.attempt_for_taking(attempt, now=now),
            "review_url": reverse("exams:review", args=[attempt.public_id]),
        },
    )


@login_required
def summary_page(request: AuthenticatedHttpRequest, attempt_id: UUID) -> HttpResponse:
    """Moodle's "Summary of attempt": every question's state, then submit after one more ask.

    The page's script asks in a dialog and posts the confirmation; without it, the first post
    shows the question on the page.
    """
    now = timezone.now()
    attempt = services.get_own_attempt(user=request.user, public_id=attempt_id, now=now)
    if not attempt.is_open:
        return redirect("exams:review", attempt.public_id)
    confirming = False
    if request.method == "POST":
        if SubmitConfirmationForm(request.POST).is_valid():
            services.submit_attempt(attempt=attempt, now=now)
            return redirect("exams:review", attempt.public_id)
        confirming = True
    return render(
        request,
        "exams/summary.html",
        {"summary": selectors.attempt_for_summary(attempt, now=now), "confirming": confirming},
    )


@login_required
def review_page(request: AuthenticatedHttpRequest, attempt_id: UUID) -> HttpResponse:
    attempt = services.get_own_attempt(user=request.user, public_id=attempt_id, now=timezone.now())
    if attempt.is_open:
        return redirect("exams:attempt", attempt.public_id)
    if request.method == "POST":
        return _act_on_review(request, attempt)
    reviewed = selectors.attempt_for_review(attempt)
    counts = selectors.review_state_counts(reviewed)
    return render(
        request,
        "exams/review.html",
        {
            "attempt": reviewed,
            "counts": counts,
            "filters": [(state, label, counts[state]) for state, label in REVIEW_FILTERS],
            "scoring": services.SCORING_EXPLANATION,
            "marking": services.MARKING_EXPLANATION,
            "rating_choices": RATING_CHOICES,
            "offered": selectors.offered_question_ids(attempt),
        },
    )


@login_required
@require_POST
def retry_missed(request: AuthenticatedHttpRequest, attempt_id: UUID) -> HttpResponse:
    """ "Practise what I missed": a new exam of the questions this attempt missed."""
    now = timezone.now()
    attempt = services.get_own_attempt(user=request.user, public_id=attempt_id, now=now)
    try:
        retry = services.start_retry_exam(attempt=attempt, user=request.user, now=now)
    except services.ExamError as refusal:
        messages.error(request, refusal.message)
        return redirect("exams:review", attempt.public_id)
    return redirect("exams:attempt", retry.public_id)


def _act_on_review(request: AuthenticatedHttpRequest, attempt: Attempt) -> HttpResponse:
    """A rating or an offer posted from the review page; back to the same question."""
    target = ReviewPositionForm(request.POST)
    if not target.is_valid():
        messages.error(request, "That question is not part of this exam.")
        return redirect("exams:review", attempt.public_id)
    position = target.cleaned_data["position"]
    try:
        if request.POST.get("action") == "offer":
            services.offer_response_as_answer(attempt=attempt, position=position)
            messages.success(request, "Thank you: your answer was sent to the moderators.")
        else:
            form = RatingForm(request.POST)
            if form.is_valid():
                services.rate_response(
                    attempt=attempt, position=position, rating=form.cleaned_data["rating"]
                )
            else:
                messages.error(request, "Pick how well you knew it, from 1 to 5.")
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return redirect(reverse("exams:review", args=[attempt.public_id]) + f"#q-{position}")


@login_required
def history_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "exams/history.html",
        {
            "attempts": selectors.attempt_history(user=request.user, now=timezone.now()),
            "strengths": selectors.topic_strengths(request.user),
            "overrated": selectors.overrated_responses(request.user),
        },
    )
