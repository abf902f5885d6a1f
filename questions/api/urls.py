"""Everything under /api/v1/."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("questions.api.exam_urls")),
]
