from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from questions import views as question_views

from .views import healthz

urlpatterns = [
    path("", question_views.home, name="home"),
    path("", include("questions.urls")),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("questions.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
]

handler400 = "questions.api.views.bad_request"
handler404 = "questions.api.views.page_not_found"
handler500 = "questions.api.views.server_error"
