"""Signed-in sessions end after a while without activity (settings.SESSION_IDLE_TIMEOUT)."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

LAST_ACTIVITY = "last_activity"
# Writing the session on every request would cost a query each time; a minute is precise enough.
ACTIVITY_PRECISION_SECONDS = 60


class SessionIdleTimeoutMiddleware:
    """Signs out a session that made no request for settings.SESSION_IDLE_TIMEOUT, so a
    computer left signed in (a library, a lab) does not stay signed in for two weeks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY)
            if not isinstance(last, int | float):
                request.session[LAST_ACTIVITY] = now
            elif now - last > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                logout(request)
                minutes = round(settings.SESSION_IDLE_TIMEOUT.total_seconds() / 60)
                messages.info(
                    request, f"You were logged out after {minutes} minutes without activity."
                )
            elif now - last >= ACTIVITY_PRECISION_SECONDS:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


@receiver(user_logged_in)
def _start_activity_clock(sender, request: HttpRequest | None, **kwargs) -> None:
    # Written with the login itself, so the next requests need no session write.
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = time.time()
