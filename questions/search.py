"""The parts of the bank's search, put together by QuestionQuerySet.search() and kept current by
services.bank_index.

PostgreSQL: each question stores a search vector of its text (weight A) and of its published
answers (weight B) in the English configuration, so "networks" finds "network"; hyphens inside
words read as spaces, so "cross entropy" and "cross-entropy" find each other. A search is in
web-search syntax: "exact phrase", -excluded, `or`. Elsewhere (SQLite) the same syntax is read as
substring tests that ignore case and hyphens.
"""

import html
import operator
import re
import string
from collections.abc import Sequence
from functools import reduce

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
)
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Concat
from django.utils.safestring import SafeString, mark_safe

CONFIG = "english"
# A search lists at most this many questions (on PostgreSQL): the matches are ranked, and ranking
# costs a read of every match, so a word in a third of a 100,000-question bank would cost 300 ms.
# Up to this many the ranking is exact; beyond, these are the first the index finds, ranked, and
# the page asks for more words (bench/results/search_growth.md).
MAX_RESULTS = 500
# A search finding fewer questions than this may get a "Did you mean …?".
FEW_RESULTS = 5
# The words of the suggestions' vocabulary: letters only, 3 to 50 of them.
MAX_TERM_LENGTH = 50
TERM_PATTERN = rf"^[[:alpha:]]{{3,{MAX_TERM_LENGTH}}}$"


def has_full_text(connection: BaseDatabaseWrapper) -> bool:
    """Whether searches on this database use full-text search (PostgreSQL) or the substring
    fallback (elsewhere)."""
    return connection.vendor == "postgresql"


def left_matches_out(found: int, connection: BaseDatabaseWrapper) -> bool:
    """Whether a search that listed ``found`` questions may have more matches than it lists."""
    return has_full_text(connection) and found >= MAX_RESULTS


# A hyphen inside a word ("cross-entropy"); one before a word ("-dropout") excludes it. The same
# pattern works in Python and in PostgreSQL's regular expressions.
_HYPHEN_IN_WORD = r"(?<=\w)-(?=\w)"
# Snippet marks, and stand-ins for angle brackets (which PostgreSQL's parser would take for tags
# and drop): control characters removed from the document first, so they cannot come from it.
_START, _STOP, _LT, _GT = "\x02", "\x03", "\x04", "\x05"
_WORD = re.compile(r"\w+")
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')


def _searchable(expression) -> Func:
    """Text as the vector reads it: hyphens inside words and angle brackets become spaces."""
    brackets_as_spaces = Func(
        expression, Value("<>"), Value("  "), function="translate", output_field=TextField()
    )
    return Func(
        brackets_as_spaces,
        Value(_HYPHEN_IN_WORD),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def text_vector() -> SearchVector:
    """A question's text as a search vector, weight A."""
    return SearchVector(_searchable(F("text")), config=CONFIG, weight="A")


def answers_vector(answers) -> SearchVector:
    """The text of a question's published answers as a search vector, weight B."""
    return SearchVector(_searchable(answers), config=CONFIG, weight="B")


def vocabulary_document() -> Func:
    """A question's text and answers as the suggestions' vocabulary reads them (the parser
    gives the parts of a hyphenated word as words of their own)."""
    document = Concat(F("text"), Value(" "), F("answer_text"), output_field=TextField())
    return Func(document, Value("<>"), Value("  "), function="translate", output_field=TextField())


def websearch_query(text: str) -> SearchQuery:
    return SearchQuery(re.sub(_HYPHEN_IN_WORD, " ", text), search_type="websearch", config=CONFIG)


def in_question_text(query: SearchQuery) -> SearchVectorExact:
    """True when the query matches the question's text itself, not only its answers."""
    return SearchVectorExact(F("text_vector"), query)


def rank(query: SearchQuery) -> SearchRank:
    return SearchRank(F("search_vector"), query)


def _marked(headline: str | None) -> SafeString | None:
    """ts_headline's text, escaped, with only our <mark> elements as markup."""
    if headline is None:
        return None
    escaped = html.escape(" ".join(headline.split()))
    for stand_in, markup in ((_LT, "&lt;"), (_GT, "&gt;"), (_START, "<mark>"), (_STOP, "</mark>")):
        escaped = escaped.replace(stand_in, markup)
    return mark_safe(escaped)  # escaped above: the only tags are ours


class _SnippetField(TextField):
    def from_db_value(self, value, expression, connection):
        return _marked(value)


class Snippet(SearchHeadline):
    """Up to two fragments of the question's text and answers around the matches, as safe HTML:
    the text escaped, the matched words in <mark>."""

    output_field = _SnippetField()

    def __init__(self, query: SearchQuery):
        document = Func(
            Concat(F("text"), Value("\n\n"), F("answer_text"), output_field=TextField()),
            Value("<>" + _START + _STOP + _LT + _GT),
            Value(_LT + _GT),
            function="translate",
            output_field=TextField(),
        )
        super().__init__(
            document,
            query,
            config=CONFIG,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )


def substring_match(text: str, fields: Sequence[str]) -> Q:
    """Web-search syntax as case-insensitive substring tests of ``fields`` (text in which
    hyphens read as spaces): every word or "phrase" in one of them and no -excluded one, with
    alternatives split by `or`. A search of nothing matches nothing, as on PostgreSQL."""
    alternatives, terms = [], Q()
    for minus, phrase, word in _TERM.findall(text):
        if not minus and not phrase and word.lower() == "or":
            alternatives.append(terms)
            terms = Q()
            continue
        needle = " ".join((phrase or word).replace("-", " ").split()).strip(string.punctuation)
        if needle:
            found = reduce(operator.or_, (Q(**{f"{field}__icontains": needle}) for field in fields))
            terms &= ~found if minus else found
    alternatives = [alternative for alternative in [*alternatives, terms] if alternative]
    return reduce(operator.or_, alternatives) if alternatives else Q(pk__in=[])


def words(text: str) -> list[str]:
    """The words of a search that a suggestion may correct: letters only, lowercased, once."""
    found = (word.lower() for word in _WORD.findall(text) if word.isalpha())
    return list(dict.fromkeys(word for word in found if 3 <= len(word) <= MAX_TERM_LENGTH))


def corrected(text: str, corrections: dict[str, str]) -> str:
    """The search with each word found in ``corrections`` replaced, the rest kept as typed."""
    return _WORD.sub(lambda match: corrections.get(match.group().lower(), match.group()), text)
