"""The bank, contributions and moderation under /api/v1/ (included by quizsite/api/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("sources/", views.SourceList.as_view(), name="sources"),
    path("topics/", views.TopicList.as_view(), name="topics"),
    path("questions/", views.QuestionList.as_view(), name="questions"),
    path("questions/<int:pk>/", views.QuestionDetail.as_view(), name="question"),
    path("questions/deleted/", views.DeletedQuestions.as_view(), name="deleted-questions"),
    path("export/questions.jsonl", views.ExportQuestions.as_view(), name="export-questions"),
    path("questions/<int:pk>/contributions/", views.Contribute.as_view(), name="contribute"),
    path("contributions/", views.MyContributions.as_view(), name="contributions"),
    path("moderation/queue/", views.ModerationQueue.as_view(), name="moderation-queue"),
    path(
        "moderation/contributions/<int:pk>/approve",
        views.ApproveContribution.as_view(),
        name="approve",
    ),
    path(
        "moderation/contributions/<int:pk>/skip",
        views.SkipContribution.as_view(),
        name="skip",
    ),
    path(
        "moderation/contributions/<int:pk>/reject",
        views.RejectContribution.as_view(),
        name="reject",
    ),
    path("moderation/log/", views.ModerationLog.as_view(), name="moderation-log"),
]
