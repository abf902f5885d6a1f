from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import open_attempt


def open_attempt_banner(request: HttpRequest) -> dict:
    """The signed-in user's running attempt, looked up only when a page shows it."""
    user = request.user
    if not user.is_authenticated:
        return {"open_attempt": None}
    return {"open_attempt": SimpleLazyObject(lambda: open_attempt(user))}
