"""What the bank's lists and search read besides its rows, recomputed from those rows.

Three things are derived: each question's place in the whole bank (``bank_rank``: an index then
serves the bank's order, and page N of the whole bank is a range of ranks), each question's
published answers as text and its search vector, and the vocabulary of suggestions (SearchTerm).

Saving or deleting a question, an answer or a source through the ORM refreshes them
(questions.signals); ``loaddata`` refreshes everything once it has loaded (its rows are saved
raw, past that code). After bulk writes (bulk_create, update(), SQL) call refresh_bank() or run
``manage.py refresh_bank``.
"""

from collections.abc import Collection
from typing import Any

from django.db import connection, transaction
from django.db.models import Aggregate, F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce

from questions import search
from questions.models import Answer, Question, SearchTerm, Source

_RENUMBER_SQL = """
UPDATE {questions} SET bank_rank = ranked.bank_rank
FROM (
    SELECT question.id, ROW_NUMBER() OVER (
        ORDER BY source.position, source.name, source.id, question.position, question.id
    ) AS bank_rank
    FROM {questions} AS question JOIN {sources} AS source ON source.id = question.source_id
) AS ranked
WHERE {questions}.id = ranked.id
    AND ({questions}.bank_rank IS NULL OR {questions}.bank_rank <> ranked.bank_rank)
"""

# The refresh writes only the questions whose answers or vectors changed: after a fixture load
# most are unchanged, and every rewritten row also rewrites its entries in the GIN index.
_ANSWERS_SQL = """
UPDATE {questions} SET answer_text = fresh.published
FROM ({fresh}) AS fresh
WHERE {questions}.id = fresh.id AND {questions}.answer_text <> fresh.published
"""

# MATERIALIZED: each vector is computed once, not again for the comparison.
_VECTORS_SQL = """
WITH fresh AS MATERIALIZED ({fresh})
UPDATE {questions} SET
    text_vector = fresh.text_part, search_vector = fresh.text_part || fresh.answers_part
FROM fresh
WHERE {questions}.id = fresh.id
    AND ({questions}.text_vector, {questions}.search_vector)
        IS DISTINCT FROM (fresh.text_part, fresh.text_part || fresh.answers_part)
"""

_COLLECT_TERMS_SQL = """
INSERT INTO {terms} (word)
SELECT DISTINCT word
FROM ({fresh}) AS documents,
    unnest(tsvector_to_array(to_tsvector('simple', documents.document))) AS word
WHERE word ~ %s
ON CONFLICT (word) DO NOTHING
"""


def refresh_bank(question_ids: Collection[int] | None = None) -> None:
    """Renumber the bank, and refresh the search index of these questions (all by default)."""
    with transaction.atomic():
        renumber_bank()
        refresh_search(question_ids)


def renumber_bank() -> None:
    """Give the questions bank_rank 1, 2, … n in bank order: sources by position (then name),
    then questions by position. Writes only the rows whose rank changed."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One renumbering at a time: each then sees the questions the previous one ranked.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('questions.bank_rank'))")
        cursor.execute(
            _RENUMBER_SQL.format(questions=Question._meta.db_table, sources=Source._meta.db_table)
        )


def refresh_search(question_ids: Collection[int] | None = None) -> None:
    """Store the published answers' text of these questions (all by default) and, on
    PostgreSQL, their search vectors, and add their words to the suggestions' vocabulary
    (rebuilt from scratch for the whole bank)."""
    questions = Question.objects.order_by()
    if question_ids is not None:
        questions = questions.filter(pk__in=question_ids)
    # One pass over the answers grouped by question: a subquery per question would look the
    # published answers up again for every row.
    answers = questions.annotate(
        published=Coalesce(
            _Joined(
                "answers__body",
                filter=Q(answers__status=Answer.Status.APPROVED, answers__superseded_by=None),
            ),
            Value(""),
            output_field=TextField(),
        )
    ).values("id", "published")
    with transaction.atomic():
        _execute(_ANSWERS_SQL, answers)
        if connection.vendor != "postgresql":
            return
        vectors = questions.annotate(
            text_part=search.text_vector(), answers_part=search.answers_vector(F("answer_text"))
        ).values("id", "text_part", "answers_part")
        _execute(_VECTORS_SQL, vectors)
        if question_ids is None:
            SearchTerm.objects.all().delete()
        documents = questions.annotate(document=search.vocabulary_document()).values("document")
        _execute(_COLLECT_TERMS_SQL, documents, search.TERM_PATTERN)


def _execute(sql: str, rows: QuerySet, *params: str) -> None:
    """Run one of the statements above around the SQL of ``rows``."""
    rows_sql, rows_params = rows.query.sql_with_params()
    statement = sql.format(
        questions=Question._meta.db_table, terms=SearchTerm._meta.db_table, fresh=rows_sql
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*rows_params, *params))


class _Joined(Aggregate):
    """Texts joined by blank lines: string_agg on PostgreSQL, group_concat on SQLite."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, expression: str, **extra: Any) -> None:
        super().__init__(expression, Value("\n\n"), **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)
