"""Turn the parsed seed documents into one Django fixture, ``fixtures/bank.json``.

Primary keys are assigned in document order, so the fixture is deterministic and loading it twice
leaves the same bank. Rendered HTML and fingerprints are computed here because ``loaddata`` saves
rows raw, without calling ``Model.save()``.
"""

import json
from pathlib import Path

from django.conf import settings

from questions.markdown import render_markdown
from questions.models import Answer, fingerprint
from questions.topics import TOPIC_RULES, assign_topics

from .sources import SEED_DOCUMENTS

FIXTURE_PATH = Path(settings.BASE_DIR) / "fixtures" / "bank.json"
# A fixed timestamp keeps the fixture byte-identical from one import to the next.
IMPORTED_AT = "2026-11-24T00:00:00Z"


def _row(model: str, pk: int, **fields) -> dict:
    return {"model": f"questions.{model}", "pk": pk, "fields": fields}


def build_bank_fixture() -> list[dict]:
    """Every question, choice and answer of the seed documents, with sources and topics."""
    topic_pks = {rule.slug: pk for pk, rule in enumerate(TOPIC_RULES, start=1)}
    # Rows are in dependency order (topics, then each source before its questions), as loaddata
    # on PostgreSQL checks foreign keys at commit but SQLite builds may check them sooner.
    rows = [
        _row("topic", topic_pks[rule.slug], slug=rule.slug, name=rule.name,
             description=rule.description, position=topic_pks[rule.slug])
        for rule in TOPIC_RULES
    ]  # fmt: skip
    question_pk = choice_pk = answer_pk = 0
    for source_pk, document in enumerate(SEED_DOCUMENTS, start=1):
        rows.append(
            _row("source", source_pk, slug=document.slug, name=document.name,
                 description=document.description, position=source_pk)
        )  # fmt: skip
        parsed = document.parser.parse(document.path.read_text(encoding="utf-8"))
        for question in parsed:
            question_pk += 1
            topics = assign_topics(question.text, question.section)
            rows.append(
                _row(
                    "question",
                    question_pk,
                    source=source_pk,
                    position=question.position,
                    section=question.section,
                    text=question.text,
                    text_html=render_markdown(question.text),
                    kind=question.kind,
                    needs_figure=question.needs_figure,
                    fingerprint=fingerprint(question.text),
                    topics=[topic_pks[slug] for slug in topics],
                )
            )
            for position, choice in enumerate(question.choices, start=1):
                choice_pk += 1
                rows.append(
                    _row("choice", choice_pk, question=question_pk, position=position,
                         text=choice.text, text_html=render_markdown(choice.text),
                         is_correct=choice.is_correct)
                )  # fmt: skip
            if question.answer:
                answer_pk += 1
                rows.append(
                    _row(
                        "answer",
                        answer_pk,
                        question=question_pk,
                        body=question.answer,
                        body_html=render_markdown(question.answer),
                        status=Answer.Status.APPROVED,
                        author=None,
                        source=source_pk,
                        created_at=IMPORTED_AT,
                        updated_at=IMPORTED_AT,
                    )
                )
    return rows


def render_bank_fixture() -> str:
    return json.dumps(build_bank_fixture(), indent=1, ensure_ascii=False) + "\n"
