"""Contributing and moderating on the site. The rules live in services.contributions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .diff import word_diff_html
from .forms import DecisionForm
from .models import Answer, ModerationLogEntry
from .services.contributions import approve_contribution, reject_contribution
from .services.errors import DomainError

moderator_required = permission_required("questions.moderate_answer", raise_exception=True)


@login_required
def my_contributions(request):
    contributions = Paginator(Answer.objects.contributed_by(request.user), 20)
    return render(
        request,
        "questions/my_contributions.html",
        {"page": contributions.get_page(request.GET.get("page"))},
    )


@login_required
@moderator_required
def moderation_queue(request):
    page = Paginator(Answer.objects.moderation_queue(), 10).get_page(request.GET.get("page"))
    for contribution in page.object_list:
        if contribution.replaces:
            contribution.diff_html = word_diff_html(contribution.replaces.body, contribution.body)
    return render(request, "questions/moderation_queue.html", {"page": page})


@login_required
@moderator_required
@require_POST
def decide(request, pk):
    contribution = get_object_or_404(Answer.objects.exclude(author=None), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to approve or reject.")
        return redirect("questions:moderation")
    data = form.cleaned_data
    try:
        if data["action"] == "approve":
            approve_contribution(
                contribution=contribution, moderator=request.user, body=data["body"] or None
            )
            messages.success(request, "Approved: the answer is now published.")
        else:
            reject_contribution(
                contribution=contribution, moderator=request.user, reason=data["reason"]
            )
            messages.success(request, "Rejected: the author will see your reason.")
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return redirect("questions:moderation")


@login_required
@moderator_required
def moderation_log(request):
    entries = ModerationLogEntry.objects.select_related("moderator", "answer__question__source")
    page = Paginator(entries, 30).get_page(request.GET.get("page"))
    return render(request, "questions/moderation_log.html", {"page": page})
