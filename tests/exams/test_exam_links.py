"""An exam's topics, sources and fixed questions come from the shared cache (a class starting
it reads them once), and a change to them, made from either side, is seen at once."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import make_exam, make_question, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    return make_topic(slug="cnn", name="CNN", position=1), make_topic(
        slug="rnn", name="RNN", position=2
    )


@pytest.fixture
def questions(topics):
    cnn, rnn = topics
    return (
        make_question(text="What is a convolution?", answer="A sliding filter.", topics=[cnn]),
        make_question(text="What is BPTT?", answer="Backprop through time.", topics=[rnn]),
    )


def start(user, exam) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(reverse("api:exam-start", args=[exam.pk]))
    assert response.status_code == 201
    return response.json()


def drawn_texts(started: dict) -> set[str]:
    return {item["question"]["text"] for item in started["responses"]}


def listed_topics(user) -> dict[int, list[str]]:
    client = APIClient()
    client.force_authenticate(user)
    return {exam["id"]: exam["topics"] for exam in client.get(reverse("api:exam-list")).json()}


def test_an_exam_given_another_topic_draws_from_it_at_once(
    topics, questions, student, outsider, django_user_model
):
    cnn, rnn = topics
    exam = make_exam(topics=[cnn], question_count=2)
    first = start(student, exam)  # its links are cached now
    assert drawn_texts(first) == {"What is a convolution?"}
    assert first["exam"]["topics"] == ["cnn"]

    exam.topics.set([rnn])

    second = start(outsider, exam)
    assert drawn_texts(second) == {"What is BPTT?"}
    assert second["exam"]["topics"] == ["rnn"]
    assert listed_topics(student)[exam.pk] == ["rnn"]


def test_a_change_made_from_the_topic_side_is_seen_too(topics, questions, student):
    cnn, rnn = topics
    exam = make_exam(topics=[cnn])
    assert listed_topics(student)[exam.pk] == ["cnn"]  # cached
    rnn.exam_set.add(exam)
    assert listed_topics(student)[exam.pk] == ["cnn", "rnn"]
    cnn.exam_set.clear()
    assert listed_topics(student)[exam.pk] == ["rnn"]
    rnn.exam_set.remove(exam)
    assert listed_topics(student)[exam.pk] == []


def test_a_fixed_set_replaced_is_drawn_from_at_once(questions, student, outsider):
    convolution, bptt = questions
    exam = make_exam(question_count=1)
    exam.questions.set([convolution])
    assert drawn_texts(start(student, exam)) == {"What is a convolution?"}
    exam.questions.set([bptt])
    assert drawn_texts(start(outsider, exam)) == {"What is BPTT?"}


@pytest.mark.parametrize("count", [1, 6])
def test_the_exam_list_reads_every_exam_s_links_in_constant_queries(
    topics, student, count, django_assert_num_queries
):
    cnn, rnn = topics
    exams = [make_exam(title=f"Exam {n}", topics=[cnn, rnn][: n % 2 + 1]) for n in range(count)]
    client = APIClient()
    client.force_authenticate(student)
    with django_assert_num_queries(4):  # the exams, then their topics, sources, fixed questions
        listed = client.get(reverse("api:exam-list")).json()
    assert {exam["id"]: exam["topics"] for exam in listed} == {
        exam.pk: ["cnn", "rnn"][: n % 2 + 1] for n, exam in enumerate(exams)
    }
    with django_assert_num_queries(1):  # the exams: their links come from the cache
        client.get(reverse("api:exam-list"))
