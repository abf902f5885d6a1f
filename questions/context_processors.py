from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .limits import ALL as LIMITS
from .models import Answer, Notification


def moderation(request: HttpRequest) -> dict:
    """The number of contributions waiting, counted only when a page shows it (moderators)."""
    return {"pending_count": SimpleLazyObject(lambda: Answer.objects.pending().count())}


def notifications(request: HttpRequest) -> dict:
    """The signed-in user's unread notifications, counted only when a page shows them."""
    user = request.user
    if not user.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user).unread().count()
        )
    }


def limits(request: HttpRequest) -> dict:
    """Input limits for ``maxlength`` attributes, the same numbers the forms enforce."""
    return {"limits": LIMITS}
