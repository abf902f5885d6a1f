from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The site's user. Custom from the first migration so fields can be added later."""

    email_on_decision = models.BooleanField(
        "Email me when a moderator decides one of my contributions",
        default=True,
        help_text="With the moderator's reason. The site's notifications list them either way.",
    )
    unread_notifications = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="The navigation's count, kept by questions.services.notifications so that it "
        "comes with the user's row instead of a query on every page.",
    )

    @property
    def is_moderator(self) -> bool:
        return self.has_perm("questions.moderate_answer")

    def save(self, *args, **kwargs):
        """Saving a new password (a change, a reset, the admin, ``changepassword``) revokes every
        API token: a key must not outlive the password that let someone create it."""
        # AbstractBaseUser keeps a newly set password in _password until the next save.
        password_changed = getattr(self, "_password", None) is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            ApiToken.objects.filter(user=self).delete()


class ApiToken(models.Model):
    """A named key an API client sends as ``Authorization: Token <key>``.

    Only the key's SHA-256 is stored: the key itself is shown once, when the token is created.
    The prefix (its first characters) lets a user tell their tokens apart.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
