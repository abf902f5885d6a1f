from django.contrib import admin

from .models import Card, PracticeSettings, Review


@admin.register(PracticeSettings)
class PracticeSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "new_cards_per_day", "desired_retention", "recall_mode"]
    list_filter = ["recall_mode"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["parameters", "parameters_fitted_at", "parameters_review_count"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = readonly_fields = (
        "reviewed_at",
        "rating",
        "grade",
        "origin",
        "elapsed_days",
        "duration_ms",
    )
    can_delete = False


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    """Cards change only through reviews: their scheduling state is read-only here."""

    list_display = ["user", "question", "state", "due", "last_review"]
    list_filter = ["state"]
    search_fields = ["user__username", "question__text"]
    list_select_related = ["user", "question__source"]
    raw_id_fields = ["user", "question"]
    readonly_fields = ["state", "step", "stability", "difficulty", "due", "last_review"]
    inlines = [ReviewInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["card", "rating", "grade", "origin", "reviewed_at"]
    list_filter = ["origin", "rating"]
    search_fields = ["user__username"]
    list_select_related = ["card__user", "card__question__source"]
    raw_id_fields = ["card", "user", "exam_response"]
    readonly_fields = ["state_before", "state_after"]
