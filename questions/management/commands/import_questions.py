from django.core.management.base import BaseCommand, CommandError

from questions.importers.fixture import FIXTURE_PATH, render_bank_fixture


class Command(BaseCommand):
    help = (
        "Parse the seed documents in fixtures/sources/ and write fixtures/bank.json "
        "(load it with `manage.py loaddata bank`). With --check, only verify that the "
        "committed fixture matches what the parsers produce."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if bank.json is stale.")

    def handle(self, *args, check: bool, **options):
        fixture = render_bank_fixture()
        if check:
            if not FIXTURE_PATH.exists() or FIXTURE_PATH.read_text(encoding="utf-8") != fixture:
                raise CommandError("fixtures/bank.json is stale: run manage.py import_questions")
            self.stdout.write("fixtures/bank.json is up to date.")
            return
        FIXTURE_PATH.write_text(fixture, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {FIXTURE_PATH}"))
