from django.urls import path

from . import contribution_views, exam_views, views

app_name = "questions"

urlpatterns = [
    path("questions/", views.question_list, name="list"),
    path("questions/<int:pk>/", views.question_detail, name="detail"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("contributions/", contribution_views.my_contributions, name="my-contributions"),
    path("moderation/", contribution_views.moderation_queue, name="moderation"),
    path("moderation/<int:pk>/decide/", contribution_views.decide, name="decide"),
    path("moderation/log/", contribution_views.moderation_log, name="moderation-log"),
    path("exams/", exam_views.exam_list, name="exams"),
    path("exams/<int:pk>/start/", exam_views.exam_start, name="exam-start"),
    path("attempts/", exam_views.history_page, name="history"),
    path("attempts/<uuid:attempt_id>/", exam_views.attempt_page, name="attempt"),
    path("attempts/<uuid:attempt_id>/review/", exam_views.review_page, name="review"),
]
