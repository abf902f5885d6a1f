"""The exam's score with the marking assistant: marked at submit and expiry, blank answers at 0,
both figures on the review, history and strengths by the assistant's mark, old attempts marked."""

import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from exams.models import Attempt, Response
from exams.selectors import overrated_responses, topic_strengths, with_scores
from exams.services import (
    ExamInputError,
    expire_overdue_attempts,
    rate_response,
    save_response,
    start_exam,
    submit_attempt,
)
from tests.factories import make_exam, make_question, make_topic, make_true_false

T0 = timezone.make_aware(timezone.datetime(2026, 11, 24, 9, 0))
BACKPROP = (
    "Backpropagation computes the gradient of the loss with respect to every weight by applying "
    "the chain rule backwards through the network, layer by layer."
)
DROPOUT = "Dropout switches off random units during training, which regularises the network."


@pytest.fixture
def topic(db):
    return make_topic(name="Training", slug="training")


@pytest.fixture
def exam(topic):
    make_question(text="What is backpropagation?", answer=BACKPROP, topics=[topic])
    make_question(text="What is dropout?", answer=DROPOUT, topics=[topic])
    make_true_false(text="ReLU is linear?", correct=False, topics=[topic])
    return make_exam(question_count=3, time_limit_minutes=30)


@pytest.fixture
def attempt(exam, student):
    return start_exam(exam=exam, user=student, now=T0, rng=random.Random(3))


def by_text(attempt, start: str) -> Response:
    return attempt.responses.select_related("question").get(question__text__startswith=start)


def answer(attempt, start: str, text: str, revision: int = 1) -> None:
    position = by_text(attempt, start).position
    save_response(attempt=attempt, position=position, now=T0, revision=revision, text=text)


def pick_false(attempt) -> None:
    tf = by_text(attempt, "ReLU")
    false = tf.question.choices.get(text="False")
    save_response(attempt=attempt, position=tf.position, now=T0, revision=1, choice_ids=[false.pk])


def submitted(attempt) -> Attempt:
    submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=5))
    attempt.refresh_from_db()
    return attempt


def scored(attempt) -> Attempt:
    return with_scores(Attempt.objects.filter(pk=attempt.pk)).get()


# Marking at close -----------------------------------------------------------------------------


def test_submitting_marks_every_open_answer_with_its_key_points(attempt):
    answer(attempt, "What is backpropagation", BACKPROP)
    answer(attempt, "What is dropout", "It uses the chain rule.")
    submitted(attempt)
    right, wrong = by_text(attempt, "What is backp"), by_text(attempt, "What is drop")
    assert (right.marked_rating, right.marked_score, right.marked_points) == (5, 1.0, 1.0)
    assert right.marking_method == "key-points"
    assert all(point["covered"] for point in right.key_points)
    assert wrong.marked_rating == 1 and wrong.marked_points == 0.0
    assert {point["text"] for point in wrong.missed_key_points} >= {"random", "units"}
    assert "key points" in wrong.marking_explanation
    # Self-ratings are the student's to give, starting from the suggestion.
    assert right.self_rating is None and right.points is None


def test_the_marked_score_counts_choice_keys_and_the_assistants_ratings(attempt):
    answer(attempt, "What is backpropagation", BACKPROP)
    pick_false(attempt)
    result = scored(submitted(attempt))
    # 1 (key) + 1 (marked 5) + 0 (blank) over 3; the self figure has no rating yet: 1 over 3.
    assert result.marked_score == pytest.approx(2 / 3)
    assert result.score == pytest.approx(1 / 3)


def test_an_attempt_closed_at_its_deadline_is_marked_too(attempt):
    answer(attempt, "What is backpropagation", BACKPROP)
    assert expire_overdue_attempts(now=T0 + timedelta(hours=2)) == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert by_text(attempt, "What is backp").marked_rating == 5


def test_a_question_without_a_model_answer_is_left_out_of_the_marked_score(student, topic):
    make_question(text="What is backpropagation?", answer=BACKPROP, topics=[topic])
    make_question(text="What is a capsule network?", topics=[topic])
    exam = make_exam(question_count=2, include_unanswered=True)
    attempt = start_exam(exam=exam, user=student, now=T0)
    answer(attempt, "What is backprop", BACKPROP)
    answer(attempt, "What is a capsule", "Groups of neurons.")
    result = scored(submitted(attempt))
    unmarked = by_text(attempt, "What is a capsule")
    assert unmarked.marking_method == "none" and unmarked.marked_points is None
    assert result.marked_score == pytest.approx(1.0)


def test_with_the_meaning_model_the_stored_mark_names_it(attempt, meaning_model):
    answer(attempt, "What is backpropagation", "The chain rule gives every weight's gradient.")
    submitted(attempt)
    response = by_text(attempt, "What is backp")
    assert response.marking_method == "key-points+embeddings:all-MiniLM-L6-v2"
    assert 0 < response.marked_semantic <= 1


# Blank answers --------------------------------------------------------------------------------


def test_a_blank_answer_is_marked_zero_on_both_figures(attempt):
    answer(attempt, "What is dropout", "   \n ")
    submitted(attempt)
    blank = by_text(attempt, "What is drop")
    assert (blank.marked_rating, blank.marked_score, blank.marked_points) == (1, 0.0, 0.0)
    assert blank.points == 0.0
    assert blank.marking_explanation == "A blank answer scores 0."
    assert blank.key_points and not any(point["covered"] for point in blank.key_points)


@pytest.mark.parametrize("rating", [2, 3, 4, 5])
def test_a_blank_answer_cannot_be_rated_above_one(attempt, rating):
    submitted(attempt)
    blank = by_text(attempt, "What is drop")
    with pytest.raises(ExamInputError, match="cannot be rated above 1"):
        rate_response(attempt=attempt, position=blank.position, rating=rating)
    assert rate_response(attempt=attempt, position=blank.position, rating=1).points == 0.0


def test_the_api_refuses_a_rating_above_one_for_a_blank_answer(attempt, student):
    submitted(attempt)
    api = APIClient()
    api.force_authenticate(student)
    blank = by_text(attempt, "What is drop")
    url = reverse("api:attempt-rate", args=[attempt.public_id, blank.position])
    refused = api.post(url, {"rating": 5}, format="json")
    assert refused.status_code == 400
    assert "cannot be rated above 1" in refused.json()["detail"]
    blank.refresh_from_db()
    assert blank.self_rating is None and blank.points == 0.0
    assert api.post(url, {"rating": 1}, format="json").status_code == 200


def test_the_review_page_refuses_a_rating_above_one_for_a_blank_answer(attempt, student_client):
    submitted(attempt)
    blank = by_text(attempt, "What is drop")
    review = reverse("exams:review", args=[attempt.public_id])
    page = student_client.post(review, {"position": blank.position, "rating": 5}, follow=True)
    assert "cannot be rated above 1" in page.content.decode()
    blank.refresh_from_db()
    assert blank.self_rating is None
    # and it offers no rating form for that answer
    assert "A blank answer counts 0 and cannot be rated." in page.content.decode()


# What the student sees ------------------------------------------------------------------------


def test_the_review_shows_both_figures_and_the_key_points(attempt, student_client):
    answer(attempt, "What is backpropagation", BACKPROP)
    answer(attempt, "What is dropout", "Dropout switches off units.")
    pick_false(attempt)
    submitted(attempt)
    rate_response(attempt=attempt, position=by_text(attempt, "What is drop").position, rating=5)
    page = student_client.get(reverse("exams:review", args=[attempt.public_id])).content.decode()
    marked = round(100 * scored(attempt).marked_score)
    assert f"Marked {marked}% · your ratings 67%" in page  # key 1 + rated 5 = 2 of 3
    assert 'class="covered"' in page and 'class="missed"' in page
    assert "Method: key-points." in page
    # The rating form starts from the suggestion where the student has not rated.
    right = by_text(attempt, "What is backp")
    assert f'value="{right.marked_rating}" checked' in page


def test_the_review_api_has_the_marks_and_how_they_were_computed(attempt, student):
    answer(attempt, "What is backpropagation", BACKPROP)
    submitted(attempt)
    api = APIClient()
    api.force_authenticate(student)
    review = api.get(reverse("api:attempt-review", args=[attempt.public_id])).json()
    assert review["marked_score"] == pytest.approx(1 / 3)
    assert review["marking"].startswith("Marked: ") and review["scoring"].startswith("Your ")
    item = next(r for r in review["responses"] if r["question"]["text"].startswith("What is b"))
    assert item["marked_rating"] == 5 and item["marking_method"] == "key-points"
    assert item["key_points"][0] == {"text": "computes", "covered": True}
    history = api.get(reverse("api:attempt-list")).json()
    assert history[0]["marked_score"] == pytest.approx(1 / 3)


def test_history_and_strengths_use_the_mark_and_point_out_generous_ratings(
    attempt, student, student_client
):
    answer(attempt, "What is dropout", "It uses the chain rule.")
    submitted(attempt)
    wrong = by_text(attempt, "What is drop")
    assert wrong.marked_rating == 1
    rate_response(attempt=attempt, position=wrong.position, rating=4)
    (strength,) = topic_strengths(student)
    assert strength["strength"] == pytest.approx(0.0)  # marked 1, 1 (blank) and 0 (no pick)
    assert strength["overrated"] == 1
    assert [r.pk for r in overrated_responses(student)] == [wrong.pk]
    page = student_client.get(reverse("exams:history")).content.decode()
    assert "Rated well above the mark" in page
    assert "your rating 4, marked 1" in page


def test_a_rating_one_step_above_the_mark_is_not_pointed_out(attempt, student):
    answer(attempt, "What is dropout", "It uses the chain rule.")
    submitted(attempt)
    rate_response(attempt=attempt, position=by_text(attempt, "What is drop").position, rating=2)
    assert list(overrated_responses(student)) == []


# Attempts from before the assistant -----------------------------------------------------------


def test_old_attempts_are_marked_by_the_command_and_keep_their_ratings(attempt):
    answer(attempt, "What is backpropagation", BACKPROP)
    pick_false(attempt)
    submitted(attempt)
    # As an attempt closed before marking existed: no marks, a blank answer rated 5.
    attempt.responses.update(
        marked_rating=None, marked_score=None, marked_points=None, key_points=[],
        marking_method="", marking_explanation="",
    )  # fmt: skip
    blank = by_text(attempt, "What is drop")
    Response.objects.filter(pk=blank.pk).update(self_rating=5, points=1.0)
    right = by_text(attempt, "What is backp")
    Response.objects.filter(pk=right.pk).update(self_rating=4, points=0.75)

    call_command("mark_attempts", verbosity=0)
    right.refresh_from_db()
    blank.refresh_from_db()
    assert (right.marked_rating, right.self_rating, right.points) == (5, 4, 0.75)
    assert (blank.marked_rating, blank.self_rating, blank.points) == (1, 1, 0.0)
    assert scored(attempt).marked_score == pytest.approx(2 / 3)
    assert by_text(attempt, "ReLU").marking_method == "key"
    # Marking again finds nothing to do.
    assert Response.objects.filter(marking_method="").count() == 0


def test_an_attempt_in_progress_is_not_marked_by_the_command(attempt):
    call_command("mark_attempts", verbosity=0)
    assert not attempt.responses.exclude(marking_method="").exists()


# Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 15])
def test_marking_at_submit_reads_a_fixed_number_of_times(student, django_assert_num_queries, n):
    topic = make_topic()
    for i in range(n):
        make_question(
            text=f"Open {i}?", answer=f"Model answer {i} about gradients.", topics=[topic]
        )
        make_true_false(text=f"True or false {i}?", topics=[topic])
    attempt = start_exam(exam=make_exam(question_count=2 * n), user=student, now=T0)
    for response in attempt.responses.filter(question__kind="open"):
        save_response(
            attempt=attempt, position=response.position, now=T0, revision=1, text="Gradients."
        )
    # lock attempt, close it, choice responses, choice keys, their update; whether it has open
    # questions; the marking task (run at once here): savepoint, lock the attempt again, open
    # responses, their model answers, the bank's term weights (questions, answers), the marks'
    # update; savepoint and its release; then practice schedules the marks (exams.signals): the
    # student, which questions have a model answer, new cards, the cards, earlier reviews,
    # settings, the cards' and reviews' writes, savepoint and release; the attempt marked, the
    # task's savepoint released; the mark's time read back
    with django_assert_num_queries(28):
        submit_attempt(attempt=attempt, now=T0 + timedelta(minutes=1))
    assert Response.objects.filter(attempt=attempt, marked_rating__isnull=False).count() == n


def test_a_formula_key_point_is_typeset_on_the_review(student, student_client, topic):
    make_question(
        text="What is the sigmoid?",
        answer=r"It squashes: $\sigma(x) = \frac{1}{1 + e^{-x}}$, a <b>smooth</b> step.",
        topics=[topic],
    )
    attempt = start_exam(exam=make_exam(question_count=1), user=student, now=T0)
    answer(attempt, "What is the sigmoid", "A smooth step.")
    submitted(attempt)
    page = student_client.get(reverse("exams:review", args=[attempt.public_id])).content.decode()
    assert r'<span class="arithmatex">\(\sigma(x) = \frac{1}{1 + e^{-x}}\)</span>' in page
    assert "<b>smooth</b>" not in page.split('class="key-points"')[1]
