"""Request body parsers for the API (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]).

Python's json module recurses once per nesting level, so about a thousand nested brackets
(2 KB) raise RecursionError, which is not a ValueError and so escaped DRF's parser as a 500.
Even shallower nesting could recurse later (an error message printing the value). No request
of this API nests more than a few levels: deeper JSON is refused as a parse error, a 400.
Form and multipart bodies are flat (a QueryDict), so their parsers need no such guard.
"""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_JSON_DEPTH = 32


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if _nesting_exceeds(data, MAX_JSON_DEPTH):
            raise _too_deep()
        return data


def _too_deep() -> ParseError:
    return ParseError(f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep.")


def _nesting_exceeds(data: object, limit: int) -> bool:
    """Whether arrays and objects nest deeper than ``limit``, found without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in value)
    return False
