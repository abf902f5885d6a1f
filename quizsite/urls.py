from django.contrib import admin
from django.urls import include, path

from questions import views as question_views

from .views import healthz

urlpatterns = [
    path("", question_views.home, name="home"),
    path("", include("questions.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("questions.api.urls")),
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
]
