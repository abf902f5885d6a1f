from django.contrib import admin
from django.db.models import Count
from django.utils import timezone

from .models import (
    Answer,
    Choice,
    DeletedQuestion,
    ModerationLogEntry,
    Notification,
    Question,
    SearchTerm,
    Skip,
    Source,
    Topic,
)


class _GroupOfQuestionsAdmin(admin.ModelAdmin):
    """Sources and topics: named groups of questions, listed with their size."""

    list_display = ["name", "slug", "position", "question_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    @admin.display(ordering="question_count")
    def question_count(self, group):
        return group.question_count


admin.site.register(Source, _GroupOfQuestionsAdmin)
admin.site.register(Topic, _GroupOfQuestionsAdmin)


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
    autocomplete_fields = ["related"]
    readonly_fields = ["same_as"]
    inlines = [ChoiceInline, AnswerInline]

    @admin.display(description="Question")
    def short_text(self, question):
        return question.text[:90]


class TouchesQuestion(admin.ModelAdmin):
    """An answer or a choice edited on its own page changes its question for clients that sync
    (an edit through the question's page saves the question itself)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        Question.objects.filter(pk=obj.question_id).touch(at=timezone.now())

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Question.objects.filter(pk=obj.question_id).touch(at=timezone.now())

    def delete_queryset(self, request, queryset):
        question_ids = list(queryset.values_list("question_id", flat=True))
        super().delete_queryset(request, queryset)
        Question.objects.filter(pk__in=question_ids).touch(at=timezone.now())


@admin.register(Answer)
class AnswerAdmin(TouchesQuestion):
    list_display = ["short_body", "question", "status", "author", "source", "created_at"]
    list_filter = ["status", "source", "question__kind"]
    search_fields = ["body", "question__text", "author__username"]
    list_select_related = ["question__source", "author", "source"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["author"]

    @admin.display(description="Answer")
    def short_body(self, answer):
        return answer.body[:90]


@admin.register(Choice)
class ChoiceAdmin(TouchesQuestion):
    list_display = ["text", "question", "position", "is_correct"]
    list_filter = ["is_correct", "question__kind"]
    search_fields = ["text", "question__text"]
    list_select_related = ["question__source"]
    raw_id_fields = ["question"]


class _Written(admin.ModelAdmin):
    """Rows the application writes: staff read them, never add or edit them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(_Written):
    """The audit log: readable, never edited."""

    list_display = ["created_at", "moderator", "action", "answer", "reason"]
    list_filter = ["action"]
    search_fields = ["moderator__username", "reason", "answer__body"]
    list_select_related = ["moderator", "answer__question__source"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeletedQuestion)
class DeletedQuestionAdmin(_Written):
    """Tombstones the sync feed serves: written on deletion, never edited."""

    list_display = ["question_id", "deleted_at"]


@admin.register(SearchTerm)
class SearchTermAdmin(_Written):
    """The words "Did you mean …?" picks from, rebuilt by ``manage.py refresh_bank``."""

    search_fields = ["word"]


@admin.register(Notification)
class NotificationAdmin(_Written):
    """What contributors were told; written by the moderation services only."""

    list_display = ["created_at", "user", "action", "answer", "read_at", "emailed_at"]
    list_filter = ["action"]
    search_fields = ["user__username"]
    list_select_related = ["user", "answer__question__source"]
    fields = readonly_fields = ("created_at", "user", "action", "answer", "read_at", "emailed_at")


@admin.register(Skip)
class SkipAdmin(admin.ModelAdmin):
    list_display = ["skipped_at", "moderator", "answer"]
    list_select_related = ["moderator", "answer__question__source"]
    raw_id_fields = ["answer"]
    autocomplete_fields = ["moderator"]
