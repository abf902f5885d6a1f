"""Hostile input to the exam pages and endpoints: a 400 or a form error, quickly, never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from exams.models import Exam
from exams.services import start_exam, submit_attempt
from questions.limits import MAX_LIST_LENGTH
from tests.factories import make_exam, make_question, make_source, make_topic
from tests.problems import field_errors

CUSTOM = {"question_count": 3, "time_limit_minutes": 10}


@pytest.fixture
def api(student):
    client = APIClient()
    client.force_authenticate(student)
    return client


@pytest.fixture
def bank(db):
    topic, source = make_topic(slug="cnn"), make_source(slug="exam")
    for n in range(3):
        make_question(text=f"Question {n}?", answer="Yes.", topics=[topic], source=source)
    return topic, source


@pytest.mark.parametrize("field", ["topics", "sources"])
def test_a_nul_byte_in_a_custom_exams_slugs_is_a_400_naming_the_field(api, bank, field):
    response = api.post(reverse("api:exam-custom"), {**CUSTOM, field: ["cn\x00n"]}, format="json")
    assert list(field_errors(response)) == [f"{field}.0"]
    assert not Exam.objects.filter(owner__isnull=False).exists()


@pytest.mark.parametrize("field", ["topics", "sources", "kinds"])
def test_a_nul_byte_in_the_custom_exam_form_is_a_form_error(student_client, bank, field):
    response = student_client.post(reverse("exams:exams"), {**CUSTOM, field: ["1\x00"]})
    assert response.status_code == 200
    assert response.context["form"].errors[field]


def test_a_list_of_twenty_thousand_topics_is_refused_before_any_lookup(
    api, bank, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = api.post(
            reverse("api:exam-custom"), {**CUSTOM, "topics": ["cnn"] * 20_000}, format="json"
        )
    assert field_errors(response) == {
        "topics": [f"Ensure this field has no more than {MAX_LIST_LENGTH} elements."]
    }


@pytest.mark.parametrize("field", ["topics", "sources", "kinds"])
def test_too_many_values_in_the_custom_exam_form_is_a_form_error(student_client, bank, field):
    values = ["1"] * (MAX_LIST_LENGTH + 1)
    response = student_client.post(reverse("exams:exams"), {**CUSTOM, field: values})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Choose at most 50, not 51."]


def test_the_bank_filter_takes_a_bounded_number_of_topics(client, bank):
    query = "&".join(["topic=cnn"] * (MAX_LIST_LENGTH + 1))
    assert client.get(f"/api/v1/questions/?{query}").status_code == 400
    assert client.get(f"/api/v1/questions/?{'&'.join(['topic=cnn'] * 3)}").status_code == 200


@pytest.mark.parametrize("position", ["abc", "1.5", "²", "", "99999999999999999999"])
def test_a_non_integer_position_on_the_review_page_is_a_message_not_a_crash(
    student_client, student, position
):
    make_question(answer="Yes.")
    attempt = start_exam(exam=make_exam(question_count=1), user=student, now=timezone.now())
    submit_attempt(attempt=attempt, now=timezone.now())
    review = reverse("exams:review", args=[attempt.public_id])
    response = student_client.post(review, {"position": position, "rating": 5}, follow=True)
    assert response.status_code == 200
    assert "That question is not part of this exam." in response.content.decode()
