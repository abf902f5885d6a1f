"""Shapes of the exam endpoints. Input serializers check shape only; services apply the rules."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exams.models import Attempt, Exam, Response
from exams.selectors import QuestionForTaking
from exams.services import MARKING_EXPLANATION, SCORING_EXPLANATION
from questions.limits import MAX_BODY_LENGTH, MAX_LIST_LENGTH
from questions.models import Answer, Choice, Question, Source, Topic
from quizsite.api.fields import BoundedListField, SlugRelatedField
from quizsite.api.schema import ProblemSerializer, ValidationProblemSerializer


class ExamSerializer(serializers.ModelSerializer):
    # From the exam's cached links (exams.models.Exam.links), not a query per exam.
    topics = serializers.ListField(
        child=serializers.SlugField(), source="links.topic_slugs", read_only=True
    )
    sources = serializers.ListField(
        child=serializers.SlugField(), source="links.source_slugs", read_only=True
    )
    is_custom = serializers.SerializerMethodField()

    class Meta:
        model = Exam
        fields = [
            "id", "title", "description", "question_count", "time_limit_minutes", "topics",
            "sources", "kinds", "include_unanswered", "is_custom",
        ]  # fmt: skip

    def get_is_custom(self, exam) -> bool:
        return exam.owner_id is not None


class CustomExamInputSerializer(serializers.Serializer):
    topics = BoundedListField(
        child=SlugRelatedField(slug_field="slug", queryset=Topic.objects.all()),
        max_length=MAX_LIST_LENGTH,
        required=False,
    )
    sources = BoundedListField(
        child=SlugRelatedField(slug_field="slug", queryset=Source.objects.all()),
        max_length=MAX_LIST_LENGTH,
        required=False,
    )
    kinds = BoundedListField(
        child=serializers.ChoiceField(choices=Question.Kind.choices),
        max_length=MAX_LIST_LENGTH,
        required=False,
    )
    question_count = serializers.IntegerField(min_value=1, max_value=100)
    time_limit_minutes = serializers.IntegerField(min_value=1, max_value=300)


class ExamChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "text", "text_html"]


class ExamQuestionSerializer(serializers.ModelSerializer):
    """A question as shown during an exam: no answers, no key."""

    choices = ExamChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "text", "text_html", "kind", "choices"]


@extend_schema_field(ExamQuestionSerializer)
class QuestionForTakingField(serializers.Field):
    """A question already in its JSON shape (exams.selectors.QuestionForTaking, from the
    cache), passed through as it is."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: QuestionForTaking) -> QuestionForTaking:
        return value


class ResponseSerializer(serializers.ModelSerializer):
    question = QuestionForTakingField(source="shown_question")

    class Meta:
        model = Response
        fields = ["position", "question", "text", "choice_ids", "flagged", "revision", "saved_at"]

    def to_representation(self, instance: Response) -> dict:
        """What ModelSerializer makes of these fields, without its machinery for each one: a
        start and every reload send thirty of them (a test holds the two equal)."""
        saved_at = instance.saved_at
        if saved_at is not None:
            saved_at = self.fields["saved_at"].to_representation(saved_at)
        return {
            "position": instance.position,
            "question": instance.shown_question,  # type: ignore[attr-defined]
            "text": instance.text,
            "choice_ids": instance.choice_ids,
            "flagged": instance.flagged,
            "revision": instance.revision,
            "saved_at": saved_at,
        }


class MarkingStatusSerializer(serializers.ModelSerializer):
    being_marked = serializers.BooleanField(
        source="is_being_marked",
        read_only=True,
        help_text="Closed, and the marking assistant has not yet marked the open answers (the "
        "task worker does, a few seconds after the attempt closes): ask again shortly.",
    )

    class Meta:
        model = Attempt
        fields = ["status", "being_marked", "marked_at"]


class MarkedScoreSerializer(MarkingStatusSerializer):
    """A closed attempt's mark: null, with ``being_marked`` true, until the task worker has
    marked its open answers."""

    marked_score = serializers.SerializerMethodField(
        help_text="By the marking assistant; null while being marked."
    )

    def get_marked_score(self, attempt) -> float | None:
        return None if attempt.is_being_marked else getattr(attempt, "marked_score", None)


class AttemptSummarySerializer(MarkedScoreSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    exam = serializers.CharField(source="exam.title", read_only=True)
    score = serializers.FloatField(
        read_only=True, allow_null=True, default=None, help_text="By your own ratings."
    )
    question_total = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Attempt
        fields = [
            "id", "exam", "status", "started_at", "deadline", "finished_at", "score",
            "marked_score", "being_marked", "marked_at", "question_total",
        ]  # fmt: skip


class AttemptSerializer(serializers.Serializer):
    """An attempt while it is taken (exams.selectors.AttemptForTaking). ``remaining_seconds`` is
    the clock the page counts down."""

    id = serializers.UUIDField(source="attempt.public_id", read_only=True)
    exam = ExamSerializer(source="attempt.exam", read_only=True)
    status = serializers.ChoiceField(
        source="attempt.status", choices=Attempt.Status.choices, read_only=True
    )
    started_at = serializers.DateTimeField(source="attempt.started_at", read_only=True)
    deadline = serializers.DateTimeField(source="attempt.deadline", read_only=True)
    finished_at = serializers.DateTimeField(
        source="attempt.finished_at", read_only=True, allow_null=True
    )
    remaining_seconds = serializers.IntegerField(read_only=True)
    grace_seconds = serializers.IntegerField(read_only=True)
    responses = ResponseSerializer(many=True, read_only=True)


class SaveResponseInputSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        min_value=1,
        max_value=2_147_483_647,
        help_text="Increase it with every change; older saves are ignored.",
    )
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_BODY_LENGTH
    )
    choice_ids = BoundedListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=MAX_LIST_LENGTH
    )
    flagged = serializers.BooleanField(required=False)


class SaveResponseOutputSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    revision = serializers.IntegerField()
    saved_at = serializers.DateTimeField(allow_null=True)
    applied = serializers.BooleanField(help_text="False when a newer revision was already saved.")
    remaining_seconds = serializers.IntegerField()


class RatingInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(
        min_value=1, max_value=5, help_text="How well did you know this? 1 = not at all … 5."
    )


class RatingOutputSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    self_rating = serializers.IntegerField()
    points = serializers.FloatField()
    attempt_score = serializers.FloatField(help_text="The attempt's score after this rating.")


class OfferOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["id", "status", "body"]


class ReviewChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "text", "text_html", "is_correct"]


class ReviewAnswerSerializer(serializers.Serializer):
    body = serializers.CharField()
    body_html = serializers.CharField()
    credit = serializers.CharField()


class ReviewQuestionSerializer(serializers.ModelSerializer):
    choices = ReviewChoiceSerializer(many=True, read_only=True)
    model_answers = ReviewAnswerSerializer(source="approved_answers", many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "text", "text_html", "kind", "choices", "model_answers"]


class KeyPointSerializer(serializers.Serializer):
    text = serializers.CharField()
    covered = serializers.BooleanField()


class ReviewItemSerializer(serializers.ModelSerializer):
    question = ReviewQuestionSerializer(read_only=True)
    key_points = KeyPointSerializer(many=True, read_only=True)
    state = serializers.ChoiceField(choices=Response.State.choices, read_only=True)
    is_missed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Response
        fields = [
            "position", "question", "text", "text_html", "choice_ids", "flagged", "is_correct",
            "self_rating", "points", "marked_rating", "marked_score", "marked_semantic",
            "marked_points", "key_points", "marking_method", "marking_explanation", "state",
            "is_missed",
        ]  # fmt: skip


class ReviewSerializer(MarkedScoreSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    exam = serializers.CharField(source="exam.title", read_only=True)
    score = serializers.FloatField(read_only=True, help_text="By your own ratings.")
    time_used_seconds = serializers.IntegerField(read_only=True)
    scoring = serializers.SerializerMethodField()
    marking = serializers.SerializerMethodField()
    responses = ReviewItemSerializer(many=True, read_only=True)

    class Meta:
        model = Attempt
        fields = [
            "id", "exam", "status", "started_at", "finished_at", "time_used_seconds", "score",
            "marked_score", "being_marked", "marked_at", "scoring", "marking", "responses",
        ]  # fmt: skip

    def get_scoring(self, attempt) -> str:
        return SCORING_EXPLANATION

    def get_marking(self, attempt) -> str:
        return MARKING_EXPLANATION


class MarkInputSerializer(serializers.Serializer):
    answer = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=MAX_BODY_LENGTH
    )


class MarkOutputSerializer(serializers.Serializer):
    """A mark from exams.marking.Mark."""

    rating = serializers.IntegerField(min_value=1, max_value=5, help_text="Suggested, 1 to 5.")
    score = serializers.FloatField(min_value=0, max_value=1)
    key_points = KeyPointSerializer(many=True)
    semantic = serializers.FloatField(
        allow_null=True, help_text="Closeness in meaning, 0 to 1; null without the model."
    )
    method = serializers.CharField(
        help_text='"key-points", or "key-points+embeddings:<model>" with the meaning model.'
    )
    explanation = serializers.CharField(help_text="How the score was computed.")


class PreviewInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, trim_whitespace=False, max_length=MAX_BODY_LENGTH
    )


class PreviewOutputSerializer(serializers.Serializer):
    html = serializers.CharField()


class CustomExamProblemSerializer(ValidationProblemSerializer):
    """A 400 for a custom exam; when too few questions match, how many do."""

    available = serializers.IntegerField(required=False)


class AttemptClosedSerializer(ProblemSerializer):
    """A 409 on saving: the attempt was submitted, or closed at its deadline (time is up)."""

    attempt_status = serializers.ChoiceField(choices=Attempt.Status.choices)
