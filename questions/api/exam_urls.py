"""Exam endpoints under /api/v1/ (included by questions/api/urls.py)."""

from django.urls import path

from . import exam_views

urlpatterns = [
    path("exams/", exam_views.ExamList.as_view(), name="exam-list"),
    path("exams/custom/", exam_views.CustomExamCreate.as_view(), name="exam-custom"),
    path("exams/<int:pk>/attempts/", exam_views.StartAttempt.as_view(), name="exam-start"),
    path("attempts/", exam_views.AttemptList.as_view(), name="attempt-list"),
    path("attempts/<uuid:attempt_id>/", exam_views.AttemptDetail.as_view(), name="attempt-detail"),
    path(
        "attempts/<uuid:attempt_id>/responses/<int:position>/",
        exam_views.SaveAnswer.as_view(),
        name="attempt-save",
    ),
    path(
        "attempts/<uuid:attempt_id>/responses/<int:position>/rating/",
        exam_views.RateAnswer.as_view(),
        name="attempt-rate",
    ),
    path(
        "attempts/<uuid:attempt_id>/responses/<int:position>/offer/",
        exam_views.OfferAnswer.as_view(),
        name="attempt-offer",
    ),
    path(
        "attempts/<uuid:attempt_id>/submit/",
        exam_views.SubmitAttempt.as_view(),
        name="attempt-submit",
    ),
    path(
        "attempts/<uuid:attempt_id>/review/",
        exam_views.AttemptReview.as_view(),
        name="attempt-review",
    ),
    path("preview/", exam_views.MarkdownPreview.as_view(), name="markdown-preview"),
]
