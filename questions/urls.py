from django.urls import path, re_path

from . import views

app_name = "questions"

urlpatterns = [
    path("questions/", views.question_list, name="list"),
    path("questions/<int:pk>/", views.question_detail, name="detail"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("contributions/", views.my_contributions, name="my-contributions"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/<int:pk>/decide/", views.decide, name="decide"),
    path("moderation/<int:pk>/skip/", views.skip, name="skip"),
    path("moderation/log/", views.moderation_log, name="moderation-log"),
    # The characters a username may have (a NUL byte would reach PostgreSQL otherwise).
    re_path(
        r"^moderation/contributors/(?P<username>[\w.@+-]+)/$", views.contributor, name="contributor"
    ),
    path("notifications/", views.notifications, name="notifications"),
]
