"""A live site takes a new import in place and keeps what its people added since."""

import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from questions.caching import bank_version
from questions.importers.fixture import FIXTURES_DIR
from questions.models import Answer, Question, Topic
from questions.services.contributions import approve_contribution, submit_contribution
from questions.services.imports import apply_import
from tests.factories import make_question

NOW = timezone.make_aware(timezone.datetime(2026, 12, 1, 12, 0))
OLD_SMOOTHING = "Label smoothing modifies targets to (1 - \\epsilon) and (\\frac{\\epsilon}{C})."


@pytest.fixture
def fixture_text():
    return (FIXTURES_DIR / "bank.json").read_text(encoding="utf-8")


def question(source, start):
    return Question.objects.get(source__slug=source, text__startswith=start)


@pytest.fixture
def site(bank, student, moderator):
    """The bank as an older import left it, with a student's and a moderator's work on top."""
    statements = question("interview-neural-networks", "Which of the following statements")
    statements.kind = Question.Kind.OPEN
    statements.text += "\n\n1. In stochastic gradient descent we first calculate the gradient"
    statements.save()
    statements.choices.all().delete()
    smoothing = Answer.objects.get(question__text="Why do we need label smoothing?")
    smoothing.body = OLD_SMOOTHING
    smoothing.save()
    early_stopping = question("interview-neural-networks", "What is early stopping in machine")
    early_stopping.same_as = early_stopping.fingerprint
    early_stopping.save()
    question("study-notes", "What is a tensor?").related.clear()
    image = question("exam-questions", "How can an image be treated as a sequence?")
    image.topics.set([Topic.objects.get(slug="rnn")])

    pending = submit_contribution(
        question=question("exam-questions", "What is a tensor?"),
        author=student,
        body="A multi-dimensional array.",
    )
    loss = question("flashcards-fundamentals", "What is a loss function?")
    imported_loss = loss.answers.get()
    improvement = submit_contribution(
        question=loss, author=student, body="It measures the error.", replaces=imported_loss
    )
    approve_contribution(contribution=improvement, moderator=moderator)
    # An older import's wording of the answer the improvement replaced.
    Answer.objects.filter(pk=imported_loss.pk).update(body="Old wording.")
    perceptron = question("interview-neural-networks", "True or False: the output of a percept")
    true = perceptron.choices.get(text="True")
    key = submit_contribution(
        question=perceptron, author=student, body="It is a step.", choice_ids=[true.pk]
    )
    approve_contribution(contribution=key, moderator=moderator)
    added = make_question(source=loss.source, text="A question added on the site?", position=99)
    return {
        "pending": pending,
        "improvement": improvement,
        "replaced": imported_loss,
        "perceptron": perceptron,
        "added": added,
    }


def test_imported_questions_and_answers_take_the_new_import(site, fixture_text):
    apply_import(fixture_text, now=NOW)
    statements = question("interview-neural-networks", "Which of the following statements")
    assert statements.kind == Question.Kind.SINGLE_CHOICE
    assert statements.text == "Which of the following statements holds true?"
    assert statements.choices.count() == 4
    smoothing = Answer.objects.get(question__text="Why do we need label smoothing?")
    assert r"softened targets of $1 - \epsilon$ and $\frac{\epsilon}{C}$" in smoothing.body
    assert r'<span class="arithmatex">\(\frac{\epsilon}{C}\)</span>' in smoothing.body_html
    assert smoothing.updated_at == NOW
    early_stopping = question("interview-neural-networks", "What is early stopping in machine")
    assert early_stopping.same_as == question("study-notes", "What is early stopping?").same_as
    tensor = question("study-notes", "What is a tensor?")
    assert tensor.related.filter(text="What are the properties of a tensor?").exists()
    image = question("exam-questions", "How can an image be treated as a sequence?")
    assert list(image.topics.values_list("slug", flat=True)) == ["attention-transformers"]


def test_contributions_improvements_and_moderators_keys_stay(site, fixture_text):
    report = apply_import(fixture_text, now=NOW)
    pending = Answer.objects.get(pk=site["pending"].pk)
    assert (pending.status, pending.body) == (Answer.Status.PENDING, "A multi-dimensional array.")
    improvement = Answer.objects.get(pk=site["improvement"].pk)
    assert improvement.status == Answer.Status.APPROVED and improvement.superseded_by is None
    replaced = Answer.objects.get(pk=site["replaced"].pk)
    assert (replaced.superseded_by_id, replaced.body) == (improvement.pk, "Old wording.")
    assert dict(site["perceptron"].choices.values_list("text", "is_correct")) == {
        "True": True,
        "False": False,
    }
    assert Question.objects.filter(pk=site["added"].pk).exists()
    assert (report.answers_kept_as_history, report.keys_kept) == (1, 1)
    assert report.not_in_import == [str(site["added"])]


def test_changed_questions_are_stamped_and_the_bank_gets_a_new_version(
    site, fixture_text, django_capture_on_commit_callbacks
):
    before = bank_version()
    with django_capture_on_commit_callbacks(execute=True):
        report = apply_import(fixture_text, now=NOW)
    assert bank_version() != before
    stamped = set(Question.objects.filter(updated_at=NOW).values_list("pk", flat=True))
    assert stamped == report.touched
    changed = {
        question("interview-neural-networks", "Which of the following statements").pk,
        question("exam-questions", "How can an image be treated as a sequence?").pk,
        Answer.objects.get(question__text="Why do we need label smoothing?").question_id,
    }
    assert changed <= stamped
    assert question("exam-questions", "What is deep learning?").pk not in stamped


def test_applying_the_same_import_twice_changes_nothing_the_second_time(
    site, fixture_text, django_capture_on_commit_callbacks
):
    first = apply_import(fixture_text, now=NOW)
    assert first.updated["questions"] == 2 and first.created == {"choices": 4}
    before = bank_version()
    with django_capture_on_commit_callbacks(execute=True):
        again = apply_import(fixture_text, now=NOW)
    assert again.created == {} and set(again.updated.values()) == {0}
    assert again.touched == set() and bank_version() == before


def test_the_command_reports_and_a_dry_run_changes_nothing(site, capsys):
    call_command("apply_import", "--dry-run")
    out = capsys.readouterr().out
    assert "questions: 2 updated" in out and "Dry run: nothing was changed." in out
    assert question("study-notes", "What is a tensor?").related.count() == 0
    call_command("apply_import")
    assert question("study-notes", "What is a tensor?").related.exists()
    assert "The bank is up to date with the import." in capsys.readouterr().out


def test_an_empty_site_gets_the_same_bank_as_the_fixture_holds(db, fixture_text):
    report = apply_import(fixture_text, now=NOW)
    rows = json.loads(fixture_text)
    slugs = {r["pk"]: r["fields"]["slug"] for r in rows if r["model"] == "questions.source"}
    topics = {r["pk"]: r["fields"]["slug"] for r in rows if r["model"] == "questions.topic"}
    expected = {
        (slugs[f["source"]], f["position"], f["text"], f["kind"], f["same_as"],
         frozenset(topics[t] for t in f["topics"]))
        for f in (r["fields"] for r in rows if r["model"] == "questions.question")
    }  # fmt: skip
    live = {
        (q.source.slug, q.position, q.text, q.kind, q.same_as,
         frozenset(t.slug for t in q.topics.all()))
        for q in Question.objects.select_related("source").prefetch_related("topics")
    }  # fmt: skip
    assert report.created["questions"] == len(live) == 423
    assert live == expected
    related = Question.related.through.objects.count()
    assert related == sum(len(r["fields"]["related"]) for r in rows if "related" in r["fields"])
