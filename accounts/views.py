from datetime import timedelta

from axes.helpers import get_cool_off
from axes.utils import reset as reset_lockouts
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from exams.selectors import attempt_summary
from questions.models import Answer

from . import lockout, tokens
from .forms import ApiTokenForm, EmailSettingsForm, SignUpForm
from .models import ApiToken

PROFILE_CONTRIBUTIONS = 20


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request):
    return _render_profile(request, ApiTokenForm())


@login_required
@require_POST
def email_settings(request):
    form = EmailSettingsForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        if form.cleaned_data["email_on_decision"]:
            messages.success(request, "Saved: moderators’ decisions will be emailed to you.")
        else:
            messages.success(request, "Saved: no more emails about moderators’ decisions.")
    return redirect(reverse("accounts:profile") + "#email-settings")


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _render_profile(request, form)
    token, key = tokens.create_token(user=request.user, name=form.cleaned_data["name"])
    # The key is on this page only: not in the session, not in a redirect, not in any cache.
    response = _render_profile(request, ApiTokenForm(), new_token=token, new_key=key)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(token=token)
    messages.success(request, f"The token “{token.name}” was revoked: its key no longer works.")
    return redirect("accounts:profile")


def _render_profile(request, token_form, **extra):
    user = request.user
    contributions = Answer.objects.contributed_by(user)
    context = {
        "attempts": attempt_summary(user),
        "contributions": contributions[:PROFILE_CONTRIBUTIONS],
        "contribution_count": contributions.count(),
        "api_tokens": user.api_tokens.all(),
        "token_form": token_form,
        "email_form": EmailSettingsForm(instance=user),
        **extra,
    }
    return render(request, "accounts/profile.html", context)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        # Whoever proved they own the address may log in again at once, even if guesses by
        # someone else (or their own forgotten passwords) locked the account out somewhere.
        reset_lockouts(username=form.user.get_username())
        return super().form_valid(form)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        # Checked before any password: a locked address learns nothing, even from a right one.
        wait = lockout.address_locked_for(request)
        if wait is not None:
            return _locked_out_page(request, timedelta(seconds=wait), whole_address=True)
        return super().post(request, *args, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' response when a username and address pair is locked out (see settings)."""
    return _locked_out_page(request, get_cool_off(request), whole_address=False)


def _locked_out_page(request, cool_off: timedelta | None, *, whole_address: bool):
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    context = {"retry_minutes": minutes, "whole_address": whole_address}
    response = render(request, "accounts/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
