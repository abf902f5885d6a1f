from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .limits import ALL as LIMITS
from .models import Answer


def moderation(request: HttpRequest) -> dict:
    """The number of contributions waiting, counted only when a page shows it (moderators)."""
    return {"pending_count": SimpleLazyObject(lambda: Answer.objects.pending().count())}


def limits(request: HttpRequest) -> dict:
    """Input limits for ``maxlength`` attributes, the same numbers the forms enforce."""
    return {"limits": LIMITS}
