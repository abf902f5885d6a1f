from django.core.management import call_command
from django.core.management.base import BaseCommand

from questions.models import Question


class Command(BaseCommand):
    help = (
        "Load the question bank and the ready-made exams (fixtures bank and exams) into a site "
        "that has no question yet; otherwise do nothing. Safe at every start: it never "
        "overwrites what moderators and students changed since. To apply a new import to a "
        "live site on purpose, run `manage.py loaddata bank exams`."
    )

    def handle(self, *args, **options):
        if Question.objects.exists():
            self.stdout.write("The question bank is already loaded: nothing to load.")
        else:
            call_command("loaddata", "bank", "exams", verbosity=0)
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {Question.objects.count()} questions and the exams.")
            )
        # Fixtures bypass Answer.save(): store the marking assistant's missing embeddings now
        # (nothing to do when all are current, or without the optional model).
        call_command("embed_answers", verbosity=0)
