"""What every API operation shares: input validation and the documented error responses.

Every error is a problem details body (quizsite.api.exceptions). ``responses()`` documents an
operation's own error statuses; ``AutoSchema`` adds those that follow from how the view is
configured, so no operation forgets one: 401 (it reads credentials), 403 (a cookie session
without its CSRF token, on unsafe methods), 400/413/415 (it reads a JSON body), 406, 429 (it is
throttled) and 503 (the database dropped; quizsite/middleware.py), both with ``Retry-After``.
"""

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication

from quizsite.api.exceptions import PROBLEM_CONTENT_TYPE

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
BODY_METHODS = {"POST", "PUT", "PATCH"}

_ERROR_DESCRIPTIONS = {
    400: "The request is invalid: `errors` lists each field and why (an empty list when the "
    "request as a whole is refused; `detail` says why).",
    401: "No valid credentials: send 'Authorization: Token <key>' (or 'Bearer <key>'), or sign in.",
    403: "Signed in, but not allowed to do this.",
    404: "No such object (or page).",
    406: "The Accept header asks for a media type this operation cannot send.",
    409: "The current state forbids it (a contribution already decided, an exam closed): "
    "`detail` says why.",
    413: "The request body is larger than the server accepts.",
    415: "The body is not JSON: send 'Content-Type: application/json'.",
    429: "Too many requests: retry after the number of seconds in `Retry-After`.",
    503: "The database is briefly unavailable (a restart, a failover): nothing was written; "
    "retry after the number of seconds in `Retry-After`.",
}
CSRF_DESCRIPTION = (
    "A browser session (cookie) without its CSRF token: send 'X-CSRFToken'. Token clients "
    "never get this."
)


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True,
        help_text="The field's dotted path ('key.0': the first item of 'key'); null when the "
        "request as a whole is wrong.",
    )
    message = serializers.CharField()
    code = serializers.CharField(help_text="Stable: 'required', 'invalid', 'max_length', …")


class ProblemSerializer(serializers.Serializer):
    """An error, as RFC 9457 problem details (application/problem+json). Some errors add
    members that describe the state behind them."""

    type = serializers.CharField(
        help_text="A URI reference naming the problem; 'about:blank' when the status says it all."
    )
    title = serializers.CharField(help_text="The HTTP status phrase.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What happened, in words fit to show a user.")


class ValidationProblemSerializer(ProblemSerializer):
    """A 400: problem details with the list of field errors."""

    # A field, not Serializer.errors: the metaclass moves declared fields off the class.
    errors = FieldErrorSerializer(many=True)  # type: ignore[assignment]


_ERROR_SHAPES: dict[int, Any] = {400: ValidationProblemSerializer}


def _error(code: int, shape: Any = None, description: str | None = None) -> dict:
    body = shape or _ERROR_SHAPES.get(code, ProblemSerializer)
    description = description or _ERROR_DESCRIPTIONS[code]
    return {(code, PROBLEM_CONTENT_TYPE): OpenApiResponse(body, description)}


def responses(success: dict, *codes: int, shapes: dict | None = None) -> dict:
    """The success responses plus the errors with these codes, as problem details. ``shapes``
    gives an error's body shape when it has more members (a ProblemSerializer subclass).
    AutoSchema adds the errors every operation of its kind can answer."""
    shapes = shapes or {}
    errors: dict = {}
    for code in sorted(set(codes)):
        errors.update(_error(code, shapes.get(code)))
    return {**success, **errors}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error responses that follow from the view's setup."""

    def _automatic_errors(self) -> dict[int, str | None]:
        view, method = self.view, self.method.upper()
        automatic: dict[int, str | None] = {406: None, 503: None}
        authenticators = view.get_authenticators()
        if authenticators:
            automatic[401] = None
        if method in UNSAFE_METHODS and any(
            isinstance(auth, SessionAuthentication) for auth in authenticators
        ):
            automatic[403] = CSRF_DESCRIPTION
        if method in BODY_METHODS and self.get_request_serializer() is not None:
            automatic.update({400: None, 413: None, 415: None})
        if view.get_throttles():
            automatic[429] = None
        return automatic

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for code, description in self._automatic_errors().items():
            if str(code) in bodies:
                if description:  # a 403 the operation documents, and the CSRF one
                    bodies[str(code)]["description"] += f" Or: {description}"
                continue
            (key, response), *_ = _error(code, description=description).items()
            bodies[str(code)] = self._get_response_for_code(response, str(code), key[1:])
        return dict(sorted(bodies.items()))

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=[429, 503],
                description="Seconds to wait before sending another request.",
            ),
            OpenApiParameter(
                "WWW-Authenticate",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=[401],
                description="The scheme to authenticate with: 'Token'.",
            ),
        ]


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict:
    """The request's data checked by ``serializer_class``; a 400 with field errors otherwise."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
