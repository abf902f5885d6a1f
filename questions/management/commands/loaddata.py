from django.core.management.commands import loaddata
from django.db import transaction

from questions.models import Answer, Question, Source
from questions.services.bank_index import refresh_bank


class Command(loaddata.Command):
    help = (
        loaddata.Command.help
        + " Loading questions, answers or sources then refreshes the bank's order and search "
        "index once (fixture rows are saved raw, past the code that keeps them current)."
    )

    def handle(self, *fixture_labels, **options):
        with transaction.atomic(using=options["database"]):
            super().handle(*fixture_labels, **options)
            if self.models & {Question, Answer, Source}:
                refresh_bank()
