"""Conditional GETs: ``ETag`` and ``Last-Modified`` on read endpoints, and a 304 for a client
whose copy is still current (``If-None-Match``, or ``If-Modified-Since``).

Validators are computed from a cheap summary of what the response shows (the latest
``updated_at`` and a row count, not the rendered body), so a 304 costs a query or two instead of
a page. ETags are weak: equal ETags mean the same content, not the same bytes.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.db.models import Count, Max, QuerySet
from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

R = TypeVar("R", bound=HttpResponseBase)


def latest_change(rows: QuerySet) -> tuple[datetime | None, int]:
    """The latest ``updated_at`` of these rows and how many there are, in one query."""
    found = rows.order_by().aggregate(latest=Max("updated_at"), count=Count("pk"))
    return found["latest"], found["count"]


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime | None

    @classmethod
    def of(cls, request: Request, *state: object, last_modified: datetime | None) -> "Validators":
        """Validators for ``state`` as this request would show it: the path and query (filters,
        page), the host (absolute URLs in the body) and the media type are part of it."""
        parts = [request.get_full_path(), request.get_host(), request.accepted_media_type, *state]
        digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
        return cls(etag=f'W/"{digest}"', last_modified=last_modified)

    def not_modified(self, request: Request) -> Response | None:
        """A 304 (with the validators) when the client's copy is current; None otherwise."""
        timestamp = int(self.last_modified.timestamp()) if self.last_modified else None
        decided = get_conditional_response(request, etag=self.etag, last_modified=timestamp)
        return None if decided is None else self.stamp(Response(status=decided.status_code))

    def stamp(self, response: R) -> R:
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        return response


VALIDATOR_HEADERS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="A weak validator: send it back in If-None-Match to get a 304 while "
        "nothing changed.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="The latest change (to the second); If-Modified-Since works with it, "
        "If-None-Match is exact.",
    ),
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="The ETag of your copy: a 304 with no body if it is still current.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="The Last-Modified of your copy: a 304 if nothing changed since.",
    ),
]
NOT_MODIFIED = {304: None}
