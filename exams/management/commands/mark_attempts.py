from django.core.management.base import BaseCommand

from exams.services import mark_unmarked_attempts


class Command(BaseCommand):
    help = (
        "Give the marking assistant's mark to every closed attempt that has an unmarked answer "
        "(attempts taken before the assistant existed), so history stays comparable. Students' "
        "own ratings are kept; a blank answer's rating is capped at 1. Safe to run again."
    )

    def handle(self, *args, **options):
        count = mark_unmarked_attempts()
        self.stdout.write(f"Marked {count} attempt{'s' if count != 1 else ''}.")
