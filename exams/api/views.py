"""Exam endpoints: the exam pages run on these, and so can any API client."""

from uuid import UUID

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from exams import selectors, services
from exams.models import Attempt
from questions.markdown import render_markdown
from questions.models import Question
from quizsite.api.schema import responses, validated
from quizsite.requests import AuthenticatedRequest
from quizsite.throttles import AnonThrottle, MarkingThrottle, PreviewThrottle, UserThrottle

from .serializers import (
    AttemptClosedSerializer,
    AttemptSerializer,
    AttemptSummarySerializer,
    CustomExamInputSerializer,
    CustomExamProblemSerializer,
    ExamSerializer,
    MarkingStatusSerializer,
    MarkInputSerializer,
    MarkOutputSerializer,
    OfferOutputSerializer,
    PreviewInputSerializer,
    PreviewOutputSerializer,
    RatingInputSerializer,
    RatingOutputSerializer,
    ReviewSerializer,
    SaveResponseInputSerializer,
    SaveResponseOutputSerializer,
)

EXAMS = extend_schema(tags=["exams"])


def own_attempt(request: AuthenticatedRequest, attempt_id: UUID) -> Attempt:
    return services.get_own_attempt(user=request.user, public_id=attempt_id, now=timezone.now())


@EXAMS
class ExamList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: ExamSerializer(many=True)}))
    def get(self, request: AuthenticatedRequest) -> Response:
        exams = selectors.with_links(selectors.visible_exams(request.user))
        return Response(ExamSerializer(exams, many=True).data)


@EXAMS
class CustomExamCreate(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CustomExamInputSerializer,
        responses=responses({201: ExamSerializer}, 400, shapes={400: CustomExamProblemSerializer}),
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        data = validated(CustomExamInputSerializer, request.data)
        exam = services.create_custom_exam(
            owner=request.user,
            topics=data.get("topics", []),
            sources=data.get("sources", []),
            kinds=data.get("kinds", []),
            question_count=data["question_count"],
            time_limit_minutes=data["time_limit_minutes"],
        )
        return Response(ExamSerializer(exam).data, status=status.HTTP_201_CREATED)


@EXAMS
class StartAttempt(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses=responses({201: AttemptSerializer, 200: AttemptSerializer}, 404, 409),
        description="Starts an attempt (201), or returns the caller's attempt in progress at "
        "this exam (200): one exam never has two open attempts of one student.",
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        exam = get_object_or_404(selectors.visible_exams(request.user), pk=pk)
        now = timezone.now()
        start = services.start_or_resume_exam(exam=exam, user=request.user, now=now)
        taking = selectors.attempt_for_taking(start.attempt, now=now, responses=start.new_responses)
        return Response(
            AttemptSerializer(taking).data,
            status=status.HTTP_201_CREATED if start.is_new else status.HTTP_200_OK,
        )


@EXAMS
class AttemptList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: AttemptSummarySerializer(many=True)}))
    def get(self, request: AuthenticatedRequest) -> Response:
        attempts = selectors.attempt_history(user=request.user, now=timezone.now())
        return Response(AttemptSummarySerializer(attempts, many=True).data)


@EXAMS
class AttemptDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: AttemptSerializer}, 404))
    def get(self, request: AuthenticatedRequest, attempt_id: UUID) -> Response:
        now = timezone.now()
        attempt = services.get_own_attempt(user=request.user, public_id=attempt_id, now=now)
        return Response(AttemptSerializer(selectors.attempt_for_taking(attempt, now=now)).data)


@EXAMS
class SaveAnswer(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=SaveResponseInputSerializer,
        responses=responses(
            {200: SaveResponseOutputSerializer},
            400,
            404,
            409,
            shapes={409: AttemptClosedSerializer},
        ),
    )
    def put(self, request: AuthenticatedRequest, attempt_id: UUID, position: int) -> Response:
        attempt = get_object_or_404(Attempt, public_id=attempt_id, user=request.user)
        data = validated(SaveResponseInputSerializer, request.data)
        now = timezone.now()
        result = services.save_response(attempt=attempt, position=position, now=now, **data)
        return Response(
            SaveResponseOutputSerializer(
                {
                    "position": result.response.position,
                    "revision": result.response.revision,
                    "saved_at": result.response.saved_at,
                    "applied": result.applied,
                    "remaining_seconds": services.remaining_seconds(attempt, now),
                }
            ).data
        )


@EXAMS
class SubmitAttempt(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=responses({200: AttemptSummarySerializer}, 404))
    def post(self, request: AuthenticatedRequest, attempt_id: UUID) -> Response:
        attempt = get_object_or_404(Attempt, public_id=attempt_id, user=request.user)
        services.submit_attempt(attempt=attempt, now=timezone.now())
        scored = selectors.with_scores(Attempt.objects.select_related("exam")).get(pk=attempt.pk)
        return Response(AttemptSummarySerializer(scored).data)


@EXAMS
class AttemptMarking(APIView):
    """Whether the marking assistant has marked a closed attempt's open answers yet: what the
    review page asks while it waits (one query, where the review is dozens of rows)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: MarkingStatusSerializer}, 404))
    def get(self, request: AuthenticatedRequest, attempt_id: UUID) -> Response:
        return Response(MarkingStatusSerializer(own_attempt(request, attempt_id)).data)


@EXAMS
class AttemptReview(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: ReviewSerializer}, 404, 409))
    def get(self, request: AuthenticatedRequest, attempt_id: UUID) -> Response:
        attempt = own_attempt(request, attempt_id)
        services.check_reviewable(attempt)
        return Response(ReviewSerializer(selectors.attempt_for_review(attempt)).data)


@EXAMS
class RateAnswer(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=RatingInputSerializer,
        responses=responses({200: RatingOutputSerializer}, 400, 404, 409),
    )
    def post(self, request: AuthenticatedRequest, attempt_id: UUID, position: int) -> Response:
        attempt = own_attempt(request, attempt_id)
        data = validated(RatingInputSerializer, request.data)
        response = services.rate_response(attempt=attempt, position=position, rating=data["rating"])
        rated = {
            "position": response.position,
            "self_rating": response.self_rating,
            "points": response.points,
            "attempt_score": selectors.attempt_score(attempt),
        }
        return Response(RatingOutputSerializer(rated).data)


@EXAMS
class OfferAnswer(APIView):
    """Send the caller's answer to a question without a model answer to moderation."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=responses({201: OfferOutputSerializer}, 400, 404, 409))
    def post(self, request: AuthenticatedRequest, attempt_id: UUID, position: int) -> Response:
        attempt = own_attempt(request, attempt_id)
        contribution = services.offer_response_as_answer(attempt=attempt, position=position)
        return Response(OfferOutputSerializer(contribution).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["marking"])
class MarkAnswer(APIView):
    """Mark an answer to an open question against its model answers: a suggested rating, a
    score, the key points covered and missed, and the method that ran."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [AnonThrottle, UserThrottle, MarkingThrottle]

    @extend_schema(
        request=MarkInputSerializer,
        responses=responses({200: MarkOutputSerializer}, 400, 404, 409),
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        question = get_object_or_404(Question, pk=pk)
        data = validated(MarkInputSerializer, request.data)
        mark = services.mark_open_answer(question=question, answer=data["answer"])
        return Response(MarkOutputSerializer(mark).data)


@EXAMS
class MarkdownPreview(APIView):
    """Render Markdown exactly as a saved answer would be, for live previews."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [PreviewThrottle]

    @extend_schema(
        request=PreviewInputSerializer,
        responses=responses({200: PreviewOutputSerializer}, 400),
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        data = validated(PreviewInputSerializer, request.data)
        return Response({"html": render_markdown(data["text"])})
