"""Exam endpoints: the exam pages run on these, and so can any API client."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from questions.markdown import render_markdown
from questions.models import Answer, Attempt, Exam
from questions.models import Response as ExamResponse
from questions.services import exams

from .exam_serializers import (
    AttemptSerializer,
    AttemptSummarySerializer,
    CustomExamInputSerializer,
    ExamSerializer,
    OfferOutputSerializer,
    PreviewInputSerializer,
    PreviewOutputSerializer,
    RatingInputSerializer,
    RatingOutputSerializer,
    ReviewSerializer,
    SaveResponseInputSerializer,
    SaveResponseOutputSerializer,
)
from .schema import responses
from .serializers import ErrorSerializer
from .views import validated

EXAMS = extend_schema(tags=["exams"])


def exam_responses(success: dict, *codes: int) -> dict:
    """The documented responses; an exam's 409 says why in ``detail`` (e.g. the time is up)."""
    return responses(success, *codes, shapes={409: ErrorSerializer})


def visible_exams(user):
    """Ready-made exams and the user's own custom ones."""
    return Exam.objects.filter(owner__isnull=True) | Exam.objects.filter(owner=user)


def get_attempt(request, attempt_id) -> Attempt:
    return exams.get_own_attempt(user=request.user, public_id=attempt_id, now=timezone.now())


def attempt_for_taking(attempt: Attempt) -> Attempt:
    attempt.remaining_seconds = exams.remaining_seconds(attempt, timezone.now())
    attempt.grace_seconds = int(exams.grace().total_seconds())
    attempt.responses_for_page = attempt.responses.select_related("question").prefetch_related(
        "question__choices"
    )
    return attempt


@EXAMS
class ExamList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=exam_responses({200: ExamSerializer(many=True)}))
    def get(self, request):
        queryset = visible_exams(request.user).prefetch_related("topics", "sources")
        return Response(ExamSerializer(queryset, many=True).data)


@EXAMS
class CustomExamCreate(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CustomExamInputSerializer, responses=exam_responses({201: ExamSerializer}, 400)
    )
    def post(self, request):
        data = validated(CustomExamInputSerializer, request.data)
        exam = exams.create_custom_exam(
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

    @extend_schema(request=None, responses=exam_responses({201: AttemptSerializer}, 404, 409))
    def post(self, request, pk):
        exam = get_object_or_404(visible_exams(request.user), pk=pk)
        attempt = exams.start_exam(exam=exam, user=request.user, now=timezone.now())
        return Response(
            AttemptSerializer(attempt_for_taking(attempt)).data, status=status.HTTP_201_CREATED
        )


@EXAMS
class AttemptList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=exam_responses({200: AttemptSummarySerializer(many=True)}))
    def get(self, request):
        attempts = exams.attempt_history(user=request.user, now=timezone.now())
        return Response(AttemptSummarySerializer(attempts, many=True).data)


@EXAMS
class AttemptDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=exam_responses({200: AttemptSerializer}, 404))
    def get(self, request, attempt_id):
        attempt = attempt_for_taking(get_attempt(request, attempt_id))
        return Response(AttemptSerializer(attempt).data)


@EXAMS
class SaveAnswer(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=SaveResponseInputSerializer,
        responses=exam_responses({200: SaveResponseOutputSerializer}, 400, 404, 409),
    )
    def put(self, request, attempt_id, position):
        attempt = get_object_or_404(Attempt, public_id=attempt_id, user=request.user)
        data = validated(SaveResponseInputSerializer, request.data)
        now = timezone.now()
        result = exams.save_response(attempt=attempt, position=position, now=now, **data)
        return Response(
            SaveResponseOutputSerializer(
                {
                    "position": result.response.position,
                    "revision": result.response.revision,
                    "saved_at": result.response.saved_at,
                    "applied": result.applied,
                    "remaining_seconds": exams.remaining_seconds(attempt, now),
                }
            ).data
        )


@EXAMS
class SubmitAttempt(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=exam_responses({200: AttemptSummarySerializer}, 404))
    def post(self, request, attempt_id):
        attempt = get_object_or_404(Attempt, public_id=attempt_id, user=request.user)
        exams.submit_attempt(attempt=attempt, now=timezone.now())
        scored = exams.with_scores(Attempt.objects.select_related("exam")).get(pk=attempt.pk)
        return Response(AttemptSummarySerializer(scored).data)


def attempt_for_review(request, attempt_id) -> Attempt:
    """A closed attempt with its score, questions, keys and model answers, in fixed queries."""
    get_attempt(request, attempt_id)
    approved = Answer.objects.approved().select_related("source", "author")
    responses = ExamResponse.objects.select_related("question").prefetch_related(
        "question__choices",
        Prefetch("question__answers", queryset=approved, to_attr="approved_answers"),
    )
    return get_object_or_404(
        exams.with_scores(Attempt.objects.select_related("exam"))
        .prefetch_related(Prefetch("responses", queryset=responses))
        .filter(user=request.user),
        public_id=attempt_id,
    )


@EXAMS
class AttemptReview(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=exam_responses({200: ReviewSerializer}, 404, 409))
    def get(self, request, attempt_id):
        attempt = attempt_for_review(request, attempt_id)
        exams.check_reviewable(attempt)
        return Response(ReviewSerializer(attempt).data)


@EXAMS
class RateAnswer(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=RatingInputSerializer,
        responses=exam_responses({200: RatingOutputSerializer}, 400, 404, 409),
    )
    def post(self, request, attempt_id, position):
        attempt = get_attempt(request, attempt_id)
        data = validated(RatingInputSerializer, request.data)
        response = exams.rate_response(attempt=attempt, position=position, rating=data["rating"])
        return Response(RatingOutputSerializer(response).data)


@EXAMS
class OfferAnswer(APIView):
    """Send the caller's answer to a question without a model answer to moderation."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None, responses=exam_responses({201: OfferOutputSerializer}, 400, 404, 409)
    )
    def post(self, request, attempt_id, position):
        attempt = get_attempt(request, attempt_id)
        contribution = exams.offer_response_as_answer(attempt=attempt, position=position)
        return Response(OfferOutputSerializer(contribution).data, status=status.HTTP_201_CREATED)


class PreviewThrottle(UserRateThrottle):
    scope = "preview"
    rate = "120/min"


@EXAMS
class MarkdownPreview(APIView):
    """Render Markdown exactly as a saved answer would be, for live previews."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [PreviewThrottle]

    @extend_schema(
        request=PreviewInputSerializer,
        responses=exam_responses({200: PreviewOutputSerializer}, 400),
    )
    def post(self, request):
        data = validated(PreviewInputSerializer, request.data)
        return Response({"html": render_markdown(data["text"])})
