"""The schema check that wraps every API test fails on drift, so it can be trusted to pass."""

import json

import pytest
from django.http import HttpResponse, JsonResponse
from openapi_core.validation.response.exceptions import DataValidationError, InvalidData

from tests.schema_conformance import check_response

SOURCE = {
    "slug": "exam",
    "name": "Exam",
    "description": "",
    "question_count": 1,
    "answered_count": 0,
    "updated_at": "2026-12-01T09:00:00Z",
}


def test_a_response_as_documented_passes():
    check_response("GET", "/api/v1/sources/", JsonResponse([SOURCE], safe=False))


@pytest.mark.parametrize(
    "drifted",
    [
        {key: value for key, value in SOURCE.items() if key != "updated_at"},  # a field gone
        {**SOURCE, "name": None},  # null where the schema promises a string
        {**SOURCE, "question_count": "1"},  # a number turned string
    ],
)
def test_a_drifting_field_fails(drifted):
    with pytest.raises(InvalidData):
        check_response("GET", "/api/v1/sources/", JsonResponse([drifted], safe=False))


def test_an_error_with_the_wrong_media_type_fails():
    body = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Not found."}
    with pytest.raises(DataValidationError):
        check_response(
            "GET", "/api/v1/questions/1/", JsonResponse(body, status=404)
        )  # application/json, not application/problem+json


def test_an_undocumented_route_must_still_answer_problem_details():
    with pytest.raises(AssertionError):
        check_response("GET", "/api/v1/nowhere/", HttpResponse("<h1>Not Found</h1>", status=404))
    problem = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Not found."}
    check_response(
        "GET",
        "/api/v1/nowhere/",
        HttpResponse(json.dumps(problem), status=404, content_type="application/problem+json"),
    )
