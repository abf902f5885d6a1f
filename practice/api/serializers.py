"""Shapes of the practice endpoints. Input serializers check shape only; services apply rules."""

from rest_framework import serializers

from practice.forms import MAX_DURATION_MS, MAX_EXTRA_NEW, is_slug
from practice.models import Card, PracticeSettings, Review
from practice.selectors import BATCH_SIZE, DUE_COUNT_CAP
from questions.api.serializers import (
    MAX_ID,
    AnswerSerializer,
    QuestionSummarySerializer,
    TopicRefSerializer,
)
from questions.models import Source, Topic


class SlugField(serializers.SlugRelatedField):
    """A topic or source by slug; a value that is no slug is refused before any query."""

    def __init__(self, model, **kwargs):
        super().__init__(slug_field="slug", queryset=model.objects.all(), required=False, **kwargs)

    def to_internal_value(self, data):
        if not is_slug(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:50])
        return super().to_internal_value(data)


class PracticeQuestionSerializer(QuestionSummarySerializer):
    """A card's question with its topics, choices (with the key) and model answers."""

    topics = TopicRefSerializer(many=True, read_only=True)
    answers = AnswerSerializer(source="approved_answers", many=True, read_only=True)

    class Meta(QuestionSummarySerializer.Meta):
        fields = [*QuestionSummarySerializer.Meta.fields, "topics", "answers"]


class CardStateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Card
        fields = ["id", "state", "step", "stability", "difficulty", "due", "last_review"]


class DueItemSerializer(serializers.Serializer):
    card = CardStateSerializer(read_only=True, allow_null=True, help_text="Null for a new card.")
    is_new = serializers.BooleanField(read_only=True)
    question = PracticeQuestionSerializer(read_only=True)


class ScopeInputSerializer(serializers.Serializer):
    topic = SlugField(Topic)
    source = SlugField(Source)
    weak = serializers.BooleanField(
        required=False, default=False, help_text="Only the topics your exams show weak."
    )

    def validate(self, data):
        if data.get("topic") and data.get("source"):
            raise serializers.ValidationError("Practise one topic or one source, not both.")
        return data


class DueInputSerializer(ScopeInputSerializer):
    limit = serializers.IntegerField(min_value=1, max_value=100, default=BATCH_SIZE)
    extra_new = serializers.IntegerField(
        min_value=0,
        max_value=MAX_EXTRA_NEW,
        default=0,
        help_text="New cards beyond today's allowance.",
    )


class PracticeSessionSerializer(serializers.Serializer):
    cards = DueItemSerializer(source="items", many=True, read_only=True)
    due_count = serializers.IntegerField(
        read_only=True, help_text=f"Cards due now, counted up to {DUE_COUNT_CAP}."
    )
    reviewed_today = serializers.IntegerField(read_only=True)
    new_today = serializers.IntegerField(read_only=True)
    new_left_today = serializers.IntegerField(read_only=True)
    next_due_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ReviewInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    rating = serializers.IntegerField(
        min_value=1, max_value=5, help_text="How well did you know this? 1 = not at all … 5."
    )
    duration_ms = serializers.IntegerField(
        min_value=0, max_value=MAX_DURATION_MS, required=False, allow_null=True
    )


class PracticeReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        fields = [
            "id", "rating", "grade", "reviewed_at", "elapsed_days", "duration_ms", "was_new",
            "origin", "state_before", "state_after",
        ]  # fmt: skip


class PracticeRatedSerializer(serializers.Serializer):
    card = CardStateSerializer(read_only=True)
    review = PracticeReviewSerializer(read_only=True)


class CardDetailSerializer(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question_id", read_only=True)
    reviews = PracticeReviewSerializer(many=True, read_only=True)

    class Meta:
        model = Card
        fields = [
            "id", "question", "state", "step", "stability", "difficulty", "due", "last_review",
            "created_at", "reviews",
        ]  # fmt: skip


class PracticeStatsSerializer(serializers.Serializer):
    cards = serializers.IntegerField()
    learning = serializers.IntegerField()
    review = serializers.IntegerField()
    relearning = serializers.IntegerField()
    due_now = serializers.IntegerField()
    next_due_at = serializers.DateTimeField(allow_null=True)
    reviews = serializers.IntegerField()
    reviews_today = serializers.IntegerField()
    reviews_last_30_days = serializers.IntegerField()
    retention_last_30_days = serializers.FloatField(
        allow_null=True, help_text="Share of reviews of seen cards not rated 1."
    )
    new_cards_per_day = serializers.IntegerField()
    desired_retention = serializers.FloatField()
    fitted_parameters = serializers.BooleanField()


class PracticeSettingsSerializer(serializers.ModelSerializer):
    new_cards_per_day = serializers.IntegerField(min_value=0, max_value=500)
    desired_retention = serializers.FloatField(min_value=0.7, max_value=0.99)

    class Meta:
        model = PracticeSettings
        fields = ["new_cards_per_day", "desired_retention", "recall_mode"]
        extra_kwargs = {"recall_mode": {"required": True}}


class ExportInputSerializer(serializers.Serializer):
    topic = SlugField(Topic)
    source = SlugField(Source)
    due = serializers.BooleanField(required=False, default=False, help_text="My due cards.")
    # Not "format": DRF reads that query parameter to pick a renderer.
    filetype = serializers.ChoiceField(choices=["apkg", "csv"], default="apkg")

    def validate(self, data):
        chosen = [name for name in ("topic", "source") if data.get(name)] + (
            ["due"] if data.get("due") else []
        )
        if len(chosen) != 1:
            raise serializers.ValidationError("Export one of: a topic, a source, or due=true.")
        return data
