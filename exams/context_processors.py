from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import open_attempts


def open_attempt_banner(request: HttpRequest) -> dict:
    """The signed-in user's running attempts, looked up only when a page shows them."""
    user = request.user
    if not user.is_authenticated:
        return {"open_attempts": []}
    return {"open_attempts": SimpleLazyObject(lambda: open_attempts(user))}
