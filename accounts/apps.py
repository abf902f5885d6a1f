from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        # Signal receivers: the per-address count of failed logins, the session activity clock.
        from . import lockout, sessions  # noqa: F401
