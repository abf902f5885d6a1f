from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from questions.importers.fixture import FIXTURES_DIR
from questions.services.imports import apply_import


class Command(BaseCommand):
    help = (
        "Bring this site's bank up to date with fixtures/bank.json (written by import_questions) "
        "without undoing anyone's work: imported questions, choices and answers are updated in "
        "place, matched by source and position; contributions, answers replaced by an approved "
        "improvement and keys set by moderators stay as they are. Then run `manage.py loaddata "
        "exams` for the ready-made exams. With --dry-run, only report what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Change nothing; report.")

    def handle(self, *args, dry_run: bool, **options):
        fixture = (FIXTURES_DIR / "bank.json").read_text(encoding="utf-8")
        with transaction.atomic():
            report = apply_import(fixture, now=timezone.now())
            if dry_run:
                transaction.set_rollback(True)
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS("The bank is up to date with the import."))
