from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N``, and ``?page_size=N`` up to 100 for clients that pull the whole bank."""

    page_size_query_param = "page_size"
    max_page_size = 100
