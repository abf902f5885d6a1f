from django.contrib import admin
from django.db.models import Count

from .models import Answer, Choice, Question, Source, Topic


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "question_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(ordering="question_count")
    def question_count(self, source):
        return source.question_count


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "question_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(ordering="question_count")
    def question_count(self, topic):
        return topic.question_count


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    fields = ["position", "text", "is_correct"]


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    fields = ["body", "status", "author", "source"]
    autocomplete_fields = ["author"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["short_text", "source", "position", "section", "kind", "needs_figure"]
    list_filter = ["source", "kind", "needs_figure", "topics"]
    search_fields = ["text"]
    list_select_related = ["source"]
    filter_horizontal = ["topics"]
    inlines = [ChoiceInline, AnswerInline]

    @admin.display(description="Question")
    def short_text(self, question):
        return question.text[:90]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["short_body", "question", "status", "author", "source", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["body", "question__text", "author__username"]
    list_select_related = ["question__source", "author", "source"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["author"]

    @admin.display(description="Answer")
    def short_body(self, answer):
        return answer.body[:90]
