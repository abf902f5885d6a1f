from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .filters import QuestionFilter
from .models import Question, Source, Topic


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
    return render(
        request,
        "questions/question_detail.html",
        {"question": question, "same_elsewhere": question.same_elsewhere()},
    )


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
