"""Mail sent off the request, by the task worker (settings.TASKS)."""

from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task

RESET_EMAIL_TEMPLATE = "accounts/password_reset_email.txt"
RESET_SUBJECT_TEMPLATE = "accounts/password_reset_subject.txt"


@task()
def send_password_reset_email(*, email: str, domain: str, use_https: bool) -> None:
    """Django's reset mail, with a fresh link, to each active account using ``email``.

    The link is made here, in the worker, so it is never stored with the queued task.
    """
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            email_template_name=RESET_EMAIL_TEMPLATE,
            subject_template_name=RESET_SUBJECT_TEMPLATE,
        )
