"""The exam pages. The page that takes an exam runs on the JSON endpoints in questions/api."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .forms import CustomExamForm, RatingForm
from .models import Answer, Attempt, Exam
from .models import Response as ExamResponse
from .services import exams
from .services.errors import DomainError


@login_required
def exam_list(request):
    form = CustomExamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exam = exams.create_custom_exam(owner=request.user, **form.cleaned_data)
        except exams.ExamInputError as refusal:
            form.add_error("question_count", refusal.message)
        else:
            attempt = exams.start_exam(exam=exam, user=request.user, now=timezone.now())
            return redirect("questions:attempt", attempt.public_id)
    return render(
        request,
        "questions/exam_list.html",
        {
            "exams": Exam.objects.filter(owner__isnull=True),
            "form": form,
            "open_attempt": Attempt.objects.for_user(request.user).in_progress().first(),
        },
    )


@login_required
@require_POST
def exam_start(request, pk):
    exam = get_object_or_404(Exam.objects.filter(owner__isnull=True), pk=pk)
    try:
        attempt = exams.start_exam(exam=exam, user=request.user, now=timezone.now())
    except exams.ExamError as refusal:
        messages.error(request, refusal.message)
        return redirect("questions:exams")
    return redirect("questions:attempt", attempt.public_id)


@login_required
def attempt_page(request, attempt_id):
    attempt = exams.get_own_attempt(user=request.user, public_id=attempt_id, now=timezone.now())
    if not attempt.is_open:
        return redirect("questions:review", attempt.public_id)
    responses = attempt.responses.select_related("question").prefetch_related("question__choices")
    return render(
        request,
        "questions/attempt.html",
        {
            "attempt": attempt,
            "responses": responses,
            "remaining_seconds": exams.remaining_seconds(attempt, timezone.now()),
            "grace_seconds": int(exams.grace().total_seconds()),
            "review_url": reverse("questions:review", args=[attempt.public_id]),
        },
    )


@login_required
def review_page(request, attempt_id):
    attempt = exams.get_own_attempt(user=request.user, public_id=attempt_id, now=timezone.now())
    if attempt.is_open:
        return redirect("questions:attempt", attempt.public_id)
    if request.method == "POST" and request.POST.get("action") == "offer":
        position = request.POST.get("position", "")
        try:
            exams.offer_response_as_answer(attempt=attempt, position=int(position or 0))
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Thank you: your answer was sent to the moderators.")
        return redirect(reverse("questions:review", args=[attempt.public_id]) + f"#q-{position}")
    if request.method == "POST":
        form = RatingForm(request.POST)
        position = request.POST.get("position", "")
        if form.is_valid() and position.isdigit():
            try:
                exams.rate_response(
                    attempt=attempt, position=int(position), rating=form.cleaned_data["rating"]
                )
            except exams.ExamInputError as refusal:
                messages.error(request, refusal.message)
        else:
            messages.error(request, "Pick how well you knew it, from 1 to 5.")
        return redirect(reverse("questions:review", args=[attempt.public_id]) + f"#q-{position}")
    approved = Answer.objects.approved().select_related("source", "author")
    responses = (
        ExamResponse.objects.filter(attempt=attempt)
        .select_related("question")
        .prefetch_related(
            "question__choices",
            Prefetch("question__answers", queryset=approved, to_attr="approved_answers"),
        )
    )
    scored = exams.with_scores(Attempt.objects.filter(pk=attempt.pk)).get()
    offered = set(
        Answer.objects.filter(
            author=request.user, question__in=responses.values("question")
        ).values_list("question_id", flat=True)
    )
    return render(
        request,
        "questions/review.html",
        {
            "attempt": attempt,
            "score": scored.score,
            "responses": responses,
            "scoring": exams.SCORING_EXPLANATION,
            "rating_choices": RatingForm.base_fields["rating"].choices,
            "offered": offered,
        },
    )


@login_required
def history_page(request):
    attempts = exams.attempt_history(user=request.user, now=timezone.now())
    return render(
        request,
        "questions/history.html",
        {"attempts": attempts, "strengths": exams.topic_strengths(request.user)},
    )
