from math import ceil

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from .api.throttles import ContributionThrottle
from .filters import QuestionFilter
from .forms import ContributionForm
from .models import Attempt, Question, Source, Topic
from .services.contributions import submit_contribution
from .services.errors import DomainError


def _paginate(request, queryset):
    paginator = Paginator(queryset, settings.QUESTIONS_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


def home(request):
    return render(
        request,
        "questions/home.html",
        {
            "sources": Source.objects.with_counts(),
            "topics": Topic.objects.with_counts(),
            "question_count": Question.objects.count(),
            "open_attempt": (
                Attempt.objects.for_user(request.user).in_progress().select_related("exam").first()
                if request.user.is_authenticated
                else None
            ),
        },
    )


def question_list(request):
    filterset = QuestionFilter(request.GET, queryset=Question.objects.for_listing())
    page = _paginate(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "questions/question_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def question_detail(request, pk):
    question = get_object_or_404(Question.objects.for_detail(), pk=pk)
    form = None
    if request.user.is_authenticated:
        form = ContributionForm(request.POST or None, question=question)
        if request.method == "POST" and form.is_valid() and _propose(request, question, form):
            return redirect(question)
    return render(
        request,
        "questions/question_detail.html",
        {"question": question, "same_elsewhere": question.same_elsewhere(), "form": form},
    )


def _propose(request, question, form) -> bool:
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
            form.data = form.data.copy()
            form.data["replaces"] = ""
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


def source_list(request):
    return render(request, "questions/source_list.html", {"sources": Source.objects.with_counts()})


def source_detail(request, slug):
    source = get_object_or_404(Source.objects.with_counts(), slug=slug)
    page = _paginate(request, Question.objects.for_listing().filter(source=source))
    return render(request, "questions/source_detail.html", {"source": source, "page": page})


def topic_list(request):
    return render(request, "questions/topic_list.html", {"topics": Topic.objects.with_counts()})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.with_counts(), slug=slug)
    page = _paginate(request, Question.objects.for_listing().filter(topics=topic))
    return render(request, "questions/topic_detail.html", {"topic": topic, "page": page})
