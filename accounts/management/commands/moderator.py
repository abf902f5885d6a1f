from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User

# Created with its permissions by the data migration questions/0002_moderators_group.
MODERATORS = "Moderators"


def moderators_group() -> Group:
    try:
        return Group.objects.get(name=MODERATORS)
    except Group.DoesNotExist:
        raise CommandError(
            f"The {MODERATORS} group does not exist: run `python manage.py migrate` first."
        ) from None


class Command(BaseCommand):
    help = (
        "Grant or revoke the moderator role, which approves and rejects contributed answers: "
        f"adds the user to the {MODERATORS} group or removes them from it. "
        "Usage: moderator grant <username> | moderator revoke <username>."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke"])
        parser.add_argument("username")

    def handle(self, *args, action, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user is named {username!r}.") from None
        group = moderators_group()
        if action == "grant":
            user.groups.add(group)
            self.stdout.write(f"{username} is a moderator.")
            return
        user.groups.remove(group)
        # A fresh instance: permissions are cached on the one whose groups just changed.
        if User.objects.get(pk=user.pk).is_moderator:
            self.stderr.write(
                f"{username} left the {MODERATORS} group but can still moderate "
                "(a superuser, or the permission given another way)."
            )
        else:
            self.stdout.write(f"{username} is no longer a moderator.")
