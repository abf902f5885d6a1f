from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from practice.fitting import MIN_REVIEWS_TO_FIT, fit_parameters
from quizsite.errors import DomainError


class Command(BaseCommand):
    help = (
        "Fit a student's FSRS scheduler parameters to their own reviews with fsrs' optimizer "
        f"(needs PyTorch: pip install -r requirements-optimizer.txt, and at least "
        f"{MIN_REVIEWS_TO_FIT} reviews made a day or more after the card's previous one). "
        "Their scheduler uses the fitted parameters from then on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        try:
            preferences = fit_parameters(user=user, now=timezone.now())
        except DomainError as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(
            f"Fitted {len(preferences.parameters or [])} parameters to "
            f"{preferences.parameters_review_count} reviews of {username}."
        )
