from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("practice/", views.practice_page, name="practice"),
    path("practice/rate/", views.rate, name="rate"),
    path("practice/cards/<int:pk>/", views.card_page, name="card"),
    path("practice/settings/", views.settings_page, name="settings"),
    path("practice/export/", views.export, name="export"),
]
