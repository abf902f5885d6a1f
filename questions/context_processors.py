from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .limits import ALL as LIMITS
from .models import Answer


def moderation(request: HttpRequest) -> dict:
    """The number of contributions waiting, counted only when a page shows it (moderators)."""
    return {"pending_count": SimpleLazyObject(lambda: Answer.objects.pending().count())}


def notifications(request: HttpRequest) -> dict:
    """The signed-in user's unread notifications, kept on their row: no query of its own."""
    user = request.user
    return {"unread_notifications": user.unread_notifications if user.is_authenticated else 0}


def limits(request: HttpRequest) -> dict:
    """Input limits for ``maxlength`` attributes, the same numbers the forms enforce."""
    return {"limits": LIMITS}
