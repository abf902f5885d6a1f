"""What every API operation shares: input validation and the documented error responses."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

_ERROR_DESCRIPTIONS = {
    400: "The request is invalid: the body says which field and why.",
    401: "No valid credentials: sign in, or send 'Authorization: Token <key>'.",
    403: "Signed in, but not allowed to do this.",
    404: "No such object (or page).",
    409: "The current state forbids it (a contribution already decided, an exam closed): "
    "the body says why.",
    429: "Too many requests: the body says when to retry.",
}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


_ERROR_SHAPES: dict[int, Any] = {400: OpenApiTypes.OBJECT}


def responses(success: dict, *codes: int, shapes: dict | None = None) -> dict:
    """The success responses, plus the errors with these codes, plus 401 and 429 (any request
    may carry a bad token or come too often). ``shapes`` overrides an error's body shape."""
    shapes = {**_ERROR_SHAPES, **(shapes or {})}
    errors = {
        code: OpenApiResponse(shapes.get(code, ErrorSerializer), _ERROR_DESCRIPTIONS[code])
        for code in sorted({*codes, 401, 429})
    }
    return {**success, **errors}


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict:
    """The request's data checked by ``serializer_class``; a 400 with field errors otherwise."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
