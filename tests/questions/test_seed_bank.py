"""Seeding at every start loads an empty site once and never undoes later work."""

from django.core.management import call_command

from exams.models import Exam
from questions.models import Answer, Question
from questions.services.contributions import approve_contribution


def test_seeding_an_empty_site_loads_the_bank_and_the_exams(db):
    call_command("seed_bank", verbosity=0)
    assert Question.objects.count() == 423
    assert Exam.objects.filter(owner__isnull=True).exists()


def test_seeding_again_keeps_an_approved_improvement_in_place(db, student, moderator):
    call_command("seed_bank", verbosity=0)
    imported = Answer.objects.filter(author__isnull=True).first()
    improvement = Answer.objects.create(
        question=imported.question, author=student, body="Better.", replaces=imported
    )
    approve_contribution(contribution=improvement, moderator=moderator)
    call_command("seed_bank", verbosity=0)
    imported.refresh_from_db()
    assert imported.superseded_by == improvement
    assert list(imported.question.answers.approved()) == [improvement]
