from django.core.management.base import BaseCommand

from questions.caching import bank_changed
from questions.models import Question
from questions.services.bank_index import refresh_bank


class Command(BaseCommand):
    help = (
        "Recompute what the bank's lists and search derive from its rows: the bank order, each "
        "question's published answers and search vector, the vocabulary of suggestions. Saving "
        "through the site and loaddata do this by themselves; run it after bulk writes "
        "(bulk_create, update(), SQL)."
    )

    def handle(self, *args, **options):
        refresh_bank()
        bank_changed()  # bulk writes send no signal: cached pages still show the old bank
        self.stdout.write(self.style.SUCCESS(f"Refreshed {Question.objects.count()} questions."))
