"""Contributions and their moderation: what a user may propose and what a decision does.

A contribution is an ``Answer`` with an author that starts pending. Approving publishes it at
once (and, for an improvement, retires the answer it replaces; for a key, marks the choices);
rejecting keeps it out of sight with the moderator's reason. A contribution is decided exactly
once, by a moderator other than its author; every decision is written to the moderation log and
tells the author (a notification, and an email sent by the task worker).
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from accounts.models import User
from questions.limits import MAX_BODY_LENGTH, MAX_REASON_LENGTH
from questions.models import Answer, Choice, ModerationLogEntry, Question, Skip
from questions.services.bank_index import refresh_search
from questions.services.notifications import notify_author
from quizsite.errors import DomainError

ONE_CORRECT_CHOICE = {Question.Kind.TRUE_FALSE, Question.Kind.SINGLE_CHOICE}


class ContributionError(DomainError):
    """The proposal or the decision's input breaks a rule: the request has to change."""

    status_code = 400


class ModerationError(DomainError):
    """The contribution's state forbids the decision, such as one already decided."""

    status_code = 409


class NotAModerator(DomainError):
    status_code = 403


class OwnContribution(DomainError):
    """Nobody decides their own contribution: another moderator must."""

    status_code = 403


# Ready-made reasons a moderator picks, then edits, when rejecting (the form fills them in).
REJECTION_REASONS = {
    "duplicate": "Duplicate: a published answer already says this.",
    "incorrect": "Incorrect: this does not match what the course material says.",
    "incomplete": "Incomplete: it leaves out part of what the question asks.",
    "off-topic": "Off-topic: it does not answer this question.",
    "formatting": "Formatting: the Markdown or the math does not display well; please fix it "
    "and propose it again.",
}


def submit_contribution(
    *,
    question: Question,
    author: User,
    body: str,
    replaces: Answer | None = None,
    choice_ids: Iterable[int] | None = None,
) -> Answer:
    """Record a pending answer, improvement or key proposal; nobody sees it until approved."""
    body = _clean_body(body)
    if replaces is not None and (
        replaces.question_id != question.pk
        or not Answer.objects.approved().filter(pk=replaces.pk).exists()
    ):
        raise ContributionError("An improvement must name a published answer of the same question.")
    choices = _proposed_choices(question, choice_ids)
    with transaction.atomic():
        contribution = Answer.objects.create(
            question=question,
            author=author,
            body=body,
            status=Answer.Status.PENDING,
            replaces=replaces,
        )
        contribution.proposed_choices.set(choices)
    return contribution


def approve_contribution(
    *,
    contribution: Answer,
    moderator: User,
    body: str | None = None,
    now: datetime | None = None,
) -> Answer:
    """Publish a pending contribution, optionally with an edited body, exactly once."""
    _check_moderator(moderator, contribution)
    if body is not None:
        body = _clean_body(body)
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock_pending(contribution)
        before = _snapshot(locked)
        if body is not None:
            locked.body = body
        if locked.replaces_id is not None:
            replaced = Answer.objects.select_for_update().get(pk=locked.replaces_id)
            if replaced.status != Answer.Status.APPROVED or replaced.superseded_by_id:
                raise ModerationError(
                    "The answer this improvement would replace is no longer the published "
                    "answer; reject the improvement or propose it again.",
                    data=_conflict_data(locked),
                )
        key = [choice.pk for choice in locked.proposed_choices.all()]
        if key:
            locked.question.choices.update(
                is_correct=Case(When(pk__in=key, then=Value(True)), default=Value(False))
            )
        decided_at = _decide(locked, Answer.Status.APPROVED, moderator=moderator, now=now)
        if locked.replaces_id is not None:
            Answer.objects.filter(pk=locked.replaces_id).update(
                superseded_by=locked, updated_at=now
            )
            # update() passes by Answer.save(): take the retired answer out of search here.
            refresh_search([locked.question_id])
        # A new answer, a replaced one or a new key: clients that sync fetch the question again.
        Question.objects.filter(pk=locked.question_id).touch(at=now)
        _log(locked, ModerationLogEntry.Action.APPROVE, moderator, before=before)
        notify_author(contribution=locked, action=ModerationLogEntry.Action.APPROVE, now=decided_at)
    return locked


def reject_contribution(
    *, contribution: Answer, moderator: User, reason: str, now: datetime | None = None
) -> Answer:
    """Refuse a pending contribution with a reason its author will read, exactly once."""
    _check_moderator(moderator, contribution)
    reason = (reason or "").strip()
    if not reason:
        raise ContributionError("Give a reason: the author will read it.")
    if len(reason) > MAX_REASON_LENGTH:
        raise ContributionError(f"The reason is too long: {MAX_REASON_LENGTH} characters at most.")
    _check_text(reason, "The reason")
    with transaction.atomic():
        locked = _lock_pending(contribution)
        before = _snapshot(locked)
        locked.reason = reason
        decided_at = _decide(locked, Answer.Status.REJECTED, moderator=moderator, now=now)
        _log(locked, ModerationLogEntry.Action.REJECT, moderator, before=before)
        notify_author(contribution=locked, action=ModerationLogEntry.Action.REJECT, now=decided_at)
    return locked


def skip_contribution(
    *, contribution: Answer, moderator: User, now: datetime | None = None
) -> Skip:
    """Put a pending contribution aside for this moderator: it moves to the end of their queue
    (skipping it again moves it to the end again). Other moderators' queues are unchanged."""
    _check_moderator(moderator)
    if contribution.status != Answer.Status.PENDING:
        raise ModerationError(
            f"This contribution was already {contribution.get_status_display().lower()}.",
            data=_conflict_data(contribution),
        )
    skip, _ = Skip.objects.update_or_create(
        moderator=moderator, answer=contribution, defaults={"skipped_at": now or timezone.now()}
    )
    return skip


def contribution_state(contribution: Answer) -> dict:
    """The contribution as a moderator last left it, for a refusal's message."""
    return {
        "id": contribution.pk,
        "status": contribution.status,
        "body": contribution.body,
        "decided_by": contribution.decided_by.get_username() if contribution.decided_by else None,
        "decided_at": contribution.decided_at.isoformat() if contribution.decided_at else None,
        "reason": contribution.reason,
    }


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ContributionError("The answer is empty: write it in Markdown.")
    if len(body) > MAX_BODY_LENGTH:
        raise ContributionError(
            f"The answer is too long: {MAX_BODY_LENGTH:,} characters at most, "
            f"this one has {len(body):,}."
        )
    _check_text(body, "The answer")
    return body


def _check_text(text: str, what: str) -> None:
    # PostgreSQL cannot store NUL in text; refuse it here rather than fail on save.
    if "\x00" in text:
        raise ContributionError(f"{what} contains a NUL character.")


def _proposed_choices(question: Question, choice_ids: Iterable[int] | None) -> list[Choice]:
    ids = set(choice_ids or ())
    if question.kind == Question.Kind.OPEN:
        if ids:
            raise ContributionError("An open question has no choices to mark as correct.")
        return []
    if not ids:
        raise ContributionError(
            "Name the correct choice(s): for this question a contribution proposes the key "
            "and explains it."
        )
    choices = list(question.choices.filter(pk__in=ids))
    unknown = sorted(ids - {choice.pk for choice in choices})
    if unknown:
        listed = ", ".join(str(pk) for pk in unknown)
        raise ContributionError(f"These are not choices of this question: {listed}.")
    if question.kind in ONE_CORRECT_CHOICE and len(choices) != 1:
        raise ContributionError("This question has exactly one correct choice: name one.")
    return choices


def _check_moderator(user: User, contribution: Answer | None = None) -> None:
    if not (user.is_active and user.is_moderator):
        raise NotAModerator("Only moderators decide contributions.")
    if contribution is not None and contribution.author_id == user.pk:
        raise OwnContribution("This is your own contribution: another moderator must decide it.")


def _lock_pending(contribution: Answer) -> Answer:
    """The contribution, locked until the transaction ends; refused unless still pending."""
    # No joins: after waiting for another decision, the row is read again as it now is.
    locked = Answer.objects.select_for_update().get(pk=contribution.pk)
    if locked.status != Answer.Status.PENDING:
        raise ModerationError(
            f"This contribution was already {locked.get_status_display().lower()}.",
            data=_conflict_data(locked),
        )
    return locked


def _conflict_data(contribution: Answer) -> dict:
    return {"contribution": contribution_state(contribution)}


def _decide(
    contribution: Answer, status: str, *, moderator: User, now: datetime | None
) -> datetime:
    """Record the decision; return its time."""
    decided_at = now or timezone.now()
    contribution.status = status
    contribution.decided_by = moderator
    contribution.decided_at = decided_at
    contribution.save()
    return decided_at


def _snapshot(contribution: Answer) -> dict:
    """What a decision may change: the body, the status and the question's key."""
    key = contribution.question.choices.filter(is_correct=True).values_list("pk", flat=True)
    return {
        "status": contribution.status,
        "body": contribution.body,
        "key": sorted(key),
        "replaces": contribution.replaces_id,
    }


def _log(contribution: Answer, action: str, moderator: User, *, before: dict) -> None:
    ModerationLogEntry.objects.create(
        answer=contribution,
        moderator=moderator,
        action=action,
        reason=contribution.reason,
        before=before,
        after=_snapshot(contribution),
    )
