"""Turn the parsed seed documents into Django fixtures: the bank and the ready-made exams.

Primary keys are assigned in document order, so the fixtures are deterministic and loading them
twice leaves the same rows. Rendered HTML and fingerprints are computed here because ``loaddata``
saves rows raw, without calling ``Model.save()``.
"""

import json
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify

from questions.markdown import render_markdown
from questions.models import Answer, fingerprint
from questions.topics import TOPIC_RULES, assign_topics

from .sources import SEED_DOCUMENTS

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# A fixed timestamp keeps the fixture byte-identical from one import to the next.
IMPORTED_AT = "2026-11-24T00:00:00Z"


def _row(model: str, pk: int, **fields) -> dict:
    return {"model": f"questions.{model}", "pk": pk, "fields": fields}


def build_bank_fixture() -> list[dict]:
    """Every question, choice and answer of the seed documents, with sources and topics."""
    topic_pks = {rule.slug: pk for pk, rule in enumerate(TOPIC_RULES, start=1)}
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


# Ready-made exams: a full mock exam over the course's question list, a short quiz over the
# whole bank, and a drill for every topic with enough questions that have an answer or a key.
DRILL_SIZE = 10
DRILL_MINIMUM = 6


def build_exam_fixture(bank: list[dict]) -> list[dict]:
    by_model: dict[str, list[dict]] = {}
    for row in bank:
        by_model.setdefault(row["model"].split(".")[1], []).append(row)
    answered = {row["fields"]["question"] for row in by_model["answer"]}
    keyed = {row["fields"]["question"] for row in by_model["choice"] if row["fields"]["is_correct"]}
    fingerprints_by_topic: dict[int, set[str]] = {}
    for row in by_model["question"]:
        fields = row["fields"]
        has_key = row["pk"] in keyed if fields["kind"] != "open" else row["pk"] in answered
        if has_key and not fields["needs_figure"]:
            for topic in fields["topics"]:
                fingerprints_by_topic.setdefault(topic, set()).add(fields["fingerprint"])
    course = next(
        row["pk"] for row in by_model["source"] if row["fields"]["slug"] == "exam-questions"
    )
    exams = [
        dict(title="Full mock exam: deep learning course", sources=[course], topics=[],
             description="Thirty questions from the course's exam question list, as in the "
                         "written exam: answer in your own words, then compare.",
             question_count=30, time_limit_minutes=90),
        dict(title="Quick quiz: the whole bank", sources=[], topics=[],
             description="Ten questions drawn from every source and topic.",
             question_count=10, time_limit_minutes=15),
    ]  # fmt: skip
    for topic in by_model["topic"]:
        available = len(fingerprints_by_topic.get(topic["pk"], ()))
        if available >= DRILL_MINIMUM:
            name = topic["fields"]["name"]
            count = min(DRILL_SIZE, available)
            exams.append(
                dict(title=f"Drill: {name}", sources=[], topics=[topic["pk"]],
                     description=f"{count} questions on {name.lower()}.",
                     question_count=count, time_limit_minutes=2 * count)
            )  # fmt: skip
    # No primary keys: loaddata matches exams by slug, so it never overwrites a student's own.
    return [
        {"model": "exams.exam", "fields": dict(
            slug=slugify(str(exam["title"])), position=position, kinds=[], include_unanswered=False,
            owner=None, created_at=IMPORTED_AT, **exam)}
        for position, exam in enumerate(exams, start=1)
    ]  # fmt: skip


def render_fixtures() -> dict[Path, str]:
    """The content of each fixture file the importer writes, by path."""
    bank = build_bank_fixture()
    return {
        FIXTURES_DIR / "bank.json": _dump(bank),
        FIXTURES_DIR / "exams.json": _dump(build_exam_fixture(bank)),
    }


def _dump(rows: list[dict]) -> str:
    return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"
