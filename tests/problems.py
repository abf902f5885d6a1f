"""Reading the API's errors (RFC 9457 problem details) in tests."""


def problem(response, status: int) -> dict:
    """The problem details of an error response, once its status and media type are checked."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank"
    return body


def field_errors(response) -> dict[str | None, list[str]]:
    """A 400's field errors as {field: [messages]} (None: the request as a whole)."""
    errors: dict[str | None, list[str]] = {}
    for error in problem(response, 400)["errors"]:
        errors.setdefault(error["field"], []).append(error["message"])
    return errors
