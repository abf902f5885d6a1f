"""The moderator command (grant, revoke) and the demo users for local development."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.models import User

# As a migrated database has it, even after a test with real commits flushed the database.
pytestmark = pytest.mark.usefixtures("moderators_group")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def fresh(user) -> User:
    """The user read again: permissions are cached on an instance."""
    return User.objects.get(pk=user.pk)


def test_granting_makes_a_user_a_moderator(student):
    assert run("moderator", "grant", "student") == "student is a moderator.\n"
    assert fresh(student).is_moderator


def test_granting_twice_changes_nothing(moderator):
    run("moderator", "grant", "moderator")
    assert fresh(moderator).is_moderator
    assert moderator.groups.count() == 1


def test_revoking_takes_the_role_away(moderator):
    assert run("moderator", "revoke", "moderator") == "moderator is no longer a moderator.\n"
    assert not fresh(moderator).is_moderator


def test_revoking_warns_when_the_user_can_still_moderate_as_a_superuser(db):
    User.objects.create_superuser("root", "root@example.com", "a-long-passphrase")
    assert "can still moderate" in run("moderator", "revoke", "root")


def test_an_unknown_username_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No user is named 'ghost'"):
        run("moderator", "grant", "ghost")


def test_an_unknown_action_is_refused(student):
    with pytest.raises(CommandError, match="invalid choice: 'promote'"):
        run("moderator", "promote", "student")


def test_demo_users_are_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        run("create_demo_users")
    assert not User.objects.filter(username__startswith="demo-").exists()


def test_demo_users_are_a_student_and_a_moderator_with_printed_logins(db, settings):
    settings.DEBUG = True
    out = run("create_demo_users")
    assert "demo-student / quizsite-demo" in out and "demo-moderator / quizsite-demo" in out
    student = User.objects.get(username="demo-student")
    moderator = User.objects.get(username="demo-moderator")
    assert student.check_password("quizsite-demo") and not student.is_moderator
    assert moderator.check_password("quizsite-demo") and moderator.is_moderator
    assert not (student.is_staff or moderator.is_staff)


def test_creating_demo_users_again_changes_nothing(db, settings):
    settings.DEBUG = True
    run("create_demo_users")
    run("create_demo_users")
    assert User.objects.filter(username__startswith="demo-").count() == 2
    moderators = Group.objects.get(name="Moderators").user_set
    assert list(moderators.values_list("username", flat=True)) == ["demo-moderator"]
