from django.utils.functional import SimpleLazyObject

from .models import Answer


def moderation(request):
    """The number of contributions waiting, counted only when a page shows it (moderators)."""
    return {"pending_count": SimpleLazyObject(lambda: Answer.objects.pending().count())}
