"""The exam endpoints under /api/v1/, as the exam page and API clients use them."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from exams import services
from exams.models import Attempt
from exams.services import start_exam, submit_attempt
from tests.factories import make_exam, make_question, make_topic, make_true_false
from tests.problems import field_errors, problem


@pytest.fixture
def api(student):
    client = APIClient()
    client.force_authenticate(student)
    return client


@pytest.fixture
def exam(db):
    for n in range(3):
        make_question(text=f"Open question {n}?", answer=f"Model answer {n}.")
    make_true_false(text="True or false: ReLU is linear?", correct=False)
    return make_exam(question_count=4, time_limit_minutes=30)


@pytest.fixture
def attempt(exam, student):
    return start_exam(exam=exam, user=student, now=timezone.now())


def url(name, *args):
    return reverse(f"api:{name}", args=args)


def test_starting_an_exam_returns_questions_without_answers_and_the_server_clock(api, exam):
    response = api.post(url("exam-start", exam.pk))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "in_progress"
    assert 30 * 60 - 5 <= body["remaining_seconds"] <= 30 * 60
    assert len(body["responses"]) == 4
    assert all("answers" not in item["question"] for item in body["responses"])
    choices = [c for item in body["responses"] for c in item["question"]["choices"]]
    assert choices and all("is_correct" not in choice for choice in choices)
    assert "Model answer" not in response.content.decode()


def test_anonymous_users_cannot_start_exams(exam, client):
    assert client.post(url("exam-start", exam.pk)).status_code == 401


def test_another_students_attempt_is_a_404(attempt, outsider):
    client = APIClient()
    client.force_authenticate(outsider)
    key = attempt.public_id
    assert client.get(url("attempt-detail", key)).status_code == 404
    assert (
        client.put(url("attempt-save", key, 1), {"revision": 1}, format="json").status_code == 404
    )
    assert client.post(url("attempt-submit", key)).status_code == 404
    assert client.get(url("attempt-review", key)).status_code == 404


def test_saving_then_fetching_restores_the_answer(api, attempt):
    open_position = attempt.responses.filter(question__kind="open").first().position
    saved = api.put(
        url("attempt-save", attempt.public_id, open_position),
        {"revision": 1, "text": "Softmax is $e^{z_i}/\\sum_j e^{z_j}$", "flagged": True},
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["applied"] is True
    restored = api.get(url("attempt-detail", attempt.public_id)).json()
    item = next(r for r in restored["responses"] if r["position"] == open_position)
    assert item["text"] == "Softmax is $e^{z_i}/\\sum_j e^{z_j}$"
    assert item["flagged"] is True and item["revision"] == 1


def test_late_save_is_refused_with_a_clear_message(api, attempt, settings):
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=settings.EXAM_GRACE_SECONDS + 1)
    )
    response = api.put(
        url("attempt-save", attempt.public_id, 1), {"revision": 1, "flagged": True}, format="json"
    )
    refusal = problem(response, 409)
    assert refusal["detail"].startswith("Time is up")
    assert refusal["attempt_status"] == "expired"
    assert not attempt.responses.get(position=1).flagged


def test_a_save_after_submitting_says_the_attempt_was_submitted(api, attempt):
    assert api.post(url("attempt-submit", attempt.public_id)).status_code == 200
    response = api.put(
        url("attempt-save", attempt.public_id, 1), {"revision": 1, "text": "Late"}, format="json"
    )
    refusal = problem(response, 409)
    assert refusal["detail"] == (
        "This attempt was already submitted: answers can no longer be changed."
    )
    assert refusal["attempt_status"] == "submitted"
    assert attempt.responses.get(position=1).text == ""


@pytest.mark.parametrize(
    "payload, message",
    [
        ({}, "revision"),
        ({"revision": 0}, "revision"),
        ({"revision": 1, "text": "x" * 20_001}, "text"),
        ({"revision": 1, "choice_ids": ["a"]}, "choice_ids.0"),
    ],
)
def test_malformed_saves_get_a_400_naming_the_field(api, attempt, payload, message):
    response = api.put(url("attempt-save", attempt.public_id, 1), payload, format="json")
    assert message in field_errors(response)


def test_malformed_json_is_a_400(api, attempt):
    response = api.generic(
        "PUT", url("attempt-save", attempt.public_id, 1), "{not json", "application/json"
    )
    assert "JSON parse error" in problem(response, 400)["detail"]


def test_unknown_position_is_a_400(api, attempt):
    response = api.put(url("attempt-save", attempt.public_id, 99), {"revision": 1}, format="json")
    assert "no question 99" in problem(response, 400)["detail"]


def test_submit_twice_records_one_submission_and_opens_the_review(api, attempt):
    first = api.post(url("attempt-submit", attempt.public_id))
    second = api.post(url("attempt-submit", attempt.public_id))
    assert first.status_code == second.status_code == 200
    assert first.json()["finished_at"] == second.json()["finished_at"]
    review = api.get(url("attempt-review", attempt.public_id)).json()
    assert review["status"] == "submitted"
    assert "self-assessment" in review["scoring"]
    open_items = [r for r in review["responses"] if r["question"]["kind"] == "open"]
    assert all(item["question"]["model_answers"] for item in open_items)
    assert {(item["state"], item["is_missed"]) for item in review["responses"]} == {("blank", True)}


def test_review_is_refused_while_the_attempt_is_open(api, attempt):
    response = api.get(url("attempt-review", attempt.public_id))
    assert response.status_code == 409


def test_rating_an_open_answer_updates_the_score(api, attempt):
    position = attempt.responses.filter(question__kind="open").first().position
    save = {"revision": 1, "text": "My written answer."}
    api.put(url("attempt-save", attempt.public_id, position), save, format="json")
    api.post(url("attempt-submit", attempt.public_id))
    rated = api.post(url("attempt-rate", attempt.public_id, position), {"rating": 5}, format="json")
    assert rated.status_code == 200 and rated.json()["points"] == 1.0
    assert rated.json()["attempt_score"] == pytest.approx(0.25)
    history = api.get(url("attempt-list")).json()
    assert history[0]["score"] == pytest.approx(0.25)
    bad = api.post(url("attempt-rate", attempt.public_id, position), {"rating": 9}, format="json")
    assert bad.status_code == 400


def test_custom_exam_with_too_few_questions_tells_how_many_match(api, db):
    make_topic(slug="cnn")
    make_question(text="Only one?", answer="Yes.")
    response = api.post(
        url("exam-custom"),
        {"topics": [], "question_count": 10, "time_limit_minutes": 5},
        format="json",
    )
    refusal = problem(response, 400)
    assert refusal["available"] == 1 and refusal["errors"] == []
    assert "Only 1 question match" in refusal["detail"]


def test_custom_exam_is_created_and_can_be_started(api, exam):
    created = api.post(
        url("exam-custom"),
        {"kinds": ["open"], "question_count": 2, "time_limit_minutes": 5},
        format="json",
    )
    assert created.status_code == 201
    started = api.post(url("exam-start", created.json()["id"]))
    assert started.status_code == 201
    assert {r["question"]["kind"] for r in started.json()["responses"]} == {"open"}


def test_someone_elses_custom_exam_is_a_404(api, outsider, exam):
    foreign = make_exam(owner=outsider)
    assert api.post(url("exam-start", foreign.pk)).status_code == 404


def test_preview_renders_markdown_like_a_saved_answer(api, db):
    response = api.post(
        url("markdown-preview"), {"text": "$x^2$ <script>x</script>"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["html"] == '<p><span class="arithmatex">\\(x^2\\)</span> </p>'


@pytest.mark.parametrize("n", [2, 12])
def test_start_save_and_load_make_a_fixed_number_of_queries(
    api, student, outsider, django_assert_num_queries, n
):
    for i in range(n):
        make_true_false(text=f"True or false {i}?")
    exam = make_exam(question_count=n)
    # exam, its links (topics, sources, fixed questions: none), any attempt in progress to
    # resume, candidate ids with their same-question keys, attempt, responses (one bulk insert,
    # as returned), then the questions of the attempt and their choices; 2 savepoints
    with django_assert_num_queries(12):
        attempt_id = api.post(url("exam-start", exam.pk)).json()["id"]
    with django_assert_num_queries(DETAIL_QUERIES):
        assert api.get(url("attempt-detail", attempt_id)).status_code == 200
    # Started again (a second tab): the exam, the attempt in progress, its responses; 2 savepoints
    with django_assert_num_queries(5):
        assert api.post(url("exam-start", exam.pk)).json()["id"] == attempt_id
    with django_assert_num_queries(SAVE_QUERIES):
        response = api.put(
            url("attempt-save", attempt_id, 1), {"revision": 1, "flagged": True}, format="json"
        )
        assert response.status_code == 200
    # The next student of the class: the exam's links, the candidate ids, the questions and
    # their choices all come from the shared cache.
    classmate = APIClient()
    classmate.force_authenticate(outsider)
    with django_assert_num_queries(6):
        assert classmate.post(url("exam-start", exam.pk)).status_code == 201


def test_a_question_edited_during_an_exam_shows_as_edited(
    api, student, django_capture_on_commit_callbacks
):
    question = make_true_false(text="Is ReLU linear?")
    attempt_id = api.post(url("exam-start", make_exam(question_count=1).pk)).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):  # the bank's new version
        question.text = "Is ReLU piecewise linear?"
        question.save()
    shown = api.get(url("attempt-detail", attempt_id)).json()["responses"][0]["question"]
    assert shown["text"] == "Is ReLU piecewise linear?"
    assert [choice["text"] for choice in shown["choices"]] == ["True", "False"]


DETAIL_QUERIES = 2  # the attempt with its exam, its responses (the rest from the cache)
# the attempt, the response locked, the update while the attempt is open; 2 savepoints
SAVE_QUERIES = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_share_one_attempt_and_one_clock(api, student, monkeypatch):
    for i in range(3):
        make_question(text=f"Question {i}?", answer="A.")
    exam = make_exam(question_count=3)
    draw_questions = services.draw_questions
    other_tab = {}

    def draw_while_another_tab_starts(*args, **kwargs):
        """The other tab's start runs and commits between this one's look for an attempt in
        progress (none) and its insert."""
        if not other_tab:
            other_tab["started"] = True

            def start_in_another_tab():
                client = APIClient()
                client.force_authenticate(student)
                other_tab["response"] = client.post(url("exam-start", exam.pk))
                connection.close()

            thread = threading.Thread(target=start_in_another_tab)
            thread.start()
            thread.join()
        return draw_questions(*args, **kwargs)

    monkeypatch.setattr(services, "draw_questions", draw_while_another_tab_starts)
    this_tab = api.post(url("exam-start", exam.pk))

    assert other_tab["response"].status_code == 201
    assert this_tab.status_code == 200
    assert this_tab.json()["id"] == other_tab["response"].json()["id"]
    assert len(this_tab.json()["responses"]) == 3
    assert Attempt.objects.filter(user=student, exam=exam).count() == 1


def test_the_database_refuses_a_second_open_attempt_at_one_exam(attempt):
    with pytest.raises(IntegrityError):
        Attempt.objects.create(
            user=attempt.user,
            exam=attempt.exam,
            started_at=attempt.started_at,
            deadline=attempt.deadline,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_different_questions_at_once_lose_nothing(student):
    for i in range(2):
        make_question(text=f"Question {i}?", answer="A.")
    attempt = start_exam(exam=make_exam(question_count=2), user=student, now=timezone.now())
    barrier = threading.Barrier(2)
    statuses = []

    def tab(position):
        client = APIClient()
        client.force_authenticate(student)
        barrier.wait()
        for revision in range(1, 6):
            response = client.put(
                url("attempt-save", attempt.public_id, position),
                {"revision": revision, "text": f"tab {position} rev {revision}"},
                format="json",
            )
            statuses.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=tab, args=(position,)) for position in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 10
    texts = dict(attempt.responses.values_list("position", "text"))
    assert texts == {1: "tab 1 rev 5", 2: "tab 2 rev 5"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_save_racing_a_submit_from_another_tab_is_refused_not_written_after_it(student, settings):
    # As in production: the task worker marks later, so the submit leaves open answers as they
    # are (inline marking would wait for the save's lock on the response).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_question(text="Question?", answer="A.")
    attempt = start_exam(exam=make_exam(question_count=1), user=student, now=timezone.now())
    client = APIClient()
    client.force_authenticate(student)
    first = client.put(
        url("attempt-save", attempt.public_id, 1), {"revision": 1, "text": "kept"}, format="json"
    )
    assert first.status_code == 200

    def submit_from_another_tab():
        submit_attempt(attempt=attempt, now=timezone.now())
        connection.close()

    def submit_just_before_the_update(execute, sql, params, many, context):
        # The save has read the attempt as open and locked its response: now the other tab's
        # submit commits, before the save writes.
        if sql.startswith('UPDATE "exams_response"'):
            other_tab = threading.Thread(target=submit_from_another_tab)
            other_tab.start()
            other_tab.join()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(submit_just_before_the_update):
        response = client.put(
            url("attempt-save", attempt.public_id, 1),
            {"revision": 2, "text": "too late"},
            format="json",
        )
    assert response.status_code == 409
    assert response.json()["attempt_status"] == "submitted"
    assert attempt.responses.get().text == "kept"


def test_offering_an_answer_without_model_answer_creates_a_pending_contribution(api, student):
    make_question(text="What is a capsule network?")
    exam = make_exam(question_count=1, include_unanswered=True)
    attempt = start_exam(exam=exam, user=student, now=timezone.now())
    too_early = api.post(url("attempt-offer", attempt.public_id, 1))
    assert too_early.status_code == 409
    api.put(url("attempt-save", attempt.public_id, 1), {"revision": 1, "text": "Caps"}, "json")
    api.post(url("attempt-submit", attempt.public_id))
    offered = api.post(url("attempt-offer", attempt.public_id, 1))
    assert offered.status_code == 201
    assert offered.json()["status"] == "pending" and offered.json()["body"] == "Caps"
    again = api.post(url("attempt-offer", attempt.public_id, 1))
    assert again.json()["id"] == offered.json()["id"]


def test_offering_is_refused_when_a_model_answer_exists(api, attempt):
    position = attempt.responses.filter(question__kind="open").first().position
    api.put(
        url("attempt-save", attempt.public_id, position), {"revision": 1, "text": "Mine"}, "json"
    )
    api.post(url("attempt-submit", attempt.public_id))
    response = api.post(url("attempt-offer", attempt.public_id, position))
    assert response.status_code == 400
    assert response.json()["detail"] == "This question already has a model answer."


def test_an_out_of_range_revision_is_a_400_not_a_crash(api, attempt):
    response = api.put(
        url("attempt-save", attempt.public_id, 1), {"revision": 2**40, "flagged": True}, "json"
    )
    assert "revision" in field_errors(response)
