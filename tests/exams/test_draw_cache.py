"""A class starting one exam reads the exam's candidate questions once, not once per student,
and a change to the bank is drawn from at the next start."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exams.services import Eligibility, start_exam
from tests.factories import make_exam, make_question, make_topic


def start_and_capture(exam, user) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        start_exam(exam=exam, user=user, now=timezone.now())
    return [query["sql"] for query in queries.captured_queries]


def reads_candidates(sql: list[str]) -> bool:
    """The candidate query is the one that looks at approved answers (the answer rule)."""
    return any('"questions_answer"' in statement for statement in sql)


def test_the_second_student_to_start_an_exam_draws_from_the_cached_candidates(student, outsider):
    for n in range(5):
        make_question(text=f"Open question {n}?", answer="A model answer.")
    exam = make_exam(question_count=3)

    assert reads_candidates(start_and_capture(exam, student))
    assert not reads_candidates(start_and_capture(exam, outsider))


def test_a_question_answered_after_a_start_is_drawn_at_the_next(
    student, outsider, django_capture_on_commit_callbacks
):
    topic = make_topic(slug="attention")
    first = make_question(text="What is attention?", answer="Weighted sums.", topics=[topic])
    exam = make_exam(question_count=2, topics=[topic])
    started = start_exam(exam=exam, user=student, now=timezone.now())
    assert list(started.responses.values_list("question", flat=True)) == [first.pk]

    with django_capture_on_commit_callbacks(execute=True):  # the bank's new version
        second = make_question(text="What is a transformer?", answer="Attention.", topics=[topic])

    later = start_exam(exam=exam, user=outsider, now=timezone.now())
    assert set(later.responses.values_list("question", flat=True)) == {first.pk, second.pk}


def test_the_cached_candidates_know_which_ids_are_the_same_question(db):
    asked = make_question(text="What is multi-task learning?", answer="A.")
    reworded = make_question(text="Why train one model on several tasks?", answer="B.")
    reworded.same_as = asked.same_as  # linked by the importer
    reworded.save()
    alone = make_question(text="What is a GAN?", answer="C.")
    candidates = Eligibility.of(make_exam(question_count=2)).candidates()
    assert sorted(candidates.ids) == sorted([asked.pk, reworded.pk, alone.pk])
    assert candidates.twins == {asked.pk: asked.same_as, reworded.pk: asked.same_as}
    assert candidates.same_question_key(alone.pk) == alone.pk
