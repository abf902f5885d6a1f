"""The committed bank: every question of the four documents, nothing else, loaded idempotently."""

import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from exams.models import Exam
from exams.services import available_count
from questions.models import Answer, Question, Source, attach_same_elsewhere
from tests.questions.hand_counts import HAND_COUNTS

MISSING_FIGURE_BOX = '<div class="admonition figure-missing">'
NOISE = [
    "How well did you know this?",
    "Not at all",
    "Perfectly",
    "Skip to content",
    "Latest commit",
    "File metadata and controls",
    "Last changed",
    "Pull requests are welcome",
]
NOISE_LINES = re.compile(r"^\s*(Answer|History|Contents|[1-5]|\d+ lines \(\d+ loc\).*)\s*$", re.M)

pytestmark = pytest.mark.usefixtures("bank")


@pytest.mark.parametrize("slug", HAND_COUNTS)
def test_each_document_has_its_hand_counted_questions_and_answers(slug):
    questions, answered = HAND_COUNTS[slug]
    source = Source.objects.with_counts().get(slug=slug)
    assert (source.question_count, source.answered_count) == (questions, answered)


def test_loading_the_bank_twice_gives_the_same_bank():
    def snapshot():
        return (
            list(Question.objects.order_by("pk").values_list("pk", "text", "fingerprint")),
            list(Answer.objects.order_by("pk").values_list("pk", "question_id", "body")),
            list(Question.topics.through.objects.order_by("pk").values_list("question", "topic")),
        )

    before = snapshot()
    call_command("loaddata", "bank", verbosity=0)
    assert snapshot() == before


def test_committed_fixture_matches_what_the_importer_produces():
    call_command("import_questions", "--check", verbosity=0)


def test_a_stale_fixture_is_reported(tmp_path, monkeypatch):
    (tmp_path / "bank.json").write_text("[]")
    monkeypatch.setattr("questions.importers.fixture.FIXTURES_DIR", tmp_path)
    with pytest.raises(CommandError, match="bank.json is stale"):
        call_command("import_questions", "--check", verbosity=0)


def test_ready_made_exams_load_and_each_can_draw_its_questions():
    call_command("loaddata", "exams", verbosity=0)
    titles = list(Exam.objects.values_list("title", flat=True))
    assert titles[:2] == ["Full mock exam: deep learning course", "Quick quiz: the whole bank"]
    assert "Drill: Attention, transformers and language" in titles
    for exam in Exam.objects.all():
        assert available_count(exam) >= exam.question_count, exam.title


def test_loading_exams_again_updates_them_in_place_and_keeps_students_exams(student):
    call_command("loaddata", "exams", verbosity=0)
    own = Exam.objects.create(owner=student, title="Mine", question_count=3, time_limit_minutes=5)
    before = list(Exam.objects.order_by("pk").values_list("pk", "title"))
    call_command("loaddata", "exams", verbosity=0)
    assert list(Exam.objects.order_by("pk").values_list("pk", "title")) == before
    assert Exam.objects.get(pk=own.pk).owner == student


def test_no_page_noise_in_any_question_answer_or_choice():
    texts = [
        *Question.objects.values_list("text", flat=True),
        *Answer.objects.values_list("body", flat=True),
    ]
    for text in texts:
        for noise in NOISE:
            assert noise not in text
        assert not NOISE_LINES.search(text), text[:200]


def test_every_question_has_text_a_position_and_at_least_one_topic():
    assert not Question.objects.filter(text="").exists()
    assert not Question.objects.filter(topics=None).exists()
    for source in Source.objects.all():
        positions = list(source.questions.order_by("position").values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1))


def test_imported_answers_are_approved_and_credited_to_their_document():
    assert not Answer.objects.exclude(status=Answer.Status.APPROVED).exists()
    assert not Answer.objects.filter(author__isnull=False).exists()
    assert not Answer.objects.exclude(source=F("question__source")).exists()


def test_the_same_question_in_two_documents_is_linked():
    tensor = Question.objects.get(source__slug="exam-questions", text="What is a tensor?")
    optimizer = Question.objects.get(source__slug="study-notes", text="What is an optimizer?")
    attach_same_elsewhere([tensor, optimizer])
    assert [(q.source.slug, q.text) for q in tensor.same_elsewhere_list] == [
        ("study-notes", "What is a tensor?")
    ]
    assert {q.source.slug for q in optimizer.same_elsewhere_list} == {
        "exam-questions",
        "flashcards-fundamentals",
    }


def test_true_false_and_choice_questions_keep_their_kind_and_key():
    dropout_bagging = Question.objects.get(text__contains="Does dropout aim to approximate")
    assert dropout_bagging.kind == Question.Kind.TRUE_FALSE
    assert dict(dropout_bagging.choices.values_list("text", "is_correct")) == {
        "True": True,
        "False": False,
    }
    building_blocks = Question.objects.get(text__contains="core building blocks")
    assert building_blocks.kind == Question.Kind.MULTIPLE_CHOICE
    assert building_blocks.choices.count() == 5


def test_questions_that_lost_a_figure_are_flagged():
    # Interview document: 23 questions show a figure's caption, 3 answers do, and one question
    # works on the tensor of a figure with no caption left; the study notes lost one picture.
    flagged = Question.objects.filter(needs_figure=True)
    assert dict(Counter(flagged.values_list("source__slug", flat=True))) == {
        "interview-neural-networks": 27,
        "study-notes": 1,
    }


def test_each_lost_figure_shows_a_notice_where_it_was():
    notices = Question.objects.filter(text_html__contains=MISSING_FIGURE_BOX).count() + (
        Answer.objects.filter(body_html__contains=MISSING_FIGURE_BOX).count()
    )
    assert notices == 23 + 3 + 1
    early_stopping = Answer.objects.get(
        question__text="What is early stopping in machine learning?"
    )
    assert early_stopping.body_html.endswith(
        f'{MISSING_FIGURE_BOX}\n<p class="admonition-title">Figure missing from the source</p>\n'
        "<p>Early stopping in training</p>\n</div>"
    )
    assert early_stopping.question.needs_figure


def test_math_from_the_documents_is_stored_rendered_for_mathjax():
    answer = Answer.objects.get(question__text="What is the mathematical formula for MSE?")
    assert r"\[\text{MSE} = \frac{1}{n} \sum_{i=1}^{n} (\hat{y}_i - y_i)^2\]" in answer.body_html
