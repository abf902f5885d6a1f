"""Every API response the tests receive is checked against the OpenAPI schema.

tests/conftest.py wraps Django's test client, so each test of the API doubles as a contract
test: a field that drifts from its documented type or nullability, an undocumented status, a
wrong media type (problem details are application/problem+json) fails the test that caused it.
Responses to a path or method the schema does not have must still be problem details.
"""

import json
import threading
from functools import cache

from django.http import HttpResponseBase
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import Config, OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS31Validator

API_PREFIX = "/api/v1/"


# drf-spectacular's generator is not thread-safe: a test whose threads call the API at once (two
# tabs saving) must not generate the schema twice at the same time, or one of them caches a
# schema with components missing for the rest of the process.
_generating = threading.Lock()


def schema() -> dict:
    with _generating:
        return _generated_schema()


@cache
def _generated_schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


@cache
def openapi() -> OpenAPI:
    # openapi-core parses application/json only; problem details and the export are JSON too.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_dict(schema(), config=config)


def check_response(method: str, path: str, response: HttpResponseBase) -> None:
    """Raise if ``response`` to ``method path`` is not what the schema documents."""
    if not path.startswith(API_PREFIX) or response.streaming:
        return  # pages are not in the schema; the export is checked line by line
    if response.status_code == 200 and _is_download(response):
        return  # a file (an Anki deck, a CSV): its tests open it and read it
    content = response.content  # type: ignore[attr-defined]
    request = MockRequest("http://testserver", method, path)
    answer = MockResponse(
        content,
        status_code=response.status_code,
        headers=dict(response.headers),
        content_type=response.get("Content-Type", ""),
    )
    try:
        openapi().validate_response(request, answer)
    except (PathNotFound, OperationNotFound):
        check_problem(response)


def check_problem(response: HttpResponseBase) -> None:
    """An error outside any documented operation (no route, a method not allowed)."""
    assert response.status_code >= 400, response.status_code
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    body = json.loads(response.content)  # type: ignore[attr-defined]
    OAS31Validator(schema()["components"]["schemas"]["Problem"]).validate(body)
    assert body["status"] == response.status_code


def _is_download(response: HttpResponseBase) -> bool:
    return response.get("Content-Disposition", "").startswith("attachment")
