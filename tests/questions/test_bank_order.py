"""The bank's order (sources in order, then positions) and its pages, on the site and the API.

The whole bank is paged by rank (BankPaginator): these check that every page is the one an
OFFSET would give, and that the order follows sources being reordered and questions coming and
going.
"""

import random

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.models import Question
from questions.pagination import BankPaginator
from tests.factories import make_question, make_source


def bank_order(questions) -> list[tuple[str, int]]:
    return [(question.source.slug, question.position) for question in questions]


@pytest.fixture
def shuffled_bank(db):
    """Three sources created out of order, their questions created in a random order."""
    sources = [make_source(slug=slug, position=p) for slug, p in (("c", 3), ("a", 1), ("b", 2))]
    places = [(source, position) for source in sources for position in range(1, 8)]
    random.Random(3).shuffle(places)
    for source, position in places:
        make_question(source=source, position=position, text=f"{source.slug} {position}?")
    return sources


def test_the_bank_lists_sources_in_order_then_positions(client, shuffled_bank):
    response = client.get(reverse("questions:list"))
    expected = [(slug, n) for slug in "abc" for n in range(1, 8)]
    assert bank_order(response.context["page"].object_list) == expected


@pytest.mark.parametrize("per_page", [1, 4, 7, 25])
def test_every_page_of_the_whole_bank_is_the_page_an_offset_gives(shuffled_bank, per_page):
    by_rank = BankPaginator(Question.objects.for_listing(), per_page)
    by_offset = Paginator(Question.objects.for_listing(), per_page)
    assert by_rank.count == by_offset.count == 21
    assert by_rank.num_pages == by_offset.num_pages
    for number in by_offset.page_range:
        assert bank_order(by_rank.page(number)) == bank_order(by_offset.page(number))


def test_the_last_page_reads_ranks_instead_of_counting_and_skipping(
    client, settings, shuffled_bank
):
    settings.QUESTIONS_PER_PAGE = 10
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("questions:list"), {"page": 3})
    assert bank_order(response.context["page"].object_list) == [("c", 7)]
    sql = " ".join(query["sql"] for query in queries.captured_queries).upper()
    assert "OFFSET" not in sql and "COUNT(" not in sql


def test_reordering_sources_reorders_the_bank(client, shuffled_bank):
    c, a, b = shuffled_bank
    c.position = 0
    c.save()
    listed = client.get(reverse("questions:list")).context["page"].object_list
    assert [slug for slug, _ in bank_order(listed)] == ["c"] * 7 + ["a"] * 7 + ["b"] * 7


def test_added_and_deleted_questions_keep_the_pages_whole(client, settings, shuffled_bank):
    settings.QUESTIONS_PER_PAGE = 5
    c, a, b = shuffled_bank
    Question.objects.get(source=a, position=3).delete()
    make_question(source=b, position=8, text="b 8?")
    make_question(source=a, position=0, text="a 0?")
    pages = [client.get(reverse("questions:list"), {"page": n}).context["page"] for n in (1, 5)]
    assert pages[0].paginator.count == 22
    assert bank_order(pages[0]) == [("a", 0), ("a", 1), ("a", 2), ("a", 4), ("a", 5)]
    assert bank_order(pages[1]) == [("c", 6), ("c", 7)]


def test_api_pages_follow_the_bank_order_to_the_last(client, shuffled_bank):
    url = reverse("api:questions")
    last = client.get(url, {"page": 3, "page_size": 10}).json()
    assert last["count"] == 21 and last["next"] is None
    assert [(q["source"]["slug"], q["position"]) for q in last["results"]] == [("c", 7)]
    assert client.get(url, {"page": 4, "page_size": 10}).status_code == 404


def test_filtered_lists_keep_the_bank_order(client, shuffled_bank):
    c, a, b = shuffled_bank
    response = client.get(reverse("questions:list"), {"source": "b"})
    assert bank_order(response.context["page"].object_list) == [("b", n) for n in range(1, 8)]
    assert response.context["page"].paginator.count == 7
