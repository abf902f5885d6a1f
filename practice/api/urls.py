"""Practice endpoints under /api/v1/practice/ (included by quizsite/api/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("practice/due/", views.DueCards.as_view(), name="practice-due"),
    path("practice/reviews/", views.RateCard.as_view(), name="practice-rate"),
    path("practice/cards/<int:pk>/", views.CardDetail.as_view(), name="practice-card"),
    path("practice/stats/", views.Stats.as_view(), name="practice-stats"),
    path("practice/settings/", views.Settings.as_view(), name="practice-settings"),
    path("practice/export/", views.Export.as_view(), name="practice-export"),
]
