"""The bank's pages, and contributing and moderating on the site.

The rules live in services.contributions; the reads in the models' QuerySet methods.
"""

from math import ceil
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from quizsite.errors import DomainError
from quizsite.requests import AuthenticatedHttpRequest
from quizsite.throttles import ContributionThrottle

from .caching import cached_for_visitors
from .diff import word_diff_html
from .filters import ModerationLogFilter, ModerationQueueFilter, QuestionFilter
from .forms import ContributionForm, DecisionForm
from .models import (
    Answer,
    ModerationLogEntry,
    Notification,
    Question,
    SearchTerm,
    Source,
    Topic,
    attach_same_elsewhere,
)
from .pagination import BankPaginator
from .search import left_matches_out
from .selectors import queue_counts
from .services.contributions import (
    REJECTION_REASONS,
    approve_contribution,
    reject_contribution,
    skip_contribution,
    submit_contribution,
)
from .services.notifications import mark_read

moderator_required = permission_required("questions.moderate_answer", raise_exception=True)


def _paginate(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int | None = None,
    paginator_class: type[Paginator] = Paginator,
) -> Page:
    paginator = paginator_class(queryset, per_page or settings.QUESTIONS_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


@cached_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "questions/home.html",
        {
            "sources": Source.objects.with_counts(),
            "topics": Topic.objects.with_counts(),
            "question_count": Question.objects.count(),
        },
    )


@cached_for_visitors
def question_list(request: HttpRequest) -> HttpResponse:
    filterset = QuestionFilter(request.GET, queryset=Question.objects.for_listing())
    page = _paginate(request, filterset.qs, paginator_class=BankPaginator)
    query = request.GET.copy()
    query.pop("page", None)
    search = filterset.form.cleaned_data.get("search") or ""
    suggestion = SearchTerm.objects.suggestion(search, found=page.paginator.count)
    suggestion_query = query.copy()
    suggestion_query["search"] = suggestion or ""
    return render(
        request,
        "questions/question_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "suggestion": suggestion,
            "suggestion_query": suggestion_query.urlencode(),
            "search_capped": bool(search) and left_matches_out(page.paginator.count, connection),
        },
    )


@cached_for_visitors
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = attach_same_elsewhere([get_object_or_404(Question.objects.for_detail(), pk=pk)])[0]
    form = None
    if request.user.is_authenticated:
        form = ContributionForm(request.POST or None, question=question)
        if (
            request.method == "POST"
            and form.is_valid()
            and _propose(cast(AuthenticatedHttpRequest, request), question, form)
        ):
            return redirect(question)
    return render(
        request,
        "questions/question_detail.html",
        {"question": question, "form": form},
    )


def _propose(request: AuthenticatedHttpRequest, question: Question, form: ContributionForm) -> bool:
    """Submit the form's contribution; on refusal put the reason on the form."""
    throttle = ContributionThrottle()
    if not throttle.allow_request(request, None):
        minutes = ceil((throttle.wait() or 60) / 60)
        form.add_error(None, f"You proposed many answers lately: try again in {minutes} min.")
        return False
    data = form.cleaned_data
    replaces = None
    if data["replaces"]:
        replaces = next((a for a in question.approved_answers if a.pk == data["replaces"]), None)
        if replaces is None:
            # Its form is gone from the page: show the text in the new-answer form instead.
            data = request.POST.copy()
            data["replaces"] = ""
            form.data = data
            form.add_error(None, "The answer you wanted to improve is no longer published.")
            return False
    try:
        submit_contribution(
            question=question,
            author=request.user,
            body=data["body"],
            replaces=replaces,
            choice_ids=data.get("choices"),
        )
    except DomainError as refusal:
        form.add_error(None, refusal.message)
        return False
    messages.success(request, "Thank you: your proposal is waiting for a moderator.")
    return True


@cached_for_visitors
def source_list(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/source_list.html", {"sources": Source.objects.with_counts()})


@cached_for_visitors
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source.objects.with_counts(), slug=slug)
    page = _paginate(request, Question.objects.for_listing().filter(source=source))
    return render(request, "questions/source_detail.html", {"source": source, "page": page})


@cached_for_visitors
def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/topic_list.html", {"topics": Topic.objects.with_counts()})


@cached_for_visitors
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.with_counts(), slug=slug)
    page = _paginate(request, Question.objects.for_listing().filter(topics=topic))
    return render(request, "questions/topic_detail.html", {"topic": topic, "page": page})


# Contributing and moderating.


@login_required
def my_contributions(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = _paginate(request, Answer.objects.contributed_by(request.user), 20)
    return render(request, "questions/my_contributions.html", {"page": page})


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notifications, newest first; those shown are marked read as they are seen."""
    page = _paginate(request, Notification.objects.for_list(request.user), 20)
    unread = [n.pk for n in page.object_list if n.read_at is None]
    if unread:
        mark_read(user=request.user, notification_ids=unread, now=timezone.now())
    return render(request, "questions/notifications.html", {"page": page, "unread": set(unread)})


@login_required
@moderator_required
def moderation_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ModerationQueueFilter(
        request.GET, queryset=Answer.objects.moderation_queue(moderator=request.user)
    )
    page = _paginate(request, filterset.qs, 10)
    for contribution in page.object_list:
        if contribution.replaces:
            contribution.diff_html = word_diff_html(contribution.replaces.body, contribution.body)
    chosen = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    context = {
        "page": page,
        "filter": filterset,
        "kind": chosen.get("kind") or "",
        "topic": chosen.get("topic"),
        "counts": queue_counts(kind=chosen.get("kind"), topic=chosen.get("topic")),
        "query": _filter_query(request.GET, ModerationQueueFilter),
        "reasons": REJECTION_REASONS,
    }
    return render(request, "questions/moderation_queue.html", context)


def _filter_query(data, filterset_class, **extra) -> str:
    """The filters of ``data`` as a query string, to come back to the same filtered page."""
    query = QueryDict(mutable=True)
    for name in filterset_class.base_filters:
        if data.get(name):
            query[name] = data[name]
    query.update(extra)
    return query.urlencode()


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    query = _filter_query(request.POST, ModerationQueueFilter)
    return redirect(reverse("questions:moderation") + (f"?{query}" if query else ""))


@login_required
@moderator_required
@require_POST
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Answer.objects.exclude(author=None), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to approve or reject.")
        return _back_to_queue(request)
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
    return _back_to_queue(request)


@login_required
@moderator_required
@require_POST
def skip(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(Answer.objects.exclude(author=None), pk=pk)
    try:
        skip_contribution(contribution=contribution, moderator=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.info(request, "Skipped: it is now at the end of your queue.")
    return _back_to_queue(request)


@login_required
@moderator_required
def moderation_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ModerationLogFilter(request.GET, queryset=ModerationLogEntry.objects.for_log())
    page = _paginate(request, filterset.qs, 30)
    context = {
        "page": page,
        "filter": filterset,
        "moderators": ModerationLogEntry.objects.moderator_names(),
        "query": _filter_query(request.GET, ModerationLogFilter),
    }
    return render(request, "questions/moderation_log.html", context)


@login_required
@moderator_required
def contributor(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    """A contributor's record, for moderators judging their next contribution."""
    author = get_object_or_404(User, username=username)
    contributions = Answer.objects.contributed_by(author)
    context = {
        "author": author,
        "record": Answer.objects.filter(author=author).record(),
        "page": _paginate(request, contributions, 20),
    }
    return render(request, "questions/contributor.html", context)
