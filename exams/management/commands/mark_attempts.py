from django.core.management.base import BaseCommand
from django.utils import timezone

from exams.services import mark_unmarked_attempts


class Command(BaseCommand):
    help = (
        "Give the marking assistant's mark to every closed attempt that has an unmarked answer "
        "(taken before the assistant existed, or whose marking task was lost), so history stays "
        "comparable. Students' own ratings are kept; a blank answer's rating is capped at 1. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        count = mark_unmarked_attempts(now=timezone.now())
        self.stdout.write(f"Marked {count} attempt{'s' if count != 1 else ''}.")
