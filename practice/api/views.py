"""Practice endpoints: the practice page runs on these, and so can any API client.

Every endpoint reads or writes the caller's own deck only; another student's card is a 404.
"""

import io

from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from practice import selectors, services
from practice.exporting import render_export
from practice.models import PracticeSettings
from quizsite.api.schema import responses, validated
from quizsite.requests import AuthenticatedRequest

from .serializers import (
    CardDetailSerializer,
    DueInputSerializer,
    ExportInputSerializer,
    PracticeRatedSerializer,
    PracticeSessionSerializer,
    PracticeSettingsSerializer,
    PracticeStatsSerializer,
    ReviewInputSerializer,
)

PRACTICE = extend_schema(tags=["practice"])


@PRACTICE
class DueCards(APIView):
    """The next cards to practise: due cards (oldest due first), then new cards up to today's
    allowance, in a topic, a source, or your weak topics."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[DueInputSerializer], responses=responses({200: PracticeSessionSerializer}, 400)
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        data = validated(DueInputSerializer, request.query_params)
        scope = selectors.resolve_scope(
            request.user, topic=data.get("topic"), source=data.get("source"), weak=data["weak"]
        )
        session = selectors.practice_session(
            user=request.user,
            scope=scope,
            now=timezone.now(),
            limit=data["limit"],
            extra_new=data["extra_new"],
        )
        return Response(PracticeSessionSerializer(session, context={"request": request}).data)


@PRACTICE
class RateCard(APIView):
    """Rate your card of a question (a new card is created by its first rating)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReviewInputSerializer, responses=responses({201: PracticeRatedSerializer}, 400, 404)
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        data = validated(ReviewInputSerializer, request.data)
        review = services.rate_card(
            user=request.user,
            question_id=data["question"],
            rating=data["rating"],
            duration_ms=data.get("duration_ms"),
            now=timezone.now(),
        )
        rated = {"card": review.card, "review": review}
        return Response(PracticeRatedSerializer(rated).data, status=status.HTTP_201_CREATED)


@PRACTICE
class CardDetail(APIView):
    """One of your cards with its reviews, oldest first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: CardDetailSerializer}, 404))
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        card = selectors.own_card(request.user, pk)
        return Response(CardDetailSerializer(card).data)


@PRACTICE
class Stats(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: PracticeStatsSerializer}))
    def get(self, request: AuthenticatedRequest) -> Response:
        stats = selectors.practice_stats(user=request.user, now=timezone.now())
        return Response(PracticeStatsSerializer(stats).data)


@PRACTICE
class Settings(APIView):
    """Your new cards per day, desired retention and recall mode."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: PracticeSettingsSerializer}))
    def get(self, request: AuthenticatedRequest) -> Response:
        preferences = PracticeSettings.objects.for_user(request.user)
        return Response(PracticeSettingsSerializer(preferences).data)

    @extend_schema(
        request=PracticeSettingsSerializer,
        responses=responses({200: PracticeSettingsSerializer}, 400),
    )
    def put(self, request: AuthenticatedRequest) -> Response:
        data = validated(PracticeSettingsSerializer, request.data)
        preferences = services.update_settings(user=request.user, **data)
        return Response(PracticeSettingsSerializer(preferences).data)


@PRACTICE
class Export(APIView):
    """A topic, a source or your due cards as an Anki deck (.apkg) or as CSV."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[ExportInputSerializer],
        responses=responses(
            {
                (200, "application/apkg"): OpenApiTypes.BINARY,
                (200, "text/csv"): OpenApiTypes.STR,
            },
            400,
        ),
    )
    def get(self, request: AuthenticatedRequest) -> FileResponse:
        data = validated(ExportInputSerializer, request.query_params)
        chosen = selectors.export_for(
            user=request.user,
            topic=data.get("topic"),
            source=data.get("source"),
            now=timezone.now(),
        )
        content, content_type, filename = render_export(
            chosen, data["filetype"], base_url=request.build_absolute_uri("/").rstrip("/")
        )
        return FileResponse(
            io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type
        )
