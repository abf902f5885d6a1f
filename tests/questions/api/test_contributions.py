"""Contributing answers, improvements and keys through the API, and the rules they must meet."""

import pytest
from django.urls import reverse

from questions.models import Answer, Question
from tests.factories import make_answer, make_choice_question, make_contribution, make_question
from tests.problems import field_errors, problem

from .conftest import token_client


def contribute(client, question, **data):
    return client.post(reverse("api:contribute", args=[question.pk]), data, format="json")


def test_a_proposed_answer_is_pending_and_hidden_until_approved(student_api, student):
    question = make_question()
    response = contribute(student_api, question, body="Backprop is the *chain rule*.")
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["body_html"] == "<p>Backprop is the <em>chain rule</em>.</p>"
    contribution = Answer.objects.get(pk=response.json()["id"])
    assert contribution.author == student and contribution.status == Answer.Status.PENDING
    page = student_api.get(reverse("api:question", args=[question.pk])).json()
    assert page["answers"] == []
    assert "chain rule" not in student_api.get(question.get_absolute_url()).content.decode()


def test_a_contribution_is_sanitised_like_all_markdown(student_api):
    question = make_question()
    body = '<script>alert(1)</script>[x](javascript:alert(1)) <img src=x onerror="alert(1)">'
    html = contribute(student_api, question, body=body).json()["body_html"]
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_an_improvement_names_the_published_answer_it_would_replace(student_api):
    question = make_question()
    published = make_answer(question=question, body="Short answer.")
    response = contribute(student_api, question, body="A fuller answer.", replaces=published.pk)
    assert response.status_code == 201
    assert response.json()["replaces"] == published.pk


def test_an_improvement_of_another_questions_answer_is_refused(student_api):
    question, other = make_question(), make_question()
    elsewhere = make_answer(question=other)
    response = contribute(student_api, question, body="Better.", replaces=elsewhere.pk)
    assert (
        problem(response, 400)["detail"]
        == "An improvement must name a published answer of the same question."
    )


def test_an_improvement_of_an_unpublished_answer_is_refused(student_api, outsider):
    question = make_question()
    pending = make_contribution(question=question, author=outsider)
    response = contribute(student_api, question, body="Better.", replaces=pending.pk)
    assert field_errors(response) == {"replaces": [f"There is no published answer {pending.pk}."]}


def test_a_key_proposal_names_the_correct_choice_and_explains_it(student_api):
    question = make_choice_question(choices=["Adam", "SGD"])
    adam = question.choices.get(text="Adam")
    response = contribute(student_api, question, body="Adam adapts its steps.", key=[adam.pk])
    assert response.status_code == 201
    assert response.json()["key"] == [adam.pk]
    assert list(Answer.objects.get().proposed_choices.all()) == [adam]


def test_a_choice_question_needs_a_key(student_api):
    question = make_choice_question(kind=Question.Kind.TRUE_FALSE, choices=["True", "False"])
    response = contribute(student_api, question, body="It is true because…")
    assert "Name the correct choice" in problem(response, 400)["detail"]
    assert not Answer.objects.exists()


def test_a_key_naming_choices_that_do_not_exist_is_refused(student_api):
    question = make_choice_question(kind=Question.Kind.MULTIPLE_CHOICE, choices=["A", "B"])
    other = make_choice_question(choices=["C"])
    mine = question.choices.first()
    theirs = other.choices.get()
    response = contribute(
        student_api, question, body="A and more.", key=[mine.pk, theirs.pk, 999999]
    )
    assert (
        problem(response, 400)["detail"]
        == f"These are not choices of this question: {theirs.pk}, 999999."
    )


def test_a_single_choice_key_names_exactly_one_choice(student_api):
    question = make_choice_question(choices=["A", "B"])
    both = list(question.choices.values_list("pk", flat=True))
    response = contribute(student_api, question, body="Both.", key=both)
    assert (
        problem(response, 400)["detail"]
        == "This question has exactly one correct choice: name one."
    )


def test_an_open_question_takes_no_key(student_api):
    question = make_question()
    choice = make_choice_question().choices.first()
    response = contribute(student_api, question, body="An answer.", key=[choice.pk])
    assert problem(response, 400)["detail"] == "An open question has no choices to mark as correct."


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_an_empty_answer_is_refused(student_api, body):
    response = contribute(student_api, make_question(), body=body)
    assert field_errors(response) == {"body": ["This field may not be blank."]}


def test_a_missing_answer_is_refused(student_api):
    response = contribute(student_api, make_question())
    assert field_errors(response) == {"body": ["This field is required."]}


def test_an_answer_of_20000_characters_is_accepted_and_one_more_is_refused(student_api):
    question = make_question()
    assert contribute(student_api, question, body="x" * 20_000).status_code == 201
    response = contribute(student_api, question, body="x" * 20_001)
    assert field_errors(response) == {
        "body": ["Ensure this field has no more than 20000 characters."]
    }


def test_a_nul_byte_in_the_answer_is_a_400(student_api):
    response = contribute(student_api, make_question(), body="soft\x00max")
    assert field_errors(response) == {"body": ["Null characters are not allowed."]}


def test_contributing_to_an_unknown_question_is_a_404(student_api):
    response = student_api.post(
        reverse("api:contribute", args=[987654]), {"body": "Hi."}, format="json"
    )
    assert problem(response, 404)["detail"] == "No Question matches the given query."


def test_malformed_json_is_a_400_that_says_so(student_api):
    response = student_api.post(
        reverse("api:contribute", args=[make_question().pk]),
        '{"body": "unterminated',
        content_type="application/json",
    )
    malformed = problem(response, 400)
    assert malformed["detail"].startswith("JSON parse error") and malformed["errors"] == []


def test_anonymous_users_cannot_contribute(anonymous_api):
    response = contribute(anonymous_api, make_question(), body="Hello.")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Answer.objects.exists()


def test_my_contributions_lists_only_mine_newest_first_with_status_and_reason(
    student_api, student, outsider, moderator
):
    question = make_question()
    rejected = make_contribution(question=question, author=student, body="Wrong.")
    rejected.status, rejected.reason = Answer.Status.REJECTED, "Not what the notes say."
    rejected.decided_by = moderator
    rejected.save()
    pending = make_contribution(question=question, author=student, body="Right.")
    make_contribution(question=question, author=outsider, body="Not mine.")

    results = student_api.get(reverse("api:contributions")).json()["results"]

    assert [(c["id"], c["status"], c["reason"]) for c in results] == [
        (pending.pk, "pending", ""),
        (rejected.pk, "rejected", "Not what the notes say."),
    ]
    assert results[0]["question_url"] == f"http://testserver/questions/{question.pk}/"
    assert "decided_by" not in results[0]


def test_contributions_are_throttled_per_user(student_api, outsider, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "contributions": "2/hour"},
    }
    question = make_question()
    assert contribute(student_api, question, body="One.").status_code == 201
    assert contribute(student_api, question, body="Two.").status_code == 201
    refused = contribute(student_api, question, body="Three.")
    assert problem(refused, 429)["detail"].startswith("Request was throttled.")
    assert int(refused["Retry-After"]) > 0
    assert Answer.objects.count() == 2
    # Someone else's quota is their own; reading is not counted against contributions.
    assert contribute(token_client(outsider), question, body="Mine.").status_code == 201
    assert student_api.get(reverse("api:contributions")).status_code == 200
