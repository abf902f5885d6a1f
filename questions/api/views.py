"""API views: parse the input, call one service or QuerySet method, respond.

Domain errors become JSON in quizsite.api.exceptions; the ``extend_schema`` decorators document
every status an endpoint answers with, so the schema is a complete contract.
"""

from collections.abc import Sequence

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from questions.caching import CachedBankRead
from questions.filters import QuestionFilter
from questions.models import (
    Answer,
    ModerationLogEntry,
    Question,
    Source,
    Topic,
    attach_same_elsewhere,
)
from questions.services.contributions import (
    approve_contribution,
    reject_contribution,
    submit_contribution,
)
from quizsite.api.schema import responses, validated
from quizsite.requests import AuthenticatedRequest
from quizsite.throttles import AnonThrottle, ContributionThrottle, UserThrottle

from . import serializers as s
from .permissions import IsModerator

# A decision answers with the decided contribution; a 409 says who decided it first.
DECISION_RESPONSES = responses(
    {200: s.DecidedContributionSerializer}, 400, 403, 404, 409, shapes={409: s.ConflictSerializer}
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


@extend_schema(tags=["bank"], responses=responses({200: s.QuestionSerializer(many=True)}, 400, 404))
class QuestionList(CachedBankRead, generics.ListAPIView[Question]):
    """The questions, a page at a time, in a stable order, with their published answers."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.QuestionSerializer
    queryset = Question.objects.for_api()
    filterset_class = QuestionFilter

    # The stubs type rows with a method-level type variable, which no override can name.
    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet[Question] | Sequence[Question]
    ) -> list[Question] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else attach_same_elsewhere(page)


@extend_schema(tags=["bank"], responses=responses({200: s.QuestionSerializer}, 404))
class QuestionDetail(CachedBankRead, generics.RetrieveAPIView):
    """One question with its published answers."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.QuestionSerializer
    queryset = Question.objects.for_api()
    filter_backends = []

    def get_object(self):
        return attach_same_elsewhere([super().get_object()])[0]


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
    responses=responses({200: s.QueuedContributionSerializer(many=True)}, 403, 404),
)
class ModerationQueue(generics.ListAPIView):
    """Pending contributions, oldest first, each with its question and the answer it would
    replace."""

    permission_classes = [IsModerator]
    serializer_class = s.QueuedContributionSerializer
    queryset = Answer.objects.moderation_queue()


class ApproveContribution(APIView):
    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"],
        request=s.ApproveInputSerializer,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Publish the contribution at once (with the moderator's edits to its body, if given).
        An improvement becomes the current answer; the one it replaces stays in the history."""
        contribution = get_object_or_404(Answer, pk=pk)
        data = validated(s.ApproveInputSerializer, request.data)
        decided = approve_contribution(
            contribution=contribution, moderator=request.user, body=data.get("body")
        )
        return Response(s.DecidedContributionSerializer(decided).data)


class RejectContribution(APIView):
    permission_classes = [IsModerator]

    @extend_schema(
        tags=["moderation"],
        request=s.RejectInputSerializer,
        responses=DECISION_RESPONSES,
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        """Refuse the contribution; its author sees the reason."""
        contribution = get_object_or_404(Answer, pk=pk)
        data = validated(s.RejectInputSerializer, request.data)
        decided = reject_contribution(
            contribution=contribution, moderator=request.user, reason=data["reason"]
        )
        return Response(s.DecidedContributionSerializer(decided).data)


@extend_schema(
    tags=["moderation"], responses=responses({200: s.LogEntrySerializer(many=True)}, 403, 404)
)
class ModerationLog(generics.ListAPIView):
    """Every moderation decision, newest first: who, what, when, why, before and after."""

    permission_classes = [IsModerator]
    serializer_class = s.LogEntrySerializer
    queryset = ModerationLogEntry.objects.for_log()
