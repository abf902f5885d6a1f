from django.contrib import admin

from .models import Attempt, Exam, Response


class ExamOwnerFilter(admin.SimpleListFilter):
    title = "kind of exam"
    parameter_name = "custom"

    def lookups(self, request, model_admin):
        return [("no", "Ready-made"), ("yes", "Custom")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(owner__isnull=self.value() == "no")
        return queryset


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "question_count", "time_limit_minutes", "owner", "position"]
    list_filter = [ExamOwnerFilter, "topics", "sources"]
    search_fields = ["title", "slug", "description", "owner__username"]
    list_select_related = ["owner"]
    filter_horizontal = ["topics", "sources"]
    raw_id_fields = ["owner"]


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    fields = readonly_fields = (
        "position", "question", "text", "choice_ids", "flagged", "saved_at", "points",
    )  # fmt: skip
    can_delete = False


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["public_id", "user", "exam", "status", "started_at", "deadline", "finished_at"]
    list_filter = ["status", "exam"]
    search_fields = ["user__username", "exam__title", "public_id"]
    list_select_related = ["user", "exam"]
    readonly_fields = ["public_id", "user", "exam", "started_at", "deadline", "finished_at"]
    inlines = [ResponseInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["attempt", "position", "question", "flagged", "saved_at", "points"]
    list_filter = ["flagged", "attempt__status"]
    search_fields = ["attempt__user__username", "question__text", "text"]
    list_select_related = ["attempt__user", "attempt__exam", "question__source"]
    raw_id_fields = ["attempt", "question"]
