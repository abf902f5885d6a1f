"""Request types for views that only signed-in users reach (login_required, IsAuthenticated).

Annotating ``request`` with these tells the type checker that ``request.user`` is a ``User``,
not an ``AnonymousUser``; the decorators and permission classes are what make it true.
"""

from django.http import HttpRequest
from rest_framework.request import Request

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class AuthenticatedRequest(Request):
    user: User
