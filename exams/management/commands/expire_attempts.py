from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import ngettext

from exams.services import expire_overdue_attempts


class Command(BaseCommand):
    help = (
        "Close and grade every exam attempt still open after its deadline and grace period. "
        "Safe to run as often as you like (for example every minute from cron)."
    )

    def handle(self, *args, **options):
        closed = expire_overdue_attempts(now=timezone.now())
        self.stdout.write(
            ngettext("Closed %(n)d overdue attempt.", "Closed %(n)d overdue attempts.", closed)
            % {"n": closed}
        )
