from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from questions.views import home

from .views import healthz

urlpatterns = [
    path("", home, name="home"),
    path("", include("questions.urls")),
    path("", include("exams.urls")),
    path("", include("practice.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("quizsite.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
]

handler400 = "quizsite.views.bad_request"
handler404 = "quizsite.views.page_not_found"
handler500 = "quizsite.views.server_error"
