"""A Python client generated from the live schema works as generated, on a real server.

openapi-python-client (pinned in requirements-dev.txt) generates a package from /api/schema/
with the repository's configuration (quizsite/api/openapi-python-client.yaml) and no warning; every
module imports; then a client developer's journey runs through it: pull the bank, sync it,
take an exam, contribute, moderate. No line of the generated code is edited.
"""

import importlib
import pkgutil
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import User
from accounts.tokens import create_token
from questions.models import Question
from tests.factories import make_contribution, make_exam, make_question
from tests.schema_conformance import schema

pytestmark = pytest.mark.django_db(transaction=True)

CONFIG = Path(settings.BASE_DIR) / "quizsite" / "api" / "openapi-python-client.yaml"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "quizsite_client"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def generated(live_server, tmp_path, monkeypatch):
    """The generated package, imported from a temporary directory (and forgotten after)."""
    url = f"{live_server.url.replace('://localhost:', '://127.0.0.1:')}/api/schema/?format=json"
    run = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--url",
            url,
            "--meta",
            "none",
            "--config",
            str(CONFIG),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def api(generated, operation: str):
    """An operation module of the generated client, e.g. api(c, "bank.v1_questions_list")."""
    return importlib.import_module(f"{PACKAGE}.api.{operation}")


def test_every_generated_module_imports(generated):
    names = [
        module.name for module in pkgutil.walk_packages(generated.__path__, prefix=f"{PACKAGE}.")
    ]
    for name in names:
        importlib.import_module(name)
    operations = {name.rsplit(".", 1)[1] for name in names if name.count(".") == 3}
    documented = {
        operation["operationId"]
        for path in schema()["paths"].values()
        for operation in path.values()
    }
    assert operations == documented


def test_a_client_developers_journey_through_the_generated_client(
    generated, live_server, moderators_group
):
    with ExitStack() as open_clients:
        journey(generated, live_server.url, moderators_group, open_clients.enter_context)


def journey(generated, base_url: str, moderators_group, opened) -> None:
    """Each client is closed at the end (``opened``): an idle keep-alive connection would hold
    a live server thread, and its database connection, past the test."""
    from_client = importlib.import_module(f"{PACKAGE}.client")
    models = importlib.import_module(f"{PACKAGE}.models")

    User.objects.create_user("student", password=PASSWORD)
    moderator = User.objects.create_user("moderator", password=PASSWORD)
    moderator.groups.add(moderators_group)
    questions = [make_question(text=f"Question {n}?", answer=f"Answer {n}.") for n in range(6)]
    # Unanswered, so no exam draws it: it will be deleted.
    questions.append(make_question(text="A question to withdraw?"))
    exam = make_exam(title="Quick quiz", question_count=3)

    # Sign in: the key comes back once; the generated client sends it as a bearer token.
    anonymous = opened(from_client.Client(base_url=base_url))
    issued = api(generated, "auth.v1_auth_token_create").sync(
        client=anonymous,
        body=models.TokenRequestRequest(username="student", password=PASSWORD, name="journey"),
    )
    assert isinstance(issued, models.NewToken), issued
    me = opened(from_client.AuthenticatedClient(base_url=base_url, token=issued.token))
    refused = api(generated, "auth.v1_auth_token_create").sync(
        client=anonymous,
        body=models.TokenRequestRequest(username="student", password="wrong"),
    )
    assert isinstance(refused, models.ValidationProblem)
    assert refused.errors[0].field is None and "Unable to sign in" in refused.detail

    # Pull the whole bank, a page at a time, then ask for what changed: nothing yet.
    pulled, page = [], 1
    while True:
        listing = api(generated, "bank.v1_questions_list").sync_detailed(
            client=me, page=page, page_size=3
        )
        pulled += [question.id for question in listing.parsed.results]
        if listing.parsed.next_ is None:
            break
        page += 1
    assert sorted(pulled) == sorted(question.pk for question in questions)
    first_page = api(generated, "bank.v1_questions_list").sync_detailed(client=me)
    pulled_at = max(question.updated_at for question in first_page.parsed.results)
    unchanged = api(generated, "bank.v1_questions_list").sync_detailed(
        client=me, if_none_match=first_page.headers["ETag"]
    )
    assert unchanged.status_code == 304 and unchanged.parsed is None
    exported = api(generated, "bank.v1_export_questions").sync(client=me)
    assert len(exported.splitlines()) == len(questions)

    # Take an exam: start, answer, submit; a late save is refused with the reason.
    attempt = api(generated, "exams.v1_exams_attempts_create").sync(id=exam.pk, client=me)
    assert isinstance(attempt, models.Attempt), attempt
    assert len(attempt.responses) == 3 and attempt.finished_at is None
    saved = api(generated, "exams.v1_attempts_responses_update").sync(
        attempt_id=attempt.id,
        position=1,
        client=me,
        body=models.SaveResponseInputRequest(revision=1, text="My answer."),
    )
    assert isinstance(saved, models.SaveResponseOutput) and saved.applied
    submitted = api(generated, "exams.v1_attempts_submit_create").sync(
        attempt_id=attempt.id, client=me
    )
    assert isinstance(submitted, models.AttemptSummary)
    assert submitted.status == models.AttemptStatusEnum.SUBMITTED
    late = api(generated, "exams.v1_attempts_responses_update").sync(
        attempt_id=attempt.id,
        position=1,
        client=me,
        body=models.SaveResponseInputRequest(revision=2, text="Too late."),
    )
    assert isinstance(late, models.AttemptClosed), late
    assert late.detail.startswith("This attempt was already submitted")
    review = api(generated, "exams.v1_attempts_review_retrieve").sync(
        attempt_id=attempt.id, client=me
    )
    assert isinstance(review, models.Review) and review.responses[0].text == "My answer."

    # Contribute an improvement of a published answer; a blank one names the field.
    question = questions[0]
    published = question.answers.get()
    contribution = api(generated, "contributions.v1_questions_contributions_create").sync(
        id=question.pk,
        client=me,
        body=models.ContributionInputRequest(body="A **better** answer.", replaces=published.pk),
    )
    assert isinstance(contribution, models.Contribution), contribution
    assert contribution.replaces == published.pk and contribution.decided_at is None
    blank = api(generated, "contributions.v1_questions_contributions_create").sync(
        id=question.pk, client=me, body=models.ContributionInputRequest(body="")
    )
    assert isinstance(blank, models.ValidationProblem)
    assert [(error.field, error.code) for error in blank.errors] == [("body", "blank")]

    # A contribution whose author deleted their account stays in the queue, credited to no one.
    leaver = User.objects.create_user("leaver", password=PASSWORD)
    make_contribution(question=questions[1], author=leaver, body="From someone gone.")
    leaver.delete()

    # Moderate with a moderator's token: the queue, an approval, the log.
    _, moderator_key = create_token(user=moderator, name="journey")
    moderation = opened(from_client.AuthenticatedClient(base_url=base_url, token=moderator_key))
    queue = api(generated, "moderation.v1_moderation_queue_list").sync(client=moderation)
    assert [(item.author, item.replaces is None) for item in queue.results] == [
        ("student", False),
        (None, True),
    ]
    forbidden = api(generated, "moderation.v1_moderation_queue_list").sync(client=me)
    assert isinstance(forbidden, models.Problem) and forbidden.status == 403
    decided = api(generated, "moderation.v1_moderation_contributions_approve_create").sync(
        id=contribution.id, client=moderation, body=models.ApproveInputRequest()
    )
    assert isinstance(decided, models.DecidedContribution), decided
    assert decided.decided_by == "moderator"
    again = api(generated, "moderation.v1_moderation_contributions_approve_create").sync(
        id=contribution.id, client=moderation, body=models.ApproveInputRequest()
    )
    assert isinstance(again, models.ModerationConflict)
    assert again.contribution.status == models.AnswerStatusEnum.APPROVED

    # Sync again: the improved question changed, and a deleted one is in the removal feed.
    removed = questions[-1].pk
    Question.objects.filter(pk=removed).delete()
    changed = api(generated, "bank.v1_questions_list").sync(client=me, updated_since=pulled_at)
    assert [q.id for q in changed.results] == [question.pk]
    assert [a.body for a in changed.results[0].answers] == ["A **better** answer."]
    gone = api(generated, "bank.v1_questions_deleted_list").sync(client=me, since=pulled_at)
    assert [row.id for row in gone.results] == [removed]
    relisted = api(generated, "bank.v1_questions_list").sync_detailed(
        client=me, if_none_match=first_page.headers["ETag"]
    )
    assert relisted.status_code == 200
