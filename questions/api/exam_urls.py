"""Exam endpoints under /api/v1/ (included by questions/api/urls.py)."""

urlpatterns = []
