"""Filters over the question bank, the review queue and the moderation log, shared by the pages
and the API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from .forms import BoundedModelMultipleChoiceField
from .limits import MAX_ID
from .models import (
    CONTRIBUTION_KINDS,
    Answer,
    DeletedQuestion,
    ModerationLogEntry,
    Question,
    Source,
    Topic,
)


class BoundedModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = BoundedModelMultipleChoiceField


class QuestionFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Search", max_length=200)
    topic = BoundedModelMultipleChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topics",
        label="Topics",
        widget=forms.CheckboxSelectMultiple,
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(),
        to_field_name="slug",
        label="Source",
        empty_label="Any source",
    )
    kind = django_filters.ChoiceFilter(
        choices=Question.Kind.choices, label="Kind", empty_label="Any kind"
    )
    answered = django_filters.BooleanFilter(
        method="filter_answered",
        label="Has an answer",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )

    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed since",
        help_text="ISO 8601 date and time, e.g. 2026-12-01T09:30:00Z: only the questions "
        "changed at or after it (edited, or an answer or key published or replaced).",
    )

    class Meta:
        model = Question
        fields = ["search", "topic", "source", "kind", "answered", "updated_since"]

    def filter_queryset(self, queryset):
        """The search goes last: it keeps its best matches among what the other filters leave
        (it lists at most search.MAX_RESULTS)."""
        data = self.form.cleaned_data
        for name, value in data.items():
            if name != "search":
                queryset = self.filters[name].filter(queryset, value)
        return self.filters["search"].filter(queryset, data.get("search"))

    def filter_search(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset

    def filter_topics(self, queryset, name, value: list[Topic]):
        """Questions in any of the chosen topics, each listed once."""
        if not value:
            return queryset
        in_topics = Question.topics.through.objects.filter(
            question=OuterRef("pk"), topic__in=[topic.pk for topic in value]
        )
        return queryset.filter(Exists(in_topics))

    def filter_answered(self, queryset, name, value):
        return queryset if value is None else queryset.answered(value)


class DeletedQuestionFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(
        field_name="deleted_at",
        lookup_expr="gte",
        help_text="ISO 8601 date and time: only the questions deleted at or after it.",
    )

    class Meta:
        model = DeletedQuestion
        fields = ["since"]


class ModerationQueueFilter(django_filters.FilterSet):
    """The review queue by kind of contribution and by topic (the page and the API)."""

    kind = django_filters.ChoiceFilter(
        choices=CONTRIBUTION_KINDS, method="filter_kind", label="Kind", empty_label="Any kind"
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        label="Topic",
        empty_label="Any topic",
    )

    class Meta:
        model = Answer
        fields = ["kind", "topic"]

    def filter_kind(self, queryset, name, value: str):
        return queryset.of_kind(value) if value else queryset

    def filter_topic(self, queryset, name, value: Topic):  # the hint gives the schema: a slug
        return queryset.in_topic(value) if value else queryset


class IdFilter(django_filters.Filter):
    """An id: a whole number that can name a row (anything else is a 400, not a crash)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ModerationLogFilter(django_filters.FilterSet):
    """The moderation log by moderator (username), action and question (id)."""

    moderator = django_filters.CharFilter(
        field_name="moderator__username", max_length=150, label="Moderator"
    )
    action = django_filters.ChoiceFilter(
        choices=ModerationLogEntry.Action.choices, label="Decision", empty_label="Any decision"
    )
    question = IdFilter(field_name="answer__question_id", label="Question id")

    class Meta:
        model = ModerationLogEntry
        fields = ["moderator", "action", "question"]
