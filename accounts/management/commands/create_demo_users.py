from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User

from .moderator import moderators_group

# Development only, and documented in the README: the command refuses to run with DEBUG off.
DEMO_PASSWORD = "quizsite-demo"
DEMO_STUDENT = "demo-student"
DEMO_MODERATOR = "demo-moderator"


class Command(BaseCommand):
    help = (
        f"For local development only (refuses to run when DEBUG is off): create {DEMO_STUDENT} "
        f"and {DEMO_MODERATOR}, both with the password {DEMO_PASSWORD!r}, and print their "
        "logins. Running it again resets them to that state."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo users with a published password: DEBUG is off."
            )
        group = moderators_group()
        student = self._demo_user(DEMO_STUDENT)
        student.groups.remove(group)
        self._demo_user(DEMO_MODERATOR).groups.add(group)
        self.stdout.write("Demo logins, for this development site only:")
        self.stdout.write(f"  student:   {DEMO_STUDENT} / {DEMO_PASSWORD}")
        self.stdout.write(f"  moderator: {DEMO_MODERATOR} / {DEMO_PASSWORD}")

    def _demo_user(self, username: str) -> User:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
        return user
