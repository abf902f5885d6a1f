"""The life of an attempt against the server's clock: start, save, grace, expiry, submit, grade."""

import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from exams.models import Attempt, Exam, Response
from exams.selectors import topic_strengths, with_scores
from exams.services import (
    ExamError,
    ExamInputError,
    available_count,
    close_if_overdue,
    create_custom_exam,
    create_responses,
    rate_response,
    save_response,
    shuffle_into,
    start_exam,
    submit_attempt,
)
from questions.models import Question
from tests.factories import make_exam, make_question, make_source, make_topic, make_true_false

T0 = timezone.make_aware(timezone.datetime(2026, 11, 24, 9, 0))


@pytest.fixture
def exam(db):
    for n in range(3):
        make_question(text=f"Open question {n}?", answer="A model answer.")
    make_true_false(text="True or false: ReLU is linear?", correct=False)
    return make_exam(question_count=4, time_limit_minutes=30)


@pytest.fixture
def attempt(exam, student):
    return start_exam(exam=exam, user=student, now=T0, rng=random.Random(1))


def response_for(attempt, kind):
    return attempt.responses.select_related("question").filter(question__kind=kind).first()


def test_starting_fixes_questions_order_and_deadline(attempt):
    assert attempt.deadline == T0 + timedelta(minutes=30)
    assert list(attempt.responses.values_list("position", flat=True)) == [1, 2, 3, 4]
    assert attempt.status == Attempt.Status.IN_PROGRESS


def finished_attempt(exam, student, seed):
    """A new attempt at the exam, submitted at once so that the next start draws afresh."""
    attempt = start_exam(exam=exam, user=student, now=T0, rng=random.Random(seed))
    return submit_attempt(attempt=attempt, now=T0)


def test_selection_is_random_per_attempt(exam, student):
    orders = {
        tuple(finished_attempt(exam, student, seed).responses.values_list("question_id", flat=True))
        for seed in range(8)
    }
    assert len(orders) > 1


def test_a_draw_of_two_from_many_is_a_uniform_choice_of_any_of_them():
    """The partial shuffle behind a draw gives every id the same chance, wherever it starts."""
    counts = dict.fromkeys(range(10), 0)
    rng = random.Random(5)
    for _ in range(5000):
        ids = list(range(10))
        shuffle_into(ids, 0, 2, rng)
        assert ids[0] != ids[1] and sorted(ids) == list(range(10))
        for drawn in ids[:2]:
            counts[drawn] += 1
    assert all(900 < count < 1100 for count in counts.values()), counts  # 1,000 each expected


def test_unanswered_and_figure_questions_are_left_out_by_default(student):
    answered = make_question(text="Answered?", answer="Yes.")
    make_question(text="No answer yet?")
    make_question(text="Figure?", answer="Yes.", needs_figure=True)
    exam = make_exam(question_count=5)
    assert available_count(exam) == 1
    attempt = start_exam(exam=exam, user=student, now=T0)
    assert list(attempt.responses.values_list("question_id", flat=True)) == [answered.pk]


def test_the_same_question_from_two_documents_never_appears_twice(student):
    make_question(source=make_source(), text="What is a tensor?", answer="An array.")
    make_question(source=make_source(), text="What is a Tensor ?", answer="A tensor.")
    make_question(text="What is a GAN?", answer="A generative model.")
    exam = make_exam(question_count=3)
    assert available_count(exam) == 2
    for seed in range(10):
        assert finished_attempt(exam, student, seed).responses.count() == 2


def test_the_same_question_asked_differently_never_appears_twice(student):
    asked = make_question(source=make_source(), text="What is multi-task learning?", answer="A.")
    for text in ("Explain multitask learning.", "Why train one model on several tasks?"):
        reworded = make_question(source=make_source(), text=text, answer="B.")
        reworded.same_as = asked.same_as  # linked by the importer
        reworded.save()
    make_question(text="What is a GAN?", answer="A generative model.")
    exam = make_exam(question_count=4)
    assert available_count(exam) == 2
    for seed in range(10):
        attempt = start_exam(exam=exam, user=student, now=T0, rng=random.Random(seed))
        drawn = list(attempt.responses.values_list("question__same_as", flat=True))
        assert len(drawn) == len(set(drawn)) == 2


def test_exam_filters_by_topic_source_and_kind(student):
    cnn = make_topic(slug="cnn")
    source = make_source()
    wanted = make_true_false(
        text="True or false: pooling has weights?", topics=[cnn], source=source
    )
    make_true_false(text="True or false: other topic?")
    make_question(text="Open in topic?", topics=[cnn], source=source, answer="Yes.")
    exam = make_exam(topics=[cnn], sources=[source], kinds=[Question.Kind.TRUE_FALSE])
    attempt = start_exam(exam=exam, user=student, now=T0)
    assert list(attempt.responses.values_list("question_id", flat=True)) == [wanted.pk]


def test_custom_exam_asking_more_than_the_bank_has_is_refused_with_the_number(student):
    make_question(text="Only one?", answer="Yes.")
    with pytest.raises(ExamInputError) as refused:
        create_custom_exam(
            owner=student, topics=[], sources=[], kinds=[], question_count=5,
            time_limit_minutes=10,
        )  # fmt: skip
    assert refused.value.message.startswith("Only 1 question matches these choices: ask for 1 or")
    assert refused.value.data == {"available": 1}
    assert not Exam.objects.exists()


def test_save_before_the_deadline_is_kept(attempt):
    open_response = response_for(attempt, Question.Kind.OPEN)
    result = save_response(
        attempt=attempt, position=open_response.position, now=T0 + timedelta(minutes=29),
        revision=1, text="Softmax: $\\sigma(z)_i$",
    )  # fmt: skip
    assert result.applied
    open_response.refresh_from_db()
    assert open_response.text == "Softmax: $\\sigma(z)_i$"
    assert '<span class="arithmatex">' in open_response.text_html


def test_save_within_the_grace_period_is_kept(attempt, settings):
    settings.EXAM_GRACE_SECONDS = 15
    result = save_response(
        attempt=attempt, position=1, now=attempt.deadline + timedelta(seconds=14), revision=1,
        flagged=True,
    )  # fmt: skip
    assert result.applied and result.response.flagged


def test_save_after_the_grace_period_is_refused_and_changes_nothing(attempt, settings):
    settings.EXAM_GRACE_SECONDS = 15
    save_response(attempt=attempt, position=1, now=T0, revision=1, flagged=True)
    with pytest.raises(ExamError, match="Time is up"):
        save_response(
            attempt=attempt, position=1, now=attempt.deadline + timedelta(seconds=16),
            revision=2, flagged=False,
        )  # fmt: skip
    response = attempt.responses.get(position=1)
    assert response.flagged and response.revision == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED


def test_an_older_revision_does_not_overwrite_a_newer_one(attempt):
    position = response_for(attempt, Question.Kind.OPEN).position
    save_response(attempt=attempt, position=position, now=T0, revision=5, text="newer")
    result = save_response(attempt=attempt, position=position, now=T0, revision=4, text="older")
    assert not result.applied
    assert attempt.responses.get(position=position).text == "newer"


def test_choices_from_another_question_are_refused(attempt):
    tf = response_for(attempt, Question.Kind.TRUE_FALSE)
    foreign = make_true_false(text="Another?").choices.first()
    with pytest.raises(ExamInputError, match="do not belong"):
        save_response(
            attempt=attempt, position=tf.position, now=T0, revision=1, choice_ids=[foreign.pk]
        )


def test_overlong_answer_is_refused(attempt):
    position = response_for(attempt, Question.Kind.OPEN).position
    with pytest.raises(ExamInputError, match="at most 20000"):
        save_response(attempt=attempt, position=position, now=T0, revision=1, text="x" * 20_001)


def test_submitting_grades_choice_questions(attempt):
    tf = response_for(attempt, Question.Kind.TRUE_FALSE)
    false_choice = tf.question.choices.get(text="False")
    save_response(
        attempt=attempt, position=tf.position, now=T0, revision=1, choice_ids=[false_choice.pk]
    )
    submitted = submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=10))
    assert submitted.status == Attempt.Status.SUBMITTED
    assert submitted.finished_at == T0 + timedelta(minutes=10)
    tf.refresh_from_db()
    assert tf.is_correct is True and tf.points == 1.0


def test_submitting_twice_records_one_submission(attempt):
    first = submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=5))
    second = submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=7))
    assert first.finished_at == second.finished_at == T0 + timedelta(minutes=5)
    assert second.status == Attempt.Status.SUBMITTED


def test_an_abandoned_attempt_is_closed_and_graded_on_next_access(attempt):
    closed = close_if_overdue(attempt, now=attempt.deadline + timedelta(hours=1))
    assert closed.status == Attempt.Status.EXPIRED
    assert closed.finished_at == attempt.deadline
    tf = response_for(closed, Question.Kind.TRUE_FALSE)
    assert tf.is_correct is False and tf.points == 0.0


def test_expire_attempts_command_closes_overdue_attempts_only(exam, student, settings):
    now = timezone.now()
    overdue = start_exam(exam=exam, user=student, now=now - timedelta(hours=2))
    running = start_exam(exam=exam, user=student, now=now)
    call_command("expire_attempts", verbosity=0)
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.status == Attempt.Status.EXPIRED
    assert running.status == Attempt.Status.IN_PROGRESS


def test_self_rating_scores_open_questions_after_submission(attempt):
    open_response = response_for(attempt, Question.Kind.OPEN)
    save_response(
        attempt=attempt, position=open_response.position, now=T0, revision=1, text="An answer."
    )
    with pytest.raises(ExamError):
        rate_response(attempt=attempt, position=open_response.position, rating=4)
    submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=1))
    attempt.refresh_from_db()
    assert rate_response(attempt=attempt, position=open_response.position, rating=4).points == 0.75
    with pytest.raises(ExamInputError):
        rate_response(attempt=attempt, position=open_response.position, rating=6)


def test_score_combines_automatic_grades_and_self_ratings(attempt):
    tf = response_for(attempt, Question.Kind.TRUE_FALSE)
    false_choice = tf.question.choices.get(text="False")
    save_response(
        attempt=attempt, position=tf.position, now=T0, revision=1, choice_ids=[false_choice.pk]
    )
    open_positions = attempt.responses.filter(question__kind="open").values_list(
        "position", flat=True
    )
    save_response(
        attempt=attempt, position=open_positions[0], now=T0, revision=2, text="An answer."
    )
    submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=1))
    attempt.refresh_from_db()
    rate_response(attempt=attempt, position=open_positions[0], rating=5)
    scored = with_scores(Attempt.objects.filter(pk=attempt.pk)).get()
    # 1 (true/false right) + 1 (rated 5) + 0 + 0 (unrated) over 4 questions
    assert scored.score == pytest.approx(0.5)
    assert scored.question_total == 4


def test_topic_strengths_show_the_weakest_topic_first(student):
    strong, weak = make_topic(name="Strong"), make_topic(name="Weak")
    right = make_true_false(text="Right?", topics=[strong], correct=True)
    wrong = make_true_false(text="Wrong?", topics=[weak], correct=True)
    attempt = start_exam(exam=make_exam(question_count=2), user=student, now=T0)
    assert {r.question_id for r in attempt.responses.all()} == {right.pk, wrong.pk}
    for response in attempt.responses.select_related("question"):
        pick = "True" if response.question == right else "False"
        save_response(
            attempt=attempt, position=response.position, now=T0, revision=1,
            choice_ids=[response.question.choices.get(text=pick).pk],
        )  # fmt: skip
    submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=1))
    assert [(row["name"], row["strength"]) for row in topic_strengths(student)] == [
        ("Weak", 0.0),
        ("Strong", 1.0),
    ]


def test_a_new_attempts_responses_hold_each_columns_default_in_the_drawn_order(student):
    questions = [make_question(text=f"Question {i}?", answer="A.") for i in range(3)]
    attempt = Attempt.objects.create(
        user=student, exam=make_exam(question_count=3), started_at=T0, deadline=T0
    )
    order = [questions[2].pk, questions[0].pk, questions[1].pk]
    written = create_responses(attempt, order)
    fresh = Response()
    columns = [
        field.attname
        for field in Response._meta.concrete_fields
        if field.name not in ("id", "attempt", "question", "position")
    ]
    rows = list(attempt.responses.order_by("position"))
    every_column = [field.attname for field in Response._meta.concrete_fields]
    assert [[getattr(r, name) for name in every_column] for r in written] == [
        [getattr(r, name) for name in every_column] for r in rows
    ]  # what it returns is what it wrote, ids and all
    assert not any(response._state.adding for response in written)
    written[0].choice_ids.append(1)  # a list default is each response's own
    assert written[1].choice_ids == [] and written[2].key_points == []
    assert [(row.position, row.question_id) for row in rows] == [
        (1, order[0]),
        (2, order[1]),
        (3, order[2]),
    ]
    for row in rows:
        assert {name: getattr(row, name) for name in columns} == {
            name: getattr(fresh, name) for name in columns
        }
