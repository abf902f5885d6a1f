"""The exam pages a student clicks through: choose, take, review, history."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.models import Attempt, Exam
from exams.services import save_response, start_exam, submit_attempt
from tests.factories import make_exam, make_question, make_topic, make_true_false


@pytest.fixture
def exam(db):
    topic = make_topic(name="Convolutional networks")
    for n in range(3):
        make_question(text=f"Open question {n}?", answer=f"Model answer {n}.", topics=[topic])
    make_true_false(text="True or false: pooling has weights?", correct=False, topics=[topic])
    return make_exam(title="Mock exam", question_count=4, time_limit_minutes=30)


def test_exam_pages_require_login(client, exam):
    response = client.get(reverse("exams:exams"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_exam_list_offers_ready_made_exams_and_a_custom_form(student_client, exam):
    body = student_client.get(reverse("exams:exams")).content.decode()
    assert "Mock exam" in body and "4 questions · 30 minutes" in body
    assert "Number of questions" in body and "Time limit (minutes)" in body


def test_starting_a_ready_made_exam_opens_the_attempt_page(student_client, exam, student):
    response = student_client.post(reverse("exams:exam-start", args=[exam.pk]))
    attempt = Attempt.objects.get(user=student)
    assert response.url == reverse("exams:attempt", args=[attempt.public_id])
    page = student_client.get(response.url).content.decode()
    assert "Open question" in page and 'role="timer"' in page
    assert "Model answer 0." not in page


def test_custom_exam_asking_too_many_questions_says_how_many_match(student_client, exam):
    response = student_client.post(
        reverse("exams:exams"), {"question_count": 50, "time_limit_minutes": 10}
    )
    assert response.status_code == 200
    assert "Only 4 questions match these choices" in response.content.decode()
    assert not Exam.objects.filter(owner__isnull=False).exists()
    assert not Attempt.objects.exists()


def test_custom_exam_starts_with_the_chosen_kinds(student_client, exam):
    response = student_client.post(
        reverse("exams:exams"),
        {"kinds": ["true_false"], "question_count": 1, "time_limit_minutes": 10},
    )
    attempt = Attempt.objects.get()
    assert response.url == reverse("exams:attempt", args=[attempt.public_id])
    assert list(attempt.responses.values_list("question__kind", flat=True)) == ["true_false"]


def test_home_and_exam_list_offer_to_resume_an_attempt_in_progress(student_client, exam, student):
    attempt = start_exam(exam=exam, user=student, now=timezone.now())
    resume = reverse("exams:attempt", args=[attempt.public_id])
    assert resume in student_client.get(reverse("home")).content.decode()
    assert resume in student_client.get(reverse("exams:exams")).content.decode()


def test_another_students_attempt_pages_are_404(client, exam, student, outsider):
    attempt = start_exam(exam=exam, user=student, now=timezone.now())
    client.force_login(outsider)
    assert client.get(reverse("exams:attempt", args=[attempt.public_id])).status_code == 404
    assert client.get(reverse("exams:review", args=[attempt.public_id])).status_code == 404


def test_an_expired_attempt_goes_to_its_review(student_client, exam, student):
    attempt = start_exam(exam=exam, user=student, now=timezone.now() - timedelta(hours=2))
    response = student_client.get(reverse("exams:attempt", args=[attempt.public_id]))
    assert response.url == reverse("exams:review", args=[attempt.public_id])
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED


def test_review_shows_answers_keys_model_answers_and_score(student_client, exam, student):
    now = timezone.now()
    attempt = start_exam(exam=exam, user=student, now=now)
    tf = attempt.responses.get(question__kind="true_false")
    save_response(
        attempt=attempt,
        position=tf.position,
        now=now,
        revision=1,
        choice_ids=[tf.question.choices.get(text="False").pk],
    )
    open_response = attempt.responses.filter(question__kind="open").first()
    save_response(
        attempt=attempt, position=open_response.position, now=now, revision=1, text="Mine"
    )
    submit_attempt(attempt=attempt, now=now + timedelta(minutes=3))
    body = student_client.get(reverse("exams:review", args=[attempt.public_id])).content
    body = body.decode()
    # The model answer's missed key points are marked: compare the text.
    assert "Model answer 0." in re.sub(r"<[^>]+>", "", body) and "Mine" in body
    assert "Correct answer" in body and "25%" in body
    assert "How well did you know this?" in body and "self-assessment" in body


def test_rating_an_answer_on_the_review_updates_the_score(student_client, exam, student):
    attempt = start_exam(exam=exam, user=student, now=timezone.now())
    position = attempt.responses.filter(question__kind="open").first().position
    save_response(
        attempt=attempt, position=position, now=timezone.now(), revision=1, text="My answer."
    )
    submit_attempt(attempt=attempt, now=timezone.now())
    review = reverse("exams:review", args=[attempt.public_id])
    response = student_client.post(review, {"position": position, "rating": 5})
    assert response.status_code == 302
    assert attempt.responses.get(position=position).self_rating == 5
    assert "25%" in student_client.get(review).content.decode()
    bad = student_client.post(review, {"position": position, "rating": 9}, follow=True)
    assert "Pick how well you knew it" in bad.content.decode()


def test_history_lists_attempts_and_topic_strengths(student_client, exam, student):
    attempt = start_exam(exam=exam, user=student, now=timezone.now())
    submit_attempt(attempt=attempt, now=timezone.now())
    body = student_client.get(reverse("exams:history")).content.decode()
    assert "Mock exam" in body and "Strength per topic" in body
    assert "Convolutional networks" in body


@pytest.mark.parametrize("n", [2, 10])
def test_attempt_page_query_count_is_flat(student_client, student, django_assert_num_queries, n):
    for i in range(n):
        make_true_false(text=f"True or false {i}?")
    attempt = start_exam(exam=make_exam(question_count=n), user=student, now=timezone.now())
    page = reverse("exams:attempt", args=[attempt.public_id])
    # session, user, attempt with exam, responses, their questions, the questions' choices, and
    # the user's permissions (2) for the moderators' link in the navigation
    with django_assert_num_queries(8):
        response = student_client.get(page)
    assert response.status_code == 200
    # Once read, the questions and their choices come from the shared cache.
    with django_assert_num_queries(6):
        again = student_client.get(page)
    questions = again.content.decode().partition('class="exam-question"')[2]
    assert questions and questions in response.content.decode()
    assert questions.count('type="radio"') == 2 * n
    assert questions.count(f"of {n} · True or false</span>") == n


def test_an_answer_to_a_question_without_model_answer_can_be_offered_once(student_client, student):
    from questions.models import Answer

    question = make_question(text="What is a capsule network?")
    attempt = start_exam(
        exam=make_exam(question_count=1, include_unanswered=True),
        user=student,
        now=timezone.now(),
    )
    save_response(attempt=attempt, position=1, now=timezone.now(), revision=1, text="Capsules!")
    submit_attempt(attempt=attempt, now=timezone.now())
    review = reverse("exams:review", args=[attempt.public_id])
    assert "Offer my answer as the model answer" in student_client.get(review).content.decode()
    page = student_client.post(review, {"action": "offer", "position": 1}, follow=True)
    assert "sent to the moderators" in page.content.decode()
    assert "You offered your answer" in page.content.decode()
    student_client.post(review, {"action": "offer", "position": 1})
    offered = Answer.objects.get(question=question)
    assert (offered.status, offered.author, offered.body) == ("pending", student, "Capsules!")
    assert "Capsules!" not in student_client.get(question.get_absolute_url()).content.decode()


def test_history_closes_an_abandoned_attempt_and_scores_it(student_client, exam, student):
    abandoned = start_exam(exam=exam, user=student, now=timezone.now() - timedelta(hours=3))
    body = student_client.get(reverse("exams:history")).content.decode()
    abandoned.refresh_from_db()
    assert abandoned.status == Attempt.Status.EXPIRED
    assert "Closed at the deadline" in body and "0%" in body
