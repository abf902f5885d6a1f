"""API views: parse the input, call one service or QuerySet method, respond.

Domain errors become problem details in quizsite.api.exceptions; the ``extend_schema``
decorators (with quizsite.api.schema.AutoSchema) document every status an endpoint answers
with, so the schema is a complete contract.
"""

from collections.abc import Iterator
from typing import Any, cast

from django.db.models import Max, QuerySet
from django.http import Http404, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, renderers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from questions.caching import CachedBankRead
from questions.filters import (
    DeletedQuestionFilter,
    ModerationLogFilter,
    ModerationQueueFilter,
    QuestionFilter,
)
from questions.models import (
    Answer,
    DeletedQuestion,
    ModerationLogEntry,
    Question,
    QuestionQuerySet,
    SearchTerm,
    Source,
    Topic,
    attach_same_elsewhere,
)
from questions.pagination import BankPaginator
from questions.services.contributions import (
    approve_contribution,
    reject_contribution,
    skip_contribution,
    submit_contribution,
)
from quizsite.api.conditional import (
    NOT_MODIFIED,
    VALIDATOR_HEADERS,
    Validators,
    latest_change,
)
from quizsite.api.pagination import PageNumberPagination
from quizsite.api.schema import responses, validated
from quizsite.requests import AuthenticatedRequest
from quizsite.throttles import AnonThrottle, ContributionThrottle, UserThrottle

from . import serializers as s
from .permissions import IsModerator

# A decision answers with the decided contribution; a 409 says who decided it first.
DECISION_RESPONSES = responses(
    {200: s.DecidedContributionSerializer},
    400,
    403,
    404,
    409,
    shapes={409: s.ModerationConflictSerializer},
)


# Reading: open to everyone.


@extend_schema(tags=["bank"], responses=responses({200: s.SourceSerializer(many=True)}))
class SourceList(CachedBankRead, generics.ListAPIView):
    """The documents the bank was built from, with how many questions are answered."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.SourceSerializer
    queryset = Source.objects.with_counts()
    pagination_class = None
    filter_backends = []


@extend_schema(tags=["bank"], responses=responses({200: s.TopicSerializer(many=True)}))
class TopicList(CachedBankRead, generics.ListAPIView):
    """The topics questions are filed under."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.TopicSerializer
    queryset = Topic.objects.with_counts()
    pagination_class = None
    filter_backends = []


class QuestionPagination(PageNumberPagination):
    """Pages of questions (see BankPaginator), with a search's ``suggestion`` beside ``count``."""

    suggestion: str | None = None
    known_count: int | None = None

    # DRF calls self.django_paginator_class(queryset, page_size): a method serves as well as a
    # class, and passes on the count the view already has.
    def django_paginator_class(  # type: ignore[override]
        self, questions: QuestionQuerySet, per_page: int
    ) -> BankPaginator:
        return BankPaginator(questions, per_page, count=self.known_count)

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None  # after paginate_queryset()
        return Response(
            {
                "count": self.page.paginator.count,
                "suggestion": self.suggestion,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        properties = paginated["properties"]
        suggestion = {
            "type": ["string", "null"],
            "example": "softmax",
            "description": "When a search found few questions and has a misspelt word: the "
            "search with the bank's closest words instead (Did you mean …?).",
        }
        paginated["properties"] = {
            "count": properties.pop("count"),
            "suggestion": suggestion,
            **properties,
        }
        return paginated


@extend_schema(
    tags=["bank"],
    responses=responses({200: s.QuestionSerializer(many=True), **NOT_MODIFIED}, 400, 404),
    parameters=VALIDATOR_HEADERS,
)
class QuestionList(CachedBankRead, generics.ListAPIView[Question]):
    """The questions, a page at a time, with their published answers: in bank order, or with
    ``search`` (web-search syntax: "exact phrase", -excluded, or) best match first, each with
    a highlighted ``snippet`` (and a ``suggestion`` when a misspelt search finds little). A
    search lists at most 500 matches, ranked: a ``count`` of 500 means "add words".

    To stay in sync, pull everything once, then ask for ``updated_since`` your last pull and
    read ``questions/deleted/`` for what was removed. ETag and Last-Modified answer a client
    that still holds a page with a 304.
    """

    permission_classes = [permissions.AllowAny]
    serializer_class = s.QuestionSerializer
    queryset = Question.objects.for_api()
    filterset_class = QuestionFilter
    pagination_class = QuestionPagination

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        questions = self.filter_queryset(self.get_queryset())
        validators, count = bank_validators(request, questions)
        if cached := validators.not_modified(request):
            return cached
        pagination = cast(QuestionPagination, self.paginator)
        pagination.known_count = count  # the validators counted the list: not counted again
        page = self.paginate_queryset(questions)
        assert page is not None  # the list is always paginated
        assert pagination.page is not None
        # Reached only with valid filters: an invalid search was answered with a 400.
        pagination.suggestion = SearchTerm.objects.suggestion(
            request.query_params.get("search", "").strip(), found=pagination.page.paginator.count
        )
        serializer = self.get_serializer(attach_same_elsewhere(page), many=True)
        return validators.stamp(self.get_paginated_response(serializer.data))


@extend_schema(
    tags=["bank"],
    responses=responses({200: s.QuestionSerializer, **NOT_MODIFIED}, 404),
    parameters=VALIDATOR_HEADERS,
)
class QuestionDetail(CachedBankRead, generics.RetrieveAPIView[Question]):
    """One question with its published answers."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.QuestionSerializer
    queryset = Question.objects.for_api()
    filter_backends = []

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Only its timestamp first: a client with a current copy costs one small query.
        found = Question.objects.filter(pk=kwargs["pk"]).values_list("updated_at", flat=True)
        updated_at = found.first()
        if updated_at is None:
            raise Http404("No Question matches the given query.")
        validators = Validators.of(request, kwargs["pk"], updated_at, last_modified=updated_at)
        if cached := validators.not_modified(request):
            return cached
        question = attach_same_elsewhere([self.get_object()])[0]
        return validators.stamp(Response(self.get_serializer(question).data))


def bank_validators(request: Request, questions: QuerySet[Question]) -> tuple[Validators, int]:
    """A list of questions changes when one of them changes, or one is added or deleted. With
    the validators, the list's length (which they are computed from)."""
    if isinstance(questions, QuestionQuerySet) and questions.is_whole_bank():
        # The list read most: both from an index (the count is the highest bank rank, see
        # BankPaginator) instead of a scan of every question.
        found = Question.objects.aggregate(latest=Max("updated_at"), count=Max("bank_rank"))
        latest, count = found["latest"], found["count"] or 0
    else:
        latest, count = latest_change(questions)
    removed = DeletedQuestion.objects.latest_deletion()
    changes = [moment for moment in (latest, removed) if moment is not None]
    validators = Validators.of(request, latest, count, last_modified=max(changes, default=None))
    return validators, count


@extend_schema(
    tags=["bank"], responses=responses({200: s.DeletedQuestionSerializer(many=True)}, 400, 404)
)
class DeletedQuestions(generics.ListAPIView[DeletedQuestion]):
    """Questions deleted from the bank, oldest first: drop them from your copy."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.DeletedQuestionSerializer
    queryset = DeletedQuestion.objects.order_by("deleted_at", "question_id")
    filterset_class = DeletedQuestionFilter


class JSONLinesRenderer(renderers.JSONRenderer):
    """For content negotiation only: the export streams its own body, one question a line."""

    media_type = "application/jsonl"
    format = "jsonl"


class ExportQuestions(APIView):
    """The whole public bank in one download, streamed: for clients that want it all at once.

    Memory stays constant whatever the bank's size: questions are read in chunks of
    EXPORT_CHUNK_SIZE, each with its prefetches. ETag and Last-Modified as for the list.
    """

    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONLinesRenderer]

    @extend_schema(
        tags=["bank"],
        operation_id="v1_export_questions",
        responses=responses(
            {
                (200, JSONLinesRenderer.media_type): OpenApiResponse(
                    OpenApiTypes.STR,
                    "JSON Lines: one Question object (as in questions/) per line, in the "
                    "list's order.",
                ),
                **NOT_MODIFIED,
            }
        ),
        parameters=VALIDATOR_HEADERS,
    )
    def get(self, request: Request) -> HttpResponseBase:
        questions = Question.objects.for_api()
        validators, _ = bank_validators(request, questions)
        if cached := validators.not_modified(request):
            return cached
        context = self.get_renderer_context()
        response = StreamingHttpResponse(
            export_lines(questions, context=context), content_type=JSONLinesRenderer.media_type
        )
        response["Content-Disposition"] = 'attachment; filename="questions.jsonl"'
        return validators.stamp(response)


EXPORT_CHUNK_SIZE = 500


def export_lines(questions: QuerySet[Question], *, context: dict) -> Iterator[bytes]:
    """Each question as one line of JSON, EXPORT_CHUNK_SIZE questions (and queries) at a time."""
    chunk: list[Question] = []
    for question in questions.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        chunk.append(question)
        if len(chunk) == EXPORT_CHUNK_SIZE:
            yield _lines(chunk, context)
            chunk = []
    if chunk:
        yield _lines(chunk, context)


def _lines(chunk: list[Question], context: dict) -> bytes:
    serializer = s.QuestionSerializer(attach_same_elsewhere(chunk), many=True, context=context)
    render = renderers.JSONRenderer().render
    return b"".join(render(row) + b"\n" for row in serializer.data)


# Contributing: signed-in users.


class Contribute(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [AnonThrottle, UserThrottle, ContributionThrottle]

    @extend_schema(
        tags=["contributions"],
        request=s.ContributionInputSerializer,
        responses=responses({201: s.ContributionSerializer}, 400, 404),
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Propose an answer, an improvement of a published answer, or a key with its
        explanation. It stays pending, and hidden, until a moderator approves it."""
        question = get_object_or_404(Question, pk=pk)
        data = validated(s.ContributionInputSerializer, request.data)
        contribution = submit_contribution(
            question=question,
            author=request.user,
            body=data["body"],
            replaces=data.get("replaces"),
            choice_ids=data.get("key"),
        )
        serializer = s.ContributionSerializer(contribution, context={"request": request})
        return Response(serializer.data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["contributions"], responses=responses({200: s.ContributionSerializer(many=True)}, 404)
)
class MyContributions(generics.ListAPIView):
    """Your own contributions, newest first, with their status and the moderator's reason."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.ContributionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Answer.objects.none()
        return Answer.objects.contributed_by(self.request.user)


# Moderating: moderators only.


@extend_schema(
    tags=["moderation"],
    responses=responses({200: s.QueuedContributionSerializer(many=True)}, 400, 403, 404),
)
class ModerationQueue(generics.ListAPIView):
    """Pending contributions, oldest first, each with its question and the answer it would
    replace; those you skipped come after the others, and your own (another moderator must
    decide them) last. Filter by ``kind`` and ``topic``."""

    permission_classes = [IsModerator]
    serializer_class = s.QueuedContributionSerializer
    filterset_class = ModerationQueueFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return Answer.objects.moderation_queue()
        return Answer.objects.moderation_queue(moderator=self.request.user)


class ApproveContribution(APIView):
    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"],
        request=s.ApproveInputSerializer,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Publish the contribution at once (with the moderator's edits to its body, if given).
        An improvement becomes the current answer; the one it replaces stays in the history.
        Nobody decides their own contribution: 403."""
        contribution = get_object_or_404(Answer, pk=pk)
        data = validated(s.ApproveInputSerializer, request.data)
        decided = approve_contribution(
            contribution=contribution, moderator=request.user, body=data.get("body")
        )
        return Response(s.DecidedContributionSerializer(decided).data)


class SkipContribution(APIView):
    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"],
        request=None,
        responses=responses(
            {200: s.SkippedSerializer}, 403, 404, 409, shapes={409: s.ModerationConflictSerializer}
        ),
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Put the contribution aside: it moves to the end of your queue (not of others')."""
        contribution = get_object_or_404(Answer.objects.exclude(author=None), pk=pk)
        skip = skip_contribution(contribution=contribution, moderator=request.user)
        return Response(s.SkippedSerializer(skip).data)


class RejectContribution(APIView):
    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"],
        request=s.RejectInputSerializer,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Refuse the contribution; its author sees the reason (written, or a ready-made preset).
        Nobody decides their own contribution: 403."""
        contribution = get_object_or_404(Answer, pk=pk)
        data = validated(s.RejectInputSerializer, request.data)
        decided = reject_contribution(
            contribution=contribution, moderator=request.user, reason=data["reason"]
        )
        return Response(s.DecidedContributionSerializer(decided).data)


@extend_schema(
    tags=["moderation"],
    responses=responses({200: s.LogEntrySerializer(many=True)}, 400, 403, 404),
)
class ModerationLog(generics.ListAPIView):
    """Every moderation decision, newest first: who, what, when, why, before and after, and the
    text decided on. Filter by ``moderator`` (username), ``action`` and ``question`` (id)."""

    permission_classes = [IsModerator]
    serializer_class = s.LogEntrySerializer
    queryset = ModerationLogEntry.objects.for_log()
    filterset_class = ModerationLogFilter
