"""The practice pages. The practice page rates cards through the JSON endpoints in practice/api;
without JavaScript its forms post here."""

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from quizsite.errors import DomainError
from quizsite.requests import AuthenticatedHttpRequest

from . import selectors, services
from .exporting import render_export
from .forms import ExportForm, PracticeSettingsForm, RatingForm, ScopeForm
from .models import PracticeSettings
from .scheduling import RATING_LABELS

#: Read by static/js/recall.js on question pages, which are the same HTML for everyone.
RECALL_COOKIE = "quizsite_recall"
RECALL_COOKIE_AGE = 365 * 24 * 3600
#: New cards offered beyond the day's allowance when nothing is left to practise.
MORE_NEW_CARDS = 10


def sync_recall_cookie(response: HttpResponse, preferences: PracticeSettings) -> HttpResponse:
    """Tell this browser whether to hide answers on question pages (the student's setting)."""
    if preferences.recall_mode:
        response.set_cookie(RECALL_COOKIE, "1", max_age=RECALL_COOKIE_AGE, samesite="Lax")
    else:
        response.delete_cookie(RECALL_COOKIE, samesite="Lax")
    return response


def _scope_from(request: AuthenticatedHttpRequest, data) -> tuple[ScopeForm, selectors.Scope]:
    form = ScopeForm(data)
    if not form.is_valid():
        return form, selectors.Scope()
    cleaned = form.cleaned_data
    return form, selectors.resolve_scope(
        request.user, topic=cleaned["topic"], source=cleaned["source"], weak=cleaned["weak"]
    )


def _practice_url(scope: selectors.Scope, **params: int) -> str:
    query = "&".join(part for part in (scope.query_string(), urlencode(params)) if part)
    return reverse("practice:practice") + (f"?{query}" if query else "")


@login_required
def practice_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, scope = _scope_from(request, request.GET)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    session = selectors.practice_session(
        user=request.user,
        scope=scope,
        now=timezone.now(),
        extra_new=cleaned.get("extra") or 0,
        first_question_id=cleaned.get("question"),
    )
    response = render(
        request,
        "practice/practice.html",
        {
            "session": session,
            "scope_form": form,
            "export_form": ExportForm(
                initial={
                    "what": "topic" if scope.topic else "source" if scope.source else "due",
                    "topic": scope.topic.slug if scope.topic else None,
                    "source": scope.source.slug if scope.source else None,
                }
            ),
            "ratings": RATING_LABELS.items(),
            "more_new_url": _practice_url(scope, extra=MORE_NEW_CARDS),
        },
    )
    return sync_recall_cookie(response, session.preferences)


@login_required
@require_POST
def rate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A rating sent by the practice page's form when JavaScript is off."""
    _, scope = _scope_from(request, request.POST)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pick how well you knew it, from 1 to 5.")
        return redirect(_practice_url(scope))
    try:
        services.rate_card(
            user=request.user,
            question_id=form.cleaned_data["question"],
            rating=form.cleaned_data["rating"],
            duration_ms=form.cleaned_data["duration_ms"],
            now=timezone.now(),
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
    return redirect(_practice_url(scope))


@login_required
def card_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    card = selectors.own_card(request.user, pk)
    return render(
        request,
        "practice/card.html",
        {"card": card, "reviews": selectors.card_reviews(card), "ratings": RATING_LABELS},
    )


@login_required
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    preferences = PracticeSettings.objects.for_user(request.user)
    form = PracticeSettingsForm(request.POST or None, instance=preferences)
    if request.method == "POST" and form.is_valid():
        preferences = services.update_settings(user=request.user, **form.cleaned_data)
        messages.success(request, "Your practice settings are saved.")
        return sync_recall_cookie(redirect("practice:settings"), preferences)
    stats = selectors.practice_stats(user=request.user, now=timezone.now())
    response = render(
        request,
        "practice/settings.html",
        {"form": form, "stats": stats, "preferences": preferences},
    )
    return sync_recall_cookie(response, preferences)


@login_required
@require_GET
def export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("practice:practice")
    data = form.cleaned_data
    chosen = selectors.export_for(
        user=request.user,
        topic=data["topic"] if data["what"] == "topic" else None,
        source=data["source"] if data["what"] == "source" else None,
        now=timezone.now(),
    )
    try:
        content, content_type, filename = render_export(
            chosen, data["filetype"], base_url=request.build_absolute_uri("/").rstrip("/")
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("practice:practice")
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type
    )
