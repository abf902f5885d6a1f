from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from quizsite.errors import DomainError


def exception_handler(exc, context):
    """DRF's handler, plus one JSON shape for the domain's refusals: {"detail": …, **data}."""
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message, **exc.data}, status=exc.status_code)
    return drf_exception_handler(exc, context)
