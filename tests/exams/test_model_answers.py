"""Model answers' stored embeddings, and the bank's term weights, as marking reads them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from exams import model_answers
from exams.model_answers import bank_term_weights, body_digest, has_current_embedding
from questions.models import Answer
from questions.services.contributions import approve_contribution, submit_contribution
from tests.factories import make_answer, make_question

MODEL = "all-MiniLM-L6-v2"


def stored(answer: Answer) -> Answer:
    return Answer.objects.get(pk=answer.pk)


def test_saving_an_approved_answer_stores_its_embedding_with_the_model(meaning_model, db):
    answer = stored(make_question(answer="The chain rule, applied backwards.").answers.get())
    assert answer.embedding_model == MODEL
    assert answer.embedding_digest == body_digest(answer.body)
    assert len(answer.embedding) == 384
    assert answer.embedding == pytest.approx(meaning_model.embed([answer.body])[0], abs=1e-5)


def test_an_edited_answer_is_embedded_again(meaning_model, db):
    answer = stored(make_question(answer="The chain rule.").answers.get())
    before = answer.embedding
    answer.body = "Pooling halves the resolution."
    answer.save()
    after = stored(answer)
    assert after.embedding_digest == body_digest("Pooling halves the resolution.")
    assert after.embedding != pytest.approx(before, abs=1e-3)


def test_a_save_of_some_fields_only_still_refreshes_a_stale_embedding(meaning_model, db):
    answer = stored(make_question(answer="The chain rule.").answers.get())
    Answer.objects.filter(pk=answer.pk).update(body="Dropout.")  # bypasses save()
    answer.refresh_from_db()
    assert not has_current_embedding(answer, MODEL)
    answer.reason = "noted"
    answer.save(update_fields=["reason"])
    assert has_current_embedding(stored(answer), MODEL)


def test_an_embedding_from_another_model_is_stale_and_replaced(meaning_model, db):
    answer = stored(make_question(answer="The chain rule.").answers.get())
    Answer.objects.filter(pk=answer.pk).update(embedding_model="an-older-model")
    assert not has_current_embedding(stored(answer), MODEL)
    assert model_answers.embed_all_answers() == 1
    assert stored(answer).embedding_model == MODEL


def test_a_pending_contribution_is_embedded_when_approved(meaning_model, student, moderator):
    question = make_question(text="What is dropout?")
    contribution = submit_contribution(
        question=question, author=student, body="Units are switched off at random."
    )
    assert stored(contribution).embedding is None
    approve_contribution(contribution=contribution, moderator=moderator, body="Units drop out.")
    approved = stored(contribution)
    assert approved.embedding_digest == body_digest("Units drop out.")
    assert approved.embedding_model == MODEL


def test_a_stale_embedding_is_never_used_for_marking(meaning_model, db):
    answer = stored(make_question(answer="The chain rule.").answers.get())
    Answer.objects.filter(pk=answer.pk).update(body="Dropout.")
    (model_answer,) = model_answers.as_model_answers([stored(answer)])
    assert model_answer.text == "Dropout." and model_answer.embedding is None


def test_seeding_the_bank_embeds_the_fixture_answers(meaning_model, db):
    call_command("seed_bank", verbosity=0)
    approved = Answer.objects.approved()
    assert approved.count() == 164
    assert approved.filter(embedding_model=MODEL).count() == 164
    assert model_answers.embed_all_answers() == 0  # all current: nothing to redo


def test_without_the_model_nothing_is_embedded_and_saving_works(db):
    answer = stored(make_question(answer="The chain rule.").answers.get())
    assert answer.embedding is None and answer.embedding_model == ""
    assert model_answers.embed_all_answers() == 0
    call_command("embed_answers", verbosity=0)


def test_the_term_weights_follow_the_bank(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = make_question(text="What is dropout?", answer="Dropout switches units off.")
        make_question(text="What is pooling?", answer="Pooling shrinks feature maps.")
    first = bank_term_weights()
    assert first.document_count == 2
    assert bank_term_weights() is first  # cached
    with django_capture_on_commit_callbacks(execute=True):  # the bank's version changes
        make_answer(question=question, body="Dropout regularises by noise.")
    second = bank_term_weights()
    assert second is not first
    assert second.document_frequency["nois"] == 1


def test_the_wsgi_module_preloads_the_model_and_freezes_it_when_asked(meaning_model):
    """What gunicorn's preload runs in the parent: the weights loaded, no inference, and the
    garbage collector kept off the loaded objects so workers share their pages."""
    script = (
        "import gc, quizsite.wsgi; from exams import marking; "
        "print(marking._local_model._model is not None, gc.get_freeze_count() > 0)"
    )
    env = {**os.environ, "MARKING_PRELOAD_MODEL": "true"}
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=root, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert run.stdout.split()[-2:] == ["True", "True"], run.stderr[-2000:]
