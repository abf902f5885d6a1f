from django.core.management.base import BaseCommand, CommandError

from questions.importers.fixture import render_fixtures


class Command(BaseCommand):
    help = (
        "Parse the seed documents in fixtures/sources/ and write fixtures/bank.json and "
        "fixtures/exams.json (load them with `manage.py loaddata bank exams`). With --check, "
        "only verify that the committed fixtures match what the parsers produce."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if a fixture is stale.")

    def handle(self, *args, check: bool, **options):
        for path, content in render_fixtures().items():
            if not check:
                path.write_text(content, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"Wrote {path.name}"))
            elif not path.exists() or path.read_text(encoding="utf-8") != content:
                raise CommandError(f"{path.name} is stale: run manage.py import_questions")
            else:
                self.stdout.write(f"{path.name} is up to date.")
