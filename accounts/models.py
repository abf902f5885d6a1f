from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The site's user. Custom from the first migration so fields can be added later."""

    @property
    def is_moderator(self) -> bool:
        return self.has_perm("questions.moderate_answer")
