from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.IssueToken.as_view(), name="token"),
    path("auth/tokens/", views.TokenList.as_view(), name="tokens"),
    path("auth/tokens/<int:pk>/", views.TokenDetail.as_view(), name="token-detail"),
]
