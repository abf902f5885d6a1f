"""Everything under /api/v1/: each app's endpoints, in one ``api`` namespace."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    path("", include("questions.api.urls")),
    path("", include("exams.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("practice.api.urls")),
]
