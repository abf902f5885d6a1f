"""The review page: each question's state in a panel with filters (the marking assistant's
rating for answers the student has not rated), answers side by side with the missed key points
marked in the model answer, and ratings that work with and without script."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from exams.services import rate_response, save_response, start_exam, submit_attempt
from exams.templatetags.exam_format import mark_missed
from tests.factories import make_exam, make_question, make_true_false

DROPOUT = "Dropout switches off random units during training, which regularises the network."


@pytest.fixture
def reviewed(db, student):
    """Open rated by the student; open marked by the assistant only; open without model answer
    (nobody rated it); open blank (flagged); choice wrong; choice correct."""
    make_question(text="Rated?", answer="Model rated.")
    make_question(text="What is dropout?", answer=DROPOUT)
    make_question(text="What is a capsule network?")
    make_question(text="Blank?", answer="Model blank.")
    wrong = make_true_false(text="Wrong?", correct=True)
    correct = make_true_false(text="Correct?", correct=True)
    now = timezone.now()
    exam = make_exam(question_count=6, include_unanswered=True)
    attempt = start_exam(exam=exam, user=student, now=now)
    position = {r.question.text: r.position for r in attempt.responses.select_related("question")}

    def save(question, **answer):
        save_response(attempt=attempt, position=position[question], now=now, revision=1, **answer)

    save("Rated?", text="Mine")
    save("What is dropout?", text="Dropout switches off units during training.")
    save("What is a capsule network?", text="Capsules!")
    save("Blank?", flagged=True)
    save("Wrong?", choice_ids=[wrong.choices.get(text="False").pk])
    save("Correct?", choice_ids=[correct.choices.get(text="True").pk])
    attempt = submit_attempt(attempt=attempt, now=now)
    rate_response(attempt=attempt, position=position["Rated?"], rating=4)
    return attempt, position


def review_url(attempt):
    return reverse("exams:review", args=[attempt.public_id])


def item(body: str, n: int) -> str:
    return body.split(f'<section class="review-item" id="q-{n}"')[1].split("</section>")[0]


def test_the_panel_and_each_question_show_its_state(student_client, reviewed):
    attempt, position = reviewed
    marked = attempt.responses.get(position=position["What is dropout?"]).marked_rating
    body = student_client.get(review_url(attempt)).content.decode()
    expected = {"Rated?": "rated", "What is dropout?": "marked",
                "What is a capsule network?": "unrated", "Blank?": "blank", "Wrong?": "wrong",
                "Correct?": "correct"}  # fmt: skip
    for text, state in expected.items():
        n = position[text]
        assert re.search(rf'id="q-{n}"[^>]*data-state="{state}"', body), text
        assert re.search(rf'class="nav-item state-{state}[^"]*" id="nav-{n}"', body), text
    assert re.search(rf'state-blank flagged" id="nav-{position["Blank?"]}"', body)
    assert "Rated 4/5" in item(body, position["Rated?"])
    assert f"Marked {marked}/5" in item(body, position["What is dropout?"])


def test_the_assistants_rating_colours_the_panel_until_the_student_rates(student_client, reviewed):
    attempt, position = reviewed
    n = position["What is dropout?"]
    marked = attempt.responses.get(position=n).marked_rating
    tone = "low" if marked <= 2 else "mid" if marked == 3 else "high"
    body = student_client.get(review_url(attempt)).content.decode()
    assert re.search(rf'class="nav-item state-marked tone-{tone}" id="nav-{n}"', body)
    rate_response(attempt=attempt, position=n, rating=1)
    body = student_client.get(review_url(attempt)).content.decode()
    assert re.search(rf'class="nav-item state-rated tone-low" id="nav-{n}"', body)


def test_filters_count_each_state(student_client, reviewed):
    attempt, _ = reviewed
    body = student_client.get(review_url(attempt)).content.decode()
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', body))
    # "Not rated": by the student, whether or not the assistant marked it.
    assert counts == {"wrong": "1", "blank": "1", "unrated": "2", "flagged": "1", "rated": "1",
                      "correct": "1"}  # fmt: skip
    # Shown by the page's script, which does the filtering.
    assert 'id="review-filters" hidden' in body


def test_my_answer_and_the_model_answer_are_side_by_side(student_client, reviewed):
    attempt, position = reviewed
    body = student_client.get(review_url(attempt)).content.decode()
    mine, model = item(body, position["Rated?"]).split('<div class="answer-model">')
    assert '<div class="answer-mine">' in mine and "Mine" in mine
    assert "Model" in model and "rated." in model
    assert "<p>" in model and "&lt;p&gt;" not in model


def test_missed_key_points_are_marked_in_the_model_answer(student_client, reviewed):
    attempt, position = reviewed
    response = attempt.responses.get(position=position["What is dropout?"])
    missed = {point["text"] for point in response.missed_key_points}
    covered = {point["text"] for point in response.key_points if point["covered"]}
    assert "random" in missed and "units" in covered
    model = item(student_client.get(review_url(attempt)).content.decode(), response.position)
    model = model.split('<div class="answer-model">')[1]
    answer_body = model.split('class="credit"')[0]
    marked = set(re.findall(r'<mark class="missed">([^<]+)</mark>', answer_body))
    assert marked and {word.lower() for word in marked} <= missed
    assert "random" in marked
    assert '<mark class="missed">units' not in model


def test_marking_touches_text_only_never_tags_math_or_code():
    html = (
        '<p>The <a href="/random">random</a> units, <code>random</code> and '
        '<span class="arithmatex">\\(random\\)</span>; Random &amp; randomly.</p>'
    )
    points = [{"text": "random", "covered": False}, {"text": "units", "covered": True}]
    assert mark_missed(html, points) == (
        '<p>The <a href="/random"><mark class="missed">random</mark></a> units, '
        '<code>random</code> and <span class="arithmatex">\\(random\\)</span>; '
        '<mark class="missed">Random</mark> &amp; randomly.</p>'
    )
    unchanged = mark_missed(html, [{"text": "$x^2$", "covered": False}])
    assert unchanged == html and hasattr(unchanged, "__html__")


def test_practise_what_i_missed_counts_blank_wrong_and_low_ratings(student_client, reviewed):
    attempt, position = reviewed
    dropout = attempt.responses.get(position=position["What is dropout?"])
    low_mark = dropout.marked_rating <= 2
    body = student_client.get(review_url(attempt)).content.decode()
    assert f'<span id="missed-count">({2 + low_mark} questions)</span>' in body
    rate_response(attempt=attempt, position=position["Rated?"], rating=2)
    rate_response(attempt=attempt, position=dropout.position, rating=5)
    body = student_client.get(review_url(attempt)).content.decode()
    assert '<span id="missed-count">(3 questions)</span>' in body


def test_the_rating_form_posts_without_script_and_returns_to_the_question(student_client, reviewed):
    attempt, position = reviewed
    n = position["What is a capsule network?"]
    response = student_client.post(review_url(attempt), {"position": n, "rating": 5})
    assert response.url == review_url(attempt) + f"#q-{n}"
    body = student_client.get(response.url).content.decode()
    # 0.75 + 0 (marked, not rated) + 1 + 0 (blank) + 0 (wrong) + 1 over 6 questions
    assert '<dd id="score">46%</dd>' in body
    assert re.search(rf'id="q-{n}"[^>]*data-state="rated"', body)


def test_the_review_shows_time_used_as_minutes_and_seconds(student_client, reviewed):
    attempt, _ = reviewed
    body = student_client.get(review_url(attempt)).content.decode()
    assert re.search(r"<dt>Time used</dt><dd>\d+ s</dd>", body)
