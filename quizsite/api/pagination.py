from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N``, and ``?page_size=N`` up to 100 for clients that pull the whole bank."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        # DRF writes OpenAPI 3.0's "nullable", which 3.1 (our schema's version) ignores: on the
        # first and last page, clients would be promised a link and get null.
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": "The next page; null on the last.",
                },
                "previous": {
                    "type": ["string", "null"],
                    "format": "uri",
                    "description": "The previous page; null on the first.",
                },
                "results": schema,
            },
        }
