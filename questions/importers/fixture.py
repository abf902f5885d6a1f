"""Turn the parsed seed documents into the bank and into Django fixtures: the bank and the exams.

The bank is built as unsaved model instances whose derived fields (rendered HTML, fingerprints)
come from the models' own ``fill_derived()``, the code ``save()`` runs, so the fixture holds what
saving the same text would store (``loaddata`` saves rows raw). Primary keys are assigned in
document order, so the fixtures are deterministic and loading them twice leaves the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import slugify

from questions.models import Answer, Choice, Question, Source, Topic
from questions.topics import TOPIC_RULES, assign_document_topics

from .linking import link_questions
from .sources import SEED_DOCUMENTS

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
# A fixed timestamp keeps the fixture byte-identical from one import to the next.
IMPORTED_AT = datetime(2026, 11, 24, tzinfo=UTC)


@dataclass
class Bank:
    """The imported bank as unsaved rows, in primary key order, with their many-to-many links."""

    topics: list[Topic] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    question_topics: dict[int, list[int]] = field(default_factory=dict)
    related: dict[int, list[int]] = field(default_factory=dict)


def build_bank() -> Bank:
    """Every question, choice and answer of the seed documents, with sources, topics and links."""
    bank = Bank()
    topic_pks = {rule.slug: pk for pk, rule in enumerate(TOPIC_RULES, start=1)}
    bank.topics = [
        Topic(pk=pk, slug=rule.slug, name=rule.name, description=rule.description, position=pk)
        for rule, pk in zip(TOPIC_RULES, topic_pks.values(), strict=True)
    ]
    for source_pk, document in enumerate(SEED_DOCUMENTS, start=1):
        source = Source(
            pk=source_pk,
            slug=document.slug,
            name=document.name,
            description=document.description,
            position=source_pk,
        )
        bank.sources.append(source)
        parsed_questions = document.parser.parse(document.path.read_text(encoding="utf-8"))
        document_topics = assign_document_topics((q.text, q.section) for q in parsed_questions)
        for parsed, topics in zip(parsed_questions, document_topics, strict=True):
            question = Question(
                pk=len(bank.questions) + 1,
                source=source,
                position=parsed.position,
                section=parsed.section,
                text=parsed.text,
                kind=parsed.kind,
                needs_figure=parsed.needs_figure,
            )
            question.fill_derived()
            bank.questions.append(question)
            bank.question_topics[question.pk] = [topic_pks[slug] for slug in topics]
            for position, parsed_choice in enumerate(parsed.choices, start=1):
                choice = Choice(
                    pk=len(bank.choices) + 1,
                    question=question,
                    position=position,
                    text=parsed_choice.text,
                    is_correct=parsed_choice.is_correct,
                )
                choice.fill_derived()
                bank.choices.append(choice)
            if parsed.answer:
                answer = Answer(
                    pk=len(bank.answers) + 1,
                    question=question,
                    body=parsed.answer,
                    status=Answer.Status.APPROVED,
                    source=source,
                    created_at=IMPORTED_AT,
                    updated_at=IMPORTED_AT,
                )
                answer.fill_derived()
                bank.answers.append(answer)
    links = link_questions(bank.questions)
    for question in bank.questions:
        question.same_as = links.same_as.get(question.pk, question.fingerprint)
        bank.related[question.pk] = sorted(links.related.get(question.pk, ()))
    return bank


# Columns the importer does not own: loaddata stamps these models' updated_at itself
# (questions/signals.py), the marking assistant fills answers' embeddings, and the moderation
# fields belong to contributions.
NOT_IMPORTED: dict[type[models.Model], set[str]] = {
    Topic: {"updated_at"},
    Source: {"updated_at"},
    Question: {"updated_at"},
    Choice: set(),
    Answer: {"replaces", "superseded_by", "decided_by", "decided_at", "reason", "embedding",
             "embedding_model", "embedding_digest"},
}  # fmt: skip


def bank_rows(bank: Bank) -> list[dict]:
    """The bank as fixture rows, serialised by Django from the instances, in document order:
    each source, then each of its questions followed by its choices and answer."""
    serialized: dict[tuple[str, int], dict] = {}
    tables: list[tuple[type[models.Model], list]] = [
        (Topic, bank.topics), (Source, bank.sources), (Question, bank.questions),
        (Choice, bank.choices), (Answer, bank.answers),
    ]  # fmt: skip
    for model, instances in tables:
        # Only the rows' own columns: serialising many-to-many links would query the database
        # for rows that are not saved, so they are added from the bank.
        columns = [
            field.name
            for field in model._meta.local_fields
            if not field.primary_key and field.name not in NOT_IMPORTED[model]
        ]
        for row in serializers.serialize("python", instances, fields=columns):
            serialized[row["model"], row["pk"]] = row
    for question in bank.questions:
        fields = serialized["questions.question", question.pk]["fields"]
        fields["topics"] = bank.question_topics[question.pk]
        fields["related"] = bank.related[question.pk]
    below: dict[int, list[dict]] = {}
    for choice in bank.choices:
        below.setdefault(choice.question_id, []).append(serialized["questions.choice", choice.pk])
    for answer in bank.answers:
        below.setdefault(answer.question_id, []).append(serialized["questions.answer", answer.pk])
    ordered = [serialized["questions.topic", topic.pk] for topic in bank.topics]
    for source in bank.sources:
        ordered.append(serialized["questions.source", source.pk])
        for question in bank.questions:
            if question.source_id == source.pk:
                ordered += [serialized["questions.question", question.pk],
                            *below.get(question.pk, [])]  # fmt: skip
    return ordered


# Ready-made exams: a full mock exam over the course's question list, a short quiz over the
# whole bank, and a drill for every topic with enough questions that have an answer or a key.
DRILL_SIZE = 10
# Five keeps the recurrent networks drill: it has five questions since "How can an image be
# treated as a sequence?" went to transformers.
DRILL_MINIMUM = 5


def build_exam_fixture(bank: Bank) -> list[dict]:
    answered = {answer.question_id for answer in bank.answers}
    keyed = {choice.question_id for choice in bank.choices if choice.is_correct}
    # Like exams.services.available_count(): the same question asked twice counts once.
    same_questions_by_topic: dict[int, set[str]] = {}
    for question in bank.questions:
        has_key = question.pk in (answered if question.kind == Question.Kind.OPEN else keyed)
        if has_key and not question.needs_figure:
            for topic in bank.question_topics[question.pk]:
                same_questions_by_topic.setdefault(topic, set()).add(question.same_as)
    course = next(source.pk for source in bank.sources if source.slug == "exam-questions")
    exams: list[dict[str, Any]] = [
        dict(title="Full mock exam: deep learning course", sources=[course], topics=[],
             description="Thirty questions from the course's exam question list, as in the "
                         "written exam: answer in your own words, then compare.",
             question_count=30, time_limit_minutes=90),
        dict(title="Quick quiz: the whole bank", sources=[], topics=[],
             description="Ten questions drawn from every source and topic.",
             question_count=10, time_limit_minutes=15),
    ]  # fmt: skip
    for drilled in bank.topics:
        available = len(same_questions_by_topic.get(drilled.pk, ()))
        if available >= DRILL_MINIMUM:
            count = min(DRILL_SIZE, available)
            exams.append(
                dict(title=f"Drill: {drilled.name}", sources=[], topics=[drilled.pk],
                     description=f"{count} questions on {drilled.name.lower()}.",
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
    bank = build_bank()
    return {
        FIXTURES_DIR / "bank.json": _dump(bank_rows(bank)),
        FIXTURES_DIR / "exams.json": _dump(build_exam_fixture(bank)),
    }


def _dump(rows: list[dict]) -> str:
    return json.dumps(rows, indent=1, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"
