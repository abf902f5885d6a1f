"""The practice pages, the question page's "Practise this" and recall mode, the history link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice.models import Card, PracticeSettings, Review
from practice.views import RECALL_COOKIE
from tests.factories import make_question, make_topic

from .conftest import make_card


def test_the_practice_page_shows_due_then_new_cards_with_the_rating_scale(student_client, deck):
    response = student_client.get(reverse("practice:practice"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="practice-card"') == 6
    assert "How well did you know this?" in page
    assert "Show answer" in page
    assert "CNN answer 0." in page  # inside the closed answer box until revealed


def test_a_topic_link_practises_that_topic(student_client, deck):
    page = student_client.get(reverse("practice:practice"), {"topic": "rnn"}).content.decode()
    assert "Topic: RNN" in page
    assert "RNN 0?" in page and "CNN 0?" not in page


def test_nothing_due_says_when_the_next_card_is_due_and_offers_new_cards(student_client, student):
    PracticeSettings.objects.create(user=student, new_cards_per_day=0)
    make_card(student, due=timezone.now() + timedelta(days=2))
    unseen = make_question(answer="Not practised yet.")
    page = student_client.get(reverse("practice:practice")).content.decode()
    assert "Nothing is due" in page
    assert "The next card is due <strong>1\xa0day, 23\xa0hours from now</strong>" in page
    assert "Learn more new cards" in page
    more = student_client.get(reverse("practice:practice"), {"extra": 10}).content.decode()
    assert more.count('class="practice-card"') == 1
    assert f'data-question="{unseen.pk}"' in more


def test_rating_without_javascript_schedules_the_card_and_keeps_the_scope(student_client, deck):
    question = deck["rnn"][0]
    response = student_client.post(
        reverse("practice:rate"), {"question": question.pk, "rating": 4, "topic": "rnn"}
    )
    assert response.status_code == 302
    assert response.url == reverse("practice:practice") + "?topic=rnn"
    assert Review.objects.get().rating == 4
    assert Card.objects.get().question == question


def test_a_rating_off_the_scale_is_a_message_not_an_error(student_client, deck):
    response = student_client.post(
        reverse("practice:rate"), {"question": deck["rnn"][0].pk, "rating": 9}, follow=True
    )
    assert "Pick how well you knew it" in response.content.decode()
    assert not Review.objects.exists()


def test_a_student_never_sees_another_students_card(client, student, outsider):
    theirs = make_card(outsider)
    client.force_login(student)
    assert client.get(reverse("practice:card", args=[theirs.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("practice:card", args=[theirs.pk])).status_code == 200


def test_practice_needs_an_account(client, db):
    response = client.get(reverse("practice:practice"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_settings_save_and_set_the_recall_cookie(student_client, student):
    response = student_client.post(
        reverse("practice:settings"),
        {"new_cards_per_day": 5, "desired_retention": 0.85, "recall_mode": "on"},
    )
    assert response.status_code == 302
    assert response.cookies[RECALL_COOKIE].value == "1"
    saved = PracticeSettings.objects.get(user=student)
    assert (saved.new_cards_per_day, saved.desired_retention, saved.recall_mode) == (5, 0.85, True)
    off = student_client.post(
        reverse("practice:settings"), {"new_cards_per_day": 5, "desired_retention": 0.85}
    )
    assert off.cookies[RECALL_COOKIE].value == ""  # deleted


@pytest.mark.parametrize("retention", ["0.5", "1.2", "high"])
def test_a_desired_retention_out_of_range_is_a_form_error(student_client, retention):
    response = student_client.post(
        reverse("practice:settings"), {"new_cards_per_day": 5, "desired_retention": retention}
    )
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()


def test_the_profile_links_to_the_practice_settings(student_client):
    page = student_client.get(reverse("accounts:profile")).content.decode()
    assert reverse("practice:settings") in page


def test_a_question_page_offers_practise_this_and_marks_its_answers_for_recall_mode(client, db):
    question = make_question(answer="Zeroing random activations.")
    page = client.get(question.get_absolute_url()).content.decode()
    assert f"{reverse('practice:practice')}?question={question.pk}" in page
    assert 'data-recall="answers"' in page
    assert "js/recall.js" in page


def test_practise_this_shows_that_question_first(student_client, deck):
    wanted = deck["rnn"][2]
    page = student_client.get(reverse("practice:practice"), {"question": wanted.pk})
    first = page.content.decode().split('class="practice-card"')[1]
    assert f'data-question="{wanted.pk}"' in first


def test_the_historys_strength_per_topic_links_to_practising_it(student_client, student):
    from exams.models import Attempt, Response
    from tests.factories import make_exam

    topic = make_topic(slug="dropout", name="Dropout")
    question = make_question(topics=[topic], answer="A.")
    now = timezone.now()
    attempt = Attempt.objects.create(
        user=student, exam=make_exam(), status="submitted", started_at=now, deadline=now
    )
    Response.objects.create(
        attempt=attempt, question=question, position=1, points=0.25, marked_points=0.25
    )
    page = student_client.get(reverse("exams:history")).content.decode()
    assert f'href="{reverse("practice:practice")}?topic=dropout"' in page


@pytest.mark.parametrize("query", [{"topic": "a\x00b"}, {"source": "nope"}, {"question": "x"}])
def test_a_bad_scope_falls_back_to_everything(student_client, deck, query):
    response = student_client.get(reverse("practice:practice"), query)
    assert response.status_code == 200
    assert "Everything" in response.content.decode()


def test_an_export_of_a_bad_slug_is_a_message(student_client, deck):
    response = student_client.get(
        reverse("practice:export"), {"what": "topic", "topic": "\x00"}, follow=True
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
