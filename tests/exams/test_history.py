"""My attempts: newest first, exams named by what they contain, readable durations, and every
attempt in progress with a link to resume it (one per exam: starting again resumes)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from exams.models import Attempt
from exams.services import create_custom_exam, start_exam, start_or_resume_exam, submit_attempt
from exams.templatetags.exam_format import duration
from questions.models import Question
from tests.factories import make_exam, make_question, make_source, make_topic, make_true_false


def titles_in_order(body: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Exam"><a href="[^"]+">([^<]+)</a>', body)


def test_history_lists_the_newest_attempt_first(student_client, student):
    make_question(text="Q?", answer="A.")
    now = timezone.now()
    # Created out of order: ids and start times disagree.
    for title, hours_ago in (("Middle", 2), ("Newest", 0), ("Oldest", 5)):
        exam = make_exam(title=title, question_count=1)
        attempt = start_exam(exam=exam, user=student, now=now - timedelta(hours=hours_ago))
        submit_attempt(attempt=attempt, now=now - timedelta(hours=hours_ago) + timedelta(minutes=1))
    body = student_client.get(reverse("exams:history")).content.decode()
    assert titles_in_order(body) == ["Newest", "Middle", "Oldest"]
    api = APIClient()
    api.force_authenticate(student)
    listed = [row["exam"] for row in api.get(reverse("api:attempt-list")).json()]
    assert listed == ["Newest", "Middle", "Oldest"]


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "0 s"), (24, "24 s"), (60, "1 min"), (725, "12 min 5 s"), (3600, "1 h"),
     (5430, "1 h 30 min 30 s"), (None, "–")],
)  # fmt: skip
def test_durations_read_as_people_say_them(seconds, text):
    assert duration(seconds) == text


def test_history_shows_time_used_in_minutes_and_seconds(student_client, student):
    make_question(text="Q?", answer="A.")
    start = timezone.now() - timedelta(minutes=30)
    attempt = start_exam(exam=make_exam(question_count=1), user=student, now=start)
    submit_attempt(attempt=attempt, now=start + timedelta(minutes=12, seconds=5))
    body = student_client.get(reverse("exams:history")).content.decode()
    assert '<td data-label="Time used">12 min 5 s</td>' in body


@pytest.fixture
def bank(db):
    cnn, rnn = make_topic(name="CNN"), make_topic(name="RNN")
    for n in range(6):
        make_question(text=f"CNN {n}?", answer="A.", topics=[cnn])
        make_true_false(text=f"RNN {n}?", topics=[rnn])
    return cnn, rnn


def custom(owner, **choices):
    fields = {"topics": [], "sources": [], "kinds": [], "question_count": 2}
    return create_custom_exam(owner=owner, time_limit_minutes=10, **{**fields, **choices})


def test_a_custom_exam_is_named_by_its_topics_and_size(bank, student):
    cnn, rnn = bank
    assert custom(student, topics=[cnn, rnn], question_count=10).title == (
        "Custom: CNN, RNN · 10 questions"
    )
    assert custom(student, topics=[cnn], question_count=1).title == "Custom: CNN · 1 question"


def test_a_custom_exam_names_its_kinds_sources_or_the_whole_bank(bank, student):
    _, rnn = bank
    assert custom(student, kinds=[Question.Kind.TRUE_FALSE]).title == (
        "Custom: true/false · 2 questions"
    )
    assert custom(student, topics=[rnn], kinds=["true_false"]).title == (
        "Custom: RNN · true/false · 2 questions"
    )
    assert custom(student).title == "Custom: the whole bank · 2 questions"
    source = Question.objects.first().source
    assert custom(student, sources=[source], question_count=1).title == (
        f"Custom: {source.name} · 1 question"
    )


def test_long_topic_lists_are_cut_and_names_with_commas_stay_readable(db, student):
    names = ["Attention, transformers and language", "Data", "Loss", "Training", "Tensors"]
    topics = [make_topic(name=name) for name in names]
    for topic in topics:
        make_question(text=f"{topic.name}?", answer="A.", topics=[topic], source=make_source())
    assert custom(student, topics=topics).title == (
        "Custom: Attention, transformers and language; Data; Loss +2 more · 2 questions"
    )


def test_the_history_shows_each_custom_exam_by_its_name(student_client, bank, student):
    cnn, _ = bank
    exam = custom(student, topics=[cnn])
    start_exam(exam=exam, user=student, now=timezone.now())
    body = student_client.get(reverse("exams:history")).content.decode()
    assert titles_in_order(body) == ["Custom: CNN · 2 questions"]


def test_every_attempt_in_progress_is_listed_with_a_resume_link(student_client, bank, student):
    now = timezone.now()
    first = start_exam(exam=make_exam(title="First", question_count=1), user=student, now=now)
    second = start_exam(exam=make_exam(title="Second", question_count=1), user=student, now=now)
    for page in ("exams:history", "home", "exams:exams"):
        body = student_client.get(reverse(page)).content.decode()
        for attempt, title in ((first, "First"), (second, "Second")):
            resume = reverse("exams:attempt", args=[attempt.public_id])
            assert f'href="{resume}" aria-label="Resume {title}">Resume</a>' in body, page


def test_starting_an_exam_in_progress_resumes_it_instead_of_a_second_clock(
    student_client, bank, student
):
    exam = make_exam(title="Drill", question_count=2)
    first = student_client.post(reverse("exams:exam-start", args=[exam.pk]))
    again = student_client.post(reverse("exams:exam-start", args=[exam.pk]), follow=True)
    attempt = Attempt.objects.get(user=student)
    assert first.url == reverse("exams:attempt", args=[attempt.public_id])
    assert again.redirect_chain[-1][0] == first.url
    assert "You already have this exam in progress" in again.content.decode()


def test_the_api_answers_200_with_the_attempt_in_progress_when_started_again(bank, student):
    api = APIClient()
    api.force_authenticate(student)
    exam = make_exam(question_count=2)
    started = api.post(reverse("api:exam-start", args=[exam.pk]))
    resumed = api.post(reverse("api:exam-start", args=[exam.pk]))
    assert (started.status_code, resumed.status_code) == (201, 200)
    assert resumed.json()["id"] == started.json()["id"]


def test_an_exam_started_again_after_its_deadline_starts_afresh(bank, student):
    exam = make_exam(question_count=2, time_limit_minutes=10)
    now = timezone.now()
    old = start_or_resume_exam(exam=exam, user=student, now=now - timedelta(hours=1)).attempt
    new = start_or_resume_exam(exam=exam, user=student, now=now)
    old.refresh_from_db()
    assert new.is_new and new.attempt.pk != old.pk
    assert old.status == Attempt.Status.EXPIRED


def test_after_submitting_the_same_exam_starts_a_new_attempt(bank, student):
    exam = make_exam(question_count=2)
    now = timezone.now()
    first = submit_attempt(attempt=start_exam(exam=exam, user=student, now=now), now=now)
    second = start_or_resume_exam(exam=exam, user=student, now=now)
    assert second.is_new and second.attempt.pk != first.pk
