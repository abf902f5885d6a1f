import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm

from quizsite.throttles import count_in_window

from .models import ApiToken, User
from .tasks import send_password_reset_email

logger = logging.getLogger(__name__)


class SignUpForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class EmailSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_on_decision"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="Where the key will be used, e.g. “laptop” or “CI”.",
    )


class QueuedPasswordResetForm(auth_forms.PasswordResetForm):
    """Asks the task worker to send the reset mail, at most
    settings.PASSWORD_RESET_EMAILS_PER_HOUR times an hour to one address, whoever asks.

    The page answers the same either way, so it tells nobody whether an address has an account
    or was already sent mail.
    """

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Called by PasswordResetView with keyword arguments only."""
        email = self.cleaned_data["email"]
        sent, _ = count_in_window(f"password-reset:{email.strip().lower()}", 60 * 60)
        if sent > settings.PASSWORD_RESET_EMAILS_PER_HOUR:
            logger.warning("Password reset mail not sent: too many asked for one address.")
            return
        request = kwargs["request"]
        send_password_reset_email.enqueue(
            email=email,
            domain=kwargs.get("domain_override") or request.get_host(),
            use_https=kwargs.get("use_https", False),
        )
