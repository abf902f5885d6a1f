"""Exam endpoints under /api/v1/ (included by quizsite/api/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("exams/", views.ExamList.as_view(), name="exam-list"),
    path("exams/custom/", views.CustomExamCreate.as_view(), name="exam-custom"),
    path("exams/<int:pk>/attempts/", views.StartAttempt.as_view(), name="exam-start"),
    path("attempts/", views.AttemptList.as_view(), name="attempt-list"),
    path("attempts/<uuid:attempt_id>/", views.AttemptDetail.as_view(), name="attempt-detail"),
    path(
        "attempts/<uuid:attempt_id>/responses/<int:position>/",
        views.SaveAnswer.as_view(),
        name="attempt-save",
    ),
    path(
        "attempts/<uuid:attempt_id>/responses/<int:position>/rating/",
        views.RateAnswer.as_view(),
        name="attempt-rate",
    ),
    path(
        "attempts/<uuid:attempt_id>/responses/<int:position>/offer/",
        views.OfferAnswer.as_view(),
        name="attempt-offer",
    ),
    path(
        "attempts/<uuid:attempt_id>/submit/",
        views.SubmitAttempt.as_view(),
        name="attempt-submit",
    ),
    path(
        "attempts/<uuid:attempt_id>/marking/",
        views.AttemptMarking.as_view(),
        name="attempt-marking",
    ),
    path(
        "attempts/<uuid:attempt_id>/review/",
        views.AttemptReview.as_view(),
        name="attempt-review",
    ),
    path("questions/<int:pk>/mark/", views.MarkAnswer.as_view(), name="question-mark"),
    path("preview/", views.MarkdownPreview.as_view(), name="markdown-preview"),
]
