"""Filters over the question bank, shared by the bank page and the API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from .models import DeletedQuestion, Question, Source, Topic


class QuestionFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Search", max_length=200)
    topic = django_filters.ModelMultipleChoiceFilter(
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
