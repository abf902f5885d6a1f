"""API views: parse the input, call one service or QuerySet method, respond.

Domain errors become JSON in questions.api.exceptions; the ``extend_schema`` decorators document
every status an endpoint answers with, so the schema is a complete contract.
"""

from django.conf import settings
from django.contrib import auth
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import tokens
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

from . import serializers as s
from .permissions import IsModerator
from .schema import responses
from .throttles import AnonThrottle, ContributionThrottle, TokenRequestThrottle, UserThrottle


def validated(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# Reading: open to everyone.


@extend_schema(tags=["bank"], responses=responses({200: s.SourceSerializer(many=True)}))
class SourceList(generics.ListAPIView):
    """The documents the bank was built from, with how many questions are answered."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.SourceSerializer
    queryset = Source.objects.with_counts()
    pagination_class = None
    filter_backends = []


@extend_schema(tags=["bank"], responses=responses({200: s.TopicSerializer(many=True)}))
class TopicList(generics.ListAPIView):
    """The topics questions are filed under."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.TopicSerializer
    queryset = Topic.objects.with_counts()
    pagination_class = None
    filter_backends = []


@extend_schema(tags=["bank"], responses=responses({200: s.QuestionSerializer(many=True)}, 400, 404))
class QuestionList(generics.ListAPIView):
    """The questions, a page at a time, in a stable order, with their published answers."""

    permission_classes = [permissions.AllowAny]
    serializer_class = s.QuestionSerializer
    queryset = Question.objects.for_api()
    filterset_class = QuestionFilter

    def paginate_queryset(self, queryset):
        return attach_same_elsewhere(super().paginate_queryset(queryset))


@extend_schema(tags=["bank"], responses=responses({200: s.QuestionSerializer}, 404))
class QuestionDetail(generics.RetrieveAPIView):
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
    def post(self, request, pk):
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
        responses=responses({200: s.DecidedContributionSerializer}, 400, 403, 404, 409),
    )
    def post(self, request, pk):
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
        responses=responses({200: s.DecidedContributionSerializer}, 400, 403, 404, 409),
    )
    def post(self, request, pk):
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
    queryset = ModerationLogEntry.objects.select_related("moderator", "answer").order_by(
        "-created_at", "-pk"
    )


# Tokens for API clients.


class IssueToken(APIView):
    # Credentials come in the body: no session, so no CSRF token is needed.
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [TokenRequestThrottle]

    @extend_schema(
        tags=["auth"],
        request=s.TokenRequestSerializer,
        responses=responses({201: s.NewTokenSerializer}, 400, 429),
        auth=[],
    )
    def post(self, request):
        """Exchange a username and password for a new token. The key is shown only here."""
        data = validated(s.TokenRequestSerializer, request.data)
        user = auth.authenticate(request, username=data["username"], password=data["password"])
        if getattr(request, "axes_locked_out", False):
            # The same lockout as the login page: this username from this address, for a while.
            raise exceptions.Throttled(
                wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                detail="Too many failed sign-ins for this username from this address.",
            )
        if user is None:
            raise exceptions.ValidationError(
                {"detail": "Unable to sign in with that username and password."}
            )
        token, key = tokens.create_token(user=user, name=data["name"])
        return Response(
            s.NewTokenSerializer(token, context={"key": key}).data, status=status.HTTP_201_CREATED
        )


class TokenList(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=["auth"], responses=responses({200: s.TokenSerializer(many=True)}))
    def get(self, request):
        """Your tokens. Their keys are never shown again, only their first characters."""
        return Response(s.TokenSerializer(request.user.api_tokens.all(), many=True).data)

    @extend_schema(
        tags=["auth"],
        request=s.TokenInputSerializer,
        responses=responses({201: s.NewTokenSerializer}, 400),
    )
    def post(self, request):
        """Create a named token. The key is shown only in this response."""
        data = validated(s.TokenInputSerializer, request.data)
        token, key = tokens.create_token(user=request.user, name=data["name"])
        return Response(
            s.NewTokenSerializer(token, context={"key": key}).data, status=status.HTTP_201_CREATED
        )


class TokenDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=["auth"], responses=responses({204: None}, 404))
    def delete(self, request, pk):
        """Revoke one of your tokens: its key stops working at once."""
        tokens.revoke_token(token=get_object_or_404(request.user.api_tokens, pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# Errors raised outside any API view (no URL matched, a crash): JSON under /api/, pages elsewhere.
# quizsite/urls.py installs these as handler400/404/500.


def _api_aware(page_handler, status_code: int, detail: str):
    def handler(request, *args, **kwargs):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": detail}, status=status_code)
        return page_handler(request, *args, **kwargs)

    return handler


bad_request = _api_aware(defaults.bad_request, 400, "Bad request.")
page_not_found = _api_aware(defaults.page_not_found, 404, "Not found.")
server_error = _api_aware(defaults.server_error, 500, "Server error.")
