"""The API's shapes. Serializers only check input and format output: services do the writing."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from questions.limits import MAX_BODY_LENGTH, MAX_ID, MAX_LIST_LENGTH, MAX_REASON_LENGTH
from questions.models import (
    CONTRIBUTION_KINDS,
    Answer,
    Choice,
    DeletedQuestion,
    ModerationLogEntry,
    Question,
    Source,
    Topic,
)
from questions.services.contributions import REJECTION_REASONS
from quizsite.api.fields import BoundedListField
from quizsite.api.schema import ProblemSerializer


@extend_schema_field(OpenApiTypes.URI)
class SiteUrlField(serializers.ReadOnlyField):
    """The object's page on the site, as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "get_absolute_url")
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


class SourceSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)
    answered_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "name",
            "description",
            "question_count",
            "answered_count",
            "updated_at",
        ]


class TopicSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Topic
        fields = ["slug", "name", "question_count", "updated_at"]


class SourceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["slug", "name"]


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "position", "text", "text_html", "is_correct"]


class AnswerSerializer(serializers.ModelSerializer):
    """A published answer."""

    credit = serializers.CharField(read_only=True)

    class Meta:
        model = Answer
        fields = ["id", "body", "body_html", "credit", "created_at", "updated_at"]


class QuestionLinkSerializer(serializers.ModelSerializer):
    """A link to another question of the bank."""

    source = SourceRefSerializer(read_only=True)
    url = SiteUrlField()

    class Meta:
        model = Question
        fields = ["id", "source", "position", "url"]


class QuestionSummarySerializer(serializers.ModelSerializer):
    """A question as a moderator needs it beside a contribution."""

    source = SourceRefSerializer(read_only=True)
    choices = ChoiceSerializer(many=True, read_only=True)
    url = SiteUrlField()

    class Meta:
        model = Question
        fields = ["id", "url", "source", "position", "kind", "text", "text_html", "choices"]


class QuestionSerializer(QuestionSummarySerializer):
    """A question with its published answers (from Question.objects.for_api())."""

    topics = TopicRefSerializer(many=True, read_only=True)
    answers = AnswerSerializer(source="approved_answers", many=True, read_only=True)
    same_elsewhere = QuestionLinkSerializer(
        source="same_elsewhere_list",
        many=True,
        read_only=True,
        help_text="The same question as asked in other sources (an exam never draws two).",
    )
    related = QuestionLinkSerializer(
        source="related_list",
        many=True,
        read_only=True,
        help_text="Other questions on the same subject.",
    )
    snippet = serializers.CharField(
        source="search_snippet",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="With a search on PostgreSQL: HTML fragments of the question and its answers "
        "around the matches, escaped, the matched words in <mark>. Otherwise null.",
    )

    class Meta(QuestionSummarySerializer.Meta):
        fields = [
            "id",
            "url",
            "source",
            "position",
            "section",
            "kind",
            "text",
            "text_html",
            "topics",
            "choices",
            "answers",
            "same_elsewhere",
            "related",
            "updated_at",
            "snippet",
        ]


class DeletedQuestionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="question_id", read_only=True)

    class Meta:
        model = DeletedQuestion
        fields = ["id", "deleted_at"]


class ContributionInputSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=MAX_BODY_LENGTH,
        help_text="The proposed answer, or the explanation of the proposed key, in Markdown.",
    )
    replaces = serializers.PrimaryKeyRelatedField(
        queryset=Answer.objects.approved(),
        required=False,
        allow_null=True,
        help_text="For an improvement: the id of the published answer it would replace.",
        error_messages={"does_not_exist": "There is no published answer {pk_value}."},
    )
    key = BoundedListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_LIST_LENGTH,
        help_text="For true/false and choice questions: the ids of the correct choices.",
    )


class _ContributionSerializer(serializers.ModelSerializer):
    """What every view of a contribution shows; the subclasses add to it."""

    key = serializers.PrimaryKeyRelatedField(source="proposed_choices", many=True, read_only=True)

    class Meta:
        model = Answer
        fields = ["id", "body", "body_html", "replaces", "key", "status"]
        read_only_fields = fields


class ContributionSerializer(_ContributionSerializer):
    """A contribution as its author sees it."""

    question = serializers.PrimaryKeyRelatedField(read_only=True)
    question_url = SiteUrlField(source="question.get_absolute_url")

    class Meta(_ContributionSerializer.Meta):
        fields = [
            *_ContributionSerializer.Meta.fields,
            "question", "question_url", "reason", "created_at", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


class QueuedContributionSerializer(_ContributionSerializer):
    """A pending contribution as a moderator reviews it (Answer.objects.moderation_queue())."""

    author = serializers.CharField(
        source="author.get_username", read_only=True, default=None, allow_null=True
    )
    kind = serializers.ChoiceField(
        source="contribution_kind", choices=CONTRIBUTION_KINDS, read_only=True
    )
    question = QuestionSummarySerializer(read_only=True)
    replaces = AnswerSerializer(read_only=True, allow_null=True)
    is_own = serializers.BooleanField(
        read_only=True, help_text="Yours: another moderator must decide it."
    )
    skipped_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When you skipped it, if you did."
    )

    class Meta(_ContributionSerializer.Meta):
        fields = [
            *_ContributionSerializer.Meta.fields,
            "author", "kind", "question", "created_at", "is_own", "skipped_at",
        ]  # fmt: skip
        read_only_fields = fields


class DecidedContributionSerializer(_ContributionSerializer):
    """A contribution after a moderator's decision."""

    author = serializers.CharField(
        source="author.get_username", read_only=True, default=None, allow_null=True
    )
    decided_by = serializers.CharField(
        source="decided_by.get_username", read_only=True, default=None, allow_null=True
    )

    class Meta(_ContributionSerializer.Meta):
        fields = [
            *_ContributionSerializer.Meta.fields,
            "question", "author", "reason", "decided_by", "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


class ApproveInputSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=MAX_BODY_LENGTH,
        required=False,
        help_text="The body as edited by the moderator; the author's body if left out.",
    )


class RejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=MAX_REASON_LENGTH,
        required=False,
        help_text="Why: the author reads it. Required unless a preset is given.",
    )
    preset = serializers.ChoiceField(
        choices=list(REJECTION_REASONS.items()),
        required=False,
        help_text="A ready-made reason, used when no reason is written: "
        + "; ".join(f"{value}: {text}" for value, text in REJECTION_REASONS.items()),
    )

    def validate(self, data):
        if not data.get("reason", "").strip():
            if not data.get("preset"):
                raise serializers.ValidationError(
                    {"reason": "Give a reason, or a preset: the author will read it."}
                )
            data["reason"] = REJECTION_REASONS[data["preset"]]
        return data


class SkippedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="answer_id")
    skipped_at = serializers.DateTimeField()


class SnapshotSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Answer.Status.choices)
    body = serializers.CharField()
    key = serializers.ListField(
        child=serializers.IntegerField(), help_text="The question's correct choices."
    )
    replaces = serializers.IntegerField(allow_null=True)


class LogEntrySerializer(serializers.ModelSerializer):
    """A decision (ModerationLogEntry.objects.for_log()): who, what, the text decided, why."""

    moderator = serializers.CharField(
        source="moderator.get_username", read_only=True, default=None, allow_null=True
    )
    author = serializers.CharField(
        source="answer.author.get_username", read_only=True, default=None, allow_null=True
    )
    kind = serializers.ChoiceField(
        source="contribution_kind", choices=CONTRIBUTION_KINDS, read_only=True
    )
    question = serializers.IntegerField(source="answer.question_id", read_only=True)
    replaces = serializers.IntegerField(
        source="answer.replaces_id", read_only=True, allow_null=True
    )
    key = serializers.PrimaryKeyRelatedField(
        source="answer.proposed_choices",
        many=True,
        read_only=True,
        help_text="For a key: the choices it proposed as correct.",
    )
    body_html = serializers.CharField(
        source="answer.body_html", read_only=True, help_text="The text decided on, rendered."
    )
    changes_html = serializers.SerializerMethodField(
        help_text="For an improvement, the decided text marked against the answer it replaces "
        "(<ins>, <del>); for an edited approval, against the author's text; else null."
    )
    before = SnapshotSerializer(read_only=True)
    after = SnapshotSerializer(read_only=True)

    class Meta:
        model = ModerationLogEntry
        fields = [
            "id",
            "action",
            "kind",
            "answer",
            "question",
            "author",
            "moderator",
            "reason",
            "replaces",
            "key",
            "body_html",
            "changes_html",
            "before",
            "after",
            "created_at",
        ]
        read_only_fields = fields

    def get_changes_html(self, entry) -> str | None:
        return entry.changes_html()


class ContributionStateSerializer(serializers.Serializer):
    """services.contributions.contribution_state()."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Answer.Status.choices)
    body = serializers.CharField()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)


class ModerationConflictSerializer(ProblemSerializer):
    """A 409: the decision was refused because of the contribution's current state."""

    contribution = ContributionStateSerializer()
