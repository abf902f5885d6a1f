"""Password guessing across many usernames from one address.

django-axes locks one username from one address after a few wrong passwords (see settings), which
does nothing against one password tried on many usernames. This counts every failed login from an
address, whatever the username, in a fixed window; past settings.LOGIN_ADDRESS_FAILURE_LIMIT the
address may not try any password (not even a right one) until the window ends. The budget is far
above what a class behind one address mistypes, so they keep logging in.
"""

from typing import cast

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from quizsite.throttles import count_in_window, peek_in_window


def client_address(request: HttpRequest) -> str:
    """The client's address as the API throttles see it: X-Forwarded-For is trusted only from
    the number of proxies in REST_FRAMEWORK["NUM_PROXIES"], so a client cannot pick its own."""
    return BaseThrottle().get_ident(cast(Request, request))  # it reads only request.META


def _name(request: HttpRequest) -> str:
    return f"login-failures:{client_address(request)}"


def _window_seconds() -> int:
    return int(settings.LOGIN_ADDRESS_WINDOW.total_seconds())


def address_locked_for(request: HttpRequest) -> int | None:
    """Seconds until this request's address may try a password again; None if it may now."""
    failures, remaining = peek_in_window(_name(request), _window_seconds())
    return remaining if failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT else None


@receiver(user_login_failed)
def count_failure(sender, credentials, request: HttpRequest | None = None, **kwargs) -> None:
    if request is not None:
        count_in_window(_name(request), _window_seconds())
