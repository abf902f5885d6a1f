from django.urls import path

from . import views

app_name = "exams"

urlpatterns = [
    path("exams/", views.exam_list, name="exams"),
    path("exams/<int:pk>/start/", views.exam_start, name="exam-start"),
    path("attempts/", views.history_page, name="history"),
    path("attempts/<uuid:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<uuid:attempt_id>/summary/", views.summary_page, name="summary"),
    path("attempts/<uuid:attempt_id>/review/", views.review_page, name="review"),
    path("attempts/<uuid:attempt_id>/retry/", views.retry_missed, name="retry"),
]
