"""Reads that several screens share, beyond one QuerySet method."""

from .models import CONTRIBUTION_KINDS, Answer, Topic


def queue_counts(*, kind: str | None, topic: Topic | None) -> dict:
    """The counts beside the review queue's filters, in two queries: per kind within the chosen
    topic (and their total), per topic within the chosen kind."""
    pending = Answer.objects.pending()
    by_kind = (pending.in_topic(topic) if topic else pending).count_by_kind()
    return {
        "all": sum(by_kind.values()),
        "kinds": [(value, label, by_kind[value]) for value, label in CONTRIBUTION_KINDS],
        "topics": (pending.of_kind(kind) if kind else pending).count_by_topic(),
    }
