from django.core.management.base import BaseCommand

from exams.model_answers import embed_all_answers, embedder


class Command(BaseCommand):
    help = (
        "Store the embedding of every approved model answer that has none, or one made from an "
        "older body or by another model, for the marking assistant. Run after loading fixtures "
        "(seed_bank does). Does nothing without the optional model (requirements-marking.txt)."
    )

    def handle(self, *args, **options):
        if embedder() is None:
            self.stdout.write("The meaning model is not installed or is off: nothing to do.")
            return
        count = embed_all_answers()
        self.stdout.write(f"Embedded {count} model answer{'s' if count != 1 else ''}.")
