"""One error shape for the whole API: RFC 9457 problem details, whatever went wrong and where."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tokens import create_token
from questions.models import Answer
from quizsite.views import server_error
from tests.factories import make_contribution, make_question
from tests.problems import field_errors, problem


def contribute_url() -> str:
    return reverse("api:contribute", args=[make_question().pk])


def test_field_errors_name_each_field_with_its_path_message_and_code(student_api):
    response = student_api.post(
        contribute_url(), {"body": "", "key": ["one", 2, "three"]}, format="json"
    )
    body = problem(response, 400)
    assert body["title"] == "Bad Request"
    assert body["errors"] == [
        {"field": "body", "message": "This field may not be blank.", "code": "blank"},
        {"field": "key.0", "message": "A valid integer is required.", "code": "invalid"},
        {"field": "key.2", "message": "A valid integer is required.", "code": "invalid"},
    ]
    # detail says it all in one line, for a client that shows only that.
    assert body["detail"] == (
        "body: This field may not be blank.; key.0: A valid integer is required.; "
        "key.2: A valid integer is required."
    )


def test_a_form_encoded_body_is_a_415_and_stores_nothing(student_api):
    response = student_api.post(contribute_url(), {"body": "An answer."}, format="multipart")
    assert "multipart/form-data" in problem(response, 415)["detail"]
    assert not Answer.objects.exists()


def test_a_body_over_the_upload_limit_is_a_413(student_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = student_api.post(contribute_url(), {"body": "x" * 2000}, format="json")
    assert problem(response, 413)["detail"] == (
        "The request body is too large: 1,000 bytes at most."
    )
    assert not Answer.objects.exists()


def test_a_method_the_endpoint_does_not_have_is_a_405(anonymous_api):
    response = anonymous_api.delete(reverse("api:sources"))
    assert problem(response, 405)["detail"] == 'Method "DELETE" not allowed.'
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_an_unacceptable_media_type_is_a_406(anonymous_api):
    response = anonymous_api.get(reverse("api:sources"), HTTP_ACCEPT="text/csv")
    assert "Could not satisfy the request Accept header" in problem(response, 406)["detail"]


def test_a_cookie_session_without_its_csrf_token_is_a_403_that_says_so(student):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(student)
    response = browser.post(contribute_url(), {"body": "An answer."}, format="json")
    assert problem(response, 403)["detail"].startswith("CSRF Failed")


def test_a_refusal_keeps_the_state_behind_it_as_extension_members(moderator_api, student):
    contribution = make_contribution(question=make_question(), author=student)
    approve = reverse("api:approve", args=[contribution.pk])
    assert moderator_api.post(approve, {}, format="json").status_code == 200
    body = problem(moderator_api.post(approve, {}, format="json"), 409)
    assert body["title"] == "Conflict"
    assert body["contribution"]["status"] == "approved"


def test_a_bad_token_is_a_401_with_the_scheme_to_use(anonymous_api):
    anonymous_api.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    response = anonymous_api.get(reverse("api:questions"))
    assert problem(response, 401)["detail"] == "Invalid or revoked token."
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("path", ["/api/v1/nowhere/", "/api/v2/questions/"])
def test_an_address_without_a_route_is_a_404_problem(anonymous_api, path):
    assert problem(anonymous_api.get(path), 404)["detail"] == "Not found."


def test_a_crash_under_the_api_is_a_500_problem_and_a_page_elsewhere():
    factory = RequestFactory()
    crashed = server_error(factory.get("/api/v1/questions/"))
    assert crashed.status_code == 500
    assert crashed["Content-Type"] == "application/problem+json"
    assert b'"detail": "Server error."' in crashed.content
    assert server_error(factory.get("/questions/"))["Content-Type"].startswith("text/html")


def test_bearer_is_accepted_like_token(student_api, student):
    _, key = create_token(user=student, name="generated client")
    student_api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert student_api.get(reverse("api:contributions")).status_code == 200


def test_an_unreadable_updated_since_is_a_400_naming_it(anonymous_api):
    response = anonymous_api.get(reverse("api:questions"), {"updated_since": "yesterday"})
    assert field_errors(response) == {"updated_since": ["Enter a valid date/time."]}
